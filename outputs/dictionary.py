"""The data dictionary: every column of every result file, declared once.

Each :class:`Column` gives the file, the column name, its type, unit, definition and
where it comes from. Names may hold placeholders, matched against real column names:

- ``{p}``: a programme (``pkh``, ``blt``, ``pbi_jkn``, ...): ``{p}_recipients``;
- ``{m}``: one of the metrics listed in ``expand`` (``{m}_final`` in summary.csv);
- ``{parameter}``: a swept or uncertain parameter, as its dotted name;
- ``{output}``: a sensitivity output (``poverty_gap_mean``, ...).

``docs/OUTPUTS.md`` is generated from this module (``python run.py dictionary``) and the
tests check it against real outputs both ways. Parquet files carry the same unit and
definition as field metadata (:func:`parquet_field_metadata`); ``run.py export`` uses the
labels as Stata variable labels. Of the model it reads only the programme table
(:data:`model.programmes.PROGRAMMES`), whose programmes declare their own columns: every
function here takes ``table`` (default: that table) so a programme plugged in elsewhere is
described as well.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from model.programmes import PROGRAMMES
from model.programmes.base import SHARED_COLUMNS

RUNS = "experiments/runner.py"
METRICS = "model/metrics.py"
PROGRAMME = "model/programmes/base.py"  # the shared programme columns
REGISTRY = "model/registry.py"
SNAPSHOT = "model/snapshot.py"


@dataclass(frozen=True)
class Column:
    """One declared output column (``name`` may hold a placeholder, see the module)."""

    file: str
    name: str
    type: str  # str, int, float, bool
    unit: str
    definition: str
    source: str
    label: str = ""  # short label for tables, figures and Stata (default: from the name)

    def pattern(self) -> re.Pattern:
        """A regular expression matching the real column names this entry declares."""
        parts = re.split(r"(\{[a-z]+\})", self.name)
        rx = []
        for part in parts:
            if part == "{p}":
                rx.append(r"(?P<p>[a-z][a-z0-9_]*?)")
            elif part == "{parameter}":
                rx.append(r"(?P<parameter>[a-z][a-z0-9_]*(\.[a-z0-9_]+)+)")
            elif part in ("{m}", "{output}"):
                rx.append(r"(?P<" + part[1:-1] + r">[a-z][a-z0-9_]*)")
            else:
                rx.append(re.escape(part))
        return re.compile("".join(rx))

    @property
    def short(self) -> str:
        if self.label:
            return self.label
        bare = re.sub(r"\{[a-z]+\}_?", "", self.name).strip("_") or self.name
        return bare.replace("_", " ").capitalize()


def _c(file, name, type_, unit, definition, source, label="") -> Column:
    return Column(file, name, type_, unit, definition, source, label)


TS = "timeseries.csv"
SUM = "summary.csv"
PANEL = "panel.parquet"

ID_COLUMNS = {
    "scenario": ("str", "-", "scenario name (the scenario file's `name`)", RUNS, "Scenario"),
    "replication": ("int", "-", "replication number r = 0, 1, ...", RUNS, "Replication"),
    "seed": ("int", "-", "random seed of the run: run.seed + replication", RUNS, "Seed"),
    "month": ("int", "month", "month of the run (0 = the common start)", RUNS, "Month"),
}

# Monthly metrics of timeseries.csv: name, type, unit, definition, source, label.
MONTHLY = [
    (
        "poverty_headcount",
        "share of people",
        "FGT0: share of people in households whose survey-measured "
        "per-capita consumption is below the area poverty line (as BPS measures it)",
        METRICS,
        "Poverty headcount",
    ),
    (
        "poverty_gap",
        "share of the line",
        "FGT1: mean shortfall below the poverty line as a "
        "share of the line, over all people (non-poor count 0)",
        METRICS,
        "Poverty gap",
    ),
    (
        "poverty_severity",
        "-",
        "FGT2: mean squared relative shortfall below the line",
        METRICS,
        "Poverty severity",
    ),
    (
        "gini",
        "-",
        "Gini coefficient of survey-measured per-capita consumption, person-weighted",
        METRICS,
        "Gini",
    ),
    (
        "poverty_headcount_true",
        "share of people",
        "FGT0 on true (not survey-measured) per-capita consumption",
        METRICS,
        "Headcount (true welfare)",
    ),
    (
        "poverty_gap_true",
        "share of the line",
        "FGT1 on true per-capita consumption",
        METRICS,
        "Poverty gap (true welfare)",
    ),
    (
        "poverty_severity_true",
        "-",
        "FGT2 on true per-capita consumption",
        METRICS,
        "Severity (true welfare)",
    ),
    (
        "gini_true",
        "-",
        "Gini of true per-capita consumption, person-weighted",
        METRICS,
        "Gini (true welfare)",
    ),
    (
        "consumption_total",
        "Rp per month",
        "true consumption of all households of the district this month",
        METRICS,
        "Consumption, district",
    ),
    (
        "transfers_total",
        "Rp per month",
        "cash and food transfers received by all households this month",
        METRICS,
        "Transfers, district",
    ),
    (
        "consumption_gain_from_transfers",
        "Rp per month",
        "district consumption minus its pre-transfer counterfactual "
        "(the budget without this month's transfers)",
        METRICS,
        "Consumption gain from transfers",
    ),
    (
        "share_in_debt_poor",
        "share of poor households",
        "poor households owing more than Rp 1,000 (pawnshop loans included)",
        METRICS,
        "Poor in debt",
    ),
    (
        "pawning_share",
        "share of households",
        "households pawning assets this month",
        METRICS,
        "Pawning",
    ),
    (
        "pawn_holders_share",
        "share of households",
        "households with an outstanding pawnshop loan",
        METRICS,
        "Holding pawn loans",
    ),
    (
        "pawn_forfeit_share",
        "share of households",
        "households whose pledged assets were forfeited this month",
        METRICS,
        "Pawn forfeits",
    ),
    (
        "capital_drawn_share",
        "share of households",
        "households running down business capital for living costs this month",
        METRICS,
        "Business capital drawn",
    ),
    (
        "community_support_share",
        "share of households",
        "households receiving the family/community floor transfer this month",
        METRICS,
        "Community support",
    ),
    (
        "mean_consumption_pc",
        "Rp per capita per month",
        "mean per-capita consumption (cash and food assistance), person-weighted",
        METRICS,
        "Mean consumption",
    ),
    (
        "poor_household_size",
        "persons",
        "mean size of poor households",
        METRICS,
        "Size of poor households",
    ),
    (
        "poverty_entries",
        "share of households",
        "share of last month's non-poor households that are poor this month (empty in month 0)",
        METRICS,
        "Entries into poverty",
    ),
    (
        "poverty_exits",
        "share of households",
        "share of last month's poor households that are not poor this month (empty in month 0)",
        METRICS,
        "Exits from poverty",
    ),
    (
        "share_in_debt",
        "share of households",
        "households owing more than Rp 1,000",
        METRICS,
        "In debt",
    ),
    ("mean_debt", "Rp per household", "mean outstanding debt", METRICS, "Mean debt"),
    (
        "debt_trap_share",
        "share of households",
        "households whose scheduled debt service "
        "exceeds credit.trap_service_share of income while debt rose credit.trap_months "
        "months running",
        METRICS,
        "Debt trap",
    ),
    (
        "rollover_share",
        "share of households",
        "households borrowing this month to pay instalments due",
        METRICS,
        "Rollover borrowing (share)",
    ),
    (
        "rollover_borrowing",
        "Rp per household per month",
        "mean borrowing to pay instalments due",
        METRICS,
        "Rollover borrowing",
    ),
    (
        "new_borrowing",
        "Rp per household per month",
        "mean new borrowing from all lenders",
        METRICS,
        "New borrowing",
    ),
    (
        "informal_borrowing",
        "Rp per household per month",
        "mean new borrowing from money lenders",
        METRICS,
        "Money-lender borrowing",
    ),
    (
        "defaults",
        "share of households",
        "households defaulting this month (arrears of credit.default_after months)",
        METRICS,
        "Defaults",
    ),
    (
        "asset_sales_share",
        "share of households",
        "households pawning or selling assets this month",
        METRICS,
        "Selling assets",
    ),
    ("mean_savings", "Rp per household", "mean savings, free and locked", METRICS, "Mean savings"),
    (
        "savings_buffer_share",
        "share of households",
        "households whose savings cover at least one month of need",
        METRICS,
        "Savings buffer",
    ),
    (
        "school_enrolment",
        "share of children",
        "children aged 7-18 enrolled",
        METRICS,
        "School enrolment",
    ),
    (
        "school_enrolment_poor",
        "share of children",
        "children aged 7-18 of poor households enrolled",
        METRICS,
        "School enrolment of the poor",
    ),
    ("dropouts", "children", "children leaving school this month", METRICS, "Dropouts"),
    (
        "leavers_school_years_mean",
        "years",
        "mean completed school years (months enrolled / 12) of the children who turned "
        "19 and left home this month; empty when none left",
        METRICS,
        "Leavers' school years",
    ),
    (
        "leavers_earnings_factor_mean",
        "ratio",
        "mean earnings of this month's leavers relative to their households' earnings "
        "per earner, exp(r (years - reference)) (model/human_capital.py); empty when "
        "none left",
        METRICS,
        "Leavers' earnings factor",
    ),
    (
        "remittance_premium_total",
        "Rp per month",
        "grown children's transfers to their parents' households above (below, if "
        "negative) the calibrated average, from their schooling: the sum over households "
        "of transfer_share x earnings per earner x (exp(r (years - reference)) - 1) of "
        "each child still sending (model/human_capital.py)",
        METRICS,
        "Remittance premium",
    ),
    (
        "remittance_premium_share",
        "share of income",
        "remittance_premium_total over households' cash income this month",
        METRICS,
        "Remittance premium share",
    ),
    (
        "unemployment_rate",
        "share of earners",
        "earners without wage work",
        METRICS,
        "Unemployment rate",
    ),
    ("price_index", "index (month 0 = 1)", "price level (crises move it)", METRICS, "Price index"),
    (
        "registry_size",
        "households",
        "households in the targeting registry",
        REGISTRY,
        "Registry size",
    ),
    (
        "registry_share",
        "share of households",
        "households in the registry",
        REGISTRY,
        "Registry share",
    ),
    ("registry_pmt_r2", "-", "R² of the proxy-means-test regression", REGISTRY, "PMT R²"),
    (
        "registry_poor_coverage",
        "share of poor households",
        "poor households (pre-transfer) in the registry",
        REGISTRY,
        "Registry coverage of the poor",
    ),
    (
        "registry_age_months",
        "months",
        "months since the last full registry update",
        REGISTRY,
        "Registry age",
    ),
    (
        "registry_record_age_months",
        "months",
        "mean months since members were enumerated",
        REGISTRY,
        "Registry record age",
    ),
    (
        "registry_applications",
        "households",
        "on-demand applications this month",
        REGISTRY,
        "Registry applications",
    ),
    (
        "registry_added",
        "households",
        "households added to the registry this month",
        REGISTRY,
        "Added to the registry",
    ),
    (
        "registry_removed",
        "households",
        "registry members removed this month by local verification (with the desk)",
        REGISTRY,
        "Removed from the registry",
    ),
    (
        "registry_exclusion_record_0_11",
        "share of poor households",
        "poor households (pre-transfer) with a record 0-11 months old outside the registry",
        REGISTRY,
        "Exclusion, records 0-11 months",
    ),
    (
        "registry_exclusion_record_12_23",
        "share of poor households",
        "poor households (pre-transfer) with a record 12-23 months old outside the registry",
        REGISTRY,
        "Exclusion, records 12-23 months",
    ),
    (
        "registry_exclusion_record_24plus",
        "share of poor households",
        "poor households (pre-transfer) with a record 24 or more months old outside the registry",
        REGISTRY,
        "Exclusion, records 24+ months",
    ),
    (
        "desk_applications",
        "households",
        "applications at the on-demand desk (SLRT/Puskesos) this month",
        REGISTRY,
        "Desk applications",
    ),
    (
        "desk_accepted",
        "households",
        "desk applications passing the check this month (they enter after processing)",
        REGISTRY,
        "Desk accepted",
    ),
    (
        "desk_beneficiaries",
        "households",
        "households covered by any programme this month who entered the registry through "
        "the desk since the last full build",
        REGISTRY,
        "Desk beneficiaries",
    ),
]
# Programme columns of timeseries.csv are declared by the programmes themselves (the
# shared ones in model/programmes/base.py, each programme's own in its module) and read
# from the programme table: see programme_monthly().
AVERAGED = (
    "poverty_headcount",
    "poverty_gap",
    "poverty_severity",
    "gini",
    "share_in_debt",
    "debt_trap_share",
    "savings_buffer_share",
    "school_enrolment_poor",
)
DYNAMICS = [
    (
        "ever_poor_share",
        "float",
        "share of households",
        "households poor in at least one of months 1..M",
        "model/metrics.py",
        "Ever poor",
    ),
    (
        "chronic_poor_share",
        "float",
        "share of households",
        "households poor in more than half of months 1..M",
        "model/metrics.py",
        "Chronically poor",
    ),
    (
        "transient_poor_share",
        "float",
        "share of households",
        "ever poor but not chronically",
        "model/metrics.py",
        "Transiently poor",
    ),
    (
        "households",
        "float",
        "households",
        "households simulated (N)",
        "model/metrics.py",
        "Households",
    ),
    (
        "poor_household_months",
        "float",
        "household-months",
        "household-months spent poor in months 1..M",
        "model/metrics.py",
        "Household-months in poverty",
    ),
    (
        "exits_lasting_12m",
        "float",
        "households",
        "exits from poverty followed by at least "
        "12 non-poor months (counted when the 12th is reached; censored at the end)",
        "model/metrics.py",
        "Exits lasting 12+ months",
    ),
]
STATS = [
    ("sd", "float", "metric's unit", "standard deviation over replications (R - 1)"),
    (
        "ci_low",
        "float",
        "metric's unit",
        "lower end of the t-based 95 % interval of the mean (empty with one replication)",
    ),
    ("ci_high", "float", "metric's unit", "upper end of the t-based 95 % interval"),
    ("replications", "int", "replications", "replications with a value"),
]
PANEL_COLUMNS = [
    ("household", "int", "-", "stable household id (row of the population)"),
    ("village", "int", "-", "village id"),
    ("urban", "bool", "-", "the household lives in an urban village"),
    ("size", "int", "persons", "household members this month"),
    (
        "poverty_line",
        "float",
        "Rp per capita per month",
        "area poverty line at this month's prices",
    ),
    (
        "consumption_pc",
        "float",
        "Rp per capita per month",
        "per-capita consumption this month (post-transfer welfare)",
    ),
    (
        "measured_consumption_pc",
        "float",
        "Rp per capita per month",
        "per-capita consumption as a survey measures it (true consumption times a "
        "mean-one log-normal measurement error, consumption.measurement_sd)",
    ),
    (
        "pretransfer_consumption_pc",
        "float",
        "Rp per capita per month",
        "per-capita consumption the household would have had without this month's transfers",
    ),
    ("poor", "bool", "-", "post-transfer consumption below the line"),
    ("savings", "float", "Rp per household", "free savings"),
    ("debt", "float", "Rp per household", "outstanding debt"),
    ("assets", "float", "Rp per household", "productive assets"),
    ("children_7_15", "int", "children", "children aged 7-15 in the household"),
    (
        "out_of_school_7_15",
        "int",
        "children",
        "children aged 7-15 not enrolled in school (Cahyadi et al. 2020's PKH outcome)",
    ),
    (
        "remittance_premium",
        "float",
        "Rp per month",
        "grown children's transfers to the household above (below, if negative) the "
        "calibrated average, from their schooling (model/human_capital.py), month-0 prices",
    ),
    ("in_registry", "bool", "-", "on the targeting registry (false without a registry)"),
    (
        "{p}_received",
        "float",
        "Rp per household per month",
        "amount reaching the "
        "household from programme p this month (empty where the scenario lacks p)",
    ),
    (
        "{p}_covered",
        "bool",
        "-",
        "covered by programme p this month (empty where the scenario lacks p; nullable)",
    ),
    (
        "{p}_received_period",
        "float",
        "Rp per household per month",
        "mean monthly amount received from p since the previous panel month (a recall period)",
    ),
]
SENS = "sensitivity"
SENS_SOURCE = "experiments/sensitivity.py"
SENSITIVITY_COLUMNS = [
    ("sample.csv", "sample", "int", "-", "sample point number"),
    (
        "sample.csv",
        "{parameter}",
        "float",
        "parameter's unit",
        "sampled value of the uncertain parameter (its dotted name)",
    ),
    ("outputs.csv", "sample", "int", "-", "sample point number"),
    (
        "outputs.csv",
        "{output}",
        "float",
        "output's unit",
        "output at the sample point, mean over replications (with --vs: scenario minus baseline)",
    ),
]
for _f in ("sobol_indices.csv", "fast_indices.csv"):
    SENSITIVITY_COLUMNS += [
        (_f, "output", "str", "-", "output analysed"),
        (_f, "parameter", "str", "-", "uncertain parameter (dotted name)"),
        (_f, "S1", "float", "share of variance", "first-order index"),
        (
            _f,
            "S1_conf",
            "float",
            "share of variance",
            "half-width of the 95 % bootstrap interval of S1",
        ),
        (_f, "ST", "float", "share of variance", "total-order index"),
        (_f, "ST_conf", "float", "share of variance", "half-width of the 95 % interval of ST"),
    ]
SENSITIVITY_COLUMNS += [
    ("sobol_s2.csv", "output", "str", "-", "output analysed"),
    ("sobol_s2.csv", "parameter_1", "str", "-", "first parameter of the pair"),
    ("sobol_s2.csv", "parameter_2", "str", "-", "second parameter of the pair"),
    ("sobol_s2.csv", "S2", "float", "share of variance", "second-order index of the pair"),
    ("sobol_s2.csv", "S2_conf", "float", "share of variance", "half-width of its 95 % interval"),
    ("morris_indices.csv", "output", "str", "-", "output analysed"),
    ("morris_indices.csv", "parameter", "str", "-", "uncertain parameter (dotted name)"),
    ("morris_indices.csv", "mu", "float", "output units", "mean elementary effect"),
    ("morris_indices.csv", "mu_star", "float", "output units", "mean absolute elementary effect"),
    (
        "morris_indices.csv",
        "mu_star_conf",
        "float",
        "output units",
        "half-width of the 95 % bootstrap interval of mu_star",
    ),
    (
        "morris_indices.csv",
        "sigma",
        "float",
        "output units",
        "standard deviation of the elementary effects",
    ),
]
SWEEP_SOURCE = "experiments/sweep.py"
SWEEP_IDS = [
    ("sample", "int", "-", "sweep point number (grid cell or Latin-hypercube row)"),
    (
        "{parameter}",
        "float",
        "parameter's unit",
        "value of the swept parameter at this point (its dotted name)",
    ),
]
DISCOVERY_SOURCE = "analysis/discovery.py"
DISCOVERY_COLUMNS = [
    ("prim_trajectory.csv", "box", "int", "-", "step of the PRIM peeling trajectory"),
    (
        "prim_trajectory.csv",
        "coverage",
        "float",
        "share of cases",
        "cases of interest inside the box over all cases of interest",
    ),
    (
        "prim_trajectory.csv",
        "density",
        "float",
        "share of points",
        "cases of interest among the points inside the box",
    ),
    ("prim_trajectory.csv", "mass", "float", "share of points", "points inside the box"),
    ("prim_trajectory.csv", "restricted", "int", "parameters", "parameters the box limits"),
    ("prim_trajectory.csv", "chosen", "bool", "-", "the box reported in prim_box.csv"),
    ("prim_box.csv", "parameter", "str", "-", "parameter the box limits (dotted name)"),
    ("prim_box.csv", "label", "str", "-", "parameter label from its declaration"),
    ("prim_box.csv", "low", "float", "parameter's unit", "lower limit of the box"),
    ("prim_box.csv", "high", "float", "parameter's unit", "upper limit of the box"),
    ("prim_box.csv", "sampled_low", "float", "parameter's unit", "lowest value sampled"),
    ("prim_box.csv", "sampled_high", "float", "parameter's unit", "highest value sampled"),
    (
        "prim_box.csv",
        "qp_value",
        "float",
        "probability",
        "quasi-p-value of the restriction (EMA Workbench)",
    ),
    ("cart_boxes.csv", "box", "int", "-", "leaf of the classification tree"),
    ("cart_boxes.csv", "parameter", "str", "-", "parameter (dotted name)"),
    ("cart_boxes.csv", "low", "float", "parameter's unit", "lower limit of the leaf"),
    ("cart_boxes.csv", "high", "float", "parameter's unit", "upper limit of the leaf"),
    (
        "cart_boxes.csv",
        "coverage",
        "float",
        "share of cases",
        "cases of interest in the leaf over all cases of interest",
    ),
    (
        "cart_boxes.csv",
        "density",
        "float",
        "share of points",
        "cases of interest among the leaf's points",
    ),
    ("cart_boxes.csv", "mass", "float", "share of points", "points in the leaf"),
]
WINNERS_COLUMNS = [
    ("scenario", "str", "-", "scenario compared with the baseline"),
    ("decile", "str", "-", "decile of pre-transfer welfare in the baseline (1 = poorest; All)"),
    (
        "winners",
        "float",
        "share of households",
        "households whose per-capita consumption is above the baseline's by more than 1 %",
    ),
    (
        "losers",
        "float",
        "share of households",
        "households whose per-capita consumption is below the baseline's by more than 1 %",
    ),
    (
        "mean_change",
        "float",
        "share of consumption",
        "mean relative change of per-capita consumption against the baseline",
    ),
]

# Recipients' consumption response per rupiah (summary.csv only; not differenced).
RESPONSES = [
    (
        "consumption_response_within_month",
        "float",
        "Rp per Rp",
        "recipients' consumption gain in their payment months (consumption less the "
        "pre-transfer counterfactual) per rupiah of cash and food received, months 1..M",
        "experiments/runner.py",
        "Consumption per Rp received (same month)",
    ),
    (
        "consumption_response_paired",
        "float",
        "Rp per Rp",
        "district consumption over the programme months plus three, minus the paired "
        "baseline's (same seed), per rupiah of transfers; empty for the baseline",
        "experiments/comparison.py",
        "Consumption per Rp received (paired, +3 months)",
    ),
]


def programme_monthly(table: tuple | None = None) -> tuple[list[tuple], list[tuple]]:
    """The programme columns of timeseries.csv from the programme ``table`` (default
    :data:`model.programmes.PROGRAMMES`): the shared ``{p}`` columns and every
    programme's own, each as (name, unit, definition, source, label)."""
    table = PROGRAMMES if table is None else table
    shared = [
        (c.name, c.unit, c.definition, c.source or PROGRAMME, c.label) for c in SHARED_COLUMNS
    ]
    own = [
        (c.name, c.unit, c.definition, c.source or prog.source(), c.label)
        for prog in table
        for c in prog.columns
    ]
    return shared, own


def _summary_columns() -> list[Column]:
    out = [
        _c(SUM, f"{{m}}_{what}", "float", "metric's unit", text, RUNS)
        for what, text in (
            ("month0", "value in month 0"),
            ("final", "value in the last month"),
            ("mean", "mean over months 1..M"),
        )
    ]
    out.append(
        _c(
            SUM,
            "{p}_spending_total",
            "float",
            "Rp",
            "programme spending over months 1..M",
            RUNS,
            "Spending over the run",
        )
    )
    out += [_c(SUM, n, t, u, d, s, lab) for n, t, u, d, s, lab in DYNAMICS]
    return out


def _build(table: tuple | None = None) -> list[Column]:
    shared, own = programme_monthly(table)
    cols: list[Column] = [
        _c(file, n, t, u, d, s, lab)
        for file in (SUM, "sweep_summary.csv")
        for n, t, u, d, s, lab in RESPONSES
    ]
    batch_files = [TS, SUM, "scenario_summary.csv", "paired_differences.csv", PANEL]
    for file in batch_files:
        for name, (t, u, d, s, lab) in ID_COLUMNS.items():
            if name == "month" and file not in (TS, PANEL):
                continue
            if name in ("replication", "seed") and file in (
                "scenario_summary.csv",
                "paired_differences.csv",
            ):
                continue
            cols.append(_c(file, name, t, u, d, s, lab))
    cols += [_c(TS, n, "float", u, d, s, lab) for n, u, d, s, lab in MONTHLY]
    cols += [_c(TS, n, "float", u, d, s, lab) for n, u, d, s, lab in [*shared, *own]]
    cols += _summary_columns()
    cols += [
        _c("scenario_summary.csv", "metric", "str", "-", "summary.csv column", RUNS),
        _c(
            "scenario_summary.csv",
            "mean",
            "float",
            "metric's unit",
            "mean over replications",
            "experiments/comparison.py",
        ),
        _c(
            "paired_differences.csv",
            "baseline",
            "str",
            "-",
            "scenario compared against",
            "experiments/comparison.py",
        ),
        _c("paired_differences.csv", "metric", "str", "-", "summary.csv column", RUNS),
        _c(
            "paired_differences.csv",
            "mean_difference",
            "float",
            "metric's unit",
            "mean over replications of scenario minus baseline (same seed)",
            "experiments/comparison.py",
        ),
    ]
    for file in ("scenario_summary.csv", "paired_differences.csv"):
        cols += [_c(file, n, t, u, d, "experiments/comparison.py") for n, t, u, d in STATS]
    cols += [_c(PANEL, n, t, u, d, SNAPSHOT) for n, t, u, d in PANEL_COLUMNS]
    cols += [_c(f, n, t, u, d, SENS_SOURCE) for f, n, t, u, d in SENSITIVITY_COLUMNS]
    # Sweeps: the tidy long tables carry the swept values as columns.
    for file, extra in (
        ("sweep_timeseries.csv", ["month"]),
        ("sweep_summary.csv", []),
        ("sweep_effects.csv", []),
    ):
        cols.append(_c(file, "scenario", "str", "-", "scenario file's name", SWEEP_SOURCE))
        cols += [_c(file, n, t, u, d, SWEEP_SOURCE) for n, t, u, d in SWEEP_IDS]
        for name in ("replication", "seed", *extra):
            t, u, d, _, lab = ID_COLUMNS[name]
            cols.append(_c(file, name, t, u, d, SWEEP_SOURCE, lab))
    cols.append(
        _c(
            "sweep_effects.csv",
            "baseline",
            "str",
            "-",
            "baseline run with the same parameter values and seed",
            SWEEP_SOURCE,
        )
    )
    cols += [_c("sweep_points.csv", n, t, u, d, SWEEP_SOURCE) for n, t, u, d in SWEEP_IDS]
    for name, u, d, s, lab in [*MONTHLY, *shared, *own]:
        cols.append(_c("sweep_timeseries.csv", name, "float", u, d, s, lab))
    for file, text in (
        ("sweep_summary.csv", ""),
        ("sweep_effects.csv", " (scenario minus baseline, same seed)"),
    ):
        for col in _summary_columns():
            cols.append(
                Column(
                    file, col.name, col.type, col.unit, col.definition + text, col.source, col.label
                )
            )
    cols += [_c(f, n, t, u, d, DISCOVERY_SOURCE) for f, n, t, u, d in DISCOVERY_COLUMNS]
    cols += [
        _c("winners_losers.csv", n, t, u, d, "analysis/winners.py")
        for n, t, u, d in WINNERS_COLUMNS
    ]
    return cols


COLUMNS: list[Column] = _build()
FILES: list[str] = list(dict.fromkeys(c.file for c in COLUMNS))
EXPANSIONS = {"m": AVERAGED}


def columns(table: tuple | None = None) -> list[Column]:
    """Every declared column, for the programme ``table`` (default: the programme table,
    :data:`COLUMNS`)."""
    return COLUMNS if table is None else list(_built(tuple(table)))


@functools.cache
def _built(table: tuple) -> tuple[Column, ...]:
    return tuple(_build(table))


def lookup(file: str, column: str, table: tuple | None = None) -> Column | None:
    """The declaration of a real column of ``file`` (exact names before patterns)."""
    entries = [c for c in columns(table) if c.file == file]
    for c in entries:
        if c.name == column:
            return c
    for c in entries:
        if "{" not in c.name:
            continue
        m = c.pattern().fullmatch(column)
        if m is None:
            continue
        if "m" in m.groupdict() and m.group("m") not in EXPANSIONS["m"]:
            continue
        return c
    return None


def undeclared(file: str, names: Iterable[str], table: tuple | None = None) -> list[str]:
    """Columns of ``file`` that no entry declares."""
    return [c for c in names if lookup(file, c, table) is None]


def expected(
    file: str,
    programmes: Iterable[str],
    parameters: Iterable[str] = (),
    outputs: Iterable[str] = (),
    table: tuple | None = None,
) -> list[str]:
    """Every column the declarations promise for ``file`` given the programmes,
    parameters and outputs of a run (placeholders expanded; ``{p}`` entries only for
    the generic programme columns, programme-specific ones are literal names), for the
    programme ``table`` (default: the programme table)."""
    out = []
    for c in columns(table):
        if c.file != file:
            continue
        if "{p}" in c.name:
            out += [c.name.replace("{p}", p) for p in programmes]
        elif "{m}" in c.name:
            out += [c.name.replace("{m}", m) for m in AVERAGED]
        elif "{parameter}" in c.name:
            out += list(parameters)
        elif "{output}" in c.name:
            out += list(outputs)
        else:
            out.append(c.name)
    return out


# from the programme table; other names are shown in capitals
PROGRAMME_LABELS = {prog.name: prog.label for prog in PROGRAMMES}


def programme_label(name: str) -> str:
    """A programme's name in tables and figures (``pkh`` -> "PKH")."""
    return PROGRAMME_LABELS.get(name, name.replace("_", "-").upper())


def describe(file: str, column: str) -> tuple[str, str, str]:
    """(label, unit, definition) of a real column; the column itself when undeclared."""
    c = lookup(file, column)
    if c is None:
        return column, "", ""
    label = c.short
    m = c.pattern().fullmatch(column)
    if m is not None and (m.groupdict().get("parameter") or m.groupdict().get("output")):
        label = column
    elif m is not None and m.groupdict().get("p"):
        label = f"{programme_label(m.group('p'))}: {label.lower()}"
    elif m is not None and m.groupdict().get("m"):
        base = lookup(TS, m.group("m"))
        what = column.rsplit("_", 1)[1]
        when = {"month0": "month 0", "final": "last month", "mean": "mean over months"}[what]
        label = f"{base.short if base else m.group('m')}, {when}"
    return label, c.unit, c.definition


def output_label(name: str) -> str:
    """Readable label of a sensitivity or sweep output (``poverty_gap_mean`` ->
    "Poverty gap, mean over months")."""
    label, _, definition = describe(SUM, name)
    if definition:
        return label
    if name.endswith(("_final", "_mean")):
        metric, what = name.rsplit("_", 1)
        base = lookup(TS, metric)
        if base is not None:
            label, _, _ = describe(TS, metric)
            return f"{label}, {'last month' if what == 'final' else 'mean over months'}"
    if name == "spending_per_gap_reduction":
        return "Rp per point of poverty gap closed"
    return name


def parquet_field_metadata(file: str, columns: Iterable[str]) -> dict[str, dict[bytes, bytes]]:
    """Per column: ``{b"unit": ..., b"definition": ..., b"label": ...}`` for Parquet."""
    out = {}
    for col in columns:
        label, unit, definition = describe(file, col)
        out[col] = {
            b"label": label.encode(),
            b"unit": unit.encode(),
            b"definition": definition.encode(),
        }
    return out


def markdown(table: tuple | None = None) -> str:
    """docs/OUTPUTS.md: one table per file (for the programme ``table``, default the
    programme table)."""
    entries = columns(table)
    lines = [
        "# Output files and their columns",
        "",
        "Generated from `outputs/dictionary.py` by `python run.py dictionary > "
        "docs/OUTPUTS.md`; do not edit by hand. `{p}` stands for a programme "
        "(`pkh`, `blt`, ...), `{m}` for one of "
        + ", ".join(f"`{m}`" for m in AVERAGED)
        + ", `{parameter}` for a dotted parameter name and `{output}` for an output name.",
        "",
    ]
    for file in dict.fromkeys(c.file for c in entries):
        lines += [
            f"## `{file}`",
            "",
            "| column | type | unit | definition | source |",
            "|---|---|---|---|---|",
        ]
        for c in entries:
            if c.file == file:
                lines.append(
                    f"| `{c.name}` | {c.type} | {c.unit} | {c.definition} | `{c.source}` |"
                )
        lines.append("")
    return "\n".join(lines)
