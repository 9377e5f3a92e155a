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
from model.parameters import ASSUMPTION as A
from model.parameters import Params, Spec
from model.population import area_log_sd, owner_casual_earnings
from model.shocks import MonthConditions
from model.state import HouseholdState
from model.streams import Streams

INCOME_SPECS: dict[str, Spec] = {
    "log_sd": Spec(
        default=0.759,
        unit="log points",
        meaning="s.d. of log per-capita consumption in urban villages",
        source="calibrated to the BPS urban Gini 0.399 (March 2024)",
        reference=(
            "BPS (2024b), Tingkat Ketimpangan Pengeluaran Penduduk Indonesia Maret "
            "2024, Berita Resmi Statistik, 1 July 2024"
        ),
        low=0.1,
        high=2,
    ),
    "log_mean_gap": Spec(
        default=0.923,
        unit="log points",
        meaning="log of median per-capita consumption over the poverty line",
        source="calibrated to the BPS headcount 9.03 % (March 2024)",
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=0,
        high=3,
    ),
    "size_elasticity": Spec(
        default=-0.718,
        unit="-",
        meaning="elasticity of per-capita consumption with household size",
        source="calibrated to the BPS poor household size 4.78 (March 2024)",
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=-2,
        high=0,
    ),
    "urban_premium": Spec(
        default=0.25,
        unit="log points",
        meaning="urban per-capita consumption premium",
        source=("calibrated to the BPS urban 7.09 % / rural 11.79 % headcount (March 2024)"),
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=-1,
        high=1,
    ),
    "village_sd": Spec(
        default=0.12,
        unit="log points",
        meaning="s.d. of village effects",
        source=A,
        low=0,
        high=1,
    ),
    "persistent_share": Spec(
        default=0.95,
        unit="share",
        meaning="share of the variance of log welfare that is time-varying (AR(1)) "
        "rather than fixed",
        source=(
            "calibrated to 28 % of poor households still poor two years later "
            "(Susenas panel 2005-07)"
        ),
        reference=(
            "Dartanto and Nurkholis (2013), Bulletin of Indonesian Economic Studies "
            "49(1): 61-84 (Susenas panel 2005-07: 28 % of poor households poor in "
            "both years)"
        ),
        low=0,
        high=1,
    ),
    "persistent_rho": Spec(
        default=0.95,
        unit="per month",
        meaning="monthly autocorrelation of the time-varying permanent component (a "
        "slow random walk)",
        source=A,
        low=0,
        high=0.999,
    ),
    "transitory_sd": Spec(
        default=0.15,
        unit="log points",
        meaning="s.d. of the mean-one monthly transitory income shock",
        source=A,
        low=0,
        high=1,
    ),
    "saving_propensity": Spec(
        default=0.15,
        unit="share",
        meaning="share of permanent income above need that is saved",
        source=A,
        low=0,
        high=0.8,
    ),
    "asset_income_share": Spec(
        default=0.08,
        unit="share",
        meaning="share of permanent income earned from productive assets",
        source=A,
        low=0,
        high=0.8,
    ),
    "asset_return": Spec(
        default=0.02,
        unit="per month",
        meaning="income yield of productive assets",
        source=A,
        low=0.001,
        high=0.2,
    ),
    "business_income_share": Spec(
        default=0.5,
        unit="share",
        meaning="share of a business household's permanent income earned by the business",
        source=A,
        low=0,
        high=1,
    ),
    "business_return": Spec(
        default=0.06,
        unit="per month",
        meaning="mean monthly return on business capital",
        source=A,
        low=0.001,
        high=0.5,
    ),
    "business_retention": Spec(
        default=0.3,
        unit="share",
        meaning="share of business income retained to "
        "restore capital lost to shocks (up to the start level)",
        source=A,
        low=0,
        high=1,
    ),
    "reinvest_share": Spec(
        default=0.5,
        unit="share",
        meaning="share of savings above the buffer target invested to rebuild "
        "productive assets and business capital lost to shocks, sales or "
        "depreciation, up to their initial level",
        source=A,
        low=0,
        high=1,
    ),
    "growth_invest_share": Spec(
        default=0.1,
        unit="share",
        meaning="share of savings above the buffer target invested each month beyond "
        "restoring lost capital (business capital, else productive assets)",
        source=A,
        low=0,
        high=1,
    ),
    "depreciation_rate": Spec(
        default=0.005,
        unit="per month",
        meaning="depreciation of productive assets (business capital's wear is in its shocks)",
        source="assumption (about 6 % a year)",
        low=0,
        high=0.2,
    ),
    "maintenance_share": Spec(
        default=1.0,
        unit="share",
        meaning="share of the month's wear of productive assets at or below their "
        "usual (month-0) "
        "level that is made good out of the assets' yield (maintenance, replacing tools "
        "and stock); wear above the usual level is not",
        source="assumption (without it the assets of households that never have a surplus wear "
        "away at the depreciation rate and the baseline drifts)",
        low=0,
        high=1,
    ),
    "asset_retention": Spec(
        default=0.3,
        unit="share",
        meaning="share of the yield of productive assets (after maintenance) used to restock "
        "assets lost to shocks, sales or forfeits, up to their usual level",
        source="assumption (as income.business_retention for business capital)",
        low=0,
        high=1,
    ),
    "informal_earnings_share": Spec(
        default=0.35,
        unit="share",
        meaning="casual or informal earnings of an unemployed earner, as a share of his "
        "usual labour income",
        source="assumption (most Indonesian workers are informal; the unemployed take casual work)",
        low=0,
        high=1,
    ),
    "owner_casual_share": Spec(
        default=0.35,
        unit="share",
        meaning="casual earnings of a business owner's time freed by capital lost below the "
        "start level (or by a closed business), as a share of what that capital earned; "
        "the household retains income.business_retention of them to restock",
        source="assumption (as income.informal_earnings_share: the owner of a failed or "
        "shrunken micro-business takes casual work)",
        low=0,
        high=1,
    ),
    "rural_log_sd": Spec(
        default=0.5,
        unit="log points",
        meaning="s.d. of log per-capita consumption in rural villages "
        "(income.log_sd is the urban one)",
        source=("calibrated to the BPS rural Gini 0.306 (urban 0.399), March 2024"),
        reference=(
            "BPS (2024b), Tingkat Ketimpangan Pengeluaran Penduduk Indonesia Maret "
            "2024, Berita Resmi Statistik, 1 July 2024"
        ),
        low=0.1,
        high=2,
    ),
    "lower_tail_ratio": Spec(
        default=0.45,
        unit="-",
        meaning="s.d. of the fixed welfare component below its median relative to above "
        "(a two-piece normal: a thinner lower tail)",
        source="calibrated to BPS March 2024 poverty gap P1 1.461",
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=0.2,
        high=2,
    ),
    "business_return_sd": Spec(
        default=0.3,
        unit="log points",
        meaning="s.d. of the monthly business return shock",
        source=A,
        low=0,
        high=2,
    ),
}


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
