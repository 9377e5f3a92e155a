"""Every parameter section of the model, collected in one place.

Each rule module declares the section its rules read beside them, as a module-level
dict: the poverty lines and the population (model/population.py), income
(model/income.py), shocks and crises (model/shocks.py), credit and consumption
(model/budget.py), schooling (model/schooling.py), human capital
(model/human_capital.py), demography (model/calendar.py), the proxies
(model/proxies.py), the registry (model/registry.py) and each programme (``specs`` of
the classes in the programme table :data:`model.programmes.PROGRAMMES`). This module
collects them in a fixed order, which is the order of the parameter table, of scenario
resolution and of the burn-in cache key (a JSON of the parameters), and declares the
run's own settings (:data:`RUN_SPECS`: the month loop reads them, no rule does).
Scenario validation, ``--set`` overrides, sensitivity specs and ``run.py params`` read
:data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from model.budget import CONSUMPTION_SPECS, CREDIT_SPECS
from model.calendar import DEMOGRAPHY_SPECS
from model.human_capital import HUMAN_CAPITAL_SPECS
from model.income import INCOME_SPECS
from model.parameters import Params, Section, Spec, spec_label
from model.population import POPULATION_SPECS, POVERTY_LINE_SPECS
from model.programmes import PROGRAMMES
from model.proxies import PROXY_SPECS
from model.registry import REGISTRY_SPECS
from model.schooling import SCHOOLING_SPECS
from model.shocks import CRISIS_SPECS, SHOCK_SPECS

# The run's settings: how many households, how many months, which seed (the month loop
# reads them; no rule does).
RUN_SPECS: dict[str, Spec] = {
    "households": Spec(
        default=10_000,
        unit="households",
        meaning="households in the district",
        source="choice",
        low=10,
        high=5e6,
    ),
    "months": Spec(
        default=120,
        unit="months",
        meaning="months simulated after month 0",
        source="choice",
        low=1,
        high=1200,
    ),
    "seed": Spec(
        default=1,
        unit="-",
        meaning="base random seed of replication 0",
        source="choice",
        low=0,
        high=2**31 - 1,
    ),
    "burn_in_months": Spec(
        default=120,
        unit="months",
        meaning="months simulated before month 0 (no programmes, no crises) so that month 0 "
        "is a draw from the process's own steady state",
        source="choice (long enough for savings, debt and capital to settle: "
        "tests/model/test_stationarity.py)",
        low=0,
        high=600,
    ),
}

SECTIONS: dict[str, dict[str, Spec]] = {
    "run": RUN_SPECS,
    "poverty_line": POVERTY_LINE_SPECS,
    "population": POPULATION_SPECS,
    "income": INCOME_SPECS,
    "shocks": SHOCK_SPECS,
    "credit": CREDIT_SPECS,
    "consumption": CONSUMPTION_SPECS,
    "schooling": SCHOOLING_SPECS,
    "human_capital": HUMAN_CAPITAL_SPECS,
    "demography": DEMOGRAPHY_SPECS,
    "proxies": PROXY_SPECS,
    "registry": REGISTRY_SPECS,
    **{prog.section(): prog.specs for prog in PROGRAMMES},
}

# Sections that are TOML arrays of tables (``[[crises]]``).
LIST_SECTIONS: dict[str, dict[str, Spec]] = {"crises": CRISIS_SPECS}

# Readable names of sections whose name does not give one (see section_label).
SECTION_LABELS: dict[str, str] = {"crises": "Crisis"}

__all__ = [
    "LIST_SECTIONS",
    "SECTIONS",
    "all_specs",
    "default_params",
    "defaults",
    "parameter_label",
]

PROGRAMME_LABELS = {prog.section(): prog.label for prog in PROGRAMMES}


def section_label(section: str) -> str:
    """Readable name of a section: its declared label, a programme's name in capitals
    (``programmes.pbi_jkn`` -> "PBI-JKN"; :func:`parameter_label` uses the programme
    table's labels first), else the name in sentence case."""
    if section in SECTION_LABELS:
        return SECTION_LABELS[section]
    if section.startswith("programmes."):
        return section.split(".", 1)[1].replace("_", "-").upper()
    return section.replace("_", " ").capitalize()


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
