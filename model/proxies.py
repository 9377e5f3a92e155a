"""Observable proxies that follow welfare: durables and housing (what a survey records).

The registry's proxy-means test (model/registry.py) sees only observables. If these were
drawn once and never changed, an old PMT score would be as good as a new one and a
stale registry would cost nothing. Here they move with the household's circumstances:

- **Durable assets** (motorbike, fridge, TV, phone, ...; a count). Each household has a
  desired stock that rises with its consumption: D*(w) = round(exp(``durables_base`` +
  ``durables_welfare_coef`` x z(w))) (z below), w = per-capita consumption this month over the
  poverty line. A household below its desired stock buys one more durable in a month
  when cash allows (no budget shortfall) with probability ``durables_buy_rate``; above
  it, one durable wears out or is sold with probability ``durables_wear_rate``. In
  distress (a month in which the budget pawned or sold productive assets, borrowed
  from a money lender, or cut consumption below need) the household pawns or sells one
  durable with probability ``durables_distress_sale`` (Wahyuni 2021: the poor "menggadai
  atau menjual barangnya" under pressure). The cash side of distress sales is the
  budget's own coping (asset sales, pawnshop): this module changes only the
  observable count, so no money is created.
- **Housing quality** (a score: floor, walls, roof, sanitation). It moves slowly towards
  a level that rises with consumption, H*(w) = ``housing_welfare_coef`` x z(w) +
  the household's own fixed offset (``housing_urban`` x urban + N(0,
  ``housing_noise``²) drawn at month 0), with z(w) = (log w - ``welfare_centre``) /
  ``welfare_sd`` standardised welfare; upwards by at most ``housing_improve_rate`` a
  month and only when cash allows, downwards by ``housing_decay_rate`` a month (slow deterioration).
- Employment of members and a running business are observed directly (state arrays).
- The head's schooling does not change.

The month-0 draw (:func:`initial_proxies`) uses the same relations on month-0 welfare
with noise, so the PMT fit at month 0 is as before: the coefficients are parameters
(section ``proxies``) so that sensitivity analysis can vary how informative the proxies
are.

Called once a month, after the household budget and before the programmes' after-budget
effects (step ``proxies`` of the month plan, model/month_plan.py): :func:`update_proxies`.
It draws from its own streams (``proxies.buy``, ``proxies.wear``, ``proxies.distress``) for every
household, so it shifts no other process's random numbers. Durable decisions compare
welfare with thresholds computed once from the parameters in Python scalars; the
housing level uses the CPU-deterministic log of ``measures.numerics``; so results are
bit-identical on any CPU.
"""

from __future__ import annotations

import math

import numpy as np

from measures import numerics as det
from model.parameters import Section, Spec
from model.state import INFORMAL, HouseholdState
from model.streams import Streams

A = "assumption, varied in sensitivity analysis"
MAX_DURABLES = 12  # most durables a household is counted with (the proxy's top category)
# Named constants of the proxies, not parameters (no result is sensitive to them within
# reason, or they are fixed by the school system):
RATIO_FLOOR = 0.01  # welfare ratios below 1 % of the line are logged at this floor
MAX_LOG_WELFARE = 50.0  # overflow guard on exp() of a log welfare ratio
# Head's schooling at month 0: about the national mean years of schooling of adults
# (BPS, rata-rata lama sekolah: about 8-9 years), plus a welfare gradient
# (proxies.education_welfare_coef) and an urban gap; assumption.
HEAD_SCHOOL_YEARS = 8
URBAN_SCHOOL_YEARS_GAP = 1.5  # assumption: urban heads have more schooling
MAX_SCHOOL_YEARS = 16  # a completed first degree (SD 6 + SMP 3 + SMA 3 + S1 4)

PROXY_SPECS: dict[str, Spec] = {
    "housing_welfare_coef": Spec(
        default=0.55,
        unit="score per s.d. of log welfare",
        meaning="housing quality per standard deviation of log per-capita consumption (proxy "
        "informativeness)",
        source=A,
        low=0,
        high=5,
    ),
    "housing_urban": Spec(
        default=0.3,
        unit="score",
        meaning="housing quality premium of urban households",
        source=A,
        low=-5,
        high=5,
    ),
    "housing_noise": Spec(
        default=0.8,
        unit="score",
        meaning="s.d. of household housing quality not explained by welfare",
        source=A,
        low=0,
        high=5,
    ),
    "durables_base": Spec(
        default=1.0,
        unit="log count",
        meaning="log desired number of durables at the poverty line",
        source=A,
        low=-3,
        high=3,
    ),
    "durables_welfare_coef": Spec(
        default=0.35,
        unit="log count per s.d. of log welfare",
        meaning="elasticity of the desired number of durables to welfare (proxy informativeness)",
        source=A,
        low=0,
        high=3,
    ),
    "education_welfare_coef": Spec(
        default=2.2,
        unit="years per s.d. of log welfare",
        meaning="head's schooling per s.d. of fixed welfare",
        source=A,
        low=0,
        high=10,
    ),
    "education_noise": Spec(
        default=2.6,
        unit="years",
        meaning="s.d. of the head's schooling not explained by welfare",
        source=A,
        low=0,
        high=10,
    ),
    "welfare_centre": Spec(
        default=0.942,
        unit="log points",
        meaning="log welfare ratio at which welfare is standardised to 0 (the calibrated median, "
        "income.log_mean_gap)",
        source="model calibration (docs/CALIBRATION.md)",
        low=-3,
        high=3,
    ),
    "welfare_sd": Spec(
        default=0.759,
        unit="log points",
        meaning="s.d. of log welfare by which the proxy coefficients are scaled (the calibrated "
        "income.log_sd)",
        source="model calibration (docs/CALIBRATION.md)",
        low=0.05,
        high=3,
    ),
    "dynamic": Spec(
        default=True,
        unit="-",
        meaning="durables and housing follow welfare month by month (false: drawn at month 0 "
        "and fixed, the old behaviour)",
        source="choice",
    ),
    "durables_buy_rate": Spec(
        default=0.08,
        unit="per month",
        meaning="chance a household below its desired stock buys one durable in a month with "
        "no budget shortfall",
        source=A,
        low=0,
        high=1,
    ),
    "durables_wear_rate": Spec(
        default=0.02,
        unit="per month",
        meaning="chance a household above its desired stock loses one durable (wear, sale)",
        source=A,
        low=0,
        high=1,
    ),
    "durables_distress_sale": Spec(
        default=0.3,
        unit="per month",
        meaning="chance a household in distress pawns or sells one durable",
        source=(
            "assumption (goods pawned or sold under pressure; 27.3 % of households "
            "pawned goods in the 2020 crisis)"
        ),
        reference=(
            "Wahyuni (2021), Perlindungan Sosial bagi Masyarakat Miskin, Kompasiana, "
            "23 October 2021; UNICEF, UNDP, Prospera and SMERU (2021), Analysis of "
            "the Social and Economic Impacts of COVID-19 on Households and Strategic "
            "Policy Recommendations for Indonesia (survey of 12,216 households, "
            "October-November 2020)"
        ),
        low=0,
        high=1,
    ),
    "housing_improve_rate": Spec(
        default=0.02,
        unit="score per month",
        meaning="largest monthly improvement of housing quality (when cash allows)",
        source=A,
        low=0,
        high=1,
    ),
    "housing_decay_rate": Spec(
        default=0.005,
        unit="score per month",
        meaning="largest monthly deterioration of housing quality (above its welfare level)",
        source=A,
        low=0,
        high=1,
    ),
}


def log_ratio(ratio: np.ndarray) -> np.ndarray:
    """log of a welfare ratio, floored at 1 % of the line (CPU-deterministic log)."""
    return det.log(np.maximum(ratio, RATIO_FLOOR))


def durable_thresholds(p: Section) -> np.ndarray:
    """Welfare ratios at which the desired number of durables reaches 1, 2, ..., 12:
    D*(w) >= k  iff  w >= t_k (rounding at k - 0.5)."""
    out = []
    for k in range(1, MAX_DURABLES + 1):
        if p.durables_welfare_coef <= 0:
            out.append(0.0 if math.exp(p.durables_base) >= k - 0.5 else math.inf)
            continue
        z = (math.log(k - 0.5) - p.durables_base) / p.durables_welfare_coef
        out.append(math.exp(min(p.welfare_centre + z * p.welfare_sd, MAX_LOG_WELFARE)))
    return np.array(out)


def desired_durables(p: Section, ratio: np.ndarray) -> np.ndarray:
    """Desired number of durables (0-12) at welfare ratio ``ratio``."""
    return np.searchsorted(durable_thresholds(p), ratio, side="right")


def standardised(p: Section, log_ratio: np.ndarray) -> np.ndarray:
    """Standardised welfare z = (log w - welfare_centre) / welfare_sd."""
    return (log_ratio - p.welfare_centre) / p.welfare_sd


def initial_proxies(
    p: Section, ratio: np.ndarray, urban: np.ndarray, g: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Month-0 housing score, durables count, head's schooling and each household's
    fixed housing offset, from the month-0 welfare ratio ``ratio`` and location;
    random draws from ``g`` in a fixed order (housing noise, durables, schooling
    noise). Setup code, run once (not a monthly decision)."""
    n = ratio.size
    wz = standardised(p, log_ratio(ratio))
    offset = p.housing_urban * urban + g.standard_normal(n) * p.housing_noise
    housing = p.housing_welfare_coef * wz + offset
    lam = det.exp(p.durables_base + p.durables_welfare_coef * wz)
    durables = np.minimum(g.poisson(lam), MAX_DURABLES).astype(np.int8)
    noise = g.normal(0, p.education_noise, n)
    education = np.clip(
        np.round(
            HEAD_SCHOOL_YEARS
            + p.education_welfare_coef * wz
            + URBAN_SCHOOL_YEARS_GAP * urban
            + noise
        ),
        0,
        MAX_SCHOOL_YEARS,
    )
    return housing, durables, education.astype(np.int8), offset


def distress(flows: dict[str, np.ndarray], need: np.ndarray) -> np.ndarray:
    """Households in distress this month: the budget pawned or sold productive assets,
    borrowed from a money lender, or consumption fell below need."""
    out = flows["consumption"] < need
    if "asset_sales" in flows:
        out = out | (flows["asset_sales"] > 0)
    if "borrowing_by_lender" in flows:
        out = out | (flows["borrowing_by_lender"][:, INFORMAL] > 0)
    if "pawned" in flows:
        out = out | (flows["pawned"] > 0)
    return out


def update_proxies(
    st: HouseholdState,
    p: Section,
    streams: Streams,
    month: int,
    flows: dict[str, np.ndarray],
    line: np.ndarray,
    need: np.ndarray,
) -> None:
    """Move durables and housing after the month's budget (in place).

    ``flows`` are the budget's flows of the month (consumption, shortfall, asset sales,
    borrowing by lender), ``line`` the poverty line at this month's prices (Rp per
    capita) and ``need`` (Rp per household)."""
    n = st.n
    u_buy = streams.uniform("proxies.buy", month, n)
    u_wear = streams.uniform("proxies.wear", month, n)
    u_dis = streams.uniform("proxies.distress", month, n)
    if not p.dynamic:
        return
    ratio = flows["consumption"] / st.size / line
    desired = desired_durables(p, ratio)
    dur = st.durable_assets.astype(np.int16)
    cash_ok = ~flows["shortfall"]
    hard = distress(flows, need)
    buy = cash_ok & (dur < desired) & (u_buy < p.durables_buy_rate)
    wear = ~buy & (dur > desired) & (u_wear < p.durables_wear_rate)
    sell = ~buy & hard & (dur > 0) & (u_dis < p.durables_distress_sale)
    dur = dur + buy - (wear | sell)
    st.durable_assets = np.clip(dur, 0, MAX_DURABLES).astype(np.int8)

    # housing towards its welfare level: slowly up when cash allows, slower down
    level = st.housing_offset + p.housing_welfare_coef * standardised(p, log_ratio(ratio))
    gap = level - st.housing_quality
    up = np.where(cash_ok, np.minimum(np.maximum(gap, 0.0), p.housing_improve_rate), 0.0)
    down = np.minimum(np.maximum(-gap, 0.0), p.housing_decay_rate)
    st.housing_quality = st.housing_quality + up - down
