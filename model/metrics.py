"""Step 8 of the month: metrics computed from state and the month's flows.

Poverty and inequality are person-weighted (each household counts its members), on
per-capita consumption (cash plus food assistance) against the area poverty line at
this month's prices, as BPS measures them: on survey-measured consumption (true
consumption times a measurement error). The ``*_true`` columns are the same statistics
on true consumption.
"""

from __future__ import annotations

import numpy as np

from measures.poverty import fgt_all, gini
from model.children_kernels import enrolment_counts
from model.state import HouseholdState

MONTHLY_METRICS = (
    "poverty_headcount",
    "poverty_gap",
    "poverty_severity",
    "gini",
    "poverty_headcount_true",
    "poverty_gap_true",
    "poverty_severity_true",
    "gini_true",
    "mean_consumption_pc",
    "consumption_total",
    "transfers_total",
    "consumption_gain_from_transfers",
    "poor_household_size",
    "poverty_entries",
    "poverty_exits",
    "share_in_debt",
    "share_in_debt_poor",
    "mean_debt",
    "debt_trap_share",
    "rollover_share",
    "rollover_borrowing",
    "new_borrowing",
    "informal_borrowing",
    "defaults",
    "asset_sales_share",
    "pawning_share",
    "pawn_holders_share",
    "pawn_forfeit_share",
    "capital_drawn_share",
    "community_support_share",
    "mean_savings",
    "savings_buffer_share",
    "school_enrolment",
    "school_enrolment_poor",
    "dropouts",
    "leavers_school_years_mean",
    "leavers_earnings_factor_mean",
    "remittance_premium_total",
    "remittance_premium_share",
    "unemployment_rate",
    "price_index",
)


def monthly_metrics(
    state: HouseholdState,
    consumption: np.ndarray,
    measured: np.ndarray,
    line: np.ndarray,
    need: np.ndarray,
    flows: dict[str, np.ndarray],
    poor: np.ndarray,
    was_poor: np.ndarray | None,
    price_index: float,
    pretransfer: np.ndarray | None = None,
) -> dict[str, float]:
    """District-level indicators of one month.

    ``consumption`` (true) and ``measured`` (survey-measured) Rp/household/month;
    ``line`` Rp/capita/month at this month's prices; ``poor`` is the household's true
    poverty status this month; ``pretransfer`` is consumption had there been no
    transfers this month (Rp/household).
    """
    size = state.size
    pc = consumption / size
    p0, p1, p2 = fgt_all(measured / size, line, weights=size)
    t0, t1, t2 = fgt_all(pc, line, weights=size)
    total_debt = state.total_debt + state.pawn_loan
    n = state.n
    zeros = np.zeros(n)
    school_age, in_school, poor_kids, poor_in_school = enrolment_counts(
        state.child_age, state.enrolled, poor
    )
    borrowing = flows.get("borrowing", np.zeros(n))
    by_lender = flows.get("borrowing_by_lender")
    out = {
        "poverty_headcount": p0,
        "poverty_gap": p1,
        "poverty_severity": p2,
        "gini": gini(measured / size, weights=size),
        "poverty_headcount_true": t0,
        "poverty_gap_true": t1,
        "poverty_severity_true": t2,
        "gini_true": gini(pc, weights=size),
        "mean_consumption_pc": float(np.sum(consumption) / np.sum(size)),
        "consumption_total": float(np.sum(consumption)),
        "transfers_total": float(np.sum(state.transfer_cash) + np.sum(state.transfer_food)),
        "consumption_gain_from_transfers": 0.0
        if pretransfer is None
        else float(np.sum(consumption - pretransfer)),
        "poor_household_size": float(size[poor].mean()) if poor.any() else float("nan"),
        "poverty_entries": float("nan"),
        "poverty_exits": float("nan"),
        "share_in_debt": float(np.mean(total_debt > DEBT_THRESHOLD)),
        "share_in_debt_poor": float(np.mean(total_debt[poor] > DEBT_THRESHOLD))
        if poor.any()
        else float("nan"),
        "mean_debt": float(total_debt.mean()),
        "debt_trap_share": float(np.mean(flows.get("debt_trap", np.zeros(n, bool)))),
        "rollover_share": float(np.mean(flows.get("rollover", np.zeros(n)) > 0)),
        "rollover_borrowing": float(np.mean(flows.get("rollover", np.zeros(n)))),
        "new_borrowing": float(borrowing.mean()),
        "informal_borrowing": float(by_lender[:, 2].mean()) if by_lender is not None else 0.0,
        "defaults": float(np.mean(flows.get("default", np.zeros(n, bool)))),
        "asset_sales_share": float(np.mean(flows.get("asset_sales", zeros) > 0)),
        "pawning_share": float(np.mean(flows.get("pawned_value", zeros) > 0)),
        "pawn_holders_share": float(np.mean(state.pawn_loan > 0)),
        "pawn_forfeit_share": float(np.mean(flows.get("pawn_forfeited_value", zeros) > 0)),
        "capital_drawn_share": float(np.mean(flows.get("capital_drawn", zeros) > 0)),
        "community_support_share": float(np.mean(flows.get("community_transfer", zeros) > 0)),
        "mean_savings": float(np.mean(state.savings + state.savings_locked)),
        "savings_buffer_share": float(np.mean(state.savings + state.savings_locked >= need)),
        "school_enrolment": float(in_school / max(school_age, 1)),
        "school_enrolment_poor": float(poor_in_school / max(poor_kids, 1)),
        "dropouts": float(flows.get("dropouts", np.zeros(n)).sum()),
        **human_capital_metrics(flows, n),
        "unemployment_rate": float(1 - state.employed.sum() / max(int(state.earners.sum()), 1)),
        "price_index": float(price_index),
    }
    if was_poor is not None:
        out["poverty_entries"] = float(np.sum(poor & ~was_poor) / max(np.sum(~was_poor), 1))
        out["poverty_exits"] = float(np.sum(~poor & was_poor) / max(np.sum(was_poor), 1))
    return out


def human_capital_metrics(flows: dict[str, np.ndarray], n: int) -> dict[str, float]:
    """Mean completed school years and mean earnings factor exp(r (S - S_ref)) of the
    children who left home this month (NaN when none left) and grown children's
    transfer premium (model/human_capital.py): its district total (Rp) and its share of
    households' cash income."""
    zeros = np.zeros(n)
    leavers = float(flows.get("children_left", zeros).sum())
    months = float(flows.get("leaver_school_months", zeros).sum())
    factor = float(flows.get("leaver_earnings_factor", zeros).sum())
    premium = float(flows.get("remittance", zeros).sum())
    income = float(flows.get("income", zeros).sum())
    return {
        "leavers_school_years_mean": months / 12.0 / leavers if leavers > 0 else float("nan"),
        "leavers_earnings_factor_mean": factor / leavers if leavers > 0 else float("nan"),
        "remittance_premium_total": premium,
        "remittance_premium_share": premium / income if income > 0 else 0.0,
    }


# A household counts as in debt when it owes more than this (Rp): ignores rounding
# residues of repaid loans; a reporting threshold, not a parameter.
DEBT_THRESHOLD = 1_000.0
SUSTAINED_EXIT_MONTHS = 12  # an exit from poverty "lasts" if the household stays out 12 months
NEVER_POOR = -(2**30)  # non-poor spell counter of a household not yet seen poor


def nonpoor_spell(spell: np.ndarray, poor: np.ndarray) -> np.ndarray:
    """Consecutive non-poor months since each household was last poor (0 when poor this
    month); households never yet poor keep a large negative value so they never count
    as exiting."""
    return np.where(poor, 0, spell + 1)


def sustained_exits(spell: np.ndarray) -> int:
    """Exits from poverty that have just reached SUSTAINED_EXIT_MONTHS non-poor months.

    Counting the households whose spell equals the threshold exactly counts each exit
    once, in the month it qualifies; exits in the last 11 months of a run are censored.
    """
    return int(np.sum(spell == SUSTAINED_EXIT_MONTHS))


def run_summary(
    poor_months: np.ndarray, months_observed: int, exits_12m: int = 0
) -> dict[str, float]:
    """Whole-run poverty dynamics over households: ever poor, chronically poor (poor in
    more than half of the months) and transiently poor (ever poor but not chronically);
    household-months in poverty (months 1..M, a count) and exits from poverty that
    lasted at least 12 months (a count; see :func:`sustained_exits`)."""
    ever = poor_months > 0
    chronic = poor_months > months_observed / 2
    return {
        "ever_poor_share": float(ever.mean()),
        "chronic_poor_share": float(chronic.mean()),
        "transient_poor_share": float((ever & ~chronic).mean()),
        "households": float(poor_months.size),
        "poor_household_months": float(poor_months.sum()),
        "exits_lasting_12m": float(exits_12m),
    }
