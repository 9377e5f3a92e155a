"""The policy-paper report: figures, tables, report.md and report.html from result files.

``build_report(dirs, out)`` reads batch and sensitivity result directories (never
re-runs the model) and writes ``out/figures/*.png|pdf``, ``out/tables/*.csv|tex|md``,
``out/report.md`` and ``out/report.html``. Items whose data are absent (no programme,
no household panel, no sensitivity directory) are listed in the report as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from analysis import figures as fig
from analysis.dynamics import run_outcomes, scenario_outcomes
from analysis.results import (
    BatchResults,
    ResultsError,
    SensitivityResults,
    listed_bytes,
    programmes_in,
    read_listed_csv,
    read_results,
)
from analysis.style import save_figure, scenario_colours
from analysis.table_formats import html_table, markdown_table, write_table
from analysis.tables import (
    aspire_from_panel,
    aspire_report_table,
    dynamics_table,
    effects_table,
    morris_display,
    morris_report_table,
    parameter_labels,
    poverty_table,
    relabel_indices,
    s2_report_table,
    sobol_report_table,
    targeting_table,
)
from outputs.files import replaced_folder


@dataclass
class Item:
    """One figure or table of the report."""

    kind: str  # "figure" or "table"
    name: str
    caption: str
    table: pd.DataFrame | None = None


@dataclass
class Report:
    out: Path
    items: list[Item] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    methods: str = ""
    manifest_md: str = ""

    def figure(self, name: str, caption: str, figure) -> None:
        if figure is None:
            self.skipped.append(f"figure `{name}`: no data ({caption.split('.')[0]})")
            return
        save_figure(figure, self.out / "figures", name)
        self.items.append(Item("figure", name, caption))

    def table(self, name: str, caption: str, table: pd.DataFrame | None) -> None:
        if table is None or table.empty:
            self.skipped.append(f"table `{name}`: no data ({caption.split('.')[0]})")
            return
        write_table(table, self.out / "tables", name, caption)
        self.items.append(Item("table", name, caption, table))


def choose_baseline(scenarios: list[str], requested: str | None) -> str:
    """The scenario effects are measured against: ``requested``, else one named
    "baseline", else the first scenario."""
    if requested is not None:
        if requested not in scenarios:
            raise ResultsError(f"--baseline: scenario {requested!r} not in results {scenarios}")
        return requested
    return "baseline" if "baseline" in scenarios else scenarios[0]


def _households(batch: BatchResults) -> pd.Series:
    if "households" in batch.summary.columns:
        return batch.summary.groupby("scenario")["households"].first()
    sizes = {}
    for m in batch.manifests:
        for s in m.get("scenarios", []):
            sizes[s.get("name")] = float(s.get("run", {}).get("households", "nan"))
    return pd.Series(sizes, dtype=float)


def _batch_items(rep: Report, batch: BatchResults, baseline: str) -> None:
    ts = batch.timeseries
    colours = scenario_colours(batch.scenarios)
    programmes = programmes_in(ts)
    rep.figure(
        "poverty_trajectories",
        "Poverty headcount (FGT0), poverty gap (FGT1) and severity (FGT2), person-weighted, "
        "by month; lines are means over replications, bands 95 % intervals.",
        fig.trajectories(ts, fig.POVERTY, colours),
    )
    rep.figure(
        "poverty_effects",
        f"Paired effect on poverty versus `{baseline}` by month (scenario minus baseline, "
        "same seeds), mean and 95 % band over replications; below zero is less poverty.",
        fig.paired_effects(ts, fig.EFFECTS, colours, baseline),
    )
    rep.figure(
        "debt",
        "Debt: share of households in debt, in a debt trap, rollover borrowing (thousand Rp "
        "per household per month) and share selling assets, by month.",
        fig.trajectories(ts, fig.DEBT, colours, cols=2),
    )
    rep.figure(
        "savings_schooling",
        "Share of households whose savings cover at least one month of need, and school "
        "enrolment of poor children aged 7-18, by month.",
        fig.trajectories(ts, fig.BUFFERS, colours, cols=2),
    )
    rep.figure(
        "targeting_errors",
        "Exclusion and inclusion error per programme by month: solid lines judge "
        "eligibility by the poverty line (pre-transfer welfare), dashed lines by the "
        "programme's quota group; dotted verticals mark registry rebuilds.",
        fig.targeting(ts, programmes, colours),
    )
    aspire = None
    if batch.panel is None:
        rep.skipped.append(
            "figure `coverage_incidence` and table `aspire_indicators`: the results have no "
            "household panel (panel.parquet); run with the panel option to get them"
        )
    else:
        aspire = aspire_from_panel(batch.panel, programmes)
        rep.figure(
            "coverage_incidence",
            "Coverage (share of the quintile's people living in a receiving household) and "
            "benefit incidence (share of the programme's amount) by quintile of "
            "pre-transfer welfare; means over panel months after month 0 and replications. "
            "Amounts are mean monthly receipts since the previous panel month (a recall "
            "period), so programmes paying in instalments are counted.",
            fig.by_quintile(aspire, colours),
        )
    winners = None
    if batch.panel is not None and len(batch.scenarios) > 1:
        from analysis.winners import winners_figure, winners_losers

        winners = winners_losers(batch.panel, baseline)
        rep.figure(
            "winners_losers",
            f"Winners and losers against `{baseline}` (same households, same seeds) by "
            "decile of pre-transfer welfare in the baseline: share of people whose "
            "per-capita consumption is more than 1 % above (winners) or below (losers) "
            "the baseline's, mean over panel months after month 0 and replications.",
            winners_figure(winners, colours) if not winners.empty else None,
        )
    outcomes = None
    if len(batch.scenarios) > 1:
        outcomes = scenario_outcomes(run_outcomes(batch.summary, ts, baseline))
    rep.figure(
        "cost_effectiveness",
        f"Extra programme spending over the run against the reduction of the poverty-gap "
        f"index (mean over months) versus `{baseline}`, with 95 % intervals.",
        fig.cost_effectiveness(outcomes, colours),
    )
    rep.figure(
        "kube_survival",
        "KUBE joint-business groups still active as a share of groups formed, by month.",
        fig.trajectories(ts, fig.KUBE, colours),
    )
    rep.figure(
        "programme_outcomes",
        "Outcomes of PBI-JKN (out-of-pocket health spending and money-lender borrowing "
        "after a hospitalisation), PIP (enrolment in covered households) and elderly "
        "assistance (eligible elderly reached, elderly poverty), by month.",
        fig.trajectories(ts, fig.MENU, colours, cols=2),
    )
    rep.table(
        "poverty",
        "Poverty and inequality, mean over months 1..M with 95 % intervals over replications.",
        poverty_table(ts),
    )
    if len(batch.scenarios) > 1:
        rep.table(
            "effects",
            f"Effects versus `{baseline}`, mean over months 1..M of the paired difference "
            "(percentage points), with 95 % intervals for the poverty measures.",
            effects_table(ts, baseline),
        )
    if outcomes is not None and "poor_household_months" in batch.summary.columns:
        rep.table(
            "dynamic_outcomes",
            f"Dynamic outcomes versus `{baseline}` (paired): household-months in poverty "
            "averted (with 95 % interval), extra exits from poverty lasting at least 12 "
            "months, and extra programme spending per household-month of poverty averted.",
            dynamics_table(outcomes, _households(batch)),
        )
    else:
        rep.skipped.append(
            "table `dynamic_outcomes`: needs a baseline and a scenario, and summary.csv "
            "columns poor_household_months and exits_lasting_12m"
        )
    rep.table(
        "targeting",
        "Programme reach and targeting errors, means over months 1..M and replications "
        "(both eligibility standards).",
        targeting_table(ts, programmes),
    )
    if winners is not None:
        from analysis.winners import winners_report_table

        rep.table(
            "winners_losers",
            f"Winners and losers against `{baseline}` by decile of pre-transfer welfare in "
            "the baseline (share of the decile's people gaining or losing more than 1 % of "
            "per-capita consumption, and the mean change in Rp per capita per month), means "
            "over panel months and "
            "replications.",
            winners_report_table(winners) if not winners.empty else None,
        )
    if aspire is not None:
        rep.table(
            "aspire_indicators",
            "ASPIRE indicators per programme by quintile of pre-transfer welfare "
            "(definitions in docs/INDICATORS.md): coverage, beneficiary and benefit "
            "incidence, adequacy, first-round headcount and gap reduction, benefit-cost "
            "ratio (Rp of poverty gap closed per Rp transferred) and, for all people, the "
            "relative reduction of the Gini index.",
            aspire_report_table(aspire) if not aspire.empty else None,
        )


def _discovery_items(rep: Report, found: list[SensitivityResults]) -> None:
    """PRIM box, CART leaves and the discovery figure of each discovery directory."""
    from analysis.discovery import box_report_table, cart_report_table

    for i, d in enumerate(found):
        tag = "" if len(found) == 1 else f"_{i + 1}"
        m = d.manifest
        box = read_listed_csv(d.path, m, "prim_box.csv")
        cart = read_listed_csv(d.path, m, "cart_boxes.csv")
        labels = {
            p["name"]: p.get("label") or p["name"]
            for p in m.get("parameters", [])
            if isinstance(p, dict) and isinstance(p.get("name"), str)
        }
        (rep.out / "figures").mkdir(parents=True, exist_ok=True)
        for ext in ("png", "pdf"):  # the figure the manifest vouches for
            data = listed_bytes(d.path, m, f"discovery.{ext}")
            (rep.out / "figures" / f"discovery{tag}.{ext}").write_bytes(data)
        caption = m.get("caption", "PRIM box.")
        rep.items.append(
            Item(
                "figure",
                f"discovery{tag}",
                caption + " Left: peeling trajectory; right: the box against the sampled ranges.",
            )
        )
        rep.table(f"discovery_prim{tag}", caption, box_report_table(box))
        rep.table(
            f"discovery_cart{tag}",
            f"CART leaves holding points where {m.get('output_label', '?')} is {m.get('side')} "
            f"{m.get('threshold')}.",
            cart_report_table(cart, labels),
        )


def _sensitivity_items(rep: Report, sens: list[SensitivityResults]) -> None:
    _discovery_items(rep, [s for s in sens if s.manifest.get("kind") == "discovery"])
    sens = [s for s in sens if s.manifest.get("kind") == "sensitivity"]
    for i, s in enumerate(sens):
        tag = "" if len(sens) == 1 else f"_{i + 1}"
        labels = parameter_labels(s.manifest)
        sobol = s.tables.get("sobol_indices", s.tables.get("fast_indices"))
        method = "Sobol" if "sobol_indices" in s.tables else "FAST"
        if sobol is not None:
            rep.figure(
                f"sensitivity_sobol{tag}",
                f"{method} first-order (S1) and total (ST) indices with 95 % intervals "
                f"({s.manifest.get('samples', '?')} samples).",
                fig.sobol_bars(relabel_indices(sobol, labels)),
            )
            rep.table(
                f"sensitivity_sobol{tag}",
                f"{method} indices (share of output variance) with 95 % bootstrap intervals.",
                sobol_report_table(sobol, labels),
            )
        s2 = s.tables.get("sobol_s2")
        if s2 is not None:
            rep.table(
                f"sensitivity_sobol_s2{tag}",
                "Second-order Sobol indices (S2) with 95 % bootstrap intervals.",
                s2_report_table(s2, labels),
            )
        morris = s.tables.get("morris_indices")
        if morris is not None:
            rep.figure(
                f"sensitivity_morris{tag}",
                "Morris screening: μ* (mean absolute elementary effect) against σ; points "
                "near or above the diagonal act non-linearly or through interactions.",
                fig.morris_plot(morris_display(morris, labels)),
            )
            rep.table(
                f"sensitivity_morris{tag}",
                "Morris elementary-effect statistics (output units), μ* with its 95 % "
                "bootstrap interval.",
                morris_report_table(morris, labels),
            )


def _span(low: int, high: int) -> str:
    return f"{low}" if low == high else f"{low}–{high}"


def _methods(batch: BatchResults | None, sens: list[SensitivityResults], baseline: str) -> str:
    parts = []
    if batch is not None:
        reps = batch.summary.groupby("scenario")["replication"].nunique()
        parts.append(
            f"Results of {len(batch.scenarios)} scenario(s) ({', '.join(batch.scenarios)}) "
            f"with {_span(reps.min(), reps.max())} replication(s) each. Replication r of every "
            "scenario uses the same seed, so scenarios share every random draw the policy "
            f"does not change; effects are paired differences against `{baseline}`, "
            "averaged over replications. Bands and intervals are 95 % Student-t intervals "
            "of the mean over replications (none with a single replication). Poverty is "
            "person-weighted FGT on per-capita consumption against the area poverty line; "
            "targeting errors follow two standards (poverty line on pre-transfer welfare, "
            "and the programme's quota group); ASPIRE indicators use quintiles of "
            "pre-transfer welfare; household-months in poverty and lasting exits are exact "
            "household counts kept by the model (docs/INDICATORS.md)."
        )
    for s in sens:
        m = s.manifest
        if m.get("kind") == "discovery":
            parts.append(
                f"Scenario discovery (PRIM and CART, EMA Workbench) of the {m.get('cases')} of "
                f"{m.get('points')} sweep points where {m.get('output_label')} is "
                f"{m.get('side')} {m.get('threshold')}."
            )
            continue
        if m.get("kind") != "sensitivity":
            continue
        parts.append(
            f"Sensitivity analysis ({m.get('method', '?')}, {m.get('samples', '?')} samples) "
            f"of {len(m.get('parameters', []))} parameter(s) on outputs "
            f"{', '.join(map(str, m.get('outputs', [])))}."
        )
    return " ".join(parts)


def _manifest_md(batch: BatchResults | None, sens: list[SensitivityResults]) -> str:
    lines = []
    if batch is not None:
        for path, m in zip(batch.paths, batch.manifests, strict=True):
            lines.append(
                f"- `{path.name}`: command `{m.get('command', '?')}`, git commit "
                f"`{m.get('git_commit', '?')}`, replications {m.get('replications', '?')}"
            )
            for s in m.get("scenarios", []):
                run = s.get("run", {})
                seeds = m.get("seeds", {}).get(s.get("name"), [])
                lines.append(
                    f"  - scenario `{s.get('name')}`: {run.get('households', '?')} households, "
                    f"{run.get('months', '?')} months, seeds {seeds}"
                )
            versions = ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items())
            lines.append(f"  - versions: {versions}")
            ex = m.get("execution")
            if ex:
                lines.append(
                    f"  - run time: {len(m.get('runs', []))} runs, "
                    f"{ex.get('total_elapsed_seconds')} s elapsed and "
                    f"{ex.get('total_cpu_seconds')} s CPU in total, one core per run, on "
                    f"{ex.get('jobs')} job(s) ({ex.get('scheduler') or 'local processes'}; "
                    f"machine with {ex.get('machine_cores')} logical cores)"
                )
    for s in sens:
        m = s.manifest
        params = ", ".join(p.get("name", "?") for p in m.get("parameters", []))
        if m.get("kind") == "discovery":
            lines.append(
                f"- `{s.path.name}`: discovery on `{m.get('source')}`, parameters {params}"
            )
            continue
        lines.append(
            f"- `{s.path.name}`: sensitivity ({m.get('method', '?')}), parameters {params}"
        )
    return "\n".join(lines)


def is_report(folder: Path) -> bool:
    """A folder a previous report wrote (it may be replaced by a new one)."""
    return (folder / "report.md").is_file()


def build_report(
    dirs: list[str | Path], out: str | Path, baseline: str | None = None, warn=None
) -> Report:
    """Read ``dirs`` and write the report into ``out`` (see the module docstring).

    The report is written into a temporary folder beside ``out`` and moved into place
    when complete, so a failure (a full disk) leaves no partial report and the previous
    one, if any, unchanged. ``warn(line)`` hears of files a manifest does not list."""
    batch, sens = read_results(list(dirs), warn)
    if batch is not None:
        choose_baseline(batch.scenarios, baseline)  # a bad --baseline before any writing
    with replaced_folder(out, is_report) as tmp:
        rep = _write_report(Report(tmp), batch, sens, baseline)
    rep.out = Path(out)
    return rep


def _write_report(
    rep: Report,
    batch: BatchResults | None,
    sens: list[SensitivityResults],
    baseline: str | None,
) -> Report:
    base = ""
    if batch is not None:
        base = choose_baseline(batch.scenarios, baseline)
        base = batch.labels.get(base, base)
        batch = batch.relabelled()
        _batch_items(rep, batch, base)
    if sens:
        _sensitivity_items(rep, sens)
    else:
        rep.skipped.append("sensitivity figures: no sensitivity results directory given")
    rep.methods = _methods(batch, sens, base)
    rep.manifest_md = _manifest_md(batch, sens)
    (rep.out / "report.md").write_text(render_markdown(rep), encoding="utf-8")
    (rep.out / "report.html").write_text(render_html(rep), encoding="utf-8")
    return rep


def render_markdown(rep: Report) -> str:
    """report.md: methods, every figure and table with its caption, skipped items, manifest."""
    lines = ["# Simulation results", "", "## Methods", "", rep.methods, ""]
    n_fig = n_tab = 0
    for item in rep.items:
        if item.kind == "figure":
            n_fig += 1
            lines += [
                f"**Figure {n_fig}.** {item.caption}",
                "",
                f"![Figure {n_fig}](figures/{item.name}.png)",
                "",
                f"(PDF: [figures/{item.name}.pdf](figures/{item.name}.pdf))",
                "",
            ]
        else:
            n_tab += 1
            lines += [
                f"**Table {n_tab}.** {item.caption} (files: tables/{item.name}.csv, .tex, .md)",
                "",
                markdown_table(item.table),
                "",
            ]
    if rep.skipped:
        lines += ["## Not produced", ""] + [f"- {s}" for s in rep.skipped] + [""]
    lines += ["## Manifest", "", rep.manifest_md, ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
    "img{max-width:100%}table{border-collapse:collapse;font-size:0.85em;margin-bottom:1em}"
    "th{border-bottom:1px solid #000;padding:2px 6px}td{padding:2px 6px}td.num{text-align:right}"
    "thead{border-top:2px solid #000}tbody{border-bottom:2px solid #000}"
)


def render_html(rep: Report) -> str:
    """report.html with the same content as report.md (relative links to the figures)."""
    body = ["<h1>Simulation results</h1>", "<h2>Methods</h2>", f"<p>{escape(rep.methods)}</p>"]
    n_fig = n_tab = 0
    for item in rep.items:
        if item.kind == "figure":
            n_fig += 1
            body.append(
                f'<figure><img src="figures/{item.name}.png" alt="Figure {n_fig}">'
                f"<figcaption><b>Figure {n_fig}.</b> {escape(item.caption)} "
                f'(<a href="figures/{item.name}.pdf">PDF</a>)</figcaption></figure>'
            )
        else:
            n_tab += 1
            body.append(f"<p><b>Table {n_tab}.</b> {escape(item.caption)}</p>")
            body.append(html_table(item.table))
    if rep.skipped:
        body.append("<h2>Not produced</h2><ul>")
        body += [f"<li>{escape(s)}</li>" for s in rep.skipped]
        body.append("</ul>")
    body.append("<h2>Manifest</h2><pre>" + escape(rep.manifest_md) + "</pre>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Simulation results</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
