"""PKH: component arithmetic and caps, the quarterly schedule, the non-compliance cut and
its restoration, the dropout effect and recertification, on hand-built households."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.model import ArrayModel
from model.programmes.pkh import COMPONENTS, annual_benefit, component_counts
from model.sections import default_params

VALUES = {
    "pregnant": 3_000_000,
    "child_0_6": 3_000_000,
    "sd": 900_000,
    "smp": 1_500_000,
    "sma": 2_000_000,
    "disability": 2_400_000,
    "elderly": 2_400_000,
}


def pkh_params(n=600, months=12, seed=1, **pkh):
    return default_params(
        run={"households": n, "months": months, "seed": seed},
        **{"programmes.pkh": {"enabled": True, **pkh}},
    )


def counts(**kw) -> np.ndarray:
    return np.array([[kw.get(c, 0) for c in COMPONENTS]], dtype=float)


@pytest.fixture
def sec():
    return pkh_params().programme("pkh")


def test_defaults_are_the_facts_amounts(sec):
    for comp, value in VALUES.items():
        assert sec[comp] == value
    assert (sec.max_components, sec.max_young_children, sec.max_elderly, sec.max_disabled) == (
        4,
        2,
        1,
        1,
    )
    assert sec.payment_every_months == 3


@pytest.mark.parametrize(
    "family, expected",
    [
        ({"sd": 1}, 900_000),
        ({"sd": 2, "smp": 1}, 2 * 900_000 + 1_500_000),
        ({"pregnant": 1, "child_0_6": 1, "sma": 1}, 3_000_000 * 2 + 2_000_000),
        # sub-cap: three young children count as two
        ({"child_0_6": 3}, 2 * 3_000_000),
        # sub-caps: two elderly count as one, disability at most one
        ({"elderly": 2, "disability": 1}, 2_400_000 * 2),
        # total cap of 4: the highest-valued components count
        (
            {"pregnant": 1, "child_0_6": 2, "sma": 1, "smp": 1, "sd": 2},
            3_000_000 * 3 + 2_000_000,
        ),
        ({"child_0_6": 2, "elderly": 1, "sd": 3}, 3_000_000 * 2 + 2_400_000 + 900_000),
        ({}, 0),
    ],
)
def test_component_arithmetic_and_caps(sec, family, expected):
    assert annual_benefit(sec, counts(**family))[0] == pytest.approx(expected)


def test_components_of_a_hand_built_family():
    m = ArrayModel(pkh_params(n=300, months=1), seed=1)
    st = m.state
    i = 5
    st.child_age[i] = [2 * 12, 5 * 12 + 11, 6 * 12 + 11, 7 * 12, 9 * 12, 13 * 12, 17 * 12, -1]
    st.enrolled[i] = [False, False, False, True, False, True, True, False]
    st.pregnant_months[i] = 4
    st.elderly[i] = 2
    st.disabled[i] = True
    st.refresh_composition()
    c = component_counts(st, np.array([i]))[0]
    # pregnant, three children 0-6 (ages 2, 5, 6), SD pupil aged 7 (the 9-year-old is not
    # enrolled), one SMP and one SMA pupil, disability, two elderly
    assert dict(zip(COMPONENTS, c, strict=True)) == {
        "pregnant": 1,
        "child_0_6": 3,
        "sd": 1,
        "smp": 1,
        "sma": 1,
        "disability": 1,
        "elderly": 2,
    }
    pkh = m.programmes[0]
    # the fast categorical rule agrees with the component counts for everyone
    np.testing.assert_array_equal(pkh.categorical(m), component_counts(st).sum(axis=1) > 0)


def test_quarterly_instalments_of_a_quarter_of_the_entitlement():
    p = pkh_params(n=1500, months=10, compliance_rate=1.0, start_month=2)
    m = ArrayModel(p, seed=3)
    pkh = m.programmes[0]
    spending = []
    for month in range(1, 11):
        m.step()
        spending.append(m.latest["pkh_spending"])
        if month == 2:  # the list is drawn: every beneficiary has a component
            assert (component_counts(m.state)[pkh.enrolled].sum(axis=1) > 0).all()
        if month in (2, 5, 8):
            rows = np.flatnonzero(pkh.enrolled)
            expected = (
                annual_benefit(pkh.params, component_counts(m.state, rows))
                * pkh.params.realisation_share
                / 4
            )
            np.testing.assert_allclose(pkh.paid[rows], expected)
            assert pkh.spent == pytest.approx(expected.sum())
            np.testing.assert_allclose(m.state.transfer_cash, pkh.paid)
        else:
            assert pkh.spent == 0 and not pkh.paid.any()
    assert [s > 0 for s in spending] == [False, True, False, False, True, False, False, True,
                                         False, False]  # fmt: skip


def test_non_compliant_instalments_are_cut_and_restored():
    p = pkh_params(n=2000, months=7, compliance_rate=0.5)
    # components are recounted after the month (a pupil dropping out in the same month
    # would change them): a seed where no cut household loses a component that month
    m = ArrayModel(p, seed=5)
    pkh = m.programmes[0]
    seen_cut_then_paid = 0
    cut_before = None
    for month in range(1, 8):
        m.step()
        if month not in (1, 4, 7):
            continue
        rows = np.flatnonzero(pkh.enrolled)
        c = component_counts(m.state, rows)
        full = annual_benefit(pkh.params, c) * pkh.params.realisation_share / 4
        conditioned = c[:, :5].sum(axis=1) > 0
        u = m.streams.uniform("pkh.compliance", month, m.state.n)[rows]
        complied = ~conditioned | (u < 0.5)
        np.testing.assert_allclose(pkh.paid[rows], np.where(complied, full, 0.0))
        assert m.latest["pkh_instalments_cut"] == np.sum(~complied & (full > 0))
        # families without conditions (elderly, disability only) are always paid
        assert (pkh.paid[rows][~conditioned] == full[~conditioned]).all()
        if cut_before is not None:
            again = np.isin(rows, cut_before) & complied
            seen_cut_then_paid += int(again.sum())
            assert (pkh.paid[rows][again] == full[again]).all()  # restored in full, no arrears
        cut_before = rows[~complied & (full > 0)]
    assert seen_cut_then_paid > 10


def test_backpay_pays_the_withheld_instalment_when_compliant_again():
    p = pkh_params(n=2000, months=4, compliance_rate=0.5, backpay=True)
    m = ArrayModel(p, seed=4)
    pkh = m.programmes[0]
    m.step()  # month 1: first instalment
    withheld = pkh.withheld.copy()
    assert withheld.sum() > 0
    m.run(3)  # month 4: second instalment
    rows = np.flatnonzero(pkh.enrolled & (withheld > 0))
    u = m.streams.uniform("pkh.compliance", 4, m.state.n)[rows]
    full = (
        annual_benefit(pkh.params, component_counts(m.state, rows))
        * pkh.params.realisation_share
        / 4
    )
    paid_back = u < 0.5
    np.testing.assert_allclose(pkh.paid[rows][paid_back], (full + withheld[rows])[paid_back])
    np.testing.assert_allclose(pkh.withheld[rows][paid_back], 0.0)


def test_conditionality_lowers_dropout_for_compliant_beneficiaries():
    m = ArrayModel(pkh_params(n=800, months=3, compliance_rate=0.5), seed=2)
    pkh = m.programmes[0]
    m.run(3)
    mult = m.state.dropout_multiplier
    on = pkh.enrolled & pkh.compliant
    assert on.any() and (pkh.enrolled & ~pkh.compliant).any()
    np.testing.assert_array_equal(mult[on], 0.5)
    np.testing.assert_array_equal(mult[~on], 1.0)


def test_recertification_keeps_qualifying_families_and_graduates_the_others():
    # a registry barely larger than the quota, and employment churn, so that some
    # beneficiary families rank out of it at the re-survey
    p = default_params(
        run={"households": 3000, "months": 7, "seed": 6},
        registry={"updating": "periodic", "update_months": 6, "coverage": 0.15},
        shocks={"job_loss_rate": 0.02, "reemployment_rate": 0.08},
        **{"programmes.pkh": {"enabled": True}},
    )
    m = ArrayModel(p, seed=6)
    pkh = m.programmes[0]
    m.run(5)
    before = pkh.enrolled.copy()
    m.run(1)  # month 6: full registry update
    reg = m.registry
    assert reg.rebuilt
    stayed = before & pkh.enrolled
    left = before & ~pkh.enrolled
    # everyone who left is out of the new registry or has no component any more
    assert (~reg.in_registry[left] | ~pkh.categorical(m)[left]).all()
    # everyone who still qualifies stayed
    assert (stayed == (before & reg.in_registry & pkh.categorical(m))).all()
    assert m.latest["pkh_graduated"] == left.sum() > 0
    assert pkh.enrolled.sum() == round(0.106 * 3000)  # vacancies filled
    h = pd.DataFrame(m.history)
    assert h["pkh_graduated"].iloc[:6].sum() == 0


# ---- the instalments are smoothed: a known calendar (consumption.transfer_schedule_months)


def paired_pkh(seed: int, n: int = 3000, months: int = 24, *sets: str):
    """PKH and the baseline with the same seed (common random numbers), stepped together;
    yields (month, pkh model, baseline model)."""
    from conftest import small

    pkh = ArrayModel(small("pkh", n, months, *sets), seed=seed)
    base = ArrayModel(small("baseline", n, months, *sets), seed=seed)
    for month in range(1, months + 1):
        pkh.step()
        base.step()
        yield month, pkh, base


def test_instalment_month_takes_little_more_than_its_third_of_the_gain():
    """Recipients' consumption gain over the paired baseline, by month of the quarter
    (months 7-24, expectations formed): the instalment month's share of a quarter's gain
    is near a third (perfect smoothing), not most of it. The model that took a third of
    each instalment as expected and the rest as a windfall, spent it at once or put it
    above the savings target (debt, investment, spend-down) gave 0.58 here."""
    gain = np.zeros(3)
    for seed in (3, 4):
        for month, pkh, base in paired_pkh(seed):
            if month > 6:
                rec = pkh.programmes[0].enrolled
                gain[(month - 1) % 3] += (pkh.consumption[rec] - base.consumption[rec]).sum()
    assert (gain > 0).all()
    share = gain[0] / gain.sum()
    assert share < 0.51, f"instalment month takes {share:.3f} of the quarter's gain"


def test_a_regular_instalment_is_expected_and_its_expected_part_set_aside():
    """Once learnt, a quarterly instalment is three months of the expected transfer: few
    of its rupiah are a windfall (before: about 0.85). The expected part is set aside in
    savings and drawn at the expected transfer a month until the next instalment."""
    wf = paid = 0.0
    for month, pkh, _ in paired_pkh(3, 2000, 24):
        st = pkh.state
        assert (st.transfer_reserve >= 0).all()
        assert (st.transfer_reserve <= np.maximum(st.savings, 0) + 1e-6).all()
        if month > 12 and st.transfer_cash.any():
            wf += pkh.flows["windfall"].sum()
            paid += st.transfer_cash.sum()
    assert 0 < wf / paid < 0.3, wf / paid
    never = ~pkh.programmes[0].enrolled & (st.expected_transfer == 0)
    assert never.any() and (st.transfer_reserve[never] == 0).all()


@pytest.mark.parametrize("schedule", [1, 3])
def test_expectation_waits_for_a_due_instalment_then_decays(schedule):
    """Closed forms of the expectation after a receipt: within the known calendar
    (``transfer_schedule_months``) a month without a receipt leaves it unchanged; after
    it, it decays by 1/``transfer_memory_months`` a month. A schedule of one month is the
    plain monthly average (every receipt above a month's expectation a windfall)."""
    from conftest import small

    p = small(
        "pkh",
        600,
        8,
        f"consumption.transfer_schedule_months={schedule}",
        "programmes.pkh.compliance_rate=1.0",
    )
    m = ArrayModel(p, seed=2)
    m.step()  # month 1: the first instalment
    st = m.state
    rec = st.transfer_cash > 0
    assert rec.any()
    e = [st.expected_transfer[rec].copy()]
    for _ in range(2):
        m.step()
        assert not st.transfer_cash.any()
        e.append(st.expected_transfer[rec].copy())
    w = 1 / p.consumption.transfer_memory_months
    decay = 1.0 if schedule == 3 else 1 - w
    np.testing.assert_allclose(e[1], decay * e[0], rtol=1e-12)
    np.testing.assert_allclose(e[2], decay * e[1], rtol=1e-12)
    m.step()  # month 4: the next instalment, expected as `schedule` months' worth
    months = min(3, schedule)
    expected = months * e[2]
    np.testing.assert_allclose(
        m.flows["windfall"][rec], np.maximum(st.transfer_cash[rec] - expected, 0.0), rtol=1e-9
    )
