"""Money is neither created nor lost: the budget identity for every household and month."""

from __future__ import annotations

import numpy as np
from budget_identity import money_in, money_out
from conftest import small

from model.model import ArrayModel


def test_budget_identity_every_household_every_month():
    m = ArrayModel(small("crisis", 1500, 30), seed=3)
    checked = 0
    seen = {"pawn": 0, "community": 0, "capital": 0}
    for _ in range(30):
        savings_before = m.state.savings + m.state.savings_locked
        debt_before = m.state.debt.copy()
        pawn_before = m.state.pawn_loan.copy()
        pledged_before = m.state.pawned_assets.copy()
        m.step()
        f = m.flows
        np.testing.assert_allclose(money_in(f), money_out(f), rtol=1e-9, atol=1e-3)
        # Stocks move with the flows: savings change = deposits - withdrawals.
        savings_after = m.state.savings + m.state.savings_locked
        np.testing.assert_allclose(
            savings_after - savings_before, f["savings_deposit"] - f["savings_drawn"], atol=1e-3
        )
        # Debt change = interest + borrowing - repayment - default write-offs and seizures,
        # lender by lender (the pawnshop is the last column of the per-lender flows).
        lenders = slice(0, 3)
        d_change = m.state.debt.sum(axis=1) - debt_before.sum(axis=1)
        expected = (
            f["interest_by_lender"][:, lenders].sum(axis=1)
            + f["borrowing_by_lender"][:, lenders].sum(axis=1)
            - f["debt_to_lenders"][:, lenders].sum(axis=1)
        )
        expected = np.where(f["default"], d_change, expected)
        np.testing.assert_allclose(d_change, expected, atol=1e-2)
        # Pawnshop: loan change = fee + new pledges - redemptions - forfeited loans.
        pawn = -1
        p_change = m.state.pawn_loan - pawn_before
        p_expected = (
            f["interest_by_lender"][:, pawn]
            + f["borrowing_by_lender"][:, pawn]
            - f["debt_to_lenders"][:, pawn]
            - f["pawn_forfeited_loan"]
        )
        np.testing.assert_allclose(p_change, p_expected, atol=1.0)
        # Pledged assets: + new pledges - redeemed - forfeited.
        np.testing.assert_allclose(
            m.state.pawned_assets - pledged_before,
            f["pawned_value"] - f["pawn_redeemed_value"] - f["pawn_forfeited_value"],
            atol=2.0,
        )
        checked += m.state.n
        seen["pawn"] += int((f["pawned_value"] > 0).sum())
        seen["community"] += int((f["community_transfer"] > 0).sum())
        seen["capital"] += int((f["capital_drawn"] > 0).sum())
        seen["remittance"] = seen.get("remittance", 0) + int((f["remittance"] != 0).sum())
    assert checked == 1500 * 30
    assert seen["pawn"] > 20 and seen["community"] > 0 and seen["capital"] > 0
    assert seen["remittance"] > 1000  # the identity holds with remittances flowing


def test_no_negative_stocks():
    m = ArrayModel(small("crisis", 1500, 30), seed=4)
    for _ in range(30):
        m.step()
        st = m.state
        assert (st.savings >= -1e-6).all()
        assert (st.debt >= -1e-6).all()
        assert (st.assets >= -1e-6).all()
        assert (st.pawn_loan >= 0).all() and (st.pawned_assets >= -1e-6).all()
        assert (st.business_capital >= -1e-6).all()
        assert (m.flows["consumption"] >= 0).all()
