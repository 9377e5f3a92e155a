"""The ``[sensitivity]`` table: uncertain parameters, their distributions and the outputs.

In a scenario file (or a separate TOML file holding only this table)::

    [sensitivity]
    outputs = ["poverty_headcount_final", "poverty_gap_mean", "pkh_exclusion_error_mean"]
    seed = 20240301                       # optional: seed of the SALib sample

    [[sensitivity.parameters]]
    name = "programmes.pkh.compliance_rate"   # a declared dotted parameter name
    bounds = [0.7, 1.0]                       # meaning depends on dist (below)
    dist = "unif"                             # optional, default "unif"

Distributions (SALib's): ``unif`` [low, high]; ``logunif`` [low, high];
``triang`` [low, high, peak as a share of the range]; ``truncnorm`` [low, high, mean,
sd]; ``norm`` [mean, sd] and ``lognorm`` [mean, sd of the log] (unbounded: a sampled value
outside the parameter's allowed range is clipped to it). Whole-number parameters are
rounded. Every name and bound is checked like a ``--set`` override.

Outputs are named ``<metric>_final`` (last month), ``<metric>_mean`` (mean over months
1..M) for any monthly metric in timeseries.csv, ``<p>_spending_total`` (Rp over the run)
and, with a baseline (``--vs``), ``spending_per_gap_reduction``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from experiments.scenario import ScenarioError, apply_override, check_value
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
    key = f"sensitivity.parameters.{name}"
    apply_override(scenario, name, 0, source=source)  # the name exists in this scenario
    spec = find_spec(name)
    if spec.kind not in (int, float):
        raise ScenarioError(source, key, "only numeric parameters can be varied")
    dist = item.get("dist", "unif")
    if dist not in DISTRIBUTIONS:
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
    if dist in BOUNDED:
        if bounds[0] >= bounds[1]:
            raise ScenarioError(source, f"{key}.bounds", "low must be below high")
        for b in bounds[:2]:
            check_value(source, f"{key}.bounds", spec, b if spec.kind is float else round(b))
    return UncertainParameter(name, bounds, dist, spec)


def parse_spec(table: Any, source: str, scenario: dict, has_baseline: bool) -> SensitivitySpec:
    """Validate a ``[sensitivity]`` table against the declared parameters."""
    if not isinstance(table, dict):
        raise ScenarioError(source, "sensitivity", "no [sensitivity] table found")
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
    if RATIO_OUTPUT in outputs and not has_baseline:
        raise ScenarioError(
            source, "sensitivity.outputs", f"{RATIO_OUTPUT} needs a baseline (--vs)"
        )
    seed = table.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ScenarioError(source, "sensitivity.seed", "must be a whole number >= 0")
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
