"""Batches: identical results for any --jobs and on Dask, resumable after a kill, paired
differences (exactly zero for a programme that pays nothing) and a refused --out."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, cli

from experiments import api
from experiments.comparison import mean_and_ci, paired_differences

SMALL = {"households": 300, "months": 12}
FILES = [
    "timeseries.csv",
    "summary.csv",
    "scenario_summary.csv",
    "paired_differences.csv",
    "panel.parquet",
]
SCENARIOS = [str(ROOT / "scenarios/baseline.toml"), str(ROOT / "scenarios/blt.toml")]
BLT_EARLY = ["programmes.blt.start_month=2"]


def same_files(a, b, names=FILES) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_results_identical_for_jobs_1_jobs_2_and_dask(tmp_path):
    from dask.distributed import LocalCluster

    kw = dict(replications=2, sets=BLT_EARLY, panel_every=6, **SMALL)
    one = api.run_batch(SCENARIOS, out=tmp_path / "j1", jobs=1, **kw)
    api.run_batch(SCENARIOS, out=tmp_path / "j2", jobs=2, **kw)
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        api.run_batch(SCENARIOS, out=tmp_path / "dask", scheduler=cluster.scheduler_address, **kw)
    same_files(tmp_path / "j1", tmp_path / "j2")
    same_files(tmp_path / "j1", tmp_path / "dask")
    # Rows in a fixed order: scenarios as given, then replications, then months.
    ts = one["timeseries"]
    assert len(ts) == 2 * 2 * 13
    assert list(ts.drop_duplicates(["scenario", "replication"])["scenario"]) == [
        "baseline",
        "baseline",
        "blt",
        "blt",
    ]
    assert (ts.groupby("replication")["seed"].nunique() == 1).all()  # paired seeds
    panel = one["panel"]
    assert sorted(panel["month"].unique()) == [0, 6, 12]
    assert len(panel) == 2 * 2 * 3 * 300
    assert {"household", "consumption_pc", "blt_received", "blt_covered"} <= set(panel.columns)


def test_interrupted_batch_resumes_without_rerunning(tmp_path):
    args = [
        *SCENARIOS,
        "--replications",
        "5",
        "--households",
        "400",
        "--months",
        "24",
        "--set",
        BLT_EARLY[0],
        "--set",
        "run.burn_in_months=24",  # not a steady-state test: a short burn-in
        "--panel",
        "--panel-every",
        "12",
    ]
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "run", *args, "--out", str(killed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    runs = killed / "runs"
    deadline = time.monotonic() + 120
    while len(list(runs.glob("*.done.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = {p.name: p.stat().st_mtime_ns for p in runs.glob("*") if p.suffix != ".tmp"}
    finished = [n for n in done if n.endswith(".done.json")]  # a run's marker: written last
    assert 2 <= len(finished) < 10, "the batch must be killed part-way"
    assert not (killed / "timeseries.csv").exists()

    res = cli("run", *args, "--out", str(killed))
    assert res.returncode == 0, res.stderr
    # No finished run was executed again: its files were not rewritten.
    for stem in (n.removesuffix(".done.json") for n in finished):
        for name in (f"{stem}.csv", f"{stem}.summary.csv", f"{stem}.panel.parquet"):
            assert (runs / name).stat().st_mtime_ns == done[name], name
    rewritten = [p for p in runs.glob("*.done.json") if p.name not in finished]
    assert len(rewritten) == 10 - len(finished)

    assert cli("run", *args, "--out", str(whole)).returncode == 0
    same_files(whole, killed)
    assert sorted(os.listdir(whole / "runs")) == sorted(os.listdir(runs))
    for name in os.listdir(runs):
        assert (whole / "runs" / name).read_bytes() == (runs / name).read_bytes(), name
    a, b = (json.loads((d / "manifest.json").read_text()) for d in (whole, killed))
    varies = ("command", "runs", "execution")  # run timings differ from run to run
    assert {k: v for k, v in a.items() if k not in varies} == {
        k: v for k, v in b.items() if k not in varies
    }
    assert a["kind"] == "batch" and a["seeds"]["blt"] == a["seeds"]["baseline"]


def test_programme_paying_nothing_has_exactly_zero_paired_difference(tmp_path):
    res = api.run_batch(
        SCENARIOS,
        replications=3,
        sets=[*BLT_EARLY, "programmes.blt.amount=0"],
        out=tmp_path,
        **SMALL,
    )
    diff = res["paired_differences"]
    assert set(diff["scenario"]) == {"blt"} and set(diff["baseline"]) == {"baseline"}
    assert {"poverty_headcount_mean", "poverty_gap_final", "blt_spending_total"} <= set(
        diff["metric"]
    )
    assert (diff["mean_difference"] == 0.0).all()
    assert (diff["sd"] == 0.0).all()
    # ... while a programme that pays does move outcomes.
    paying = api.run_batch(SCENARIOS, replications=3, sets=BLT_EARLY, out=tmp_path / "p", **SMALL)
    gap = paying["paired_differences"].set_index("metric").loc["poverty_gap_mean"]
    assert gap["mean_difference"] < 0


def test_paired_difference_and_interval_closed_form():
    summary = pd.DataFrame(
        {
            "scenario": ["base"] * 3 + ["policy"] * 3,
            "replication": [0, 1, 2] * 2,
            "seed": [1, 2, 3] * 2,
            "y": [10.0, 20.0, 30.0, 11.0, 22.0, 33.0],
            "policy_spending_total": [np.nan] * 3 + [5.0, 5.0, 8.0],
        }
    )
    row = paired_differences(summary, ["base", "policy"]).set_index("metric").loc["y"]
    # differences 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) / sqrt(3) = 2.4841
    assert row["mean_difference"] == pytest.approx(2.0)
    assert row["sd"] == pytest.approx(1.0)
    assert row["ci_high"] - 2.0 == pytest.approx(4.302653 / np.sqrt(3), rel=1e-6)
    spend = paired_differences(summary, ["base", "policy"]).set_index("metric")
    assert spend.loc["policy_spending_total", "mean_difference"] == pytest.approx(6.0)
    assert np.isnan(mean_and_ci(np.array([4.0]))["ci_low"])


def main(*args: str) -> int:
    import run

    return run.main(list(args))


def test_out_holding_another_experiment_is_refused(tmp_path, capsys):
    base = ["--households", "100", "--months", "2", "--out", str(tmp_path / "r")]
    assert main("run", SCENARIOS[0], *base) == 0
    capsys.readouterr()
    assert main("run", SCENARIOS[0], *base, "--replications", "2") == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert "different experiment" in err
    assert main("run", SCENARIOS[0], *base, "--replications", "2", "--overwrite") == 0
    assert len(pd.read_csv(tmp_path / "r" / "summary.csv")) == 2


@pytest.mark.parametrize(
    "extra, problem",
    [
        (["--jobs", "0"], "--jobs"),
        (["--replications", "0"], "--replications"),
        (["--panel", "--panel-every", "0"], "--panel-every"),
    ],
)
def test_bad_execution_options_are_one_line_errors(tmp_path, capsys, extra, problem):
    out = ["--out", str(tmp_path / "x")]
    assert main("run", SCENARIOS[0], "--households", "50", "--months", "1", *out, *extra) == 2
    err = capsys.readouterr().err
    assert problem in err and len(err.strip().splitlines()) == 1


def test_unreachable_scheduler_is_a_clear_error():
    from experiments.execution.executors import open_pool
    from experiments.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="cannot reach the Dask scheduler"):
        with open_pool(1, "tcp://127.0.0.1:9", connect_timeout="1s"):
            pass


def test_panel_period_receipts_add_up_to_spending():
    """``<p>_received_period`` x months since the last panel month sums to what the
    programme delivered (spending less leakage) over those months."""
    from conftest import small

    from experiments.runner import run_one

    res = run_one(small("pkh", 400, 12), 0, 6)
    ts, panel = res.timeseries, res.panel
    for month, since in ((6, 6), (12, 6)):
        rows = ts[(ts.month > month - since) & (ts.month <= month)]
        delivered = (rows.pkh_spending - rows.pkh_leakage).sum()
        got = panel.loc[panel.month == month, "pkh_received_period"].sum() * since
        assert delivered > 0
        assert np.isclose(got, delivered)


def test_local_dask_workers_leave_ctrl_c_to_the_batch():
    """Ctrl-C reaches the whole terminal group: workers of a local Dask cluster ignore it
    (the batch shuts them down and prints one line) and do not warn per cancelled task."""
    import logging
    import signal

    from experiments.execution.executors import open_pool

    before = signal.getsignal(signal.SIGINT)
    with open_pool(1, "local") as pool:
        handler = pool.executor.submit(signal.getsignal, signal.SIGINT).result()
        level = pool.executor.submit(
            lambda: logging.getLogger("distributed.worker.state_machine").level
        ).result()
    assert handler == signal.SIG_IGN
    assert level == logging.ERROR
    assert signal.getsignal(signal.SIGINT) is before  # this process still handles Ctrl-C
