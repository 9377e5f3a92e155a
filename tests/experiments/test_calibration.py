"""Calibration: the committed docs/CALIBRATION.md is what the code produces, and the
command refuses sizes where its statistics mean nothing."""

from __future__ import annotations

import pytest
from conftest import ROOT

from experiments.calibration import (
    CHECK_HOUSEHOLDS,
    CHECK_MONTHS,
    DOC_SEED,
    check_lines,
    steady_state,
)


def test_committed_calibration_file_is_current():
    """The file's reproducibility block is recomputed here: a model change that was not
    followed by ``run.py calibrate --write`` fails this test."""
    from experiments.scenario import load_scenario

    params = load_scenario(
        ROOT / "scenarios" / "baseline.toml", [f"run.households={CHECK_HOUSEHOLDS}"]
    )
    s = steady_state(params, DOC_SEED, CHECK_MONTHS)
    text = (ROOT / "docs" / "CALIBRATION.md").read_text()
    for line in check_lines(s):
        assert line in text, f"docs/CALIBRATION.md is stale: expected {line!r}"


def test_calibrate_refuses_small_districts(capsys):
    from run import main

    assert main(["calibrate", "--households", "2000"]) == 2
    assert "too noisy" in capsys.readouterr().err


@pytest.mark.parametrize("months", [12])
def test_calibrate_refuses_short_runs(months, capsys):
    from run import main

    assert main(["calibrate", "--months", str(months)]) == 2
