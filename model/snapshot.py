"""Per-household snapshot of the current month: the columns a household panel holds.

Pure: returns arrays, writes nothing. Batch runs write these rows (for the months asked
for) to a per-household panel file; the analysis computes ASPIRE-style indicators
(coverage, incidence, adequacy by welfare quintile) from them without re-running the model.

Columns (one value per household):

- ``household``: stable household id (row index);
- ``village``, ``urban``, ``size`` (persons);
- ``poverty_line``: area poverty line at this month's prices, Rp per capita per month;
- ``consumption_pc``: per-capita consumption this month (post-transfer welfare),
  Rp per capita per month;
- ``measured_consumption_pc``: the same as a survey measures it (with measurement
  error; the basis of the BPS-like statistics),
- ``pretransfer_consumption_pc``: per-capita consumption the household would have had
  this month without any of this month's transfers, Rp per capita per month;
- ``poor``: post-transfer consumption below the line;
- ``savings``, ``debt``, ``assets``: Rp per household;
- ``remittance_premium``: grown children's transfer premium (model/human_capital.py),
  Rp per month at month-0 prices;
- ``in_registry``: on the targeting registry (False when no registry exists);
- ``children_7_15`` and ``out_of_school_7_15``: children aged 7-15 and, of them, those
  not enrolled (counts; Cahyadi et al. 2020's PKH schooling outcome, computed paired
  household by household from two scenarios' panels);
- for each enabled programme ``p``: ``p_received`` (Rp reaching the household this
  month) and ``p_covered`` (covered by the programme this month).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import ArrayModel


def schooling_7_15(st) -> dict[str, np.ndarray]:
    """Children aged 7-15 and those of them out of school, per household (counts)."""
    years = np.where(st.child_age >= 0, st.child_age // 12, -1)
    band = (years >= 7) & (years <= 15)
    return {
        "children_7_15": band.sum(axis=1).astype(np.int16),
        "out_of_school_7_15": (band & ~st.enrolled).sum(axis=1).astype(np.int16),
    }


def household_snapshot(model: ArrayModel) -> dict[str, np.ndarray]:
    """The current month's per-household columns (see the module docstring)."""
    st = model.state
    size = st.size.astype(np.int16)
    out: dict[str, np.ndarray] = {
        "household": np.arange(st.n, dtype=np.int64),
        "village": st.village.astype(np.int32),
        "urban": st.urban.astype(bool),
        "size": size,
        "poverty_line": np.asarray(model.line, dtype=float).copy(),
        "consumption_pc": model.consumption / size,
        "measured_consumption_pc": model.measured_consumption / size,
        "pretransfer_consumption_pc": model.pretransfer_consumption / size,
        "poor": model.poor.astype(bool),
        "savings": st.savings.astype(float),
        "debt": st.total_debt.astype(float),
        "assets": st.assets.astype(float),
        **schooling_7_15(st),
        "remittance_premium": st.remittance_premium.astype(float).copy(),
        "in_registry": (
            model.registry.in_registry.copy()
            if model.registry is not None
            else np.zeros(st.n, bool)
        ),
    }
    for prog in model.programmes:
        out[f"{prog.name}_received"] = prog.paid.astype(float).copy()
        out[f"{prog.name}_covered"] = prog.covered.astype(bool).copy()
    return out
