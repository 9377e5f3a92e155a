"""Money is neither created nor lost: the budget identity for every household and month."""

from __future__ import annotations

import numpy as np
from conftest import small

from model.model import JaringModel


def money_in(f):
    return (
        f["income"]
        + f["transfers_cash"]
        + f["food_used"]
        + f["borrowing"]
        + f["asset_sales"]
        + f["savings_drawn"]
    )


def money_out(f):
    return (
        f["consumption"]
        + f["debt_service"]
        + f["health_paid"]
        + f["savings_deposit"]
        + f["investment"]
    )


def test_budget_identity_every_household_every_month():
    m = JaringModel(small("crisis", 1500, 30), seed=3)
    checked = 0
    for _ in range(30):
        savings_before = m.state.savings + m.state.savings_locked
        debt_before = m.state.debt.copy()
        m.step()
        f = m.flows
        np.testing.assert_allclose(money_in(f), money_out(f), rtol=1e-9, atol=1e-3)
        # Stocks move with the flows: savings change = deposits - withdrawals.
        savings_after = m.state.savings + m.state.savings_locked
        np.testing.assert_allclose(
            savings_after - savings_before, f["savings_deposit"] - f["savings_drawn"], atol=1e-3
        )
        # Debt change = interest + borrowing - repayment - default write-offs and seizures.
        d_change = m.state.debt.sum(axis=1) - debt_before.sum(axis=1)
        expected = f["interest"] + f["borrowing"] - f["debt_service"]
        expected = np.where(f["default"], d_change, expected)
        np.testing.assert_allclose(d_change, expected, atol=1e-2)
        checked += m.state.n
    assert checked == 1500 * 30


def test_no_negative_stocks():
    m = JaringModel(small("crisis", 1500, 30), seed=4)
    for _ in range(30):
        m.step()
        st = m.state
        assert (st.savings >= -1e-6).all()
        assert (st.debt >= -1e-6).all()
        assert (st.assets >= -1e-6).all()
        assert (m.flows["consumption"] >= 0).all()
