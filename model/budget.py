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

Savings groups (``programmes.savings``) add a fourth lender for their members: a
:class:`GroupLender` passed to :func:`household_budget`, with its own rate, term and
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

from model.parameters import Params
from model.state import HouseholdState

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
    """
    c = params.credit
    rates, terms, limits = lender_terms(params)
    if group_lender is None:
        debt = state.debt
        arrears = state.arrears
        access = state.credit_access
    else:
        gl = group_lender
        rates = np.append(rates, gl.rate)
        terms = np.append(terms, float(gl.term))
        limits = np.append(limits, 0.0)
        debt = np.column_stack([state.debt, gl.debt])
        arrears = np.column_stack([state.arrears, gl.arrears])
        access = np.column_stack([state.credit_access, gl.limit > 0])
    cheap_first = np.argsort(rates, kind="stable")
    dear_first = cheap_first[::-1]

    debt_before = debt.sum(axis=1)
    interest = debt * rates
    debt += interest
    due = np.minimum(interest + (debt - interest) / terms, debt)
    due_total = due.sum(axis=1)

    transfer_cash = state.transfer_cash
    cash = cash_income + transfer_cash
    food_used = np.minimum(state.transfer_food, FOOD_SHARE * target)
    cons_cash_target = np.maximum(target - food_used, 0.0)

    # Transfers earmarked by households for debt repayment, highest rate first.
    earmark = np.minimum(np.minimum(state.transfer_to_debt, transfer_cash), debt.sum(axis=1))
    paid_early = np.zeros_like(debt)
    paid_early[:, dear_first] = waterfall(earmark, debt[:, dear_first])
    debt -= paid_early
    due_rem = np.maximum(due - paid_early, 0.0)
    due_rem_total = due_rem.sum(axis=1)
    available = cash - earmark

    required = health_cost + due_rem_total + cons_cash_target
    gap = required - available
    surplus = np.maximum(-gap, 0.0)
    short = gap > 0

    # ---- surplus: pay everything, prepay dear debt, save, consume the rest
    after_due = debt - due_rem
    prepay = np.zeros_like(debt)
    prepay[:, dear_first] = waterfall(surplus, after_due[:, dear_first])
    left = surplus - prepay.sum(axis=1)
    capital_gap = np.maximum(state.business_start_capital - state.business_capital, 0.0)
    asset_gap = np.maximum(state.assets_target - state.assets, 0.0)
    invest = np.minimum(params.income.reinvest_share * left, capital_gap + asset_gap)
    invest_capital = np.minimum(invest, capital_gap)
    invest_assets = invest - invest_capital
    left = left - invest
    planned = np.minimum(left, planned_saving)
    saved_surplus = planned + c.surplus_saving_share * (left - planned)
    room = np.maximum(c.savings_target_months * permanent_income - state.savings, 0.0)
    saved_surplus = np.minimum(saved_surplus, room)
    extra_cons = left - saved_surplus

    # ---- shortfall: savings, borrowing, asset sales, then cuts
    liquid = state.savings
    locked = np.where(shock_hit, state.savings_locked, 0.0)
    draw = np.where(short, np.minimum(liquid + locked, gap), 0.0)
    draw_liquid = np.minimum(draw, liquid)
    draw_locked = draw - draw_liquid

    defended = np.maximum(np.minimum(target, need) - food_used, 0.0)
    essential = health_cost + due_rem_total + defended
    to_borrow = np.where(short, np.maximum(essential - available - draw, 0.0), 0.0)
    limit = limits * permanent_income[:, None]
    limit[:, 1:3] += c.collateral_share * state.assets[:, None]
    if group_lender is not None:
        limit[:, 3] = group_lender.limit
    headroom = np.maximum(limit - debt, 0.0)
    headroom *= access
    headroom[:, 1] *= state.arrears_months == 0  # formal lenders refuse borrowers in arrears
    borrowed = np.zeros_like(debt)
    borrowed[:, cheap_first] = waterfall(to_borrow, headroom[:, cheap_first])
    borrowed_total = borrowed.sum(axis=1)
    still = to_borrow - borrowed_total
    still = np.where(still > 0.5, still, 0.0)  # ignore sub-rupiah rounding residue
    asset_cash = np.minimum(state.assets * c.asset_sale_discount, still)
    asset_sold = asset_cash / c.asset_sale_discount

    funds = np.where(short, available + draw + borrowed_total + asset_cash, 0.0)
    health_paid = np.where(short, np.minimum(funds, health_cost), health_cost)
    f = funds - np.where(short, health_paid, 0.0)
    floor = np.maximum(np.minimum(c.consumption_floor * need, target) - food_used, 0.0)
    c1 = np.minimum(f, floor)
    f -= c1
    pay_total = np.where(short, np.minimum(f, due_rem_total), due_rem_total)
    paid = np.zeros_like(debt)
    paid[:, dear_first] = waterfall(pay_total, due_rem[:, dear_first])
    f -= np.where(short, pay_total, 0.0)
    c2 = np.minimum(f, np.maximum(cons_cash_target - c1, 0.0))
    leftover = np.where(short, f - c2, 0.0)  # zero but for rounding; kept as savings

    consumption_cash = np.where(short, c1 + c2, cons_cash_target + extra_cons)
    deposit = np.where(short, leftover, saved_surplus)
    prepay_total = np.where(short, 0.0, prepay.sum(axis=1))
    prepay *= ~short[:, None]
    invest_capital = np.where(short, 0.0, invest_capital)
    invest_assets = np.where(short, 0.0, invest_assets)
    unpaid = due_rem - paid

    # ---- update stocks
    debt += borrowed - paid - prepay
    np.maximum(debt, 0.0, out=debt)
    state.savings = liquid - draw_liquid + deposit
    state.savings_locked = state.savings_locked - draw_locked
    state.assets = state.assets - asset_sold + invest_assets
    state.business_capital = state.business_capital + invest_capital
    in_arrears = unpaid.sum(axis=1) > 1.0
    arrears = np.where(in_arrears[:, None], arrears + unpaid, 0.0)
    state.arrears_months = np.where(in_arrears, state.arrears_months + 1, 0).astype(np.int16)

    debt_after = debt.sum(axis=1)
    rising = debt_after > debt_before + 1.0
    state.debt_rising_months = np.where(rising, state.debt_rising_months + 1, 0).astype(np.int16)
    service_share = due_total / np.maximum(cash_income + transfer_cash, 1.0)
    debt_trap = (service_share > c.trap_service_share) & (state.debt_rising_months >= c.trap_months)

    # ---- default and seizure (not cash flows)
    default = state.arrears_months >= c.default_after
    seized = np.where(default, np.minimum(state.assets, debt_after), 0.0)
    written_off = np.where(default, debt_after - seized, 0.0)
    # Lenders share the loss in proportion to what they were owed.
    written_off_by_lender = np.zeros_like(debt)
    if default.any():
        owed_share = debt[default] / np.maximum(debt_after[default], 1e-9)[:, None]
        written_off_by_lender[default] = written_off[default, None] * owed_share
    state.assets = state.assets - seized
    debt[default] = 0.0
    arrears[default] = 0.0
    state.arrears_months[default] = 0
    state.debt_rising_months[default] = 0
    state.credit_access[default, 1] = False
    if group_lender is None:
        state.arrears = arrears
    else:
        state.debt[:] = debt[:, :3]
        state.arrears = arrears[:, :3]
        group_lender.debt[:] = debt[:, 3]
        group_lender.arrears[:] = arrears[:, 3]

    debt_service = earmark + pay_total + prepay_total
    rollover = np.minimum(borrowed_total, pay_total) * (due_rem_total > 0)
    return {
        "income": cash_income,
        "transfers_cash": transfer_cash,
        "food_used": food_used,
        "borrowing": borrowed_total,
        "borrowing_by_lender": borrowed,
        "asset_sales": asset_cash,
        "assets_sold_value": asset_sold,
        "savings_drawn": draw,
        "consumption": consumption_cash + food_used,
        "debt_service": debt_service,
        "debt_to_lenders": paid_early + paid + prepay,
        "health_paid": health_paid,
        "health_forgone": health_cost - health_paid,
        "savings_deposit": deposit,
        "investment": invest_capital + invest_assets,
        "scheduled_service": due_total,
        "interest": interest.sum(axis=1),
        "interest_by_lender": interest,
        "arrears_new": unpaid.sum(axis=1),
        "rollover": rollover,
        "debt_trap": debt_trap,
        "default": default,
        "seized": seized,
        "written_off": written_off,
        "written_off_by_lender": written_off_by_lender,
        "shortfall": short,
        "credit_headroom_by_lender": headroom - borrowed,
        "credit_headroom_left": (headroom - borrowed).sum(axis=1),
    }


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
    sub = SimpleNamespace(**{f: getattr(state, f)[rows].copy() for f in BUDGET_FIELDS})
    sub.transfer_cash = np.zeros(rows.size)
    sub.transfer_food = np.zeros(rows.size)
    sub.transfer_to_debt = np.zeros(rows.size)
    gl = group_lender.subset(rows) if group_lender is not None else None
    flows = household_budget(
        sub, params, **{k: v[rows] for k, v in inputs.items()}, group_lender=gl
    )
    return flows["consumption"]
