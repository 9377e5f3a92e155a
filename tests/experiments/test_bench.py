"""The bench command: its outputs and its input errors (no timings are checked)."""

from __future__ import annotations

import csv

import pytest
from conftest import CliResult, cli

from experiments.benchmark import Measurement
from experiments.commands.bench import comparisons


def bench(*args: str) -> CliResult:
    return cli("bench", *args)


def test_bench_writes_table_csv_and_plot(tmp_path):
    res = bench(
        "--sizes", "300", "--months", "2", "--agent-sizes", "40", "--agent-months", "1",
        "--no-batch", "--out", str(tmp_path),
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "vectorised / per-agent at" not in res.stdout  # sizes differ: no ratio
    rows = list(csv.DictReader((tmp_path / "bench.csv").open()))
    assert [(r["kind"], r["households"], r["months"]) for r in rows] == [
        ("vectorised", "300", "2"),
        ("agents", "40", "1"),
    ]
    for r in rows:
        assert float(r["household_months_per_second"]) > 0
        assert float(r["peak_rss_mb"]) > 0
        assert float(r["household_months_per_cpu_second"]) > 0
    assert (tmp_path / "scaling.png").stat().st_size > 1000


@pytest.mark.parametrize(
    "args, words",
    [
        (["--sizes", "1000,abc"], "--sizes"),
        (["--sizes", "0"], "at least 1"),
        (["--agent-months", "0"], "--agent-months"),
        (["--scenario", "no/such.toml"], "no/such.toml"),
    ],
)
def test_bench_bad_input_one_line_exit_2(tmp_path, args, words):
    res = bench(*args, "--out", str(tmp_path))
    assert res.returncode == 2
    assert words in res.stderr and len(res.stderr.strip().splitlines()) == 1


def _m(kind: str, n: int, seconds: float, runs: int = 1) -> Measurement:
    return Measurement(kind, "combined", n, 10, seconds, 0.0, 100.0, 1.0, runs, seconds / 2)


def test_comparisons_ratio_flatness_and_speedup():
    rows = [
        _m("vectorised", 10_000, 1.0),
        _m("vectorised", 100_000, 13.0),
        _m("agents", 10_000, 50.0),
        _m("batch --jobs 1", 10_000, 8.0, 4),
        _m("batch --jobs 2", 10_000, 5.0, 4),
    ]
    text = "\n".join(comparisons(rows))
    assert "at 10,000 households: 50x (per CPU second: 50x)" in text
    assert "max/min - 1 = 30% (CPU time: 30%)" in text
    assert "--jobs 2 / --jobs 1: 1.60x" in text
