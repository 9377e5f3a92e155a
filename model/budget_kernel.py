"""The household budget of model/budget.py compiled as one loop over households (Numba).

One compiled pass per household does the month's budget, consumption and coping. Only
+, -, *, /, min and max are used (no exp or pow, whose last bits can differ between
libraries and CPUs), sums over lenders run left to right, and no fast-math is enabled,
so results are the same on any CPU.

Inputs and outputs are addressed by named constants, never by bare positions:

- ``P_*`` index the vector of scalar parameters (built by :func:`scalar_vector`);
- ``O_*`` index the rows of ``out`` (per household; names in :data:`OUT`);
- ``K_*`` index the rows of ``out_k`` (per household and lender; names in :data:`OUT_K`);
- ``B_*`` index the rows of ``out_b`` (booleans; names in :data:`OUT_BOOL`).

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
(
    P_FOOD_SHARE,
    P_REINVEST_SHARE,
    P_GROWTH_INVEST_SHARE,
    P_BUFFER_MONTHS,
    P_SPEND_DOWN_RATE,
    P_WINDFALL_MPC,
    P_WINDFALL_DEBT_SHARE,
    P_EXPENSIVE_RATE,
    P_DEBT_PAYDOWN_RATE,
    P_COLLATERAL_SHARE,
    P_ASSET_SALE_DISCOUNT,
    P_RESTART_CAPITAL,
    P_CONSUMPTION_FLOOR,
    P_COMMUNITY_FLOOR,
    P_PAWN_LTV,
    P_PAWN_TERM,
    P_PAWN_REDEEM_SHARE,
    P_TRAP_SERVICE_SHARE,
    P_TRAP_MONTHS,
    P_DEFAULT_AFTER,
) = range(len(SCALARS))

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
(
    O_FOOD_USED,
    O_BORROWING,
    O_ASSET_SALES,
    O_ASSETS_SOLD_VALUE,
    O_SAVINGS_DRAWN,
    O_CONSUMPTION,
    O_DEBT_SERVICE,
    O_HEALTH_PAID,
    O_HEALTH_FORGONE,
    O_SAVINGS_DEPOSIT,
    O_INVESTMENT,
    O_SCHEDULED_SERVICE,
    O_INTEREST,
    O_ARREARS_NEW,
    O_ROLLOVER,
    O_SEIZED,
    O_WRITTEN_OFF,
    O_CREDIT_HEADROOM_LEFT,
    O_CAPITAL_DRAWN,
    O_COMMUNITY_TRANSFER,
    O_PAWNED_VALUE,
    O_PAWN_REDEEMED_VALUE,
    O_PAWN_FORFEITED_VALUE,
    O_PAWN_FORFEITED_LOAN,
    O_WINDFALL,
    O_WINDFALL_CONSUMED,
) = range(len(OUT))

# ---- outputs per household and lender (rows of ``out_k``; the pawnshop is the last column)
OUT_K = (
    "borrowing_by_lender",
    "debt_to_lenders",
    "interest_by_lender",
    "written_off_by_lender",
    "credit_headroom_by_lender",
)
K_BORROWING, K_PAID, K_INTEREST, K_WRITTEN_OFF, K_HEADROOM = range(len(OUT_K))

# ---- boolean outputs (rows of ``out_b``)
OUT_BOOL = ("debt_trap", "default", "shortfall")
B_DEBT_TRAP, B_DEFAULT, B_SHORTFALL = range(len(OUT_BOOL))


def scalar_vector(values: dict[str, float]) -> np.ndarray:
    """The scalar parameters as the kernel's vector, checked to name every slot."""
    if set(values) != set(SCALARS):
        raise ValueError(f"budget scalars: expected {sorted(SCALARS)}, got {sorted(values)}")
    return np.array([float(values[name]) for name in SCALARS])


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


@nb.njit(cache=True)
def budget_loop(
    scal,  # float64[len(SCALARS)]
    rates,  # (k + 1,) monthly rates, the pawnshop last
    terms,  # (k + 1,) months (the pawnshop's is ignored: no instalments)
    limits,  # (k + 1,) months of permanent income (family, formal, informal)
    borrow_order,  # (k + 1,) lender indices in the coping order
    dear_first,  # (k + 1,) lender indices, highest rate first
    debt,  # (n, k) in/out
    arrears,  # (n, k) in/out
    access,  # (n, k) bool in/out
    arrears_months,  # int16 in/out
    debt_rising_months,  # int16 in/out
    savings,  # in/out
    savings_locked,  # in/out
    assets,  # in/out, productive assets in the household's hands
    assets_target,
    business_capital,  # in/out
    business_start_capital,
    has_business,  # bool
    pawn_loan,  # in/out, Rp owed to the pawnshop
    pawned_assets,  # in/out, Rp of assets held by the pawnshop
    pawn_months,  # int16 in/out, months since the pledge
    group_limit,  # (n,) limit with the group lender (used if k == 4)
    transfer_cash,
    transfer_food,
    transfer_to_debt,
    expected_transfer,  # Rp/month of cash transfers the household expects
    expected_receipt,  # Rp of cash transfers it expects to receive this month
    transfer_reserve,  # Rp of savings set aside from expected instalments
    cash_income,
    health_cost,
    need,
    target,
    permanent_income,
    shock_hit,
    out,  # (len(OUT), n)
    out_k,  # (len(OUT_K), n, k + 1)
    out_b,  # (len(OUT_BOOL), n) bool
):
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
        pawned = pawned_assets[i]
        pm = pawn_months[i]

        # ---- 0. forfeit: a pledge not redeemed within the term is kept by the pawnshop
        forfeited_value = 0.0
        forfeited_loan = 0.0
        if d[pawn] > 0.0 and pm >= pawn_term:
            forfeited_value = pawned
            forfeited_loan = d[pawn]
            d[pawn] = 0.0
            pawned = 0.0
            pm = 0
        debt_before = _total(d)

        # ---- 1. interest and instalments due (the pawnshop charges a fee, no instalment)
        for j in range(kk):
            interest[j] = d[j] * rates[j]
            d[j] += interest[j]
            if j == pawn:
                due[j] = 0.0
            else:
                due[j] = min(interest[j] + (d[j] - interest[j]) / terms[j], d[j])
        due_total = _total(due)
        debt_sum = _total(d)
        pawn_owed = d[pawn]

        # ---- 2. cash on hand; food assistance replaces food spending
        tc = transfer_cash[i]
        cash = cash_income[i] + tc
        tgt = target[i]
        food_used = min(transfer_food[i], food_share * tgt)
        cons_cash_target = max(tgt - food_used, 0.0)
        windfall = max(tc - expected_receipt[i], 0.0)

        # ---- 3. cash earmarked for debt (programme rule), dearest lender first
        earmark = min(min(transfer_to_debt[i], tc), debt_sum)
        _waterfall(earmark, d, dear_first, paid_early)
        for j in range(kk):
            d[j] -= paid_early[j]
            due_rem[j] = max(due[j] - paid_early[j], 0.0)
        due_rem_total = _total(due_rem)
        available = cash - earmark
        windfall = min(windfall, max(tc - earmark, 0.0))

        hc = health_cost[i]
        nd = need[i]
        perm = permanent_income[i]
        liquid = savings[i]
        # a household owing expensive debt cuts habitual consumption to pay it down
        # (net cash on hand is what a buffer-stock consumer responds to), never below
        # the consumption floor
        owed = 0.0
        for j in range(kk):
            if rates[j] >= expensive_rate:
                owed += d[j] - due_rem[j]
        floor_cash = max(min(consumption_floor * nd, tgt) - food_used, 0.0)
        cut = min(debt_paydown_rate * max(owed, 0.0), max(cons_cash_target - floor_cash, 0.0))
        cons_cash_target -= cut
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
        redeem = 0.0
        returned = 0.0
        draw_locked = 0.0
        to_borrow = 0.0
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
            w = min(windfall, x)
            w_cons = windfall_mpc * w
            for j in range(kk):
                after_due[j] = d[j] - due_rem[j]
                expensive[j] = after_due[j] if rates[j] >= expensive_rate else 0.0
            _waterfall(
                min(windfall_debt_share * w, max(x - w_cons, 0.0)), expensive, dear_first, prepay
            )
            x = x - w_cons - _total(prepay)
            # redeem pledged assets when cash allows
            left_pawn = d[pawn] - prepay[pawn]
            if left_pawn > 0.0 and x > 0.0:
                redeem = min(left_pawn, pawn_redeem_share * x)
                prepay[pawn] += redeem
                x -= redeem
            # a closed business restarts, out of savings and credit (family, formal
            # KUR, money lender), once they cover the capital a business needs to run (a share of
            # its start capital)
            if not has_business[i] and business_start_capital[i] > 0.0:
                # (1 % above the threshold, so the reopened business clears it)
                need_k = 1.01 * restart_capital * business_start_capital[i] - business_capital[i]
                if need_k > 0.0:
                    own = min(max(x, 0.0), need_k)
                    h_fam = 0.0
                    if access[i, FAMILY]:
                        h_fam = max(limits[FAMILY] * perm - d[FAMILY], 0.0)
                    h_formal = 0.0
                    if access[i, FORMAL] and arrears_months[i] == 0:
                        h_formal = max(
                            limits[FORMAL] * perm + collateral_share * assets[i] - d[FORMAL], 0.0
                        )
                    h_inf = 0.0
                    if access[i, INFORMAL]:
                        h_inf = max(
                            limits[INFORMAL] * perm + collateral_share * assets[i] - d[INFORMAL],
                            0.0,
                        )
                    if own + h_fam + h_formal + h_inf >= need_k:
                        rest = need_k - own
                        borrowed[FAMILY] = min(rest, h_fam)
                        borrowed[FORMAL] = min(rest - borrowed[FAMILY], h_formal)
                        borrowed[INFORMAL] = rest - borrowed[FAMILY] - borrowed[FORMAL]
                        invest_capital += need_k
                        x -= own
            # buffer-stock target: months of permanent income above need, plus the part
            # of expected instalments set aside for the months until the next one
            bstar = buffer_months * max(perm - nd, 0.0) + transfer_reserve[i]
            excess = x - bstar
            if excess > 0.0:
                # cash above the target repays expensive debt first (dearest first)
                for j in range(kk):
                    expensive[j] = max(expensive[j] - prepay[j], 0.0)
                _waterfall(excess, expensive, dear_first, after_due)
                spent = _total(after_due)
                for j in range(kk):
                    prepay[j] += after_due[j]
                x -= spent
                excess -= spent
            if excess > 0.0:
                capital_gap = max(
                    business_start_capital[i] - business_capital[i] - invest_capital, 0.0
                )
                asset_gap = max(assets_target[i] - (assets[i] + pawned), 0.0)
                restore = min(reinvest_share * excess, capital_gap + asset_gap)
                invest_capital += min(restore, capital_gap)
                invest_assets = restore - min(restore, capital_gap)
                growth = growth_invest_share * (excess - restore)
                if has_business[i]:
                    invest_capital += growth
                else:
                    invest_assets += growth
                excess = excess - restore - growth
                extra_cons = spend_down_rate * excess
                x = x - restore - growth - extra_cons
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
            for j in range(kk):
                if j == pawn:
                    h = pawn_ltv * assets[i]
                else:
                    lim = limits[j] * perm
                    if j != FAMILY and j != GROUP:
                        lim += collateral
                    if j == GROUP:
                        lim = group_limit[i]
                    h = max(lim - d[j], 0.0)
                    if not access[i, j]:
                        h = 0.0
                    if j == FORMAL and arrears_months[i] != 0:
                        h = 0.0
                headroom[j] = h
            _waterfall(to_borrow, headroom, borrow_order, borrowed)
            borrowed_total = _total(borrowed)
            pledged_value = borrowed[pawn] / pawn_ltv if borrowed[pawn] > 0.0 else 0.0
            still = to_borrow - borrowed_total
            still = still if still > 0.5 else 0.0
            free_assets = max(assets[i] - pledged_value, 0.0)
            asset_cash = min(free_assets * asset_sale_discount, still)
            asset_sold = asset_cash / asset_sale_discount
            still = still - asset_cash
            still = still if still > 0.5 else 0.0
            capital_drawn = min(business_capital[i], still)

            funds = available + liquid + draw_locked + borrowed_total + asset_cash + capital_drawn
            health_paid = min(funds, hc)
            f = funds - health_paid
            floor = max(min(consumption_floor * nd, tgt) - food_used, 0.0)
            c1 = min(f, floor)
            f -= c1
            pay_total = min(f, due_rem_total)
            _waterfall(pay_total, due_rem, dear_first, paid)
            f -= pay_total
            c2 = min(f, max(cons_cash_target - c1, 0.0))
            consumption_cash = c1 + c2
            new_liquid = f - c2  # what is left is kept as savings

        # pledged assets come back in proportion to the loan repaid
        if pawn_owed > 0.0:
            returned = pawned * min((paid_early[pawn] + prepay[pawn]) / pawn_owed, 1.0)

        # ---- family and community floor: nobody consumes below a share of need
        community = max(community_floor * nd - (consumption_cash + food_used), 0.0)
        consumption_cash += community

        # ---- 5. update stocks
        unpaid_sum = 0.0
        debt_after = 0.0
        for j in range(kk):
            unpaid = due_rem[j] - paid[j]
            unpaid_sum = unpaid_sum + unpaid if j > 0 else unpaid
            d[j] = max(d[j] + (borrowed[j] - paid[j] - prepay[j]), 0.0)
            debt_after = debt_after + d[j] if j > 0 else d[j]
            out_k[K_PAID, i, j] = paid_early[j] + paid[j] + prepay[j]
        if new_liquid >= liquid:
            deposit = new_liquid - liquid
            drawn = draw_locked
        else:
            deposit = 0.0
            drawn = liquid - new_liquid + draw_locked
        savings[i] = new_liquid
        savings_locked[i] = savings_locked[i] - draw_locked
        pawned = pawned - returned + pledged_value
        a = assets[i] - pledged_value - asset_sold + invest_assets + returned
        business_capital[i] = business_capital[i] - capital_drawn + invest_capital
        if d[pawn] <= 0.5:
            # fully redeemed: any rounding residue of the loan is settled with the pledge
            a += pawned
            pawned = 0.0
            pm = 0
        elif pledged_value > 0.0 and pm == 0:
            pm = 1
        elif pm > 0:
            pm += 1
        in_arrears = unpaid_sum > 1.0
        for j in range(k):
            arrears[i, j] = arrears[i, j] + (due_rem[j] - paid[j]) if in_arrears else 0.0
        am = arrears_months[i] + 1 if in_arrears else 0
        rising = debt_after > debt_before + 1.0
        drm = debt_rising_months[i] + 1 if rising else 0
        service_share = due_total / max(cash + 0.0, 1.0)
        out_b[B_DEBT_TRAP, i] = (service_share > trap_service_share) and (drm >= trap_months)

        # ---- 6. default: lenders seize free assets up to the debt and write off the rest
        loan_debt = 0.0
        for j in range(k):
            loan_debt = loan_debt + d[j] if j > 0 else d[j]
        default = am >= default_after
        seized = min(a, loan_debt) if default else 0.0
        written_off = loan_debt - seized if default else 0.0
        for j in range(kk):
            if default and j < k:
                out_k[K_WRITTEN_OFF, i, j] = written_off * (d[j] / max(loan_debt, 1e-9))
            else:
                out_k[K_WRITTEN_OFF, i, j] = 0.0
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
        pawn_loan[i] = d[pawn] if d[pawn] > 0.5 else 0.0
        pawned_assets[i] = pawned
        pawn_months[i] = pm

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
