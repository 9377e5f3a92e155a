"""Productive assets: wear of assets at or below their usual level is made good out of
their yield, part of the rest restocks lost assets, and holdings above the usual level
wear out (model/income.py). Checked household by household on one month's incomes."""

from __future__ import annotations

import numpy as np
from conftest import small

from model.income import earn_incomes
from model.model import ArrayModel
from model.shocks import covariate_shocks


def _month(sets: tuple[str, ...] = ()):
    m = ArrayModel(small("baseline", 1500, 12, *sets), seed=11)
    m.run()
    st, p = m.state, m.params
    month = m.month + 1
    cond = covariate_shocks(st, p, m.streams, month)
    before = st.assets.copy()
    flows = earn_incomes(st, p, m.streams, month, cond, np.zeros(st.n))
    return st, p, cond, before, flows


def test_wear_is_made_good_below_the_usual_level_and_lost_assets_restocked():
    st, p, cond, before, flows = _month()
    inc = p.income
    worn = before * inc.depreciation_rate
    after_wear = before - worn
    yield_ = inc.asset_return * after_wear * np.minimum(cond.income_multiplier, 1.0)
    room = np.maximum(st.assets_target - (after_wear + st.pawned_assets), 0.0)
    maint = np.minimum(np.minimum(inc.maintenance_share * worn, yield_), room)
    restock = np.minimum(inc.asset_retention * (yield_ - maint), room - maint)
    np.testing.assert_allclose(st.assets, after_wear + maint + restock, rtol=1e-12)
    np.testing.assert_allclose(flows["asset"], yield_ - maint - restock, rtol=1e-12, atol=1e-9)
    # above the usual level: wear only, no maintenance; at or below it: no net wear
    above = after_wear + st.pawned_assets > st.assets_target
    below = (before + st.pawned_assets < st.assets_target) & (before > 0)
    assert above.sum() > 20 and below.sum() > 20  # both kinds occur after a burn-in
    np.testing.assert_allclose(st.assets[above], after_wear[above], rtol=1e-12)
    assert (st.assets[below] >= before[below] - 1e-6).all()
    assert (st.assets[below] > before[below]).mean() > 0.9  # restocking towards the level
    # never restocked above the usual level
    held = st.assets + st.pawned_assets
    assert (held <= np.maximum(st.assets_target, before + st.pawned_assets) + 1e-6).all()


def test_without_maintenance_or_restocking_assets_only_wear():
    st, p, cond, before, flows = _month(("income.maintenance_share=0", "income.asset_retention=0"))
    expected = before * (1 - p.income.depreciation_rate)
    np.testing.assert_allclose(st.assets, expected, rtol=1e-12, atol=1e-6)
