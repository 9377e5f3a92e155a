"""The month is one plan: named steps in a fixed order, each changing only what it
declares; the burn-in and the per-agent engine select or swap steps of the same plan;
docs/ODD.md section 3 is the plan's table."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest
from conftest import ROOT, small

from model.agent_engine import AGENT_PLAN, AgentModel
from model.model import ArrayModel
from model.month_plan import (
    HOUSEHOLD,
    MONTH_PLAN,
    burn_in_plan,
    plan_markdown,
    swap_steps,
)
from model.state import HouseholdState, MonthEvents

# The model's named values a step may write (besides the state's columns and events).
MODEL_VALUES = (
    "consumption",
    "measured_consumption",
    "poor",
    "poor_measured",
    "poor_months",
    "nonpoor_spell",
    "exits_12m",
    "was_poor",
    "pretransfer_consumption",
    "pretransfer_welfare",
    "pretransfer_this_month",
    "welfare_ratio",
    "price_index",
    "line",
    "need",
    "permanent_income",
    "programme_income",
    "conditions",
    "budget_inputs",
    "flows",
    "group_lender",
    "history",
)
STATE_FIELDS = tuple(f.name for f in fields(HouseholdState) if f.name not in ("n", "events"))
EVENT_FIELDS = tuple(f.name for f in fields(MonthEvents))


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return len(value)
    if hasattr(value, "__dataclass_fields__"):
        return (id(value), {k: _copy(v) for k, v in vars(value).items()})
    if isinstance(value, int | float) or value is None:
        return value
    return id(value)


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def snapshot(model) -> dict:
    snap = {f"state.{k}": _copy(getattr(model.state, k)) for k in STATE_FIELDS}
    snap.update({f"events.{k}": _copy(getattr(model.state.events, k)) for k in EVENT_FIELDS})
    snap.update({k: _copy(getattr(model, k, None)) for k in MODEL_VALUES})
    return snap


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before if not _same(before[k], after[k])}


def covered(name: str, writes: tuple[str, ...]) -> bool:
    """``events`` and ``flows`` (a fresh record) cover their parts."""
    return name in writes or (name.startswith("events.") and "events" in writes)


@pytest.fixture(scope="module")
def stepped_model():
    params = small("combined_full", 3000, 6)
    model = ArrayModel(params, seed=5)
    model.step()
    model.step()
    return model


def test_each_step_changes_only_what_it_declares(stepped_model):
    model = stepped_model
    seen: set[str] = set()
    for _ in range(2):
        model.month += 1
        for step in model.plan:
            before = snapshot(model)
            step.run(model)
            diff = changed(before, snapshot(model))
            undeclared = sorted(d for d in diff if not covered(d, step.writes))
            assert undeclared == [], f"step {step.name} writes {undeclared} undeclared"
            seen |= diff
    # the check can fail: a month changes many things, spread over the steps
    assert {"state.savings", "consumption", "events.births", "history"} <= seen


def test_the_check_fails_on_an_undeclared_write(stepped_model):
    model = stepped_model
    model.month += 1
    calendar = next(s for s in model.plan if s.name == "calendar")
    open_month = next(s for s in model.plan if s.name == "open_month")
    open_month.run(model)
    before = snapshot(model)
    calendar.run(model)
    diff = changed(before, snapshot(model))
    assert "events.births" in diff and not covered("events.births", ("state.child_age",))


def test_plan_names_are_unique_and_the_engines_share_them():
    names = [s.name for s in MONTH_PLAN]
    assert len(names) == len(set(names))
    assert [s.name for s in AGENT_PLAN] == names
    assert [s.writes for s in AGENT_PLAN] == [s.writes for s in MONTH_PLAN]
    swapped = {s.name for s, t in zip(MONTH_PLAN, AGENT_PLAN, strict=True) if s.run is not t.run}
    assert swapped == {"calendar", "incomes", "budget", "schooling"}
    assert AgentModel.plan is AGENT_PLAN and ArrayModel.plan is MONTH_PLAN


def test_burn_in_runs_only_household_steps():
    steps = burn_in_plan(MONTH_PLAN)
    assert steps and all(s.phase == HOUSEHOLD for s in steps)
    skipped = {s.name for s in MONTH_PLAN} - {s.name for s in steps}
    assert skipped == {"registry", "programmes_pay", "programmes_after_budget", "measurement",
                       "metrics"}  # fmt: skip


def test_swap_refuses_an_unknown_step():
    with pytest.raises(KeyError):
        swap_steps(MONTH_PLAN, calender=lambda m: None)


def test_every_step_is_timed():
    model = ArrayModel(small("pkh", 500, 3), seed=1)
    model.step_clock = {}
    model.run()
    assert set(model.step_clock) == {s.name for s in MONTH_PLAN}
    assert all(v >= 0 for v in model.step_clock.values())


def test_odd_section_3_is_the_plan():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    assert plan_markdown() in odd, (
        "docs/ODD.md section 3 is stale: paste `python run.py plan --markdown`"
    )


def test_a_run_without_burn_in_starts_from_the_initial_draw():
    """``run.burn_in_months = 0``: month 0 is the initial draw and the plan still runs."""
    model = ArrayModel(small("pkh", 300, 3, "run.burn_in_months=0"), seed=2)
    assert model.conditions is None and model.budget_inputs is None
    model.run()
    assert model.month == 3 and len(model.history) == 4
