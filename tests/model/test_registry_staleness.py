"""A registry that goes stale: proxies follow welfare, records are frozen at their
enumeration date, and updating rules (periodic rebuilds, the desk) repair it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.model import ArrayModel
from model.parameters import Section
from model.proxies import PROXY_SPECS, desired_durables, update_proxies
from model.sections import default_params
from model.state import INFORMAL
from model.streams import Streams


def params(n=1500, months=24, seed=11, registry=None, bpnt=None, proxies=None):
    return default_params(
        run={"households": n, "months": months, "seed": seed},
        registry=registry or {},
        proxies=proxies or {},
        **{"programmes.bpnt": {"enabled": True, "quota_share": 0.2, **(bpnt or {})}},
    )


def run(p, seed=11) -> tuple[ArrayModel, pd.DataFrame]:
    m = ArrayModel(p, seed=seed)
    m.run()
    return m, pd.DataFrame(m.history)


def test_a_perfect_rebuild_at_month_0_goes_stale_as_households_move():
    """A registry built on true welfare at month 0 and never updated: its list is the
    exact bottom 40 % at month 0; as households move it drifts away from the poor."""
    m, h = run(params(n=2000, months=36, registry={"method": "perfect", "updating": "static"}))
    first = h.loc[h["month"] == 1, "registry_poor_coverage"].item()
    late = h.loc[h["month"] > 24, "registry_poor_coverage"].mean()
    assert first > 0.9
    assert late < first - 0.1
    # the record of every household is 36 months old
    assert h["registry_record_age_months"].iloc[-1] == 36
    assert (
        h["registry_exclusion_record_24plus"].iloc[-1]
        > h["registry_exclusion_record_0_11"].dropna().iloc[0]
    )


def test_a_periodic_rebuild_recovers_what_the_static_registry_loses():
    static = run(params(n=2000, months=48, registry={"updating": "static"}))[1]
    periodic = run(params(n=2000, months=48, registry={"updating": "periodic"}))[1]
    late = static["month"] > 24
    ex_s = static.loc[late, "bpnt_exclusion_error"].mean()
    ex_p = periodic.loc[late, "bpnt_exclusion_error"].mean()
    start = static.loc[static["month"] == 1, "bpnt_exclusion_error"].item()
    assert ex_s > start + 0.05  # staleness
    assert ex_s - ex_p > 0.5 * (ex_s - start) * 0.5  # the rebuild recovers a good part
    # the rebuild re-estimates the PMT on the new survey
    assert periodic["registry_pmt_r2"].iloc[30] != static["registry_pmt_r2"].iloc[30]
    assert periodic["registry_age_months"].iloc[30] == 6


def test_durables_are_bought_when_cash_allows_and_sold_in_distress():
    m = ArrayModel(params(n=300, months=1), seed=2)
    st = m.state
    p = Section("proxies", {k: s.default for k, s in PROXY_SPECS.items()})
    p = Section("proxies", {**dict(p), "durables_buy_rate": 1.0, "durables_distress_sale": 1.0})
    n = st.n
    st.durable_assets[:] = 3
    line = np.full(n, 600_000.0)
    size = st.size.astype(float)
    rich = np.arange(n) < n // 2
    cons = np.where(rich, 20 * line * size, 0.3 * line * size)
    flows = {
        "consumption": cons,
        "shortfall": ~rich,
        "asset_sales": np.zeros(n),
        "borrowing_by_lender": np.zeros((n, 3)),
    }
    flows["borrowing_by_lender"][~rich, INFORMAL] = 1.0
    st.housing_quality[:] = st.housing_offset - 1.0
    housing = st.housing_quality.copy()
    update_proxies(st, p, Streams(1), 1, flows, line, line * size)
    assert (st.durable_assets[rich] == 4).all()  # bought one (desired stock above 3)
    assert (st.durable_assets[~rich] == 2).all()  # pawned or sold one
    assert (desired_durables(p, cons / size / line)[rich] > 3).all()
    # housing improves slowly when cash allows (by the monthly step), and deteriorates
    # more slowly still when it is above the level welfare supports
    up = st.housing_quality - housing
    np.testing.assert_allclose(up[rich], p.housing_improve_rate, atol=1e-12)
    np.testing.assert_allclose(up[~rich], -p.housing_decay_rate, atol=1e-12)


def test_static_proxies_make_the_old_and_new_pmt_equally_good():
    """With proxies fixed (the old behaviour), rebuilding changes little; with proxies
    that follow welfare, the rebuilt registry covers more of the poor."""
    cov = {}
    for dyn in (False, True):
        h = run(
            params(n=2000, months=30, registry={"updating": "periodic"}, proxies={"dynamic": dyn})
        )[1]
        cov[dyn] = h.loc[h["month"] >= 24, "registry_poor_coverage"].mean()
    assert cov[True] > cov[False]


def test_the_desk_finds_and_pays_a_household_that_falls_into_poverty():
    """A household outside the registry falls into poverty; before the next rebuild it
    applies at the desk, is re-enumerated with current proxies and a home visit, enters
    the registry and is paid by BPNT (decile targeting: every member in deciles 1-4)."""
    registry = {
        "updating": "periodic",
        "update_months": 24,
        "on_demand": True,
        "apply_rate": 1.0,
        "rural_apply_multiplier": 1.0,
        "processing_months": 1,
        "desk_visit_weight": 1.0,
    }
    p = params(n=800, months=12, registry=registry, bpnt={"targeting": "deciles"})
    m = ArrayModel(p, seed=3)
    m.step()
    st, reg = m.state, m.registry
    outside = np.flatnonzero(~reg.in_registry & (m.welfare_ratio > 1.5))
    i = int(outside[0])
    # the household loses everything: no income, assets, savings or credit
    st.labour_base[i] = 1.0
    st.assets[i] = 0.0
    st.assets_target[i] = 0.0
    st.has_business[i] = False
    st.business_capital[i] = 0.0
    st.savings[i] = 0.0
    st.credit_access[i] = False
    paid_month = None
    for month in range(2, 13):
        m.step()
        if m.programmes[0].paid[i] > 0:
            paid_month = month
            break
    assert paid_month is not None and paid_month < 24
    assert reg.via_desk[i]
    assert m.latest["desk_beneficiaries"] >= 1
    h = pd.DataFrame(m.history)
    assert h["desk_applications"].sum() >= h["desk_accepted"].sum() >= 1


def test_pending_desk_cases_survive_a_rebuild():
    registry = {
        "updating": "periodic",
        "update_months": 3,
        "on_demand": True,
        "apply_rate": 1.0,
        "processing_months": 6,
        "desk_visit_weight": 1.0,
    }
    m = ArrayModel(params(n=800, months=5, registry=registry), seed=4)
    m.run(2)
    pending = m.registry.pending.copy()
    assert (pending > 0).any()
    m.run(1)  # month 3: a full rebuild
    assert m.registry.rebuilt
    kept = (pending > 0) & ~m.registry.in_registry
    assert (m.registry.pending[kept] == pending[kept]).all()


def test_the_desk_lowers_exclusion_between_rebuilds():
    base = {"updating": "periodic", "update_months": 24}
    desk = {**base, "on_demand": True, "apply_rate": 0.2, "verification_rate": 0.05}
    _, h0 = run(params(n=2000, months=22, registry=base))
    _, h1 = run(params(n=2000, months=22, registry=desk))
    later = h0["month"] > 6
    assert h1.loc[later, "registry_poor_coverage"].mean() > (
        h0.loc[later, "registry_poor_coverage"].mean()
    )
    assert h1["desk_beneficiaries"].max() > 0
    assert (h0["desk_applications"] == 0).all()
