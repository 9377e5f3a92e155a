"""File digests: the one place where result files are fingerprinted and checked.

A digest is ``{"bytes": size, "sha256": hex}``. The same digests serve three checks:

- a finished run's *marker* under ``runs/`` records the digests of that run's files; on
  resume a run whose files do not match is re-run (:func:`check_recorded`);
- ``manifest.json`` records the digests of the combined files (``timeseries.csv``,
  ``summary.csv``, ...) under ``"files"``; ``report`` and every reader check them
  (:func:`read_verified`);
- ``run.py verify DIR`` reruns the manifest's experiment and compares digests.

Standard library only, so the result readers in ``analysis/`` can use it without
importing the model.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from outputs.files import (
    TABLE_LIMIT,
    FileError,
    inside,
    read_bytes,
    read_json,
    safe_name,
    shown,
)

Digest = dict[str, Any]  # {"bytes": int, "sha256": str}
CHUNK = 1 << 20
MARKER_LIMIT = 1 << 20  # a marker records a run's three or four digests: a few hundred bytes


class DigestError(FileError):
    """A file is missing, unreadable or differs from its recorded digest (one line)."""


def digest_bytes(data: bytes) -> Digest:
    """The digest of bytes held in memory."""
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def digest_file(path: Path) -> Digest:
    """The digest of a regular file on disk (read in 1 MB pieces; a FIFO or device is
    refused with :class:`~outputs.files.FileError`, never waited on)."""
    h = hashlib.sha256()
    size = 0
    fd = os.open(Path(path), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileError(f"{shown(path)}: not a regular file (refused)")
        while block := os.read(fd, CHUNK):
            h.update(block)
            size += len(block)
    finally:
        os.close(fd)
    return {"bytes": size, "sha256": h.hexdigest()}


def is_digest(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("bytes"), int)
        and isinstance(value.get("sha256"), str)
        and len(value["sha256"]) == 64
    )


def mismatch(path: Path, got: Digest, recorded: Digest, where: str) -> str:
    """One line saying how ``path`` differs from what ``where`` recorded."""
    if got["bytes"] != recorded["bytes"]:
        return f"{path}: {got['bytes']} bytes, {where} records {recorded['bytes']} (changed or cut)"
    return f"{path}: contents differ from the sha256 that {where} records (changed)"


def read_verified(
    path: Path,
    recorded: Digest | None,
    where: str = "manifest.json",
    within: Path | None = None,
    limit: int = TABLE_LIMIT,
) -> bytes:
    """The bytes of ``path``, checked against ``recorded`` (when not None).

    Raises :class:`DigestError` with one line naming the file and the problem. Reading
    and checking the same bytes means what is parsed is exactly what was checked.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise DigestError(f"{path}: missing ({where} lists it)")
    try:
        data = read_bytes(path, limit=limit, within=within)
    except FileError as exc:
        raise DigestError(str(exc)) from None
    if recorded is not None:
        if not is_digest(recorded):
            raise DigestError(f"{path}: {where} holds no valid digest for it")
        got = digest_bytes(data)
        if got != {"bytes": recorded["bytes"], "sha256": recorded["sha256"]}:
            raise DigestError(mismatch(path, got, recorded, where))
    return data


def check_recorded(folder: Path, recorded: dict[str, Digest], where: str) -> str | None:
    """None when every file named in ``recorded`` (relative to ``folder``) matches its
    digest; else a one-line reason (the first problem found)."""
    if not isinstance(recorded, dict) or not recorded:
        return f"{where} lists no files"
    for name, digest in recorded.items():
        if not safe_name(name):
            return f"{where} lists {shown(name)!r}, not a file inside {folder}"
        path = Path(folder) / name
        if not is_digest(digest):
            return f"{where} holds no valid digest for {name}"
        if not path.is_file():
            return f"{path}: missing"
        if not inside(path.resolve(), Path(folder).resolve()):
            return f"{path}: leads out of {folder} (refused)"
        try:
            got = digest_file(path)
        except OSError as exc:
            return f"{path}: cannot read ({exc.strerror or exc})"
        except FileError as exc:
            return str(exc)
        if got != {"bytes": digest["bytes"], "sha256": digest["sha256"]}:
            return mismatch(path, got, digest, where)
    return None


def read_marker(path: Path) -> tuple[dict[str, Digest] | None, str | None]:
    """A run marker's recorded files, or (None, reason) when it is unreadable."""
    try:
        doc = read_json(path, limit=MARKER_LIMIT)
    except FileError as exc:
        return None, f"{exc} (corrupt marker)"
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict) or not all(is_digest(d) for d in files.values()):
        return None, f"{path}: marker records no file digests (corrupt)"
    if not all(safe_name(n) and "/" not in n for n in files):
        return None, f"{path}: marker lists a file outside its folder (corrupt)"
    return files, None
