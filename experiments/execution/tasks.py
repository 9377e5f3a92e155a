"""Resumable execution of independent runs, shared by batches and sensitivity analyses.

A results directory holds ``experiment.json`` (the fingerprint of what it is computing)
and ``runs/`` with one set of files per finished task, each written atomically (temporary
file, then ``os.replace``) as soon as the task finishes. A task counts as done only when
its *marker* ``runs/<key>.done.json`` exists and records the sizes and sha256 digests of
its files, and the files on disk match them (:class:`RunStore`); the marker is written
last. A run interrupted while its files were written, or whose files were changed, cut or
deleted afterwards, is run again (and says so), never merged. Starting the same
experiment again runs only what is missing; starting a different one in the same
directory is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments.execution.executors import Pool, WorkerLost
from experiments.scenario import ScenarioError
from outputs.digests import (
    DigestError,
    check_recorded,
    digest_bytes,
    read_marker,
    read_verified,
)
from outputs.files import FileError, read_json
from outputs.manifest import remove_listed

EXPERIMENT_FILE = "experiment.json"
RUNS_DIR = "runs"
MARKER = ".done.json"


@dataclass(frozen=True)
class Task:
    """One unit of work: ``fn(*args)`` (picklable) whose result ``save`` writes as ``key``."""

    key: str
    fn: Callable[..., Any]
    args: tuple


def replace_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` write a temporary file, then move it onto ``path`` in one step, so
    readers (and a resumed batch) never see a half-written file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        writer(tmp)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a read-only folder: nothing half-written stays
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise ScenarioError(str(path), "", f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write a text file atomically (see :func:`replace_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write bytes atomically (see :func:`replace_atomic`)."""
    replace_atomic(path, lambda tmp: tmp.write_bytes(data))


@contextmanager
def removed_if_failed_empty(out: Path) -> Iterator[None]:
    """A results directory this call creates is removed again if the work fails before
    any task finished (so a refused or crashed start leaves no directory behind)."""
    fresh = not out.exists()
    try:
        yield
    except BaseException:
        if fresh and out.is_dir() and not any((out / RUNS_DIR).glob(f"*{MARKER}")):
            shutil.rmtree(out, ignore_errors=True)
        raise


class RunStore:
    """The per-task files under ``runs/``: each task's files, then its marker recording
    their digests (outputs.digests). Shared by batches and sensitivity analyses."""

    def __init__(self, runs: Path, required: Callable[[str], list[str]] | None = None):
        self.runs = runs
        self.required = required  # the files a finished task ``key`` must have

    def marker(self, key: str) -> Path:
        return self.runs / f"{key}{MARKER}"

    def save(self, key: str, files: dict[str, bytes]) -> None:
        """Write a finished task's files atomically, then its marker (last)."""
        for name, data in files.items():
            write_bytes_atomic(self.runs / name, data)
        doc = {"files": {name: digest_bytes(data) for name, data in files.items()}}
        write_atomic(self.marker(key), json.dumps(doc, indent=1, sort_keys=True) + "\n")

    def check(self, key: str) -> tuple[bool, str | None]:
        """(done, problem): done when the marker exists and every file it records
        matches; ``problem`` says why a marked task is not trusted."""
        marker = self.marker(key)
        if not marker.exists():
            return False, None
        files, problem = read_marker(marker)
        if files is None:
            return False, problem
        want = self.required(key) if self.required else []
        foreign = [n for n in files if not n.startswith(f"{key}.")]
        missing = [n for n in want if n not in files]
        if foreign or missing:
            return False, f"{marker}: marker does not record this run's files (corrupt)"
        problem = check_recorded(self.runs, files, f"its marker {marker.name}")
        return problem is None, problem

    def discard(self, key: str) -> None:
        """Forget a task: its marker first, so nothing half-trusted remains."""
        self.marker(key).unlink(missing_ok=True)

    def read(self, key: str, name: str) -> bytes:
        """A finished task's file, checked against its marker (one-line error if not)."""
        files, problem = read_marker(self.marker(key))
        if files is None or name not in files:
            raise ScenarioError(str(self.runs / name), "", problem or "not recorded by its marker")
        try:
            return read_verified(self.runs / name, files[name], f"its marker {key}{MARKER}")
        except DigestError as exc:
            raise ScenarioError(str(exc), "", "run the same command again to re-run it") from None

    def pending(self, keys: Iterable[str], warn: Callable[[str], None]) -> list[str]:
        """The keys still to run; a marked task whose files do not match is discarded and
        listed (``warn`` says so), never trusted."""
        out = []
        for key in keys:
            done, problem = self.check(key)
            if not done:
                if problem is not None:
                    warn(f"re-running {key}: {problem}")
                    self.discard(key)
                out.append(key)
        return out


def fingerprint(identity: dict[str, Any]) -> str:
    """SHA-256 of an experiment's identity (canonical JSON)."""
    text = json.dumps(identity, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remove_previous(out: Path) -> None:
    """``--overwrite``: remove what the previous experiment wrote (the files its manifest
    lists, then the manifest), nothing else."""
    try:
        remove_listed(out)
    except OSError as exc:
        raise ScenarioError(str(out), "", f"cannot remove old results ({exc.strerror})") from None


def claim_directory(
    out: Path, identity: dict[str, Any], overwrite: bool = False, code_version: str = ""
) -> Path:
    """Prepare ``out`` for the experiment ``identity``; return its ``runs/`` directory.

    A directory holding a different experiment is refused (or emptied of results when
    ``overwrite``); a directory holding the same one is resumed, with a warning when it
    was started by another ``code_version`` (git commit).
    """
    digest = fingerprint(identity)
    exp_file = out / EXPERIMENT_FILE
    if out.exists() and not out.is_dir():
        raise ScenarioError(str(out), "", "--out is a file, not a directory")
    if exp_file.is_file():
        try:
            held_doc = read_json(exp_file, within=out)
            held, held_code = held_doc.get("fingerprint"), held_doc.get("code_version", "")
        except (FileError, AttributeError) as exc:
            if not overwrite:
                why = str(exc).removeprefix(f"{exp_file}: ") if isinstance(exc, FileError) else ""
                raise ScenarioError(
                    str(exp_file),
                    "",
                    f"is corrupt ({why or 'not the JSON this program writes'}); pass "
                    "--overwrite to start afresh or choose another --out",
                ) from None
            held, held_code = None, ""
        if held == digest and held_code != code_version:
            print(
                f"warning: {out} was started with code version {held_code or 'unknown'}, "
                f"now {code_version or 'unknown'}; its runs are combined",
                file=sys.stderr,
            )
        if held != digest:
            if not overwrite:
                raise ScenarioError(
                    str(out),
                    "",
                    "holds results of a different experiment (other scenarios, parameters, "
                    "replications or outputs); choose another --out or pass --overwrite",
                )
            shutil.rmtree(out / RUNS_DIR, ignore_errors=True)
            _remove_previous(out)
    elif (out / EXPERIMENT_FILE).exists() or (out / EXPERIMENT_FILE).is_symlink():
        raise ScenarioError(str(exp_file), "", "not a regular file (refused)")
    elif out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ScenarioError(
            str(out),
            "",
            "exists and holds other files but no experiment.json; choose another --out "
            "or pass --overwrite",
        )
    runs = out / RUNS_DIR
    try:
        runs.mkdir(parents=True, exist_ok=True)
        for stale in runs.glob("*.tmp"):
            stale.unlink()
    except OSError as exc:
        raise ScenarioError(str(out), "", f"cannot create --out ({exc.strerror or exc})") from None
    doc = {"fingerprint": digest, "code_version": code_version, **identity}
    write_atomic(exp_file, json.dumps(doc, indent=2, default=str))
    return runs


class Progress:
    """Runs done, rate and ETA on stderr (tqdm); silent when quiet or not a terminal."""

    def __init__(self, total: int, done: int, label: str, quiet: bool = False):
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, desc=label, unit="run", file=sys.stderr)

    def update(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_tasks(
    tasks: Iterable[Task],
    pool: Pool,
    save: Callable[[str, Any], None],
    progress: Progress | None = None,
) -> int:
    """Run ``tasks`` on ``pool``, saving each result as soon as it arrives; return the
    number run. At most ``pool.in_flight`` tasks are submitted at a time. A worker
    process that dies (``kill -9``, out of memory) raises :class:`WorkerLost`; the
    results saved before it stay, so the same command resumes."""
    queue = list(tasks)
    pending: dict[Future, str] = {}
    count = 0
    try:
        while queue or pending:
            while queue and len(pending) < pool.in_flight:
                task = queue.pop(0)
                pending[pool.executor.submit(task.fn, *task.args)] = task.key
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f]):
                key = pending.pop(future)
                save(key, future.result())
                count += 1
                if progress is not None:
                    progress.update()
    except BrokenExecutor:  # a local worker died: the pool is unusable
        raise WorkerLost() from None
    finally:
        for future in pending:
            future.cancel()
        if progress is not None:
            progress.close()
    return count
