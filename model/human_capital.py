"""Step 1b of the month: schooling feeds the household's later income (a stated return
to schooling).

Each child's months in school are counted while enrolled (model/children_kernels.py,
``state.school_months``). A child who turns 19 leaves the household (model/calendar.py)
with S = school months / 12 completed years and earns the household's permanent labour
earnings per earner times exp(r (S - S_ref)): a Mincerian earnings function with
return r per year of schooling (``human_capital.return_to_schooling``; Duflo 2001,
AER 91(4), 6.8-10.6 % per year from the INPRES school construction) around the
reference years S_ref (``human_capital.reference_years``). A share of a grown child's
earnings reaches the parental household (remittances, and income pooled while he or
she still lives at home; ``human_capital.transfer_share``) until he or she forms a
family (monthly hazard ``human_capital.transfer_end_hazard``; the expected flow is
carried, falling by that share every month).

The calibrated income process already contains the average household's receipts of
private transfers (the calibration backs incomes out of consumption that they
finance), so the model adds only the schooling gradient around that average: a
leaver with S completed years adds transfer_share x w x (exp(r (S - S_ref)) - 1) per
month, w the household's permanent labour earnings per earner at the month of leaving
(month-0 prices). With S_ref at the baseline's mean completed years of leavers the
stock's district mean is near zero in the no-programme baseline, so the calibration
is not shifted and the stock, which starts at zero, starts at its steady state; more
schooling (PKH's conditionality, for example) raises it and r = 0 removes it.
"""

from __future__ import annotations

import numpy as np

from measures import numerics as det
from model.parameters import Params, Spec
from model.state import HouseholdState

HUMAN_CAPITAL_SPECS: dict[str, Spec] = {
    "return_to_schooling": Spec(
        default=0.07,
        unit="log points per year",
        meaning="Mincerian return to a year of schooling of a child who has left home "
        "(earnings x exp(return x (years - reference)))",
        source=(
            "published estimates: 6.8-10.6 % per year (IV on the INPRES school "
            "construction); Mincerian returns of about 10 % in non-OECD Asia; the "
            "lower end is used"
        ),
        reference=(
            "Duflo (2001), American Economic Review 91(4): 795-813; Psacharopoulos "
            "and Patrinos (2004), Education Economics 12(2): 111-134"
        ),
        low=0,
        high=0.2,
    ),
    "reference_years": Spec(
        default=10.6,
        unit="years",
        meaning="completed school years at which a leaver's earnings equal the household's "
        "earnings per earner; set so that exp(return x reference) is the baseline "
        "leavers' mean of exp(return x years): the mechanism is then income-neutral "
        "on average in the no-programme baseline (its arithmetic mean of years is "
        "about 10.3; exp is convex)",
        source="measured: baseline transfer premium about 0.01 % of income at 20,000 "
        "households over 240 months (remittance_premium_share; "
        "tests/model/test_human_capital.py)",
        low=0,
        high=12,
    ),
    "transfer_share": Spec(
        default=0.2,
        unit="share of earnings",
        meaning="share of a grown child's earnings reaching the parental household "
        "(remittances, and income pooled while still living at home)",
        source=(
            "assumption (in IFLS, transfers from adult children are common and "
            "consistent with parents' schooling outlays being repaid; coresidence and "
            "transfers from children support Indonesian parents)"
        ),
        reference=(
            "Frankenberg, Lillard and Willis (2002), J. Marriage and Family 64(3): "
            "627-641; Cameron and Cobb-Clark (2008), J. Population Economics 21(4): "
            "1007-1033"
        ),
        low=0,
        high=1,
    ),
    "transfer_end_hazard": Spec(
        default=0.014,
        unit="per month",
        meaning="monthly chance that a grown child's transfers end (he or she marries and "
        "forms a family); the expected flow falls by this share each month",
        source="assumption (mean duration 1/0.014 = 6 years from leaving at 19, about the "
        "median age at first marriage, ~22 for women and ~25 for men, BPS)",
        low=0,
        high=1,
    ),
}


def earnings_factor(years: np.ndarray, r: float, reference: float) -> np.ndarray:
    """A grown child's earnings relative to the reference: exp(r (years - reference))."""
    return det.exp(r * (np.asarray(years, dtype=float) - reference))


def leaver_factors(left_months: np.ndarray, params: Params) -> np.ndarray:
    """Earnings factor exp(r (S - S_ref)) of each leaver (``left_months`` >= 0; S =
    months / 12), 0 where no child left."""
    hc = params.human_capital
    left = left_months >= 0
    years = np.where(left, left_months, 0) / 12.0
    return np.where(left, earnings_factor(years, hc.return_to_schooling, hc.reference_years), 0)


def leaver_premium(
    left_months: np.ndarray, earnings_per_earner: np.ndarray, params: Params
) -> np.ndarray:
    """Monthly transfer premium (Rp, month-0 prices) that this month's leavers add to
    their parental households: the sum over leavers (``left_months`` >= 0, rows of
    households) of transfer_share x w x (exp(r (S - S_ref)) - 1), S = months / 12."""
    factors = leaver_factors(left_months, params)
    return _premium(left_months, factors, earnings_per_earner, params)


def _premium(
    left_months: np.ndarray, factors: np.ndarray, earnings_per_earner: np.ndarray, params: Params
) -> np.ndarray:
    """:func:`leaver_premium` from the leavers' earnings factors already computed."""
    gain = np.where(left_months >= 0, factors - 1, 0)
    return params.human_capital.transfer_share * earnings_per_earner * gain.sum(axis=1)


def update_remittances(
    state: HouseholdState, params: Params, left: np.ndarray, left_months: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The month's change in grown children's transfers (in place): last month's premium
    falls by the end hazard (young adults forming their own families) and this month's
    leavers add theirs. Call after ageing and before household size rescales labour
    income (w is the parents' earnings per earner before the child left). ``left``:
    children who left home this month per household; ``left_months``: each slot's school
    months if its child left this month (else -1). Returns the school months of this
    month's leavers, summed per household, and their earnings factors, summed."""
    hc = params.human_capital
    state.remittance_premium *= 1.0 - hc.transfer_end_hazard
    rows = np.flatnonzero(left > 0)
    months = np.zeros(state.n, np.int64)
    factors = np.zeros(state.n)
    if rows.size:
        lm = left_months[rows]
        months[rows] = np.where(lm >= 0, lm, 0).sum(axis=1)
        f = leaver_factors(lm, params)
        factors[rows] = f.sum(axis=1)
        w = (
            state.labour_base[rows]
            * det.exp(state.persistent[rows])
            / np.maximum(state.earners[rows], 1)
        )
        state.remittance_premium[rows] += _premium(lm, f, w, params)
    return months, factors


def remittance_income(
    state: HouseholdState, income_multiplier: np.ndarray, labour: np.ndarray
) -> np.ndarray:
    """This month's transfer premium (Rp): the stock at this month's covariate income
    conditions (grown children's earnings move with the district's), and a shortfall
    below the average never larger than the household's labour income it is part of."""
    return np.maximum(state.remittance_premium * income_multiplier, -labour)
