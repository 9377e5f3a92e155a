"""Programme money: spending equals payments, budgets, the household budget identity with
programmes on, KUBE grant accounting, savings match caps, BPNT never touching debt."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from budget_identity import money_in, money_out
from conftest import small

from model.budget import FOOD_SHARE, household_budget
from model.model import ArrayModel
from model.sections import default_params


def with_programmes(n=1500, months=12, seed=3, crises=(), **programmes):
    progs = {f"programmes.{k}": {"enabled": True, **v} for k, v in programmes.items()}
    return default_params(
        run={"households": n, "months": months, "seed": seed}, crises=list(crises), **progs
    )


ALL = {
    "blt": {"duration_months": 0, "delivery_delay_months": 1, "leakage": 0.1},
    "pkh": {"leakage": 0.05},
    "bpnt": {},
    "kube": {"delivery_delay_months": 2, "leakage": 0.1},
    "savings": {"groups": True, "commitment_share": 0.3, "promotion_boost": 0.05},
}
CRISIS = {"start_month": 4, "duration_months": 6, "affected_share": 0.6, "income_multiplier": 0.7}


def test_spending_equals_payments_every_month():
    m = ArrayModel(with_programmes(**ALL), seed=3)
    totals = {p.name: 0.0 for p in m.programmes}
    for _ in range(12):
        m.step()
        for prog in m.programmes:
            row = m.latest
            assert row[f"{prog.name}_spending"] == pytest.approx(prog.spent)
            totals[prog.name] += prog.spent
            if prog.name in ("blt", "pkh", "bpnt", "savings"):
                # spending = what reached households + leakage
                assert prog.spent == pytest.approx(prog.paid.sum() + prog.leaked, rel=1e-12)
                leak = prog.params.leakage
                assert prog.leaked == pytest.approx(leak * prog.spent, rel=1e-12, abs=1e-6)
        st = m.state
        cash = sum(p.paid for p in m.programmes if p.name in ("blt", "pkh"))
        np.testing.assert_allclose(st.transfer_cash, cash)
        bpnt = next(p for p in m.programmes if p.name == "bpnt")
        np.testing.assert_allclose(st.transfer_food, bpnt.paid)
    for prog in m.programmes:
        assert prog.spent_total == pytest.approx(totals[prog.name])
        assert totals[prog.name] > 0


def test_delivery_delay_shifts_payments():
    h0 = pd.DataFrame(
        ArrayModel(with_programmes(n=500, months=8, blt={"duration_months": 3}), seed=1).run()
    )
    h2 = pd.DataFrame(
        ArrayModel(
            with_programmes(
                n=500, months=8, blt={"duration_months": 3, "delivery_delay_months": 2}
            ),
            seed=1,
        ).run()
    )
    assert list(h0["blt_spending"] > 0) == [False, True, True, True] + [False] * 5
    assert list(h2["blt_spending"] > 0) == [False, False, False, True, True, True] + [False] * 3
    assert h0["blt_spending"].sum() == pytest.approx(h2["blt_spending"].sum())


def test_household_budget_identity_with_all_programmes():
    m = ArrayModel(with_programmes(crises=[CRISIS], **ALL), seed=5)
    for _ in range(12):
        savings_before = m.state.savings + m.state.savings_locked
        m.step()
        f = m.flows
        np.testing.assert_allclose(money_in(f), money_out(f), rtol=1e-9, atol=1e-3)
        after = m.state.savings + m.state.savings_locked
        expected = (
            f["savings_deposit"]
            - f["savings_drawn"]
            + f["savings_match"]
            + f["savings_group_dividend"]
            - f["savings_group_loss"]
        )
        np.testing.assert_allclose(after - savings_before, expected, atol=1e-3)
        assert (m.state.savings >= -1e-6).all() and (m.state.debt >= -1e-6).all()
    # the savings group really lent to its members
    assert m.latest["savings_group_debt"] > 0


def test_kube_grant_money_is_fully_accounted():
    p = with_programmes(
        n=4000,
        months=24,
        crises=[CRISIS],
        kube={"delivery_delay_months": 1, "leakage": 0.1, "withdrawal_prob": 0.8},
    )
    m = ArrayModel(p, seed=9)
    kube = m.programmes[0]
    received_income = 0.0
    credited = 0.0
    for _ in range(24):
        pending = m.programme_income.sum()  # credited last month, paid this month
        m.step()
        received_income += pending
        credited += m.latest["kube_payouts"]
        acc = kube.capital_account()
        assert acc["residual"] == pytest.approx(0.0, abs=1e-3)
    acc = kube.capital_account()
    members = kube.n_members
    gross = members * p.programme("kube").grant_per_member
    assert acc["grants"] == pytest.approx(0.9 * gross)
    # every rupiah that left the groups to members was credited, and reached income
    assert credited == pytest.approx(acc["distributed"] + acc["withdrawn"] + acc["dissolved"])
    assert received_income + m.programme_income.sum() == pytest.approx(credited)
    # spending: gross grants (incl. leakage) + 12 months of mentoring
    cost = members * p.programme("kube").mentoring_cost * 12
    assert kube.spent_total == pytest.approx(gross + cost)
    assert acc["withdrawn"] > 0 and acc["losses"] > 0


def test_savings_match_never_exceeds_its_cap():
    p = with_programmes(
        n=2000, months=10, savings={"match_rate": 3.0, "match_cap": 40_000.0, "quota_share": 0.3}
    )
    m = ArrayModel(p, seed=2)
    prog = m.programmes[0]
    capped = 0
    for _ in range(10):
        m.step()
        f = m.flows
        assert (prog.paid <= 40_000.0 + 1e-9).all()
        net = np.maximum(f["savings_deposit"] - f["savings_drawn"], 0.0)
        expected = np.where(prog.covered, np.minimum(3.0 * net, 40_000.0), 0.0)
        np.testing.assert_allclose(prog.paid, expected)
        capped += int((prog.paid == 40_000.0).sum())
    assert capped > 0


def test_commitment_savings_locked_except_in_shock_months():
    p = with_programmes(
        n=1500,
        months=10,
        crises=[{**CRISIS, "start_month": 8, "duration_months": 2}],
        savings={"commitment_share": 1.0, "match_rate": 0.0},
    )
    m = ArrayModel(p, seed=4)
    prog = m.programmes[0]
    m.run(7)
    locked = m.state.savings_locked.copy()
    assert locked[prog.enrolled].sum() > 0
    assert np.abs(locked[~prog.enrolled]).max() < 1e-6  # rounding residue at most
    m.step()  # month 8: crisis, locked savings may be drawn in hit villages
    hit = m.conditions.shock_hit
    after = m.state.savings_locked
    # no locked savings released outside shock-hit households; some released inside
    assert (after[~hit] >= locked[~hit] - 1e-6).all()
    assert (after[hit] < locked[hit] - 1e-6).any()


def test_savings_groups_replace_money_lenders_for_members():
    p = with_programmes(
        n=3000,
        months=10,
        crises=[CRISIS],
        savings={"groups": True, "match_rate": 0.0, "quota_share": 0.3},
    )
    m = ArrayModel(p, seed=6)
    prog = m.programmes[0]
    seen = 0
    for _ in range(10):
        m.step()
        f = m.flows
        by, left = f["borrowing_by_lender"], f["credit_headroom_by_lender"]
        assert by.shape[1] == 5  # family, formal, informal, group, pawnshop
        informal = f["shortfall"] & (by[:, 2] > 0)
        # a member who went to a money lender had used up its group credit
        assert (left[informal, 3] < 1e-3).all()
        seen += int((by[:, 3] > 0).sum())
        assert not by[~prog.enrolled, 3].any()  # only members borrow from the group
    assert seen > 20
    base = ArrayModel(with_programmes(n=3000, months=10, crises=[CRISIS]), seed=6)
    base.run()
    assert m.latest["informal_borrowing"] < base.latest["informal_borrowing"]


def test_savings_promotion_raises_saving_the_month_after():
    p = with_programmes(
        n=800, months=3, savings={"promotion_boost": 0.1, "match_rate": 0.0, "duration_months": 2}
    )
    m = ArrayModel(p, seed=1)
    prog = m.programmes[0]
    m.step()
    np.testing.assert_array_equal(m.state.saving_boost[prog.enrolled], 0.1)
    np.testing.assert_array_equal(m.state.saving_boost[~prog.enrolled], 0.0)
    m.run(2)  # month 3: the programme has ended
    assert not m.state.saving_boost.any()


def test_bpnt_never_reduces_debt_directly():
    m = ArrayModel(with_programmes(n=1500, months=6, crises=[CRISIS], bpnt={}), seed=2)
    bpnt = m.programmes[0]
    for _ in range(6):
        m.step()
        st, f = m.state, m.flows
        assert not st.transfer_cash.any() and not st.transfer_to_debt.any()
        np.testing.assert_allclose(st.transfer_food, bpnt.paid)
        assert (f["food_used"] <= st.transfer_food + 1e-9).all()
    # hand-built: a household with debt and no income gets food, and pays nothing from it
    one = SimpleNamespace(
        debt=np.array([[0.0, 0.0, 500_000.0]]),
        arrears=np.zeros((1, 3)),
        arrears_months=np.zeros(1, np.int16),
        debt_rising_months=np.zeros(1, np.int16),
        credit_access=np.array([[False, False, False]]),
        pawn_loan=np.zeros(1),
        pawned_assets=np.zeros(1),
        pawn_months=np.zeros(1, np.int16),
        expected_transfer=np.zeros(1),
        transfer_reserve=np.zeros(1),
        months_since_transfer=np.zeros(1, np.int16),
        has_business=np.zeros(1, bool),
        savings=np.zeros(1),
        savings_locked=np.zeros(1),
        assets=np.zeros(1),
        assets_target=np.zeros(1),
        business_capital=np.zeros(1),
        business_start_capital=np.zeros(1),
        transfer_cash=np.zeros(1),
        transfer_food=np.array([200_000.0]),
        transfer_to_debt=np.array([200_000.0]),  # even if asked to, food cannot go to debt
    )
    flows = household_budget(
        one,
        m.params,
        cash_income=np.zeros(1),
        health_cost=np.zeros(1),
        need=np.array([2_000_000.0]),
        target=np.array([2_000_000.0]),
        permanent_income=np.array([1_000_000.0]),
        shock_hit=np.zeros(1, bool),
    )
    assert flows["debt_service"][0] == 0.0
    assert flows["food_used"][0] == 200_000.0
    # with no cash, family and community support lifts consumption to its floor
    floor = m.params.consumption.community_floor * 2_000_000.0
    assert flows["consumption"][0] == pytest.approx(max(floor, 200_000.0))
    assert one.debt[0, 2] == pytest.approx(500_000.0 * 1.15)  # interest accrued, nothing paid
    assert FOOD_SHARE * 2_000_000 > 200_000


def test_budget_cap_stops_the_programme_paying_the_poorest_ranked_first():
    n = 1000
    p = with_programmes(
        n=n,
        months=6,
        blt={"duration_months": 0, "amount": 100_000.0, "budget_per_household": 45_000.0},
    )
    m = ArrayModel(p, seed=3)
    blt = m.programmes[0]
    m.run(2)  # 2 x 220 x 100,000 = 44,000,000
    assert blt.spent_total == pytest.approx(44_000_000)
    m.step()  # 1,000,000 left for 220 households: the 10 poorest-ranked are paid
    paid = np.flatnonzero(blt.paid > 0)
    assert paid.size == 10
    pri = m.registry.priority
    assert pri[paid].max() <= pri[blt.enrolled & (blt.paid == 0)].min()
    m.run(3)
    h = pd.DataFrame(m.history)
    assert h["blt_spending"].sum() == pytest.approx(45_000.0 * n)
    assert (h["blt_recipients"].iloc[4:] == 0).all()


@pytest.mark.parametrize("households", [1000])
def test_budget_neutral_scenarios_spend_the_same_total(households):
    totals = {}
    for prog in ("blt", "pkh", "kube"):
        p = small(f"budget_neutral_{prog}", households, 36)
        m = ArrayModel(p)
        m.run()
        totals[prog] = pd.DataFrame(m.history)[f"{prog}_spending"].sum()
        assert p.programme(prog).budget_per_household == 600_000.0
    budget = 600_000.0 * households
    assert totals["blt"] == pytest.approx(budget, rel=1e-12)
    assert totals["pkh"] == pytest.approx(budget, rel=1e-12)
    assert budget - 2_300_000 < totals["kube"] <= budget


def test_pretransfer_consumption_is_the_budget_without_this_months_transfers():
    """In the first payment month, the state is the same with or without the programme, so
    pre-transfer consumption must equal the consumption of a run where it pays nothing."""
    savings = {"groups": True, "match_rate": 0.0, "quota_share": 0.3}

    def run(amount: float) -> ArrayModel:
        p = with_programmes(
            n=1500,
            months=6,
            crises=[CRISIS],
            blt={"start_month": 6, "amount": amount, "debt_share": 0.5},
            bpnt={"start_month": 6, "amount": amount},
            savings=savings,
        )
        m = ArrayModel(p, seed=7)
        m.run()
        return m

    paying, zero = run(250_000.0), run(0.0)
    np.testing.assert_array_equal(paying.state.persistent, zero.state.persistent)
    assert (paying.pretransfer_consumption != paying.consumption).sum() > 100
    np.testing.assert_allclose(paying.pretransfer_consumption, zero.consumption, rtol=1e-12)
    np.testing.assert_array_equal(zero.pretransfer_consumption, zero.consumption)
    assert paying.latest["savings_group_debt"] > 0  # the group lender was in the budget
