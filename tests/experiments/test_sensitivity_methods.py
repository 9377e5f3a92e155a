"""The sensitivity pipeline (sample -> evaluate resumably -> analyse -> write) recovers
known indices: Sobol and FAST on the Ishigami function, Morris on a linear function."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.scenario import ScenarioError
from experiments.sensitivity import run_sensitivity
from experiments.sensitivity_spec import SensitivitySpec, UncertainParameter
from model.parameters import Spec

ANY = Spec(default=0.0, unit="-", meaning="test input", source="test")

# Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: analytic first-order and total indices.
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]
LINEAR = [3.0, 1.0, 0.2, 0.0]


def spec(names, bounds) -> SensitivitySpec:
    return SensitivitySpec(
        tuple(UncertainParameter(n, tuple(bounds), "unif", ANY) for n in names), ("y",)
    )


def ishigami(x) -> dict[str, float]:
    return {"y": float(np.sin(x[0]) + 7 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0]))}


def linear(x) -> dict[str, float]:
    return {"y": float(np.dot(LINEAR, x))}


def test_sobol_recovers_ishigami_indices(tmp_path):
    s = spec(["x1", "x2", "x3"], (-np.pi, np.pi))
    res = run_sensitivity(s, ishigami, tmp_path, method="sobol", samples=1024, chunk=4096)
    idx = res["indices"].set_index("parameter")
    assert np.allclose(idx["S1"], ISHIGAMI_S1, atol=0.05)
    assert np.allclose(idx["ST"], ISHIGAMI_ST, atol=0.05)
    s2 = res["s2"].set_index(["parameter_1", "parameter_2"])["S2"]
    assert s2[("x1", "x3")] == pytest.approx(ISHIGAMI_ST[0] - ISHIGAMI_S1[0], abs=0.08)
    assert abs(s2[("x1", "x2")]) < 0.08
    # The files hold what the function returned, one row per sample point.
    sample = pd.read_csv(tmp_path / "sample.csv")
    outputs = pd.read_csv(tmp_path / "outputs.csv")
    assert len(sample) == len(outputs) == 1024 * (2 * 3 + 2)
    row = sample.iloc[17][["x1", "x2", "x3"]].to_numpy()
    assert outputs["y"].iloc[17] == pytest.approx(ishigami(row)["y"])
    cols = list(pd.read_csv(tmp_path / "sobol_indices.csv").columns)
    assert cols == ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]


def test_fast_recovers_ishigami_first_order(tmp_path):
    s = spec(["x1", "x2", "x3"], (-np.pi, np.pi))
    res = run_sensitivity(s, ishigami, tmp_path, method="fast", samples=1000, chunk=4000)
    idx = res["indices"].set_index("parameter")
    assert np.allclose(idx["S1"], ISHIGAMI_S1, atol=0.05)
    assert np.allclose(idx["ST"], ISHIGAMI_ST, atol=0.08)


def test_morris_recovers_linear_effects_and_ranking(tmp_path):
    s = spec(["a", "b", "c", "d"], (0.0, 1.0))
    res = run_sensitivity(s, linear, tmp_path, method="morris", samples=20, chunk=100)
    idx = res["indices"].set_index("parameter")
    # Elementary effects of a linear function are its coefficients, exactly.
    assert np.allclose(idx["mu_star"], LINEAR)
    assert np.allclose(idx["mu"], LINEAR)
    assert np.allclose(idx["sigma"], 0.0, atol=1e-9)
    assert list(idx["mu_star"].sort_values(ascending=False).index) == ["a", "b", "c", "d"]


def test_sobol_warns_when_n_is_not_a_power_of_two(tmp_path, capsys):
    s = spec(["a", "b"], (0.0, 1.0))
    run_sensitivity(s, linear_two, tmp_path, method="sobol", samples=48, chunk=1000)
    err = capsys.readouterr().err
    assert "power of two" in err and "32 or 64" in err


def linear_two(x) -> dict[str, float]:
    return {"y": float(2 * x[0] + x[1])}


def test_impossible_sample_sizes_fail_early(tmp_path):
    s = spec(["a", "b"], (0.0, 1.0))
    with pytest.raises(ScenarioError, match="FAST needs N > 64"):
        run_sensitivity(s, linear_two, tmp_path, method="fast", samples=64)
    assert not (tmp_path / "sample.csv").exists()


def test_resumed_analysis_evaluates_only_what_is_missing(tmp_path):
    calls: list[int] = []

    def counting(x) -> dict[str, float]:
        calls.append(1)
        return linear_two(x)

    s = spec(["a", "b"], (0.0, 1.0))
    first = run_sensitivity(s, counting, tmp_path, method="morris", samples=4, chunk=3)
    n = len(first["sample"])
    assert len(calls) == n
    chunks = sorted((tmp_path / "runs").glob("samples_*.csv"))
    chunks[1].unlink()  # as if the analysis had been killed before this chunk finished
    before = (tmp_path / "morris_indices.csv").read_bytes()
    run_sensitivity(s, counting, tmp_path, method="morris", samples=4, chunk=3)
    assert len(calls) == n + 3
    assert (tmp_path / "morris_indices.csv").read_bytes() == before
