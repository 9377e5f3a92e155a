"""Parameter machinery: :class:`Spec` (one declared parameter: default, unit, range,
meaning, source and reference), :class:`Section` (frozen resolved values of one section)
and :class:`Params` (all resolved sections of a scenario).

A parameter is addressed by a dotted name (``income.transitory_sd``), the same in
scenario files, ``--set`` overrides and sensitivity-analysis specs. Each rule module
declares the section its rules read beside them (``INCOME_SPECS`` in model/income.py,
``CREDIT_SPECS`` and ``CONSUMPTION_SPECS`` in model/budget.py, the registry's and every
programme's next to their code); :mod:`model.sections` collects all of them in a fixed
order (``SECTIONS``, ``default_params``, ``all_specs``). This module imports no other
model module. Resolved values are held in frozen :class:`Section` objects, so the model
reads ``params.income.transitory_sd``.

Sources: ``source`` says what kind of origin a value has (a published statistic, a
policy rule, a calibration target, or ``assumption``: no published figure was found and
the value is a modelling choice that sensitivity analysis can vary); ``reference`` is
the citation, listed in full in docs/SOURCES.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Spec:
    """One parameter: default value, unit, allowed range, meaning and where it comes from.

    ``source`` is the kind of origin ("BPS 2024 ...", "assumption, varied in sensitivity
    analysis", "calibrated to ..."); ``reference`` is the citation a reader can look up
    (author, year, table or page; docs/SOURCES.md has the full references); ``as_of`` is,
    for a policy value (a benefit amount, a quota, an eligibility rule), the month the
    rule or amount applies from ("2024-01").
    """

    default: Any
    unit: str
    meaning: str
    source: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    label: str = ""  # short name for tables and figures (default: from ``meaning``)
    reference: str = ""  # a citation a reader can look up: author, year, table or page
    as_of: str = ""  # for policy values: the month (YYYY-MM) the rule or amount applies from
    # How the value was set: "source" (taken from a cited figure), "policy" (a programme
    # rule or amount, with as_of), "calibrated" (fitted to the figures named in
    # ``figures``) or "assumption" (a modelling choice that sensitivity analysis varies).
    origin: str = ""
    figures: tuple[str, ...] = ()  # evidence figures the value was taken from or fitted to

    @property
    def kind(self) -> type:
        return type(self.default)


# The ways a parameter's value can have been set (``Spec.origin``).
ORIGINS = ("source", "policy", "calibrated", "assumption")

# The ``source`` of a value no published figure pins down: a modelling choice that
# sensitivity analysis varies.
ASSUMPTION = "assumption, varied in sensitivity analysis"


def spec_label(spec: Spec) -> str:
    """A parameter's short label: its declared ``label``, else its meaning up to the
    first parenthesis, semicolon or ellipsis, in sentence case."""
    if spec.label:
        return spec.label
    text = re.split(r" \(|;| \.\.\.|\.\.\. ", spec.meaning, maxsplit=1)[0].strip()
    return text[:1].upper() + text[1:]


class Section(Mapping[str, Any]):
    """Frozen, attribute-accessible parameter values of one section."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: Mapping[str, Any]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"{self._name} has no parameter {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("parameters are frozen")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._name}, {self._values})"

    def __reduce__(self):
        # Rebuilt from its name and values when pickled (to worker processes).
        return (Section, (self._name, self._values))


@dataclass(frozen=True)
class Params:
    """All resolved parameters of one scenario."""

    name: str
    sections: Mapping[str, Section]
    lists: Mapping[str, tuple[Section, ...]]
    label: str = ""  # readable name for tables and figures (the scenario file's ``label``)

    def __getattr__(self, key: str) -> Any:
        sections = object.__getattribute__(self, "sections")
        if key in sections:
            return sections[key]
        lists = object.__getattribute__(self, "lists")
        if key in lists:
            return lists[key]
        raise AttributeError(key)

    def programme(self, name: str) -> Section | None:
        return self.sections.get(f"programmes.{name}")

    def to_dict(self) -> dict[str, Any]:
        """Nested plain dict (as a scenario file would hold it)."""
        out: dict[str, Any] = {"name": self.name}
        if self.label:
            out["label"] = self.label
        for sec_name, sec in self.sections.items():
            node = out
            for part in sec_name.split("."):
                node = node.setdefault(part, {})
            node.update(dict(sec))
        for list_name, items in self.lists.items():
            out[list_name] = [dict(item) for item in items]
        return out
