"""Monthly series of the page's paired runs: levels of the policy and the comparator
(mean over seeds) and the paired difference with its replication band.

The difference is taken within each seed (policy minus comparator at the same seed, so
the noise the policy does not cause cancels) and then averaged over seeds; the band is
the t-based 95 % confidence interval of that mean over seeds (:mod:`measures.intervals`,
as in ``paired_differences.csv``; none with one seed). Spending of a programme a run
does not have counts as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from measures.intervals import paired_differences, t_half_width


@dataclass(frozen=True)
class PairedSeries:
    """One metric month by month (arrays over months 0..current)."""

    key: str
    months: np.ndarray
    policy: np.ndarray  # mean over seeds
    comparator: np.ndarray | None  # mean over seeds; None without a comparator
    difference: np.ndarray | None  # mean paired difference
    low: np.ndarray | None  # band (None with one seed)
    high: np.ndarray | None


def _matrix(runs, key: str, fill_zero: bool) -> np.ndarray | None:
    """Seeds x months of ``key`` (None when no run reports it and it is not filled)."""
    if not runs:
        return None
    if not fill_zero and key not in runs[0].history[0]:
        return None
    return np.array([[row.get(key, 0.0) for row in run.history] for run in runs], float)


def paired_series(policy_runs, comparator_runs, key: str) -> PairedSeries | None:
    """Levels and paired difference of metric ``key`` (None if the policy lacks it and it
    is not spending)."""
    spending = key.endswith("_spending")
    pol = _matrix(policy_runs, key, spending)
    comp = _matrix(comparator_runs, key, spending)
    if pol is None and comp is None:
        return None
    months = np.array([row["month"] for row in policy_runs[0].history])
    if pol is None:
        pol = np.full((len(policy_runs), months.size), np.nan)
    diff = low = high = None
    if comp is not None and not np.all(np.isnan(pol)):
        d = paired_differences(pol, comp)
        diff = d.mean(axis=0)
        n = d.shape[0]
        if n > 1:
            half = t_half_width(d.std(axis=0, ddof=1), n)
            low, high = diff - half, diff + half
    return PairedSeries(
        key,
        months,
        pol.mean(axis=0),
        comp.mean(axis=0) if comp is not None else None,
        diff,
        low,
        high,
    )
