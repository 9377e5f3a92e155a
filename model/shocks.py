"""Steps 2-3 of the month: covariate shocks (scheduled crises, village disasters) and
idiosyncratic shocks (job loss and re-employment, illness, business shocks)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from measures import numerics as det
from model.parameters import ASSUMPTION as A
from model.parameters import Params, Spec
from model.shocks_kernel import household_shocks
from model.state import HouseholdState
from model.streams import Streams

# Named streams of the household shocks, in the order household_shocks takes them.
SHOCK_STREAMS = (
    "job_loss",
    "reemployment",
    "illness",
    "illness_earner",
    "hospitalisation",
    "business_shock",
)


SHOCK_SPECS: dict[str, Spec] = {
    "job_loss_rate": Spec(
        default=0.012,
        unit="per earner-month",
        meaning="hazard of losing wage work",
        source=("assumption (no published job-loss frequency found); open unemployment about 5 %"),
        low=0,
        high=0.5,
    ),
    "reemployment_rate": Spec(
        default=0.2,
        unit="per earner-month",
        meaning="hazard of finding work again",
        source=A,
        low=0.001,
        high=1,
    ),
    "illness_rate": Spec(
        default=0.121,
        unit="per person-month",
        meaning="chance a member's illness disrupts activities",
        source=(
            "BPS 2024: 12.1 % of people had a health complaint that disrupted "
            "activities in the past month"
        ),
        reference=(
            "BPS (2024c), Indikator Kesejahteraan Rakyat 2024, health chapter (angka "
            "kesakitan 12.12 %)"
        ),
        low=0,
        high=1,
    ),
    "illness_days_lost": Spec(
        default=0.15,
        unit="share of month",
        meaning="earnings an ill earner loses",
        source=A,
        low=0,
        high=1,
    ),
    "illness_cost": Spec(
        default=60_000.0,
        unit="Rp per episode",
        meaning="out-of-pocket cost of an ordinary illness (PBI-JKN covers most care)",
        source=A,
        low=0,
        high=5e6,
    ),
    "catastrophic_rate": Spec(
        default=0.004,
        unit="per household-month",
        meaning="chance of a hospitalisation with large out-of-pocket cost",
        source=A,
        low=0,
        high=0.1,
    ),
    "catastrophic_cost": Spec(
        default=2_500_000.0,
        unit="Rp",
        meaning="out-of-pocket cost of a hospitalisation",
        source=A,
        low=0,
        high=1e8,
    ),
    "business_shock_rate": Spec(
        default=0.02,
        unit="per business-month",
        meaning="chance of a business loss",
        source=A,
        low=0,
        high=0.5,
    ),
    "business_shock_loss": Spec(
        default=0.3,
        unit="share of capital",
        meaning="capital lost in a business shock",
        source=A,
        low=0,
        high=1,
    ),
    "business_failure_capital": Spec(
        default=0.25,
        unit="share of start capital",
        meaning="a business whose capital falls below this share of its start fails",
        source=A,
        low=0,
        high=1,
    ),
    "disaster_rate": Spec(
        default=0.03,
        unit="per village-year",
        meaning="chance of a local disaster (flood, landslide, earthquake)",
        source=A,
        low=0,
        high=1,
    ),
    "disaster_asset_loss": Spec(
        default=0.3,
        unit="share",
        meaning="productive assets and business capital destroyed",
        source=A,
        low=0,
        high=1,
    ),
    "disaster_rebuild_months": Spec(
        default=24.0,
        unit="months",
        meaning="mean time to rebuild the productive assets and business capital a village "
        "disaster destroyed (each month 1/this of what is still missing comes back, in "
        "kind: reconstruction aid, gotong royong, own labour); 0 = no reconstruction",
        source=(
            "published estimate: losses of assets, income and consumption after a "
            "strong earthquake in rural Indonesia (IFLS, USGS) are concentrated in "
            "the first two years, then recovered"
        ),
        reference=("Gignoux and Menendez (2016), J. Development Economics 118: 26-44"),
        low=0,
        high=240,
    ),
    "disaster_months": Spec(
        default=3,
        unit="months",
        meaning="months of reduced income after a disaster",
        source=A,
        low=0,
        high=36,
    ),
    "disaster_income_multiplier": Spec(
        default=0.6,
        unit="multiplier",
        meaning="income multiplier in those months",
        source=A,
        low=0,
        high=1,
    ),
}


CRISIS_SPECS: dict[str, Spec] = {
    "name": Spec(default="crisis", unit="-", meaning="label", source="scenario"),
    "start_month": Spec(
        default=12,
        unit="month",
        meaning="first month of the crisis",
        source="scenario",
        low=1,
        high=1200,
    ),
    "duration_months": Spec(
        default=6,
        unit="months",
        meaning="length of the crisis",
        source="scenario",
        low=1,
        high=1200,
    ),
    "affected_share": Spec(
        default=1.0,
        unit="share of villages",
        meaning="villages hit (chosen at random)",
        source="scenario",
        low=0,
        high=1,
    ),
    "area": Spec(
        default="all",
        unit="-",
        meaning="which villages can be hit",
        source="scenario",
        choices=("all", "urban", "rural"),
    ),
    "income_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on labour and business income in affected villages",
        source="scenario",
        low=0,
        high=2,
    ),
    "price_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on prices and the poverty line (everywhere)",
        source="scenario",
        low=0.5,
        high=3,
    ),
    "job_loss_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on the job-loss hazard in affected villages",
        source="scenario",
        low=0,
        high=20,
    ),
}


@dataclass
class MonthConditions:
    """What the covariate shocks impose on this month."""

    price_index: float  # multiplier on prices and the poverty line
    income_multiplier: np.ndarray  # per household, on labour and business income
    job_loss_multiplier: np.ndarray  # per household
    shock_hit: np.ndarray  # bool, household hit by a crisis or disaster this month


def crisis_villages(params: Params, state: HouseholdState, streams: Streams, i: int) -> np.ndarray:
    """Villages hit by crisis ``i`` (bool per village), fixed for the whole crisis."""
    c = params.crises[i]
    n_vill = int(state.village.max()) + 1
    urban_v = np.zeros(n_vill, bool)
    urban_v[state.village] = state.urban
    eligible = np.ones(n_vill, bool)
    if c.area == "urban":
        eligible = urban_v
    elif c.area == "rural":
        eligible = ~urban_v
    u = streams.uniform(f"crisis.{i}", 0, n_vill)
    return eligible & (u < c.affected_share)


def covariate_shocks(
    state: HouseholdState, params: Params, streams: Streams, month: int
) -> MonthConditions:
    """Scheduled crises and random village disasters. Disasters destroy a share of
    productive assets and business capital and cut income for some months."""
    n = state.n
    income_mult = np.ones(n)
    job_mult = np.ones(n)
    hit = np.zeros(n, bool)
    price = 1.0
    for i, c in enumerate(params.crises):
        if c.start_month <= month < c.start_month + c.duration_months:
            price *= c.price_multiplier
            affected = crisis_villages(params, state, streams, i)[state.village]
            income_mult[affected] *= c.income_multiplier
            job_mult[affected] *= c.job_loss_multiplier
            hit |= affected

    sh = params.shocks
    n_vill = int(state.village.max()) + 1
    p_month = 1 - det.power(1 - sh.disaster_rate, 1 / 12)
    struck_v = streams.uniform("disaster", month, n_vill) < p_month
    struck = struck_v[state.village]
    if struck.any():
        state.disaster_gap_assets[struck] += sh.disaster_asset_loss * state.assets[struck]
        state.disaster_gap_capital[struck] += (
            sh.disaster_asset_loss * state.business_capital[struck]
        )
        state.assets[struck] *= 1 - sh.disaster_asset_loss
        state.business_capital[struck] *= 1 - sh.disaster_asset_loss
        state.disaster_months_left[struck] = sh.disaster_months
    reconstruct(state, sh.disaster_rebuild_months)
    recovering = state.disaster_months_left > 0
    income_mult[recovering] *= sh.disaster_income_multiplier
    state.disaster_months_left[recovering] -= 1
    hit |= struck
    state.events.disaster_hit = struck
    state.events.crisis_hit = hit & ~struck
    return MonthConditions(price, income_mult, job_mult, hit)


def reconstruct(state: HouseholdState, rebuild_months: float) -> None:
    """Reconstruction after village disasters: each month 1/``rebuild_months`` of the
    productive assets and business capital a disaster destroyed (and that are not yet
    rebuilt) come back, in kind (reconstruction aid, gotong royong, own labour), so a hit
    village recovers over about two years (``shocks.disaster_rebuild_months``); 0 turns
    reconstruction off. A closed business's rebuilt capital reopens it at the failure
    threshold (model/shocks_kernel.py)."""
    if rebuild_months <= 0:
        return
    share = min(1.0 / rebuild_months, 1.0)
    back_a = share * state.disaster_gap_assets
    back_k = share * state.disaster_gap_capital
    state.assets += back_a
    state.business_capital += back_k  # zero where there is no business: nothing was lost
    state.disaster_gap_assets -= back_a
    state.disaster_gap_capital -= back_k


def integer_powers(base: float, exponents: np.ndarray) -> np.ndarray:
    """``base ** exponents`` (float64) for small integer exponents (members, earners).

    Looks the powers up in a table of ``base ** 0..max`` computed by
    :func:`measures.numerics.power` (the same bits on any CPU), so every value is exactly
    what ``det.power(base, exponents)`` gives, with one power per distinct exponent
    instead of one per household."""
    if exponents.size == 0 or exponents.min() < 0:
        return det.power(base, exponents)
    table = det.power(base, np.arange(int(exponents.max()) + 1, dtype=float))
    return table[exponents]


def idiosyncratic_shocks(
    state: HouseholdState, params: Params, streams: Streams, month: int, cond: MonthConditions
) -> dict[str, np.ndarray]:
    """Job loss and re-employment, illness and business shocks. Returns the month's
    health costs (Rp) and earnings-loss shares; updates employment and capital."""
    sh = params.shocks
    n = state.n
    # Job loss: at most one job lost and one found per household-month.
    unemployed = state.earners - state.employed
    stay = 1 - np.minimum(sh.job_loss_rate * cond.job_loss_multiplier, 1.0)
    if stay.size and stay.min() == stay.max():  # no crisis: one rate for all households
        p_loss = 1 - integer_powers(stay[0], state.employed)
    else:
        p_loss = 1 - det.power(stay, state.employed)
    p_find = 1 - integer_powers(1 - sh.reemployment_rate, unemployed)
    # Illness: any member ill with 1-(1-rate)^size; expected episodes given any.
    size = state.size
    p_any = 1 - integer_powers(1 - sh.illness_rate, size)
    u = [streams.uniform(name, month, n) for name in SHOCK_STREAMS]
    health_cost, lost_share = np.empty(n), np.empty(n)
    lose, ill, hospital, failed = (np.empty(n, bool) for _ in range(4))
    # The rest per household (model/shocks_kernel.py): employment moves, illness costs
    # and lost earnings, business shocks, failure below a capital floor and reopening.
    household_shocks(
        *u,
        p_loss,
        p_find,
        p_any,
        size,
        state.employed,
        state.has_business,
        state.business_capital,
        state.business_start_capital,
        sh.illness_rate,
        sh.illness_days_lost,
        sh.illness_cost,
        sh.catastrophic_rate,
        sh.catastrophic_cost,
        sh.business_shock_rate,
        1 - sh.business_shock_loss,
        sh.business_failure_capital,
        health_cost,
        lost_share,
        lose,
        ill,
        hospital,
        failed,
    )
    state.events.job_losses = lose
    state.events.ill = ill
    state.events.hospitalised = hospital
    state.events.business_failures = failed
    return {"health_cost": health_cost, "earnings_lost_share": lost_share}
