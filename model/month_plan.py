"""The month as one plan: :data:`MONTH_PLAN` lists the month's named steps in order.

Each :class:`Step` is a function of the model with declared inputs (``reads``) and
outputs (``writes``): ``state.<field>`` is a column of the households' state
(:class:`model.state.HouseholdState`), ``events.<field>`` one of this month's events
(:class:`model.state.MonthEvents`), and a bare name an attribute of the model (the
month's conditions, the budget's inputs and flows, poverty status, ...).
tests/model/test_month_plan.py checks, step by step, that a step changes nothing it
does not declare, and docs/ODD.md section 3 is checked against :func:`plan_markdown`
(``python run.py plan --markdown`` prints it; ``run.py plan --time`` times each step).

Phases: ``household`` steps are the household rules and run in the burn-in too;
``policy`` steps (the registry and the programmes) and ``record`` steps (survey
measurement, poverty status, metrics) run only in the simulated months. The burn-in runs
:func:`burn_in_plan` of the vectorised plan; the per-agent engine
(:mod:`model.agent_engine`) swaps four household steps for per-agent versions with
:func:`swap_steps`. Nothing overrides the model's methods to change the month.

This module imports the rule modules, never :mod:`model.model` (the engine imports it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from model.budget import household_budget
from model.calendar import advance_calendar
from model.income import earn_incomes
from model.metrics import nonpoor_spell, sustained_exits
from model.population import habitual_consumption, permanent_income
from model.programmes.interface import apply_effects, apply_payments
from model.proxies import update_proxies
from model.schooling import school_dropout
from model.shocks import MonthConditions, covariate_shocks, idiosyncratic_shocks
from model.state import HouseholdState, MonthEvents
from model.transfers import update_expected_transfer

HOUSEHOLD, POLICY, RECORD = "household", "policy", "record"


@dataclass(frozen=True)
class Step:
    """One step of the month: ``run(model)`` reads ``reads`` and writes ``writes``."""

    name: str
    run: Callable[[Any], None]
    phase: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The first line of the step function's docstring."""
        return (self.run.__doc__ or "").strip().splitlines()[0]


@dataclass
class BudgetInputs:
    """The inputs of the month's household budget (Rp per household; ``need`` and
    ``target`` at this month's prices), from step ``incomes``; programmes may scale
    ``health_cost`` (PBI-JKN) in step ``programmes_pay``."""

    cash_income: np.ndarray  # labour, business, asset and remittance income, programme income
    health_cost: np.ndarray  # out-of-pocket health cost
    need: np.ndarray  # poverty line x household size
    target: np.ndarray  # habitual consumption
    permanent_income: np.ndarray  # with expected transfers
    shock_hit: np.ndarray  # bool, a covariate shock this month

    def as_kwargs(self) -> dict[str, np.ndarray]:
        """The budget's keyword inputs (the arrays themselves, not copies)."""
        return dict(vars(self))

    def rows(self, i: int) -> BudgetInputs:
        """One household's inputs (views of length 1)."""
        return BudgetInputs(**{k: v[i : i + 1] for k, v in vars(self).items()})


def month_budget_inputs(
    st: HouseholdState,
    p,
    rs,
    month: int,
    cond: MonthConditions,
    base_line: np.ndarray,
    programme_income: np.ndarray,
) -> BudgetInputs:
    """Idiosyncratic shocks and incomes (in place), then the inputs of the month's
    budget. ``programme_income`` is last month's earnings in group businesses, paid now."""
    idio = idiosyncratic_shocks(st, p, rs, month, cond)
    inc = earn_incomes(st, p, rs, month, cond, idio["earnings_lost_share"])
    cash_income = (
        inc["labour"] + inc["business"] + inc["asset"] + inc["remittance"] + programme_income
    )
    size = st.size
    need = base_line * cond.price_index * size
    # regular, expected transfers count toward permanent income (smoothed instalments)
    y_perm = permanent_income(st, p) + st.expected_transfer
    real_target = habitual_consumption(st, p, y_perm, base_line * size)
    st.habitual_consumption = real_target
    return BudgetInputs(
        cash_income=cash_income,
        health_cost=idio["health_cost"],
        need=need,
        target=real_target * cond.price_index,
        permanent_income=y_perm,
        shock_hit=cond.shock_hit,
    )


# ---------------------------------------------------------------- the steps
def open_month(model) -> None:
    """Clear last month's events and flows (nobody reads them from here on)."""
    model.state.events = MonthEvents()
    # at 1,000,000 households last month's flows are some 300 MB: release them first
    model.flows = {}


def calendar(model) -> None:
    """Ageing, school entry and transitions, pregnancies, births, children leaving."""
    advance_calendar(model.state, model.params, model.streams, model.month)


def covariate(model) -> None:
    """Covariate shocks: prices, scheduled crises, village disasters and rebuilding."""
    cond = covariate_shocks(model.state, model.params, model.streams, model.month)
    model.price_index = cond.price_index
    model.conditions = cond


def incomes(model) -> None:
    """Idiosyncratic shocks, incomes, and the budget's inputs (habitual consumption)."""
    m = model
    inputs = month_budget_inputs(
        m.state, m.params, m.streams, m.month, m.conditions, m.base_line, m.programme_income
    )
    set_budget_inputs(m, inputs)


def set_budget_inputs(model, inputs: BudgetInputs) -> None:
    """The month's budget inputs, need, permanent income and poverty line; last month's
    programme income is now paid."""
    model.budget_inputs = inputs
    model.programme_income = np.zeros(model.state.n)
    model.need = inputs.need
    model.line = model.base_line * model.conditions.price_index
    model.permanent_income = inputs.permanent_income


def clear_transfers(model) -> None:
    """This month's transfers and programme hooks start at zero (no transfer)."""
    st = model.state
    st.transfer_cash = np.zeros(st.n)
    st.transfer_food = np.zeros(st.n)
    st.transfer_to_debt = np.zeros(st.n)
    st.dropout_multiplier = np.ones(st.n)


def registry(model) -> None:
    """The registry's scheduled update (re-survey, verification, on-demand desk)."""
    if model.registry is not None:
        model.registry.update(model, model.month)


def programmes_pay(model) -> None:
    """Each programme, in declared order, returns its payments; they are applied."""
    st, inputs = model.state, model.budget_inputs
    for prog in model.programmes:
        kwargs = inputs.as_kwargs()
        lender = apply_payments(st, prog.pay(model.view(prog, st.events.as_flows())), kwargs)
        inputs.health_cost = kwargs["health_cost"]
        # a lender a programme offers serves the budget from this month on
        if lender is not None:
            if model.group_lender not in (None, lender):
                raise ValueError("only one programme can offer a group lender")
            model.group_lender = lender


def budget(model) -> None:
    """Pre-transfer consumption (the budget without this month's transfers, for
    households that receive any) and the household budget: debt service, consumption,
    coping, saving."""
    st = model.state
    # Pre-transfer consumption: the same budget without this month's transfers, run on
    # copies of the households that receive any (exactly real consumption for others).
    receiving = np.flatnonzero((st.transfer_cash > 0) | (st.transfer_food > 0))
    pre_rows = model.consumption_without_transfers(receiving) if receiving.size else None
    flows = household_budget(
        st, model.params, **model.budget_inputs.as_kwargs(), group_lender=model.group_lender
    )
    pre = flows["consumption"].copy()
    if pre_rows is not None:
        pre[receiving] = pre_rows
    set_budget_flows(model, flows, pre)


def set_budget_flows(model, flows: dict[str, np.ndarray], pre: np.ndarray) -> None:
    """The month's flows: the budget's, then this month's events."""
    flows.update(model.state.events.as_flows())
    model.flows = flows
    model.pretransfer_this_month = pre


def proxies(model) -> None:
    """Durables and housing follow the budget: bought when cash allows, pawned or sold
    in distress, housing improved slowly."""
    m = model
    update_proxies(m.state, m.params.proxies, m.streams, m.month, m.flows, m.line, m.need)


def programmes_after_budget(model) -> None:
    """Each programme, in declared order, returns its effects after the budget
    (income next month, savings moves, saving boost, named flows); they are applied."""
    for prog in model.programmes:
        eff = prog.after_budget(model.view(prog, model.flows))
        apply_effects(model.state, eff, model.programme_income, model.flows)


def consumption_shortfall(model) -> np.ndarray:
    """Share of the household's own habitual consumption (from its permanent income
    without expected transfers) it could not afford this month, 0..1."""
    st, p = model.state, model.params
    own = habitual_consumption(
        st,
        p,
        model.budget_inputs.permanent_income - st.expected_transfer,
        model.base_line * st.size,
    )
    target = own * model.conditions.price_index
    return np.clip(1 - model.flows["consumption"] / np.maximum(target, 1.0), 0.0, 1.0)


def schooling(model) -> None:
    """School dropouts, whose hazard rises with the consumption shortfall and falls with
    PKH's conditionality."""
    m = model
    shortfall = consumption_shortfall(m)
    m.flows["dropouts"] = school_dropout(m.state, m.params, m.streams, m.month, shortfall)


def expected_transfers(model) -> None:
    """Households update the cash transfers they expect and set part of a receipt aside
    for the months to the next instalment."""
    update_expected_transfer(model.state, model.params, model.flows)


def welfare(model) -> None:
    """Welfare ratios with and without this month's transfers; this month's consumption."""
    m = model
    size, line = m.state.size, m.line
    pre = m.pretransfer_this_month
    m.pretransfer_consumption = pre
    m.pretransfer_welfare = pre / size / line
    m.welfare_ratio = m.flows["consumption"] / size / line
    # A copy, so that this month's budget outputs (of which consumption is one row) can
    # be released at the start of next month.
    m.consumption = m.flows["consumption"].copy()


def measurement(model) -> None:
    """Survey-measured consumption; poverty status, true and measured; spells out of
    poverty and sustained exits."""
    m = model
    size, line = m.state.size, m.line
    m.was_poor = m.poor
    m.measured_consumption = m.measure(m.consumption, m.month)
    m.poor = m.consumption / size < line
    m.poor_measured = m.measured_consumption / size < line
    m.poor_months += m.poor
    m.nonpoor_spell = nonpoor_spell(m.nonpoor_spell, m.poor)
    m.exits_12m += sustained_exits(m.nonpoor_spell)


def metrics(model) -> None:
    """The month's row of metrics (model, programmes, registry) in ``history``."""
    model.record(was_poor=model.was_poor, need=model.need)


S = "state."
E = "events."
# What the budget reads and writes of the state (model/budget.py, BUDGET_FIELDS).
BUDGET_STATE = (
    S + "savings",
    S + "savings_locked",
    S + "debt",
    S + "arrears",
    S + "pawn_loan",
    S + "assets",
    S + "business_capital",
)

MONTH_PLAN: tuple[Step, ...] = (
    Step("open_month", open_month, HOUSEHOLD, (), ("events", "flows")),
    Step(
        "calendar",
        calendar,
        HOUSEHOLD,
        (S + "child_age", S + "enrolled", S + "school_pressure", S + "pregnant_months"),
        (
            S + "child_age",
            S + "enrolled",
            S + "pregnant_months",
            S + "school_months",
            S + "remittance_premium",
            S + "labour_base",
            E + "children_left",
            E + "births",
            E + "leaver_school_months",
            E + "leaver_earnings_factor",
        ),
    ),
    Step(
        "covariate_shocks",
        covariate,
        HOUSEHOLD,
        (S + "village", S + "assets", S + "disaster_months_left"),
        (
            "conditions",
            "price_index",
            S + "assets",
            S + "business_capital",
            S + "disaster_months_left",
            S + "disaster_gap_assets",
            S + "disaster_gap_capital",
            E + "disaster_hit",
            E + "crisis_hit",
        ),
    ),
    Step(
        "incomes",
        incomes,
        HOUSEHOLD,
        ("conditions", "programme_income", S + "employed", S + "expected_transfer"),
        (
            "budget_inputs",
            "need",
            "line",
            "permanent_income",
            "programme_income",
            S + "employed",
            S + "persistent",
            S + "assets",
            S + "business_capital",
            S + "has_business",
            S + "habitual_consumption",
            E + "job_losses",
            E + "ill",
            E + "hospitalised",
            E + "business_failures",
            E + "remittance",
        ),
    ),
    Step(
        "clear_transfers",
        clear_transfers,
        HOUSEHOLD,
        (),
        (
            S + "transfer_cash",
            S + "transfer_food",
            S + "transfer_to_debt",
            S + "dropout_multiplier",
        ),
    ),
    Step("registry", registry, POLICY, ("welfare_ratio", S + "housing_quality"), ("registry",)),
    Step(
        "programmes_pay",
        programmes_pay,
        POLICY,
        ("registry", "budget_inputs", "pretransfer_welfare", "need"),
        (
            S + "transfer_cash",
            S + "transfer_food",
            S + "transfer_to_debt",
            S + "dropout_multiplier",
            "budget_inputs",
            "group_lender",
        ),
    ),
    Step(
        "budget",
        budget,
        HOUSEHOLD,
        ("budget_inputs", "group_lender", S + "transfer_cash", S + "transfer_food"),
        (
            "flows",
            "pretransfer_this_month",
            *BUDGET_STATE,
            S + "credit_access",
            S + "arrears_months",
            S + "debt_rising_months",
            S + "pawned_assets",
            S + "pawn_months",
            S + "has_business",
            S + "business_start_capital",
            S + "assets_target",
        ),
    ),
    Step(
        "proxies",
        proxies,
        HOUSEHOLD,
        ("flows", "line", "need"),
        (S + "durable_assets", S + "housing_quality"),
    ),
    Step(
        "programmes_after_budget",
        programmes_after_budget,
        POLICY,
        ("flows",),
        ("programme_income", "flows", S + "savings", S + "savings_locked", S + "saving_boost"),
    ),
    Step(
        "schooling",
        schooling,
        HOUSEHOLD,
        ("flows", "budget_inputs", "conditions", S + "dropout_multiplier"),
        ("flows", S + "enrolled", S + "school_pressure"),
    ),
    Step(
        "expected_transfers",
        expected_transfers,
        HOUSEHOLD,
        ("flows", S + "transfer_cash", S + "transfer_to_debt"),
        (
            S + "expected_transfer",
            S + "transfer_reserve",
            S + "months_since_transfer",
        ),
    ),
    Step(
        "welfare",
        welfare,
        HOUSEHOLD,
        ("flows", "pretransfer_this_month", "line"),
        ("consumption", "pretransfer_consumption", "pretransfer_welfare", "welfare_ratio"),
    ),
    Step(
        "measurement",
        measurement,
        RECORD,
        ("consumption", "line"),
        (
            "was_poor",
            "measured_consumption",
            "poor",
            "poor_measured",
            "poor_months",
            "nonpoor_spell",
            "exits_12m",
        ),
    ),
    Step("metrics", metrics, RECORD, ("flows", "consumption", "poor", "was_poor"), ("history",)),
)


def burn_in_plan(plan: tuple[Step, ...]) -> tuple[Step, ...]:
    """The household steps of ``plan`` (no registry, programmes or records)."""
    return tuple(s for s in plan if s.phase == HOUSEHOLD)


def swap_steps(plan: tuple[Step, ...], **runs: Callable[[Any], None]) -> tuple[Step, ...]:
    """``plan`` with the named steps run by other functions (same name, phase, reads
    and writes)."""
    unknown = set(runs) - {s.name for s in plan}
    if unknown:
        raise KeyError(f"no step {sorted(unknown)} in the plan")
    return tuple(replace(s, run=runs[s.name]) if s.name in runs else s for s in plan)


def run_plan(model, plan: tuple[Step, ...], clock: dict[str, float] | None = None) -> None:
    """Run ``plan``'s steps in order on ``model``; with ``clock``, add each step's CPU
    seconds to ``clock[step name]``."""
    if clock is None:
        for step in plan:
            step.run(model)
        return
    for step in plan:
        t = time.process_time()
        step.run(model)
        clock[step.name] = clock.get(step.name, 0.0) + time.process_time() - t


def plan_rows(plan: tuple[Step, ...] = MONTH_PLAN) -> list[dict[str, str]]:
    """One row per step: number, name, phase, what it does, reads, writes."""
    return [
        {
            "step": str(i),
            "name": s.name,
            "phase": s.phase,
            "does": s.summary,
            "reads": ", ".join(s.reads) or "-",
            "writes": ", ".join(s.writes) or "-",
        }
        for i, s in enumerate(plan, start=1)
    ]


def plan_markdown(plan: tuple[Step, ...] = MONTH_PLAN) -> str:
    """The plan as a Markdown table (docs/ODD.md section 3)."""
    lines = ["| # | step | phase | what it does | reads | writes |", "|---|---|---|---|---|---|"]
    for r in plan_rows(plan):
        lines.append(
            f"| {r['step']} | `{r['name']}` | {r['phase']} | {r['does']} | "
            f"{r['reads']} | {r['writes']} |"
        )
    return "\n".join(lines)
