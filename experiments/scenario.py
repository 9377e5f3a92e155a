"""Loading and validating scenario files (TOML) into frozen model parameters.

A scenario file holds parameter sections (``[income]``, ``[programmes.pkh]``, ...), an
optional ``extends = "baseline.toml"`` (relative to the file) whose values it overrides,
an optional list of ``[[crises]]``, and optional ``name``, ``label`` (the scenario's
name in tables and figures), ``description`` and ``[sensitivity]`` tables. Every
problem raises :class:`ScenarioError` with the file, the key and the problem on one line.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
from pathlib import Path
from typing import Any

from model.parameters import Params, Section, Spec
from model.sections import LIST_SECTIONS, SECTIONS

META_KEYS = {"name", "label", "description", "extends", "sensitivity"}


class ScenarioError(ValueError):
    """A bad scenario file or override: ``file: key: problem``."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {problem}")


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_toml(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file, following ``extends`` (cycles and missing files are errors)."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(p.name for p in (*chain, path))
        raise ScenarioError(str(chain[-1]), "extends", f"circular extends: {cycle}")
    if not path.is_file():
        src = str(chain[-1]) if chain else str(path)
        key = "extends" if chain else ""
        raise ScenarioError(src, key, f"file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(str(path), "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), "", "not a UTF-8 text file") from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(str(path), "extends", "must be a file name (a string)")
    base = read_toml(path.parent / parent, (*chain, path))
    base.pop("name", None)
    base.pop("label", None)
    base.pop("description", None)
    return deep_merge(base, data)


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
    """Type- and range-check one value against its spec; return it in the spec's type."""
    kind = spec.kind
    if kind is bool:
        if not isinstance(value, bool):
            raise ScenarioError(source, key, f"must be true or false, got {value!r}")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise ScenarioError(source, key, f"must be a whole number, got {value!r}")
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(source, key, f"must be a number, got {value!r}")
        value = float(value)
    elif kind is str:
        if not isinstance(value, str):
            raise ScenarioError(source, key, f"must be a string, got {value!r}")
        if spec.choices and value not in spec.choices:
            raise ScenarioError(
                source, key, f"must be one of {', '.join(spec.choices)}; got {value!r}"
            )
    if kind in (int, float):
        if spec.low is not None and value < spec.low:
            raise ScenarioError(source, key, f"{value} is below the minimum {spec.low:g}")
        if spec.high is not None and value > spec.high:
            raise ScenarioError(source, key, f"{value} is above the maximum {spec.high:g}")
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
    scen_name = name or data.get("name") or Path(source).stem
    if not isinstance(scen_name, str):
        raise ScenarioError(source, "name", "must be a string")
    label = data.get("label", "")
    if not isinstance(label, str):
        raise ScenarioError(source, "label", "must be a string")
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


def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``dotted.key=value``; the value is read as TOML (numbers, booleans, strings)."""
    if "=" not in text:
        raise ScenarioError("--set", text, "expected dotted.key=value")
    key, raw = text.split("=", 1)
    key = key.strip()
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key, value


def apply_override(data: dict[str, Any], key: str, value: Any, source: str = "--set") -> dict:
    """Set a dotted parameter (``income.transitory_sd``, ``programmes.pkh.enabled``,
    ``crises.0.income_multiplier``) in a scenario dict, checking the name exists."""
    out = copy.deepcopy(data)
    parts = key.split(".")
    if parts[0] in LIST_SECTIONS:
        if len(parts) != 3 or not parts[1].isdigit():
            raise ScenarioError(source, key, f"use {parts[0]}.<index>.<parameter>")
        items = out.setdefault(parts[0], [])
        idx = int(parts[1])
        if idx >= len(items):
            raise ScenarioError(source, key, f"the scenario has {len(items)} {parts[0]}")
        if parts[2] not in LIST_SECTIONS[parts[0]]:
            raise ScenarioError(
                source, key, "unknown parameter" + _suggest(parts[2], LIST_SECTIONS[parts[0]])
            )
        items[idx][parts[2]] = value
        return out
    sec, param = ".".join(parts[:-1]), parts[-1]
    if sec not in SECTIONS:
        raise ScenarioError(source, key, "unknown parameter" + _suggest(key, all_dotted()))
    if param not in SECTIONS[sec]:
        raise ScenarioError(source, key, "unknown parameter" + _suggest(param, SECTIONS[sec]))
    node = out
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[param] = value
    return out


def all_dotted() -> list[str]:
    return [f"{s}.{k}" for s, specs in SECTIONS.items() for k in specs]


def load_raw(path: str | Path, overrides: list[str] | None = None) -> dict[str, Any]:
    """The merged scenario dict (after ``extends`` and ``--set``), not yet validated."""
    data = read_toml(Path(path))
    for text in overrides or []:
        key, value = parse_override(text)
        data = apply_override(data, key, value)
    return data


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Params:
    """Read, merge, override and validate a scenario file."""
    data = load_raw(path, overrides)
    return params_from_dict(data, str(path))
