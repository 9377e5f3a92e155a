"""The household budget of model/budget.py compiled as one loop over households (Numba).

One compiled pass per household does the month's budget, consumption and coping. Only
+, -, *, /, min and max are used (no exp or pow, whose last bits can differ between
libraries and CPUs), sums over lenders run left to right, and no fast-math is enabled,
so results are the same on any CPU.

:func:`budget_loop` reads one household's state, then runs the numbered sections of
the budget as compiled helpers, in order:

0. :func:`_forfeit` (unredeemed pledges are kept by the pawnshop);
1. :func:`_accrue` (interest and instalments due);
2. :func:`_cash_on_hand` (cash, food assistance, the windfall);
3. :func:`_earmark` (transfers put to debt) and :func:`_paydown_cut` (habitual
   consumption cut to pay down expensive debt);
4a. no shortfall: :func:`_windfall_use`, :func:`_redeem`, :func:`_restart_business`,
    :func:`_prepay_expensive` and :func:`_invest_and_spend_down`;
4b. shortfall: :func:`_credit_headroom`, :func:`_cope` (credit, asset sales, business
    capital) and :func:`_spend_funds` (the spending order);
    then :func:`_pledge_returned` and :func:`_community_support`;
5. :func:`_settle_lenders`, :func:`_savings_flows` and :func:`_pawn_after` (update
   stocks);
6. :func:`_default` (seizure and write-off).

Every amount is in Rp per household (flows: per household per month); helpers take and
return plain numbers, work on the per-lender vectors of the household in hand (one
entry per lender, the pawnshop last) and keep each operation and its order as written.

Inputs and outputs are addressed by named constants, never by bare positions. Each
group of arrays is a tuple of names, and its constants are the names' positions in it
(``NAMES.index(name)``), so that names and positions cannot fall out of step:

- ``P_*`` index the vector of scalar parameters (names in :data:`SCALARS`, built by
  :func:`scalar_vector`);
- ``L_*`` index the tuple of lender vectors (names in :data:`LENDERS`);
- ``C_*`` index the tuple of per-household, per-lender stocks (:data:`CREDIT`);
- ``S_*`` index the tuple of per-household stocks in Rp (:data:`STOCKS`);
- ``M_*`` index the tuple of per-household month counters (:data:`COUNTERS`);
- ``F_*`` index the tuple of per-household flags (:data:`FLAGS`);
- ``I_*`` index the tuple of per-household read-only inputs in Rp (:data:`INPUTS`);
- ``O_*`` index the rows of ``out`` (per household; names in :data:`OUT`);
- ``K_*`` index the rows of ``out_k`` (per household and lender; names in :data:`OUT_K`);
- ``B_*`` index the rows of ``out_b`` (booleans; names in :data:`OUT_BOOL`).

The tuples are built by :func:`pack` from a dict keyed by name. Numba reads the module's
integer constants at compile time, so tuple items are picked statically.

Lender columns: the debt matrix's lenders (model/state.py ``FAMILY``, ``FORMAL``,
``INFORMAL`` and, with a savings group, ``GROUP``) then the pawnshop, which holds
pledged assets rather than a credit line; its column in the per-lender outputs is the
last one. Rule order and meaning: see the docstring of model/budget.py.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from model.state import FAMILY, FORMAL, GROUP, INFORMAL

# ---- scalar parameters (index into ``scal``)
SCALARS = (
    "food_share",
    "reinvest_share",
    "growth_invest_share",
    "buffer_months",
    "spend_down_rate",
    "windfall_mpc",
    "windfall_debt_share",
    "expensive_rate",
    "debt_paydown_rate",
    "collateral_share",
    "asset_sale_discount",
    "restart_capital",
    "consumption_floor",
    "community_floor",
    "pawn_ltv",
    "pawn_term",
    "pawn_redeem_share",
    "trap_service_share",
    "trap_months",
    "default_after",
)
P_FOOD_SHARE = SCALARS.index("food_share")
P_REINVEST_SHARE = SCALARS.index("reinvest_share")
P_GROWTH_INVEST_SHARE = SCALARS.index("growth_invest_share")
P_BUFFER_MONTHS = SCALARS.index("buffer_months")
P_SPEND_DOWN_RATE = SCALARS.index("spend_down_rate")
P_WINDFALL_MPC = SCALARS.index("windfall_mpc")
P_WINDFALL_DEBT_SHARE = SCALARS.index("windfall_debt_share")
P_EXPENSIVE_RATE = SCALARS.index("expensive_rate")
P_DEBT_PAYDOWN_RATE = SCALARS.index("debt_paydown_rate")
P_COLLATERAL_SHARE = SCALARS.index("collateral_share")
P_ASSET_SALE_DISCOUNT = SCALARS.index("asset_sale_discount")
P_RESTART_CAPITAL = SCALARS.index("restart_capital")
P_CONSUMPTION_FLOOR = SCALARS.index("consumption_floor")
P_COMMUNITY_FLOOR = SCALARS.index("community_floor")
P_PAWN_LTV = SCALARS.index("pawn_ltv")
P_PAWN_TERM = SCALARS.index("pawn_term")
P_PAWN_REDEEM_SHARE = SCALARS.index("pawn_redeem_share")
P_TRAP_SERVICE_SHARE = SCALARS.index("trap_service_share")
P_TRAP_MONTHS = SCALARS.index("trap_months")
P_DEFAULT_AFTER = SCALARS.index("default_after")

# ---- lender vectors (items of ``lenders``; each (k + 1,), the pawnshop last)
LENDERS = (
    "rates",  # float64, monthly rates
    "terms",  # float64, months (the pawnshop's is ignored: no instalments)
    "limits",  # float64, months of permanent income (family, formal, informal)
    "borrow_order",  # int64, lender indices in the coping order
    "dear_first",  # int64, lender indices, highest rate first
)
L_RATES = LENDERS.index("rates")
L_TERMS = LENDERS.index("terms")
L_LIMITS = LENDERS.index("limits")
L_BORROW_ORDER = LENDERS.index("borrow_order")
L_DEAR_FIRST = LENDERS.index("dear_first")

# ---- stocks per household and lender (items of ``credit``; each (n, k), updated in place)
CREDIT = (
    "debt",  # float64, Rp owed
    "arrears",  # float64, Rp of instalments unpaid
    "access",  # bool, the household can borrow from the lender
)
C_DEBT = CREDIT.index("debt")
C_ARREARS = CREDIT.index("arrears")
C_ACCESS = CREDIT.index("access")

# ---- stocks per household (items of ``stocks``; each float64 (n,), Rp, updated in place)
STOCKS = (
    "savings",
    "savings_locked",
    "assets",  # productive assets in the household's hands
    "business_capital",
    "pawn_loan",  # owed to the pawnshop
    "pawned_assets",  # assets held by the pawnshop
)
S_SAVINGS = STOCKS.index("savings")
S_SAVINGS_LOCKED = STOCKS.index("savings_locked")
S_ASSETS = STOCKS.index("assets")
S_BUSINESS_CAPITAL = STOCKS.index("business_capital")
S_PAWN_LOAN = STOCKS.index("pawn_loan")
S_PAWNED_ASSETS = STOCKS.index("pawned_assets")

# ---- month counters per household (items of ``counters``; each int16 (n,), in place)
COUNTERS = (
    "arrears_months",
    "debt_rising_months",
    "pawn_months",  # months since the pledge
)
M_ARREARS_MONTHS = COUNTERS.index("arrears_months")
M_DEBT_RISING_MONTHS = COUNTERS.index("debt_rising_months")
M_PAWN_MONTHS = COUNTERS.index("pawn_months")

# ---- flags per household (items of ``flags``; each bool (n,), read only)
FLAGS = ("has_business", "shock_hit")
F_HAS_BUSINESS = FLAGS.index("has_business")
F_SHOCK_HIT = FLAGS.index("shock_hit")

# ---- inputs per household (items of ``inputs``; each float64 (n,), Rp, read only)
INPUTS = (
    "assets_target",
    "business_start_capital",
    "group_limit",  # limit with the group lender (read only if k == 4; may be empty)
    "transfer_cash",
    "transfer_food",
    "transfer_to_debt",
    "expected_transfer",  # Rp/month of cash transfers the household expects
    "expected_receipt",  # cash transfers it expects to receive this month
    "transfer_reserve",  # savings set aside from expected instalments
    "cash_income",
    "health_cost",
    "need",
    "target",
    "permanent_income",
)
I_ASSETS_TARGET = INPUTS.index("assets_target")
I_BUSINESS_START_CAPITAL = INPUTS.index("business_start_capital")
I_GROUP_LIMIT = INPUTS.index("group_limit")
I_TRANSFER_CASH = INPUTS.index("transfer_cash")
I_TRANSFER_FOOD = INPUTS.index("transfer_food")
I_TRANSFER_TO_DEBT = INPUTS.index("transfer_to_debt")
I_EXPECTED_TRANSFER = INPUTS.index("expected_transfer")
I_EXPECTED_RECEIPT = INPUTS.index("expected_receipt")
I_TRANSFER_RESERVE = INPUTS.index("transfer_reserve")
I_CASH_INCOME = INPUTS.index("cash_income")
I_HEALTH_COST = INPUTS.index("health_cost")
I_NEED = INPUTS.index("need")
I_TARGET = INPUTS.index("target")
I_PERMANENT_INCOME = INPUTS.index("permanent_income")

# ---- outputs per household (rows of ``out``)
OUT = (
    "food_used",
    "borrowing",
    "asset_sales",
    "assets_sold_value",
    "savings_drawn",
    "consumption",
    "debt_service",
    "health_paid",
    "health_forgone",
    "savings_deposit",
    "investment",
    "scheduled_service",
    "interest",
    "arrears_new",
    "rollover",
    "seized",
    "written_off",
    "credit_headroom_left",
    "capital_drawn",
    "community_transfer",
    "pawned_value",
    "pawn_redeemed_value",
    "pawn_forfeited_value",
    "pawn_forfeited_loan",
    "windfall",
    "windfall_consumed",
)
O_FOOD_USED = OUT.index("food_used")
O_BORROWING = OUT.index("borrowing")
O_ASSET_SALES = OUT.index("asset_sales")
O_ASSETS_SOLD_VALUE = OUT.index("assets_sold_value")
O_SAVINGS_DRAWN = OUT.index("savings_drawn")
O_CONSUMPTION = OUT.index("consumption")
O_DEBT_SERVICE = OUT.index("debt_service")
O_HEALTH_PAID = OUT.index("health_paid")
O_HEALTH_FORGONE = OUT.index("health_forgone")
O_SAVINGS_DEPOSIT = OUT.index("savings_deposit")
O_INVESTMENT = OUT.index("investment")
O_SCHEDULED_SERVICE = OUT.index("scheduled_service")
O_INTEREST = OUT.index("interest")
O_ARREARS_NEW = OUT.index("arrears_new")
O_ROLLOVER = OUT.index("rollover")
O_SEIZED = OUT.index("seized")
O_WRITTEN_OFF = OUT.index("written_off")
O_CREDIT_HEADROOM_LEFT = OUT.index("credit_headroom_left")
O_CAPITAL_DRAWN = OUT.index("capital_drawn")
O_COMMUNITY_TRANSFER = OUT.index("community_transfer")
O_PAWNED_VALUE = OUT.index("pawned_value")
O_PAWN_REDEEMED_VALUE = OUT.index("pawn_redeemed_value")
O_PAWN_FORFEITED_VALUE = OUT.index("pawn_forfeited_value")
O_PAWN_FORFEITED_LOAN = OUT.index("pawn_forfeited_loan")
O_WINDFALL = OUT.index("windfall")
O_WINDFALL_CONSUMED = OUT.index("windfall_consumed")

# ---- outputs per household and lender (rows of ``out_k``; the pawnshop is the last column)
OUT_K = (
    "borrowing_by_lender",
    "debt_to_lenders",
    "interest_by_lender",
    "written_off_by_lender",
    "credit_headroom_by_lender",
)
K_BORROWING = OUT_K.index("borrowing_by_lender")
K_PAID = OUT_K.index("debt_to_lenders")
K_INTEREST = OUT_K.index("interest_by_lender")
K_WRITTEN_OFF = OUT_K.index("written_off_by_lender")
K_HEADROOM = OUT_K.index("credit_headroom_by_lender")

# ---- boolean outputs (rows of ``out_b``)
OUT_BOOL = ("debt_trap", "default", "shortfall")
B_DEBT_TRAP = OUT_BOOL.index("debt_trap")
B_DEFAULT = OUT_BOOL.index("default")
B_SHORTFALL = OUT_BOOL.index("shortfall")

# ---- fixed thresholds. Not parameters: they are rounding tolerances and guards of the
# accounting (Rp), not behaviour, and changing them would change stored results.
# Amounts below half a rupiah (a shortfall left after credit or asset sales, a pawn
# loan after repayment) are rounding residue of the waterfalls, treated as zero.
RESIDUE_RP = 0.5
# Unpaid instalments of at most 1 Rp in a month are rounding, not arrears.
ARREARS_TOLERANCE_RP = 1.0
# Debt counts as rising only if it grew by more than 1 Rp (rounding of the waterfalls).
DEBT_RISE_TOLERANCE_RP = 1.0
# Cash on hand below 1 Rp is taken as 1 Rp in the debt-service share (no division by 0).
SERVICE_SHARE_MIN_CASH_RP = 1.0
# Debt below this is taken as this in the lenders' shares of a write-off (no 0 / 0).
WRITE_OFF_MIN_DEBT_RP = 1e-9
# A closed business restarts with 1 % above the capital a business needs to run (the
# failure threshold), so the reopened business clears it despite rounding.
RESTART_MARGIN = 1.01


def scalar_vector(values: dict[str, float]) -> np.ndarray:
    """The scalar parameters as the kernel's vector, checked to name every slot."""
    if set(values) != set(SCALARS):
        raise ValueError(f"budget scalars: expected {sorted(SCALARS)}, got {sorted(values)}")
    return np.array([float(values[name]) for name in SCALARS])


def pack(names: tuple[str, ...], values: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """The arrays ``values`` as the kernel's tuple in the order of ``names``, checked to
    name every item and to be C-contiguous (the kernel updates some of them in place, so
    they are passed as they are, never converted)."""
    if set(values) != set(names):
        raise ValueError(f"budget arrays: expected {sorted(names)}, got {sorted(values)}")
    for name in names:
        if not values[name].flags.c_contiguous:
            raise ValueError(f"budget array {name!r} is not C-contiguous")
    return tuple(values[name] for name in names)


@nb.njit(cache=True)
def _waterfall(amount, caps, order, out):
    """Fill ``caps`` in the order ``order`` with ``amount``: ``out[j]`` gets what lender
    ``j`` receives (one household)."""
    cs = 0.0
    for idx in range(order.size):
        j = order[idx]
        c = caps[j]
        cs = cs + c if idx > 0 else c
        before = cs - c
        v = amount - before
        v = max(v, 0.0)
        out[j] = min(v, c)


@nb.njit(cache=True)
def _total(a):
    """Left-to-right sum of a short vector."""
    s = 0.0
    for j in range(a.size):
        s = s + a[j] if j > 0 else a[j]
    return s


# ---- 0. forfeit
@nb.njit(cache=True)
def _forfeit(d, pawn, pawned, pm, pawn_term):
    """A pledge not redeemed within ``pawn_term`` months is kept by the pawnshop: the
    loan ``d[pawn]`` is extinguished and the pledged assets ``pawned`` are lost (Rp per
    household). Returns (pawned, months since the pledge, value forfeited, loan
    forfeited)."""
    forfeited_value = 0.0
    forfeited_loan = 0.0
    if d[pawn] > 0.0 and pm >= pawn_term:
        forfeited_value = pawned
        forfeited_loan = d[pawn]
        d[pawn] = 0.0
        pawned = 0.0
        pm = 0
    return pawned, pm, forfeited_value, forfeited_loan


# ---- 1. interest and instalments
@nb.njit(cache=True)
def _accrue(d, rates, terms, pawn, interest, due):
    """Interest accrues on each loan ``d`` (Rp per household per month, into
    ``interest``) and the instalment due (``due``) is interest plus principal over the
    lender's term; the pawnshop charges its fee and has no instalment."""
    for j in range(d.size):
        interest[j] = d[j] * rates[j]
        d[j] += interest[j]
        if j == pawn:
            due[j] = 0.0
        else:
            due[j] = min(interest[j] + (d[j] - interest[j]) / terms[j], d[j])


# ---- 2. cash on hand
@nb.njit(cache=True)
def _cash_on_hand(cash_income, tc, tgt, transfer_food, expected_receipt, food_share):
    """Cash income plus cash transfers ``tc``; food assistance replaces food spending up
    to the food share of the consumption target ``tgt``; the cash transfer above what is
    expected this month is a windfall. Returns (cash, food used, cash consumption target,
    windfall), Rp per household per month."""
    cash = cash_income + tc
    food_used = min(transfer_food, food_share * tgt)
    cons_cash_target = max(tgt - food_used, 0.0)
    windfall = max(tc - expected_receipt, 0.0)
    return cash, food_used, cons_cash_target, windfall


# ---- 3. earmarked transfers and the debt pay-down cut
@nb.njit(cache=True)
def _earmark(transfer_to_debt, tc, debt_sum):
    """The part of the cash transfer ``tc`` earmarked for debt (a programme rule), at
    most the debt. Returns it, Rp per household per month (paid to lenders dearest
    first, then :func:`_remaining_due`)."""
    return min(min(transfer_to_debt, tc), debt_sum)


@nb.njit(cache=True)
def _remaining_due(d, due, paid_early, due_rem):
    """Debt ``d`` less what the earmark paid each lender (``paid_early``), and what then
    remains due (``due_rem``), Rp per household per month."""
    for j in range(d.size):
        d[j] -= paid_early[j]
        due_rem[j] = max(due[j] - paid_early[j], 0.0)


@nb.njit(cache=True)
def _paydown_cut(
    d,
    due_rem,
    rates,
    expensive_rate,
    debt_paydown_rate,
    consumption_floor,
    nd,
    tgt,
    food_used,
    cons_cash_target,
):
    """A household owing expensive debt (rate at least ``expensive_rate``) cuts habitual
    consumption to pay it down (net cash on hand is what a buffer-stock consumer responds
    to), never below the consumption floor. Returns the cash consumption target after the
    cut, Rp per household per month."""
    owed = 0.0
    for j in range(d.size):
        if rates[j] >= expensive_rate:
            owed += d[j] - due_rem[j]
    floor_cash = max(min(consumption_floor * nd, tgt) - food_used, 0.0)
    cut = min(debt_paydown_rate * max(owed, 0.0), max(cons_cash_target - floor_cash, 0.0))
    cons_cash_target -= cut
    return cons_cash_target


# ---- 4a. no shortfall
@nb.njit(cache=True)
def _windfall_use(windfall, x, windfall_mpc, windfall_debt_share):
    """A share ``windfall_mpc`` of the windfall (up to the cash left over, ``x``) is
    consumed and ``windfall_debt_share`` of it prepays expensive debt (dearest first,
    within the cash left). Returns (windfall consumed, amount to prepay), Rp per
    household per month."""
    w = min(windfall, x)
    w_cons = windfall_mpc * w
    return w_cons, min(windfall_debt_share * w, max(x - w_cons, 0.0))


@nb.njit(cache=True)
def _expensive_debt(d, due_rem, rates, expensive_rate, after_due, expensive):
    """Debt left after this month's instalments (``after_due``) and the part of it owed
    to expensive lenders, rate at least ``expensive_rate`` (``expensive``), Rp per
    household."""
    for j in range(d.size):
        after_due[j] = d[j] - due_rem[j]
        expensive[j] = after_due[j] if rates[j] >= expensive_rate else 0.0


@nb.njit(cache=True)
def _redeem(d, pawn, prepay, x, pawn_redeem_share):
    """Pledged assets are redeemed with ``pawn_redeem_share`` of the cash left over
    ``x`` (added to ``prepay[pawn]``). Returns the cash left over, Rp per household per
    month."""
    left_pawn = d[pawn] - prepay[pawn]
    if left_pawn > 0.0 and x > 0.0:
        redeem = min(left_pawn, pawn_redeem_share * x)
        prepay[pawn] += redeem
        x -= redeem
    return x


@nb.njit(cache=True)
def _restart_business(
    x,
    invest_capital,
    has_business,
    start_capital,
    capital,
    assets,
    perm,
    access,
    i,
    arrears_months,
    d,
    limits,
    restart_capital,
    collateral_share,
    borrowed,
):
    """A closed business restarts, out of savings (the cash left over ``x``) and credit
    (family, formal KUR, money lender, into ``borrowed``), once they cover the capital a
    business needs to run (a share ``restart_capital`` of its start capital). Returns
    (capital invested, cash left over), Rp per household per month."""
    if not has_business and start_capital > 0.0:
        need_k = RESTART_MARGIN * restart_capital * start_capital - capital
        if need_k > 0.0:
            own = min(max(x, 0.0), need_k)
            h_fam = 0.0
            if access[i, FAMILY]:
                h_fam = max(limits[FAMILY] * perm - d[FAMILY], 0.0)
            h_formal = 0.0
            if access[i, FORMAL] and arrears_months == 0:
                h_formal = max(limits[FORMAL] * perm + collateral_share * assets - d[FORMAL], 0.0)
            h_inf = 0.0
            if access[i, INFORMAL]:
                h_inf = max(
                    limits[INFORMAL] * perm + collateral_share * assets - d[INFORMAL],
                    0.0,
                )
            if own + h_fam + h_formal + h_inf >= need_k:
                rest = need_k - own
                borrowed[FAMILY] = min(rest, h_fam)
                borrowed[FORMAL] = min(rest - borrowed[FAMILY], h_formal)
                borrowed[INFORMAL] = rest - borrowed[FAMILY] - borrowed[FORMAL]
                invest_capital += need_k
                x -= own
    return invest_capital, x


@nb.njit(cache=True)
def _expensive_left(expensive, prepay):
    """Expensive debt not yet prepaid this month (``expensive`` less ``prepay``, in
    place), Rp per household."""
    for j in range(expensive.size):
        expensive[j] = max(expensive[j] - prepay[j], 0.0)


@nb.njit(cache=True)
def _add_prepayment(prepay, paid):
    """Adds the repayments ``paid`` to each lender's prepayment ``prepay``, Rp per
    household per month."""
    for j in range(prepay.size):
        prepay[j] += paid[j]


@nb.njit(cache=True)
def _invest_and_spend_down(
    x,
    excess,
    invest_capital,
    has_business,
    start_capital,
    capital,
    assets_target,
    assets,
    pawned,
    reinvest_share,
    growth_invest_share,
    spend_down_rate,
):
    """Cash ``excess`` above the buffer target partly rebuilds lost business capital and
    assets (``reinvest_share``), partly grows them (``growth_invest_share``; capital if
    the household runs a business, assets otherwise), and the rest is spent down at
    ``spend_down_rate``. Returns (capital invested, assets invested, extra consumption,
    cash left over ``x``), Rp per household per month."""
    capital_gap = max(start_capital - capital - invest_capital, 0.0)
    asset_gap = max(assets_target - (assets + pawned), 0.0)
    restore = min(reinvest_share * excess, capital_gap + asset_gap)
    invest_capital += min(restore, capital_gap)
    invest_assets = restore - min(restore, capital_gap)
    growth = growth_invest_share * (excess - restore)
    if has_business:
        invest_capital += growth
    else:
        invest_assets += growth
    excess = excess - restore - growth
    extra_cons = spend_down_rate * excess
    x = x - restore - growth - extra_cons
    return invest_capital, invest_assets, extra_cons, x


# ---- 4b. shortfall
@nb.njit(cache=True)
def _credit_headroom(
    headroom,
    d,
    limits,
    perm,
    collateral,
    assets,
    pawn_ltv,
    group_limit,
    access,
    i,
    arrears_months,
    pawn,
):
    """What each lender would still lend (``headroom``, Rp per household): its limit in
    months of permanent income ``perm`` (plus ``collateral`` for formal and money lender;
    the group's own per-household limit) less the debt, zero without access and for
    formal lending in arrears; the pawnshop lends ``pawn_ltv`` of the assets."""
    for j in range(d.size):
        if j == pawn:
            h = pawn_ltv * assets
        else:
            lim = limits[j] * perm
            if j != FAMILY and j != GROUP:
                lim += collateral
            if j == GROUP:
                lim = group_limit[i]
            h = max(lim - d[j], 0.0)
            if not access[i, j]:
                h = 0.0
            if j == FORMAL and arrears_months != 0:
                h = 0.0
        headroom[j] = h


@nb.njit(cache=True)
def _cope(
    to_borrow,
    borrowed_total,
    borrowed_pawn,
    pawn_ltv,
    assets,
    asset_sale_discount,
    capital,
    restart_capital,
    start_capital,
):
    """What credit (``borrowed_total``, of which ``borrowed_pawn`` from the pawnshop)
    leaves of ``to_borrow`` is covered by asset sales at a discount, then by business
    capital down to the capital a business needs to run (below it the stock is the
    restart fund of a closed business, not cash). Returns (value pledged, asset-sale
    cash, value of assets sold, capital drawn), Rp per household per month."""
    pledged_value = borrowed_pawn / pawn_ltv if borrowed_pawn > 0.0 else 0.0
    still = to_borrow - borrowed_total
    still = still if still > RESIDUE_RP else 0.0
    free_assets = max(assets - pledged_value, 0.0)
    asset_cash = min(free_assets * asset_sale_discount, still)
    asset_sold = asset_cash / asset_sale_discount
    still = still - asset_cash
    still = still if still > RESIDUE_RP else 0.0
    capital_drawn = min(
        max(capital - restart_capital * start_capital, 0.0),
        still,
    )
    return pledged_value, asset_cash, asset_sold, capital_drawn


@nb.njit(cache=True)
def _spend_funds(funds, hc, floor, due_rem, due_rem_total, dear_first, paid, cons_cash_target):
    """Spend ``funds`` in the order: health costs ``hc``, consumption down to ``floor``,
    instalments (into ``paid``, dearest first; unpaid ones become arrears), then the rest
    of consumption. Returns (health paid, instalments paid, cash consumption, savings
    kept), Rp per household per month."""
    health_paid = min(funds, hc)
    f = funds - health_paid
    c1 = min(f, floor)
    f -= c1
    pay_total = min(f, due_rem_total)
    _waterfall(pay_total, due_rem, dear_first, paid)
    f -= pay_total
    c2 = min(f, max(cons_cash_target - c1, 0.0))
    consumption_cash = c1 + c2
    new_liquid = f - c2  # what is left is kept as savings
    return health_paid, pay_total, consumption_cash, new_liquid


# ---- pledges returned, community floor
@nb.njit(cache=True)
def _pledge_returned(pawn_owed, pawned, repaid):
    """Pledged assets ``pawned`` come back in proportion to the loan repaid (``repaid``
    of ``pawn_owed``). Returns the value returned, Rp per household per month."""
    returned = 0.0
    if pawn_owed > 0.0:
        returned = pawned * min(repaid / pawn_owed, 1.0)
    return returned


@nb.njit(cache=True)
def _community_support(community_floor, nd, consumption):
    """Family and community support: nobody consumes below ``community_floor`` of need
    ``nd``. Returns the top-up, Rp per household per month."""
    return max(community_floor * nd - consumption, 0.0)


# ---- 5. update stocks
@nb.njit(cache=True)
def _settle_lenders(d, due_rem, paid, borrowed, prepay, paid_early, out_k, i):
    """Debt after the month's borrowing and repayments, lender by lender (in ``d``);
    each lender's receipts go to ``out_k[K_PAID, i]``. Returns (instalments left unpaid,
    debt after), Rp per household per month."""
    unpaid_sum = 0.0
    debt_after = 0.0
    for j in range(d.size):
        unpaid = due_rem[j] - paid[j]
        unpaid_sum = unpaid_sum + unpaid if j > 0 else unpaid
        d[j] = max(d[j] + (borrowed[j] - paid[j] - prepay[j]), 0.0)
        debt_after = debt_after + d[j] if j > 0 else d[j]
        out_k[K_PAID, i, j] = paid_early[j] + paid[j] + prepay[j]
    return unpaid_sum, debt_after


@nb.njit(cache=True)
def _savings_flows(liquid, new_liquid, draw_locked):
    """Deposits and withdrawals from liquid savings ``liquid`` to ``new_liquid`` (plus
    commitment savings drawn). Returns (deposit, drawn), Rp per household per month."""
    if new_liquid >= liquid:
        deposit = new_liquid - liquid
        drawn = draw_locked
    else:
        deposit = 0.0
        drawn = liquid - new_liquid + draw_locked
    return deposit, drawn


@nb.njit(cache=True)
def _pawn_after(pawn_debt, a, pawned, pm, pledged_value):
    """A pledge fully redeemed (loan ``pawn_debt`` at most rounding residue) comes back
    with the assets ``a``; otherwise the months since the pledge ``pm`` count on.
    Returns (assets, pledged assets, months since the pledge), Rp per household."""
    if pawn_debt <= RESIDUE_RP:
        # fully redeemed: any rounding residue of the loan is settled with the pledge
        a += pawned
        pawned = 0.0
        pm = 0
    elif pledged_value > 0.0 and pm == 0:
        pm = 1
    elif pm > 0:
        pm += 1
    return a, pawned, pm


# ---- 6. default
@nb.njit(cache=True)
def _default(d, k, a, default):
    """On default, lenders seize free assets ``a`` up to the debt to the credit lines
    (the first ``k`` entries of ``d``; the pawnshop holds its pledge) and write off the
    rest. Returns (debt to the credit lines, seized, written off), Rp per household."""
    loan_debt = 0.0
    for j in range(k):
        loan_debt = loan_debt + d[j] if j > 0 else d[j]
    seized = min(a, loan_debt) if default else 0.0
    written_off = loan_debt - seized if default else 0.0
    return loan_debt, seized, written_off


@nb.njit(cache=True)
def _write_off_shares(d, k, loan_debt, written_off, default, out_k, i):
    """Each credit line's share of the write-off, in proportion to its debt, into
    ``out_k[K_WRITTEN_OFF, i]`` (zero for the pawnshop and without default), Rp per
    household per month."""
    for j in range(d.size):
        if default and j < k:
            out_k[K_WRITTEN_OFF, i, j] = written_off * (
                d[j] / max(loan_debt, WRITE_OFF_MIN_DEBT_RP)
            )
        else:
            out_k[K_WRITTEN_OFF, i, j] = 0.0


@nb.njit(cache=True)
def budget_loop(scal, lenders, credit, stocks, counters, flags, inputs, out, out_k, out_b):
    """The month's budget of every household, in place (Rp per household per month).

    ``scal``: float64[len(SCALARS)] (:func:`scalar_vector`); ``lenders``, ``credit``,
    ``stocks``, ``counters``, ``flags`` and ``inputs``: tuples in the order of
    :data:`LENDERS`, :data:`CREDIT`, :data:`STOCKS`, :data:`COUNTERS`, :data:`FLAGS` and
    :data:`INPUTS` (:func:`pack`); ``credit``, ``stocks`` and ``counters`` are updated in
    place. ``out`` (len(OUT), n), ``out_k`` (len(OUT_K), n, k + 1) and ``out_b``
    (len(OUT_BOOL), n, bool) receive the flows.
    """
    food_share = scal[P_FOOD_SHARE]
    reinvest_share = scal[P_REINVEST_SHARE]
    growth_invest_share = scal[P_GROWTH_INVEST_SHARE]
    buffer_months = scal[P_BUFFER_MONTHS]
    spend_down_rate = scal[P_SPEND_DOWN_RATE]
    windfall_mpc = scal[P_WINDFALL_MPC]
    windfall_debt_share = scal[P_WINDFALL_DEBT_SHARE]
    expensive_rate = scal[P_EXPENSIVE_RATE]
    debt_paydown_rate = scal[P_DEBT_PAYDOWN_RATE]
    collateral_share = scal[P_COLLATERAL_SHARE]
    asset_sale_discount = scal[P_ASSET_SALE_DISCOUNT]
    restart_capital = scal[P_RESTART_CAPITAL]
    consumption_floor = scal[P_CONSUMPTION_FLOOR]
    community_floor = scal[P_COMMUNITY_FLOOR]
    pawn_ltv = scal[P_PAWN_LTV]
    pawn_term = scal[P_PAWN_TERM]
    pawn_redeem_share = scal[P_PAWN_REDEEM_SHARE]
    trap_service_share = scal[P_TRAP_SERVICE_SHARE]
    trap_months = scal[P_TRAP_MONTHS]
    default_after = scal[P_DEFAULT_AFTER]
    rates = lenders[L_RATES]
    terms = lenders[L_TERMS]
    limits = lenders[L_LIMITS]
    borrow_order = lenders[L_BORROW_ORDER]
    dear_first = lenders[L_DEAR_FIRST]
    debt = credit[C_DEBT]
    arrears = credit[C_ARREARS]
    access = credit[C_ACCESS]
    savings = stocks[S_SAVINGS]
    savings_locked = stocks[S_SAVINGS_LOCKED]
    assets = stocks[S_ASSETS]
    business_capital = stocks[S_BUSINESS_CAPITAL]
    pawn_loan = stocks[S_PAWN_LOAN]
    pawned_assets = stocks[S_PAWNED_ASSETS]
    arrears_months = counters[M_ARREARS_MONTHS]
    debt_rising_months = counters[M_DEBT_RISING_MONTHS]
    pawn_months = counters[M_PAWN_MONTHS]
    has_business = flags[F_HAS_BUSINESS]
    shock_hit = flags[F_SHOCK_HIT]
    assets_target = inputs[I_ASSETS_TARGET]
    business_start_capital = inputs[I_BUSINESS_START_CAPITAL]
    group_limit = inputs[I_GROUP_LIMIT]
    transfer_cash = inputs[I_TRANSFER_CASH]
    transfer_food = inputs[I_TRANSFER_FOOD]
    transfer_to_debt = inputs[I_TRANSFER_TO_DEBT]
    expected_transfer = inputs[I_EXPECTED_TRANSFER]
    expected_receipt = inputs[I_EXPECTED_RECEIPT]
    transfer_reserve = inputs[I_TRANSFER_RESERVE]
    cash_income = inputs[I_CASH_INCOME]
    health_cost = inputs[I_HEALTH_COST]
    need = inputs[I_NEED]
    target = inputs[I_TARGET]
    permanent_income = inputs[I_PERMANENT_INCOME]
    n, k = debt.shape
    kk = k + 1
    pawn = k  # the pawnshop's column in the local lender vectors
    d = np.empty(kk)
    interest = np.empty(kk)
    due = np.empty(kk)
    paid_early = np.empty(kk)
    due_rem = np.empty(kk)
    after_due = np.empty(kk)
    prepay = np.empty(kk)
    expensive = np.empty(kk)
    headroom = np.empty(kk)
    borrowed = np.empty(kk)
    paid = np.empty(kk)
    for i in range(n):
        for j in range(k):
            d[j] = debt[i, j]
        d[pawn] = pawn_loan[i]

        # ---- 0. forfeit
        pawned, pm, forfeited_value, forfeited_loan = _forfeit(
            d, pawn, pawned_assets[i], pawn_months[i], pawn_term
        )
        debt_before = _total(d)

        # ---- 1. interest and instalments due
        _accrue(d, rates, terms, pawn, interest, due)
        due_total = _total(due)
        debt_sum = _total(d)
        pawn_owed = d[pawn]

        # ---- 2. cash on hand
        tc = transfer_cash[i]
        tgt = target[i]
        cash, food_used, cons_cash_target, windfall = _cash_on_hand(
            cash_income[i], tc, tgt, transfer_food[i], expected_receipt[i], food_share
        )

        # ---- 3. cash earmarked for debt, dearest lender first
        earmark = _earmark(transfer_to_debt[i], tc, debt_sum)
        _waterfall(earmark, d, dear_first, paid_early)
        _remaining_due(d, due, paid_early, due_rem)
        due_rem_total = _total(due_rem)
        available = cash - earmark
        windfall = min(windfall, max(tc - earmark, 0.0))

        hc = health_cost[i]
        nd = need[i]
        perm = permanent_income[i]
        liquid = savings[i]
        cons_cash_target = _paydown_cut(
            d,
            due_rem,
            rates,
            expensive_rate,
            debt_paydown_rate,
            consumption_floor,
            nd,
            tgt,
            food_used,
            cons_cash_target,
        )
        # end-of-month liquid savings if the household paid everything due and
        # consumed its habitual level
        x = liquid + available - hc - due_rem_total - cons_cash_target
        short = x < 0.0

        for j in range(kk):
            prepay[j] = 0.0
            borrowed[j] = 0.0
            paid[j] = due_rem[j]
        invest_capital = 0.0
        invest_assets = 0.0
        extra_cons = 0.0
        w_cons = 0.0
        draw_locked = 0.0
        asset_cash = 0.0
        asset_sold = 0.0
        capital_drawn = 0.0
        pledged_value = 0.0
        health_paid = hc
        pay_total = due_rem_total
        consumption_cash = cons_cash_target
        new_liquid = liquid

        if not short:
            # ---- 4a. no shortfall: windfall use, redemption, investment, spend-down
            w_cons, to_prepay = _windfall_use(windfall, x, windfall_mpc, windfall_debt_share)
            _expensive_debt(d, due_rem, rates, expensive_rate, after_due, expensive)
            _waterfall(to_prepay, expensive, dear_first, prepay)
            x = x - w_cons - _total(prepay)
            x = _redeem(d, pawn, prepay, x, pawn_redeem_share)
            invest_capital, x = _restart_business(
                x,
                invest_capital,
                has_business[i],
                business_start_capital[i],
                business_capital[i],
                assets[i],
                perm,
                access,
                i,
                arrears_months[i],
                d,
                limits,
                restart_capital,
                collateral_share,
                borrowed,
            )
            # buffer-stock target: months of permanent income above need, plus the part
            # of expected instalments set aside for the months until the next one
            bstar = buffer_months * max(perm - nd, 0.0) + transfer_reserve[i]
            excess = x - bstar
            if excess > 0.0:
                # cash above the target repays expensive debt first (dearest first)
                _expensive_left(expensive, prepay)
                _waterfall(excess, expensive, dear_first, after_due)
                spent = _total(after_due)
                _add_prepayment(prepay, after_due)
                x -= spent
                excess -= spent
            if excess > 0.0:
                invest_capital, invest_assets, extra_cons, x = _invest_and_spend_down(
                    x,
                    excess,
                    invest_capital,
                    has_business[i],
                    business_start_capital[i],
                    business_capital[i],
                    assets_target[i],
                    assets[i],
                    pawned,
                    reinvest_share,
                    growth_invest_share,
                    spend_down_rate,
                )
            consumption_cash = cons_cash_target + w_cons + extra_cons
            new_liquid = x
        else:
            # ---- 4b. shortfall: savings, credit in the coping order (family, pawnshop,
            # formal, group, money lender), asset sales, business capital, cuts
            locked = savings_locked[i] if shock_hit[i] else 0.0
            draw_locked = min(locked, -x)
            # credit defends consumption up to need, but not the part of the habitual
            # level that rests on transfers expected and not yet received
            own_target = max(tgt - expected_transfer[i], 0.0)
            defended = min(max(min(own_target, nd) - food_used, 0.0), cons_cash_target)
            essential = hc + due_rem_total + defended
            to_borrow = max(essential - available - liquid - draw_locked, 0.0)
            collateral = collateral_share * assets[i]
            _credit_headroom(
                headroom,
                d,
                limits,
                perm,
                collateral,
                assets[i],
                pawn_ltv,
                group_limit,
                access,
                i,
                arrears_months[i],
                pawn,
            )
            _waterfall(to_borrow, headroom, borrow_order, borrowed)
            borrowed_total = _total(borrowed)
            pledged_value, asset_cash, asset_sold, capital_drawn = _cope(
                to_borrow,
                borrowed_total,
                borrowed[pawn],
                pawn_ltv,
                assets[i],
                asset_sale_discount,
                business_capital[i],
                restart_capital,
                business_start_capital[i],
            )
            funds = available + liquid + draw_locked + borrowed_total + asset_cash + capital_drawn
            floor = max(min(consumption_floor * nd, tgt) - food_used, 0.0)
            health_paid, pay_total, consumption_cash, new_liquid = _spend_funds(
                funds, hc, floor, due_rem, due_rem_total, dear_first, paid, cons_cash_target
            )

        returned = _pledge_returned(pawn_owed, pawned, paid_early[pawn] + prepay[pawn])

        # ---- family and community floor: nobody consumes below a share of need
        community = _community_support(community_floor, nd, consumption_cash + food_used)
        consumption_cash += community

        # ---- 5. update stocks
        unpaid_sum, debt_after = _settle_lenders(
            d, due_rem, paid, borrowed, prepay, paid_early, out_k, i
        )
        deposit, drawn = _savings_flows(liquid, new_liquid, draw_locked)
        savings[i] = new_liquid
        savings_locked[i] = savings_locked[i] - draw_locked
        pawned = pawned - returned + pledged_value
        a = assets[i] - pledged_value - asset_sold + invest_assets + returned
        business_capital[i] = business_capital[i] - capital_drawn + invest_capital
        a, pawned, pm = _pawn_after(d[pawn], a, pawned, pm, pledged_value)
        in_arrears = unpaid_sum > ARREARS_TOLERANCE_RP
        for j in range(k):
            arrears[i, j] = arrears[i, j] + (due_rem[j] - paid[j]) if in_arrears else 0.0
        am = arrears_months[i] + 1 if in_arrears else 0
        rising = debt_after > debt_before + DEBT_RISE_TOLERANCE_RP
        drm = debt_rising_months[i] + 1 if rising else 0
        service_share = due_total / max(cash + 0.0, SERVICE_SHARE_MIN_CASH_RP)
        out_b[B_DEBT_TRAP, i] = (service_share > trap_service_share) and (drm >= trap_months)

        # ---- 6. default: lenders seize free assets up to the debt and write off the rest
        default = am >= default_after
        loan_debt, seized, written_off = _default(d, k, a, default)
        _write_off_shares(d, k, loan_debt, written_off, default, out_k, i)
        assets[i] = a - seized
        if default:
            for j in range(k):
                d[j] = 0.0
                arrears[i, j] = 0.0
            am = 0
            drm = 0
            access[i, FORMAL] = False
        arrears_months[i] = am
        debt_rising_months[i] = drm
        for j in range(k):
            debt[i, j] = d[j]
        pawn_loan[i] = d[pawn] if d[pawn] > RESIDUE_RP else 0.0
        pawned_assets[i] = pawned
        pawn_months[i] = pm

        # ---- 7. record the month's flows
        headroom_left = 0.0
        for j in range(kk):
            hl = headroom[j] - borrowed[j] if short else 0.0
            headroom_left = headroom_left + hl if j > 0 else hl
            out_k[K_BORROWING, i, j] = borrowed[j]
            out_k[K_INTEREST, i, j] = interest[j]
            out_k[K_HEADROOM, i, j] = hl
        borrowed_total = _total(borrowed)
        repaid = earmark + pay_total + _total(prepay)
        out[O_FOOD_USED, i] = food_used
        out[O_BORROWING, i] = borrowed_total
        out[O_ASSET_SALES, i] = asset_cash
        out[O_ASSETS_SOLD_VALUE, i] = asset_sold
        out[O_SAVINGS_DRAWN, i] = drawn
        out[O_CONSUMPTION, i] = consumption_cash + food_used
        out[O_DEBT_SERVICE, i] = repaid
        out[O_HEALTH_PAID, i] = health_paid
        out[O_HEALTH_FORGONE, i] = hc - health_paid
        out[O_SAVINGS_DEPOSIT, i] = deposit
        out[O_INVESTMENT, i] = invest_capital + invest_assets
        out[O_SCHEDULED_SERVICE, i] = due_total
        out[O_INTEREST, i] = _total(interest)
        out[O_ARREARS_NEW, i] = unpaid_sum
        out[O_ROLLOVER, i] = min(borrowed_total, pay_total) if due_rem_total > 0 else 0.0
        out[O_SEIZED, i] = seized
        out[O_WRITTEN_OFF, i] = written_off
        out[O_CREDIT_HEADROOM_LEFT, i] = headroom_left
        out[O_CAPITAL_DRAWN, i] = capital_drawn
        out[O_COMMUNITY_TRANSFER, i] = community
        out[O_PAWNED_VALUE, i] = pledged_value
        out[O_PAWN_REDEEMED_VALUE, i] = returned
        out[O_PAWN_FORFEITED_VALUE, i] = forfeited_value
        out[O_PAWN_FORFEITED_LOAN, i] = forfeited_loan
        out[O_WINDFALL, i] = windfall
        out[O_WINDFALL_CONSUMED, i] = w_cons if not short else windfall
        out_b[B_DEFAULT, i] = default
        out_b[B_SHORTFALL, i] = short
