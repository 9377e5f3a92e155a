"""Step 4 of the month: incomes.

Labour income = base level x exp(permanent component) x share of earners employed x
mean-one transitory shock x covariate multiplier x (1 - illness loss). The permanent
component is an AR(1) in logs with monthly autocorrelation ``income.persistent_rho``
(a slow random walk that reverts to the household's own level). Households with no
earner (elderly, severely disabled) receive the same flow as private transfers
(remittances, pensions), with no job-loss risk. An unemployed earner earns
``income.informal_earnings_share`` of his usual labour income in casual work. Productive
assets depreciate at ``income.depreciation_rate``. Business income = capital x a
stochastic monthly return, plus the casual earnings of the owner's time freed by capital
lost below the start level (``income.owner_casual_share`` of what that capital earned),
less the retained share that restores capital lost to shocks (so a closed business is
restocked out of the owner's casual earnings and reopens at the failure threshold);
productive assets yield ``income.asset_return``, out of which the wear of assets at or
below their usual level is made good (``income.maintenance_share``) and part of the rest
restocks lost assets (``income.asset_retention``). Grown children's transfers add their
schooling premium (model/human_capital.py).
"""

from __future__ import annotations

import numpy as np

from measures import numerics as det
from model.human_capital import remittance_income
from model.parameters import Params
from model.population import area_log_sd, owner_casual_earnings
from model.shocks import MonthConditions
from model.state import HouseholdState
from model.streams import Streams


def earn_incomes(
    state: HouseholdState,
    params: Params,
    streams: Streams,
    month: int,
    cond: MonthConditions,
    earnings_lost_share: np.ndarray,
) -> dict[str, np.ndarray]:
    """Update the permanent component and return the month's income flows (Rp)."""
    inc = params.income
    n = state.n
    innov_sd = area_log_sd(params, state.urban) * np.sqrt(
        inc.persistent_share * (1 - inc.persistent_rho * inc.persistent_rho)
    )
    state.persistent = inc.persistent_rho * state.persistent + innov_sd * streams.normal(
        "permanent_income", month, n
    )
    sd = inc.transitory_sd
    transitory = det.exp(sd * streams.normal("transitory_income", month, n) - 0.5 * sd * sd)
    informal = inc.informal_earnings_share * (state.earners - state.employed)
    employed_share = np.where(
        state.earners > 0, (state.employed + informal) / np.maximum(state.earners, 1), 1.0
    )
    # productive assets wear out; business capital's wear is in its shocks and is
    # replaced out of retained earnings
    worn = state.assets * inc.depreciation_rate
    state.assets = state.assets - worn
    labour = (
        state.labour_base
        * det.exp(state.persistent)
        * employed_share
        * transitory
        * cond.income_multiplier
        * (1 - earnings_lost_share)
    )
    bsd = inc.business_return_sd
    ret = inc.business_return * det.exp(
        bsd * streams.normal("business_return", month, n) - 0.5 * bsd * bsd
    )
    business = np.where(state.has_business, state.business_capital * ret, 0.0)
    # The owner's time no longer used in a business run below its start scale (or closed)
    # goes to casual work; the household retains the same share of these earnings as of
    # business income to restock the business (the return path from a lost business).
    gap = np.maximum(state.business_start_capital - state.business_capital, 0.0)
    business = (business + owner_casual_earnings(state, params) * transitory) * (
        cond.income_multiplier
    )
    # Retained earnings restore capital lost to shocks, up to the start level.
    retained = np.minimum(inc.business_retention * business, gap)
    state.business_capital += retained
    business -= retained
    assets = inc.asset_return * state.assets * np.minimum(cond.income_multiplier, 1.0)
    # Maintenance: the wear of assets at or below their usual (month-0) level is made
    # good out of their yield, so a household that never has a surplus keeps its tools
    # and livestock instead of watching them wear away; holdings above the usual level
    # wear out unless reinvested.
    room = np.maximum(state.assets_target - (state.assets + state.pawned_assets), 0.0)
    maintenance = np.minimum(np.minimum(inc.maintenance_share * worn, assets), room)
    state.assets += maintenance
    assets -= maintenance
    # and, like a business, part of the yield restocks assets lost to shocks, sales or
    # forfeits, up to the usual level
    restock = np.minimum(inc.asset_retention * assets, room - maintenance)
    state.assets += restock
    assets -= restock
    remittance = remittance_income(state, cond.income_multiplier, labour)
    state.events.remittance = remittance
    return {"labour": labour, "business": business, "asset": assets, "remittance": remittance}
