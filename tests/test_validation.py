"""docs/VALIDATION.md holds the numbers the code produces (regenerated here at its
documented size and compared)."""

from __future__ import annotations

from conftest import ROOT

from experiments.validation import validation_markdown


def test_validation_file_is_what_the_code_produces():
    text = (ROOT / "docs" / "VALIDATION.md").read_text()
    assert text == validation_markdown(), "docs/VALIDATION.md is stale: run.py evidence --write"
