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


def small(name: str = "baseline", households: int = 2000, months: int = 24, *sets: str):
    """Load a shipped scenario at a small size (validated like the CLI does)."""
    from experiments.scenario import load_scenario

    return load_scenario(
        SCENARIOS / f"{name}.toml", [f"run.households={households}", f"run.months={months}", *sets]
    )
