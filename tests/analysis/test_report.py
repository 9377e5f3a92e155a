"""The report command: every figure and table from a small real run, file formats, and
bad input. One batch (with ``run --report``) and one sensitivity directory are shared by
the module."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
from conftest import SCENARIOS, small

FIGURES = [
    "poverty_trajectories",
    "poverty_effects",
    "debt",
    "savings_schooling",
    "targeting_errors",
    "coverage_incidence",
    "winners_losers",
    "cost_effectiveness",
    "kube_survival",
    "sensitivity_sobol",
    "sensitivity_morris",
]
TABLES = [
    "poverty",
    "effects",
    "dynamic_outcomes",
    "targeting",
    "winners_losers",
    "aspire_indicators",
    "sensitivity_sobol",
    "sensitivity_sobol_s2",
    "sensitivity_morris",
]
RUN_SCENARIOS = ["baseline", "pkh", "combined"]
HOUSEHOLDS, MONTHS, PANEL_EVERY = 500, 18, 4  # PKH pays in months 1, 4, 7, ...


def write_panel(out: Path, replications: int) -> None:
    """panel.parquet from the batch runner's own per-run code (household snapshots of
    months 0, K, 2K, ... and the final month), for every scenario and replication."""
    from experiments.runner import run_one

    parts = []
    for rep in range(replications):
        for name in RUN_SCENARIOS:
            parts.append(run_one(small(name, HOUSEHOLDS, MONTHS), rep, PANEL_EVERY).panel)
    pd.concat(parts, ignore_index=True).to_parquet(out / "panel.parquet")


def write_sensitivity(out: Path) -> None:
    """A contract-conforming sensitivity directory from SALib on the Ishigami function."""
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    out.mkdir()
    names = ["income.transitory_sd", "credit.lender_rate", "shocks.illness_rate"]
    problem = {"num_vars": 3, "names": names, "bounds": [[-np.pi, np.pi]] * 3}
    x = sobol_sample.sample(problem, 64, seed=1)
    y = Ishigami.evaluate(x)
    si = sobol_analyze.analyze(problem, y, seed=1)
    pd.DataFrame(x, columns=names).rename_axis("sample").reset_index().to_csv(
        out / "sample.csv", index=False
    )
    pd.DataFrame({"sample": range(len(y)), "poverty_headcount_mean": y}).to_csv(
        out / "outputs.csv", index=False
    )
    sobol = pd.DataFrame(
        {"output": "poverty_headcount_mean", "parameter": names}
        | {k: si[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}
    )
    sobol.to_csv(out / "sobol_indices.csv", index=False)
    pairs = [(i, j) for i in range(3) for j in range(i + 1, 3)]
    pd.DataFrame(
        {
            "output": "poverty_headcount_mean",
            "parameter_1": [names[i] for i, _ in pairs],
            "parameter_2": [names[j] for _, j in pairs],
            "S2": [si["S2"][i, j] for i, j in pairs],
            "S2_conf": [si["S2_conf"][i, j] for i, j in pairs],
        }
    ).to_csv(out / "sobol_s2.csv", index=False)
    xm = morris_sample.sample(problem, 20, num_levels=4, seed=1)
    mi = morris_analyze.analyze(problem, xm, Ishigami.evaluate(xm), num_levels=4, seed=1)
    morris = pd.DataFrame(
        {"output": "poverty_headcount_mean", "parameter": names}
        | {k: mi[k] for k in ("mu", "mu_star", "mu_star_conf", "sigma")}
    )
    morris.to_csv(out / "morris_indices.csv", index=False)
    manifest = {
        "kind": "sensitivity",
        "method": "sobol",
        "samples": 64,
        "parameters": [{"name": n, "bounds": [-np.pi, np.pi], "dist": "unif"} for n in names],
        "outputs": ["poverty_headcount_mean"],
        "vs": None,
    }
    (out / "manifest.json").write_text(json.dumps(manifest))
    vouch(out, ["sample.csv", "outputs.csv", "sobol_indices.csv", "sobol_s2.csv"])
    vouch(out, ["morris_indices.csv"])


def vouch(folder: Path, names: list[str]) -> None:
    """Record files written by hand in the folder's manifest (its size and sha256), as
    the command that writes such a folder does: readers read only what it lists."""
    from outputs.digests import digest_file

    man = json.loads((folder / "manifest.json").read_text())
    man.setdefault("files", {}).update({n: digest_file(folder / n) for n in names})
    (folder / "manifest.json").write_text(json.dumps(man))


# One worker builds the shared batch and reports, once (``--dist loadgroup``).
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="session")
def results(tmp_path_factory) -> dict[str, Path]:
    from analysis.report import build_report
    from run import main

    root = tmp_path_factory.mktemp("report")
    batch = root / "batch"
    argv = ["run", *(str(SCENARIOS / f"{s}.toml") for s in RUN_SCENARIOS)]
    argv += ["--households", str(HOUSEHOLDS), "--months", str(MONTHS), "--replications", "2"]
    argv += ["--set", "run.burn_in_months=24"]  # not a steady-state test: a short burn-in
    assert main([*argv, "--out", str(batch), "--quiet", "--report"]) == 0
    write_panel(batch, 2)
    vouch(batch, ["panel.parquet"])
    write_sensitivity(root / "sens")
    report = build_report([batch, root / "sens"], root / "full")
    return {"batch": batch, "sens": root / "sens", "full": root / "full", "report": report}


def test_run_report_flag_writes_report_without_panel(results):
    rep = results["batch"] / "report"
    text = (rep / "report.md").read_text()
    assert "no household panel" in text
    assert not (rep / "figures" / "coverage_incidence.png").exists()
    assert (rep / "figures" / "poverty_trajectories.png").exists()
    assert (rep / "report.html").exists()


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_is_a_non_blank_png_and_a_pdf(results, name):
    folder = results["full"] / "figures"
    img = mpimg.imread(folder / f"{name}.png")
    assert img.shape[0] > 300 and img.shape[1] > 300
    grey = img[..., :3].mean(axis=2)
    assert grey.std() > 0.02  # not a blank canvas
    assert (grey < 0.5).mean() > 0.002  # some dark ink (axes, text, lines)
    pdf = (folder / f"{name}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


@pytest.mark.parametrize("name", TABLES)
def test_every_table_in_three_formats(results, name):
    folder = results["full"] / "tables"
    csv = pd.read_csv(folder / f"{name}.csv")
    assert len(csv) > 0
    md = (folder / f"{name}.md").read_text()
    assert md.count("\n") == len(csv) + 2
    assert_balanced_latex((folder / f"{name}.tex").read_text(), len(csv), name.replace("_", "-"))


def assert_balanced_latex(tex: str, rows: int, name: str = "") -> None:
    """Floats with one caption and label holding one tabular, or the parts of a table
    split by columns and rows (each column group holding every row once), each
    booktabs-ruled, with balanced braces and one cell per column in every line."""
    assert tex.count("\\caption{") == 1 and f"\\label{{tab:{name}" in tex
    assert tex.count("\\begin{tabular}") == tex.count("\\end{tabular}") >= 1
    unescaped = re.sub(r"\\[{}]", "", tex)
    depth = 0
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    per_header: dict[str, int] = {}
    for part in re.findall(r"\\begin\{tabular\}.*?\\end\{tabular\}", tex, flags=re.S):
        for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
            assert part.count(rule) == 1
        spec = re.search(r"\\begin\{tabular\}\{((?:[lrc]|p\{[0-9.]+cm\})+)\}", part).group(1)
        columns = len(re.findall(r"[lrc]|p\{", spec.replace("cm}", "")))
        body = [ln for ln in part.splitlines() if ln.endswith("\\\\")]
        for line in body:
            assert len(re.findall(r"(?<!\\)&", line)) == columns - 1
        per_header[body[0]] = per_header.get(body[0], 0) + len(body) - 1
    assert set(per_header.values()) == {rows}  # every row once per column group
    assert not re.search(r"(?<!\\)[%_#]", tex)


def test_csv_rereads_to_the_same_numbers(results):
    rep = results["report"]
    tables = [item for item in rep.items if item.kind == "table"]
    assert [t.name for t in tables] == TABLES
    for item in tables:
        back = pd.read_csv(rep.out / "tables" / f"{item.name}.csv")
        pd.testing.assert_frame_equal(
            back, item.table.reset_index(drop=True), check_dtype=False, rtol=0, atol=0
        )


def test_report_shows_every_item_and_the_manifest(results):
    full = results["full"]
    md = (full / "report.md").read_text()
    html = (full / "report.html").read_text()
    for name in FIGURES:
        assert f"figures/{name}.png" in md and f'src="figures/{name}.png"' in html
    assert md.count("**Table ") == len(TABLES)
    assert "## Methods" in md and "paired" in md
    manifest = json.loads((results["batch"] / "manifest.json").read_text())
    for name in RUN_SCENARIOS:
        assert str(manifest["seeds"][name]) in md
    assert manifest["versions"]["numpy"] in md
    assert html.count("<table>") == len(TABLES)


def test_aspire_table_of_report_matches_direct_computation(results):
    """Coverage of Q1 in the report = mean over panel months > 0 and replications of the
    share of Q1 people in receiving households, computed here from the panel."""
    from analysis.indicators import coverage_by_quintile

    panel = pd.read_parquet(results["batch"] / "panel.parquet")
    values = []
    for _, g in panel[(panel.scenario == "pkh") & (panel.month > 0)].groupby(
        ["replication", "month"]
    ):
        transfer = g["pkh_received_period"]
        cov = coverage_by_quintile(
            g["pretransfer_consumption_pc"],
            transfer,
            g["size"],
            None,
            g["pkh_covered"] | (transfer > 0),
        )
        values.append(cov[1])
    table = pd.read_csv(results["full"] / "tables" / "aspire_indicators.csv")
    row = table[
        (table.Scenario == "PKH conditional cash transfer")
        & (table.Programme == "PKH")
        & (table.Quintile == "1")
    ]
    assert row["Coverage (%)"].item() == pytest.approx(100 * np.mean(values))


def test_dynamic_outcomes_table_is_paired_against_baseline(results):
    summary = pd.read_csv(results["batch"] / "summary.csv")
    table = pd.read_csv(results["full"] / "tables" / "dynamic_outcomes.csv")
    s = summary.set_index(["scenario", "replication"])
    averted = [
        s.loc[("baseline", r), "poor_household_months"] - s.loc[("pkh", r), "poor_household_months"]
        for r in (0, 1)
    ]
    row = table[table.Scenario == "PKH conditional cash transfer"].iloc[0]
    assert row["Household-months in poverty averted"] == pytest.approx(np.mean(averted))
    spend = [s.loc[("pkh", r), "pkh_spending_total"] for r in (0, 1)]
    if sum(averted) > 0:
        assert row["Rp per household-month averted"] == pytest.approx(sum(spend) / sum(averted))


def test_report_bad_input_is_one_line_exit_2(tmp_path, capsys, results):
    from run import main

    assert main(["report", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "no such results directory" in err and "\n" not in err

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{not json")
    assert main(["report", str(bad)]) == 2
    assert "manifest.json" in capsys.readouterr().err

    assert (
        main(["report", str(results["batch"]), "--baseline", "nope", "--out", str(tmp_path)]) == 2
    )
    assert "--baseline" in capsys.readouterr().err

    blocker = tmp_path / "a_file"
    blocker.write_text("")
    assert main(["report", str(results["sens"]), "--out", str(blocker / "report")]) == 2
    err = capsys.readouterr().err
    assert "a_file" in err and "cannot create" in err and "\n" not in err.strip()

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "timeseries.csv").write_text("scenario,month\nbaseline,0\n")
    (broken / "summary.csv").write_text("scenario,replication,seed\nbaseline,0,1\n")
    doc = {"kind": "batch", "scenarios": [{"name": "baseline"}], "replications": 1}
    (broken / "manifest.json").write_text(json.dumps(doc))
    vouch(broken, ["timeseries.csv", "summary.csv"])
    assert main(["report", str(broken)]) == 2
    assert "missing columns" in capsys.readouterr().err


def test_scenario_keeps_its_colour_across_figures(results):
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.style import OKABE_ITO, scenario_colours

    ts = pd.read_csv(results["batch"] / "timeseries.csv")
    colours = scenario_colours(RUN_SCENARIOS)
    assert len({c for c, _ in colours.values()}) == len(RUN_SCENARIOS)
    assert all(c in OKABE_ITO for c, _ in colours.values())
    seen: dict[str, set[str]] = {}
    for built in (
        figures.trajectories(ts, figures.POVERTY, colours),
        figures.paired_effects(ts, figures.EFFECTS, colours, "baseline"),
        figures.trajectories(ts, figures.DEBT, colours, cols=2),
    ):
        for ax in built.axes:
            for line in ax.get_lines():
                if line.get_label() in RUN_SCENARIOS:
                    seen.setdefault(line.get_label(), set()).add(line.get_color())
        plt.close(built)
    assert {name: len(c) for name, c in seen.items()} == {name: 1 for name in RUN_SCENARIOS}
    assert seen["pkh"] == {colours["pkh"][0]}
