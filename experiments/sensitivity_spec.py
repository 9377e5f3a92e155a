"""The ``[sensitivity]`` table: uncertain parameters, their distributions and the outputs.

In a scenario file (or a separate TOML file holding only this table)::

    [sensitivity]
    outputs = ["poverty_headcount_final", "poverty_gap_mean", "pkh_exclusion_error_mean"]
    seed = 20240301                       # optional: seed of the SALib sample

    [[sensitivity.parameters]]
    name = "programmes.pkh.compliance_rate"   # a declared dotted parameter name
    bounds = [0.7, 1.0]                       # meaning depends on dist (below)
    dist = "unif"                             # optional, default "unif"

Distributions (SALib's): ``unif`` [low, high]; ``logunif`` [low, high], low > 0;
``triang`` [low, high, peak as a share of the range, 0 <= peak < 1], high >= 0;
``truncnorm`` [low, high, mean, sd], sd > 0; ``norm`` [mean, sd] and ``lognorm`` [mean,
sd of the log], sd > 0 (unbounded: a sampled value outside the parameter's allowed range
is clipped to it; the mean, or exp(mean) for lognorm, must lie in that range).
Whole-number parameters are rounded, so their bounds must round to different numbers.
Every name and bound is checked like a ``--set`` override: finite, in the parameter's
declared range.

Outputs are named ``<metric>_final`` (last month), ``<metric>_mean`` (mean over months
1..M) for any monthly metric in timeseries.csv, ``<p>_spending_total`` (Rp over the run)
and, with a baseline (``--vs``), ``spending_per_gap_reduction``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from experiments.scenario import ScenarioError, check_value, resolve_key, show
from model.parameters import Spec
from model.sections import LIST_SECTIONS, SECTIONS

DISTRIBUTIONS = {  # SALib name -> number of entries in ``bounds`` and their meaning
    "unif": (2, "[low, high]"),
    "logunif": (2, "[low, high]"),
    "triang": (3, "[low, high, peak share]"),
    "truncnorm": (4, "[low, high, mean, sd]"),
    "norm": (2, "[mean, sd]"),
    "lognorm": (2, "[mean, sd of the log]"),
}
BOUNDED = {"unif", "logunif", "triang", "truncnorm"}
RATIO_OUTPUT = "spending_per_gap_reduction"
SUFFIXES = ("_final", "_mean")


@dataclass(frozen=True)
class UncertainParameter:
    """One parameter varied in the analysis."""

    name: str
    bounds: tuple[float, ...]
    dist: str
    spec: Spec

    def to_dict(self) -> dict[str, Any]:
        from model.sections import parameter_label

        return {
            "name": self.name,
            "bounds": list(self.bounds),
            "dist": self.dist,
            "label": parameter_label(self.name),
            "unit": self.spec.unit,
        }


@dataclass(frozen=True)
class SensitivitySpec:
    """The parameters and outputs of one analysis."""

    parameters: tuple[UncertainParameter, ...]
    outputs: tuple[str, ...]
    seed: int | None = None

    def problem(self) -> dict[str, Any]:
        """The SALib problem dictionary."""
        return {
            "num_vars": len(self.parameters),
            "names": [p.name for p in self.parameters],
            "bounds": [list(p.bounds) for p in self.parameters],
            "dists": [p.dist for p in self.parameters],
        }


def find_spec(name: str) -> Spec:
    """The declared spec of a dotted parameter name (``crises.0.x`` uses the list spec)."""
    parts = name.split(".")
    if parts[0] in LIST_SECTIONS and len(parts) == 3:
        return LIST_SECTIONS[parts[0]][parts[2]]
    return SECTIONS[".".join(parts[:-1])][parts[-1]]


def parse_parameter(source: str, i: int, item: Any, scenario: dict) -> UncertainParameter:
    key = f"sensitivity.parameters.{i}"
    if not isinstance(item, dict):
        raise ScenarioError(source, key, "must be a table with name, bounds and dist")
    unknown = set(item) - {"name", "bounds", "dist"}
    if unknown:
        raise ScenarioError(source, f"{key}.{sorted(unknown)[0]}", "unknown key")
    name = item.get("name")
    if not isinstance(name, str):
        raise ScenarioError(source, f"{key}.name", "must be a dotted parameter name")
    key = f"sensitivity.parameters.{show(name)[1:-1]}"
    spec = resolve_key(name, source)  # a declared parameter (one-line error otherwise)
    parts = name.split(".")
    if parts[0] in LIST_SECTIONS:
        have = scenario.get(parts[0], [])
        if int(parts[1]) >= len(have):
            raise ScenarioError(source, key, f"the scenario has {len(have)} {parts[0]}")
    if spec.kind not in (int, float) or spec.kind is bool:
        raise ScenarioError(source, key, "only numeric parameters can be varied")
    dist = item.get("dist", "unif")
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:
        raise ScenarioError(source, f"{key}.dist", f"must be one of {', '.join(DISTRIBUTIONS)}")
    size, meaning = DISTRIBUTIONS[dist]
    bounds = item.get("bounds")
    if (
        not isinstance(bounds, list)
        or len(bounds) != size
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
    ):
        raise ScenarioError(source, f"{key}.bounds", f"{dist} needs {size} numbers {meaning}")
    bounds = tuple(float(b) for b in bounds)
    if not all(math.isfinite(b) for b in bounds):
        raise ScenarioError(source, f"{key}.bounds", "must be finite numbers (no nan, no inf)")
    check_distribution(source, f"{key}.bounds", spec, dist, bounds)
    return UncertainParameter(name, bounds, dist, spec)


def check_distribution(
    source: str, key: str, spec: Spec, dist: str, bounds: tuple[float, ...]
) -> None:
    """The distribution's parameters are valid for SALib and for the parameter's range."""
    whole = spec.kind is int
    if dist in BOUNDED:
        low, high = bounds[:2]
        if low >= high:
            raise ScenarioError(source, key, "low must be below high")
        for b in (low, high):
            check_value(source, key, spec, round(b) if whole else b)
        if whole and round(low) == round(high):
            raise ScenarioError(
                source,
                key,
                f"both bounds round to {round(low)} (a whole-number parameter): the "
                "parameter would not vary; widen the bounds",
            )
        if dist == "logunif" and low <= 0:
            raise ScenarioError(source, key, "logunif needs low > 0 (a log scale)")
        if dist == "triang":
            if not 0 <= bounds[2] < 1:
                raise ScenarioError(
                    source, key, f"the peak share must be at least 0 and below 1, got {bounds[2]:g}"
                )
            if high < 0:
                raise ScenarioError(source, key, "triang needs high >= 0 (SALib)")
        if dist == "truncnorm" and bounds[3] <= 0:
            raise ScenarioError(source, key, f"the sd must be above 0, got {bounds[3]:g}")
        return
    mean, sd = bounds
    if sd <= 0:
        raise ScenarioError(source, key, f"the sd must be above 0, got {sd:g}")
    if dist == "lognorm":
        if mean > 700:
            raise ScenarioError(source, key, f"exp(mean) overflows, mean {mean:g}")
        centre = math.exp(mean)
        check_value(source, f"{key} (exp of the mean)", spec, round(centre) if whole else centre)
    else:
        check_value(source, f"{key} (mean)", spec, round(mean) if whole else mean)


def parse_spec(table: Any, source: str, scenario: dict, has_baseline: bool) -> SensitivitySpec:
    """Validate a ``[sensitivity]`` table against the declared parameters."""
    if table is None:
        raise ScenarioError(source, "sensitivity", "no [sensitivity] table found")
    if not isinstance(table, dict):
        raise ScenarioError(source, "sensitivity", "must be a table ([sensitivity])")
    unknown = set(table) - {"parameters", "outputs", "seed"}
    if unknown:
        raise ScenarioError(source, f"sensitivity.{sorted(unknown)[0]}", "unknown key")
    items = table.get("parameters")
    if not isinstance(items, list) or not items:
        raise ScenarioError(
            source, "sensitivity.parameters", "list at least one [[sensitivity.parameters]]"
        )
    params = tuple(parse_parameter(source, i, it, scenario) for i, it in enumerate(items))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ScenarioError(source, "sensitivity.parameters", "a parameter is listed twice")
    outputs = table.get("outputs")
    if not isinstance(outputs, list) or not outputs or not all(isinstance(o, str) for o in outputs):
        raise ScenarioError(source, "sensitivity.outputs", "must be a list of output names")
    if len(set(outputs)) != len(outputs):
        raise ScenarioError(source, "sensitivity.outputs", "an output is listed twice")
    if RATIO_OUTPUT in outputs and not has_baseline:
        raise ScenarioError(
            source, "sensitivity.outputs", f"{RATIO_OUTPUT} needs a baseline (--vs)"
        )
    seed = table.get("seed")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32
    ):
        raise ScenarioError(source, "sensitivity.seed", "must be a whole number, 0 to 2^32 - 1")
    return SensitivitySpec(params, tuple(outputs), seed)


def check_outputs(source: str, outputs: tuple[str, ...], columns: set[str]) -> None:
    """Every output names a metric the scenario reports (``columns``: timeseries columns)."""
    for out in outputs:
        if out == RATIO_OUTPUT:
            continue
        if out.endswith("_spending_total") and out[: -len("_total")] in columns:
            continue
        if out.endswith(SUFFIXES) and out.rsplit("_", 1)[0] in columns:
            continue
        raise ScenarioError(
            source,
            f"sensitivity.outputs.{out}",
            "unknown output: use <metric>_final, <metric>_mean or <programme>_spending_total "
            "for a metric the scenario reports, or " + RATIO_OUTPUT,
        )
