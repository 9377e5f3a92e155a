"""Every parameter section of the model, collected in one place.

The core sections of the household economy (:mod:`model.parameters`), the registry's
(:data:`model.registry.REGISTRY_SPECS`) and each programme's (``specs`` of the classes
in the programme table :data:`model.programmes.PROGRAMMES`). Scenario validation,
``--set`` overrides, sensitivity specs and ``run.py params`` read :data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from model.parameters import (
    CORE_SECTIONS,
    LIST_SECTIONS,
    Params,
    Section,
    Spec,
    section_label,
    spec_label,
)
from model.programmes import PROGRAMMES
from model.proxies import PROXY_SPECS
from model.registry import REGISTRY_SPECS

SECTIONS: dict[str, dict[str, Spec]] = {
    **CORE_SECTIONS,
    "proxies": PROXY_SPECS,
    "registry": REGISTRY_SPECS,
    **{prog.section(): prog.specs for prog in PROGRAMMES},
}

__all__ = [
    "LIST_SECTIONS",
    "SECTIONS",
    "all_specs",
    "default_params",
    "defaults",
    "parameter_label",
]

PROGRAMME_LABELS = {prog.section(): prog.label for prog in PROGRAMMES}


def parameter_label(dotted: str) -> str:
    """Label of a dotted parameter for tables and figures, from its declaration: the
    section's label (a programme's from the programme table) and the parameter's, e.g.
    ``programmes.pkh.leakage`` -> "PKH: Share of each payment that never reaches the
    household"; list items (``crises.0.income_multiplier``) are numbered from 1."""
    parts = dotted.split(".")
    if parts[0] in LIST_SECTIONS and len(parts) == 3 and parts[1].isdigit():
        spec = LIST_SECTIONS[parts[0]].get(parts[2])
        head = f"{section_label(parts[0])} {int(parts[1]) + 1}"
    else:
        section = ".".join(parts[:-1])
        spec = SECTIONS.get(section, {}).get(parts[-1])
        head = PROGRAMME_LABELS.get(section) or section_label(section)
    if spec is None:
        return dotted
    return f"{head}: {spec_label(spec)}"


def defaults(section: str) -> dict[str, Any]:
    return {k: s.default for k, s in SECTIONS[section].items()}


def default_params(name: str = "defaults", **overrides: dict[str, Any]) -> Params:
    """Parameters at their declared defaults; ``overrides`` maps section -> {key: value}.

    Used by tests and notebooks; scenario files go through experiments.scenario.
    """
    sections = {}
    for sec_name in SECTIONS:
        values = defaults(sec_name)
        values.update(overrides.get(sec_name, {}))
        sections[sec_name] = Section(sec_name, values)
    lists = {}
    for list_name, specs in LIST_SECTIONS.items():
        items = overrides.get(list_name, [])
        lists[list_name] = tuple(
            Section(f"{list_name}[{i}]", {**{k: s.default for k, s in specs.items()}, **item})
            for i, item in enumerate(items)
        )
    return Params(name=name, sections=sections, lists=lists)


def all_specs() -> Iterator[tuple[str, Spec]]:
    """Every declared parameter as (dotted name, spec); list sections as ``crises[].key``."""
    for sec_name, specs in SECTIONS.items():
        for key, spec in specs.items():
            yield f"{sec_name}.{key}", spec
    for sec_name, specs in LIST_SECTIONS.items():
        for key, spec in specs.items():
            yield f"{sec_name}[].{key}", spec
