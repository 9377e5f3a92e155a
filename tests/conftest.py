"""Shared fixtures: small scenarios built from the shipped files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experiments.threads import limit_blas_threads  # noqa: E402

limit_blas_threads()  # as every simulation process does where it starts
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def scenario_dir() -> Path:
    return SCENARIOS


# Tests that do not study the steady state itself run a short burn-in (the default,
# run.burn_in_months, is long enough for stocks to settle: tests/test_stationarity.py,
# which sets it explicitly, as do the calibration and golden tests).
TEST_BURN_IN = 24


def small(name: str = "baseline", households: int = 2000, months: int = 24, *sets: str):
    """Load a shipped scenario at a small size (validated like the CLI does), with a
    burn-in of TEST_BURN_IN months unless ``sets`` gives one."""
    from experiments.scenario import load_scenario

    burn = (
        []
        if any(s.startswith("run.burn_in_months=") for s in sets)
        else [f"run.burn_in_months={TEST_BURN_IN}"]
    )
    return load_scenario(
        SCENARIOS / f"{name}.toml",
        [f"run.households={households}", f"run.months={months}", *burn, *sets],
    )
