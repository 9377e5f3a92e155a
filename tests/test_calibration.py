"""The baseline meets its calibration targets (BPS March 2024) at a few thousand households."""

from __future__ import annotations

from conftest import small

from experiments.calibration import calibrate


def test_calibration_targets_hold():
    targets, extra = calibrate(small("baseline", 20000, 24), seed=20240301, months=24)
    by = {t.name.split(",")[0]: t for t in targets}
    failures = [f"{t.name}: {t.model:.3f} vs {t.target}" for t in targets if not t.ok]
    assert not failures, failures
    assert abs(by["Poverty headcount"].model - 9.03) <= 0.5
    assert abs(by["Gini of per-capita consumption"].model - 0.379) <= 0.02
