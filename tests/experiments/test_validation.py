"""docs/VALIDATION.md holds the numbers the code produces (regenerated here at its
documented size and compared)."""

from __future__ import annotations

from conftest import ROOT

from experiments.validation import PROGRAMME_HEADER, validation_markdown


def test_validation_file_is_what_the_code_produces():
    """The household-economy part is regenerated and compared; the registry and
    programme section (10,000 households, 5 replications: minutes) is checked for
    presence, its rules by tests/model/test_registry_staleness.py and test_programme_rules.py."""
    text = (ROOT / "docs" / "VALIDATION.md").read_text()
    head, sep, programmes = text.partition("\n" + PROGRAMME_HEADER)
    assert head == validation_markdown(), "docs/VALIDATION.md is stale: run.py evidence --write"
    assert sep and "| check | evidence | target | model | meets |" in programmes
