"""The model as a sensitivity-analysis function: parameter values in, named outputs out.

One sample point sets the uncertain parameters (through the same override and validation
path as ``--set``), runs the scenario with seed ``run.seed + r`` for each replication r and
computes the outputs from its monthly series. With a baseline, the baseline runs with the
same parameter values and seeds and each output is the **policy effect**, scenario minus
baseline (paired), except ``spending_per_gap_reduction``: extra programme spending over
the run (Rp) per percentage point by which the mean poverty-gap index falls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.runner import replication_seed, simulate
from experiments.scenario import (
    ScenarioError,
    apply_override,
    load_raw,
    params_from_dict,
    read_toml,
)
from experiments.sensitivity_spec import (
    BOUNDED,
    RATIO_OUTPUT,
    UncertainParameter,
    check_outputs,
    parse_spec,
)
from model.model import ArrayModel
from model.parameters import Params


def set_values(
    data: dict[str, Any], parameters: Sequence[UncertainParameter], values: Sequence[float]
) -> dict[str, Any]:
    """The scenario dict with each uncertain parameter set to its sampled value (rounded
    for whole-number parameters, clipped to the allowed range for unbounded dists)."""
    for par, value in zip(parameters, values, strict=True):
        v = float(value)
        if par.dist not in BOUNDED:
            low = -np.inf if par.spec.low is None else par.spec.low
            high = np.inf if par.spec.high is None else par.spec.high
            v = float(np.clip(v, low, high))
        data = apply_override(data, par.name, int(round(v)) if par.spec.kind is int else v)
    return data


def reported_columns(params: Params) -> set[str]:
    """The monthly metrics a scenario reports (from month 0 of a small copy of it)."""
    small = params_from_dict(
        apply_override(params.to_dict(), "run.households", min(int(params.run.households), 200)),
        "columns",
    )
    return set(ArrayModel(small, seed=0).history[0])


def spending_total(series: pd.DataFrame) -> float:
    """All programme spending over months 1..M, Rp."""
    later = series[series["month"] > 0]
    return float(sum(later[c].sum() for c in series.columns if c.endswith("_spending")))


def output_value(name: str, series: pd.DataFrame) -> float:
    """One named output of one run (see experiments.sensitivity_spec)."""
    later = series[series["month"] > 0]
    if name.endswith("_spending_total"):
        col = name[: -len("_total")]
        return float(later[col].sum()) if col in series else 0.0
    metric, suffix = name.rsplit("_", 1)
    if metric not in series:
        return float("nan")
    if suffix == "final":
        return float(series[metric].iloc[-1])
    return float(later[metric].mean())


def policy_effect(name: str, scen: pd.DataFrame, base: pd.DataFrame) -> float:
    """Scenario minus baseline for one output (or the cost-effectiveness ratio); a metric
    the baseline does not report (a programme's targeting errors) is the scenario's."""
    if name == RATIO_OUTPUT:
        spend = spending_total(scen) - spending_total(base)
        reduction = 100 * (
            output_value("poverty_gap_mean", base) - output_value("poverty_gap_mean", scen)
        )
        return spend / reduction if reduction != 0 else float("nan")
    if not name.endswith("_spending_total") and name.rsplit("_", 1)[0] not in base:
        return output_value(name, scen)  # the baseline has no such metric (e.g. PKH errors)
    return output_value(name, scen) - output_value(name, base)


@dataclass(frozen=True)
class ScenarioEvaluation:
    """Picklable evaluation of one sample point (runs in a worker)."""

    scenario: dict[str, Any]
    source: str
    parameters: tuple[UncertainParameter, ...]
    outputs: tuple[str, ...]
    baseline: dict[str, Any] | None = None
    baseline_source: str = ""
    replications: int = 1

    def run(self, data: dict[str, Any], source: str, values, rep: int) -> pd.DataFrame:
        params = params_from_dict(set_values(data, self.parameters, values), source)
        series, _ = simulate(params, replication_seed(params, rep))
        return series

    def __call__(self, values: Sequence[float]) -> dict[str, float]:
        per_rep = []
        for rep in range(self.replications):
            scen = self.run(self.scenario, self.source, values, rep)
            if self.baseline is None:
                per_rep.append([output_value(o, scen) for o in self.outputs])
            else:
                base = self.run(self.baseline, self.baseline_source, values, rep)
                per_rep.append([policy_effect(o, scen, base) for o in self.outputs])
        means = np.mean(np.array(per_rep, dtype=float), axis=0)
        return dict(zip(self.outputs, means.tolist(), strict=True))


def scenario_sensitivity(
    scenario: str | Path,
    *,
    method: str = "sobol",
    samples: int = 256,
    vs: str | Path | None = None,
    spec_file: str | Path | None = None,
    overrides: Sequence[str] = (),
    replications: int = 1,
    out: str | Path = "results/sensitivity",
    jobs: int = 1,
    scheduler: str | None = None,
    quiet: bool = True,
    overwrite: bool = False,
    command: str = "",
) -> dict[str, pd.DataFrame]:
    """Sensitivity analysis of a scenario file (``[sensitivity]`` in it or in
    ``spec_file``), optionally of its policy effect against the baseline ``vs``."""
    from experiments.sensitivity import run_sensitivity

    if replications < 1:
        raise ScenarioError("--replications", "", "must be at least 1")
    data = load_raw(scenario, list(overrides))
    params = params_from_dict(data, str(scenario))
    resolved = params.to_dict()
    table_source = str(spec_file or scenario)
    table = (read_toml(Path(spec_file)) if spec_file else data).get("sensitivity")
    spec = parse_spec(table, table_source, resolved, has_baseline=vs is not None)
    check_outputs(table_source, spec.outputs, reported_columns(params))
    base_resolved = None
    if vs is not None:
        base_resolved = params_from_dict(load_raw(vs, list(overrides)), str(vs)).to_dict()
    evaluation = ScenarioEvaluation(
        resolved,
        str(scenario),
        spec.parameters,
        spec.outputs,
        base_resolved,
        str(vs or ""),
        replications,
    )
    seed = spec.seed if spec.seed is not None else int(params.run.seed)
    identity = {"scenario": resolved, "baseline": base_resolved, "replications": replications}
    extra = {
        "vs": str(vs) if vs is not None else None,
        "scenario": resolved,
        "baseline": base_resolved,
        "replications": replications,
        "command": command,
    }
    return run_sensitivity(
        spec,
        evaluation,
        out,
        method=method,
        samples=samples,
        seed=seed,
        jobs=jobs,
        scheduler=scheduler,
        quiet=quiet,
        overwrite=overwrite,
        identity=identity,
        manifest_extra=extra,
    )
