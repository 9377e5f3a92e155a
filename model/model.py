"""The Mesa model: a district's households stepped month by month as whole arrays.

Order of events within a month (docs/ODD.md, "Process overview and scheduling"):
1 calendar, 2 covariate shocks, 3 idiosyncratic shocks, 4 incomes (with last month's
payouts from group businesses) and the month's budget inputs (permanent income,
habitual consumption), 5 registry update, 6 programmes pay, 7 pre-transfer welfare
(the budget run without this month's transfers, for households that receive any) and
the household budget, 7b observable proxies (durables, housing) follow the budget,
8 programmes after the budget, 9 schooling, 10 metrics.

Before month 0 the model runs ``run.burn_in_months`` months of the household rules alone
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
from model.budget import (
    GroupLender,
    consumption_without_transfers,
    household_budget,
)
from model.calendar import advance_calendar
from model.household import Household
from model.income import earn_incomes
from model.metrics import (
    NEVER_POOR,
    monthly_metrics,
    nonpoor_spell,
    run_summary,
    sustained_exits,
)
from model.parameters import Params
from model.population import (
    build_population,
    habitual_consumption,
    permanent_income,
    poverty_line,
)
from model.programmes import PROGRAMMES
from model.programmes.interface import (
    MonthView,
    ProgrammeStreams,
    apply_effects,
    apply_payments,
)
from model.proxies import update_proxies
from model.registry import Registry
from model.schooling import school_dropout
from model.shocks import MonthConditions, covariate_shocks, idiosyncratic_shocks
from model.state import HouseholdState
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
        self.price_index = 1.0
        self.line = self.base_line  # poverty line at this month's prices, Rp/capita
        self.registry: Registry | None = None
        self.group_lender: GroupLender | None = None  # offered by a programme (savings groups)
        n = self.state.n
        self.programme_income = np.zeros(n)  # Rp earned in programmes, paid next month
        self.budget_inputs: dict[str, np.ndarray] = {}
        self.programmes = self._build_programmes(programmes)
        self.flows: dict[str, np.ndarray] = {}
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
    def _build_programmes(self, table: tuple | None = None) -> list:
        """The enabled programmes of the table (default :data:`PROGRAMMES`), each built
        from its parameter section and the number of households, in month order."""
        built = []
        for cls in PROGRAMMES if table is None else table:
            sec = self.params.programme(cls.name)
            if sec is not None and sec.get("enabled", False):
                built.append(cls(sec, self.state.n))
        built.sort(key=lambda p: p.params.get("order", 0))
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
            need=getattr(self, "need", None),
            permanent_income=getattr(self, "permanent_income", None),
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
        for m in range(1 - months, 1):
            self.month = m
            self._household_month(m, policy=False)
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
    def step(self) -> None:
        """Advance one month."""
        self.month += 1
        m = self.month
        self._household_month(m, policy=True)
        st = self.state
        size, line = st.size, self.line
        was_poor = self.poor
        consumption = self.consumption
        self.measured_consumption = self.measure(consumption, m)
        self.poor = consumption / size < line
        self.poor_measured = self.measured_consumption / size < line
        self.poor_months += self.poor
        self.nonpoor_spell = nonpoor_spell(self.nonpoor_spell, self.poor)
        self.exits_12m += sustained_exits(self.nonpoor_spell)
        self._record(was_poor=was_poor, need=self.need)
        # Mesa's stopping flag: the scenario ends at its last month (run.months).
        self.running = self.month < int(self.params.run.months)
        if self.datacollector is not None:
            self.datacollector.collect(self)

    def _household_month(self, m: int, policy: bool) -> None:
        """One month of events; ``policy=False`` (burn-in) skips the registry, the
        programmes and scheduled crises and uses the vectorised household rules."""
        st, p, rs = self.state, self.params, self.streams
        engine = type(self) if policy else ArrayModel
        st.flows = {}
        # Last month's flows are read by nobody from here on: release them before this
        # month's are allocated (at 1,000,000 households they are some 300 MB).
        self.flows = {}
        engine.households_calendar(self, m)
        cond = covariate_shocks(st, p, rs, m)
        self.price_index = cond.price_index
        self.conditions = cond
        self.budget_inputs = engine.households_incomes(self, m, cond)
        self.programme_income = np.zeros(st.n)
        inp = self.budget_inputs
        self.cash_income = inp["cash_income"]
        self.need = inp["need"]
        self.line = self.base_line * cond.price_index
        self.permanent_income = inp["permanent_income"]
        self.health_cost = inp["health_cost"]

        st.transfer_cash = np.zeros(st.n)
        st.transfer_food = np.zeros(st.n)
        st.transfer_to_debt = np.zeros(st.n)
        st.dropout_multiplier = np.ones(st.n)
        if policy and self.registry is not None:
            self.registry.update(self, m)
        # Step 6: each programme returns its payments; they are applied in order. A
        # lender a programme offers serves the budget from this month on. No programme
        # acts during the burn-in.
        programmes = self.programmes if policy else []
        for prog in programmes:
            lender = apply_payments(st, prog.pay(self.view(prog, st.flows)), inp)
            if lender is not None:
                if self.group_lender not in (None, lender):
                    raise ValueError("only one programme can offer a group lender")
                self.group_lender = lender
        self.health_cost = inp["health_cost"]

        flows, pre = engine.households_budget(self)
        flows.update(st.flows)
        self.households_proxies(m, flows)
        # Step 8: each programme returns its effects; they are applied in order.
        for prog in programmes:
            eff = prog.after_budget(self.view(prog, flows))
            apply_effects(st, eff, self.programme_income, flows)
        consumption = flows["consumption"]
        # schooling reacts to the share of the household's own habitual consumption (from
        # its permanent income without expected transfers) it could not afford
        own = habitual_consumption(
            st, p, inp["permanent_income"] - st.expected_transfer, self.base_line * st.size
        )
        target = own * cond.price_index
        shortfall = np.clip(1 - consumption / np.maximum(target, 1.0), 0.0, 1.0)
        flows["dropouts"] = engine.households_schooling(self, m, shortfall)
        self.flows = flows
        update_expected_transfer(st, p, flows)

        size, line = st.size, self.line
        self.pretransfer_consumption = pre
        self.pretransfer_welfare = pre / size / line
        self.welfare_ratio = consumption / size / line
        # A copy, so that this month's budget outputs (of which consumption is one row)
        # can be released at the start of next month.
        self.consumption = consumption.copy()

    # -------------------------------------------------- household-level rules
    # The four steps below are the household rules of the month, run for all households
    # at once. model/agent_engine.py runs the same rules one Household agent at a time.
    def households_calendar(self, month: int) -> None:
        """Step 1: ageing, pregnancies and births (in place)."""
        advance_calendar(self.state, self.params, self.streams, month)

    def households_incomes(self, month: int, cond: MonthConditions) -> dict[str, np.ndarray]:
        """Steps 3-4: idiosyncratic shocks, incomes and the month's budget inputs."""
        return month_budget_inputs(
            self.state,
            self.params,
            self.streams,
            month,
            cond,
            self.base_line,
            self.programme_income,
        )

    def households_budget(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Step 7: pre-transfer consumption and the household budget. Returns the
        budget's flows and pre-transfer consumption (Rp per household)."""
        st = self.state
        # Pre-transfer consumption: the same budget without this month's transfers, run on
        # copies of the households that receive any (exactly real consumption for others).
        receiving = np.flatnonzero((st.transfer_cash > 0) | (st.transfer_food > 0))
        pre_rows = self.consumption_without_transfers(receiving) if receiving.size else None
        flows = household_budget(
            st, self.params, **self.budget_inputs, group_lender=self.group_lender
        )
        pre = flows["consumption"].copy()
        if pre_rows is not None:
            pre[receiving] = pre_rows
        return flows, pre

    def households_proxies(self, month: int, flows: dict[str, np.ndarray]) -> None:
        """Step 7b: durables and housing follow the month's budget (model/proxies.py):
        bought when cash allows, pawned or sold in distress, housing improved slowly."""
        update_proxies(
            self.state, self.params.proxies, self.streams, month, flows, self.line, self.need
        )

    def households_schooling(self, month: int, shortfall: np.ndarray) -> np.ndarray:
        """Step 9: school dropouts (in place); dropouts per household."""
        return school_dropout(self.state, self.params, self.streams, month, shortfall)

    def _record(self, was_poor: np.ndarray | None, need: np.ndarray) -> None:
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
                c = getattr(prog, "covered", None)
                if c is not None:
                    covered |= c
            row.update(self.registry.metrics(self, self.month, covered))
        self.history.append(row)

    def consumption_without_transfers(self, rows: np.ndarray | None = None) -> np.ndarray:
        """This month's consumption (Rp per household) of ``rows`` (default all) had there
        been no transfers this month; the real state is not changed. Valid between the
        month's budget inputs (step 4) and the household budget (step 7)."""
        if rows is None:
            rows = np.arange(self.state.n)
        return consumption_without_transfers(
            self.state, self.params, rows, self.budget_inputs, self.group_lender
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


def month_budget_inputs(
    st: HouseholdState,
    p: Params,
    rs: Streams,
    month: int,
    cond: MonthConditions,
    base_line: np.ndarray,
    programme_income: np.ndarray,
) -> dict[str, np.ndarray]:
    """Idiosyncratic shocks and incomes (in place), then the inputs of the month's
    budget (Rp per household; ``need`` and ``target`` at this month's prices).
    ``programme_income`` is last month's earnings in group businesses, paid now."""
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
    return {
        "cash_income": cash_income,
        "health_cost": idio["health_cost"],
        "need": need,
        "target": real_target * cond.price_index,
        "permanent_income": y_perm,
        "shock_hit": cond.shock_hit,
    }


# What the burn-in leaves behind (besides the state), restored from the cache.
BURN_IN_ATTRS = (
    "consumption",
    "flows",
    "price_index",
    "line",
    "conditions",
    "budget_inputs",
    "cash_income",
    "need",
    "permanent_income",
    "health_cost",
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


def update_expected_transfer(st: HouseholdState, p: Params, flows: dict) -> None:
    """Adaptive expectation of cash transfers available for consumption (Rp/month), the
    part of savings set aside from expected instalments, and the months since the last
    receipt.

    The observation is the cash received less what went to debt by the programme's rule
    and the share ``windfall_mpc`` of its windfall part, consumed at once (so a lump sum
    is not spent twice; counted so in a shortfall month too), spread
    over the months since the previous receipt (at most
    ``consumption.transfer_schedule_months``, the calendar households know); it enters
    an exponentially weighted average with weight 1/``transfer_memory_months`` per month
    it covers. Within the known calendar a month without a receipt leaves the
    expectation unchanged (the next instalment is due); after it, the expectation decays
    at the same weight. The expected part of a receipt, less the expected transfer the
    month's consumption target already spent, is set aside (``transfer_reserve``, within
    liquid savings) for the months until the next instalment."""
    c = p.consumption
    w = 1.0 / float(c.transfer_memory_months)
    cap = int(c.transfer_schedule_months)
    received = st.transfer_cash > 0
    months = np.minimum(st.months_since_transfer.astype(np.int64) + 1, cap)
    to_debt = np.minimum(st.transfer_to_debt, st.transfer_cash)
    # the windfall rule's share consumed at once, also in a shortfall month (when all the
    # cash went to needs: a regular instalment is still learnt as regular)
    consumed = c.windfall_mpc * flows["windfall"]
    spendable = np.maximum(st.transfer_cash - to_debt - consumed, 0.0)
    expected = st.expected_transfer
    st.transfer_reserve = np.minimum(flows["transfer_set_aside"], np.maximum(st.savings, 0.0))
    weight = np.minimum(w * months, 1.0)
    due = ~received & (st.months_since_transfer + 1 < cap)  # an instalment is still due
    target = np.where(received, spendable / months, 0.0)
    st.expected_transfer = np.where(
        due, expected, expected + np.where(received, weight, w) * (target - expected)
    )
    st.months_since_transfer = np.where(
        received,
        0,
        np.minimum(st.months_since_transfer + 1, 1200),  # (int16: capped)
    ).astype(np.int16)


def lognormal_factor(z: np.ndarray, sd: float) -> np.ndarray:
    """exp(sd z - sd^2 / 2) elementwise (a mean-one log-normal), with the deterministic
    exp (the same bits on any CPU; neither numpy's SIMD exp nor the C library's)."""
    return det.exp(sd * z - 0.5 * sd * sd)


def _reporter(key: str):
    return lambda m: m.latest[key]


__all__ = ["ArrayModel", "MonthConditions"]
