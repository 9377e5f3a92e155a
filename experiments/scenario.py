"""Loading and validating scenario files (TOML) into frozen model parameters.

A scenario file holds parameter sections (``[income]``, ``[programmes.pkh]``, ...), an
optional ``extends = "baseline.toml"`` (relative to the file) whose values it overrides,
an optional list of ``[[crises]]``, and optional ``name``, ``label`` (the scenario's
name in tables and figures), ``description`` and ``[sensitivity]`` tables. Every
problem raises :class:`ScenarioError` with the file, the key and the problem on one line.

One validation path for every number from outside: scenario files, ``--set``, the
``--households``/``--months``/``--seed`` flags, the browser page and sensitivity specs
all go through :func:`check_value` (finite, in the declared range, whole where declared),
and each error names its true source (the file that holds the value, ``--set``,
``--households``, ``page``). ``extends`` must name a ``.toml`` file, is resolved relative
to the file that holds it and may nest at most :data:`MAX_EXTENDS_DEPTH` files deep.
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.parameters import Params, Section, Spec
from model.sections import LIST_SECTIONS, SECTIONS
from outputs import files

META_KEYS = {"name", "label", "description", "extends", "sensitivity"}
MAX_EXTENDS_DEPTH = 16  # files in one ``extends`` chain, the first included
SCENARIO_LIMIT = 1 << 20  # bytes: shipped scenario files are a few kB; 1 MB is generous

# A scenario's name becomes file names (runs/<name>__r0.csv), CSV cells and a command-line
# word (report --baseline NAME): ASCII letters, digits, "_", "-" and ".", starting with a
# letter or digit, at most MAX_NAME_CHARS characters.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_NAME_CHARS = 64
# A label is shown in tables and figures: letters and digits (any script), spaces and
# the punctuation , . : ; ( ) + / % & ' - _, starting with a letter, a digit or "(",
# at most MAX_LABEL_CHARS characters (no markup, no formulas, no line breaks).
LABEL_PATTERN = re.compile(r"[\w(][\w .,:;()+/%&'-]*")
MAX_LABEL_CHARS = 100


class ScenarioError(ValueError):
    """A bad scenario file or override: ``file: key: problem``."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        key = key if len(key) <= 80 else key[:77] + "..."
        where = f"{source}: {key}" if key else source
        # One line whatever the input held (a key or file name with a line break).
        super().__init__(" ".join((f"{where}: {problem}" if problem else where).split()))


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def show(value: Any, limit: int = 40) -> str:
    """A value as it may appear in a message: short (no 300-digit numbers, no pages of
    text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**12:
        return f"{float(value):.3g}"
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_text(path: Path, source: str, key: str = "") -> str:
    """The text of a scenario (or spec) file, read by the one file reader
    (:mod:`outputs.files`: a regular file, at most :data:`SCENARIO_LIMIT` bytes, UTF-8;
    a FIFO or device is refused without waiting). Every problem is a one-line error.

    ``source``/``key`` name who asked for the file (the referring file and ``extends``,
    or the command line). A UTF-8 byte-order mark is accepted.
    """
    try:
        return files.read_text(path, limit=SCENARIO_LIMIT)
    except files.FileError as exc:
        message = str(exc)
        prefix = f"{files.shown(path)}: "
        problem = message.removeprefix(prefix)
        if problem == "file not found":
            raise ScenarioError(source, key, f"file not found: {files.shown(path)}") from None
        if source == str(path) or problem == message:
            raise ScenarioError(source, key, problem) from None
        raise ScenarioError(source, key, f"{files.shown(path)} {problem}") from None


def parse_toml_text(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML (numbers bounded to :data:`outputs.files.MAX_DIGITS` digits); a syntax
    error names the file, line and column (no file content)."""
    try:
        return files.loads_toml(text, path)
    except files.FileError as exc:
        problem = str(exc).removeprefix(f"{files.shown(path)}: ")
        raise ScenarioError(str(path), "", problem) from None


def read_toml(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file, following ``extends`` (cycles, missing files, non-scenario
    files and chains deeper than :data:`MAX_EXTENDS_DEPTH` are errors).

    Each file's own keys and values are checked against the declared parameters before
    merging, so an error names the file that holds the bad value.
    """
    path = Path(path)
    src = str(chain[-1]) if chain else str(path)
    key = "extends" if chain else ""
    if "\0" in str(path):  # before any file-system call, which would raise ValueError
        raise ScenarioError(
            src, key, f"{files.shown(path)}: not a usable file name (it holds a NUL byte)"
        )
    if path.resolve() in {p.resolve() for p in chain}:
        cycle = " -> ".join(p.name for p in (*chain, path))
        raise ScenarioError(str(chain[-1]), "extends", f"circular extends: {cycle}")
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            src, "extends", f"extends nests more than {MAX_EXTENDS_DEPTH} files deep"
        )
    data = parse_toml_text(read_text(path, src, key), path)
    if not data:
        raise ScenarioError(str(path), "", "the file is empty (no parameters, no extends)")
    parent = data.pop("extends", None)
    check_file_dict(data, str(path), extended_by=str(chain[-1]) if chain else None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent.endswith(".toml"):
        raise ScenarioError(
            str(path), "extends", f"must name a .toml scenario file, got {show(parent)}"
        )
    base = read_toml(path.parent / parent, (*chain, path))
    base.pop("name", None)
    base.pop("label", None)
    base.pop("description", None)
    return deep_merge(base, data)


def check_file_dict(data: dict[str, Any], source: str, extended_by: str | None = None) -> None:
    """Check one file's keys and values (no defaults filled in, no cross-checks).

    A file reached through ``extends`` that is not a scenario file is refused without
    echoing its keys or values.
    """
    if extended_by is not None:
        known = {*SECTIONS, *LIST_SECTIONS, *META_KEYS}
        tops = {s.split(".")[0] for s in known}
        if any(k not in tops for k in data):
            raise ScenarioError(
                extended_by,
                "extends",
                f"{source} is not a jaring scenario file (it has top-level keys that are "
                "not parameter sections)",
            )
    body = {k: v for k, v in data.items() if k not in META_KEYS}
    for meta in ("name", "description"):
        if meta in data and not isinstance(data[meta], str):
            raise ScenarioError(source, meta, "must be a string")
    if "name" in data:
        check_name(source, data["name"])
    if "label" in data:
        check_label(source, data["label"])
    params_from_dict(body, source, name="check")


def check_name(source: str, value: Any, key: str = "name") -> str:
    """A scenario name: a non-empty string of :data:`NAME_PATTERN`, at most
    :data:`MAX_NAME_CHARS` characters."""
    if not isinstance(value, str):
        raise ScenarioError(source, key, "must be a string")
    if not value:
        raise ScenarioError(source, key, "must not be empty")
    if len(value) > MAX_NAME_CHARS:
        raise ScenarioError(
            source, key, f"is {len(value)} characters long; at most {MAX_NAME_CHARS} allowed"
        )
    if not NAME_PATTERN.fullmatch(value):
        raise ScenarioError(
            source,
            key,
            f"{show(value)} may hold only letters A-Z a-z, digits, '_', '-' and '.' and must "
            "start with a letter or digit",
        )
    return value


def check_label(source: str, value: Any, key: str = "label") -> str:
    """A scenario label: empty (the name is shown) or text of :data:`LABEL_PATTERN`, at
    most :data:`MAX_LABEL_CHARS` characters."""
    if not isinstance(value, str):
        raise ScenarioError(source, key, "must be a string")
    if len(value) > MAX_LABEL_CHARS:
        raise ScenarioError(
            source, key, f"is {len(value)} characters long; at most {MAX_LABEL_CHARS} allowed"
        )
    if value and not LABEL_PATTERN.fullmatch(value):
        raise ScenarioError(
            source,
            key,
            f"{show(value)} may hold only letters, digits, spaces and , . : ; ( ) + / % & ' - _ "
            "and must start with a letter, a digit or '('",
        )
    return value


def deep_merge(base: dict, over: dict) -> dict:
    """Merge ``over`` into a copy of ``base``; tables merge, other values replace."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def check_value(source: str, key: str, spec: Spec, value: Any) -> Any:
    """Type- and range-check one value against its spec; return it in the spec's type.

    Numbers must be finite (no NaN, no infinity), within the declared range, and whole
    for whole-number parameters (``3.0`` is accepted as ``3``).
    """
    kind = spec.kind
    if kind is bool:
        if not isinstance(value, bool):
            raise ScenarioError(source, key, f"must be true or false, got {show(value)}")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and math.isfinite(value) and value.is_integer():
                value = int(value)
            else:
                raise ScenarioError(source, key, f"must be a whole number, got {show(value)}")
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(source, key, f"must be a number, got {show(value)}")
        value = float(value)
        if not math.isfinite(value):
            raise ScenarioError(source, key, f"must be a finite number, got {show(value)}")
    elif kind is str:
        if not isinstance(value, str):
            raise ScenarioError(source, key, f"must be a string, got {show(value)}")
        if spec.choices and value not in spec.choices:
            raise ScenarioError(
                source, key, f"must be one of {', '.join(spec.choices)}; got {show(value)}"
            )
    if kind in (int, float):
        if spec.low is not None and value < spec.low:
            raise ScenarioError(source, key, f"{show(value)} is below the minimum {spec.low:g}")
        if spec.high is not None and value > spec.high:
            raise ScenarioError(source, key, f"{show(value)} is above the maximum {spec.high:g}")
    return value


def _flatten_sections(source: str, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map nested tables to declared section names (``programmes.pkh``)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for k, v in node.items():
            name = f"{prefix}{k}"
            if name in SECTIONS:
                if not isinstance(v, dict):
                    raise ScenarioError(source, name, "must be a table")
                found[name] = v
            elif isinstance(v, dict) and any(s.startswith(name + ".") for s in SECTIONS):
                walk(v, name + ".")
            else:
                options = (
                    [s for s in SECTIONS if s.startswith(prefix)]
                    if prefix
                    else [*SECTIONS, *LIST_SECTIONS, *META_KEYS]
                )
                short = [o[len(prefix) :] for o in options]
                raise ScenarioError(source, name, "unknown section or key" + _suggest(k, short))

    walk(data, "")
    return found


def params_from_dict(data: dict[str, Any], source: str, name: str | None = None) -> Params:
    """Validate a merged scenario dict and freeze it into :class:`Params`."""
    data = dict(data)
    if name is not None:
        scen_name = name
    elif "name" in data:
        scen_name = check_name(source, data["name"])
    else:
        scen_name = Path(source).stem
        try:
            check_name(source, scen_name)
        except ScenarioError as exc:
            raise ScenarioError(
                source, "name", f"no name given, and the file name {exc.problem}; set name = ..."
            ) from None
    label = check_label(source, data.get("label", ""))
    for meta in ("name", "label", "description", "sensitivity"):
        data.pop(meta, None)
    lists_raw = {k: data.pop(k) for k in list(data) if k in LIST_SECTIONS}
    tables = _flatten_sections(source, data)

    sections = {}
    for sec_name, specs in SECTIONS.items():
        given = tables.get(sec_name, {})
        values = {k: s.default for k, s in specs.items()}
        for k, v in given.items():
            key = f"{sec_name}.{k}"
            if k not in specs:
                raise ScenarioError(source, key, "unknown parameter" + _suggest(k, specs))
            values[k] = check_value(source, key, specs[k], v)
        sections[sec_name] = Section(sec_name, values)

    lists = {}
    for list_name, specs in LIST_SECTIONS.items():
        items = lists_raw.get(list_name, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ScenarioError(source, list_name, f"must be an array of tables ([[{list_name}]])")
        frozen = []
        for i, item in enumerate(items):
            values = {k: s.default for k, s in specs.items()}
            for k, v in item.items():
                key = f"{list_name}.{i}.{k}"
                if k not in specs:
                    raise ScenarioError(source, key, "unknown parameter" + _suggest(k, specs))
                values[k] = check_value(source, key, specs[k], v)
            frozen.append(Section(f"{list_name}.{i}", values))
        lists[list_name] = tuple(frozen)
    return Params(name=scen_name, sections=sections, lists=lists, label=label)


@dataclass(frozen=True)
class Override:
    """One value set from outside a scenario file: ``key`` (dotted) = ``value``, given by
    ``source`` (``--set``, ``--households``, ``page``, ...), named in errors."""

    key: str
    value: Any
    source: str = "--set"

    def text(self) -> str:
        return f"{self.key}={self.value!r}"


def parse_override(text: str, source: str = "--set") -> tuple[str, Any]:
    """Parse ``dotted.key=value``; the value is read as TOML (numbers, booleans, strings;
    ``nan`` and ``inf`` are read and then refused by the range check)."""
    if not isinstance(text, str) or "=" not in text:
        raise ScenarioError(source, show(text), "expected dotted.key=value")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key:
        raise ScenarioError(source, show(text), "expected dotted.key=value (no key given)")
    value = read_value(raw, source, key)
    return key, value


def read_value(raw: str, source: str, key: str) -> Any:
    """A value given on the command line, read as TOML (a text that is not TOML is kept
    as a string); a number of more than :data:`outputs.files.MAX_DIGITS` digits is an
    error naming ``source`` and ``key``."""
    try:
        files.check_digits(raw, source, key)
    except files.FileError as exc:
        raise ScenarioError(str(exc), "", "") from None
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return raw.strip()
    try:
        return files.check_ints(value, source)
    except files.FileError:
        raise ScenarioError(
            source, key, f"an integer of more than {files.MAX_DIGITS} digits"
        ) from None


def resolve_key(key: str, source: str = "--set") -> Spec:
    """The declared spec of a dotted parameter name (``income.transitory_sd``,
    ``programmes.pkh.enabled``, ``crises.0.income_multiplier``), or a one-line error with
    a suggestion."""
    parts = key.split(".")
    if parts[0] in LIST_SECTIONS:
        if len(parts) != 3 or not parts[1].isdigit():
            raise ScenarioError(source, key, f"use {parts[0]}.<index>.<parameter>")
        if parts[2] not in LIST_SECTIONS[parts[0]]:
            raise ScenarioError(
                source, key, "unknown parameter" + _suggest(parts[2], LIST_SECTIONS[parts[0]])
            )
        return LIST_SECTIONS[parts[0]][parts[2]]
    sec, param = ".".join(parts[:-1]), parts[-1]
    if sec not in SECTIONS:
        raise ScenarioError(source, key, "unknown parameter" + _suggest(key, all_dotted()))
    if param not in SECTIONS[sec]:
        raise ScenarioError(source, key, "unknown parameter" + _suggest(param, SECTIONS[sec]))
    return SECTIONS[sec][param]


def validate_override(key: str, value: Any, source: str = "--set") -> Any:
    """Check one value from outside a file (``--set``, a flag, the browser page, a
    sensitivity sample): the name is declared and the value valid for it. Returns the
    value in the parameter's type; raises :class:`ScenarioError` naming ``source``."""
    return check_value(source, key, resolve_key(key, source), value)


def apply_override(data: dict[str, Any], key: str, value: Any, source: str = "--set") -> dict:
    """Set a dotted parameter in a copy of a scenario dict, after checking the name and
    the value (:func:`validate_override`); errors name ``source``."""
    value = validate_override(key, value, source)
    out = copy.deepcopy(data)
    parts = key.split(".")
    if parts[0] in LIST_SECTIONS:
        items = out.setdefault(parts[0], [])
        idx = int(parts[1])
        if not isinstance(items, list) or idx >= len(items):
            count = len(items) if isinstance(items, list) else 0
            raise ScenarioError(source, key, f"the scenario has {count} {parts[0]}")
        items[idx][parts[2]] = value
        return out
    node = out
    for p in parts[:-1]:
        node = node.setdefault(p, {})
        if not isinstance(node, dict):
            raise ScenarioError(source, key, "the scenario holds a value where a table belongs")
    node[parts[-1]] = value
    return out


def all_dotted() -> list[str]:
    return [f"{s}.{k}" for s, specs in SECTIONS.items() for k in specs]


def as_overrides(items: list[str | Override] | None) -> list[Override]:
    """Overrides as :class:`Override` objects (``dotted.key=value`` texts are ``--set``);
    a key set twice is an error naming both sources."""
    out: list[Override] = []
    seen: dict[str, str] = {}
    for item in items or []:
        if not isinstance(item, Override):
            item = Override(*parse_override(item))
        validate_override(item.key, item.value, item.source)
        if item.key in seen:
            raise ScenarioError(
                item.source, item.key, f"set twice (also by {seen[item.key]}); give it once"
            )
        seen[item.key] = item.source
        out.append(item)
    return out


def load_raw(path: str | Path, overrides: list[str | Override] | None = None) -> dict[str, Any]:
    """The merged scenario dict (after ``extends`` and overrides), each override checked
    on its own (so a bad ``--set`` is reported even when a flag sets the same key)."""
    overrides = as_overrides(overrides)  # every override is read before any file
    data = read_toml(Path(path))
    for o in overrides:
        data = apply_override(data, o.key, o.value, o.source)
    return data


def load_scenario(path: str | Path, overrides: list[str | Override] | None = None) -> Params:
    """Read, merge, override and validate a scenario file."""
    data = load_raw(path, overrides)
    return params_from_dict(data, str(path))


def scenario_warnings(params: Params, source: str) -> list[str]:
    """Settings that are valid but probably not what was meant (printed as warnings)."""
    notes = []
    months = int(params.run.months)
    for i, crisis in enumerate(params.crises):
        if int(crisis.start_month) > months:
            notes.append(
                f"{source}: crises.{i}.start_month: the crisis starts in month "
                f"{crisis.start_month}, after the run's last month ({months}): it has no effect"
            )
    for sec_name, section in params.sections.items():
        if not sec_name.startswith("programmes.") or not section.get("enabled", False):
            continue
        start = section.get("start_month")
        if start is not None and int(start) > months:
            notes.append(
                f"{source}: {sec_name}.start_month: the programme starts in month {start}, "
                f"after the run's last month ({months}): it has no effect"
            )
    return notes


# Sizes above these are refused unless the user confirms them (``--allow-large``): a
# typing slip (an extra zero) should not start a run of days or fill the disk.
LARGE_LIMITS = {
    "households": 1_000_000,  # households per run
    "months": 600,  # months per run (50 years)
    "runs": 5_000,  # scenario x replication runs in one batch (sweep points included)
    "household_months": 2 * 10**10,  # households x months x runs of one batch
    "points": 5_000,  # points of one sweep (a grid is counted before it is built)
}


def check_size(
    source: str, what: str, value: int, allow_large: bool, limit_key: str | None = None
) -> None:
    """Refuse ``value`` of ``what`` above :data:`LARGE_LIMITS` unless ``allow_large``."""
    limit = LARGE_LIMITS[limit_key or what]
    if value > limit and not allow_large:
        raise ScenarioError(
            source,
            "",
            f"{value:,} {what} is more than {limit:,}; pass --allow-large if that is meant",
        )


def check_scenario_size(params: Params, source: str, allow_large: bool) -> None:
    """A scenario's households and months within :data:`LARGE_LIMITS` (or ``allow_large``)."""
    check_size(source, "households", int(params.run.households), allow_large)
    check_size(source, "months", int(params.run.months), allow_large)


def check_batch_size(scenarios: Sequence[Params], replications: int, allow_large: bool) -> None:
    """A batch's runs (scenarios x replications) and household-months within
    :data:`LARGE_LIMITS` (or ``allow_large``)."""
    runs = len(scenarios) * replications
    check_size("batch", "runs", runs, allow_large)
    work = sum(int(p.run.households) * int(p.run.months) for p in scenarios) * replications
    check_size("batch", "household-months", work, allow_large, "household_months")
