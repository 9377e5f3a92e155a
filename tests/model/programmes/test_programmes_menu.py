"""PBI-JKN, PIP and elderly assistance: money in equals money out, a zero-amount
version changes nothing (common random numbers), and each one's outcome moves the
expected way."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small

from model.model import ArrayModel
from model.sections import default_params


def params(n=1500, months=12, seed=3, **programmes):
    progs = {f"programmes.{k}": {"enabled": True, **v} for k, v in programmes.items()}
    return default_params(run={"households": n, "months": months, "seed": seed}, **progs)


def run(p, seed=3):
    m = ArrayModel(p, seed=seed)
    m.run()
    return m


def same_core_history(a: ArrayModel, b: ArrayModel) -> None:
    """Every metric of ``a`` (a run without programmes) is identical in ``b``."""
    for ra, rb in zip(a.history, b.history, strict=True):
        for k, v in ra.items():
            np.testing.assert_equal(rb[k], v, err_msg=k)
    np.testing.assert_array_equal(a.consumption, b.consumption)
    np.testing.assert_array_equal(a.state.debt, b.state.debt)


@pytest.fixture(scope="module")
def no_programme():
    return run(params(n=1200, months=10))


# ---------------------------------------------------------------------- PBI-JKN
def test_pbi_spending_is_the_premium_of_covered_members():
    p = params(pbi_jkn={"premium": 42_000.0})
    m = ArrayModel(p, seed=3)
    prog = m.programmes[0]
    for _ in range(6):
        m.step()
        members = m.state.size[prog.covered].sum()
        assert m.latest["pbi_jkn_spending"] == pytest.approx(42_000.0 * members)
        assert not prog.paid.any()  # no money reaches the household
        assert prog.covered.sum() == round(0.35 * 1500)
    assert prog.spent_total == pytest.approx(sum(r["pbi_jkn_spending"] for r in m.history))


def test_pbi_budget_rations_by_priority():
    # a budget for about 5 months of premiums: then the poorest-ranked only, then none
    p = params(months=8, pbi_jkn={"budget_per_household": 0.35 * 42_000 * 4.0 * 5})
    m = run(p)
    prog = m.programmes[0]
    spent = [r["pbi_jkn_spending"] for r in m.history[1:]]
    assert prog.exhausted and spent[-1] == 0.0
    assert sum(spent) <= prog.ledger.budget_total + 1e-6


def test_pbi_members_pay_less_for_health_and_borrow_less_from_lenders():
    months = 24
    on = run(params(n=2000, months=months, pbi_jkn={"oop_share": 0.2}))
    off = run(params(n=2000, months=months, pbi_jkn={"oop_share": 1.0}))
    oop_on = [r["pbi_jkn_oop_health"] for r in on.history[1:]]
    oop_off = [r["pbi_jkn_oop_health"] for r in off.history[1:]]
    assert np.all(np.array(oop_on) < np.array(oop_off))
    lend_on = np.nansum([r["pbi_jkn_lender_after_health_shock"] for r in on.history[1:]])
    lend_off = np.nansum([r["pbi_jkn_lender_after_health_shock"] for r in off.history[1:]])
    assert lend_on < lend_off


def test_pbi_paying_nothing_changes_nothing(no_programme):
    zero = run(params(n=1200, months=10, pbi_jkn={"premium": 0.0, "oop_share": 1.0}))
    same_core_history(no_programme, zero)


# -------------------------------------------------------------------------- PIP
def test_pip_pays_the_amounts_per_pupil_by_level_once_a_year():
    from model.programmes.pip import pupils_by_level

    p = params(months=13, pip={"start_month": 1})
    m = ArrayModel(p, seed=3)
    prog = m.programmes[0]
    for month in range(1, 14):
        m.step()
        if month in (1, 13):
            rows = np.flatnonzero(prog.covered)
            pupils = pupils_by_level(m.state, rows)  # schooling moved since payment
            assert prog.paid.sum() > 0
            assert prog.spent == pytest.approx(prog.paid.sum() + prog.leaked)
            paid = prog.paid[rows]
            assert (paid % 150_000 == 0).all()  # sums of 450k, 750k and 1.8m
            assert pupils.shape == (rows.size, 3)
            np.testing.assert_allclose(m.state.transfer_cash, prog.paid)
        else:
            assert prog.spent == 0.0
    # listed for a pupil; some pupils have left school since (until recertification)
    assert m.state.enrolled[prog.covered].any(axis=1).mean() > 0.9


def test_pip_entitlement_closed_form():
    m = ArrayModel(params(n=300, pip={}), seed=1)
    m.step()
    st, prog = m.state, m.programmes[0]
    rows, gross = prog.entitlement(m.view(prog, {}))
    assert rows.size > 0
    age, enrolled = st.child_age[rows], st.enrolled[rows]
    y = np.where(age >= 0, age // 12, -1)
    want = (
        450_000 * (enrolled & (y >= 7) & (y <= 12)).sum(1)
        + 750_000 * (enrolled & (y >= 13) & (y <= 15)).sum(1)
        + 1_800_000 * (enrolled & (y >= 16) & (y <= 18)).sum(1)
    )
    np.testing.assert_allclose(gross, want)


def test_pip_cash_and_direct_effect_lower_dropouts():
    # buffers, coping and the community floor make consumption shortfalls rare, so the
    # cash channel needs a district of a few thousand households to show
    kw = {"n": 5000, "months": 24}
    big = {"sd": 4_500_000.0, "smp": 7_500_000.0, "sma": 18_000_000.0}
    zero = {"sd": 0.0, "smp": 0.0, "sma": 0.0}

    def stepped(p):
        """The run, and the sum over months of the dropout-hazard multiplier (poverty's
        pressure on schooling) of every household."""
        m, pressure = ArrayModel(p, seed=3), 0.0
        for _ in range(kw["months"]):
            m.step()
            pressure += float(m.state.school_pressure.sum())
        return m, pressure

    paid, pressure_paid = stepped(params(**kw, pip=big))
    none, pressure_none = stepped(params(**kw, pip=zero))
    # the cash lowers shortfalls, hence the hazard; realised dropouts (a few dozen, on
    # common random numbers) can only fall or stay
    assert pressure_paid < pressure_none
    d_paid = sum(r["pip_dropouts"] for r in paid.history[1:])
    d_none = sum(r["pip_dropouts"] for r in none.history[1:])
    assert d_paid <= d_none
    direct = run(params(**kw, pip={**zero, "dropout_multiplier": 0.0}))
    assert sum(r["pip_dropouts"] for r in direct.history[1:]) == 0
    assert direct.latest["pip_enrolment"] >= none.latest["pip_enrolment"]


def test_pip_paying_nothing_changes_nothing(no_programme):
    zero = run(params(n=1200, months=10, pip={"sd": 0.0, "smp": 0.0, "sma": 0.0}))
    same_core_history(no_programme, zero)


# ------------------------------------------------------------ elderly assistance
def test_elderly_budget_covers_its_people_poorest_ranked_first():
    m = ArrayModel(params(n=3000, months=3, elderly={"people_share": 0.2}), seed=5)
    prog = m.programmes[0]
    for _ in range(3):
        m.step()
        eld = m.state.elderly
        assert eld[prog.covered].sum() <= prog.people_budget
        assert (eld[prog.covered] > 0).all()
        # money: amount per elderly person of covered households, all reaching them
        np.testing.assert_allclose(prog.paid[prog.covered], 200_000.0 * eld[prog.covered])
        assert m.latest["elderly_spending"] == pytest.approx(prog.paid.sum())
        np.testing.assert_allclose(m.state.transfer_cash, prog.paid)
        # rationed by registry priority: everyone covered ranks before everyone left out
        left_out = prog.enrolled & ~prog.covered
        pr = m.registry.priority
        assert pr[prog.covered].max() <= pr[left_out].min()
    share = m.latest["elderly_reached_share"]
    assert 0.15 < share < 0.21  # the budget's people are fixed; the list moves a little


def test_elderly_default_budget_reaches_seed_share():
    m = run(small("elderly", 3000, 2))
    assert m.latest["elderly_reached_share"] == pytest.approx(44_441 / 2_900_000, abs=0.01)


def test_elderly_assistance_lowers_elderly_poverty():
    kw = {"n": 2000, "months": 12}
    paid = run(params(**kw, elderly={"people_share": 1.0, "amount": 600_000.0}))
    none = run(params(**kw, elderly={"people_share": 1.0, "amount": 0.0}))
    assert paid.latest["elderly_poverty"] < none.latest["elderly_poverty"]


def test_elderly_paying_nothing_changes_nothing(no_programme):
    zero = run(params(n=1200, months=10, elderly={"amount": 0.0, "people_share": 1.0}))
    same_core_history(no_programme, zero)


def test_full_menu_scenario_runs_every_programme():
    m = run(small("combined_full", 1500, 14))
    names = {p.name for p in m.programmes}
    assert names == {"pkh", "bpnt", "kube", "pbi_jkn", "pip", "elderly"}
    for name in names:
        assert f"{name}_spending" in m.latest and f"{name}_exclusion_error_quota" in m.latest
