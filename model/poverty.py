"""Welfare measures: FGT poverty indices and the Gini coefficient (numpy only).

Welfare is rupiah per capita per month. Weights (e.g. household size, for person-level
measures from household data) default to one per unit.
"""

from __future__ import annotations

import numpy as np


def _weights(welfare: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    if weights is None:
        return np.ones(welfare.shape)
    w = np.asarray(weights, dtype=float)
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    return w


def fgt_all(welfare, line, weights=None) -> tuple[float, float, float]:
    """FGT(0), FGT(1), FGT(2): headcount, gap and severity."""
    y = np.asarray(welfare, dtype=float)
    if y.size == 0:
        return (float("nan"),) * 3
    w = _weights(y, weights)
    z = np.asarray(line, dtype=float)
    g = np.where(y < z, (z - y) / z, 0.0)
    tw = w.sum()
    return (
        float(np.sum(w * (y < z)) / tw),
        float(np.sum(w * g) / tw),
        float(np.sum(w * g * g) / tw),
    )


def fgt(welfare, line, alpha: float, weights=None) -> float:
    """Foster-Greer-Thorbecke index of order ``alpha``."""
    y = np.asarray(welfare, dtype=float)
    if y.size == 0:
        return float("nan")
    w = _weights(y, weights)
    z = np.asarray(line, dtype=float)
    poor = y < z
    g = np.where(poor, (z - y) / z, 0.0)
    return float(np.sum(w * poor * g**alpha) / w.sum())


def gini(welfare, weights=None) -> float:
    """Gini coefficient (weighted: weights act as replication counts)."""
    y = np.asarray(welfare, dtype=float)
    if y.size == 0:
        return float("nan")
    w = _weights(y, weights)
    order = np.argsort(y, kind="stable")
    y, w = y[order], w[order]
    cw = np.cumsum(w)
    cy = np.cumsum(w * y)
    if cy[-1] <= 0:
        return 0.0
    lorenz = cy / cy[-1]
    prev = np.concatenate(([0.0], lorenz[:-1]))
    return float(1.0 - np.sum(w / cw[-1] * (lorenz + prev)))
