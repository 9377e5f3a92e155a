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
from outputs.dictionary import output_label, programme_label

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
            row = {"Scenario": scenario, "Programme": programme_label(prog)}
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
    "gini_reduction": ("Gini reduction (%)", PERCENT),
}


def aspire_report_table(aspire: pd.DataFrame) -> pd.DataFrame:
    """The ASPIRE table for the report: readable headers, percent units."""
    out = aspire[["scenario", "programme", "quintile"]].copy()
    out.columns = ["Scenario", "Programme", "Quintile"]
    out["Programme"] = out["Programme"].map(programme_label)
    out["Quintile"] = out["Quintile"].where(out["Quintile"] != ALL, "All")
    for col, (label, scale) in ASPIRE_COLUMNS.items():
        out[label] = aspire[col] * scale
    return out


def parameter_labels(manifest: dict) -> dict[str, str]:
    """Dotted parameter name -> label, from a sensitivity or sweep manifest's
    ``parameters`` (labels come from the parameter declarations)."""
    out = {}
    for p in manifest.get("parameters", []):
        if isinstance(p, dict) and p.get("name"):
            out[p["name"]] = str(p.get("label") or p["name"])
    return out


def relabel_indices(indices: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Index table with parameter and output names replaced by their labels."""
    out = indices.copy()
    for col in ("parameter", "parameter_1", "parameter_2"):
        if col in out.columns:
            out[col] = out[col].map(lambda n: labels.get(n, n))
    if "output" in out.columns:
        out["output"] = out["output"].map(output_label)
    return out


def sobol_report_table(indices: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Sobol or FAST indices for the report: labels, each index with its 95 % interval."""
    ind = relabel_indices(indices, labels)
    out = pd.DataFrame({"Output": ind["output"], "Parameter": ind["parameter"]})
    for k, name in (("S1", "S1 (first order)"), ("ST", "ST (total)")):
        out[name] = ind[k]
        out[f"{name} low"] = ind[k] - ind[f"{k}_conf"]
        out[f"{name} high"] = ind[k] + ind[f"{k}_conf"]
    out.attrs["decimals"] = {"S1 (first order)": 2, "ST (total)": 2}
    return out


def s2_report_table(s2: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    ind = relabel_indices(s2, labels)
    out = pd.DataFrame(
        {
            "Output": ind["output"],
            "Parameter 1": ind["parameter_1"],
            "Parameter 2": ind["parameter_2"],
            "S2": ind["S2"],
            "S2 low": ind["S2"] - ind["S2_conf"],
            "S2 high": ind["S2"] + ind["S2_conf"],
        }
    )
    out.attrs["decimals"] = {"S2": 2}
    return out


def output_scale(name: str) -> tuple[float, str]:
    """Factor and unit to show a sensitivity output in: shares in percentage points,
    rupiah in million Rp, others as they are."""
    from outputs.dictionary import SUM, TS, describe

    metric = name.rsplit("_", 1)[0] if name.endswith(("_final", "_mean")) else name
    unit = describe(TS, metric)[1] or describe(SUM, name)[1]
    if name == "spending_per_gap_reduction" or unit.startswith("Rp"):
        return 1e-6, "million Rp"
    if unit.startswith("share"):
        return 100.0, "pp"
    return 1.0, "output units"


def morris_report_table(indices: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Morris statistics for the report, one row per parameter and, per output, μ* with
    its 95 % interval and σ, each in the output's display unit (pp, million Rp)."""
    params = list(dict.fromkeys(indices["parameter"]))
    out = pd.DataFrame({"Parameter": [labels.get(p, p) for p in params]})
    for name, rows in indices.groupby("output", sort=False):
        rows = rows.set_index("parameter").reindex(params)
        scale, unit = output_scale(name)
        head = f"{output_label(name)} ({unit})"
        out[f"μ* {head}"] = rows["mu_star"].to_numpy() * scale
        out[f"μ* {head} low"] = (rows["mu_star"] - rows["mu_star_conf"]).to_numpy() * scale
        out[f"μ* {head} high"] = (rows["mu_star"] + rows["mu_star_conf"]).to_numpy() * scale
        out[f"σ {head}"] = rows["sigma"].to_numpy() * scale
    return out


def morris_display(indices: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Morris indices in display units (see :func:`output_scale`) with labelled
    parameters and outputs ("Poverty gap, mean over months (pp)"), for the figure."""
    out = indices.copy()
    for name in dict.fromkeys(indices["output"]):
        scale, unit = output_scale(name)
        rows = out["output"] == name
        for col in ("mu", "mu_star", "mu_star_conf", "sigma"):
            out.loc[rows, col] = out.loc[rows, col] * scale
        out.loc[rows, "output"] = f"{output_label(name)} ({unit})"
    out["parameter"] = out["parameter"].map(lambda n: labels.get(n, n))
    return out
