"""Common random numbers with programmes: a programme changes the households it touches
and nothing else; a programme that pays nothing changes nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import small

from model.model import ArrayModel

SHOCK_PATHS = ("employed", "persistent", "disaster_months_left", "pregnant_months", "child_age")
BUDGET_STOCKS = ("savings", "savings_locked", "debt", "assets", "business_capital", "enrolled")


def test_untouched_households_identical_in_baseline_and_pkh():
    base = ArrayModel(small("baseline", 2000, 18), seed=11)
    pkh = ArrayModel(small("pkh", 2000, 18), seed=11)
    prog = pkh.programmes[0]
    touched = np.zeros(2000, bool)
    for _ in range(18):
        base.step()
        pkh.step()
        touched |= prog.covered | (prog.paid > 0)
        untouched = ~touched
        for name in SHOCK_PATHS:  # shocks: identical for every household
            np.testing.assert_array_equal(getattr(base.state, name), getattr(pkh.state, name))
        np.testing.assert_array_equal(base.flows["ill"], pkh.flows["ill"])
        np.testing.assert_array_equal(base.flows["job_losses"], pkh.flows["job_losses"])
        for name in BUDGET_STOCKS:  # budgets: identical for households PKH never touched
            np.testing.assert_array_equal(
                getattr(base.state, name)[untouched], getattr(pkh.state, name)[untouched]
            )
        np.testing.assert_array_equal(base.consumption[untouched], pkh.consumption[untouched])
    assert 150 < touched.sum() < 600
    # ... while PKH families really were affected
    assert not np.array_equal(base.state.savings[touched], pkh.state.savings[touched])


def test_programme_paying_nothing_changes_nothing():
    base = pd.DataFrame(ArrayModel(small("baseline", 1500, 12), seed=4).run())
    zero = pd.DataFrame(
        ArrayModel(
            small(
                "blt",
                1500,
                12,
                "programmes.blt.amount=0",
                "programmes.blt.start_month=1",
                "programmes.blt.duration_months=0",
            ),
            seed=4,
        ).run()
    )
    shared = [c for c in base.columns]
    pd.testing.assert_frame_equal(base[shared], zero[shared], check_exact=True)
    assert (zero["blt_spending"] == 0).all() and (zero["blt_recipients"].iloc[1:] > 0).all()
    assert zero["registry_size"].iloc[0] == 600
