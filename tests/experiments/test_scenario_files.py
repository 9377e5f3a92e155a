"""Bad scenario files and overrides: one clear line naming file and key, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, cli

from experiments.scenario import ScenarioError, load_scenario


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


BASE = f'extends = "{(ROOT / "scenarios" / "baseline.toml").as_posix()}"\n'


@pytest.mark.parametrize(
    "body, key, words",
    [
        (
            "[income]\ntransitory_sdd = 0.2\n",
            "income.transitory_sdd",
            "did you mean 'transitory_sd'",
        ),
        ("[incom]\ntransitory_sd = 0.2\n", "incom", "did you mean 'income'"),
        ('[income]\ntransitory_sd = "high"\n', "income.transitory_sd", "must be a number"),
        ("[income]\ntransitory_sd = -1\n", "income.transitory_sd", "below the minimum"),
        ("[run]\nhouseholds = 2.5\n", "run.households", "whole number"),
        (
            "[[crises]]\nstart_month = 3\nprice_multiplierr = 1.2\n",
            "crises.0.price_multiplierr",
            "did you mean",
        ),
        ('[[crises]]\narea = "mars"\n', "crises.0.area", "must be one of"),
        ("[income\n", "", "not valid TOML"),
    ],
)
def test_bad_values_give_one_line_and_exit_2(tmp_path, body, key, words):
    path = write(tmp_path, "bad.toml", BASE + body)
    res = cli("validate", str(path))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert str(path) in lines[0] and key in lines[0] and words in lines[0]


def test_missing_and_circular_extends(tmp_path):
    a = write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="circular extends"):
        load_scenario(a)
    c = write(tmp_path, "c.toml", 'extends = "nowhere.toml"\n')
    res = cli("validate", str(c))
    assert res.returncode == 2 and "extends" in res.stderr and "file not found" in res.stderr
    res = cli("run", str(tmp_path / "absent.toml"))
    assert res.returncode == 2 and "file not found" in res.stderr


def test_set_override_errors_and_success():
    res = cli("validate", "scenarios/baseline.toml", "--set", "income.transitory_sdd=0.1")
    assert res.returncode == 2 and "did you mean 'transitory_sd'" in res.stderr
    p = load_scenario(ROOT / "scenarios/crisis.toml", ["crises.0.income_multiplier=0.5"])
    assert p.crises[0].income_multiplier == 0.5
    assert p.crises[0].price_multiplier == 1.1  # from the file


def test_extends_overrides_parent_values():
    p = load_scenario(ROOT / "scenarios/crisis.toml")
    assert p.name == "crisis" and p.run.seed == 20240301 and len(p.crises) == 1


def test_run_writes_result_files(tmp_path):
    out = tmp_path / "res"
    res = cli(
        "run",
        "scenarios/baseline.toml",
        "scenarios/crisis.toml",
        "--households",
        "300",
        "--months",
        "6",
        "--replications",
        "2",
        "--out",
        str(out),
        "--quiet",
    )
    assert res.returncode == 0, res.stderr
    import json

    import pandas as pd

    ts = pd.read_csv(out / "timeseries.csv")
    assert list(ts.columns[:4]) == ["scenario", "replication", "seed", "month"]
    assert len(ts) == 2 * 2 * 7
    for col in (
        "poverty_headcount",
        "poverty_gap",
        "poverty_severity",
        "gini",
        "share_in_debt",
        "debt_trap_share",
        "mean_savings",
    ):
        assert col in ts.columns
    # replication r of every scenario shares its seed
    seeds = ts.groupby(["replication", "scenario"])["seed"].first().unstack()
    assert (seeds["baseline"] == seeds["crisis"]).all()
    man = json.loads((out / "manifest.json").read_text())
    assert man["replications"] == 2 and len(man["scenarios"]) == 2
    assert "mesa" in man["versions"] and man["command"].startswith("run.py run")
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 4


def test_params_lists_every_parameter():
    res = cli("params")
    assert res.returncode == 0
    assert "income.transitory_sd" in res.stdout and "crises[].price_multiplier" in res.stdout
