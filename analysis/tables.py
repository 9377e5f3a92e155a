"""Report tables, built from result files only. Column headers carry their units.

"Mean over months" is the mean over months 1..M of a run (month 0 is the common start),
then the mean over replications; "[low, high]" are 95 % Student-t intervals over
replications (analysis/bands.py). Effects are paired by replication against the
baseline.
"""

from __future__ import annotations

import pandas as pd

from analysis.bands import mean_band, paired_band
from analysis.indicators import ALL, aspire_table

PERCENT = 100.0


def _later(ts: pd.DataFrame) -> pd.DataFrame:
    """Per run, the mean of every numeric column over months 1..M."""
    later = ts[ts["month"] > 0]
    numeric = [
        c
        for c in later.select_dtypes("number").columns
        if c not in ("replication", "seed", "month")
    ]
    runs = later.groupby(["scenario", "replication"], sort=False)[numeric].mean()
    return runs.reset_index()


def _with_band(table: pd.DataFrame, band: pd.DataFrame, label: str, scale: float) -> pd.DataFrame:
    band = band[["scenario", "mean", "low", "high"]].copy()
    band[["mean", "low", "high"]] *= scale
    band.columns = ["scenario", label, f"{label} low", f"{label} high"]
    return table.merge(band, on="scenario", how="left")


def poverty_table(ts: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: FGT0, FGT1, FGT2 and Gini, mean over months with 95 % intervals."""
    runs = _later(ts)
    table = pd.DataFrame({"Scenario": list(dict.fromkeys(runs["scenario"]))})
    table = table.rename(columns={"Scenario": "scenario"})
    for col, label, scale in (
        ("poverty_headcount", "Headcount (%)", PERCENT),
        ("poverty_gap", "Poverty gap (%)", PERCENT),
        ("poverty_severity", "Severity (x100)", PERCENT),
        ("gini", "Gini", 1.0),
    ):
        table = _with_band(table, mean_band(runs, col, ["scenario"]), label, scale)
    return table.rename(columns={"scenario": "Scenario"})


EFFECT_COLUMNS = (
    ("poverty_headcount", "Headcount (pp)", PERCENT),
    ("poverty_gap", "Poverty gap (pp)", PERCENT),
    ("poverty_severity", "Severity (x100)", PERCENT),
    ("share_in_debt", "In debt (pp)", PERCENT),
    ("debt_trap_share", "Debt trap (pp)", PERCENT),
    ("asset_sales_share", "Selling assets (pp)", PERCENT),
    ("savings_buffer_share", "Savings buffer (pp)", PERCENT),
    ("school_enrolment_poor", "Enrolment of poor children (pp)", PERCENT),
)


def effects_table(ts: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Per scenario: mean over months of scenario minus baseline, paired by replication,
    with 95 % intervals for the poverty measures."""
    runs = _later(ts)
    table = pd.DataFrame(
        {"scenario": [s for s in dict.fromkeys(runs["scenario"]) if s != baseline]}
    )
    for col, label, scale in EFFECT_COLUMNS:
        if col not in runs.columns:
            continue
        band = paired_band(runs, col, baseline)
        if col.startswith("poverty_"):
            table = _with_band(table, band, label, scale)
        else:
            table[label] = table["scenario"].map(band.set_index("scenario")["mean"] * scale)
    return table.rename(columns={"scenario": "Scenario"})


def dynamics_table(outcomes: pd.DataFrame, households: pd.Series) -> pd.DataFrame:
    """Dynamic outcomes and cost per household-month of poverty averted (see
    analysis/dynamics.py); ``households`` maps scenario to households simulated."""
    o = outcomes
    n = o["scenario"].map(households)
    return pd.DataFrame(
        {
            "Scenario": o["scenario"],
            "Extra spending (billion Rp)": o["extra_spending"] / 1e9,
            "Household-months in poverty averted": o["household_months_averted"],
            "Household-months in poverty averted low": o["household_months_averted_low"],
            "Household-months in poverty averted high": o["household_months_averted_high"],
            "Averted per 1,000 households": o["household_months_averted"] / n * 1000,
            "Extra exits lasting 12+ months": o["extra_exits_12m"],
            "Extra exits per 1,000 households": o["extra_exits_12m"] / n * 1000,
            "Rp per household-month averted": o["spending_per_month_averted"],
            "Poverty-gap reduction (pp)": o["gap_reduction"],
        }
    )


def targeting_table(ts: pd.DataFrame, programmes: list[str]) -> pd.DataFrame:
    """Per scenario and programme, means over months: recipients, spending and both
    standards of exclusion and inclusion error (percent)."""
    runs = _later(ts)
    rows = []
    for prog in programmes:
        cols = {
            f"{prog}_recipients": ("Recipient households", 1.0),
            f"{prog}_spending": ("Spending (million Rp per month)", 1e-6),
            f"{prog}_exclusion_error": ("Exclusion error, poverty line (%)", PERCENT),
            f"{prog}_inclusion_error": ("Inclusion error, poverty line (%)", PERCENT),
            f"{prog}_exclusion_error_quota": ("Exclusion error, quota (%)", PERCENT),
            f"{prog}_inclusion_error_quota": ("Inclusion error, quota (%)", PERCENT),
        }
        have = runs.dropna(subset=[f"{prog}_recipients"])
        for scenario, g in have.groupby("scenario", sort=False):
            row = {"Scenario": scenario, "Programme": prog.upper()}
            for col, (label, scale) in cols.items():
                row[label] = g[col].mean() * scale if col in g.columns else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def aspire_from_panel(panel: pd.DataFrame, programmes: list[str]) -> pd.DataFrame:
    """ASPIRE indicators per scenario, programme and pre-transfer welfare quintile
    (analysis/indicators.py), computed for every panel month after month 0 and every
    replication, then averaged (a month's NaN, e.g. incidence in a month without
    payments, is left out of its mean). Pre-transfer welfare is the household's
    consumption without any of the month's transfers. The transfer is
    ``<p>_received_period``, the mean monthly rupiah received since the previous panel
    month (a recall period, so quarterly instalments count), or, in panels without it,
    ``<p>_received`` (this month only; zero between instalments). Beneficiaries are the
    households ``<p>_covered`` (on the programme's list this month) or with a transfer."""
    later = panel[panel["month"] > 0]
    parts = []
    for prog in programmes:
        col, covered = f"{prog}_received_period", f"{prog}_covered"
        if col not in later.columns:
            col = f"{prog}_received"
        if col not in later.columns:
            continue
        for (scenario, rep, month), g in later.dropna(subset=[col]).groupby(
            ["scenario", "replication", "month"], sort=False
        ):
            table = aspire_table(
                {
                    "pretransfer_welfare": g["pretransfer_consumption_pc"].to_numpy(),
                    "transfer": g[col].to_numpy(),
                    "size": g["size"].to_numpy(),
                    "beneficiary": (g[col].to_numpy() > 0)
                    | (g[covered].to_numpy(bool) if covered in g.columns else False),
                },
                line=g["poverty_line"].to_numpy(),
            )
            table.insert(0, "month", month)
            table.insert(0, "replication", rep)
            table.insert(0, "programme", prog)
            table.insert(0, "scenario", scenario)
            parts.append(table.reset_index())
    if not parts:
        return pd.DataFrame()
    long = pd.concat(parts, ignore_index=True)
    long["quintile"] = long["quintile"].astype(str)
    keys = ["scenario", "programme", "quintile"]
    out = long.drop(columns=["replication", "month"]).groupby(keys, sort=False).mean()
    return out.reset_index()


ASPIRE_COLUMNS = {
    "coverage": ("Coverage (%)", PERCENT),
    "beneficiary_incidence": ("Beneficiary incidence (%)", PERCENT),
    "benefit_incidence": ("Benefit incidence (%)", PERCENT),
    "adequacy": ("Adequacy (%)", PERCENT),
    "headcount_reduction": ("Headcount reduction (pp)", PERCENT),
    "gap_reduction": ("Gap reduction (pp)", PERCENT),
    "benefit_cost_ratio": ("Benefit-cost ratio", 1.0),
}


def aspire_report_table(aspire: pd.DataFrame) -> pd.DataFrame:
    """The ASPIRE table for the report: readable headers, percent units."""
    out = aspire[["scenario", "programme", "quintile"]].copy()
    out.columns = ["Scenario", "Programme", "Quintile"]
    out["Programme"] = out["Programme"].str.upper()
    out["Quintile"] = out["Quintile"].where(out["Quintile"] != ALL, "All")
    for col, (label, scale) in ASPIRE_COLUMNS.items():
        out[label] = aspire[col] * scale
    return out
