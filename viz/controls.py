"""The browser page's controls: which parameters a viewer can change, and how the values
on the page turn a scenario file into validated parameters for the policy run and its
comparator.

Rules:

- The scenario picked on the page sets every control to that scenario's values. A
  control applies only when moved away from that position, so an untouched control
  keeps the scenario's exact value (PKH's quota 0.106 is off the slider's steps).
- Households, months and the seed always apply, to the policy and to the comparator
  alike; so does the crisis switch and its severity once moved (a crisis is the context,
  not the policy). Seeds ``seed, seed+1, ...`` are the replications ``run.py run
  --replications`` would run.
- Programme switches and sliders and registry controls apply to the policy only. A
  programme's sliders are disabled while the programme is off (never silently ignored).
  Programme controls come from the programme table: every programme gets a switch, and
  the sliders its class declares (``controls``: parameter, label, range, step) or, if it
  declares none, generic ones from its parameters; so a new programme module gets its
  controls without editing the page.
- "Other settings" takes ``dotted.key=value`` lines, exactly as ``--set``.

Bad values raise :class:`ScenarioError` with a one-line message, which the page shows.
All validation goes through :func:`validated_params` (one place to switch to another
validation path).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from experiments.scenario import (
    ScenarioError,
    apply_override,
    load_raw,
    load_scenario,
    params_from_dict,
    parse_override,
)
from model.parameters import Params, Spec
from model.programmes import PROGRAMMES
from model.programmes.interface import Programme
from model.sections import LIST_SECTIONS, SECTIONS

# Environment variable through which `run.py viz --scenario` tells the page its start file.
START_SCENARIO_ENV = "JARING_VIZ_SCENARIO"
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
BASELINE = SCENARIO_DIR / "baseline.toml"
# The crisis added by "crisis on" to a scenario without one: the shipped crisis scenario's.
CRISIS_TEMPLATE = SCENARIO_DIR / "crisis.toml"
# The page shows at most this many households by default (readable map, quick months);
# the slider goes to PAGE_MAX_HOUSEHOLDS in steps of 100. Display choices, not model
# parameters.
PAGE_HOUSEHOLDS = 2000
PAGE_MIN_HOUSEHOLDS = 200
PAGE_MAX_HOUSEHOLDS = 5000
PAGE_HOUSEHOLDS_STEP = 100
MAX_SEEDS = 10  # seeds run together for the replication band
NO_COMPARATOR = "none"


@dataclass(frozen=True)
class Control:
    """One slider on the page, bound to a dotted parameter name.

    ``scale`` converts the page's value to the parameter's (a crisis severity of 0.2 is an
    income multiplier of 0.8: ``key`` ``crises.income_multiplier`` with ``scale`` -1 and
    ``offset`` 1). ``programme``: the programme whose switch enables it (None: always).
    """

    name: str
    label: str
    key: str
    low: float
    high: float
    step: float
    scale: float = 1.0
    offset: float = 0.0
    unit: str = ""
    programme: str | None = None

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

    def shown(self, value: float) -> str:
        """The value with its unit, as the page prints it under the slider."""
        return f"{format_number(value)} {self.unit}".strip()


def format_number(value: float) -> str:
    """Thousands separators for money-sized numbers, up to 3 decimals for shares."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _spec(key: str):
    if key.startswith("crises."):
        return LIST_SECTIONS["crises"][key.split(".", 1)[1]]
    section, name = key.rsplit(".", 1)
    return SECTIONS[section][name]


def _control(name, label, key, low, high, step, programme=None, **kw) -> Control:
    unit = kw.pop("unit", None) or _spec(key).unit
    return Control(name, label, key, low, high, step, unit=unit, programme=programme, **kw)


CONTEXT_SLIDERS: tuple[Control, ...] = (
    _control("crisis_severity", "Crisis: income loss", "crises.income_multiplier",
             0.0, 0.6, 0.05, scale=-1.0, offset=1.0, unit="share of income lost"),
)  # fmt: skip

REGISTRY_SLIDERS: tuple[Control, ...] = (
    _control("registry_update_months", "Registry update interval", "registry.update_months",
             1, 60, 1),
    _control("pmt_noise", "PMT noise", "registry.enumeration_noise", 0.0, 1.0, 0.05),
)  # fmt: skip


def _section_specs(name: str, table: tuple | None = None) -> dict[str, Spec]:
    """The declared parameters of programme ``name``: its section (default table), or
    the specs of the class in ``table``."""
    if table is None:
        return SECTIONS[f"programmes.{name}"]
    return _programme_class(name, table).specs


def _programme_class(name: str, table: tuple | None = None) -> type[Programme] | None:
    for cls in PROGRAMMES if table is None else table:
        if cls.name == name:
            return cls
    if table is not None:
        raise KeyError(f"no programme {name!r} in the table")
    return None


def programme_names(table: tuple | None = None) -> list[str]:
    """Every programme with a declared section ``programmes.<name>``, in the order of
    the sections (the programme table's); or the programmes of ``table``."""
    if table is not None:
        return [cls.name for cls in table]
    return [s.split(".", 1)[1] for s in SECTIONS if s.startswith("programmes.")]


def programme_label(name: str, table: tuple | None = None) -> str:
    """The programme's label from the programme table (``PBI-JKN``), else its name."""
    labels = {cls.name: cls.label for cls in (PROGRAMMES if table is None else table)}
    return labels.get(name) or name.upper()


def _nice_step(span: float) -> float:
    """A round step giving about 40 positions over ``span``."""
    raw = span / 40
    mag = 10 ** math.floor(math.log10(raw))
    return float(min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=mag))


def generic_sliders(name: str, table: tuple | None = None) -> tuple[Control, ...]:
    """Sliders for a programme that declares none (``controls``): its quota share and
    its amounts in rupiah (range 0 to 4 x the default), from its parameters."""
    section = f"programmes.{name}"
    specs = _section_specs(name, table)
    out = []
    label = programme_label(name, table)
    for key, spec in specs.items():
        if spec.kind not in (int, float) or isinstance(spec.default, bool):
            continue
        amount = spec.unit.startswith("Rp") and key != "budget_per_household"
        if key == "quota_share":
            out.append(Control(f"{name}_{key}", f"{label} quota", f"{section}.{key}",
                               0.0, 0.5, 0.01, unit=spec.unit, programme=name))  # fmt: skip
        elif amount and spec.default > 0:
            high = float(min(spec.high if spec.high is not None else math.inf, 4 * spec.default))
            step = _nice_step(high)
            high = math.ceil(high / step) * step
            nice = key.replace("_", " ")
            out.append(Control(f"{name}_{key}", f"{label} {nice}", f"{section}.{key}",
                               0.0, high, step, unit=spec.unit, programme=name))  # fmt: skip
    return tuple(out)


def programme_sliders(name: str, table: tuple | None = None) -> tuple[Control, ...]:
    """The sliders of one programme: those its class declares (``controls``), else
    generic ones from its parameters."""
    cls = _programme_class(name, table)
    if cls is None or not cls.controls:
        return generic_sliders(name, table)
    section = f"programmes.{name}"
    specs = _section_specs(name, table)
    out = []
    for s in cls.controls:
        if s.parameter not in specs:
            raise KeyError(f"{cls.__name__}.controls: {name} has no parameter {s.parameter!r}")
        out.append(Control(f"{name}_{s.parameter}", s.label, f"{section}.{s.parameter}",
                           s.low, s.high, s.step, unit=specs[s.parameter].unit,
                           programme=name))  # fmt: skip
    return tuple(out)


def all_sliders(table: tuple | None = None) -> tuple[Control, ...]:
    """Every slider on the page: crisis, programmes (declared order), registry; the
    programmes of ``table`` (default: the programme table)."""
    names = programme_names(table)
    progs = tuple(c for name in names for c in programme_sliders(name, table))
    return CONTEXT_SLIDERS + progs + REGISTRY_SLIDERS


def programme_switches(table: tuple | None = None) -> list[str]:
    """The control names of the programmes' on/off switches (one per programme)."""
    return [switch_name(name) for name in programme_names(table)]


SLIDERS: tuple[Control, ...] = all_sliders()


def switch_name(programme: str) -> str:
    """The control name of a programme's on/off switch."""
    return f"{programme}_on"


# ---------------------------------------------------------------- scenarios
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


def default_comparator(path: str | Path) -> str:
    """The comparator a scenario is shown against: the file it ``extends`` (its
    baseline: blt_crisis -> crisis, pkh -> baseline), else the shipped baseline."""
    import tomllib

    path = Path(path).resolve()
    try:
        parent = tomllib.loads(path.read_text(encoding="utf-8")).get("extends")
    except (OSError, tomllib.TOMLDecodeError):
        parent = None
    if isinstance(parent, str) and (path.parent / parent).is_file():
        return scenario_name(path.parent / parent)
    return "baseline"


def start_values(path: str | Path) -> dict[str, Any]:
    """Starting positions of every control: the scenario's own values (validated)."""
    params = load_scenario(path)
    values: dict[str, Any] = {
        "scenario_name": scenario_name(path),
        "comparator": default_comparator(path),
        "households": max(  # on the slider's steps of PAGE_HOUSEHOLDS_STEP
            PAGE_MIN_HOUSEHOLDS,
            min(
                round(params.run.households / PAGE_HOUSEHOLDS_STEP) * PAGE_HOUSEHOLDS_STEP,
                PAGE_HOUSEHOLDS,
            ),
        ),
        "months": int(params.run.months),
        "seed": str(params.run.seed),
        "seeds": 1,
        "crisis": bool(params.crises),
        "other": "",
    }
    for name in programme_names():
        sec = params.programme(name)
        values[switch_name(name)] = bool(sec is not None and sec.get("enabled", False))
    for c in SLIDERS:
        values[c.name] = c.from_param(_current(params, c.key))
    return values


def _current(params: Params, key: str) -> float:
    """A control's parameter value in ``params`` (crises: the first crisis, else default)."""
    if key.startswith("crises."):
        field_ = key.split(".", 1)[1]
        items = params.crises
        return items[0][field_] if items else LIST_SECTIONS["crises"][field_].default
    section, name = key.rsplit(".", 1)
    return params.sections[section][name]


def parse_seed(text: Any) -> int:
    """The seed typed on the page, as a whole number (a one-line error otherwise)."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise ScenarioError("seed", "", f"must be a whole number, got {text!r}") from None


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) != bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > 1e-9
    return a != b


# ---------------------------------------------------------------- validation
def set_parameter(
    data: dict[str, Any], key: str, value: Any, source: str = "page"
) -> dict[str, Any]:
    """Set one dotted parameter from the page (name checked like ``--set``)."""
    return apply_override(data, key, value, source)


def validated_params(data: dict[str, Any], source: str) -> Params:
    """Validate a scenario dict from the page (type and range of every value)."""
    return params_from_dict(data, source)


# ---------------------------------------------------------------- the page's runs
@dataclass
class PageSetup:
    """What the page runs: the policy and its comparator (None: no comparator), the
    seeds (one paired run each), and the changes applied, in words."""

    policy: Params
    comparator: Params | None
    seeds: list[int]
    applied: list[str] = field(default_factory=list)
    policy_file: Path | None = None


def _with_crisis(data: dict, values: dict, moved: set[str], applied: list[str]) -> dict:
    """The crisis switch and severity applied to a scenario dict (both runs get them)."""
    if "crisis" in moved:
        if values["crisis"] and not data.get("crises"):
            data = copy.deepcopy(data)
            data["crises"] = copy.deepcopy(load_raw(CRISIS_TEMPLATE).get("crises", []))
            applied.append("crises from crisis.toml")
        elif not values["crisis"]:
            data = {**data, "crises": []}
            applied.append("no crises")
    for c in CONTEXT_SLIDERS:
        if c.name not in moved:
            continue
        value = c.to_param(values[c.name])
        field_ = c.key.split(".", 1)[1]
        for i in range(len(data.get("crises", []))):
            data = set_parameter(data, f"crises.{i}.{field_}", value)
        if data.get("crises"):
            applied.append(f"{c.key}={value}")
    return data


def _run_settings(data: dict, households: int, months: int, seed: int) -> dict:
    for key, value in (("run.households", households), ("run.months", months),
                       ("run.seed", seed)):  # fmt: skip
        data = set_parameter(data, key, value)
    return data


def page_params(
    values: dict[str, Any], start: dict[str, Any], choices: dict[str, Path]
) -> PageSetup:
    """Validated parameters of the policy and the comparator for the page's control
    values. ``start`` holds the controls' starting positions (the policy scenario's own
    values)."""
    name = values.get("scenario_name", start["scenario_name"])
    if name not in choices:
        raise ScenarioError("scenario", "", f"unknown scenario {name!r}")
    path = choices[name]
    comp_name = values.get("comparator", start.get("comparator", "baseline"))
    if comp_name != NO_COMPARATOR and comp_name not in choices:
        raise ScenarioError("comparator", "", f"unknown scenario {comp_name!r}")
    seed = parse_seed(values.get("seed", start["seed"]))
    seeds = _whole(values.get("seeds", 1), "seeds", 1, MAX_SEEDS)
    households = _whole(values.get("households", start["households"]), "households")
    months = _whole(values.get("months", start["months"]), "months")
    applied = [f"run.households={households}", f"run.months={months}", f"run.seed={seed}"]
    moved = {k for k, v in values.items() if k in start and _differs(v, start[k])}

    data = _with_crisis(load_raw(path), values, moved, applied)
    for prog in programme_names():
        switch = switch_name(prog)
        if switch in moved:
            data = set_parameter(data, f"programmes.{prog}.enabled", bool(values[switch]))
            applied.append(f"programmes.{prog}.enabled={str(bool(values[switch])).lower()}")
    enabled = {p for p in programme_names() if values.get(switch_name(p), start[switch_name(p)])}
    for c in SLIDERS:
        if c.name not in moved or c in CONTEXT_SLIDERS:
            continue
        if c.programme is not None and c.programme not in enabled:
            continue  # disabled on the page: cannot have been moved there
        value = c.to_param(values[c.name])
        data = set_parameter(data, c.key, value)
        applied.append(f"{c.key}={format_number(value).replace(',', '')}")
    for line in str(values.get("other", "")).splitlines():
        if line.strip() and not line.strip().startswith("#"):
            key, value = parse_override(line.strip())
            data = set_parameter(data, key, value, "other settings")
            applied.append(f"{key}={value}")
    data = _run_settings(data, households, months, seed)
    policy = validated_params(data, str(path))

    comparator = None
    if comp_name != NO_COMPARATOR:
        comp_path = choices[comp_name]
        comp = _with_crisis(load_raw(comp_path), values, moved, [])
        comp = _run_settings(comp, households, months, seed)
        comparator = validated_params(comp, str(comp_path))
    return PageSetup(policy, comparator, [seed + r for r in range(seeds)], applied, path)


def _whole(value: Any, key: str, low: int | None = None, high: int | None = None) -> int:
    try:
        out = int(str(value).strip())
    except ValueError:
        raise ScenarioError(key, "", f"must be a whole number, got {value!r}") from None
    if low is not None and out < low:
        raise ScenarioError(key, "", f"{out} is below the minimum {low}")
    if high is not None and out > high:
        raise ScenarioError(key, "", f"{out} is above the maximum {high}")
    return out


# ---------------------------------------------------------------- export
def scenario_toml(params: Params, description: str = "") -> str:
    """A self-contained scenario file (every parameter written out) that ``run.py run``
    reads back into exactly ``params``."""
    data = params.to_dict()
    lines = [f"name = {_toml_value(data.pop('name'))}"]
    if "label" in data:  # the scenario's label in tables and figures
        lines.append(f"label = {_toml_value(data.pop('label'))}")
    if description:
        lines.append(f"description = {_toml_value(description)}")
    lists = {k: data.pop(k) for k in list(data) if k in LIST_SECTIONS}

    def tables(node: dict, prefix: str) -> None:
        scalars = {k: v for k, v in node.items() if not isinstance(v, dict)}
        if scalars:
            lines.append("")
            lines.append(f"[{prefix}]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in scalars.items())
        for k, v in node.items():
            if isinstance(v, dict):
                tables(v, f"{prefix}.{k}" if prefix else k)

    for key, node in data.items():
        tables(node, key)
    for key, items in lists.items():
        for item in items:
            lines.append("")
            lines.append(f"[[{key}]]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


__all__ = [
    "Control",
    "PageSetup",
    "SLIDERS",
    "page_params",
    "scenario_choices",
    "scenario_toml",
    "start_values",
]
