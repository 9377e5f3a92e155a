"""Means over replications with 95 % confidence bands, and paired differences.

Replication r of every scenario in a batch uses the same seed, so the paired difference
scenario - baseline is taken replication by replication and then averaged; its band is
much narrower than the difference of two unpaired bands.

The band is the Student-t interval mean +/- t_{0.975, R-1} * sd / sqrt(R) over the R
replications (sd with R - 1 degrees of freedom); with one replication there is no band
(low and high are NaN): the convention of :mod:`measures.intervals`, shared with the
experiments' comparison tables.
"""

from __future__ import annotations

import pandas as pd

from measures.intervals import LEVEL, t_half_width

__all__ = ["LEVEL", "mean_band", "paired_band", "paired_difference", "t_half_width"]


def mean_band(df: pd.DataFrame, value: str, by: list[str]) -> pd.DataFrame:
    """Mean of ``value`` over replications per group ``by``, with columns ``mean``,
    ``low``, ``high`` and ``n`` (replications with a value)."""
    g = df.groupby(by, sort=False)[value]
    out = g.agg(mean="mean", sd="std", n="count").reset_index()
    half = t_half_width(out["sd"], out["n"])
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
