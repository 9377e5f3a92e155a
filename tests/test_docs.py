"""Docs stay true: the parameter table matches the declared parameters."""

from __future__ import annotations

from conftest import ROOT, cli


def test_parameter_table_is_current():
    res = cli("params", "--markdown")
    assert res.returncode == 0, res.stderr
    doc = (ROOT / "docs" / "PARAMETERS.md").read_text()
    assert res.stdout.strip() in doc, (
        "docs/PARAMETERS.md is stale: regenerate with `python run.py params --markdown`"
    )
