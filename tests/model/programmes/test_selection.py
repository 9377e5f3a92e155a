"""Beneficiary selection (model/programmes/selection.py) on a hand-made registry of ten
households: quota, first draw, redraw against recertification, vacancies filled between
updates, decile targeting, and the rationing rule (poorest-ranked first)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from model.programmes.selection import BeneficiaryList, quota_size, ration

N = 10


def params(**kw) -> SimpleNamespace:
    values = dict(
        targeting="count",
        quota_share=0.3,
        quota_count=3,
        max_decile=4,
        list_update="redraw",
    )
    values.update(kw)
    return SimpleNamespace(**values)


def registry(members, priority, version=0, rebuilt=False, decile=None) -> SimpleNamespace:
    in_registry = np.zeros(N, bool)
    in_registry[list(members)] = True
    return SimpleNamespace(
        in_registry=in_registry,
        priority=np.asarray(priority, float),
        decile=np.asarray(decile if decile is not None else np.ones(N, int)),
        version=version,
        rebuilt=rebuilt,
    )


# household:      0  1  2  3  4  5  6  7  8  9   (lower = poorer-ranked)
PRIORITY_A = [5, 1, 8, 0, 9, 2, 7, 3, 6, 4]
PRIORITY_B = [0, 9, 1, 8, 2, 7, 3, 6, 4, 5]  # after a full rebuild


def listed(bl: BeneficiaryList) -> list[int]:
    return np.flatnonzero(bl.enrolled).tolist()


def test_quota_size_by_share_count_and_deciles():
    assert quota_size(params(targeting="share", quota_share=0.3), N) == 3
    assert quota_size(params(targeting="share", quota_share=0.26), 100) == 26
    assert quota_size(params(targeting="count", quota_count=4), N) == 4
    assert quota_size(params(targeting="count", quota_count=40), N) == N  # at most n
    assert quota_size(params(targeting="deciles", max_decile=4), 50) == 20


def test_first_draw_takes_the_poorest_ranked_registry_members():
    bl = BeneficiaryList(params(), N)
    reg = registry(range(N), PRIORITY_A)
    bl.refresh(reg, 3, lambda: None)
    assert listed(bl) == [1, 3, 5]  # priorities 1, 0, 2
    assert bl.exits == 0


def test_households_outside_the_registry_or_the_rules_are_never_drawn():
    bl = BeneficiaryList(params(), N)
    reg = registry([0, 1, 2, 4, 6, 8], PRIORITY_A)  # 3 and 5 are not in the registry
    eligible = np.ones(N, bool)
    eligible[1] = False  # the programme's own rule excludes household 1
    bl.refresh(reg, 3, lambda: eligible)
    # candidates 0 (5), 2 (8), 4 (9), 6 (7), 8 (6): the three lowest are 0, 8, 6
    assert listed(bl) == [0, 6, 8]


def test_the_list_stays_put_while_the_registry_does_not_change():
    calls = []
    bl = BeneficiaryList(params(), N)
    reg = registry(range(N), PRIORITY_A)
    bl.refresh(reg, 3, lambda: calls.append(1))
    bl.refresh(reg, 3, lambda: calls.append(1))  # same version, no rebuild
    assert listed(bl) == [1, 3, 5] and len(calls) == 1  # the rule is not even asked


def test_between_updates_leavers_leave_and_vacancies_are_filled():
    bl = BeneficiaryList(params(), N)
    bl.refresh(registry(range(N), PRIORITY_A), 3, lambda: None)
    # household 3 leaves the registry (desk verification); 7 (priority 3) is next
    members = [i for i in range(N) if i != 3]
    bl.refresh(registry(members, PRIORITY_A, version=1), 3, lambda: None)
    assert listed(bl) == [1, 5, 7]
    assert bl.exits == 1


def test_vacancies_between_updates_do_not_unseat_members():
    bl = BeneficiaryList(params(), N)
    bl.refresh(registry([2, 4, 6, 8], PRIORITY_A), 3, lambda: None)
    assert listed(bl) == [2, 6, 8]  # priorities 8, 7, 6
    # poorer-ranked households join the registry: no vacancy, nobody is replaced
    bl.refresh(registry(range(N), PRIORITY_A, version=1), 3, lambda: None)
    assert listed(bl) == [2, 6, 8] and bl.exits == 0
    # with a larger quota the vacancy goes to the poorest-ranked newcomer (3)
    bl.refresh(registry(range(N), PRIORITY_A, version=2), 4, lambda: None)
    assert listed(bl) == [2, 3, 6, 8]


def test_redraw_at_a_full_update_replaces_the_list():
    bl = BeneficiaryList(params(list_update="redraw"), N)
    bl.refresh(registry(range(N), PRIORITY_A), 3, lambda: None)
    bl.refresh(registry(range(N), PRIORITY_B, version=1, rebuilt=True), 3, lambda: None)
    assert listed(bl) == [0, 2, 4]  # the new ranking's poorest: priorities 0, 1, 2
    assert bl.exits == 3  # 1, 3 and 5 all left


def test_recertification_keeps_members_who_still_qualify():
    bl = BeneficiaryList(params(list_update="recertify"), N)
    bl.refresh(registry(range(N), PRIORITY_A), 3, lambda: None)
    # at the rebuild household 5 left the registry and household 3 lost its
    # categorical eligibility (graduation); 1 stays although now ranked 9
    eligible = np.ones(N, bool)
    eligible[3] = False
    members = [i for i in range(N) if i != 5]
    reg = registry(members, PRIORITY_B, version=1, rebuilt=True)
    bl.refresh(reg, 3, lambda: eligible)
    # two vacancies, filled by the new ranking's poorest eligible: 0 (0) and 2 (1)
    assert listed(bl) == [0, 1, 2]
    assert bl.exits == 2


def test_decile_targeting_takes_every_registry_member_in_the_deciles():
    decile = [1, 2, 3, 4, 5, 6, 1, 9, 4, 10]
    bl = BeneficiaryList(params(targeting="deciles", max_decile=4), N)
    reg = registry([0, 1, 2, 3, 4, 5, 7, 8, 9], PRIORITY_A, decile=decile)  # 6 not in
    bl.refresh(reg, 4, lambda: None)
    assert listed(bl) == [0, 1, 2, 3, 8]  # not limited to the quota of 4
    eligible = np.ones(N, bool)
    eligible[2] = False
    reg = registry([0, 1, 2, 3, 4, 5, 7, 8, 9], PRIORITY_A, 1, True, decile)
    bl.refresh(reg, 4, lambda: eligible)
    assert listed(bl) == [0, 1, 3, 8] and bl.exits == 1


def test_ration_pays_the_poorest_ranked_first():
    gross = np.array([100.0, 100.0, 100.0, 100.0])
    priority = np.array([2.0, 0.0, 3.0, 1.0])  # order: 1, 3, 0, 2
    assert ration(gross, priority, 250.0).tolist() == [50.0, 100.0, 0.0, 100.0]
    assert ration(gross, priority, 1000.0).tolist() == gross.tolist()
    assert ration(gross, priority, 0.0).tolist() == [0.0] * 4


def test_ration_keeps_the_order_of_ties_and_unequal_amounts():
    gross = np.array([30.0, 50.0, 20.0])
    priority = np.array([1.0, 1.0, 0.0])  # 2 first, then 0 before 1 (tie: index order)
    assert ration(gross, priority, 60.0).tolist() == [30.0, 10.0, 20.0]
    assert ration(gross, priority, 60.0).sum() == pytest.approx(60.0)
