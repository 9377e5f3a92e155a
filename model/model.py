"""The engine: a district's households stepped month by month as whole arrays.

:class:`ArrayModel` is a Mesa model built from validated parameters (``Params``); the
Mesa-native class that takes a scenario file and keyword overrides is
``experiments.mesa_model.JaringModel``, and the per-agent engine
``model.agent_engine.AgentModel``.

The month is one plan, :data:`model.month_plan.MONTH_PLAN` (docs/ODD.md section 3;
``python run.py plan`` prints it): named steps with declared inputs and outputs, from
the calendar to the metrics.

Before month 0 the model runs ``run.burn_in_months`` months of the household steps alone
(no programmes, registry or crises; village disasters and every household shock do
happen), so that month 0 is a draw from the process's own steady state, with this
month's transitory shocks, savings, debt, pledges and capital included. Month 0 is the
last burn-in month. Poverty statistics that correspond to BPS figures are computed on
survey-measured consumption (true consumption times a mean-one measurement error,
``consumption.measurement_sd``); true-welfare versions are reported alongside.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict

import mesa
import numpy as np

from measures import numerics as det
from model.budget import GroupLender, consumption_without_transfers
from model.household import Household
from model.metrics import NEVER_POOR, monthly_metrics, run_summary
from model.month_plan import MONTH_PLAN, BudgetInputs, Step, burn_in_plan, run_plan
from model.parameters import Params
from model.population import build_population, poverty_line
from model.programmes import PROGRAMMES
from model.programmes.interface import MonthView, ProgrammeStreams
from model.registry import Registry
from model.shocks import MonthConditions
from model.streams import Streams


class ArrayModel(mesa.Model):
    """Households as columns of arrays; ``Household`` agents are light views onto them.

    ``seed`` (or Mesa's ``rng``, an integer) drives every named random stream;
    ``running`` turns False at the scenario's last month; ``agents=True`` creates one Mesa agent per
    household (for the browser view and inspection); ``collect=True`` records the monthly
    metrics with a Mesa DataCollector as well as in ``history``. ``programmes`` replaces
    the programme table (default :data:`model.programmes.PROGRAMMES`), e.g. to plug in a
    programme defined elsewhere; each still needs its ``programmes.<name>`` section in
    ``params``. For a Mesa-style constructor taking a scenario file and keyword
    overrides, see ``experiments.mesa_model.ArrayModel`` (file loading stays outside
    model/).
    """

    def __init__(
        self,
        params: Params,
        seed: int | None = None,
        *,
        agents: bool = False,
        collect: bool = False,
        programmes: tuple | None = None,
        rng: int | None = None,
    ):
        if seed is None:
            seed = rng  # Mesa's name for the seed (``mesa.batch_run(..., rng=[...])``)
        seed = int(params.run.seed if seed is None else seed)
        super().__init__(rng=seed)
        self.params = params
        self.seed = seed
        self.streams = Streams(seed)
        self.state = build_population(params, seed)
        self.month = 0
        self.price_index = 1.0
        self.base_line = poverty_line(params, self.state.urban)
        self.line = self.base_line  # poverty line at this month's prices, Rp/capita
        self.registry: Registry | None = None
        self.group_lender: GroupLender | None = None  # offered by a programme (savings groups)
        n = self.state.n
        self.programme_income = np.zeros(n)  # Rp earned in programmes, paid next month
        self.conditions: MonthConditions | None = None  # this month's (step covariate_shocks)
        self.budget_inputs: BudgetInputs | None = None  # this month's (step incomes)
        self.need: np.ndarray | None = None  # poverty line x size, this month's prices
        self.permanent_income: np.ndarray | None = None  # Rp/month, with expected transfers
        self.programmes = self._build_programmes(programmes)
        self.flows: dict[str, np.ndarray] = {}  # this month's flows (step budget on)
        self.was_poor: np.ndarray | None = None  # last month's poverty status
        # CPU seconds per step of the plan, summed over the months stepped (None: not timed)
        self.step_clock: dict[str, float] | None = None
        self.history: list[dict[str, float]] = []

        # Month 0: the last month of the burn-in (or, without one, the habitual level at
        # month-0 prices).
        self.consumption = self.state.habitual_consumption.copy()
        self.burn_in(int(params.run.burn_in_months))
        size = self.state.size
        self.measured_consumption = self.measure(self.consumption, 0)
        self.poor = self.consumption / size < self.base_line
        self.poor_measured = self.measured_consumption / size < self.base_line
        self.poor_months = np.zeros(n, np.int32)
        self.nonpoor_spell = np.where(self.poor, 0, NEVER_POOR).astype(np.int64)
        self.exits_12m = 0
        self.pretransfer_consumption = self.consumption.copy()
        self.welfare_ratio = self.consumption / size / self.line
        self.pretransfer_welfare = self.welfare_ratio.copy()
        if self.programmes:
            self.registry = Registry(params.registry, self)
        self.record(was_poor=None, need=self.base_line * size)

        self.datacollector = None
        if collect:
            self.datacollector = mesa.DataCollector(
                model_reporters={k: _reporter(k) for k in self.history[0]}
            )
            self.datacollector.collect(self)
        if agents:
            self.create_household_agents()

    # ------------------------------------------------------------------ setup
    def _build_programmes(self, table: tuple | None = None) -> list:
        """The enabled programmes of the table (default :data:`PROGRAMMES`), each built
        from its parameter section and the number of households, in month order."""
        built = []
        for cls in PROGRAMMES if table is None else table:
            sec = self.params.programme(cls.name)
            if sec is not None and sec.get("enabled", False):
                built.append(cls(sec, self.state.n))
        built.sort(key=lambda p: p.order)
        return built

    def view(self, prog, flows) -> MonthView:
        """What programme ``prog`` may read this month (``flows``: the shocks' flows
        before the budget, the budget's after it)."""
        return MonthView(
            month=self.month,
            state=self.state,
            registry=self.registry,
            streams=ProgrammeStreams(self.streams, prog.name),
            price_index=self.price_index,
            line=self.line,
            need=self.need,
            permanent_income=self.permanent_income,
            pretransfer_welfare=self.pretransfer_welfare,
            welfare_ratio=self.welfare_ratio,
            flows=flows,
        )

    def create_household_agents(self) -> None:
        """One ``Household`` view per household (for visualisation and inspection)."""
        Household.create_agents(self, self.state.n, index=list(range(self.state.n)))

    def burn_in(self, months: int) -> None:
        """Run the household rules for ``months`` months ending at month 0 (months
        1 - months .. 0), with no programme, registry or crisis; the vectorised rules
        are used whichever engine steps the run.

        The result depends only on the seed and the household parameters (not on
        programmes, the registry or crises), so it is kept in a small in-process cache:
        paired scenarios and replications in one process share their burn-in exactly.
        """
        key = burn_in_key(self.params, self.seed)
        cached = _BURN_IN_CACHE.get(key)
        if cached is not None:
            _BURN_IN_CACHE.move_to_end(key)
            self._restore_burn_in(cached)
            return
        group_lender, self.group_lender = self.group_lender, None
        plan = burn_in_plan(MONTH_PLAN)  # the vectorised household rules, whatever the engine
        for m in range(1 - months, 1):
            self.month = m
            run_plan(self, plan)
        self.group_lender = group_lender
        self.month = 0
        if self.state.n <= BURN_IN_CACHE_MAX_HOUSEHOLDS:
            _BURN_IN_CACHE[key] = self._snapshot_burn_in()
            while len(_BURN_IN_CACHE) > BURN_IN_CACHE_SIZE:
                _BURN_IN_CACHE.popitem(last=False)

    def _snapshot_burn_in(self) -> dict:
        snap = {name: copy.deepcopy(getattr(self, name)) for name in BURN_IN_ATTRS}
        snap["state"] = self.state.copy()
        return snap

    def _restore_burn_in(self, snap: dict) -> None:
        for name in BURN_IN_ATTRS:
            setattr(self, name, copy.deepcopy(snap[name]))
        self.state = snap["state"].copy()
        self.month = 0

    def measure(self, consumption: np.ndarray, month: int) -> np.ndarray:
        """Survey-measured consumption (Rp per household): true consumption times a
        mean-one log-normal error drawn from stream ``measurement`` this month."""
        sd = float(self.params.consumption.measurement_sd)
        z = self.streams.normal("measurement", month, self.state.n)
        return consumption * lognormal_factor(z, sd)

    # ------------------------------------------------------------------ month
    # The month is one plan (model/month_plan.py): named steps with declared inputs and
    # outputs. ``plan`` is the simulated month; the burn-in runs its household steps.
    plan: tuple[Step, ...] = MONTH_PLAN

    def step(self) -> None:
        """Advance one month: the steps of :attr:`plan` in order."""
        self.month += 1
        run_plan(self, self.plan, self.step_clock)
        # Mesa's stopping flag: the scenario ends at its last month (run.months).
        self.running = self.month < int(self.params.run.months)
        if self.datacollector is not None:
            self.datacollector.collect(self)

    def record(self, was_poor: np.ndarray | None, need: np.ndarray) -> None:
        """Append this month's metrics (model, programmes, registry) to ``history``."""
        line = self.line
        row = {"month": self.month}
        row.update(
            monthly_metrics(
                self.state,
                self.consumption,
                self.measured_consumption,
                line,
                need,
                self.flows,
                self.poor,
                was_poor,
                self.price_index,
                self.pretransfer_consumption,
            )
        )
        for prog in self.programmes:
            row.update(prog.metrics(self.view(prog, self.flows)))
        if self.registry is not None:
            covered = np.zeros(self.state.n, bool)
            for prog in self.programmes:
                covered |= prog.covered
            row.update(self.registry.metrics(self, self.month, covered))
        self.history.append(row)

    def consumption_without_transfers(self, rows: np.ndarray | None = None) -> np.ndarray:
        """This month's consumption (Rp per household) of ``rows`` (default all) had there
        been no transfers this month; the real state is not changed. Valid between the
        month's budget inputs (step ``incomes``) and the household budget (step ``budget``)."""
        if rows is None:
            rows = np.arange(self.state.n)
        return consumption_without_transfers(
            self.state, self.params, rows, self.budget_inputs.as_kwargs(), self.group_lender
        )

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
        return run_summary(self.poor_months, max(self.month, 1), self.exits_12m)


# What the burn-in leaves behind (besides the state), restored from the cache.
BURN_IN_ATTRS = (
    "consumption",
    "flows",
    "price_index",
    "line",
    "conditions",
    "budget_inputs",
    "need",
    "permanent_income",
    "programme_income",
)
BURN_IN_CACHE_SIZE = 6
BURN_IN_CACHE_MAX_HOUSEHOLDS = 200_000
_BURN_IN_CACHE: OrderedDict = OrderedDict()


def burn_in_key(params: Params, seed: int) -> str:
    """What the burn-in depends on: the seed, the household parameters and the sizes."""
    d = params.to_dict()
    d.pop("programmes", None)
    for key in ("name", "description", "registry", "crises"):
        d.pop(key, None)
    d["run"] = {k: v for k, v in d["run"].items() if k in ("households", "burn_in_months")}
    return json.dumps([int(seed), d], sort_keys=True, default=str)


def lognormal_factor(z: np.ndarray, sd: float) -> np.ndarray:
    """exp(sd z - sd^2 / 2) elementwise (a mean-one log-normal), with the deterministic
    exp (the same bits on any CPU; neither numpy's SIMD exp nor the C library's)."""
    return det.exp(sd * z - 0.5 * sd * sd)


def _reporter(key: str):
    return lambda m: m.latest[key]


__all__ = ["ArrayModel", "MonthConditions"]
