"""The household part of model/shocks.py (job loss and re-employment, illness, business
shocks) compiled as one loop over households (Numba).

The caller draws the uniforms from the named streams and computes the probabilities
that need ``**`` in numpy (so no library's pow differs); the loop applies the same
comparisons and arithmetic as the array code it replaced, bit for bit.
"""

from __future__ import annotations

import numba as nb


@nb.njit(cache=True)
def household_shocks(
    u_loss,
    u_find,
    u_ill,
    u_earner,
    u_hospital,
    u_business,
    p_loss,  # monthly probability an employed member loses a job (any)
    p_find,  # monthly probability an unemployed member finds one (any)
    p_any,  # monthly probability any member falls ill
    size,  # members
    employed,  # int8; in/out
    has_business,  # bool; in/out
    business_capital,  # Rp; in/out
    business_start_capital,  # Rp
    illness_rate,
    illness_days_lost,
    illness_cost,
    catastrophic_rate,
    catastrophic_cost,
    business_shock_rate,
    business_keep,  # 1 - share of capital lost in a business shock
    failure_capital,  # capital share below which a business fails
    health_cost,  # Rp out
    lost_share,  # share of labour earnings lost to illness, out
    lose,  # bool out
    ill,  # bool out
    hospital,  # bool out
    failed,  # bool out
):
    for i in range(size.shape[0]):
        lo = u_loss[i] < p_loss[i]
        e = employed[i] - lo + (u_find[i] < p_find[i])
        employed[i] = e
        lose[i] = lo
        pa = p_any[i]
        sick = u_ill[i] < pa
        episodes = size[i] * illness_rate / max(pa, 1e-12) if pa > 0 else 0.0
        earner_ill = sick and (u_earner[i] < e / max(size[i], 1))
        lost_share[i] = illness_days_lost / max(e, 1) if earner_ill else 0.0
        hosp = u_hospital[i] < catastrophic_rate
        health_cost[i] = (episodes * illness_cost if sick else 0.0) + (
            catastrophic_cost if hosp else 0.0
        )
        ill[i] = sick
        hospital[i] = hosp

        hb = has_business[i]
        if (u_business[i] < business_shock_rate) and hb:
            business_capital[i] *= business_keep
        floor = failure_capital * business_start_capital[i]
        fail = hb and business_capital[i] < floor
        if fail:
            hb = False
            business_capital[i] = 0.0
        if not hb and not fail and business_start_capital[i] > 0:
            hb = business_capital[i] >= floor
        has_business[i] = hb
        failed[i] = fail
