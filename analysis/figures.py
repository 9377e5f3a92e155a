"""Report figures, built from result tables only (no model imports).

Every function returns a matplotlib Figure (or None when its data are absent); the
report saves each as PNG (200 dpi) and PDF. Lines are means over replications, shaded
bands their 95 % Student-t intervals (analysis/bands.py), clipped to the range a
quantity can take (a share stays within 0-100 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.bands import mean_band, paired_band
from analysis.style import FULL_WIDTH_IN, new_figure
from outputs.dictionary import programme_label


@dataclass(frozen=True)
class Metric:
    """A timeseries column, its axis label (with unit) and the factor to that unit."""

    column: str
    label: str
    scale: float = 100.0  # fractions are shown in percent
    low: float | None = 0.0  # possible range of the column (bands are clipped to it)
    high: float | None = 1.0


POVERTY = [
    Metric("poverty_headcount", "Headcount (FGT0), % of people"),
    Metric("poverty_gap", "Poverty gap (FGT1), % of line"),
    Metric("poverty_severity", "Severity (FGT2) × 100"),
]
EFFECTS = [
    Metric("poverty_headcount", "Headcount vs baseline, pp", low=-1.0),
    Metric("poverty_gap", "Poverty gap vs baseline, pp", low=-1.0),
    Metric("poverty_severity", "Severity (× 100) vs baseline", low=-1.0),
]
DEBT = [
    Metric("share_in_debt", "Households in debt, %"),
    Metric("debt_trap_share", "Households in a debt trap, %"),
    Metric(
        "rollover_borrowing",
        "Rollover borrowing,\nthousand Rp per household per month",
        1e-3,
        high=None,
    ),
    Metric("asset_sales_share", "Households selling assets, %"),
]
BUFFERS = [
    Metric("savings_buffer_share", "Households with savings\n≥ 1 month of need, %"),
    Metric("school_enrolment_poor", "School enrolment of poor children\n(aged 7-18), %"),
]
KUBE = [Metric("kube_group_survival", "KUBE groups still active, % of formed")]
# The outcome of each programme of the rest of the menu (only those a batch ran).
MENU = [
    Metric(
        "pbi_jkn_oop_health",
        "PBI-JKN: out-of-pocket health,\nthousand Rp per covered household",
        1e-3,
        high=None,
    ),
    Metric(
        "pbi_jkn_lender_after_health_shock",
        "PBI-JKN: hospitalised covered\nhouseholds borrowing from lenders, %",
    ),
    Metric("pip_enrolment", "PIP: enrolment of children\nin covered households, %"),
    Metric("elderly_reached_share", "Elderly assistance:\neligible elderly reached, %"),
    Metric("elderly_poverty", "Elderly living in poor\nhouseholds, %"),
]

Colours = dict[str, tuple[str, str]]


def _legend(fig: Figure, axes: np.ndarray) -> None:
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4))


def _band_lines(ax: Axes, band: pd.DataFrame, colours: Colours, x: str, m: Metric) -> None:
    """Mean lines and 95 % bands, the bands clipped to the metric's possible range."""
    band = band.copy()
    band[["low", "high"]] = band[["low", "high"]].clip(m.low, m.high)
    scale = m.scale
    for scenario, rows in band.groupby("scenario", sort=False):
        colour, style = colours[scenario]
        ax.plot(rows[x], rows["mean"] * scale, color=colour, ls=style, label=scenario)
        ax.fill_between(
            rows[x], rows["low"] * scale, rows["high"] * scale, color=colour, alpha=0.2, lw=0
        )


def trajectories(
    ts: pd.DataFrame, metrics: list[Metric], colours: Colours, cols: int = 1
) -> Figure | None:
    """One panel per metric: mean over replications by month with a 95 % band."""
    present = [m for m in metrics if m.column in ts.columns and ts[m.column].notna().any()]
    if not present:
        return None
    rows = -(-len(present) // cols)
    width = FULL_WIDTH_IN if cols > 1 else 3.5
    fig, axes = new_figure(rows, cols, width=width, height=2.0 * rows + 0.4)
    for ax, m in zip(axes.flat, present, strict=False):
        band = mean_band(ts.dropna(subset=[m.column]), m.column, ["scenario", "month"])
        _band_lines(ax, band, colours, "month", m)
        ax.set_ylabel(m.label)
        ax.set_xlabel("Month")
    for ax in list(axes.flat)[len(present) :]:
        ax.set_visible(False)
    _legend(fig, axes)
    return fig


def paired_effects(
    ts: pd.DataFrame, metrics: list[Metric], colours: Colours, baseline: str
) -> Figure | None:
    """Scenario minus baseline by month, paired by replication, with a 95 % band."""
    if ts["scenario"].nunique() < 2:
        return None
    fig, axes = new_figure(len(metrics), 1, height=1.9 * len(metrics) + 0.4)
    for ax, m in zip(axes.flat, metrics, strict=True):
        band = paired_band(ts, m.column, baseline, ["month"])
        _band_lines(ax, band, colours, "month", m)
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.set_ylabel(m.label)
        ax.set_xlabel("Month")
    _legend(fig, axes)
    return fig


def _registry_updates(ts: pd.DataFrame) -> list[float]:
    """Months in which the registry was rebuilt (its age drops), from one run."""
    if "registry_age_months" not in ts.columns:
        return []
    first = ts.dropna(subset=["registry_age_months"])
    if first.empty:
        return []
    key = first.iloc[0]
    run = first[
        (first["scenario"] == key["scenario"]) & (first["replication"] == key["replication"])
    ]
    age = run["registry_age_months"].to_numpy()
    months = run["month"].to_numpy()
    return [float(m) for m, d in zip(months[1:], np.diff(age), strict=True) if d < 0]


def targeting(ts: pd.DataFrame, programmes: list[str], colours: Colours) -> Figure | None:
    """Exclusion and inclusion error per programme by month, both eligibility standards
    (solid: poor on pre-transfer welfare; dashed: the programme's quota group); dotted
    vertical lines mark registry rebuilds."""
    if not programmes:
        return None
    fig, axes = new_figure(
        len(programmes), 2, width=FULL_WIDTH_IN, height=1.9 * len(programmes) + 0.5
    )
    for ax in axes.flat[1:]:
        ax.sharex(axes.flat[0])
    updates = _registry_updates(ts)
    for row, prog in zip(axes, programmes, strict=True):
        for ax, kind in zip(row, ("exclusion", "inclusion"), strict=True):
            for suffix, style in (("", "-"), ("_quota", "--")):
                col = f"{prog}_{kind}_error{suffix}"
                if col not in ts.columns or ts[col].isna().all():
                    continue
                band = mean_band(ts.dropna(subset=[col]), col, ["scenario", "month"])
                for scenario, rows in band.groupby("scenario", sort=False):
                    colour = colours[scenario][0]
                    ax.plot(
                        rows["month"],
                        rows["mean"] * 100,
                        color=colour,
                        ls=style,
                        label=scenario if suffix == "" else None,
                    )
                    ax.fill_between(
                        rows["month"],
                        rows["low"] * 100,
                        rows["high"] * 100,
                        color=colour,
                        alpha=0.15,
                        lw=0,
                    )
            for m in updates:
                ax.axvline(m, color="0.5", ls=":", lw=0.8)
            ax.set_ylim(0, 100)
            ax.set_xlabel("Month")
            ax.set_ylabel(f"{kind.capitalize()} error, %")
            ax.set_title(programme_label(prog), loc="left", fontweight="bold")
    for style, std in (("-", "eligible = poor (poverty line)"), ("--", "eligible = quota group")):
        axes[-1, -1].plot([], [], color="0.3", ls=style, label=std)
    _legend(fig, axes)
    return fig


def by_quintile(aspire: pd.DataFrame, colours: Colours) -> Figure | None:
    """Coverage (% of the quintile's people) and benefit incidence (% of the amount) by
    pre-transfer welfare quintile, per programme; one bar per scenario."""
    if aspire is None or aspire.empty:
        return None
    programmes = list(dict.fromkeys(aspire["programme"]))
    fig, axes = new_figure(
        len(programmes), 2, width=FULL_WIDTH_IN, height=1.9 * len(programmes) + 0.5
    )
    for row, prog in zip(axes, programmes, strict=True):
        sub = aspire[(aspire["programme"] == prog) & (aspire["quintile"] != "All")]
        scenarios = list(dict.fromkeys(sub["scenario"]))
        width = 0.8 / max(len(scenarios), 1)
        for ax, col, label in (
            (row[0], "coverage", "Coverage, % of people"),
            (row[1], "benefit_incidence", "Benefit incidence, % of amount"),
        ):
            ax.set_title(programme_label(prog), loc="left", fontweight="bold")
            for i, scenario in enumerate(scenarios):
                rows = sub[sub["scenario"] == scenario]
                x = rows["quintile"].astype(int).to_numpy() + (i - (len(scenarios) - 1) / 2) * width
                ax.bar(x, rows[col] * 100, width=width, color=colours[scenario][0], label=scenario)
            ax.set_xticks([1, 2, 3, 4, 5], ["Q1\npoorest", "Q2", "Q3", "Q4", "Q5\nrichest"])
            ax.set_xlabel("Quintile of pre-transfer welfare")
            ax.set_ylabel(label)
    _legend(fig, axes)
    return fig


def cost_effectiveness(outcomes: pd.DataFrame, colours: Colours) -> Figure | None:
    """Extra programme spending (billion Rp over the run) against the reduction in the
    poverty-gap index (pp, mean over months), per scenario, with 95 % intervals."""
    if outcomes is None or outcomes.empty:
        return None
    fig, axes = new_figure(1, 1, height=2.8)
    ax = axes[0, 0]
    for _, r in outcomes.iterrows():
        x = r["extra_spending"] / 1e9
        xerr = [[x - r["extra_spending_low"] / 1e9], [r["extra_spending_high"] / 1e9 - x]]
        yerr = [
            [r["gap_reduction"] - r["gap_reduction_low"]],
            [r["gap_reduction_high"] - r["gap_reduction"]],
        ]
        ax.errorbar(
            x,
            r["gap_reduction"],
            xerr=xerr,
            yerr=yerr,
            fmt="o",
            ms=4,
            capsize=2,
            color=colours[r["scenario"]][0],
            label=r["scenario"],
        )
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel("Extra programme spending, billion Rp over the run")
    ax.set_ylabel("Poverty-gap reduction vs baseline, pp")
    _legend(fig, axes)
    return fig


def sobol_bars(indices: pd.DataFrame) -> Figure | None:
    """First-order (S1) and total (ST) Sobol indices per parameter with 95 % intervals,
    one panel per output."""
    if indices is None or indices.empty:
        return None
    import textwrap

    outputs = list(dict.fromkeys(indices["output"]))
    n_par = int(indices.groupby("output").size().max())
    row_h = max(1.6, 0.42 * n_par + 0.7)
    fig, axes = new_figure(len(outputs), 1, width=FULL_WIDTH_IN, height=row_h * len(outputs))
    for ax, out in zip(axes.flat, outputs, strict=True):
        rows = indices[indices["output"] == out]
        y = np.arange(len(rows))
        for k, (col, colour, label) in enumerate(
            (("S1", "#0072B2", "S1 (first order)"), ("ST", "#E69F00", "ST (total)"))
        ):
            ax.barh(
                y + (k - 0.5) * 0.38,
                rows[col],
                height=0.38,
                xerr=rows[f"{col}_conf"],
                color=colour,
                label=label,
                error_kw={"lw": 0.8, "capsize": 2},
            )
        ax.set_yticks(y, ["\n".join(textwrap.wrap(str(p), 45)) for p in rows["parameter"]])
        ax.invert_yaxis()
        ax.axvline(0.0, color="0.6", lw=0.6)
        ax.set_title(out, loc="left", fontweight="bold")
        ax.set_xlabel("Index (share of output variance)")
    _legend(fig, axes)
    return fig


def _spread(targets: np.ndarray, gap: float, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """Positions as close as possible to ``targets`` (axes fractions) yet at least
    ``gap`` apart and within [low, high]: labels that cannot overlap."""
    order = np.argsort(targets, kind="stable")
    pos = np.clip(targets[order].astype(float), low, high)
    for i in range(1, pos.size):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    overflow = pos[-1] - high if pos.size else 0.0
    if overflow > 0:
        pos -= overflow
        for i in range(pos.size - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    out = np.empty_like(pos)
    out[order] = pos
    return out


def morris_plot(indices: pd.DataFrame, wrap: int = 34) -> Figure | None:
    """Morris screening: mu* (mean absolute elementary effect, with 95 % interval)
    against sigma, one row per output; points above the diagonal interact or act
    non-linearly. Parameter labels sit in a column beside the plot, spaced so that they
    never overlap, each joined to its point by a thin line."""
    import textwrap

    from matplotlib.patches import ConnectionPatch

    if indices is None or indices.empty:
        return None
    outputs = list(dict.fromkeys(indices["output"]))
    n_par = int(indices.groupby("output").size().max())
    labels_all = ["\n".join(textwrap.wrap(str(p), wrap)) for p in indices["parameter"]]
    lines = max(lab.count("\n") + 1 for lab in labels_all)
    label_in = lines * 6.5 * 1.35 / 72  # inches one label needs (6.5 pt type)
    row_h = max(2.4, n_par * label_in / 0.7 + 0.9)
    fig, axes = new_figure(
        len(outputs),
        2,
        width=FULL_WIDTH_IN,
        height=row_h * len(outputs),
        width_ratios=[3, 2],
    )
    for (ax, key), out in zip(axes, outputs, strict=True):
        rows = indices[indices["output"] == out].reset_index(drop=True)
        ax.errorbar(
            rows["mu_star"],
            rows["sigma"],
            xerr=rows["mu_star_conf"],
            fmt="o",
            ms=3,
            color="#0072B2",
            capsize=2,
            lw=0.8,
        )
        top = float(np.nanmax(np.r_[rows["mu_star"] + rows["mu_star_conf"], rows["sigma"], 0]))
        top = top * 1.08 or 1.0
        ax.plot([0, top], [0, top], color="0.6", lw=0.6, ls="--")
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xlabel("μ*, mean absolute elementary effect")
        ax.set_ylabel("σ of the elementary effects")
        ax.set_title(out, loc="left", fontweight="bold")
        key.set_axis_off()
        key.set_ylim(0, 1)
        key.set_xlim(0, 1)
        labels = ["\n".join(textwrap.wrap(str(p), wrap)) for p in rows["parameter"]]
        gap = min(1.0 / max(len(labels), 1), label_in / (row_h * 0.7))
        targets = np.asarray(rows["sigma"], dtype=float) / top
        ys = _spread(np.nan_to_num(targets), gap, gap / 2, 1 - gap / 2)
        for (_, r), lab, y in zip(rows.iterrows(), labels, ys, strict=True):
            key.text(0.06, y, lab, va="center", ha="left", fontsize=6.5)
            fig.add_artist(
                ConnectionPatch(
                    xyA=(r["mu_star"], r["sigma"]),
                    coordsA=ax.transData,
                    xyB=(0.05, y),
                    coordsB=key.transAxes,
                    color="0.55",
                    lw=0.5,
                )
            )
    return fig
