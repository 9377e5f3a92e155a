"""Scenario means and paired differences from the baseline over replications.

Replication r of every scenario in a batch shares its seed, so the difference between a
scenario and the baseline (the first scenario) within a replication removes the noise the
policy does not cause. Both tables are long: one row per scenario x metric, with the
mean over replications and a t-based 95 % confidence interval (``nan`` with one
replication).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from measures.intervals import LEVEL, mean_interval
from measures.intervals import paired_differences as differences

ID_COLUMNS = ("scenario", "replication", "seed")
CONFIDENCE = LEVEL
STAT_COLUMNS = ["mean", "sd", "ci_low", "ci_high", "replications"]


def mean_and_ci(values: np.ndarray) -> dict[str, float]:
    """Mean, standard deviation and t-based 95 % confidence interval of ``values``
    (:func:`measures.intervals.mean_interval`: NaN interval below two replications)."""
    st = mean_interval(values)
    return {
        "mean": st["mean"],
        "sd": st["sd"],
        "ci_low": st["low"],
        "ci_high": st["high"],
        "replications": st["n"],
    }


def metric_columns(summary: pd.DataFrame) -> list[str]:
    """Numeric outcome columns of a summary table (not the id columns)."""
    return [
        c
        for c in summary.columns
        if c not in ID_COLUMNS and pd.api.types.is_numeric_dtype(summary[c])
    ]


def scenario_summary(summary: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Per scenario and metric: mean and 95 % CI over replications."""
    rows = []
    for name in order:
        part = summary[summary["scenario"] == name]
        for col in metric_columns(summary):
            if part[col].isna().all():
                continue
            rows.append({"scenario": name, "metric": col, **mean_and_ci(part[col].to_numpy())})
    return pd.DataFrame(rows, columns=["scenario", "metric", *STAT_COLUMNS])


def paired_differences(summary: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Per scenario (after the first) and metric: scenario minus baseline within each
    replication, then the mean difference and its 95 % CI over replications.

    Programme spending a scenario does not have counts as 0 (``*_spending_total``);
    other metrics are compared only when both scenarios report them.
    """
    columns = [
        "scenario",
        "baseline",
        "metric",
        "mean_difference",
        "sd",
        "ci_low",
        "ci_high",
        "replications",
    ]
    if len(order) < 2:
        return pd.DataFrame(columns=columns)
    cols = metric_columns(summary)
    base_name = order[0]
    base = summary[summary["scenario"] == base_name].set_index("replication")
    rows = []
    for name in order[1:]:
        other = summary[summary["scenario"] == name].set_index("replication")
        reps = base.index.intersection(other.index)
        for col in cols:
            b, o = base.loc[reps, col], other.loc[reps, col]
            if col.endswith("_spending_total"):
                b, o = b.fillna(0.0), o.fillna(0.0)
            elif b.isna().all() or o.isna().all():
                continue
            stat = mean_and_ci(differences(o.to_numpy(), b.to_numpy()))
            rows.append(
                {
                    "scenario": name,
                    "baseline": base_name,
                    "metric": col,
                    "mean_difference": stat.pop("mean"),
                    **stat,
                }
            )
    return pd.DataFrame(rows, columns=columns)


RESPONSE_AFTER_MONTHS = 3  # the paired response window ends 3 months after the last payment


def paired_response(scen: pd.DataFrame, base: pd.DataFrame) -> float:
    """Consumption response per rupiah received over the programme's months plus three:
    (district consumption in the scenario minus the paired baseline, summed over the
    window) / transfers received in it. Non-recipients' consumption is identical in both
    runs (common random numbers, no spillovers), so this is the recipients' response.
    ``scen`` and ``base`` are one replication's monthly series (months 1..M)."""
    paid = scen["transfers_total"].to_numpy() > 0
    if not paid.any():
        return float("nan")
    months = scen["month"].to_numpy()
    first, last = months[paid].min(), months[paid].max() + RESPONSE_AFTER_MONTHS
    s = scen[(scen["month"] >= first) & (scen["month"] <= last)].set_index("month")
    b = base[(base["month"] >= first) & (base["month"] <= last)].set_index("month")
    gain = float((s["consumption_total"] - b["consumption_total"]).sum())
    return gain / float(s["transfers_total"].sum())


def add_paired_response(
    summary: pd.DataFrame, timeseries: pd.DataFrame, order: Sequence[str]
) -> pd.DataFrame:
    """``summary`` with ``consumption_response_paired`` for every scenario after the first
    (the baseline), replication by replication (NaN without transfers)."""
    summary = summary.copy()
    summary["consumption_response_paired"] = float("nan")
    if len(order) < 2 or "transfers_total" not in timeseries:
        return summary
    later = timeseries[timeseries["month"] > 0]
    base = later[later["scenario"] == order[0]]
    for name in order[1:]:
        part = later[later["scenario"] == name]
        for rep, series in part.groupby("replication"):
            b = base[base["replication"] == rep]
            if b.empty:
                continue
            sel = (summary["scenario"] == name) & (summary["replication"] == rep)
            summary.loc[sel, "consumption_response_paired"] = paired_response(series, b)
    return summary
