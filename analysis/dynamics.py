"""Dynamic outcomes against the paired baseline, and cost-effectiveness (files only).

Static ASPIRE indicators look at one month; these follow households over the whole run.
All are paired: replication r of a scenario minus replication r of the baseline (same
seed, so the same shocks), then averaged over replications with a 95 % band.

From ``summary.csv`` (exact household counts kept by the model, months 1..M):

- ``household_months_averted`` = poor_household_months(baseline) - poor_household_months
  (scenario), household-months (a household poor for one month = 1);
- ``extra_exits_12m`` = exits_lasting_12m(scenario) - exits_lasting_12m(baseline): extra
  exits from poverty after which the household stayed non-poor at least 12 months;
- ``extra_spending`` = programme spending of the scenario minus that of the baseline, Rp
  over months 1..M (sum of the ``<p>_spending_total`` columns);
- ``spending_per_month_averted`` = sum over replications of extra_spending / sum of
  household_months_averted, Rp per household-month of poverty averted (a ratio of means;
  NaN when nothing is averted).

From ``timeseries.csv``: ``headcount_reduction`` and ``gap_reduction``, the mean over
months 1..M of baseline minus scenario of the person-weighted FGT0 and FGT1, in
percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.bands import mean_band, paired_difference

PER_RUN = [
    "extra_spending",
    "household_months_averted",
    "extra_exits_12m",
    "headcount_reduction",
    "gap_reduction",
]


def spending_total(summary: pd.DataFrame) -> pd.Series:
    """Programme spending per run, Rp over months 1..M (0 when no programme ran)."""
    cols = [c for c in summary.columns if c.endswith("_spending_total")]
    if not cols:
        return pd.Series(0.0, index=summary.index)
    return summary[cols].fillna(0.0).sum(axis=1)


def _mean_later(timeseries: pd.DataFrame, value: str) -> pd.DataFrame:
    later = timeseries[timeseries["month"] > 0]
    return later.groupby(["scenario", "replication"], sort=False)[value].mean().reset_index()


def run_outcomes(summary: pd.DataFrame, timeseries: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """One row per (scenario, replication) other than the baseline, with :data:`PER_RUN`
    columns (units in the module docstring). Dynamic columns are NaN when the results
    predate the model's household-month counters."""
    runs = summary[["scenario", "replication"]].copy()
    runs["spending"] = spending_total(summary)
    for col in ("poor_household_months", "exits_lasting_12m"):
        runs[col] = summary[col] if col in summary.columns else np.nan
    out = paired_difference(runs, "spending", baseline).rename(
        columns={"difference": "extra_spending"}
    )[["scenario", "replication", "extra_spending"]]
    pieces = {
        "household_months_averted": (runs, "poor_household_months", -1.0),
        "extra_exits_12m": (runs, "exits_lasting_12m", 1.0),
        "headcount_reduction": (_mean_later(timeseries, "poverty_headcount"), None, -100.0),
        "gap_reduction": (_mean_later(timeseries, "poverty_gap"), None, -100.0),
    }
    for name, (df, col, sign) in pieces.items():
        value = col or df.columns[-1]
        d = paired_difference(df, value, baseline)[["scenario", "replication", "difference"]]
        d[name] = sign * d.pop("difference")
        out = out.merge(d, on=["scenario", "replication"], how="left")
    return out


def scenario_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: mean, low and high (95 %) of each :data:`PER_RUN` column, and
    ``spending_per_month_averted`` (Rp per household-month, ratio of means)."""
    table = pd.DataFrame({"scenario": list(dict.fromkeys(runs["scenario"]))})
    for col in PER_RUN:
        band = mean_band(runs, col, ["scenario"])[["scenario", "mean", "low", "high"]]
        band.columns = ["scenario", col, f"{col}_low", f"{col}_high"]
        table = table.merge(band, on="scenario", how="left")
    sums = runs.groupby("scenario", sort=False)[["extra_spending", "household_months_averted"]]
    totals = sums.sum(min_count=1)
    averted = totals["household_months_averted"]
    ratio = totals["extra_spending"] / averted.where(averted > 0)
    table["spending_per_month_averted"] = table["scenario"].map(ratio)
    return table
