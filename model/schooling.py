"""Step 7 of the month: children's schooling.

Each enrolled child aged 7-18 drops out with a monthly hazard by school level (SD 7-12,
SMP 13-15, SMA 16-18) that rises with the household's consumption shortfall this month:
hazard = base x (1 + sensitivity x shortfall) x programme multiplier, where shortfall is
the share of habitual consumption the household could not afford. PKH's
conditionality acts through the programme multiplier. The month's multiplier is kept
(``state.school_pressure``) and multiplies, next month, the chance that a child does
not enter school at 7 or does not continue at 13 and 16 (model/calendar.py): poverty
and the conditionality act on enrolment and transitions as on dropout.
"""

from __future__ import annotations

import numpy as np

from model.children_kernels import drop_out
from model.parameters import ASSUMPTION as A
from model.parameters import Params, Spec
from model.state import HouseholdState
from model.streams import Streams

SCHOOLING_SPECS: dict[str, Spec] = {
    "entry_rate": Spec(
        default=0.97,
        unit="share",
        meaning="children enrolled at age 7",
        source="assumption (BPS school participation ~98 % ages 7-12)",
        low=0,
        high=1,
    ),
    "smp_transition": Spec(
        default=0.92,
        unit="share",
        meaning="pupils continuing to junior secondary at 13",
        source="assumption (BPS participation ~95 % ages 13-15)",
        low=0,
        high=1,
    ),
    "sma_transition": Spec(
        default=0.82,
        unit="share",
        meaning="pupils continuing to senior secondary at 16",
        source="assumption (BPS participation ~74 % ages 16-18)",
        low=0,
        high=1,
    ),
    "dropout_sd": Spec(
        default=0.0002,
        unit="per pupil-month",
        meaning="primary dropout hazard",
        source=A,
        low=0,
        high=0.2,
    ),
    "dropout_smp": Spec(
        default=0.0008,
        unit="per pupil-month",
        meaning="junior-secondary dropout hazard",
        source=A,
        low=0,
        high=0.2,
    ),
    "dropout_sma": Spec(
        default=0.0012,
        unit="per pupil-month",
        meaning="senior-secondary dropout hazard",
        source=A,
        low=0,
        high=0.2,
    ),
    "shortfall_sensitivity": Spec(
        default=4.0,
        unit="-",
        meaning="dropout hazard multiplier per unit of consumption "
        "shortfall (share of habitual consumption cut)",
        source=A,
        low=0,
        high=50,
    ),
}


def school_dropout(
    state: HouseholdState, params: Params, streams: Streams, month: int, shortfall: np.ndarray
) -> np.ndarray:
    """Apply dropouts in place; return the number of dropouts per household."""
    sch = params.schooling
    mult = (1 + sch.shortfall_sensitivity * shortfall) * state.dropout_multiplier
    state.school_pressure = mult  # read by next month's school entry and transitions
    u = streams.uniform("school_dropout", month, state.child_age.shape)
    dropouts = np.zeros(state.n, np.int64)
    drop_out(
        state.child_age,
        state.enrolled,
        u,
        np.ascontiguousarray(mult, dtype=float),
        sch.dropout_sd,
        sch.dropout_smp,
        sch.dropout_sma,
        dropouts,
    )
    return dropouts
