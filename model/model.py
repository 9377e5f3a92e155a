"""The Mesa model: a district's households stepped month by month as whole arrays.

Order of events within a month (docs/ODD.md, "Process overview and scheduling"):
1 calendar, 2 covariate shocks, 3 idiosyncratic shocks, 4 incomes, 5 registry update,
6 programmes pay, 7 household budget, 8 programmes after the budget, 9 schooling,
10 metrics.
"""

from __future__ import annotations

import mesa
import numpy as np

from model.budget import household_budget
from model.calendar import advance_calendar
from model.household import Household
from model.income import earn_incomes
from model.metrics import monthly_metrics, run_summary
from model.parameters import Params
from model.population import (
    build_population,
    habitual_consumption,
    permanent_income,
    poverty_line,
)
from model.schooling import school_dropout
from model.shocks import MonthConditions, covariate_shocks, idiosyncratic_shocks
from model.streams import Streams


class JaringModel(mesa.Model):
    """Households as columns of arrays; ``Household`` agents are light views onto them.

    ``seed`` drives every named random stream; ``agents=True`` creates one Mesa agent per
    household (for the browser view and inspection); ``collect=True`` records the monthly
    metrics with a Mesa DataCollector as well as in ``history``.
    """

    def __init__(
        self,
        params: Params,
        seed: int | None = None,
        *,
        agents: bool = False,
        collect: bool = False,
    ):
        seed = int(params.run.seed if seed is None else seed)
        super().__init__(rng=seed)
        self.params = params
        self.seed = seed
        self.streams = Streams(seed)
        self.state = build_population(params, seed)
        self.month = 0
        self.base_line = poverty_line(params, self.state.urban)
        self.price_index = 1.0
        self.registry = None
        self.programmes = self._build_programmes()
        self.flows: dict[str, np.ndarray] = {}
        self.history: list[dict[str, float]] = []

        # Month 0: households consume their habitual level at month-0 prices.
        size = self.state.size
        self.consumption = self.state.habitual_consumption.copy()
        self.poor = self.consumption / size < self.base_line
        self.poor_months = np.zeros(self.state.n, np.int32)
        self.pretransfer_consumption = self.consumption.copy()
        self._record(was_poor=None, need=self.base_line * size)

        self.datacollector = None
        if collect:
            self.datacollector = mesa.DataCollector(
                model_reporters={k: _reporter(k) for k in self.history[0]}
            )
            self.datacollector.collect(self)
        if agents:
            self.create_household_agents()

    # ------------------------------------------------------------------ setup
    def _build_programmes(self) -> list:
        from model.programmes import PROGRAMMES

        built = []
        for name, cls in PROGRAMMES.items():
            sec = self.params.programme(name)
            if sec is not None and sec.get("enabled", False):
                built.append(cls(sec, self))
        built.sort(key=lambda p: p.params.get("order", 0))
        return built

    def create_household_agents(self) -> None:
        """One ``Household`` view per household (for visualisation and inspection)."""
        Household.create_agents(self, self.state.n, index=list(range(self.state.n)))

    # ------------------------------------------------------------------ month
    def step(self) -> None:
        """Advance one month."""
        self.month += 1
        m = self.month
        st, p, rs = self.state, self.params, self.streams
        st.flows = {}
        advance_calendar(st, p, rs, m)
        cond = covariate_shocks(st, p, rs, m)
        self.price_index = cond.price_index
        idio = idiosyncratic_shocks(st, p, rs, m, cond)
        inc = earn_incomes(st, p, rs, m, cond, idio["earnings_lost_share"])
        cash_income = inc["labour"] + inc["business"] + inc["asset"]
        self.conditions = cond

        size = st.size
        line = self.base_line * cond.price_index
        need = line * size
        y_perm = permanent_income(st, p)
        real_target = habitual_consumption(st, p, y_perm, self.base_line * size)
        st.habitual_consumption = real_target
        target = real_target * cond.price_index
        planned = np.maximum(y_perm - real_target, 0.0)
        self.cash_income = cash_income
        self.need = need
        self.health_cost = idio["health_cost"]

        st.transfer_cash = np.zeros(st.n)
        st.transfer_food = np.zeros(st.n)
        st.transfer_to_debt = np.zeros(st.n)
        st.dropout_multiplier = np.ones(st.n)
        if self.registry is not None:
            self.registry.update(self, m)
        for prog in self.programmes:
            prog.pay(self, m)

        flows = household_budget(
            st,
            p,
            cash_income=cash_income,
            health_cost=idio["health_cost"],
            need=need,
            target=target,
            planned_saving=planned,
            permanent_income=y_perm,
            shock_hit=cond.shock_hit,
        )
        flows.update(st.flows)
        for prog in self.programmes:
            prog.after_budget(self, m, flows)
        consumption = flows["consumption"]
        shortfall = np.clip(1 - consumption / np.maximum(target, 1.0), 0.0, 1.0)
        flows["dropouts"] = school_dropout(st, p, rs, m, shortfall)
        self.flows = flows

        was_poor = self.poor
        self.consumption = consumption
        self.poor = consumption / size < line
        self.poor_months += self.poor
        self._record(was_poor=was_poor, need=need)
        if self.datacollector is not None:
            self.datacollector.collect(self)

    def _record(self, was_poor: np.ndarray | None, need: np.ndarray) -> None:
        line = self.base_line * self.price_index
        row = {"month": self.month}
        row.update(
            monthly_metrics(
                self.state,
                self.consumption,
                line,
                need,
                self.flows,
                self.poor,
                was_poor,
                self.price_index,
            )
        )
        for prog in self.programmes:
            row.update(prog.metrics(self, self.month))
        self.history.append(row)

    @property
    def latest(self) -> dict[str, float]:
        return self.history[-1]

    def run(self, months: int | None = None) -> list[dict[str, float]]:
        """Step ``months`` months (default: the scenario's) and return the history."""
        for _ in range(int(self.params.run.months if months is None else months)):
            self.step()
        return self.history

    def summary(self) -> dict[str, float]:
        """Whole-run poverty dynamics (months 1..current)."""
        return run_summary(self.poor_months, max(self.month, 1))


def _reporter(key: str):
    return lambda m: m.latest[key]


__all__ = ["JaringModel", "MonthConditions"]
