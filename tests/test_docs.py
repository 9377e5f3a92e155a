"""Docs stay true: the parameter table matches the declared parameters."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_parameter_table_is_current():
    res = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "params", "--markdown"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    doc = (ROOT / "docs" / "PARAMETERS.md").read_text()
    assert res.stdout.strip() in doc, (
        "docs/PARAMETERS.md is stale: regenerate with `python run.py params --markdown`"
    )
