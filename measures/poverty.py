"""Welfare measures: FGT poverty indices and the Gini coefficient (no I/O).

Welfare is rupiah per capita per month; poverty lines are in the same unit. Weights are
non-negative and default to one per unit; for person-level measures from household data
pass household size as the weight, so each household counts once per member.

A unit is poor when its welfare is strictly below its line (``y < z``). Sorting, dot
products and powers use measures/numerics.py, so the measures have the same bits on any CPU.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from measures import numerics as det

__all__ = ["fgt", "fgt_all", "gini"]


def _welfare(welfare: ArrayLike) -> np.ndarray:
    y = np.asarray(welfare, dtype=float)  # no copy when already float64
    if y.ndim != 1:
        y = y.reshape(-1)
    if np.isnan(y).any():
        raise ValueError("welfare contains NaN")
    return y


def _weights(y: np.ndarray, weights: ArrayLike | None) -> np.ndarray | None:
    """Validated weights as float, or None for unit weights."""
    if weights is None:
        return None
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1:
        w = w.reshape(-1)
    if w.shape != y.shape:
        raise ValueError(f"weights have {w.size} entries, welfare has {y.size}")
    if not np.all(w >= 0):  # also rejects NaN
        raise ValueError("weights must be non-negative (and not NaN)")
    return w


def _line(y: np.ndarray, line: ArrayLike) -> np.ndarray:
    z = np.asarray(line, dtype=float)
    if z.ndim > 0:
        z = z.reshape(-1)
        if z.size == 1:
            z = z.reshape(())
        elif z.shape != y.shape:
            raise ValueError(f"line has {z.size} entries, welfare has {y.size}")
    if not np.all(z > 0):  # also rejects NaN
        raise ValueError("poverty line must be positive")
    return z


def _poor_gaps(
    welfare: ArrayLike, line: ArrayLike, weights: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray | None, float] | None:
    """Normalised gaps (z - y)/z of the poor units, their weights, and the total weight.

    Works on the poor subset only, so the cost beyond one comparison scales with the
    number of poor units. Returns None for empty input.
    """
    y = _welfare(welfare)
    if y.size == 0:
        return None
    w = _weights(y, weights)
    z = _line(y, line)
    poor = y < z
    zp = z[poor] if z.ndim else z
    gaps = (zp - y[poor]) / zp
    total = float(y.size) if w is None else float(w.sum())
    return gaps, (None if w is None else w[poor]), total


def fgt(
    welfare: ArrayLike, line: ArrayLike, alpha: float, weights: ArrayLike | None = None
) -> float:
    """Foster-Greer-Thorbecke index P_alpha (a fraction, no unit).

    P_alpha = sum_i w_i * ((z_i - y_i)/z_i)^alpha * 1[y_i < z_i] / sum_i w_i, with welfare
    ``y`` and ``line`` ``z`` both in rupiah per capita per month. ``line`` is a scalar or
    one line per unit (e.g. urban/rural). alpha = 0 headcount ratio, 1 poverty-gap index,
    2 squared poverty gap (severity); alpha must be >= 0. NaN for empty input or zero total
    weight.
    """
    if not alpha >= 0:
        raise ValueError("alpha must be non-negative")
    parts = _poor_gaps(welfare, line, weights)
    if parts is None:
        return float("nan")
    gaps, wp, total = parts
    if total == 0:
        return float("nan")
    terms = np.ones_like(gaps) if alpha == 0 else det.power(gaps, alpha)
    num = terms.sum() if wp is None else det.dot(wp, terms)
    return float(num / total)


def fgt_all(
    welfare: ArrayLike, line: ArrayLike, weights: ArrayLike | None = None
) -> tuple[float, float, float]:
    """Headcount, poverty-gap index and severity (FGT 0, 1, 2) in one pass.

    Same definitions and units as :func:`fgt`; all three are fractions. NaNs for empty
    input or zero total weight.
    """
    nan = float("nan")
    parts = _poor_gaps(welfare, line, weights)
    if parts is None:
        return nan, nan, nan
    gaps, wp, total = parts
    if total == 0:
        return nan, nan, nan
    if wp is None:
        p0, p1, p2 = float(gaps.size), gaps.sum(), det.dot(gaps, gaps)
    else:
        wg = wp * gaps
        p0, p1, p2 = wp.sum(), wg.sum(), det.dot(wg, gaps)
    return float(p0 / total), float(p1 / total), float(p2 / total)


def gini(welfare: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Gini coefficient of welfare (rupiah per capita per month), from the Lorenz curve.

    G = 1 - sum_i v_i (L_i + L_{i-1}), units sorted by welfare, v_i = w_i / sum w the
    population share and L_i the cumulative welfare share (trapezoid rule under the
    Lorenz curve). Unweighted this equals sum_i (2i - n - 1) y_(i) / (n sum y); with integer
    weights it equals the Gini of the sample with each unit replicated w_i times.

    Conventions: NaN for empty input or zero total weight; 0 when all (weighted) welfare
    is zero (perfect equality); NaN when total welfare is negative. Negative values are
    accepted but the result can then exceed 1.
    """
    y = _welfare(welfare)
    if y.size == 0:
        return float("nan")
    w = _weights(y, weights)
    order = det.argsort(y)  # stable: ties in index order, the same on any CPU
    y = y[order]
    if w is None:
        n = y.size
        total = y.sum()
        if total == 0 and not np.any(y):
            return 0.0
        if not total > 0:
            return float("nan")
        ranks = np.arange(1 - n, n, 2, dtype=float)  # 2i - n - 1 for i = 1..n
        return float(det.dot(ranks, y) / (n * total))
    w = w[order]
    wsum = w.sum()
    if wsum == 0:
        return float("nan")
    wy = w * y
    cum = np.cumsum(wy)
    total = cum[-1]
    if total == 0 and not np.any(wy):
        return 0.0
    if not total > 0:
        return float("nan")
    # L_i + L_{i-1} = (2 cum_i - w_i y_i) / total
    return float(1.0 - det.dot(w, 2.0 * cum - wy) / (wsum * total))
