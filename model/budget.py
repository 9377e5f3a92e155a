"""Step 7 of the month: the household budget, consumption, debt and coping.

Order within the budget (docs/ODD.md, "Household budget"):

0. A pledge not redeemed within ``credit.pawn_term`` months is forfeited: the pawnshop
   keeps the assets and the loan is extinguished.
1. Interest accrues on each loan; the scheduled instalment is interest plus principal
   over the lender's term. The pawnshop charges its fee and has no instalments.
2. Cash on hand = savings + income + cash transfers. Food assistance (BPNT) replaces food
   spending up to the food share of the consumption target; it never reaches debt. The
   part of a cash transfer above what the household expects to receive this month (its
   ``expected_transfer``, an average of past receipts a month, times the months since
   the last receipt, up to the calendar households know,
   ``consumption.transfer_schedule_months``) is a windfall.
3. The part of cash transfers that households put to debt (``transfer_to_debt``) is paid
   to lenders first, highest rate first.
4. Consumption (a buffer-stock rule on cash on hand): the habitual level comes from
   permanent income including expected transfers, so regular instalments are smoothed.
   - No shortfall (cash on hand covers health costs, instalments and habitual
     consumption): a share ``consumption.windfall_mpc`` of a windfall is consumed and
     ``windfall_debt_share`` repays expensive debt (rate at least
     ``expensive_rate``: cheap family and formal debt is not prepaid); pledges are
     redeemed with ``credit.pawn_redeem_share`` of the cash left; savings above the
     buffer target (``buffer_months`` of permanent income above need, plus the part of
     expected instalments set aside for the months until the next one,
     ``transfer_reserve``) partly rebuild lost capital (``income.reinvest_share``),
     partly grow it (``income.growth_invest_share``), and are spent down at
     ``spend_down_rate`` a month.
   - Shortfall: savings first (commitment savings only in a shock month); then credit in
     the coping order family, pawnshop (``pawn_ltv`` of the productive assets), formal
     (where eligible), savings group, money lender, each within its limit; then asset
     sales at a discount; then business capital is eroded (down to the failure
     threshold, ``shocks.business_failure_capital`` of start capital: below it the stock
     is a closed business's restart fund); finally consumption is cut.
     Debt, pawning, sales and capital defend consumption only up to need, and not the
     part resting on expected transfers unless an instalment is due on the known
     calendar; savings defend the habitual level. Money is spent in the order: health
     costs, consumption down to a floor, instalments (unpaid ones become arrears), then
     the rest of consumption.
   - Family and community support (``community_floor``) tops consumption up to a share
     of need when all else fails.
5. Households with arrears for ``credit.default_after`` months default: lenders seize
   productive assets up to the debt and write off the rest.

Savings groups (``programmes.savings``) add a fourth lender (column ``state.GROUP``)
for their members: a :class:`GroupLender` the programme offers (``Payments.lender``) and
the model passes to :func:`household_budget`, with its own rate, term and
per-household limit. It takes its place by its rate among the credit lines after family
and the pawnshop, so members borrow from the group before a money lender.

:func:`consumption_without_transfers` runs the same budget on copies of some households
with this month's transfers removed: the pre-transfer welfare against which targeting
errors are judged.

Every flow of the month is returned, so that money in (income, transfers, food used,
borrowing including pawning, asset sales, savings drawn, business capital drawn,
community support) equals money out (consumption, debt service including redemptions,
health costs, new savings, investment) for every household, to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from model.budget_kernel import (
    COUNTERS,
    CREDIT,
    FLAGS,
    INPUTS,
    LENDERS,
    OUT,
    OUT_BOOL,
    OUT_K,
    STOCKS,
    budget_loop,
    pack,
    scalar_vector,
)
from model.parameters import Params
from model.state import FAMILY, GROUP, HouseholdState

FOOD_SHARE = 0.744  # FACTS: food share of the BPS poverty line, 2024-25


def waterfall(amount: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Split ``amount`` (n,) across ordered buckets with capacities ``caps`` (n, k),
    filling the first bucket before the next."""
    before = np.cumsum(caps, axis=1) - caps
    return np.clip(amount[:, None] - before, 0.0, caps)


@dataclass
class GroupLender:
    """A savings group lending to its members (the budget's fourth lender).

    ``limit`` is each household's credit limit with the group (Rp; 0 for non-members);
    ``debt`` and ``arrears`` (Rp, per household) are updated in place by the budget.
    """

    rate: float  # per month
    term: float  # months
    limit: np.ndarray
    debt: np.ndarray
    arrears: np.ndarray

    def subset(self, rows: np.ndarray) -> GroupLender:
        """Copies of the rows ``rows`` (for counterfactual budgets)."""
        return GroupLender(
            self.rate, self.term, self.limit[rows], self.debt[rows], self.arrears[rows]
        )


# Household attributes the budget reads or writes (copied for counterfactual budgets).
BUDGET_FIELDS = (
    "debt",
    "arrears",
    "arrears_months",
    "debt_rising_months",
    "credit_access",
    "pawn_loan",
    "pawned_assets",
    "pawn_months",
    "expected_transfer",
    "transfer_reserve",
    "months_since_transfer",
    "has_business",
    "savings",
    "savings_locked",
    "assets",
    "assets_target",
    "business_capital",
    "business_start_capital",
    "transfer_cash",
    "transfer_food",
    "transfer_to_debt",
)


def lender_terms(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly rates, terms (months) and limits (months of permanent income) of the
    credit lines (family, formal, informal)."""
    c = params.credit
    rates = np.array([c.family_rate, c.formal_rate, c.informal_rate])
    terms = np.array([c.family_term, c.formal_term, c.informal_term], dtype=float)
    limits = np.array([c.family_limit, c.formal_limit, c.informal_limit])
    return rates, terms, limits


def coping_order(rates: np.ndarray) -> np.ndarray:
    """Lender indices in the order a household in shortfall turns to them.

    ``rates`` are the credit lines' rates followed by the pawnshop's (last). Family
    first, then the pawnshop (quick, no eligibility, Pegadaian: the main coping channel
    in crises), then the other credit lines cheapest first (stable: ties keep the
    declared order).
    """
    pawn = rates.size - 1
    others = [j for j in np.argsort(rates[:pawn], kind="stable") if j != FAMILY]
    return np.array([FAMILY, pawn, *others], dtype=np.int64)


def expected_receipt(state: HouseholdState, params: Params) -> np.ndarray:
    """Cash transfers (Rp) the household expects to receive this month if it receives
    any: its expected monthly transfer times the months since the last receipt, up to
    ``consumption.transfer_schedule_months`` (a known calendar: a quarterly instalment
    is expected to be three months' worth)."""
    cap = int(params.consumption.transfer_schedule_months)
    months = np.minimum(state.months_since_transfer.astype(np.int64) + 1, cap)
    return np.ascontiguousarray(state.expected_transfer * months, dtype=float)


def undefended_transfer(state: HouseholdState, params: Params) -> np.ndarray:
    """The part of the consumption target (Rp) resting on expected transfers that credit
    does not defend in a shortfall: all of the expected transfer, except in a month
    without a receipt while an instalment is due on the known calendar (the household
    borrows against the coming instalment)."""
    cap = int(params.consumption.transfer_schedule_months)
    due = (state.transfer_cash <= 0) & (state.months_since_transfer + 1 < cap)
    return np.ascontiguousarray(np.where(due, 0.0, state.expected_transfer), dtype=float)


def transfer_set_aside(state: HouseholdState, params: Params) -> np.ndarray:
    """Savings (Rp) set aside from expected instalments for the months until the next
    one: last month's reserve plus the expected part of this month's receipt (what is not
    a windfall or put to debt), less the expected transfer this month's consumption
    target spends; never negative."""
    cash = state.transfer_cash
    own = cash - np.minimum(state.transfer_to_debt, cash)
    planned = np.where(cash > 0, np.minimum(own, expected_receipt(state, params)), 0.0)
    reserve = state.transfer_reserve + planned - state.expected_transfer
    return np.ascontiguousarray(np.maximum(reserve, 0.0), dtype=float)


def budget_scalars(params: Params) -> np.ndarray:
    """The budget's scalar parameters, by name (model/budget_kernel.py SCALARS)."""
    c, cons, inc = params.credit, params.consumption, params.income
    return scalar_vector(
        {
            "food_share": FOOD_SHARE,
            "reinvest_share": inc.reinvest_share,
            "growth_invest_share": inc.growth_invest_share,
            "buffer_months": cons.buffer_months,
            "spend_down_rate": cons.spend_down_rate,
            "windfall_mpc": cons.windfall_mpc,
            "windfall_debt_share": cons.windfall_debt_share,
            "expensive_rate": cons.expensive_rate,
            "debt_paydown_rate": cons.debt_paydown_rate,
            "collateral_share": c.collateral_share,
            "asset_sale_discount": c.asset_sale_discount,
            "restart_capital": params.shocks.business_failure_capital,
            "consumption_floor": c.consumption_floor,
            "community_floor": cons.community_floor,
            "pawn_ltv": c.pawn_ltv,
            "pawn_term": c.pawn_term,
            "pawn_redeem_share": c.pawn_redeem_share,
            "trap_service_share": c.trap_service_share,
            "trap_months": c.trap_months,
            "default_after": c.default_after,
        }
    )


def household_budget(
    state: HouseholdState,
    params: Params,
    *,
    cash_income: np.ndarray,
    health_cost: np.ndarray,
    need: np.ndarray,
    target: np.ndarray,
    permanent_income: np.ndarray,
    shock_hit: np.ndarray,
    group_lender: GroupLender | None = None,
) -> dict[str, np.ndarray]:
    """Run the month's budget in place and return its flows (Rp per household).

    ``need`` and ``target`` (habitual consumption) are at this month's prices;
    ``permanent_income`` includes expected transfers. Per-lender flows (``*_by_lender``)
    have one column per credit line (family, formal, informal, and the savings group if
    any) and the pawnshop last. The rules (module docstring) run as one compiled loop:
    model/budget_kernel.py.
    """
    rates, terms, limits = lender_terms(params)
    n = state.savings.shape[0]
    if group_lender is None:
        debt = np.array(state.debt, dtype=float)
        arrears = state.arrears
        access = state.credit_access
        group_limit = np.zeros(0)
    else:
        gl = group_lender
        rates = np.append(rates, gl.rate)
        terms = np.append(terms, float(gl.term))
        limits = np.append(limits, 0.0)
        debt = np.column_stack([state.debt, gl.debt])
        arrears = np.column_stack([state.arrears, gl.arrears])
        access = np.column_stack([state.credit_access, gl.limit > 0])
        group_limit = np.ascontiguousarray(gl.limit, dtype=float)
    k = rates.size
    # the pawnshop as the last lender (fee, no instalments, no credit line)
    rates = np.append(rates, params.credit.pawn_rate)
    terms = np.append(terms, 1.0)
    limits = np.append(limits, 0.0)
    borrow_order = coping_order(rates)
    dear_first = np.ascontiguousarray(np.argsort(-rates, kind="stable"))
    # Stocks the budget updates: private copies, assigned back below.
    savings = np.array(state.savings, dtype=float)
    savings_locked = np.array(state.savings_locked, dtype=float)
    assets = np.array(state.assets, dtype=float)
    business_capital = np.array(state.business_capital, dtype=float)
    arrears = np.array(arrears, dtype=float)
    access = np.array(access, dtype=bool)
    arrears_months = np.array(state.arrears_months, dtype=np.int16)
    debt_rising_months = np.array(state.debt_rising_months, dtype=np.int16)
    pawn_loan = np.array(state.pawn_loan, dtype=float)
    pawned_assets = np.array(state.pawned_assets, dtype=float)
    pawn_months = np.array(state.pawn_months, dtype=np.int16)
    out = np.empty((len(OUT), n))
    out_k = np.empty((len(OUT_K), n, k + 1))
    out_b = np.empty((len(OUT_BOOL), n), dtype=bool)
    f64 = _as_float
    set_aside = transfer_set_aside(state, params)
    budget_loop(
        budget_scalars(params),
        pack(
            LENDERS,
            {
                "rates": rates,
                "terms": terms,
                "limits": limits,
                "borrow_order": borrow_order,
                "dear_first": dear_first,
            },
        ),
        pack(CREDIT, {"debt": debt, "arrears": arrears, "access": access}),
        pack(
            STOCKS,
            {
                "savings": savings,
                "savings_locked": savings_locked,
                "assets": assets,
                "business_capital": business_capital,
                "pawn_loan": pawn_loan,
                "pawned_assets": pawned_assets,
            },
        ),
        pack(
            COUNTERS,
            {
                "arrears_months": arrears_months,
                "debt_rising_months": debt_rising_months,
                "pawn_months": pawn_months,
            },
        ),
        pack(
            FLAGS,
            {
                "has_business": np.ascontiguousarray(state.has_business, dtype=bool),
                "shock_hit": np.ascontiguousarray(shock_hit, dtype=bool),
            },
        ),
        pack(
            INPUTS,
            {
                "assets_target": f64(state.assets_target),
                "business_start_capital": f64(state.business_start_capital),
                "group_limit": group_limit,
                "transfer_cash": f64(state.transfer_cash),
                "transfer_food": f64(state.transfer_food),
                "transfer_to_debt": f64(state.transfer_to_debt),
                "expected_transfer": undefended_transfer(state, params),
                "expected_receipt": expected_receipt(state, params),
                "transfer_reserve": set_aside,
                "cash_income": f64(cash_income),
                "health_cost": f64(health_cost),
                "need": f64(need),
                "target": f64(target),
                "permanent_income": f64(permanent_income),
            },
        ),
        out,
        out_k,
        out_b,
    )
    state.savings = savings
    state.savings_locked = savings_locked
    state.assets = assets
    state.business_capital = business_capital
    state.arrears_months = arrears_months
    state.debt_rising_months = debt_rising_months
    state.pawn_loan = pawn_loan
    state.pawned_assets = pawned_assets
    state.pawn_months = pawn_months
    state.debt = np.ascontiguousarray(debt[:, :GROUP])
    state.credit_access = np.ascontiguousarray(access[:, :GROUP])
    state.arrears = np.ascontiguousarray(arrears[:, :GROUP])
    if group_lender is not None:
        group_lender.debt[:] = debt[:, GROUP]
        group_lender.arrears[:] = arrears[:, GROUP]

    flows: dict[str, np.ndarray] = {
        "income": cash_income,
        "transfers_cash": state.transfer_cash,
        "transfer_set_aside": set_aside,  # kept within savings after the month (model.py)
    }
    for j, name in enumerate(OUT):
        flows[name] = out[j]
    for j, name in enumerate(OUT_K):
        flows[name] = out_k[j]
    for j, name in enumerate(OUT_BOOL):
        flows[name] = out_b[j]
    return flows


def _as_float(a: np.ndarray) -> np.ndarray:
    """A C-contiguous float64 array (no copy when it already is one)."""
    return np.ascontiguousarray(a, dtype=float)


def consumption_without_transfers(
    state: HouseholdState,
    params: Params,
    rows: np.ndarray,
    inputs: dict[str, np.ndarray],
    group_lender: GroupLender | None = None,
) -> np.ndarray:
    """Consumption (Rp per household, this month's prices) that households ``rows`` would
    have if this month's transfers (cash, food, earmarks) were zero.

    Runs :func:`household_budget` on copies of those households, so the real state is
    untouched; ``inputs`` are the keyword inputs of the month's real budget (full length).
    Exact by construction: for a household with no transfer it equals real consumption.
    """
    rows = np.asarray(rows)
    none = np.zeros(rows.size)  # this month's transfers removed (read-only in the budget)
    removed = {"transfer_cash": none, "transfer_food": none, "transfer_to_debt": none}
    # Indexing with ``rows`` copies, so the budget below cannot touch the real state.
    sub = SimpleNamespace(
        **{f: removed[f] if f in removed else getattr(state, f)[rows] for f in BUDGET_FIELDS}
    )
    gl = group_lender.subset(rows) if group_lender is not None else None
    flows = household_budget(
        sub, params, **{k: v[rows] for k, v in inputs.items()}, group_lender=gl
    )
    return flows["consumption"]
