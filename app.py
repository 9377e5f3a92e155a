"""jaring in the browser: a Mesa SolaraViz page to explore one scenario month by month.

Start it with ``python run.py viz [--scenario FILE] [--host H] [--port P]`` (which runs
``solara run app.py``). The sidebar holds Mesa's Reset / Play / Step and the controls
(experiments/explore.py says which parameters they set and when); the main area shows the
month, a map of households in their villages, and plots of poverty, debt and savings,
targeting errors and spending per programme (matplotlib).
"""

from __future__ import annotations

import os

import numpy as np
import solara
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from mesa.visualization import SolaraViz

from experiments.explore import (
    PAGE_HOUSEHOLDS_STEP,
    PAGE_MAX_HOUSEHOLDS,
    PAGE_MIN_HOUSEHOLDS,
    SCENARIO_DIR,
    SLIDERS,
    START_SCENARIO_ENV,
    page_params,
    scenario_choices,
    start_values,
)
from experiments.scenario import ScenarioError
from model.household import STATUSES, Household, status_codes
from model.model import JaringModel
from model.village_map import place_on_grid

START_FILE = os.environ.get(START_SCENARIO_ENV) or str(SCENARIO_DIR / "baseline.toml")
CHOICES = scenario_choices(START_FILE)
START = start_values(START_FILE)

STATUS_COLOURS = ("#d7301f", "#fdae61", "#e0ecd8")  # poor, near-poor, non-poor
EMPTY_COLOUR = "#ffffff"
PLOT_MARGINS = {"left": 0.1, "right": 0.74, "bottom": 0.15, "top": 0.9}  # legend at right
PROGRAMME_STYLE = {  # marker colour and corner of the cell (dx, dy) per programme
    "blt": ("#08519c", (-0.25, -0.25)),
    "pkh": ("#6a3d9a", (0.25, -0.25)),
    "kube": ("#000000", (-0.25, 0.25)),
    "savings": ("#01665e", (0.25, 0.25)),
    "bpnt": ("#8c510a", (0.0, 0.0)),
}


class ExploreModel(JaringModel):
    """The model the page shows: a scenario with the page's controls applied, households
    as Mesa agents placed village by village on a Mesa grid.

    Bad control values never raise: the page's start scenario is shown instead and
    ``input_error`` holds the one-line message.
    """

    def __init__(self, scenario=None, **controls):  # ``scenario``: Mesa's, unused
        values = {**START, **controls}
        self.input_error: str | None = None
        try:
            params, applied = page_params(values, START, CHOICES)
        except ScenarioError as exc:
            self.input_error = f"{exc} (showing the start scenario instead)"
            params, applied = page_params(START, START, CHOICES)
        super().__init__(params, agents=True, collect=True)
        self.applied = applied
        households = sorted(self.agents_by_type[Household], key=lambda h: h.index)
        self.grid, self.layout = place_on_grid(self, self.state.village, households)

    def step(self) -> None:
        super().step()
        self.running = self.month < self.params.run.months


def model_params() -> dict:
    """The sidebar's controls (Mesa user inputs), starting at the start scenario's values."""
    out: dict = {
        "scenario_name": {
            "type": "Select",
            "value": START["scenario_name"],
            "values": list(CHOICES),
            "label": "Scenario",
        },
        "households": {
            "type": "SliderInt",
            "value": START["households"],
            "min": PAGE_MIN_HOUSEHOLDS,
            "max": PAGE_MAX_HOUSEHOLDS,
            "step": PAGE_HOUSEHOLDS_STEP,
            "label": "Households",
        },
        "crisis": {"type": "Checkbox", "value": START["crisis"], "label": "Crisis on"},
    }
    for c in SLIDERS:
        out[c.name] = {
            "type": "SliderFloat" if c.is_float else "SliderInt",
            "value": START[c.name],
            "min": c.low,
            "max": c.high,
            "step": c.step,
            "label": c.label,
        }
    out["seed"] = {"type": "InputText", "value": START["seed"], "label": "Seed"}
    return out


# ---------------------------------------------------------------- components
def month_panel(model: ExploreModel):
    """Month, scenario, programmes, the values the controls stand for, input errors."""
    names = ", ".join(p.name.upper() for p in model.programmes) or "none"
    with solara.Column(gap="6px"):
        solara.Text(
            f"Month {model.month} of {model.params.run.months}",
            style={"font-size": "1.7em", "font-weight": "500"},
        )
        solara.Text(
            f"Scenario {model.params.name}: {model.state.n:,} households, "
            f"crises: {len(model.params.crises)}, programmes: {names}"
        )
        if model.input_error:
            solara.Error(model.input_error)
        solara.Text("As run: " + "; ".join(as_run(model)))
        moved = [a for a in model.applied if not a.startswith("run.")]
        solara.Text("Moved controls: " + ("; ".join(moved) if moved else "none"))


def as_run(model: ExploreModel) -> list[str]:
    """The controlled parameters' values in the running model, in words."""
    p = model.params
    out = [f"seed {p.run.seed}"]
    if p.crises:
        out.append(f"crisis income loss {1 - p.crises[0].income_multiplier:.2f}")
    names = {prog.name for prog in model.programmes}
    if "blt" in names:
        blt = p.programme("blt")
        out.append(f"BLT Rp {blt.amount:,.0f} for {blt.duration_months} months")
        if blt.shock_mode != "off":
            out.append(f"shock BLT Rp {blt.shock_amount:,.0f} for {blt.shock_months} months")
    if "pkh" in names:
        pkh = p.programme("pkh")
        out.append(f"PKH quota {pkh.quota_share:.3f}, compliance {pkh.compliance_rate:.2f}")
    if "kube" in names:
        out.append(f"KUBE grant Rp {p.programme('kube').grant_per_member:,.0f}/member")
    if "savings" in names:
        out.append(f"savings match {p.programme('savings').match_rate:.2f}")
    if model.programmes:
        reg = p.registry
        every = f" every {reg.update_months} months" if reg.updating == "periodic" else ""
        out.append(f"registry {reg.updating}{every}, PMT noise {reg.enumeration_noise:.2f}")
    return out


def _month_axis(model: ExploreModel) -> np.ndarray:
    return np.array([row["month"] for row in model.history])


def _series(model: ExploreModel, key: str) -> np.ndarray:
    return np.array([row[key] for row in model.history], float)


def line_plot(
    model: ExploreModel,
    title: str,
    ylabel: str,
    lines: dict[str, str],
    scale: float = 1.0,
    by_programme: bool = False,
    share: bool = False,
):
    """Monthly lines of ``lines`` (legend label -> metric key, divided by ``scale``) from
    the model's history; inclusion errors dashed; ``by_programme``: keys start with a
    programme name, drawn in that programme's map colour; ``share``: y axis 0 to 1."""
    fig = Figure(figsize=(6.4, 3.2))
    fig.subplots_adjust(**PLOT_MARGINS)  # fixed margins: much faster than a layout engine
    ax = fig.subplots()
    months = _month_axis(model)
    for label, key in lines.items():
        style = "--" if key.endswith("inclusion_error") else "-"
        colour = PROGRAMME_STYLE.get(key.split("_")[0], (None,))[0] if by_programme else None
        ax.plot(
            months,
            _series(model, key) / scale,
            label=label,
            linestyle=style,
            color=colour,
            marker=".",
            ms=3,
        )
    ax.set_title(title)
    ax.set_xlabel("month")
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, max(12, model.month))
    ax.grid(alpha=0.3)
    if share:
        ax.set_ylim(0, 1)
    if lines:  # beside the plot, never over a line
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    else:
        ax.text(0.5, 0.5, "no programme in this scenario", ha="center", transform=ax.transAxes)
    solara.FigureMatplotlib(fig, format="png")


def poverty_plot(model: ExploreModel):
    line_plot(
        model,
        "Poverty",
        "share / gap index",
        {"headcount": "poverty_headcount", "poverty gap": "poverty_gap"},
    )


def debt_savings_plot(model: ExploreModel):
    line_plot(
        model,
        "Debt trap and savings buffer",
        "share of households",
        {"debt-trap share": "debt_trap_share", "savings buffer share": "savings_buffer_share"},
    )


def targeting_plot(model: ExploreModel):
    lines = {}
    for p in model.programmes:
        lines[f"{p.name.upper()} exclusion"] = f"{p.name}_exclusion_error"
        lines[f"{p.name.upper()} inclusion"] = f"{p.name}_inclusion_error"
    title = "Targeting errors (solid: exclusion, dashed: inclusion)"  # pre-transfer poor
    line_plot(model, title, "share", lines, by_programme=True, share=True)


def spending_plot(model: ExploreModel):
    lines = {p.name.upper(): f"{p.name}_spending" for p in model.programmes}
    line_plot(model, "Spending per programme", "Rp million per month", lines, 1e6, True)


def household_map(model: ExploreModel):
    """Every household a cell of its village block, coloured by status; a dot per
    programme that reaches it this month."""
    lay = model.layout
    status = status_codes(model)
    raster = np.full((lay.height, lay.width), len(STATUSES), np.int8)
    raster[lay.y, lay.x] = status
    palette = np.array([_rgb(c) for c in (*STATUS_COLOURS, EMPTY_COLOUR)])
    fig = Figure(figsize=(6.4, 4.4))
    fig.subplots_adjust(left=0.01, right=0.82, bottom=0.01, top=0.93)
    ax = fig.subplots()
    ax.imshow(palette[raster], interpolation="nearest", origin="upper")
    reached = np.zeros(model.state.n, bool)
    handles = [Patch(color=c, label=s) for s, c in zip(STATUSES, STATUS_COLOURS, strict=True)]
    for p in model.programmes:
        colour, (dx, dy) = PROGRAMME_STYLE.get(p.name, ("#000000", (0.0, 0.0)))
        rows = np.flatnonzero(p.covered)
        reached[rows] = True
        ax.scatter(lay.x[rows] + dx, lay.y[rows] + dy, s=4, c=colour, marker="s", lw=0)
        handles.append(
            Line2D([], [], ls="", marker="s", color=colour, markersize=4, label=p.name.upper())
        )
    poor = status == 0
    n_poor = int(poor.sum())
    missed = int((poor & ~reached).sum())
    title = f"Households by village: {n_poor:,} poor"
    if model.programmes:
        title += f", {missed:,} of them reached by no programme"
    ax.set_title(title, fontsize=10)
    ax.set_xlim(-0.5, lay.width - 0.5)  # the whole grid, whatever the markers
    ax.set_ylim(lay.height - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    solara.FigureMatplotlib(fig, format="png")


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))


page = SolaraViz(
    ExploreModel(),
    components=[
        month_panel,
        household_map,
        poverty_plot,
        debt_savings_plot,
        targeting_plot,
        spending_plot,
    ],
    model_params=model_params(),
    name="jaring: explore a scenario",
    play_interval=200,
)
