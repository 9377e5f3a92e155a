"""Same seed, same results bit for bit; common random numbers across processes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import small

from model.model import ArrayModel


def history(params, seed):
    m = ArrayModel(params, seed=seed)
    m.run()
    return pd.DataFrame(m.history)


def test_same_seed_identical_other_seed_differs():
    p = small("crisis", 800, 18)
    a, b, c = history(p, 11), history(p, 11), history(p, 12)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a["poverty_headcount"].equals(c["poverty_headcount"])


def test_changing_one_process_leaves_other_draws_alone():
    """A higher illness cost changes budgets but not job-loss, income or disaster draws."""
    base = ArrayModel(small("baseline", 1500, 24), seed=5)
    other = ArrayModel(small("baseline", 1500, 24, "shocks.illness_cost=900000"), seed=5)
    for _ in range(24):
        base.step()
        other.step()
        np.testing.assert_array_equal(base.state.employed, other.state.employed)
        np.testing.assert_array_equal(base.state.persistent, other.state.persistent)
        np.testing.assert_array_equal(base.flows["ill"], other.flows["ill"])
        np.testing.assert_array_equal(base.flows["disaster_hit"], other.flows["disaster_hit"])
    # ... while the budgets really did differ
    assert not np.array_equal(base.state.savings, other.state.savings)


def test_crisis_leaves_unaffected_draws_identical():
    """Adding a crisis changes outcomes, not the illness or transitory draws."""
    base = ArrayModel(small("baseline", 1000, 20), seed=9)
    crisis = ArrayModel(small("crisis", 1000, 20), seed=9)
    for _ in range(20):
        base.step()
        crisis.step()
        np.testing.assert_array_equal(base.flows["ill"], crisis.flows["ill"])
        np.testing.assert_array_equal(base.state.persistent, crisis.state.persistent)


def test_burn_in_cache_gives_the_same_run():
    """A run whose burn-in comes from the in-process cache equals one that computed it."""
    import model.model as mm

    p = small("crisis", 800, 14)
    mm._BURN_IN_CACHE.clear()
    fresh = ArrayModel(p, seed=11)
    assert len(mm._BURN_IN_CACHE) == 1
    cached = ArrayModel(p, seed=11)
    fresh.run()
    cached.run()
    pd.testing.assert_frame_equal(pd.DataFrame(fresh.history), pd.DataFrame(cached.history))
    np.testing.assert_array_equal(fresh.state.debt, cached.state.debt)
