"""The browser page's model: the policy scenario and its comparator, paired by seed.

``ExploreModel`` is a :class:`ArrayModel` (a Mesa model) running the policy at the first
seed, with households as Mesa agents on a Mesa grid. It also runs, month by month with
it, the comparator at the same seed and, when several seeds are chosen, one more policy
and comparator run per seed (the paired replications of ``run.py run --replications``).
It keeps each household's monthly history for the page's household inspector.

Bad control values never raise: the start scenario is shown instead and ``input_error``
holds the one-line message. ``rng=`` (as ``mesa.batch_run`` passes it) is the seed.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.scenario import ScenarioError
from model.household import Household
from model.model import ArrayModel
from model.village_map import place_on_grid
from viz.controls import (
    BASELINE,
    START_SCENARIO_ENV,
    PageSetup,
    page_params,
    scenario_choices,
    start_values,
)

ID_COLUMNS = ["scenario", "replication", "seed", "month"]  # as in timeseries.csv
HISTORY_FIELDS = ("welfare_ratio", "savings", "debt", "received")


def start_file() -> Path:
    """The scenario the page starts with (``run.py viz --scenario``), else baseline."""
    return Path(os.environ.get(START_SCENARIO_ENV) or BASELINE).resolve()


@cache
def _start(path: Path) -> tuple[dict, dict]:
    return scenario_choices(path), start_values(path)


def page_start() -> tuple[dict, dict]:
    """(scenario choices, starting control values) of the page's start file."""
    return _start(start_file())


class HouseholdHistory:
    """Per-household monthly records of one run (months x households)."""

    def __init__(self, model: ArrayModel):
        self.rows: dict[str, list[np.ndarray]] = {f: [] for f in HISTORY_FIELDS}
        self.status_poor: list[np.ndarray] = []
        self.record(model)

    def record(self, model: ArrayModel) -> None:
        st = model.state
        paid = np.zeros(st.n)
        for p in model.programmes:
            paid += p.paid
        self.rows["welfare_ratio"].append(np.asarray(model.welfare_ratio, float).copy())
        self.rows["savings"].append(st.savings.astype(float).copy())
        self.rows["debt"].append(st.total_debt.astype(float).copy())
        self.rows["received"].append(paid)
        self.status_poor.append(np.asarray(model.poor, bool).copy())

    def of(self, field: str, household: int) -> np.ndarray:
        return np.array([row[household] for row in self.rows[field]])

    def poor(self, household: int) -> np.ndarray:
        return np.array([row[household] for row in self.status_poor])


class ExploreModel(ArrayModel):
    """The model the page shows (see the module docstring)."""

    def __init__(self, scenario=None, rng=None, **controls):  # ``scenario``: Mesa's, unused
        choices, page_start_values = page_start()
        values = {**page_start_values, **controls}
        self.input_error: str | None = None
        try:
            name = values.get("scenario_name", page_start_values["scenario_name"])
            if name not in choices:
                raise ScenarioError("scenario", "", f"unknown scenario {name!r}")
            start = start_values(choices[name])
            values = {**start, **{k: v for k, v in values.items() if k in controls}}
            if rng is not None:
                values["seed"] = str(int(rng))
            setup = page_params(values, start, choices)
        except ScenarioError as exc:
            self.input_error = f"{exc} (showing the start scenario instead)"
            setup = page_params(page_start_values, page_start_values, choices)
        self.setup: PageSetup = setup
        self.applied = setup.applied
        super().__init__(setup.policy, seed=setup.seeds[0], agents=True, collect=True)
        households = sorted(self.agents_by_type[Household], key=lambda h: h.index)
        self.grid, self.layout = place_on_grid(self, self.state.village, households)
        # paired runs: policy at every seed (this model first), comparator at every seed
        self.policy_runs: list[ArrayModel] = [self] + [
            ArrayModel(setup.policy, seed=s) for s in setup.seeds[1:]
        ]
        self.comparator_runs: list[ArrayModel] = (
            [ArrayModel(setup.comparator, seed=s) for s in setup.seeds]
            if setup.comparator is not None
            else []
        )
        self.household_history = HouseholdHistory(self)
        self.comparator_history = (
            HouseholdHistory(self.comparator_runs[0]) if self.comparator_runs else None
        )
        self.received_total = {p.name: np.zeros(self.state.n) for p in self.programmes}
        # Play steps in Mesa's thread, "run to month N" in the page's: one month at a time
        self._stepping = threading.Lock()

    @property
    def comparator(self) -> ArrayModel | None:
        """The comparator run at the first seed (paired with this model)."""
        return self.comparator_runs[0] if self.comparator_runs else None

    @property
    def last_month(self) -> int:
        return int(self.params.run.months)

    def step(self) -> None:
        """One month of every run; does nothing after the scenario's last month."""
        with self._stepping:
            self._step_all()

    def _step_all(self) -> None:
        if self.month >= self.last_month:
            self.running = False
            return
        super().step()
        for run in (*self.policy_runs[1:], *self.comparator_runs):
            run.step()
        for p in self.programmes:
            self.received_total[p.name] += p.paid
        self.household_history.record(self)
        if self.comparator_history is not None:
            self.comparator_history.record(self.comparator_runs[0])
        self.running = self.month < self.last_month

    def run_to(self, month: int) -> None:
        """Step until ``month`` (at most the scenario's last month)."""
        while self.month < min(int(month), self.last_month):
            self.step()

    def comparator_label(self) -> str:
        """The comparator's name in tables (distinct from the policy's)."""
        comp = self.setup.comparator
        if comp is None:
            return ""
        return comp.name if comp.name != self.params.name else f"{comp.name} (comparator)"

    def series_frame(self) -> pd.DataFrame:
        """The page's monthly series with the columns of ``timeseries.csv``: the policy's
        replications, then the comparator's (replication r has seed ``seed + r``)."""
        frames = []
        base = self.setup.seeds[0]
        for label, runs in ((self.params.name, self.policy_runs),
                            (self.comparator_label(), self.comparator_runs)):  # fmt: skip
            for run in runs:
                df = pd.DataFrame(run.history)
                ids = {"scenario": label, "replication": run.seed - base, "seed": run.seed}
                for i, (col, value) in enumerate(ids.items()):
                    df.insert(i, col, value)
                frames.append(df)
        return pd.concat(frames, ignore_index=True)
