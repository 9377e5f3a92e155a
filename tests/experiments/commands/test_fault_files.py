"""Hostile inputs, part 3: every file checked. Numbers too long for Python, special files
given as scenarios, result directories whose manifest does not vouch for what they hold
(report, export, discover, verify), a full disk under report and export, and paths that
lead out of a results folder. Each case must give exit code 2 and one ``error:`` line
naming the file (tests/one_line_errors.py), never a traceback or a hang.

One small batch (two scenarios, one replication, a panel) is run once per module and
copied for each fault; discovery runs on a synthetic sweep (no simulation).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from one_line_errors import assert_one_line_error, cli

import run
from outputs.digests import digest_file
from outputs.files import MAX_DIGITS, FileError, loads_json, loads_toml, read_bytes

BASELINE = ROOT / "scenarios" / "baseline.toml"
# BLT as shipped starts in month 12; these runs are 3 months long, so a copy that starts
# in month 1 (the shipped one would warn that it has no effect).
BLT = Path(__file__).parent / "blt_early.toml"
BASE = f'extends = "{BASELINE.as_posix()}"\n'
HUGE = "9" * 5000  # Python refuses to convert more than 4,300 digits
SMALL = ["--households", "60", "--months", "3", "--quiet", "--set", "run.burn_in_months=6"]
PANEL = ["--panel", "--panel-every", "2"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("files") / "clean"
    assert run.main([str(a) for a in ["run", BASELINE, BLT, *SMALL, *PANEL, "--out", out]]) == 0
    return out


def copy(clean: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(clean, target)
    return target


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def write_manifest(folder: Path, doc) -> None:
    (folder / "manifest.json").write_text(json.dumps(doc))


def revouch(folder: Path, name: str) -> None:
    """Record a changed file's digest in the manifest (the digest vouches for it; what
    it holds must still be checked)."""
    doc = manifest(folder)
    doc["files"][name] = digest_file(folder / name)
    write_manifest(folder, doc)


# --- the reader itself -------------------------------------------------------------


def test_reader_bounds_numbers_and_refuses_special_files(tmp_path):
    assert loads_json('{"a": ' + "9" * MAX_DIGITS + "}", "m.json")["a"] == int("9" * MAX_DIGITS)
    with pytest.raises(FileError, match=r"m\.json: a number of 101 digits"):
        loads_json('{"a": ' + "9" * (MAX_DIGITS + 1) + "}", "m.json")
    with pytest.raises(FileError, match="s.toml: a number of 5001 digits"):
        loads_toml("v = 1_" + "0" * 5000, "s.toml")  # TOML's separators count no digits
    with pytest.raises(FileError, match="an integer of more than"):
        loads_toml("v = 0x" + "f" * 200, "s.toml")  # hexadecimal: no digit run, still too big
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="not a regular file"):
        read_bytes(fifo)  # returns at once: opened without blocking
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 101)
    with pytest.raises(FileError, match="101 bytes, more than the 100"):
        read_bytes(big, limit=100)
    assert read_bytes(big, limit=101) == b" " * 101


# --- numbers too long for Python ---------------------------------------------------


def _big_sensitivity(tmp_path: Path) -> Path:
    path = tmp_path / "sens.toml"
    path.write_text(
        BASE + '[sensitivity]\noutputs = ["poverty_gap_mean"]\n[[sensitivity.parameters]]\n'
        f'name = "income.transitory_sd"\nbounds = [0, {HUGE}]\n'
    )
    return path


LONG_NUMBERS = {
    "--set": lambda t: (["validate", BASELINE, "--set", f"run.seed={HUGE}"], ["--set", "run.seed"]),
    "--set hexadecimal": lambda t: (
        ["validate", BASELINE, "--set", "run.seed=0x" + "f" * 5000],
        ["--set", "run.seed", "digits"],
    ),
    "scenario file": lambda t: (
        ["validate", _write(t / "s.toml", BASE + f"[run]\nseed = {HUGE}\n")],
        [str(t / "s.toml"), "5000 digits"],
    ),
    "sensitivity bounds": lambda t: (
        ["sensitivity", _big_sensitivity(t), "--method", "morris", "--samples", "2"],
        [str(t / "sens.toml"), "5000 digits"],
    ),
    "sweep --grid": lambda t: (
        ["sweep", BASELINE, "--grid", f"run.seed=1,{HUGE}", "--out", t / "sw"],
        ["--grid", "run.seed", "5000 digits"],
    ),
    "sweep --param": lambda t: (
        ["sweep", BASELINE, "--lhs", "2", "--param", f"income.transitory_sd=0,{HUGE}"],
        ["--param", "income.transitory_sd", "5000 digits"],
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize("case", list(LONG_NUMBERS))
def test_numbers_too_long_for_python_are_one_line(tmp_path, capsys, case):
    argv, words = LONG_NUMBERS[case](tmp_path)
    assert_one_line_error(*cli(capsys, *argv)[::2], *words)


def test_long_numbers_in_result_files(clean, tmp_path, capsys):
    out = copy(clean, tmp_path)
    text = (
        (out / "manifest.json").read_text().replace('"replications": 1', f'"replications": {HUGE}')
    )
    (out / "manifest.json").write_text(text)
    for command in (["report", out, "--out", tmp_path / "r"], ["export", out, "--format", "csv"]):
        assert_one_line_error(*cli(capsys, *command)[::2], str(out / "manifest.json"), "digits")
    assert_one_line_error(*cli(capsys, "verify", out)[::2], "manifest.json", "5000 digits")
    # experiment.json: resuming refuses it as corrupt, naming the file and the reason
    exp = out / "experiment.json"
    exp.write_text(exp.read_text().replace('"replications": 1', f'"replications": {HUGE}'))
    argv = ["run", BASELINE, BLT, *SMALL, *PANEL, "--out", out]
    assert_one_line_error(*cli(capsys, *argv)[::2], str(exp), "5000 digits", "--overwrite")


def test_long_number_in_a_marker_reruns_that_run(clean, tmp_path, capsys):
    out = copy(clean, tmp_path)
    marker = out / "runs" / "blt__r0000.done.json"
    marker.write_text(marker.read_text().replace('"bytes": ', f'"bytes": {HUGE}', 1))
    code, _, err = cli(capsys, "run", BASELINE, BLT, *SMALL, *PANEL, "--out", out)
    assert code == 0 and "Traceback" not in err
    assert "re-running blt__r0000" in err and "digits" in err
    assert (out / "timeseries.csv").read_bytes() == (clean / "timeseries.csv").read_bytes()


# --- special files given as scenarios -------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "run"])
def test_fifo_device_and_nul_are_refused_without_waiting(tmp_path, capsys, command):
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)  # nobody writes to it: opening it the ordinary way would block
    child = _write(tmp_path / "child.toml", 'extends = "x.toml"\n')
    extra = ["--out", tmp_path / "out", *SMALL] if command == "run" else []
    line = assert_one_line_error(*cli(capsys, command, child, *extra)[::2], str(fifo))
    assert "not a regular file" in line and str(child) in line
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")  # would read until memory runs out
    assert_one_line_error(*cli(capsys, command, zero, *extra)[::2], str(zero), "symbolic link")
    inside = tmp_path / "dev.toml"
    inside.symlink_to(fifo)  # a link inside the folder, to a FIFO
    assert_one_line_error(*cli(capsys, command, inside, *extra)[::2], "not a regular file")
    nul = str(tmp_path / "a\0b.toml")
    assert_one_line_error(*cli(capsys, command, nul, *extra)[::2], "NUL byte", "a\\x00b.toml")
    assert not (tmp_path / "out").exists()


# --- export checks the manifest -------------------------------------------------------


def _binary_csv(d: Path) -> None:
    (d / "summary.csv").write_bytes(bytes(range(256)) * 8)
    revouch(d, "summary.csv")


def _binary_parquet(d: Path) -> None:
    (d / "panel.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 8 + b"PAR1")
    revouch(d, "panel.parquet")


def _drop_listing(d: Path, value) -> None:
    doc = manifest(d)
    if value is None:
        del doc["files"]
    else:
        doc["files"] = value
    write_manifest(d, doc)


RESULT_FAULTS = {
    "timeseries cut in half": (
        lambda d: (d / "timeseries.csv").write_bytes((d / "timeseries.csv").read_bytes()[:500]),
        ["timeseries.csv", "changed or cut"],
    ),
    "table deleted": (lambda d: (d / "scenario_summary.csv").unlink(), ["scenario_summary.csv"]),
    "summary edited": (
        lambda d: (d / "summary.csv").write_text((d / "summary.csv").read_text().replace("1", "2")),
        ["summary.csv"],
    ),
    "binary CSV": (_binary_csv, ["summary.csv", "cannot be read as CSV"]),
    "binary Parquet": (_binary_parquet, ["panel.parquet", "cannot be read as Parquet"]),
    "no manifest": (lambda d: (d / "manifest.json").unlink(), ["manifest.json", "missing"]),
    "manifest not JSON": (
        lambda d: (d / "manifest.json").write_text("{"),
        ["manifest.json", "not valid JSON"],
    ),
    "manifest a list": (lambda d: write_manifest(d, []), ["manifest.json", "JSON object"]),
    "manifest not UTF-8": (
        lambda d: (d / "manifest.json").write_bytes(b'{"kind": "\xff"}'),
        ["manifest.json", "UTF-8"],
    ),
    "files removed": (lambda d: _drop_listing(d, None), ["manifest.json", "files"]),
    "files empty": (lambda d: _drop_listing(d, {}), ["manifest.json", "files"]),
    "manifest a FIFO": (
        lambda d: ((d / "manifest.json").unlink(), os.mkfifo(d / "manifest.json")),
        ["manifest.json", "not a regular file"],
    ),
}


@pytest.mark.parametrize("fault", list(RESULT_FAULTS))
@pytest.mark.parametrize("command", ["export", "report"])
def test_export_and_report_read_only_what_the_manifest_vouches_for(
    clean, tmp_path, capsys, fault, command
):
    out = copy(clean, tmp_path)
    damage, words = RESULT_FAULTS[fault]
    damage(out)
    if command == "report" and fault == "table deleted":
        pytest.skip("the report does not read scenario_summary.csv")
    target = tmp_path / "target"
    argv = ["export", out, "--format", "parquet"] if command == "export" else ["report", out]
    assert_one_line_error(*cli(capsys, *argv, "--out", target)[::2], str(out), *words)
    assert not target.exists() and not list(tmp_path.glob(".target*"))


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda doc: doc.pop("scenarios"), ["scenarios"]),
        (lambda doc: doc.update(scenarios=[]), ["scenarios"]),
        (lambda doc: doc.update(replications="two"), ["replications", "whole number"]),
        (lambda doc: doc.update(kind="mystery"), ["kind"]),
    ],
)
def test_report_refuses_a_manifest_without_a_plan(clean, tmp_path, capsys, change, words):
    out = copy(clean, tmp_path)
    doc = manifest(out)
    change(doc)
    write_manifest(out, doc)
    code, _, err = cli(capsys, "report", out, "--out", tmp_path / "r")
    assert_one_line_error(code, err, str(out / "manifest.json"), *words)


def test_unlisted_files_are_ignored_with_one_warning(clean, tmp_path, capsys):
    out = copy(clean, tmp_path)
    doc = manifest(out)
    del doc["files"]["panel.parquet"]  # as after --overwrite by a batch without a panel
    write_manifest(out, doc)
    (out / "notes.txt").write_text("mine")
    code, stdout, err = cli(capsys, "report", out, "--out", tmp_path / "r")
    assert code == 0, err
    warnings = [ln for ln in err.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "ignoring 2 files" in warnings[0]
    assert "notes.txt" in warnings[0] and "panel.parquet" in warnings[0]
    assert not (tmp_path / "r" / "tables" / "aspire_indicators.csv").exists()  # no panel read
    code, _, err = cli(capsys, "export", out, "--format", "csv", "--out", tmp_path / "e")
    assert code == 0 and "ignoring 2 files" in err
    assert not (tmp_path / "e" / "panel.csv").exists()


def test_overwrite_removes_what_the_previous_experiment_listed(clean, tmp_path, capsys):
    out = copy(clean, tmp_path)
    (out / "notes.txt").write_text("mine")  # not the experiment's: stays
    code, _, err = cli(capsys, "run", BASELINE, *SMALL, "--out", out, "--overwrite")
    assert code == 0, err
    assert not (out / "panel.parquet").exists()  # the old batch's panel is gone
    assert (out / "notes.txt").read_text() == "mine"
    assert set(manifest(out)["files"]) == {
        "timeseries.csv",
        "summary.csv",
        "scenario_summary.csv",
        "paired_differences.csv",
    }
    code, _, err = cli(capsys, "report", out, "--out", tmp_path / "r")
    assert code == 0 and "aspire" not in " ".join(os.listdir(tmp_path / "r" / "tables"))


# --- verify stays inside the folder -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../../../../etc/hostname", "/etc/hostname", "runs/../../x.csv", "a\\b.csv"]
)
def test_verify_reads_nothing_outside_the_folder(clean, tmp_path, capsys, name):
    out = copy(clean, tmp_path)
    doc = manifest(out)
    doc["files"][name] = {"bytes": 1, "sha256": "0" * 64}
    write_manifest(out, doc)
    for argv in (["verify", out], ["export", out, "--format", "csv"], ["report", out]):
        assert_one_line_error(*cli(capsys, *argv)[::2], "manifest.json", "not a file inside")


def test_a_listed_symlink_out_of_the_folder_is_refused(clean, tmp_path, capsys):
    out = copy(clean, tmp_path)
    outside = tmp_path / "outside.csv"
    shutil.move(out / "summary.csv", outside)
    (out / "summary.csv").symlink_to(outside)
    code, _, err = cli(capsys, "export", out, "--format", "csv", "--out", tmp_path / "e")
    assert_one_line_error(code, err, "summary.csv", "leads out of")


# --- a full disk ----------------------------------------------------------------------


def _full_disk_after(monkeypatch, owner, attr: str, calls: int) -> None:
    real = getattr(owner, attr)
    count = {"n": 0}

    def failing(*args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, attr, failing)


def test_report_into_a_full_disk_leaves_nothing(clean, tmp_path, capsys, monkeypatch):
    import matplotlib.figure

    out = copy(clean, tmp_path)
    _full_disk_after(monkeypatch, matplotlib.figure.Figure, "savefig", 5)
    target = tmp_path / "rep"
    code, _, err = cli(capsys, "report", out, "--out", target)
    assert_one_line_error(code, err, "No space left on device")
    assert not target.exists() and os.listdir(tmp_path) == ["copy"]
    monkeypatch.undo()
    assert cli(capsys, "report", out, "--out", target)[0] == 0
    figures = sorted(os.listdir(target / "figures"))
    # a second full disk leaves the complete previous report in place
    _full_disk_after(monkeypatch, Path, "write_text", 0)
    assert_one_line_error(*cli(capsys, "report", out, "--out", target)[::2], "No space left")
    assert sorted(os.listdir(target / "figures")) == figures
    assert sorted(os.listdir(tmp_path)) == ["copy", "rep"]


@pytest.mark.parametrize("fmt", ["stata", "parquet"])
def test_export_into_a_full_disk_leaves_nothing(clean, tmp_path, capsys, monkeypatch, fmt):
    import pyarrow.parquet

    out = copy(clean, tmp_path)
    if fmt == "stata":
        _full_disk_after(monkeypatch, pd.DataFrame, "to_stata", 3)
    else:
        _full_disk_after(monkeypatch, pyarrow.parquet, "write_table", 3)
    target = tmp_path / "exp"
    code, _, err = cli(capsys, "export", out, "--format", fmt, "--out", target)
    assert_one_line_error(code, err, "No space left on device")
    assert os.listdir(tmp_path) == ["copy"]


# --- discover ---------------------------------------------------------------------------


def _sweep(folder: Path, n: int = 200) -> Path:
    """A synthetic sweep directory (cases: a > 0.5), its files listed with digests."""
    rng = np.random.default_rng(3)
    folder.mkdir()
    x = pd.DataFrame(rng.uniform(size=(n, 2)), columns=["income.a", "credit.b"])
    x.rename_axis("sample").reset_index().to_csv(folder / "sweep_points.csv", index=False)
    eff = x.rename_axis("sample").reset_index()
    eff["poverty_gap_mean"] = np.where(x["income.a"] > 0.5, -1.0, 1.0)
    eff["replication"] = 0
    eff.to_csv(folder / "sweep_effects.csv", index=False)
    files = {n: digest_file(folder / n) for n in ("sweep_points.csv", "sweep_effects.csv")}
    write_manifest(folder, {"kind": "sweep", "parameters": [], "files": files})
    return folder


DISCOVER = ["--output", "poverty_gap_mean", "--below", "0"]
DISCOVER_FAULTS = {
    "effects edited": (
        lambda d: (d / "sweep_effects.csv").write_text(
            (d / "sweep_effects.csv").read_text().replace("-1.0", "1.0", 5)
        ),
        ["sweep_effects.csv", "changed"],
    ),
    "points cut": (
        lambda d: (d / "sweep_points.csv").write_bytes((d / "sweep_points.csv").read_bytes()[:99]),
        ["sweep_points.csv", "changed or cut"],
    ),
    "manifest a list": (lambda d: write_manifest(d, []), ["manifest.json", "JSON object"]),
    "manifest not UTF-8": (
        lambda d: (d / "manifest.json").write_bytes(b"\xfe\xff{}"),
        ["manifest.json", "UTF-8"],
    ),
    "files removed": (lambda d: _drop_listing(d, None), ["manifest.json", "files"]),
    "a batch": (
        lambda d: write_manifest(d, {**manifest(d), "kind": "batch"}),
        ["manifest.json", "kind"],
    ),
}


@pytest.mark.parametrize("fault", list(DISCOVER_FAULTS))
def test_discover_reads_only_vouched_sweep_tables(tmp_path, capsys, fault):
    pytest.importorskip("ema_workbench")
    sweep = _sweep(tmp_path / "sw")
    damage, words = DISCOVER_FAULTS[fault]
    damage(sweep)
    assert_one_line_error(*cli(capsys, "discover", sweep, *DISCOVER)[::2], str(sweep), *words)
    assert not (sweep / "discovery").exists()


@pytest.mark.parametrize(
    "option, value",
    [("--min-density", "7"), ("--min-density", "0"), ("--mass-min", "-1"), ("--mass-min", "nan")],
)
def test_discover_shares_must_be_in_zero_one(tmp_path, capsys, option, value):
    pytest.importorskip("ema_workbench")
    sweep = _sweep(tmp_path / "sw")
    code, _, err = cli(capsys, "discover", sweep, *DISCOVER, option, value)
    assert_one_line_error(code, err, option, "(0, 1]")


def test_discovery_results_carry_digests(tmp_path, capsys):
    pytest.importorskip("ema_workbench")
    sweep = _sweep(tmp_path / "sw")
    assert cli(capsys, "discover", sweep, *DISCOVER)[0] == 0
    found = sweep / "discovery"
    files = manifest(found)["files"]
    on_disk = {p.name for p in found.iterdir()} - {"manifest.json"}
    assert set(files) == on_disk and {"prim_box.csv", "discovery.png"} <= on_disk
    assert all(digest_file(found / n) == d for n, d in files.items())
    (found / "prim_box.csv").write_text("parameter,low,high\nincome.a,0,1\n")
    code, _, err = cli(capsys, "report", found, "--out", tmp_path / "r")
    assert_one_line_error(code, err, "prim_box.csv", "changed")
