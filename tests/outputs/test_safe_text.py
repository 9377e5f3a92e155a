"""Text a spreadsheet would run as a formula is neutralised in every CSV output, numbers
never; Markdown and HTML tables show embedded markup as text."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis.table_formats import html_table, markdown_table, write_table
from experiments.runner import csv_bytes
from outputs.digests import digest_file
from outputs.export import export_dir
from outputs.safe_text import neutralise, safe_cells

HOSTILE = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-1+2", "\t=1", "\r=1", "=HYPERLINK(x)"]
HARMLESS = ["baseline", "-", "-12", "+1.5e-3", "-.5", "", "a=b", "PKH + BPNT"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_quote(text):
    assert neutralise(text) == "'" + text
    assert neutralise(neutralise(text)) == "'" + text  # once is enough


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text):
    assert neutralise(text) == text


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": HOSTILE,
            "month": range(len(HOSTILE)),
            "change": [-0.5, -1.0, 2.0, -3e-9, 0.0, -7.0, -1.5],
            "=bad header": ["x"] * len(HOSTILE),
        }
    )


def test_numbers_stay_numbers_and_text_is_quoted():
    frame = hostile_frame()
    back = pd.read_csv(io.StringIO(csv_bytes(frame).decode()))
    assert list(back["scenario"]) == ["'" + t for t in HOSTILE]
    assert list(back["change"]) == list(frame["change"])  # negative numbers untouched
    assert back["change"].dtype.kind == "f" and back["month"].dtype.kind == "i"
    assert "'=bad header" in back.columns
    clean = pd.DataFrame({"scenario": ["baseline", "blt"], "x": [-1.0, 2.0]})
    assert safe_cells(clean) is clean  # nothing to change: the same frame, same bytes
    assert csv_bytes(clean) == clean.to_csv(index=False).encode()


def test_report_tables_quote_csv_and_escape_markdown_and_html(tmp_path):
    frame = pd.DataFrame(
        {"Scenario": ["=1+1", "<script>alert(1)</script>", "a|b"], "Headcount (pp)": [-1.5, 2, 3]}
    )
    csv, _, md = write_table(frame, tmp_path, "t")
    cells = pd.read_csv(csv)
    assert list(cells["Scenario"])[:2] == ["'=1+1", "<script>alert(1)</script>"]
    assert cells["Headcount (pp)"].iloc[0] == -1.5
    for text in (md.read_text(), markdown_table(frame), html_table(frame)):
        assert "<script>" not in text and "&lt;script&gt;" in text
    assert "a\\|b" in markdown_table(frame)
    assert "-1.50" in markdown_table(frame)  # numbers shown as numbers


def test_export_csv_quotes_formula_cells(tmp_path):
    results = tmp_path / "r"
    results.mkdir()
    hostile_frame().drop(columns="=bad header").to_csv(results / "summary.csv", index=False)
    files = {"summary.csv": digest_file(results / "summary.csv")}
    manifest = {"kind": "batch", "files": files, "git_commit": "abc123def4567890"}
    (results / "manifest.json").write_text(json.dumps(manifest))
    (path,) = export_dir(results, "csv", tmp_path / "e")
    back = pd.read_csv(path)
    assert list(back["scenario"]) == ["'" + t for t in HOSTILE]
    assert list(back["change"]) == list(hostile_frame()["change"])
