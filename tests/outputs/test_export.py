"""Export round trips: Stata labels with units, dataset labels and the rename map for
long names survive writing and reading back; nullable booleans come back from Parquet as
pandas ``boolean``; panel labels are the data dictionary's, not reworded names."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from one_line_errors import cli

from outputs.dictionary import describe
from outputs.digests import digest_file
from outputs.export import RENAME_MAP, stata_label, stata_names

LONG = "programmes.pbi_jkn.premium_subsidy_share_of_contribution"  # 56 characters


@pytest.fixture
def folder(tmp_path) -> Path:
    """A hand-made sweep directory (no simulation): points with a long parameter name, a
    summary with a nullable boolean, a panel; every file listed with its digest."""
    d = tmp_path / "res"
    d.mkdir()
    pd.DataFrame({"sample": [0, 1], LONG: [0.25, 0.5]}).to_csv(d / "sweep_points.csv", index=False)
    panel = pd.DataFrame(
        {
            "scenario": ["a", "a", "b"],
            "replication": [0, 0, 0],
            "seed": [1, 1, 2],
            "month": [0, 0, 0],
            "household": [0, 1, 0],
            "pretransfer_consumption_pc": [1.5e5, 2.5e5, 3.0e5],
            "pkh_covered": pd.array([True, False, None], dtype="boolean"),
        }
    )
    panel.to_parquet(d / "panel.parquet", index=False)
    files = {n: digest_file(d / n) for n in ("sweep_points.csv", "panel.parquet")}
    doc = {"kind": "sweep", "files": files, "git_commit": "abc123def4567890"}
    doc["parameters"] = [{"name": LONG, "label": "PBI-JKN: subsidy", "unit": "share"}]
    (d / "manifest.json").write_text(json.dumps(doc))
    return d


def test_stata_round_trip_keeps_labels_units_and_the_rename_map(folder, tmp_path, capsys):
    code, out, err = cli(capsys, "export", folder, "--format", "stata", "--out", tmp_path / "e")
    assert code == 0, err
    short = stata_names([LONG])[LONG]
    assert len(short) <= 32 and short != LONG
    assert f"{LONG} -> {short}" in out  # printed ...
    rename = pd.read_csv(tmp_path / "e" / RENAME_MAP)  # ... and written next to the tables
    row = rename[rename["column"] == LONG].iloc[0]
    assert (row["file"], row["stata_name"]) == ("sweep_points.csv", short)
    with pd.io.stata.StataReader(tmp_path / "e" / "sweep_points.dta") as reader:
        labels, data_label = reader.variable_labels(), reader.data_label
        back = reader.read()
    assert labels[short].endswith("(share)")
    assert back[short].tolist() == [0.25, 0.5]
    assert data_label == "jaring sweep_points.csv, sweep results (code abc123def456)"
    with pd.io.stata.StataReader(tmp_path / "e" / "panel.dta") as reader:
        labels = reader.variable_labels()
        back = reader.read()
    label, unit, _ = describe("panel.parquet", "pretransfer_consumption_pc")
    assert labels["pretransfer_consumption_pc"] == f"{label} ({unit})"
    assert unit == "Rp per capita per month" and label != "pretransfer_consumption_pc"
    assert back["pkh_covered"].tolist()[:2] == [1.0, 0.0] and pd.isna(back["pkh_covered"][2])


def test_parquet_round_trip_keeps_nullable_booleans(folder, tmp_path, capsys):
    assert cli(capsys, "export", folder, "--format", "parquet", "--out", tmp_path / "p")[0] == 0
    back = pd.read_parquet(tmp_path / "p" / "panel.parquet")
    assert isinstance(back["pkh_covered"].dtype, pd.BooleanDtype)
    assert back["pkh_covered"].tolist()[:2] == [True, False] and back["pkh_covered"].isna()[2]
    assert not (tmp_path / "p" / RENAME_MAP).exists()


def test_stata_label_keeps_the_unit_within_80_characters():
    assert stata_label("Mean debt", "Rp per household") == "Mean debt (Rp per household)"
    assert stata_label("Household", "-") == "Household"
    long = stata_label("x" * 100, "Rp per household")
    assert len(long) == 80 and long.endswith("... (Rp per household)")
