"""The per-agent engine: the same month stepped the classic Mesa way, one ``Household``
agent at a time (``self.agents.do(...)``), as a reference for the vectorised engine.

Model-level events (covariate shocks, the registry, programmes, metrics) are shared
with :class:`model.model.ArrayModel`. The household-level rules (calendar, shocks and
incomes, budget and coping, schooling) run per agent: each agent applies the *same rule
functions* to a one-row slice of the state and writes its row back. It is not a
scalar re-implementation of the rules; it measures what stepping agents one by one in
Python costs, and checks that the vectorised engine computes the same thing.

Random numbers: the named streams draw whole arrays per (stream, month); each agent
takes its own row of that draw, so both engines use identical numbers.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from model.budget import GroupLender, consumption_without_transfers, household_budget
from model.calendar import advance_calendar
from model.household import Household
from model.model import ArrayModel
from model.month_plan import (
    MONTH_PLAN,
    BudgetInputs,
    consumption_shortfall,
    month_budget_inputs,
    set_budget_flows,
    set_budget_inputs,
    swap_steps,
)
from model.schooling import school_dropout
from model.shocks import MonthConditions
from model.state import HouseholdState, MonthEvents
from model.streams import Streams

STATE_ARRAYS = tuple(f.name for f in fields(HouseholdState) if f.name not in ("n", "events"))


class RowStreams:
    """The model's named streams seen by one household: its row of each month's draw."""

    def __init__(self, streams: Streams, n: int, cache: dict, row: int):
        self.streams, self.n, self.cache, self.row = streams, n, cache, row

    def _row(self, kind: str, name: str, month: int, size) -> np.ndarray:
        shape = (self.n, *size[1:]) if isinstance(size, tuple) else self.n
        key = (kind, name, month)
        if key not in self.cache:
            self.cache[key] = getattr(self.streams, kind)(name, month, shape)
        return self.cache[key][self.row : self.row + 1]

    def uniform(self, name: str, month: int, size) -> np.ndarray:
        return self._row("uniform", name, month, size)

    def normal(self, name: str, month: int, size) -> np.ndarray:
        return self._row("normal", name, month, size)


class SteppedHousehold(Household):
    """A household that steps itself: the month's household rules on its own row."""

    def _begin(self) -> HouseholdState:
        st, i = self.model.state, self.index
        rows = {name: getattr(st, name)[i : i + 1] for name in STATE_ARRAYS}
        return HouseholdState(n=1, events=MonthEvents(), **rows)

    def _end(self, sub: HouseholdState) -> None:
        """Write the row back into the model's arrays (and this month's events)."""
        st, i = self.model.state, self.index
        for name in STATE_ARRAYS:
            getattr(st, name)[i : i + 1] = getattr(sub, name)
        st._size[i] = sub._size[0]
        st._children[i] = sub._children[0]
        put_events(st.events, sub.events, i, st.n)

    def _streams(self) -> RowStreams:
        m = self.model
        return RowStreams(m.streams, m.state.n, m.draw_cache, self.index)

    def calendar(self) -> None:
        sub = self._begin()
        advance_calendar(sub, self.model.params, self._streams(), self.model.month)
        self._end(sub)

    def incomes(self) -> None:
        m, i = self.model, self.index
        sub = self._begin()
        c = m.conditions
        cond = MonthConditions(
            c.price_index,
            c.income_multiplier[i : i + 1],
            c.job_loss_multiplier[i : i + 1],
            c.shock_hit[i : i + 1],
        )
        inputs = month_budget_inputs(
            sub,
            m.params,
            self._streams(),
            m.month,
            cond,
            m.base_line[i : i + 1],
            m.programme_income[i : i + 1],
        )
        self._end(sub)
        put_row(m.agent_inputs, vars(inputs), i, m.state.n)

    def budget(self) -> None:
        m, i = self.model, self.index
        sub = self._begin()
        inputs = m.budget_inputs.rows(i).as_kwargs()
        gl = m.group_lender
        if gl is not None:  # views: the budget updates the group's books in place
            gl = GroupLender(gl.rate, gl.term, gl.limit[i : i + 1], gl.debt[i : i + 1],
                             gl.arrears[i : i + 1])  # fmt: skip
        receiving = sub.transfer_cash[0] > 0 or sub.transfer_food[0] > 0
        pre = None
        if receiving:
            pre = consumption_without_transfers(sub, m.params, np.array([0]), inputs, gl)
        flows = household_budget(sub, m.params, **inputs, group_lender=gl)
        self._end(sub)
        put_row(m.agent_flows, flows, i, m.state.n)
        m.agent_pre[i] = (pre if receiving else flows["consumption"])[0]

    def schooling(self) -> None:
        m, i = self.model, self.index
        sub = self._begin()
        drops = school_dropout(sub, m.params, self._streams(), m.month, m.shortfall[i : i + 1])
        self._end(sub)
        m.agent_dropouts[i] = drops[0]


def put_row(dest: dict[str, np.ndarray], src: dict[str, np.ndarray], i: int, n: int) -> None:
    """Copy one household's values (arrays of length 1) into full-length arrays."""
    for key, value in src.items():
        if key not in dest:
            dest[key] = np.zeros((n, *value.shape[1:]), dtype=value.dtype)
        dest[key][i] = value[0]


def put_events(dest: MonthEvents, src: MonthEvents, i: int, n: int) -> None:
    """Copy one household's events (length 1) into the month's full-length events."""
    for key, value in vars(src).items():
        if value is None:
            continue
        full = getattr(dest, key)
        if full is None:
            full = np.zeros((n, *value.shape[1:]), dtype=value.dtype)
            setattr(dest, key, full)
        full[i] = value[0]


# The four household steps run agent by agent (``self.agents.do``); the rest of the
# month is the vectorised plan's.
def agent_calendar(model) -> None:
    """Ageing, school entry and transitions, pregnancies, births (agent by agent)."""
    model.draw_cache.clear()
    model.agents.do("calendar")


def agent_incomes(model) -> None:
    """Idiosyncratic shocks, incomes and the budget's inputs (agent by agent)."""
    model.agent_inputs = {}
    model.agents.do("incomes")
    set_budget_inputs(model, BudgetInputs(**model.agent_inputs))


def agent_budget(model) -> None:
    """Pre-transfer consumption and the household budget (agent by agent)."""
    model.agent_flows = {}
    model.agent_pre = np.zeros(model.state.n)
    model.agents.do("budget")
    set_budget_flows(model, model.agent_flows, model.agent_pre)


def agent_schooling(model) -> None:
    """School dropouts (agent by agent)."""
    model.shortfall = consumption_shortfall(model)
    model.agent_dropouts = np.zeros(model.state.n, dtype=np.int64)
    model.agents.do("schooling")
    model.flows["dropouts"] = model.agent_dropouts


AGENT_PLAN = swap_steps(
    MONTH_PLAN,
    calendar=agent_calendar,
    incomes=agent_incomes,
    budget=agent_budget,
    schooling=agent_schooling,
)


class AgentModel(ArrayModel):
    """:class:`ArrayModel` whose household steps are run agent by agent
    (:data:`AGENT_PLAN`); the burn-in uses the vectorised rules."""

    plan = AGENT_PLAN

    def __init__(self, params, seed: int | None = None, *, collect: bool = False):
        super().__init__(params, seed, agents=True, collect=collect)
        self.draw_cache: dict = {}

    def create_household_agents(self) -> None:
        SteppedHousehold.create_agents(self, self.state.n, index=list(range(self.state.n)))
