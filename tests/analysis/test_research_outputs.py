"""Research-ecosystem outputs: the data dictionary against real files (both ways), Stata
and Parquet export, sweeps through the batch runner, scenario discovery with the EMA
Workbench, and paper-ready tables (caption, label, decimals by unit, split)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, SCENARIOS

from outputs import dictionary as dd

ALL_PROGRAMME_SCENARIOS = ["baseline", "combined_full", "blt", "savings"]  # all 8 programmes
HOUSEHOLDS, MONTHS = 200, 7
SHORT_BURN_IN = ["--set", "run.burn_in_months=24"]  # not a steady-state test
GRID = ["programmes.pkh.compliance_rate=0.6,0.9", "programmes.pkh.leakage=0,0.2"]


@pytest.fixture(scope="module")
def dirs(tmp_path_factory) -> dict[str, Path]:
    from run import main

    root = tmp_path_factory.mktemp("research")
    size = ["--households", str(HOUSEHOLDS), "--months", str(MONTHS), "--quiet", *SHORT_BURN_IN]
    batch = root / "batch"
    files = [str(SCENARIOS / f"{s}.toml") for s in ALL_PROGRAMME_SCENARIOS]
    argv = ["run", *files, *size, "--replications", "2", "--panel", "--panel-every", "3"]
    assert main([*argv, "--out", str(batch)]) == 0
    sweep = root / "sweep"
    argv = ["sweep", str(SCENARIOS / "pkh.toml"), "--vs", str(SCENARIOS / "baseline.toml")]
    for g in GRID:
        argv += ["--grid", g]
    assert main([*argv, *size, "--replications", "2", "--out", str(sweep)]) == 0
    sens = root / "sens"
    argv = ["sensitivity", str(SCENARIOS / "sensitivity_pkh.toml"), "--method", "morris"]
    argv += ["--samples", "2", "--vs", str(SCENARIOS / "baseline.toml"), *size]
    assert main([*argv, "--out", str(sens)]) == 0
    return {"batch": batch, "sweep": sweep, "sens": sens, "root": root}


def _columns(path: Path) -> list[str]:
    if path.suffix == ".parquet":
        return list(pd.read_parquet(path).columns)
    return list(pd.read_csv(path, nrows=1).columns)


def test_every_written_column_is_declared_and_every_declared_one_written(dirs):
    programmes = ["pkh", "bpnt", "kube", "blt", "savings", "pbi_jkn", "pip", "elderly"]
    checked = 0
    for folder in dirs.values():
        for path in sorted(folder.glob("*.*")):
            if path.name not in dd.FILES:
                continue
            cols = _columns(path)
            assert dd.undeclared(path.name, cols) == [], path.name
            params = [c for c in cols if "." in c]
            outputs = json.loads((folder / "manifest.json").read_text()).get("outputs", [])
            progs = programmes if path.parent.name == "batch" else ["pkh"]
            if path.name in ("sample.csv", "outputs.csv", "sweep_points.csv"):
                progs = []
            want = set(dd.expected(path.name, progs, params, outputs))
            if path.name in ("sweep_timeseries.csv",):
                # the sweep runs PKH and the baseline: other programmes' specific metrics
                other = ("kube", "savings", "blt_", "bpnt", "pbi_jkn", "pip", "elderly")
                want = {w for w in want if not w.startswith(other)}
            if path.name.startswith(("sobol", "fast")):
                continue
            missing = want - set(cols)
            if path.name == "sweep_timeseries.csv":
                missing = {m for m in missing if not m.startswith("registry_")} - {"pkh_graduated"}
            assert missing == set(), f"{path.name}: declared but not written {sorted(missing)}"
            checked += 1
    assert checked >= 11


def test_outputs_doc_is_generated_from_the_dictionary():
    doc = (ROOT / "docs" / "OUTPUTS.md").read_text()
    assert doc == dd.markdown(), (
        "docs/OUTPUTS.md is stale: python run.py dictionary > docs/OUTPUTS.md"
    )


def test_each_column_declared_once():
    keys = [(c.file, c.name) for c in dd.COLUMNS]
    assert len(keys) == len(set(keys))
    for c in dd.COLUMNS:
        assert c.type in {"str", "int", "float", "bool"} and c.unit and c.definition and c.source


def test_panel_parquet_carries_field_metadata(dirs):
    import pyarrow.parquet as pq

    schema = pq.read_schema(dirs["batch"] / "panel.parquet")
    meta = schema.field("pretransfer_consumption_pc").metadata
    assert meta[b"unit"] == b"Rp per capita per month"
    assert b"without this month's transfers" in meta[b"definition"]
    assert schema.field("pkh_covered").metadata[b"label"] == b"PKH: covered"


def test_export_stata_writes_labels_and_nullable_booleans(dirs, tmp_path):
    from run import main

    assert main(["export", str(dirs["batch"]), "--format", "stata", "--out", str(tmp_path)]) == 0
    panel = pd.read_parquet(dirs["batch"] / "panel.parquet")
    back = pd.read_stata(tmp_path / "panel.dta")
    assert len(back) == len(panel)
    # blt_covered is empty where the scenario has no BLT: missing in Stata, 0/1 elsewhere
    have = panel["blt_covered"].notna().to_numpy()
    assert back["blt_covered"].isna().to_numpy().tolist() == (~have).tolist()
    np.testing.assert_array_equal(
        back.loc[have, "blt_covered"].to_numpy(), panel.loc[have, "blt_covered"].astype(float)
    )
    with pd.io.stata.StataReader(tmp_path / "timeseries.dta") as reader:
        labels = reader.variable_labels()
    assert labels["poverty_headcount"] == "Poverty headcount (share of people)"
    assert labels["pkh_exclusion_error"] == "PKH: exclusion error (share of the poor)"
    assert main(["export", str(dirs["sweep"]), "--format", "stata", "--out", str(tmp_path)]) == 0
    with pd.io.stata.StataReader(tmp_path / "sweep_effects.dta") as reader:
        labels = reader.variable_labels()
    assert labels["programmes_pkh_leakage"].startswith("PKH: Share of each payment")


def test_export_parquet_and_bad_input(dirs, tmp_path, capsys):
    import pyarrow.parquet as pq

    from run import main

    assert main(["export", str(dirs["batch"]), "--format", "parquet", "--out", str(tmp_path)]) == 0
    field = pq.read_schema(tmp_path / "summary.parquet").field("poor_household_months")
    assert field.metadata[b"unit"] == b"household-months"
    assert main(["export", str(tmp_path / "nope"), "--format", "csv"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err


def test_sweep_is_tidy_paired_and_equals_run(dirs, tmp_path):
    """Every grid point x replication x month is a row with the swept values; the
    effects are scenario minus baseline with the same seed; a point equals ``run`` with
    the same --set values (the sweep goes through the batch runner)."""
    from run import main

    sweep = dirs["sweep"]
    points = pd.read_csv(sweep / "sweep_points.csv")
    assert len(points) == 4
    ts = pd.read_csv(sweep / "sweep_timeseries.csv")
    assert len(ts) == 2 * 4 * 2 * (MONTHS + 1)  # scenarios x points x replications x months
    assert list(ts.columns[:4]) == ["scenario", "sample", *points.columns[1:]]
    summary = pd.read_csv(sweep / "sweep_summary.csv")
    effects = pd.read_csv(sweep / "sweep_effects.csv")
    assert len(summary) == 2 * 4 * 2 and len(effects) == 4 * 2
    s = summary.set_index(["scenario", "sample", "replication"])
    row = effects[(effects["sample"] == 3) & (effects["replication"] == 1)].iloc[0]
    want = s.loc[("pkh", 3, 1), "poverty_gap_mean"] - s.loc[("baseline", 3, 1), "poverty_gap_mean"]
    assert row["poverty_gap_mean"] == want
    # the baseline has no PKH: its values do not depend on the PKH parameters
    base = summary[summary["scenario"] == "baseline"]
    assert base.groupby("replication")["poverty_gap_mean"].nunique().max() == 1
    # point 3 = compliance 0.9, leakage 0.2 run directly
    sets = ["--set", "programmes.pkh.compliance_rate=0.9", "--set", "programmes.pkh.leakage=0.2"]
    argv = ["run", str(SCENARIOS / "pkh.toml"), "--households", str(HOUSEHOLDS), "--months"]
    argv += [str(MONTHS), "--replications", "2", "--quiet", *sets, *SHORT_BURN_IN]
    argv += ["--out", str(tmp_path / "r")]
    assert main(argv) == 0
    direct = pd.read_csv(tmp_path / "r" / "summary.csv").set_index("replication")
    assert points.loc[3, "programmes.pkh.compliance_rate"] == 0.9
    for rep in (0, 1):
        assert s.loc[("pkh", 3, rep), "poverty_gap_mean"] == direct.loc[rep, "poverty_gap_mean"]
    manifest = json.loads((sweep / "manifest.json").read_text())
    assert manifest["kind"] == "sweep" and manifest["design"]["method"] == "grid"
    assert manifest["parameters"][0]["label"].startswith("PKH:")


def test_sweep_resumes_and_lhs_points(dirs, tmp_path):
    from experiments.sweep import lhs_points
    from run import main

    before = sorted(p.stat().st_mtime_ns for p in (dirs["sweep"] / "runs").glob("*.summary.csv"))
    argv = ["sweep", str(SCENARIOS / "pkh.toml"), "--vs", str(SCENARIOS / "baseline.toml")]
    for g in GRID:
        argv += ["--grid", g]
    argv += ["--households", str(HOUSEHOLDS), "--months", str(MONTHS), "--quiet", *SHORT_BURN_IN]
    assert main([*argv, "--replications", "2", "--out", str(dirs["sweep"])]) == 0
    after = sorted(p.stat().st_mtime_ns for p in (dirs["sweep"] / "runs").glob("*.summary.csv"))
    assert before == after  # nothing re-ran
    pts = lhs_points([("programmes.pkh.leakage", 0.0, 0.2), ("run.households", 100, 300)], 8, 3)
    assert len(pts) == 8 and pts["run.households"].dtype.kind == "i"
    # one point in each eighth of each range (a Latin hypercube)
    bins = np.floor((pts["programmes.pkh.leakage"] - 0.0) / 0.2 * 8).astype(int)
    assert sorted(bins) == list(range(8))


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--grid", "programmes.pkh.nope=1,2"], "unknown parameter"),
        (["--grid", "programmes.pkh.leakage=0.1,7"], "above the maximum"),
        (["--lhs", "4"], "--param"),
        (["--grid", "programmes.pkh.leakage=0,1", "--lhs", "3"], "either --grid"),
    ],
)
def test_sweep_bad_input_is_one_line(tmp_path, capsys, extra, message):
    from run import main

    argv = ["sweep", str(SCENARIOS / "pkh.toml"), *extra, "--households", "50", "--months", "1"]
    assert main([*argv, "--out", str(tmp_path / "s"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and message in err and "\n" not in err
    assert not (tmp_path / "s" / "sweep_summary.csv").exists()


def _synthetic_sweep(folder: Path, n: int = 300) -> None:
    """A sweep directory whose cases of interest are exactly a > 0.6 and b < 0.4."""
    from outputs.digests import digest_file

    rng = np.random.default_rng(5)
    folder.mkdir()
    x = pd.DataFrame(rng.uniform(size=(n, 3)), columns=["income.a_x", "credit.b_x", "shocks.c"])
    x.rename_axis("sample").reset_index().to_csv(folder / "sweep_points.csv", index=False)
    y = np.where((x["income.a_x"] > 0.6) & (x["credit.b_x"] < 0.4), -1.0, 1.0)
    eff = x.copy()
    eff["poverty_gap_mean"] = y
    eff = eff.rename_axis("sample").reset_index()
    eff["replication"] = 0
    eff.to_csv(folder / "sweep_effects.csv", index=False)
    params = [{"name": n, "label": f"Label {n}"} for n in x.columns]
    files = {n: digest_file(folder / n) for n in ("sweep_points.csv", "sweep_effects.csv")}
    doc = {"kind": "sweep", "parameters": params, "files": files}
    (folder / "manifest.json").write_text(json.dumps(doc))


def test_discovery_recovers_a_known_box(tmp_path):
    pytest.importorskip("ema_workbench")
    from analysis.discovery import discover

    _synthetic_sweep(tmp_path / "sw")
    paths = discover(tmp_path / "sw", "poverty_gap_mean", 0.0, below=True)
    box = pd.read_csv(paths["box"]).set_index("parameter")
    assert set(box.index) == {"income.a_x", "credit.b_x"}
    assert box.loc["income.a_x", "low"] == pytest.approx(0.6, abs=0.05)
    assert box.loc["credit.b_x", "high"] == pytest.approx(0.4, abs=0.05)
    traj = pd.read_csv(paths["trajectory"])
    chosen = traj[traj["chosen"]].iloc[0]
    assert chosen["density"] >= 0.8 and chosen["coverage"] >= 0.8
    cart = pd.read_csv(paths["cart"])
    pure = cart[cart["density"] == 1.0]
    assert pure["coverage"].max() > 0.5
    assert (paths["figure"]).read_bytes().startswith(b"%PDF")
    assert "\\caption{PRIM box" in (paths["box"].parent / "prim_box_table.tex").read_text()


def test_discovery_in_the_report_and_bad_threshold(tmp_path, capsys):
    pytest.importorskip("ema_workbench")
    from analysis.report import build_report
    from run import main

    _synthetic_sweep(tmp_path / "sw")
    argv = ["discover", str(tmp_path / "sw"), "--output", "poverty_gap_mean", "--below", "0"]
    assert main(argv) == 0
    rep = build_report([tmp_path / "sw" / "discovery"], tmp_path / "rep")
    names = [i.name for i in rep.items]
    assert {"discovery", "discovery_prim", "discovery_cart"} <= set(names)
    assert "Label income.a_x" in (tmp_path / "rep" / "report.md").read_text()
    argv[-1] = "-5"
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "no point" in err and "\n" not in err


def test_tables_have_caption_label_and_decimals_by_unit():
    from analysis.table_formats import latex_table, markdown_table, unit_decimals

    assert unit_decimals("Headcount (pp)") == 2
    assert unit_decimals("Gini") == 3
    assert unit_decimals("Extra spending (billion Rp)") == 2
    assert unit_decimals("Rp per household-month averted") == 0
    df = pd.DataFrame(
        {
            "Scenario": ["PKH", "BLT"],
            "Headcount (pp)": [-0.06093, -2.28],
            "Headcount (pp) low": [-0.1556, -2.5],
            "Headcount (pp) high": [0.03377, -2.0],
            "Gini": [0.37912, 0.3801],
        }
    )
    md = markdown_table(df)
    assert "| PKH | -0.06 [-0.16, 0.03] | 0.379 |" in md
    assert "| BLT | -2.28 [-2.50, -2.00] | 0.380 |" in md
    tex = latex_table(df, "Effects.", "tab:effects")
    assert "\\caption{Effects.}" in tex and "\\label{tab:effects}" in tex
    assert tex.count("\\begin{tabular}") == 1
    wide = pd.DataFrame({"Scenario": ["a"], **{f"Measure {i} (%)": [1.0] for i in range(30)}})
    tex = latex_table(wide)
    parts = tex.count("\\begin{tabular}")
    assert parts > 1 and tex.count("Scenario") == parts  # identifiers repeat in each part


def test_labels_come_from_scenario_files_and_declarations():
    from experiments.scenario import load_scenario
    from model.sections import parameter_label

    assert load_scenario(SCENARIOS / "pkh.toml").label == "PKH conditional cash transfer"
    # a label is not inherited through extends
    assert load_scenario(SCENARIOS / "sensitivity_pkh.toml").label == "PKH (sensitivity analysis)"
    assert parameter_label("programmes.pkh.leakage").startswith("PKH: Share of each payment")
    assert parameter_label("crises.0.income_multiplier").startswith("Crisis 1: ")


def test_gini_reduction_closed_form():
    from analysis.indicators import aspire_table, gini_reduction

    y, t, s = np.array([100.0, 200, 300, 400]), np.array([100.0, 0, 0, 0]), np.ones(4)
    # Gini = sum |xi - xj| / (2 n^2 mean): 2000 / 8000 before, 1400 / 8800 after
    got = gini_reduction(y, t, s)
    assert got["gini_pre"] == pytest.approx(0.25)
    assert got["gini_post"] == pytest.approx(1400 / 8800)
    assert got["gini_reduction"] == pytest.approx((0.25 - 1400 / 8800) / 0.25)
    table = aspire_table({"pretransfer_welfare": y, "transfer": t, "size": s}, line=250.0)
    assert table.loc["All", "gini_reduction"] == pytest.approx(got["gini_reduction"])
    assert table.loc[1, "gini_reduction"] != table.loc[1, "gini_reduction"]  # NaN by quintile


def test_winners_and_losers_by_decile():
    """The scenario raises the poorest tenth by 10 % and lowers the richest tenth by 5 %:
    all of decile 1 wins, all of decile 10 loses, nobody else changes."""
    from analysis.winners import winners_losers

    n = 100
    c = np.arange(1, n + 1, dtype=float) * 1000
    base = pd.DataFrame(
        {
            "scenario": "base",
            "replication": 0,
            "month": 1,
            "household": np.arange(n),
            "size": 1,
            "consumption_pc": c,
            "pretransfer_consumption_pc": c,
        }
    )
    other = base.assign(scenario="pol")
    other.loc[:9, "consumption_pc"] *= 1.10
    other.loc[90:, "consumption_pc"] *= 0.95
    out = winners_losers(pd.concat([base, other]), "base").set_index("decile")
    assert out.loc["1", "winners"] == 1.0 and out.loc["1", "losers"] == 0.0
    assert out.loc["10", "losers"] == 1.0 and out.loc["10", "winners"] == 0.0
    assert out.loc["5", ["winners", "losers", "mean_change"]].tolist() == [0.0, 0.0, 0.0]
    assert out.loc["All", "winners"] == pytest.approx(0.1)
    assert out.loc["1", "mean_change"] == pytest.approx(0.1 * c[:10].mean())


def test_manifest_records_elapsed_time_and_cores_per_run(dirs):
    manifest = json.loads((dirs["batch"] / "manifest.json").read_text())
    runs = manifest["runs"]
    assert len(runs) == len(ALL_PROGRAMME_SCENARIOS) * 2
    assert {(r["scenario"], r["replication"]) for r in runs} == {
        (s, r) for s in ALL_PROGRAMME_SCENARIOS for r in (0, 1)
    }
    for r in runs:
        assert r["elapsed_seconds"] > 0 and r["cpu_seconds"] > 0 and r["cores"] == 1
    assert manifest["execution"]["jobs"] == 1
    assert manifest["execution"]["total_cpu_seconds"] == pytest.approx(
        sum(r["cpu_seconds"] for r in runs), abs=0.01
    )
