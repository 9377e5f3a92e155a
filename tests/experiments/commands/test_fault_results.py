"""Hostile inputs, part 2: result directories. Corrupted per-run files on resume, result
files changed after the run (report, verify), file-system faults (an --out that cannot
be created, a full disk), bad execution options and a killed ``--jobs 2`` batch.

One small batch (two scenarios, two replications, a panel) is run once per module and
copied for each fault. Everything runs in-process except the killed batch, which must be
a real process to kill.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from one_line_errors import assert_one_line_error, cli

import run

SCENARIOS = [ROOT / "scenarios" / "baseline.toml", ROOT / "scenarios" / "blt.toml"]
SMALL = ["--households", "120", "--months", "4", "--replications", "2", "--quiet"]
SMALL += ["--set", "run.burn_in_months=12"]  # not a steady-state test: a short burn-in
PANEL = ["--panel", "--panel-every", "2", "--set", "programmes.blt.start_month=2"]
COMBINED = [
    "timeseries.csv",
    "summary.csv",
    "scenario_summary.csv",
    "paired_differences.csv",
    "panel.parquet",
]


def batch_args(out: Path) -> list:
    return ["run", *SCENARIOS, *SMALL, *PANEL, "--out", out]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("faults") / "clean"
    assert run.main([str(a) for a in batch_args(out)]) == 0
    return out


def copy(clean: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(clean, target)
    return target


def same_results(a: Path, b: Path) -> None:
    for name in COMBINED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def cut(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


RESUME_FAULTS = {
    "timeseries cut in half": lambda runs: cut(runs / "blt__r0001.csv"),
    "timeseries cut mid-row": lambda runs: cut(runs / "blt__r0001.csv", 0.77),
    "empty summary row": lambda runs: (runs / "baseline__r0000.summary.csv").write_text(""),
    "deleted panel": lambda runs: (runs / "baseline__r0001.panel.parquet").unlink(),
    "one byte changed": lambda runs: _flip(runs / "blt__r0000.summary.csv"),
    "corrupt marker": lambda runs: (runs / "blt__r0000.done.json").write_text("{not json"),
    "marker without digests": lambda runs: (runs / "blt__r0000.done.json").write_text("{}"),
    "marker of another file": lambda runs: shutil.copy(
        runs / "baseline__r0000.done.json", runs / "blt__r0000.done.json"
    ),
}


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] = ord("7") if data[-2] != ord("7") else ord("8")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("fault", list(RESUME_FAULTS))
def test_resume_reruns_a_run_whose_files_do_not_match_its_marker(clean, tmp_path, capsys, fault):
    out = copy(clean, tmp_path)
    RESUME_FAULTS[fault](out / "runs")
    code, _, err = cli(capsys, *batch_args(out))
    assert code == 0, err
    assert "warning: re-running" in err and "Traceback" not in err
    same_results(clean, out)  # the re-run replaced the bad part: nothing lost or merged
    assert (
        json.loads((out / "manifest.json").read_text())["files"]
        == json.loads((clean / "manifest.json").read_text())["files"]
    )


REPORT_FAULTS = {
    "timeseries cut in half": (lambda d: cut(d / "timeseries.csv"), "timeseries.csv"),
    "timeseries cut mid-row": (lambda d: cut(d / "timeseries.csv", 0.63), "timeseries.csv"),
    "summary deleted": (lambda d: (d / "summary.csv").unlink(), "summary.csv: missing"),
    "panel deleted": (lambda d: (d / "panel.parquet").unlink(), "panel.parquet: missing"),
    "panel changed": (lambda d: _flip(d / "panel.parquet"), "panel.parquet"),
    "a number edited": (lambda d: _flip(d / "summary.csv"), "summary.csv: contents differ"),
    "manifest corrupt": (
        lambda d: (d / "manifest.json").write_text("{"),
        "manifest.json: not valid JSON",
    ),
    "months missing, digests redone": (
        lambda d: _drop_rows_redo_digest(d, lambda ln: ln != _last_line(d)),
        "months 0..4",
    ),
    "scenario missing, digests redone": (
        lambda d: _drop_rows_redo_digest(d, lambda ln: not ln.startswith("blt,")),
        "scenario 'blt' is missing",
    ),
}


def _last_line(folder: Path) -> str:
    return (folder / "timeseries.csv").read_text().splitlines(keepends=True)[-1]


def _drop_rows_redo_digest(folder: Path, keep) -> None:
    """Drop rows and record the new file's digest: the digests vouch for the file, the
    manifest's plan (months, scenarios) still catches what is missing."""
    from outputs.digests import digest_file

    lines = (folder / "timeseries.csv").read_text().splitlines(keepends=True)
    (folder / "timeseries.csv").write_text("".join(ln for ln in lines if keep(ln)))
    man = json.loads((folder / "manifest.json").read_text())
    man["files"]["timeseries.csv"] = digest_file(folder / "timeseries.csv")
    (folder / "manifest.json").write_text(json.dumps(man))


@pytest.mark.parametrize("fault", list(REPORT_FAULTS))
def test_report_checks_its_input_against_the_manifest(clean, tmp_path, capsys, fault):
    out = copy(clean, tmp_path)
    damage, words = REPORT_FAULTS[fault]
    damage(out)
    code, _, err = cli(capsys, "report", out, "--out", tmp_path / "rep")
    assert_one_line_error(code, err, str(out), words)
    assert not (tmp_path / "rep" / "report.md").exists()


def test_verify_same_differ_and_bad_input(clean, tmp_path, capsys):
    code, out, _ = cli(capsys, "verify", clean)
    assert code == 0 and "verified" in out
    assert out.count("same     ") == len(COMBINED)
    edited = copy(clean, tmp_path)
    _flip(edited / "paired_differences.csv")
    code, out, _ = cli(capsys, "verify", edited)
    assert code == 1 and "differs  paired_differences.csv" in out and "NOT verified" in out
    assert_one_line_error(*cli(capsys, "verify", tmp_path / "none")[::2], "no such results")
    old = copy(clean, tmp_path / "old")
    man = json.loads((old / "manifest.json").read_text())
    del man["files"]
    (old / "manifest.json").write_text(json.dumps(man))
    assert_one_line_error(*cli(capsys, "verify", old)[::2], "lists no files with digests")
    (old / "manifest.json").write_text(json.dumps({"kind": "sensitivity"}))
    assert_one_line_error(*cli(capsys, "verify", old)[::2], "batch results")
    (old / "manifest.json").write_text("[1, 2")
    assert_one_line_error(*cli(capsys, "verify", old)[::2], "not valid JSON")


def test_verify_recomputes_rather_than_trusting_the_manifest(clean, tmp_path, capsys):
    """A manifest whose recorded digest is wrong for what the code produces fails."""
    forged = copy(clean, tmp_path)
    man = json.loads((forged / "manifest.json").read_text())
    man["scenarios"][1]["programmes"]["blt"]["amount"] = 1.0  # not what produced the files
    (forged / "manifest.json").write_text(json.dumps(man))
    code, out, _ = cli(capsys, "verify", forged)
    assert code == 1 and "differs  timeseries.csv: rerun" in out


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--jobs", "0"], ["--jobs"]),
        (["--jobs", "100000"], ["--jobs", "1024"]),
        (["--replications", "0"], ["--replications"]),
        (["--replications", "1000000"], ["--replications", "10000"]),
        (["--panel", "--panel-every", "0"], ["--panel-every"]),
        (["--scheduler", "abc"], ["--scheduler", "expected 'local' or an address"]),
        (["--scheduler", "tcp://[::1"], ["--scheduler", "expected 'local' or an address"]),
    ],
)
def test_bad_execution_options(tmp_path, capsys, extra, words):
    argv = ["run", SCENARIOS[0], "--households", "50", "--months", "1", "--quiet"]
    code, _, err = cli(capsys, *argv, "--out", tmp_path / "o", *extra)
    assert_one_line_error(code, err, *words)
    assert not (tmp_path / "o").exists()  # a refused start leaves no directory behind


def test_out_that_cannot_be_used(tmp_path, capsys):
    argv = ["run", SCENARIOS[0], "--households", "50", "--months", "1", "--quiet", "--out"]
    assert_one_line_error(*cli(capsys, *argv, "/proc/jaring/x")[::2], "cannot create --out")
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert_one_line_error(*cli(capsys, *argv, blocker)[::2], "is a file")
    assert_one_line_error(*cli(capsys, *argv, blocker / "sub")[::2], "cannot create --out")
    out = tmp_path / "r"
    assert cli(capsys, *argv, out)[0] == 0
    (out / "experiment.json").write_text("{broken")
    code, _, err = cli(capsys, *argv, out)
    assert_one_line_error(code, err, "experiment.json", "corrupt")
    assert "different experiment" not in err


def test_full_disk_leaves_no_half_written_results(tmp_path, capsys, monkeypatch):
    """The disk fills while the combined files are written: a one-line error, no
    temporary files, no manifest; after space is freed, the same command completes."""
    out = tmp_path / "r"
    real = Path.write_bytes

    def write_bytes(self, data):
        if self.name.startswith("summary.csv"):
            real(self, data[: len(data) // 2])  # part of it reached the disk
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    argv = [
        "run",
        *SCENARIOS,
        "--households",
        "60",
        "--months",
        "2",
        *PANEL[-2:],
        "--quiet",
        "--out",
        out,
    ]
    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    code, _, err = cli(capsys, *argv)
    assert_one_line_error(code, err, "summary.csv", "No space left on device")
    assert not list(out.rglob("*.tmp")) and not (out / "summary.csv").exists()
    assert not (out / "manifest.json").exists()
    monkeypatch.setattr(Path, "write_bytes", real)
    assert cli(capsys, *argv)[0] == 0
    assert cli(capsys, "verify", out)[0] == 0  # every file complete, as its digest says
    assert set(pd.read_csv(out / "summary.csv")["scenario"]) == {"baseline", "blt"}


def _session(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_killed_batch_leaves_nothing_running(tmp_path):
    """kill -9 of a --jobs 2 batch: its fork server, resource tracker and workers end."""
    argv = [sys.executable, str(ROOT / "run.py"), "run", str(SCENARIOS[0]), "--quiet"]
    argv += ["--households", "3000", "--months", "60", "--replications", "6", "--jobs", "2"]
    proc = subprocess.Popen(
        [*argv, "--out", str(tmp_path / "r")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        # the batch process, fork server, resource tracker and two workers
        while len(_session(proc.pid)) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_session(proc.pid)) >= 5, "the workers never started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(proc.pid) == []
    finally:
        for pid in _session(proc.pid):  # never leave anything behind, even on failure
            os.kill(pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_killed_worker_is_one_line_and_the_rerun_resumes(tmp_path, capsys):
    """kill -9 of one worker of a --jobs 2 batch: one error line, exit 3, nothing left
    running; the same command then completes the batch."""
    out = tmp_path / "r"
    args = ["run", str(SCENARIOS[0]), "--quiet", "--households", "1500", "--months", "24"]
    args += ["--replications", "4", "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), *args, "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while not workers and time.monotonic() < deadline and proc.poll() is None:
            servers = [c for c in _children(proc.pid) if "forkserver" in _cmdline(c)]
            workers = [w for f in servers for w in _children(f)]
            time.sleep(0.02)
        assert workers, "the workers never started"
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 3, err
        assert err.strip().splitlines() == [
            "error: a worker process died; rerun the same command to resume"
        ]
        deadline = time.monotonic() + 10
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(proc.pid) == []
    finally:
        for pid in _session(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert not (out / "manifest.json").exists()  # no combined results from a broken batch
    code, _, err = cli(capsys, *args)  # the same batch (in this process) resumes
    assert code == 0, err
    assert len(pd.read_csv(out / "summary.csv")) == 4
    assert cli(capsys, "verify", out)[0] == 0


def test_bench_memory_cpu_and_rows_printed_once(tmp_path, capsys):
    """kB per household is measured (not 0.00: the peak hid it), each row is printed
    once. Batch CPU seconds come from the finished child processes' usage."""
    import csv

    from experiments.benchmark import _children_cpu_seconds

    argv = ["bench", "--sizes", "2000", "--months", "2", "--agent-sizes", "", "--no-batch"]
    code, out, _ = cli(capsys, *argv, "--out", tmp_path)
    assert code == 0
    assert sum(1 for ln in out.splitlines() if ln.startswith("vectorised")) == 1
    assert out.count("households months") == 1  # one header
    (row,) = list(csv.DictReader((tmp_path / "bench.csv").open()))
    assert float(row["kb_per_household"]) > 0.1
    before = _children_cpu_seconds()
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    assert _children_cpu_seconds() > before
