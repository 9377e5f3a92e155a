"""``run.py sensitivity`` on the model: files and manifest, paired policy effects, and
one-line errors for bad specs."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import ROOT

import run

SPEC = ROOT / "scenarios" / "sensitivity_pkh.toml"
BASELINE = ROOT / "scenarios" / "baseline.toml"
TINY = ["--households", "200", "--months", "6", "--quiet", "--set", "run.burn_in_months=24"]


def test_morris_policy_effect_writes_the_contract_files(tmp_path, capsys):
    out = tmp_path / "s"
    args = ["sensitivity", str(SPEC), "--vs", str(BASELINE), "--method", "morris"]
    assert run.main([*args, "--samples", "2", "--out", str(out), *TINY]) == 0
    man = json.loads((out / "manifest.json").read_text())
    assert man["kind"] == "sensitivity" and man["method"] == "morris" and man["samples"] == 2
    assert man["vs"] == str(BASELINE)
    names = [p["name"] for p in man["parameters"]]
    assert names[0] == "programmes.pkh.compliance_rate"
    first = {"name": names[0], "bounds": [0.6, 1.0], "dist": "unif", "unit": "probability"}
    assert {k: man["parameters"][0][k] for k in first} == first
    assert man["parameters"][0]["label"].startswith("PKH: ")  # from the declaration
    assert "spending_per_gap_reduction" in man["outputs"]
    sample = pd.read_csv(out / "sample.csv")
    outputs = pd.read_csv(out / "outputs.csv")
    assert list(sample.columns) == ["sample", *names]
    assert len(sample) == len(outputs) == 2 * (len(names) + 1)
    assert list(outputs.columns) == ["sample", *man["outputs"]]
    idx = pd.read_csv(out / "morris_indices.csv")
    assert list(idx.columns) == ["output", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]
    assert (outputs["spending_per_gap_reduction"].dropna() > 0).all()  # PKH costs money
    # Re-running the same command evaluates nothing again.
    stamps = {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    assert run.main([*args, "--samples", "2", "--out", str(out), *TINY]) == 0
    assert stamps == {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    # Two processes give the same files.
    out2 = tmp_path / "s2"
    assert run.main([*args, "--samples", "2", "--out", str(out2), "--jobs", "2", *TINY]) == 0
    for name in ("sample.csv", "outputs.csv", "morris_indices.csv"):
        assert (out / name).read_bytes() == (out2 / name).read_bytes(), name


def test_policy_effect_against_itself_is_exactly_zero(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "[sensitivity]\n"
        'outputs = ["poverty_gap_mean", "poverty_headcount_final", "pkh_spending_total"]\n'
        "[[sensitivity.parameters]]\n"
        'name = "programmes.pkh.compliance_rate"\n'
        "bounds = [0.5, 1.0]\n"
        "[[sensitivity.parameters]]\n"
        'name = "income.transitory_sd"\n'
        "bounds = [0.1, 0.3]\n"
    )
    out = tmp_path / "s"
    argv = [
        "sensitivity",
        str(SPEC),
        "--vs",
        str(SPEC),
        "--spec",
        str(spec),
        "--method",
        "morris",
        "--samples",
        "2",
        "--out",
        str(out),
        *TINY,
    ]
    assert run.main(argv) == 0
    outputs = pd.read_csv(out / "outputs.csv")
    assert (outputs.drop(columns="sample") == 0.0).all().all()


BAD = [
    ('name = "income.transitory_sdd"\nbounds = [0.1, 0.2]', "did you mean"),
    ('name = "programmes.pkh.compliance_rate"\nbounds = [0.5, 1.5]', "above the maximum"),
    ('name = "programmes.pkh.compliance_rate"\nbounds = [0.9, 0.5]', "low must be below"),
    ('name = "programmes.pkh.compliance_rate"\nbounds = [0.5]', "needs 2 numbers"),
    ('name = "programmes.pkh.enabled"\nbounds = [0, 1]', "only numeric"),
    ('name = "programmes.pkh.compliance_rate"\nbounds = [0.5, 1]\ndist = "beta"', "one of"),
]


@pytest.mark.parametrize("param, problem", BAD)
def test_bad_parameter_is_a_one_line_error(tmp_path, capsys, param, problem):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        f'[sensitivity]\noutputs = ["poverty_gap_mean"]\n[[sensitivity.parameters]]\n{param}\n'
    )
    argv = ["sensitivity", str(SPEC), "--spec", str(spec), "--out", str(tmp_path / "o"), *TINY]
    assert run.main(argv) == 2
    err = capsys.readouterr().err
    assert problem in err and str(spec) in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "outputs, problem",
    [
        ('["poverty_gap_max"]', "unknown output"),
        ('["blt_exclusion_error_mean"]', "unknown output"),
        ('["spending_per_gap_reduction"]', "needs a baseline"),
    ],
)
def test_bad_output_is_a_one_line_error(tmp_path, capsys, outputs, problem):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        f"[sensitivity]\noutputs = {outputs}\n[[sensitivity.parameters]]\n"
        'name = "income.transitory_sd"\nbounds = [0.1, 0.2]\n'
    )
    argv = ["sensitivity", str(SPEC), "--spec", str(spec), "--out", str(tmp_path / "o"), *TINY]
    assert run.main(argv) == 2
    err = capsys.readouterr().err
    assert problem in err and len(err.strip().splitlines()) == 1


def test_scenario_without_sensitivity_table_is_refused(tmp_path, capsys):
    assert run.main(["sensitivity", str(BASELINE), "--out", str(tmp_path / "o"), *TINY]) == 2
    assert "no [sensitivity] table" in capsys.readouterr().err
