"""Schooling feeds later income (model/human_capital.py): the earnings formula in closed
form, the count of school months, a paired (common random numbers) test that more
schooling raises later transfers and that r = 0 removes the gain, and the baseline's
stationary, near income-neutral stock."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from conftest import small

from model.children_kernels import age_children, empty_counts
from model.human_capital import earnings_factor, leaver_premium
from model.model import ArrayModel
from model.sections import default_params


def test_a_leaver_with_k_more_years_earns_exp_rk_times_the_reference():
    p = default_params(human_capital={"return_to_schooling": 0.08, "reference_years": 9.0})
    for k in (-9.0, -3.0, 0.0, 1.0, 3.0):
        assert math.isclose(earnings_factor(9.0 + k, 0.08, 9.0), math.exp(0.08 * k), rel_tol=1e-14)
    w = np.array([1_000_000.0, 2_000_000.0, 500_000.0])
    # household 0: one leaver with 12 years (3 above); household 1: leavers with 9 and
    # 6 years; household 2: no leaver
    left = np.full((3, 8), -1, np.int16)
    left[0, 2] = 144
    left[1, 0], left[1, 5] = 108, 72
    share = p.human_capital.transfer_share
    got = leaver_premium(left, w, p)
    want = [
        share * 1e6 * (math.exp(0.24) - 1),
        share * 2e6 * ((math.exp(0.0) - 1) + (math.exp(-0.24) - 1)),
        0.0,
    ]
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-9)
    zero = default_params(human_capital={"return_to_schooling": 0.0})
    assert not leaver_premium(left, w, zero).any()


def run_kernel(age, enrolled, months, u_school=None):
    n = age.shape[0]
    left_months = np.empty(age.shape, np.int16)
    left, born, children = empty_counts(n)
    age_children(
        age, enrolled,
        np.full(age.shape, 0.5) if u_school is None else u_school,
        0.97, 0.92, 0.82, np.ones(n),
        np.zeros(n, np.int8), np.ones(n, np.int8), np.ones(n), 0.0,
        left, born, children, months, left_months,
    )  # fmt: skip
    return left_months, left


def test_school_months_are_counted_while_enrolled_and_handed_over_on_leaving():
    """A child enrolled from 7 leaves at 19 with 144 months (12 years); one who stopped
    at 13 keeps 72; a child not at school adds nothing; the leaver's slot restarts at 0."""
    age = np.array([[7 * 12 - 1, 227, 227, 100, -1, -1, -1, -1]], np.int16)
    enrolled = np.array([[False, True, False, False] + [False] * 4])
    months = np.array([[0, 227 - 83, 72, 0, 0, 0, 0, 0]], np.int16)  # as initialised
    left_months, left = run_kernel(age, enrolled, months)
    assert enrolled[0, 0] and months[0, 0] == 1  # entered at 7: its first month counts
    assert left[0] == 2
    assert left_months[0, 1] == 144 and left_months[0, 2] == 72
    assert (left_months[0, [0, 3, 4]] == -1).all()
    assert months[0, 1] == 0 and months[0, 2] == 0 and months[0, 3] == 0


def test_school_months_of_the_model_grow_by_one_per_enrolled_month():
    m = ArrayModel(small("baseline", 800, 6), seed=2)
    for _ in range(6):
        before = m.state.school_months.astype(int).copy()
        age_before = m.state.child_age.copy()
        m.step()
        st = m.state
        stay = (age_before >= 0) & (age_before + 1 < 19 * 12) & (st.child_age == age_before + 1)
        # enrolled at the time of counting: enrolled now, or dropped out this month
        grew = st.school_months.astype(int) - before
        assert set(np.unique(grew[stay])) <= {0, 1}
        assert (grew[stay & st.enrolled] == 1).all()
    # no child has more school months than months since its 7th birthday
    a = m.state.child_age
    assert (m.state.school_months <= np.maximum(a - 83, 0)).all()


def test_income_includes_the_remittance_flow(monkeypatch):
    """Cash income (the budget identity's ``income``, tests/model/test_accounting.py) is
    labour + business + asset income + the remittance flow (+ programme income, none
    here), household by household, and the flow is not zero."""
    import model.month_plan as mm

    seen = {}
    original = mm.earn_incomes

    def spy(*args, **kw):
        seen.update(original(*args, **kw))
        return seen

    monkeypatch.setattr(mm, "earn_incomes", spy)
    m = ArrayModel(small("baseline", 3000, 3, "human_capital.transfer_share=0.5"), seed=7)
    for _ in range(3):
        m.step()
        f = m.flows
        parts = seen["labour"] + seen["business"] + seen["asset"] + seen["remittance"]
        np.testing.assert_allclose(f["income"], parts, rtol=1e-12, atol=1e-6)
        np.testing.assert_array_equal(f["remittance"], seen["remittance"])
        assert (f["remittance"] > 0).sum() > 20 and (f["remittance"] < 0).sum() > 20


def paired(*sets, n=2500, months=60, seed=4):
    m = ArrayModel(small("baseline", n, months, *sets), seed=seed)
    m.run()
    return pd.DataFrame(m.history).iloc[1:], m


def test_more_schooling_raises_later_transfers_and_r0_gives_no_gain():
    """Common random numbers: a forced full transition to junior and senior secondary
    (more schooling, same draws otherwise) raises leavers' school years and the
    transfers they send; with r = 0 both runs have no transfer premium at all."""
    more = ("schooling.smp_transition=1.0", "schooling.sma_transition=1.0")
    h0, m0 = paired()
    h1, m1 = paired(*more)
    assert h1["leavers_school_years_mean"].mean() > h0["leavers_school_years_mean"].mean() + 0.6
    gain = h1["remittance_premium_total"].mean() - h0["remittance_premium_total"].mean()
    income = h0["remittance_premium_total"].abs().mean() + 1.0
    assert gain > 0 and gain > 3 * income
    assert m1.state.remittance_premium.sum() > m0.state.remittance_premium.sum()
    for sets in ((), more):
        h, m = paired("human_capital.return_to_schooling=0.0", *sets)
        assert (h["remittance_premium_total"] == 0).all()
        assert not m.state.remittance_premium.any()


def test_baseline_stock_is_stationary_and_near_income_neutral():
    """After the shipped burn-in the baseline's transfer premium is a tiny share of
    income in the first and the last two years of eight (the reference years make it
    income-neutral: the calibration is not shifted), and leavers' mean school years do
    not trend. A reference at the arithmetic mean of years (about 10.3) would not be
    neutral, exp being convex: the premium is then clearly positive."""
    h, m = paired("run.burn_in_months=120", n=6000, months=96, seed=5)
    share = h["remittance_premium_share"]
    first, last = share.iloc[:24].mean(), share.iloc[-24:].mean()
    assert abs(first) < 0.0007 and abs(last) < 0.0007
    assert abs(last - first) < 0.0007
    years = h["leavers_school_years_mean"]
    assert 9.9 < years.mean() < m.params.human_capital.reference_years
    assert abs(years.iloc[-48:].mean() - years.iloc[:48].mean()) < 0.4  # ~3 s.e.
    h_mean, _ = paired("run.burn_in_months=120", "human_capital.reference_years=10.3",
                       n=6000, months=24, seed=5)  # fmt: skip
    assert h_mean["remittance_premium_share"].mean() > first + 0.0005
