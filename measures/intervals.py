"""Means over replications with a Student-t interval, and paired differences.

One convention for every table and figure (experiments' comparison tables and the
analysis' bands):

- the interval is mean +/- t_{0.975, R-1} * sd / sqrt(R) over the R replications that
  have a value (NaN values are left out), sd with R - 1 degrees of freedom;
- with fewer than two replications there is no interval: ``sd``, ``low`` and ``high``
  are NaN (never a zero-width interval that would look like certainty).

A paired difference is taken replication by replication (replication r of every
scenario shares its seed, so common random numbers cancel) and then summarised the
same way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from measures import numerics as det

LEVEL = 0.95

__all__ = ["LEVEL", "mean_interval", "paired_differences", "t_half_width"]


def t_half_width(sd: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Half-width of the 95 % Student-t interval of a mean of ``n`` values with standard
    deviation ``sd`` (elementwise); NaN where ``n`` < 2."""
    n = np.asarray(n, dtype=float)
    sd = np.asarray(sd, dtype=float)
    out = np.full(np.broadcast(sd, n).shape, np.nan)
    ok = np.broadcast_to(n >= 2, out.shape)
    q = det.t_quantile(np.where(n >= 2, n - 1, 1), 0.5 + LEVEL / 2)  # same bits on any CPU
    np.multiply(q, sd / np.sqrt(np.where(n >= 2, n, 1)), out=out, where=ok)
    return out


def mean_interval(values: ArrayLike) -> dict[str, float]:
    """Mean, sd, 95 % interval (``low``, ``high``) and ``n`` of the non-NaN ``values``."""
    v = np.asarray(values, dtype=float).reshape(-1)
    v = v[~np.isnan(v)]
    n = v.size
    mean = float(v.mean()) if n else float("nan")
    sd = float(v.std(ddof=1)) if n >= 2 else float("nan")
    half = float(t_half_width(sd, n))
    return {"mean": mean, "sd": sd, "low": mean - half, "high": mean + half, "n": n}


def paired_differences(scenario: ArrayLike, baseline: ArrayLike) -> np.ndarray:
    """Per-replication differences scenario - baseline (arrays aligned by replication)."""
    return np.asarray(scenario, dtype=float) - np.asarray(baseline, dtype=float)
