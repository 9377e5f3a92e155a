"""Means over replications with 95 % confidence bands, and paired differences.

Replication r of every scenario in a batch uses the same seed, so the paired difference
scenario - baseline is taken replication by replication and then averaged; its band is
much narrower than the difference of two unpaired bands.

The band is the Student-t interval mean +/- t_{0.975, R-1} * sd / sqrt(R) over the R
replications (sd with R - 1 degrees of freedom); with one replication there is no band
(low = high = mean).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


def t_half_width(sd: pd.Series | np.ndarray, n: pd.Series | np.ndarray) -> np.ndarray:
    """Half-width of the 95 % Student-t interval of a mean (0 when n < 2)."""
    n = np.asarray(n, dtype=float)
    sd = np.asarray(sd, dtype=float)
    out = np.zeros(np.broadcast(sd, n).shape)
    ok = n >= 2
    q = stats.t.ppf(0.5 + LEVEL / 2, np.where(ok, n - 1, 1))
    np.multiply(q, sd / np.sqrt(np.where(ok, n, 1)), out=out, where=ok)
    return out


def mean_band(df: pd.DataFrame, value: str, by: list[str]) -> pd.DataFrame:
    """Mean of ``value`` over replications per group ``by``, with columns ``mean``,
    ``low``, ``high`` and ``n`` (replications with a value)."""
    g = df.groupby(by, sort=False)[value]
    out = g.agg(mean="mean", sd="std", n="count").reset_index()
    half = t_half_width(out["sd"].fillna(0.0), out["n"])
    out["low"] = out["mean"] - half
    out["high"] = out["mean"] + half
    return out.drop(columns="sd")


def paired_difference(
    df: pd.DataFrame, value: str, baseline: str, keys: list[str] | None = None
) -> pd.DataFrame:
    """Per-replication difference scenario - baseline of ``value``, matched on
    ``replication`` (and ``keys``, e.g. ``["month"]``). Returns the rows of the other
    scenarios with a ``difference`` column; the baseline itself is left out."""
    on = ["replication", *(keys or [])]
    base = df.loc[df["scenario"] == baseline, [*on, value]].rename(columns={value: "_base"})
    other = df.loc[df["scenario"] != baseline, ["scenario", *on, value]]
    merged = other.merge(base, on=on, how="inner")
    merged["difference"] = merged[value] - merged["_base"]
    return merged.drop(columns="_base")


def paired_band(
    df: pd.DataFrame, value: str, baseline: str, keys: list[str] | None = None
) -> pd.DataFrame:
    """Mean paired difference versus ``baseline`` with its 95 % band, per scenario (and
    ``keys``)."""
    diff = paired_difference(df, value, baseline, keys)
    return mean_band(diff, "difference", ["scenario", *(keys or [])])
