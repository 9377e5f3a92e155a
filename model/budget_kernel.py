"""The household budget of model/budget.py compiled as one loop over households (Numba).

Profiling showed the budget spent its time in ~150 whole-array numpy passes over
(n,) and (n, lenders) arrays per month; one compiled pass per household does the same
arithmetic in the same order, so results are bit-identical to the array version it
replaced (checked by tests/test_golden.py). Only +, -, *, /, min and max are used (no
exp or pow, whose last bits can differ between libraries), sums over lenders run left
to right as numpy's do for rows of 3-4 columns, and no fast-math is enabled.

Rule order and meaning: see the docstring of model/budget.py.
"""

from __future__ import annotations

import numba as nb
import numpy as np

# Outputs per household (columns of ``out``) and per household and lender (``out_k``).
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
)
OUT_K = (
    "borrowing_by_lender",
    "debt_to_lenders",
    "interest_by_lender",
    "written_off_by_lender",
    "credit_headroom_by_lender",
)
OUT_BOOL = ("debt_trap", "default", "shortfall")


@nb.njit(cache=True)
def _waterfall(amount, caps, order, out):
    """``out[order] = waterfall(amount, caps[order])`` for one household."""
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
def budget_loop(
    scal,  # float64[:]: see SCALARS in budget.py
    rates,
    terms,
    limits,
    cheap_first,
    dear_first,
    debt,  # (n, k) in/out
    arrears,  # (n, k) in/out
    access,  # (n, k) bool in/out
    arrears_months,  # int16 in/out
    debt_rising_months,  # int16 in/out
    savings,  # in/out
    savings_locked,  # in/out
    assets,  # in/out
    assets_target,
    business_capital,  # in/out
    business_start_capital,
    group_limit,  # (n,) limit with the group lender (used if k == 4)
    transfer_cash,
    transfer_food,
    transfer_to_debt,
    cash_income,
    health_cost,
    need,
    target,
    planned_saving,
    permanent_income,
    shock_hit,
    out,  # (len(OUT), n)
    out_k,  # (len(OUT_K), n, k)
    out_b,  # (len(OUT_BOOL), n) bool
):
    food_share = scal[0]
    reinvest_share = scal[1]
    surplus_saving_share = scal[2]
    savings_target_months = scal[3]
    collateral_share = scal[4]
    asset_sale_discount = scal[5]
    consumption_floor = scal[6]
    trap_service_share = scal[7]
    trap_months = scal[8]
    default_after = scal[9]
    n, k = debt.shape
    interest = np.empty(k)
    due = np.empty(k)
    paid_early = np.empty(k)
    due_rem = np.empty(k)
    after_due = np.empty(k)
    prepay = np.empty(k)
    headroom = np.empty(k)
    borrowed = np.empty(k)
    paid = np.empty(k)
    for i in range(n):
        d = debt[i]
        debt_before = 0.0
        for j in range(k):
            debt_before = debt_before + d[j] if j > 0 else d[j]
        due_total = 0.0
        debt_sum = 0.0
        for j in range(k):
            interest[j] = d[j] * rates[j]
            d[j] += interest[j]
            due[j] = min(interest[j] + (d[j] - interest[j]) / terms[j], d[j])
            due_total = due_total + due[j] if j > 0 else due[j]
            debt_sum = debt_sum + d[j] if j > 0 else d[j]

        tc = transfer_cash[i]
        cash = cash_income[i] + tc
        tgt = target[i]
        food_used = min(transfer_food[i], food_share * tgt)
        cons_cash_target = max(tgt - food_used, 0.0)

        earmark = min(min(transfer_to_debt[i], tc), debt_sum)
        _waterfall(earmark, d, dear_first, paid_early)
        due_rem_total = 0.0
        for j in range(k):
            d[j] -= paid_early[j]
            due_rem[j] = max(due[j] - paid_early[j], 0.0)
            due_rem_total = due_rem_total + due_rem[j] if j > 0 else due_rem[j]
        available = cash - earmark

        hc = health_cost[i]
        required = hc + due_rem_total + cons_cash_target
        gap = required - available
        surplus = max(-gap, 0.0)
        short = gap > 0

        # ---- surplus
        for j in range(k):
            after_due[j] = d[j] - due_rem[j]
        _waterfall(surplus, after_due, dear_first, prepay)
        prepay_sum = 0.0
        for j in range(k):
            prepay_sum = prepay_sum + prepay[j] if j > 0 else prepay[j]
        left = surplus - prepay_sum
        capital_gap = max(business_start_capital[i] - business_capital[i], 0.0)
        asset_gap = max(assets_target[i] - assets[i], 0.0)
        invest = min(reinvest_share * left, capital_gap + asset_gap)
        invest_capital = min(invest, capital_gap)
        invest_assets = invest - invest_capital
        left = left - invest
        planned = min(left, planned_saving[i])
        saved_surplus = planned + surplus_saving_share * (left - planned)
        room = max(savings_target_months * permanent_income[i] - savings[i], 0.0)
        saved_surplus = min(saved_surplus, room)
        extra_cons = left - saved_surplus

        # ---- shortfall
        liquid = savings[i]
        locked = savings_locked[i] if shock_hit[i] else 0.0
        draw = min(liquid + locked, gap) if short else 0.0
        draw_liquid = min(draw, liquid)
        draw_locked = draw - draw_liquid
        nd = need[i]
        defended = max(min(tgt, nd) - food_used, 0.0)
        essential = hc + due_rem_total + defended
        to_borrow = max(essential - available - draw, 0.0) if short else 0.0
        perm = permanent_income[i]
        collateral = collateral_share * assets[i]
        for j in range(k):
            lim = limits[j] * perm
            if j == 1 or j == 2:
                lim += collateral
            if j == 3:
                lim = group_limit[i]
            h = max(lim - d[j], 0.0)
            if not access[i, j]:
                h = 0.0
            if j == 1 and arrears_months[i] != 0:
                h = 0.0
            headroom[j] = h
        _waterfall(to_borrow, headroom, cheap_first, borrowed)
        borrowed_total = 0.0
        for j in range(k):
            borrowed_total = borrowed_total + borrowed[j] if j > 0 else borrowed[j]
        still = to_borrow - borrowed_total
        still = still if still > 0.5 else 0.0
        asset_cash = min(assets[i] * asset_sale_discount, still)
        asset_sold = asset_cash / asset_sale_discount

        funds = available + draw + borrowed_total + asset_cash if short else 0.0
        health_paid = min(funds, hc) if short else hc
        f = funds - (health_paid if short else 0.0)
        floor = max(min(consumption_floor * nd, tgt) - food_used, 0.0)
        c1 = min(f, floor)
        f -= c1
        pay_total = min(f, due_rem_total) if short else due_rem_total
        _waterfall(pay_total, due_rem, dear_first, paid)
        f -= pay_total if short else 0.0
        c2 = min(f, max(cons_cash_target - c1, 0.0))
        leftover = f - c2 if short else 0.0

        consumption_cash = c1 + c2 if short else cons_cash_target + extra_cons
        deposit = leftover if short else saved_surplus
        prepay_total = 0.0 if short else prepay_sum
        if short:
            for j in range(k):
                prepay[j] = 0.0
            invest_capital = 0.0
            invest_assets = 0.0

        # ---- update stocks
        unpaid_sum = 0.0
        debt_after = 0.0
        for j in range(k):
            unpaid = due_rem[j] - paid[j]
            unpaid_sum = unpaid_sum + unpaid if j > 0 else unpaid
            d[j] = max(d[j] + (borrowed[j] - paid[j] - prepay[j]), 0.0)
            debt_after = debt_after + d[j] if j > 0 else d[j]
            out_k[1, i, j] = paid_early[j] + paid[j] + prepay[j]
        savings[i] = liquid - draw_liquid + deposit
        savings_locked[i] = savings_locked[i] - draw_locked
        a = assets[i] - asset_sold + invest_assets
        business_capital[i] = business_capital[i] + invest_capital
        in_arrears = unpaid_sum > 1.0
        for j in range(k):
            arrears[i, j] = arrears[i, j] + (due_rem[j] - paid[j]) if in_arrears else 0.0
        am = arrears_months[i] + 1 if in_arrears else 0
        rising = debt_after > debt_before + 1.0
        drm = debt_rising_months[i] + 1 if rising else 0
        service_share = due_total / max(cash_income[i] + tc, 1.0)
        out_b[0, i] = (service_share > trap_service_share) and (drm >= trap_months)

        # ---- default and seizure
        default = am >= default_after
        seized = min(a, debt_after) if default else 0.0
        written_off = debt_after - seized if default else 0.0
        for j in range(k):
            if default:
                out_k[3, i, j] = written_off * (d[j] / max(debt_after, 1e-9))
            else:
                out_k[3, i, j] = 0.0
        assets[i] = a - seized
        if default:
            for j in range(k):
                d[j] = 0.0
                arrears[i, j] = 0.0
            am = 0
            drm = 0
            access[i, 1] = False
        arrears_months[i] = am
        debt_rising_months[i] = drm

        interest_sum = 0.0
        headroom_left = 0.0
        for j in range(k):
            interest_sum = interest_sum + interest[j] if j > 0 else interest[j]
            hl = headroom[j] - borrowed[j]
            headroom_left = headroom_left + hl if j > 0 else hl
            out_k[0, i, j] = borrowed[j]
            out_k[2, i, j] = interest[j]
            out_k[4, i, j] = hl
        out[0, i] = food_used
        out[1, i] = borrowed_total
        out[2, i] = asset_cash
        out[3, i] = asset_sold
        out[4, i] = draw
        out[5, i] = consumption_cash + food_used
        out[6, i] = earmark + pay_total + prepay_total
        out[7, i] = health_paid
        out[8, i] = hc - health_paid
        out[9, i] = deposit
        out[10, i] = invest_capital + invest_assets
        out[11, i] = due_total
        out[12, i] = interest_sum
        out[13, i] = unpaid_sum
        out[14, i] = min(borrowed_total, pay_total) if due_rem_total > 0 else 0.0
        out[15, i] = seized
        out[16, i] = written_off
        out[17, i] = headroom_left
        out_b[1, i] = default
        out_b[2, i] = short
