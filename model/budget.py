"""Step 7 of the month: the household budget, debt and coping.

Order within the budget (docs/ODD.md, "Household budget"):

1. Interest accrues on each loan; the scheduled instalment is interest plus principal
   over the lender's term.
2. Cash on hand = income + cash transfers. Food assistance (BPNT) replaces food spending
   up to the food share of the consumption target; it never reaches debt.
3. The part of cash transfers that households put to debt (``transfer_to_debt``) is paid
   to lenders first, highest rate first.
4. Requirement = health cost + remaining instalments + habitual consumption (in cash).
   - Surplus: all instalments are paid, extra debt is repaid (highest rate first), then
     part of the rest is invested to rebuild productive assets and business capital
     lost to shocks or distress sales (up to their month-0 level), then planned saving
     is saved and a share of any unplanned surplus is saved, the rest consumed.
   - Shortfall: households cope in this order: draw savings (commitment savings only in
     a shock month); borrow, cheapest lender first, within each lender's limit; pawn or
     sell productive assets at a discount; and finally cut consumption. Debt and asset
     sales defend consumption only up to need (poverty line x size); savings defend the
     habitual level. Money is spent in the order: health costs, consumption down to a
     floor, instalments (unpaid ones become arrears), then the rest of consumption.
5. Households with arrears for ``credit.default_after`` months default: lenders seize
   productive assets up to the debt and write off the rest.

Savings groups (``programmes.savings``) add a fourth lender (column ``state.GROUP``)
for their members: a :class:`GroupLender` the programme offers (``Payments.lender``) and
the model passes to :func:`household_budget`, with its own rate, term and
per-household limit. It takes its place in the cheapest-first order like any lender, so
members borrow from the group before a money lender.

:func:`consumption_without_transfers` runs the same budget on copies of some households
with this month's transfers removed: the pre-transfer welfare against which targeting
errors are judged.

Every flow of the month is returned, so that money in (income, transfers, borrowing,
asset sales, savings drawn) equals money out (consumption, debt service, health costs,
new savings, investment in productive assets) for every household, to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from model.budget_kernel import OUT, OUT_BOOL, OUT_K, budget_loop
from model.parameters import Params
from model.state import GROUP, HouseholdState

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
    """Monthly rates, terms (months) and limits (months of permanent income) by lender."""
    c = params.credit
    rates = np.array([c.family_rate, c.formal_rate, c.informal_rate])
    terms = np.array([c.family_term, c.formal_term, c.informal_term], dtype=float)
    limits = np.array([c.family_limit, c.formal_limit, c.informal_limit])
    return rates, terms, limits


def household_budget(
    state: HouseholdState,
    params: Params,
    *,
    cash_income: np.ndarray,
    health_cost: np.ndarray,
    need: np.ndarray,
    target: np.ndarray,
    planned_saving: np.ndarray,
    permanent_income: np.ndarray,
    shock_hit: np.ndarray,
    group_lender: GroupLender | None = None,
) -> dict[str, np.ndarray]:
    """Run the month's budget in place and return its flows (Rp per household).

    ``need`` and ``target`` (habitual consumption) are at this month's prices. With a
    ``group_lender`` the lender arrays (and flows ``*_by_lender``) have a fourth column.
    The rules (module docstring) run as one compiled loop: model/budget_kernel.py.
    """
    c = params.credit
    rates, terms, limits = lender_terms(params)
    n = state.savings.shape[0]
    if group_lender is None:
        debt = state.debt
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
    cheap_first = np.argsort(rates, kind="stable")
    dear_first = np.ascontiguousarray(cheap_first[::-1])
    k = rates.size
    scal = np.array(
        [
            FOOD_SHARE,
            params.income.reinvest_share,
            c.surplus_saving_share,
            c.savings_target_months,
            c.collateral_share,
            c.asset_sale_discount,
            c.consumption_floor,
            c.trap_service_share,
            c.trap_months,
            c.default_after,
        ],
        dtype=float,
    )
    # Stocks the budget updates: private float64 copies, assigned back below.
    savings = np.array(state.savings, dtype=float)
    savings_locked = np.array(state.savings_locked, dtype=float)
    assets = np.array(state.assets, dtype=float)
    business_capital = np.array(state.business_capital, dtype=float)
    arrears = np.array(arrears, dtype=float)
    arrears_months = np.array(state.arrears_months, dtype=np.int16)
    debt_rising_months = np.array(state.debt_rising_months, dtype=np.int16)
    out = np.empty((len(OUT), n))
    out_k = np.empty((len(OUT_K), n, k))
    out_b = np.empty((len(OUT_BOOL), n), dtype=bool)
    f64 = _as_float
    budget_loop(
        scal,
        rates,
        terms,
        limits,
        cheap_first,
        dear_first,
        debt,
        arrears,
        access,
        arrears_months,
        debt_rising_months,
        savings,
        savings_locked,
        assets,
        f64(state.assets_target),
        business_capital,
        f64(state.business_start_capital),
        group_limit,
        f64(state.transfer_cash),
        f64(state.transfer_food),
        f64(state.transfer_to_debt),
        f64(cash_income),
        f64(health_cost),
        f64(need),
        f64(target),
        f64(planned_saving),
        f64(permanent_income),
        np.ascontiguousarray(shock_hit, dtype=bool),
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
    if group_lender is None:
        state.arrears = arrears
    else:
        state.debt[:] = debt[:, :GROUP]
        state.credit_access[:] = access[:, :GROUP]
        state.arrears = arrears[:, :GROUP]
        group_lender.debt[:] = debt[:, GROUP]
        group_lender.arrears[:] = arrears[:, GROUP]

    flows: dict[str, np.ndarray] = {"income": cash_income, "transfers_cash": state.transfer_cash}
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
