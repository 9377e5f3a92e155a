"""The browser page's controls: which parameters a viewer can change, and how the values
on the page turn a scenario file into validated parameters.

Rule: the number of households and the seed always apply. Every other control applies
only when the viewer has moved it away from its starting position (the value in the
scenario the page was started with); a control left where it started keeps the chosen
scenario's own value. So picking another scenario runs that scenario as shipped unless a
control was moved. Bad values (a seed that is not a number, a value out of range) raise
:class:`ScenarioError` with a one-line message, which the page shows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments.scenario import (
    ScenarioError,
    apply_override,
    load_raw,
    load_scenario,
    params_from_dict,
)
from model.parameters import LIST_SECTIONS, Params

# Environment variable through which `run.py viz --scenario` tells the page its start file.
START_SCENARIO_ENV = "JARING_VIZ_SCENARIO"
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
# The crisis added by "crisis on" to a scenario without one: the shipped crisis scenario's.
CRISIS_TEMPLATE = SCENARIO_DIR / "crisis.toml"
# The page shows at most this many households by default (readable map, quick months);
# the slider goes to PAGE_MAX_HOUSEHOLDS in steps of 100. Display choices, not model
# parameters.
PAGE_HOUSEHOLDS = 2000
PAGE_MIN_HOUSEHOLDS = 200
PAGE_MAX_HOUSEHOLDS = 5000
PAGE_HOUSEHOLDS_STEP = 100


@dataclass(frozen=True)
class Control:
    """One slider or switch on the page, bound to a dotted parameter name.

    ``scale`` converts the page's value to the parameter's (a crisis severity of 0.2 is an
    income multiplier of 0.8: ``key`` ``crises.income_multiplier`` with ``scale`` -1 and
    ``offset`` 1).
    """

    name: str
    label: str
    key: str
    low: float
    high: float
    step: float
    scale: float = 1.0
    offset: float = 0.0

    @property
    def is_float(self) -> bool:
        return any(isinstance(v, float) for v in (self.low, self.high, self.step))

    def to_param(self, value: float) -> float:
        out = self.offset + self.scale * value
        return float(out) if self.is_float else int(round(out))

    def from_param(self, value: float) -> float:
        """The slider position for a parameter value: on the slider's steps, in range
        (the slider could not show another value)."""
        out = (value - self.offset) / self.scale
        out = self.low + round((out - self.low) / self.step) * self.step
        out = min(max(out, self.low), self.high)
        return round(float(out), 6) if self.is_float else int(round(out))


SLIDERS: tuple[Control, ...] = (
    Control("crisis_severity", "Crisis: income loss (share)", "crises.income_multiplier",
            0.0, 0.6, 0.05, scale=-1.0, offset=1.0),
    Control("blt_amount", "BLT amount (Rp/household/month)", "programmes.blt.amount",
            0, 600_000, 25_000),
    Control("blt_months", "BLT months", "programmes.blt.duration_months", 1, 24, 1),
    Control("pkh_quota", "PKH quota (share of households)", "programmes.pkh.quota_share",
            0.0, 0.3, 0.01),
    Control("pkh_compliance", "PKH compliance (probability)", "programmes.pkh.compliance_rate",
            0.0, 1.0, 0.05),
    Control("kube_grant", "KUBE grant (Rp per member)", "programmes.kube.grant_per_member",
            0, 5_000_000, 250_000),
    Control("savings_match", "Savings match (Rp per Rp saved)", "programmes.savings.match_rate",
            0.0, 2.0, 0.1),
    Control("registry_update_months", "Registry update interval (months)",
            "registry.update_months", 1, 60, 1),
    Control("pmt_noise", "PMT noise (log points)", "registry.enumeration_noise", 0.0, 1.0, 0.05),
)  # fmt: skip


def shipped_scenarios() -> dict[str, Path]:
    """Scenario name (file stem) -> path, for every file in scenarios/."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.toml"))}


def scenario_choices(start: str | Path) -> dict[str, Path]:
    """The page's scenario list: the shipped ones, plus the start file if it is elsewhere."""
    choices = shipped_scenarios()
    start = Path(start).resolve()
    if start not in {p.resolve() for p in choices.values()}:
        choices = {str(start): start, **choices}
    return choices


def scenario_name(path: str | Path) -> str:
    """How the scenario is listed on the page (the shipped name or the path)."""
    path = Path(path).resolve()
    for name, p in shipped_scenarios().items():
        if p.resolve() == path:
            return name
    return str(path)


def start_values(path: str | Path) -> dict[str, Any]:
    """Starting positions of every control: the scenario's own values (validated)."""
    params = load_scenario(path)
    values: dict[str, Any] = {
        "scenario_name": scenario_name(path),
        "households": max(  # on the slider's steps of PAGE_HOUSEHOLDS_STEP
            PAGE_MIN_HOUSEHOLDS,
            min(
                round(params.run.households / PAGE_HOUSEHOLDS_STEP) * PAGE_HOUSEHOLDS_STEP,
                PAGE_HOUSEHOLDS,
            ),
        ),
        "seed": str(params.run.seed),
        "crisis": bool(params.crises),
    }
    for c in SLIDERS:
        values[c.name] = c.from_param(_current(params, c.key))
    return values


def _current(params: Params, key: str) -> float:
    """A control's parameter value in ``params`` (crises: the first crisis, else default)."""
    if key.startswith("crises."):
        field = key.split(".", 1)[1]
        items = params.crises
        return items[0][field] if items else LIST_SECTIONS["crises"][field].default
    section, field = key.rsplit(".", 1)
    return params.sections[section][field]


def parse_seed(text: Any) -> int:
    """The seed typed on the page, as a whole number (a one-line error otherwise)."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise ScenarioError("seed", "", f"must be a whole number, got {text!r}") from None


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > 1e-9
    return a != b


def page_params(
    values: dict[str, Any], start: dict[str, Any], choices: dict[str, Path]
) -> tuple[Params, list[str]]:
    """Validated parameters for the page's control values, and the changes applied
    (``key=value`` texts, for display). ``start`` holds the controls' starting positions."""
    name = values.get("scenario_name", start["scenario_name"])
    if name not in choices:
        raise ScenarioError("scenario", "", f"unknown scenario {name!r}")
    path = choices[name]
    data = load_raw(path)
    applied = [
        f"run.households={int(values['households'])}",
        f"run.seed={parse_seed(values['seed'])}",
    ]
    moved = {k for k, v in values.items() if k in start and _differs(v, start[k])}
    if "crisis" in moved:
        if values["crisis"] and not data.get("crises"):
            data["crises"] = copy.deepcopy(load_raw(CRISIS_TEMPLATE).get("crises", []))
            applied.append("crises from crisis.toml")
        elif not values["crisis"]:
            data["crises"] = []
            applied.append("no crises")
    for c in SLIDERS:
        if c.name not in moved:
            continue
        value = c.to_param(values[c.name])
        if c.key.startswith("crises."):
            crises = data.get("crises", [])
            field = c.key.split(".", 1)[1]
            for i in range(len(crises)):
                data = apply_override(data, f"crises.{i}.{field}", value, "page")
            if not crises:
                continue
        else:
            data = apply_override(data, c.key, value, "page")
        applied.append(f"{c.key}={value}")
    for text in applied[:2]:
        key, value = text.split("=")
        data = apply_override(data, key, int(value), "page")
    return params_from_dict(data, str(path)), applied
