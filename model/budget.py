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
from model.parameters import ASSUMPTION as A
from model.parameters import Params, Spec
from model.state import FAMILY, GROUP, HouseholdState

# Food share of the poverty line: the share of the consumption target that food aid
# (BPNT) can replace. A statistic of the BPS poverty line (74.44 % in March 2024; BPS
# 2024a, Profil Kemiskinan di Indonesia Maret 2024), not a behavioural parameter: it is
# held fixed so that food aid stays food aid in every scenario.
FOOD_SHARE = 0.744


CREDIT_SPECS: dict[str, Spec] = {
    "family_rate": Spec(
        default=0.0,
        unit="per month",
        meaning="interest on loans from family",
        source=A,
        low=0,
        high=0.5,
    ),
    "formal_rate": Spec(
        default=0.005,
        unit="per month",
        meaning="KUR-type formal credit interest",
        source="policy rate: KUR super-micro 3 % a year, micro 6-9 % a year",
        reference=(
            "Permenko Perekonomian No. 1/2023, Pedoman Pelaksanaan Kredit Usaha Rakyat (KUR)"
        ),
        as_of="2023-01",
        low=0,
        high=0.5,
    ),
    "informal_rate": Spec(
        default=0.15,
        unit="per month",
        meaning="money-lender (rentenir, bank harian) interest",
        source=("press reports: bank harian about 15 % a month; bank keliling about 50 %"),
        reference=(
            "press reports on Indonesian money lenders (bank harian, bank keliling, "
            "bank emok); docs/SOURCES.md"
        ),
        low=0,
        high=1,
    ),
    "family_limit": Spec(
        default=1.0,
        unit="months of permanent income",
        meaning="family credit limit",
        source=A,
        low=0,
        high=24,
    ),
    "formal_limit": Spec(
        default=3.0,
        unit="months of permanent income",
        meaning="formal credit limit (plus collateral)",
        source=A,
        low=0,
        high=60,
    ),
    "informal_limit": Spec(
        default=1.5,
        unit="months of permanent income",
        meaning="money-lender credit limit (plus collateral)",
        source=A,
        low=0,
        high=24,
    ),
    "collateral_share": Spec(
        default=0.5,
        unit="share of assets",
        meaning="assets counted as collateral",
        source=A,
        low=0,
        high=1,
    ),
    "family_term": Spec(
        default=6,
        unit="months",
        meaning="repayment term of family loans",
        source=A,
        low=1,
        high=120,
    ),
    "formal_term": Spec(
        default=12,
        unit="months",
        meaning="repayment term of formal loans",
        source=A,
        low=1,
        high=120,
    ),
    "informal_term": Spec(
        default=3,
        unit="months",
        meaning="repayment term of money-lender loans",
        source=A,
        low=1,
        high=120,
    ),
    "asset_sale_discount": Spec(
        default=0.6,
        unit="share of value",
        meaning="cash raised per rupiah of assets pawned or sold in distress",
        source=("assumption (27.3 % of households pawned goods in the 2020 crisis)"),
        reference=(
            "UNICEF, UNDP, Prospera and SMERU (2021), Analysis of the Social and "
            "Economic Impacts of COVID-19 on Households and Strategic Policy "
            "Recommendations for Indonesia (survey of 12,216 households, "
            "October-November 2020)"
        ),
        low=0.01,
        high=1,
    ),
    "consumption_floor": Spec(
        default=0.5,
        unit="share of need",
        meaning="consumption defended before instalments are missed",
        source=A,
        low=0,
        high=1,
    ),
    "default_after": Spec(
        default=6,
        unit="months",
        meaning="consecutive months in arrears that end in default and seizure",
        source=A,
        low=1,
        high=60,
    ),
    "trap_service_share": Spec(
        default=0.3,
        unit="share of income",
        meaning="debt-trap: scheduled debt service above this share of income ...",
        source=A,
        low=0,
        high=2,
    ),
    "trap_months": Spec(
        default=3,
        unit="months",
        meaning="... while debt rose in each of this many months",
        source=A,
        low=1,
        high=24,
    ),
    "pawn_rate": Spec(
        default=0.023,
        unit="per month",
        meaning="pawnshop fee (sewa modal) on the loan",
        source=("Pegadaian KCA tariff: 1.15 % of the loan per 15 days (golongan B-D, non-gold)"),
        reference=(
            "Pegadaian, Kredit Cepat Aman (KCA) tariff (sewa modal 1.15 % per 15 "
            "days, golongan B-D)"
        ),
        low=0,
        high=0.5,
    ),
    "pawn_ltv": Spec(
        default=0.6,
        unit="share of value",
        meaning="cash lent per rupiah of pledged assets (loan-to-value)",
        source="assumption (private pawnshops lend about half the value, Kumparan 2018; "
        "Pegadaian lends a share of its appraisal)",
        reference=(
            "Kumparan (2018), on private pawnshops; Pegadaian, Kredit Cepat Aman "
            "(KCA) tariff (sewa modal 1.15 % per 15 days, golongan B-D)"
        ),
        low=0.05,
        high=1,
    ),
    "pawn_term": Spec(
        default=4,
        unit="months",
        meaning="months before an unredeemed pledge is forfeited",
        source="Pegadaian KCA: loans of up to 120 days",
        reference="Pegadaian, Kredit Cepat Aman (KCA): loans of up to 120 days",
        low=1,
        high=60,
    ),
    "pawn_redeem_share": Spec(
        default=0.5,
        unit="share",
        meaning="share of cash on hand (after the month's needs) used to redeem pledges",
        source=A,
        low=0,
        high=1,
    ),
}


CONSUMPTION_SPECS: dict[str, Spec] = {
    "buffer_months": Spec(
        default=0.6,
        unit="months of permanent income above need",
        meaning="buffer-stock target: savings households aim to hold, in months of their "
        "permanent income in excess of need (poor households aim at none)",
        source=(
            "assumption (buffer-stock saving: impatient, poor households hold small "
            "buffers); fitted to 51.5 % of households with no emergency savings (2020 "
            "survey)"
        ),
        reference=(
            "Deaton (1991), Econometrica 59(5): 1221-1248; Carroll (1997), QJE "
            "112(1): 1-55; UNICEF, UNDP, Prospera and SMERU (2021), Analysis of the "
            "Social and Economic Impacts of COVID-19 on Households and Strategic "
            "Policy Recommendations for Indonesia (survey of 12,216 households, "
            "October-November 2020)"
        ),
        low=0,
        high=24,
    ),
    "spend_down_rate": Spec(
        default=0.25,
        unit="share per month",
        meaning="share of savings above the buffer target spent each month (the marginal "
        "propensity to consume out of cash on hand above the target)",
        source="assumption (MPC out of unearned income about 0.7 within a quarter: South "
        "Africa child support grant; 1 - 0.75^3 = 0.58 of an excess is spent in a "
        "quarter)",
        low=0,
        high=1,
    ),
    "windfall_mpc": Spec(
        default=0.35,
        unit="share",
        meaning="share of an unexpected cash receipt consumed in the month it arrives",
        source="assumption (cash-transfer studies: most of an unconditional transfer is "
        "spent within months, Haushofer and Shapiro 2016; see docs/VALIDATION.md)",
        reference="Haushofer and Shapiro (2016), QJE 131(4): 1973-2042",
        low=0,
        high=1,
    ),
    "windfall_debt_share": Spec(
        default=0.2,
        unit="share",
        meaning="share of an unexpected cash receipt used to repay expensive debt (if any)",
        source="assumption (BLT cash is often used to repay debt)",
        reference=(
            "Wahyuni (2021), Perlindungan Sosial bagi Masyarakat Miskin, Kompasiana, "
            "23 October 2021"
        ),
        low=0,
        high=1,
    ),
    "expensive_rate": Spec(
        default=0.02,
        unit="per month",
        meaning="debt at or above this monthly rate is repaid early out of windfalls; cheaper "
        "(family, formal) debt is not prepaid before consumption",
        source=A,
        low=0,
        high=1,
    ),
    "debt_paydown_rate": Spec(
        default=0.15,
        unit="share per month",
        meaning="households owing expensive debt cut habitual consumption by this share of "
        "it each month to pay it down (not below the consumption floor)",
        source=A,
        low=0,
        high=1,
    ),
    "transfer_memory_months": Spec(
        default=6.0,
        unit="months",
        meaning="averaging window of expected transfers: regular transfers count toward "
        "permanent income at the average received (exponential weights, 1/window "
        "a month)",
        source="assumption (adaptive expectations; PKH pays quarterly)",
        low=1,
        high=120,
    ),
    "transfer_schedule_months": Spec(
        default=3,
        unit="months",
        meaning="longest interval between instalments households know as a calendar: a "
        "receipt after m months without one (m at most this) is expected to be m "
        "months of the expected transfer, not a windfall, and the expected part is "
        "set aside in savings for the months until the next instalment (1 = every "
        "receipt above one month's expectation is a windfall)",
        source=(
            "assumption (recipients know the calendar of regular instalments; PKH "
            "pays in four quarterly tahap)"
        ),
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        low=1,
        high=12,
    ),
    "community_floor": Spec(
        default=0.65,
        unit="share of need",
        meaning="family and community support tops consumption up to this share of need "
        "(poverty line x size) when all else fails",
        source="assumption (gotong royong, zakat and kin support; no household starves); "
        "0.65 brings the severity index P2 to BPS's (the deepest poor are indebted "
        "households at this floor); below programmes.kube.distress_floor",
        low=0,
        high=1,
    ),
    "measurement_sd": Spec(
        default=0.12,
        unit="log points",
        meaning="s.d. of the survey measurement error in log consumption (mean-one, redrawn "
        "each month)",
        source=(
            "assumption (survey consumption error; chosen so that measured two-year "
            "persistence meets 28 % while true welfare is more persistent)"
        ),
        reference=(
            "Dartanto and Nurkholis (2013), Bulletin of Indonesian Economic Studies "
            "49(1): 61-84 (Susenas panel 2005-07: 28 % of poor households poor in "
            "both years)"
        ),
        low=0,
        high=1,
    ),
}


def waterfall(amount: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Split ``amount`` (n,) across ordered buckets with capacities ``caps`` (n, k),
    filling the first bucket before the next."""
    before = np.cumsum(caps, axis=1) - caps
    return np.clip(amount[:, None] - before, 0.0, caps)


@dataclass
class GroupLender:
    """A savings group lending to its members (the budget's fourth lender).

    ``limit`` is each household's credit limit with the group (Rp; 0 for non-members),
    set by the programme that owns the lender; ``debt`` and ``arrears`` (Rp, per
    household) change only through :meth:`settle`, which the budget calls.
    """

    rate: float  # per month
    term: float  # months
    limit: np.ndarray
    debt: np.ndarray
    arrears: np.ndarray

    def settle(self, debt: np.ndarray, arrears: np.ndarray) -> None:
        """Take the month's budget's outstanding loans and arrears with the group (Rp
        per household). Written in place: a lender made of views of another (one
        household's rows) updates that one too."""
        self.debt[:] = debt
        self.arrears[:] = arrears

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
        group_lender.settle(debt[:, GROUP], arrears[:, GROUP])

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
