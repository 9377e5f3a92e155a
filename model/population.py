"""Initialisation: a synthetic district of households at month 0.

Per-capita consumption at month 0 is log-normal around the poverty line, with
household-size, urban and village effects, split into a fixed part and a
time-varying (AR(1)) part. Its spread and level are calibrated so that the person
headcount and Gini match BPS March 2024 (docs/CALIBRATION.md). Incomes are then
backed out of consumption: households whose permanent income exceeds need save a
share of the excess (``income.saving_propensity``).
"""

from __future__ import annotations

import numpy as np

from measures import numerics as det
from model.parameters import ASSUMPTION as A
from model.parameters import Params, Spec
from model.proxies import initial_proxies
from model.state import FAMILY, FORMAL, INFORMAL, MAX_CHILDREN, HouseholdState
from model.streams import Streams

# Named constants of the month-0 draw. They are not parameters: the school ages are
# the Indonesian school system's (SD from 7, SMP from 13, SMA from 16; children leave
# the household at 19, the rule of model/calendar.py); the others bound a draw or
# guard a division and no result is sensitive to them within reason.
SCHOOL_ENTRY_AGE = 7  # years: SD (primary) entry age
SMP_AGE = 13  # years: junior-secondary (SMP) entry, after 6 years of SD
SMA_AGE = 16  # years: senior-secondary (SMA) entry, after 3 years of SMP
SD_END_AGE, SMP_END_AGE, SMA_END_AGE = 12, 15, 18  # years: last year of each level
LEAVING_AGE = 19  # years: children leave the household (model/calendar.py)
SD_MONTHS = 72  # months in school of a child who did not continue at 13 (6 years of SD)
SD_SMP_MONTHS = 108  # months in school of a child who did not continue at 16 (9 years)
MONTHS_BEFORE_ENTRY = 83  # an enrolled child of a months has a - 83 months in school
MAX_SAVING_RATE = 0.95  # cap on the saving rate out of surplus (propensity + boost):
# a modelling bound so that some of any surplus is always spent, not a behavioural figure
TINY = 1e-12  # numerical guard against division by zero, not a parameter
# Assumption (no published figure; a second member makes an elderly-only household a
# couple): chance that an elderly-only household has two elderly members.
ELDERLY_ONLY_PAIR_PROB = 0.4
# Assumption: a month-0 debtor owes between this share and one month of its permanent
# income (uniform); population.initial_debt_share sets how many owe.
INITIAL_DEBT_MIN_MONTHS = 0.2
N_LENDERS = 3  # family, formal, informal (model/state.py LENDERS)

POVERTY_LINE_SPECS: dict[str, Spec] = {
    "urban": Spec(
        default=601_871.0,
        unit="Rp/capita/month",
        meaning="urban poverty line",
        source="BPS March 2024 urban poverty line",
        as_of="2024-03",
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=1e5,
        high=5e6,
    ),
    "rural": Spec(
        default=556_874.0,
        unit="Rp/capita/month",
        meaning="rural poverty line",
        source="BPS March 2024 rural poverty line",
        as_of="2024-03",
        reference=(
            "BPS (2024a), Profil Kemiskinan di Indonesia Maret 2024, Berita Resmi "
            "Statistik, 1 July 2024"
        ),
        low=1e5,
        high=5e6,
    ),
}


POPULATION_SPECS: dict[str, Spec] = {
    "urban_share": Spec(
        default=0.55,
        unit="share",
        meaning="share of households living in urban villages",
        source="assumption (BPS: about 56 % of people urban, 2020 census)",
        reference=(
            "BPS (2021), Hasil Sensus Penduduk 2020, Berita Resmi Statistik, 21 January 2021"
        ),
        low=0,
        high=1,
    ),
    "village_size": Spec(
        default=400,
        unit="households",
        meaning="households per village",
        source=A,
        low=20,
        high=10_000,
    ),
    "adult_extra_prob": Spec(
        default=0.42,
        unit="probability",
        meaning="chance of each of two extra working-age adults beyond the head",
        source=A,
        low=0,
        high=1,
    ),
    "children_mean": Spec(
        default=1.45,
        unit="children",
        meaning="mean number of children aged 0-18",
        source=A,
        low=0,
        high=5,
    ),
    "elderly_prob": Spec(
        default=0.13,
        unit="probability",
        meaning="chance of each of two elderly (60+) members",
        source=A,
        low=0,
        high=1,
    ),
    "elderly_only_share": Spec(
        default=0.05,
        unit="share",
        meaning="share of households of elderly only",
        source=A,
        low=0,
        high=0.3,
    ),
    "disabled_share": Spec(
        default=0.02,
        unit="share",
        meaning="households with a severely disabled member",
        source=A,
        low=0,
        high=0.2,
    ),
    "business_share": Spec(
        default=0.35,
        unit="share",
        meaning="households running a micro-business",
        source=A,
        low=0,
        high=1,
    ),
    "formal_credit_access": Spec(
        default=0.15,
        unit="share",
        meaning="households with access to formal (KUR-type) credit",
        source=(
            "assumption for all households (under 10 % of poor households had "
            "borrowed formally, 2007, though about 40 % met bank criteria)"
        ),
        reference=(
            "press reports of a household finance survey, 2007; docs/SOURCES.md (Credit prices)"
        ),
        low=0,
        high=1,
    ),
    "family_credit_access": Spec(
        default=0.6,
        unit="share",
        meaning="households with family who can lend",
        source=A,
        low=0,
        high=1,
    ),
    "initial_savings_share": Spec(
        default=0.485,
        unit="share",
        meaning="households holding emergency savings at month 0",
        source="2020 household survey: 51.5 % have no emergency savings",
        reference=(
            "UNICEF, UNDP, Prospera and SMERU (2021), Analysis of the Social and "
            "Economic Impacts of COVID-19 on Households and Strategic Policy "
            "Recommendations for Indonesia (survey of 12,216 households, "
            "October-November 2020)"
        ),
        low=0,
        high=1,
    ),
    "initial_savings_months": Spec(
        default=1.5,
        unit="months of income",
        meaning="mean savings of savers at month 0",
        source=A,
        low=0,
        high=24,
    ),
    "initial_debt_share": Spec(
        default=0.2,
        unit="share",
        meaning="households owing money at month 0",
        source=A,
        low=0,
        high=1,
    ),
}


def poverty_line(params: Params, urban: np.ndarray) -> np.ndarray:
    """Poverty line at month-0 prices, Rp per capita per month, by area."""
    pl = params.poverty_line
    return np.where(urban, pl.urban, pl.rural)


def stratified_villages(
    n: int, urban_share: float, village_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Village of each household (int32, contiguous blocks) and whether each village is
    urban. Stratified: round(urban_share x n) households live in urban villages, and
    each area is split into villages of about ``village_size`` households, so a small
    district has the urban share and village sizes of a large one."""
    n_urban = int(round(urban_share * n))
    sizes = []
    for count in (n_urban, n - n_urban):
        if count > 0:
            sizes.append((count, max(1, int(round(count / village_size)))))
        else:
            sizes.append((0, 0))
    village = np.empty(n, np.int32)
    urban_village = np.zeros(sizes[0][1] + sizes[1][1], bool)
    urban_village[: sizes[0][1]] = True
    start, first = 0, 0
    for count, n_v in sizes:
        if count:
            village[start : start + count] = first + (np.arange(count) * n_v) // count
        start += count
        first += n_v
    return village, urban_village


def area_log_sd(params: Params, urban: np.ndarray) -> np.ndarray:
    """s.d. of log per-capita welfare by household, by area (log points)."""
    inc = params.income
    return np.where(urban, inc.log_sd, inc.rural_log_sd)


def owner_casual_earnings(state: HouseholdState, params: Params) -> np.ndarray:
    """Expected casual earnings (Rp/month) of business owners' time freed by capital lost
    below the start level: ``income.owner_casual_share`` of what the lost capital earned
    at the mean return."""
    inc = params.income
    gap = np.maximum(state.business_start_capital - state.business_capital, 0.0)
    return inc.owner_casual_share * inc.business_return * gap


def permanent_income(state: HouseholdState, params: Params) -> np.ndarray:
    """Household permanent income, Rp/month: labour at full employment plus expected
    returns on productive assets (including pledged ones, which come back on
    redemption) and business capital, the owner's casual earnings on business capital
    lost below its start level (:func:`owner_casual_earnings`) and grown children's
    transfer premium (model/human_capital.py). Expected transfers are added by the
    caller."""
    inc = params.income
    return (
        state.labour_base * det.exp(state.persistent)
        + inc.asset_return * (state.assets + state.pawned_assets)
        + inc.business_return * state.business_capital
        + owner_casual_earnings(state, params)
        + state.remittance_premium
    )


def habitual_consumption(
    state: HouseholdState, params: Params, y_perm: np.ndarray, need: np.ndarray
) -> np.ndarray:
    """Consumption the household aims for, Rp/month at month-0 prices: permanent income
    less planned saving out of income above need."""
    rate = np.minimum(params.income.saving_propensity + state.saving_boost, MAX_SAVING_RATE)
    return y_perm - rate * np.maximum(y_perm - need, 0.0)


def initial_school_months(
    child_age: np.ndarray, enrolled: np.ndarray, params: Params, g: np.random.Generator
) -> np.ndarray:
    """Months each child has been enrolled at month 0 (int16), by the same rules as the
    month-0 enrolment draw: an enrolled child of age a months has been in school since
    age 7 (a - 83 months, the count the monthly step would have reached); a child aged 7+
    not enrolled either never entered (0) or did not continue at 13 (72 months) or 16
    (108 months), drawn with the probabilities of those paths given the child's age."""
    sch = params.schooling
    e, t1, t2 = sch.entry_rate, sch.smp_transition, sch.sma_transition
    years = np.where(child_age >= 0, child_age // 12, -1)
    never = np.full(child_age.shape, 1 - e)
    stop13 = np.where(years >= SMP_AGE, e * (1 - t1), 0.0)
    stop16 = np.where(years >= SMA_AGE, e * t1 * (1 - t2), 0.0)
    total = np.maximum(never + stop13 + stop16, TINY)
    u = g.random(child_age.shape) * total
    out_months = np.where(u < never, 0, np.where(u < never + stop13, SD_MONTHS, SD_SMP_MONTHS))
    months = np.where(
        years >= SCHOOL_ENTRY_AGE,
        np.where(enrolled, child_age.astype(np.int64) - MONTHS_BEFORE_ENTRY, out_months),
        0,
    )
    return months.astype(np.int16)


def build_population(params: Params, seed: int) -> HouseholdState:
    """Draw the month-0 district. Uses only the ``init.*`` random streams."""
    n = int(params.run.households)
    pop = params.population
    inc = params.income
    streams = Streams(seed)
    g = streams.generator("init.composition")

    village, urban_village = stratified_villages(n, pop.urban_share, pop.village_size)
    n_vill = urban_village.size
    urban = urban_village[village]

    # --- composition
    elderly_only = g.random(n) < pop.elderly_only_share
    adults = (1 + g.binomial(2, pop.adult_extra_prob, n)).astype(np.int8)
    elderly = g.binomial(2, pop.elderly_prob, n).astype(np.int8)
    adults[elderly_only] = 0
    elderly[elderly_only] = 1 + g.binomial(1, ELDERLY_ONLY_PAIR_PROB, int(elderly_only.sum()))
    n_child = np.minimum(g.poisson(pop.children_mean, n), MAX_CHILDREN)
    n_child[elderly_only] = 0
    ages = g.integers(0, LEAVING_AGE * 12, (n, MAX_CHILDREN)).astype(np.int16)  # age in months
    slot = np.arange(MAX_CHILDREN)[None, :]
    child_age = np.where(slot < n_child[:, None], ages, -1).astype(np.int16)
    disabled = (g.random(n) < pop.disabled_share) & (adults > 0)
    earners = (adults - disabled).astype(np.int8)
    size = adults + elderly + n_child

    # --- welfare: log per-capita consumption at month 0
    gw = streams.generator("init.welfare")
    line = poverty_line(params, urban)
    log_size = det.log(size.astype(float))
    # village effects, centred within each area so that small districts keep the
    # areas' levels (a stratified draw)
    v = gw.standard_normal(n_vill)
    for area in (True, False):
        sel = urban_village == area
        if sel.any():
            v[sel] -= v[sel].mean()
    village_eff = v[village] * inc.village_sd
    sd = area_log_sd(params, urban)
    z_fixed = gw.standard_normal(n)
    # two-piece normal: a thinner lower tail of the fixed component (BPS P1, P2)
    z_fixed = np.where(z_fixed < 0, inc.lower_tail_ratio * z_fixed, z_fixed)
    fixed = z_fixed * sd * np.sqrt(1 - inc.persistent_share)
    persistent = gw.standard_normal(n) * sd * np.sqrt(inc.persistent_share)
    log_pc_core = (
        det.log(line)
        + inc.log_mean_gap
        + inc.urban_premium * (urban - urban.mean())
        + inc.size_elasticity * (log_size - log_size.mean())
        + village_eff
        + fixed
    )
    need0 = line * size
    # Back out permanent income at a zero persistent deviation: C = Y - s * max(Y - need, 0)
    s = inc.saving_propensity
    c_core = det.exp(log_pc_core) * size
    y_core = np.where(c_core > need0, (c_core - s * need0) / (1 - s), c_core)

    has_business = (gw.random(n) < pop.business_share) & (earners > 0)
    business_income = np.where(has_business, inc.business_income_share * y_core, 0.0)
    asset_income = inc.asset_income_share * y_core
    assets = asset_income / inc.asset_return
    capital = business_income / inc.business_return
    labour_base = y_core - asset_income - business_income
    # The persistent component moves labour income (a stationary AR(1) draw at month 0),
    # so month 0 is a draw from the same distribution as later months.
    y_perm = labour_base * det.exp(persistent) + asset_income + business_income
    consumption0 = y_perm - s * np.maximum(y_perm - need0, 0.0)
    log_pc = det.log(consumption0 / size)

    # --- employment at month 0: the unemployment rate implied by the hazards
    hz = params.shocks
    u_rate = hz.job_loss_rate / (hz.job_loss_rate + hz.reemployment_rate)
    employed = (earners - gw.binomial(earners, u_rate)).astype(np.int8)

    # --- observables a survey records: driven by the fixed part of welfare and composition
    # (model/proxies.py: durables and housing follow welfare from here on)
    go = streams.generator("init.observables")
    housing, durables, education, housing_offset = initial_proxies(
        params.proxies, consumption0 / size / line, urban, go
    )

    # --- schooling at month 0
    gs = streams.generator("init.school")
    years = np.where(child_age >= 0, child_age // 12, -1)
    p_enrol = np.select(
        [
            years < SCHOOL_ENTRY_AGE,
            years <= SD_END_AGE,
            years <= SMP_END_AGE,
            years <= SMA_END_AGE,
        ],
        [
            0.0,
            params.schooling.entry_rate,
            params.schooling.entry_rate * params.schooling.smp_transition,
            params.schooling.entry_rate
            * params.schooling.smp_transition
            * params.schooling.sma_transition,
        ],
        0.0,
    )
    enrolled = gs.random((n, MAX_CHILDREN)) < p_enrol
    school_months = initial_school_months(
        child_age, enrolled, params, streams.generator("init.school_years")
    )

    # --- finance at month 0
    gf = streams.generator("init.finance")
    rank = det.argsort(det.argsort(log_pc)) / max(n - 1, 1)  # 0 = poorest
    p_save = np.clip(2 * pop.initial_savings_share * rank, 0, 1)
    savers = gf.random(n) < p_save
    savings = np.where(savers, gf.exponential(pop.initial_savings_months, n) * y_perm, 0.0)
    access = np.column_stack(
        [
            gf.random(n) < pop.family_credit_access,
            gf.random(n) < pop.formal_credit_access * (0.5 + rank),
            np.ones(n, bool),
        ]
    )
    p_debt = np.clip(2 * pop.initial_debt_share * (1 - rank), 0, 1)
    debtors = gf.random(n) < p_debt
    amount = gf.uniform(INITIAL_DEBT_MIN_MONTHS, 1.0, n) * y_perm
    lender = np.where(access[:, FORMAL], FORMAL, np.where(access[:, FAMILY], FAMILY, INFORMAL))
    debt = np.zeros((n, N_LENDERS))
    debt[np.arange(n), lender] = np.where(debtors, amount, 0.0)

    return HouseholdState(
        n=n,
        village=village,
        urban=urban,
        adults=adults,
        elderly=elderly.astype(np.int8),
        child_age=child_age,
        enrolled=enrolled,
        school_months=school_months,
        disabled=disabled,
        pregnant_months=np.zeros(n, np.int8),
        earners=earners,
        employed=employed,
        labour_base=labour_base,
        persistent=persistent,
        has_business=has_business,
        business_capital=capital,
        business_start_capital=capital.copy(),
        assets=assets,
        assets_target=assets.copy(),
        habitual_consumption=consumption0,
        saving_propensity=np.full(n, s),
        disaster_months_left=np.zeros(n, np.int8),
        disaster_gap_assets=np.zeros(n),
        disaster_gap_capital=np.zeros(n),
        savings=savings,
        savings_locked=np.zeros(n),
        debt=debt,
        arrears=np.zeros((n, N_LENDERS)),
        arrears_months=np.zeros(n, np.int16),
        debt_rising_months=np.zeros(n, np.int16),
        credit_access=access,
        pawn_loan=np.zeros(n),
        pawned_assets=np.zeros(n),
        pawn_months=np.zeros(n, np.int16),
        expected_transfer=np.zeros(n),
        transfer_reserve=np.zeros(n),
        months_since_transfer=np.zeros(n, np.int16),
        housing_quality=housing,
        durable_assets=durables,
        head_education=education.astype(np.int8),
        housing_offset=housing_offset,
    )
