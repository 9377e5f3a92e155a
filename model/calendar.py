"""Step 1 of the month: ageing of children, pregnancies and births.

Children's ages are kept in months, so each child passes school-age thresholds on its
own birthday. Children reaching 19 leave the household (they form their own household
or migrate; assumption), which with births keeps household size roughly stationary;
their completed schooling sets the transfers they later send the household
(model/human_capital.py).
When household size changes, labour income (and private transfers) scale as
size^(1 + income.size_elasticity), the cross-sectional relation of the calibration, so
demography does not by itself widen the welfare distribution.
"""

from __future__ import annotations

import numpy as np

from measures import numerics as det
from model.children_kernels import age_children, empty_counts
from model.human_capital import update_remittances
from model.parameters import Params, Spec
from model.state import HouseholdState
from model.streams import Streams

DEMOGRAPHY_SPECS: dict[str, Spec] = {
    "pregnancy_rate": Spec(
        default=0.075,
        unit="per household-year",
        meaning="chance a household with a working-age adult starts a pregnancy",
        source="assumption (crude birth rate ~16 per 1,000)",
        low=0,
        high=0.5,
    ),
}


def advance_calendar(state: HouseholdState, params: Params, streams: Streams, month: int) -> None:
    """Age children by one month, start pregnancies and deliver births (in place).

    School entry at 7 and continuation at 13 (SMP) and 16 (SMA) happen on the child's
    birthday; the chance of not entering or not continuing is multiplied by last month's
    ``state.school_pressure`` (the same multiplier as the dropout hazard: consumption
    shortfall and PKH's conditionality, model/schooling.py); the loop itself is
    model/children_kernels.py (``age_children``)."""
    sch = params.schooling
    size_before = state.size
    u = streams.uniform("school_transition", month, state.child_age.shape)
    hazard = 1 - det.power(1 - params.demography.pregnancy_rate, 1 / 12)
    u_preg = streams.uniform("pregnancy", month, state.n)
    left, born, children = empty_counts(state.n)
    left_months = np.empty(state.child_age.shape, np.int16)
    age_children(
        state.child_age,
        state.enrolled,
        u,
        sch.entry_rate,
        sch.smp_transition,
        sch.sma_transition,
        np.ascontiguousarray(state.school_pressure, dtype=float),
        state.pregnant_months,
        state.adults,
        u_preg,
        hazard,
        left,
        born,
        children,
        state.school_months,
        left_months,
    )
    state.events.children_left = left
    state.events.births = born
    # leavers' schooling sets their later transfers to the household (model/human_capital.py)
    months, factors = update_remittances(state, params, left, left_months)
    state.events.leaver_school_months = months
    state.events.leaver_earnings_factor = factors
    state.refresh_composition(children)
    # Household earnings (labour and private transfers) follow size at the cross-sectional
    # elasticity of the calibration: total income ~ size^(1 + income.size_elasticity).
    size_after = state.size
    changed = size_after != size_before
    if changed.any():
        ratio = size_after[changed] / np.maximum(size_before[changed], 1)
        state.labour_base[changed] *= det.power(ratio, 1 + params.income.size_elasticity)
