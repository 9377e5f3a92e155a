"""Step 1 of the month: ageing of children, pregnancies and births.

Children's ages are kept in months, so each child passes school-age thresholds on its
own birthday. Children reaching 19 leave the household (they form their own household
or migrate; assumption), which with births keeps household size roughly stationary.
When household size changes, labour income (and private transfers) scale as
size^(1 + income.size_elasticity), the cross-sectional relation of the calibration, so
demography does not by itself widen the welfare distribution.
"""

from __future__ import annotations

import numpy as np

from model.parameters import Params
from model.state import HouseholdState
from model.streams import Streams

PREGNANCY_MONTHS = 9


def advance_calendar(state: HouseholdState, params: Params, streams: Streams, month: int) -> None:
    """Age children by one month, start pregnancies and deliver births (in place)."""
    sch = params.schooling
    size_before = state.size
    age = state.child_age
    has = age >= 0
    age[has] += 1
    years = np.where(has, age // 12, -1)
    birthday = has & (age % 12 == 0)
    u = streams.uniform("school_transition", month, age.shape)
    # School entry at 7, continuation at 13 (SMP) and 16 (SMA)
    state.enrolled |= birthday & (years == 7) & (u < sch.entry_rate)
    state.enrolled &= ~(birthday & (years == 13) & (u >= sch.smp_transition))
    state.enrolled &= ~(birthday & (years == 16) & (u >= sch.sma_transition))
    leaving = has & (years >= 19)
    age[leaving] = -1
    state.enrolled[leaving] = False
    state.enrolled &= age >= 0
    state.flows["children_left"] = leaving.sum(axis=1)

    # Pregnancies and births
    p = state.pregnant_months
    pregnant = p > 0
    p[pregnant] += 1
    born = p > PREGNANCY_MONTHS
    free_slot = (age < 0).any(axis=1)
    if born.any():
        first_free = np.argmax(age < 0, axis=1)
        rows = np.flatnonzero(born & free_slot)
        age[rows, first_free[rows]] = 0
        p[born] = 0
    hazard = 1 - (1 - params.demography.pregnancy_rate) ** (1 / 12)
    u = streams.uniform("pregnancy", month, state.n)
    start = (u < hazard) & (p == 0) & (state.adults > 0) & free_slot & ~born
    p[start] = 1
    state.flows["births"] = born
    state.refresh_composition()
    # Household earnings (labour and private transfers) follow size at the cross-sectional
    # elasticity of the calibration: total income ~ size^(1 + income.size_elasticity).
    size_after = state.size
    changed = size_after != size_before
    if changed.any():
        ratio = size_after[changed] / np.maximum(size_before[changed], 1)
        state.labour_base[changed] *= ratio ** (1 + params.income.size_elasticity)
