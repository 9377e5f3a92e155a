"""jaring in the browser: a Mesa page to compare a policy with its comparator month by
month, at the same seeds.

Start it with ``python run.py viz [--scenario FILE] [--host H] [--port P]`` (which runs
``solara run app.py``). The sidebar holds Mesa's run controls (Reset / Play / Step, from
``mesa.visualization.solara_viz.ModelController``), "run to month N", and the settings
(viz/controls.py says which parameters they set and when). The main area shows
the month, the household map, the household inspector and the paired plots
(ECharts, drawn by the browser; docs/PAGE.md).
"""

from __future__ import annotations

import numpy as np
import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import force_update, update_counter

from model.household import status_codes
from viz.charts import (
    CHART_HEIGHT_PX,
    MAP_MODES,
    difference_categories,
    map_chart,
    map_height,
    paired_chart,
    reach_categories,
)
from viz.controls import (
    CONTEXT_SLIDERS,
    MAX_SEEDS,
    NO_COMPARATOR,
    PAGE_HOUSEHOLDS_STEP,
    PAGE_MAX_HOUSEHOLDS,
    PAGE_MIN_HOUSEHOLDS,
    REGISTRY_SLIDERS,
    Control,
    programme_label,
    programme_names,
    programme_sliders,
    scenario_toml,
    start_values,
    switch_name,
)
from viz.echarts import EchartsFigure
from viz.inspector import household_history, household_record
from viz.page_model import ExploreModel, page_start
from viz.series import paired_series

CHOICES, START = page_start()
PAGE_TITLE = "jaring: policy against comparator"
CAPTION = {"font-size": "0.8em", "color": "#666", "margin-top": "-6px"}
# keep the sidebar as wide as the space Solara gives it (a Select otherwise widens it)
SIDEBAR_CSS = """
.jaring-sidebar { max-width: 370px; overflow-x: hidden; }
.jaring-sidebar .v-input, .jaring-sidebar .v-select__slot { min-width: 0; max-width: 100%; }
.jaring-sidebar .v-select__selections input { min-width: 0; width: 0; }
"""
MAP_MODE_LABELS = {
    "status": "status under the policy",
    "difference": "policy vs comparator: who is poor",
    "reach": "reached by a programme",
}


# ---------------------------------------------------------------- controls
@solara.component
def SliderControl(
    control: Control, values: solara.Reactive[dict], disabled: bool = False, why: str = ""
):
    """A slider showing its value with its unit, and the parameter it sets."""
    value = values.value[control.name]
    slider = solara.SliderFloat if control.is_float else solara.SliderInt
    with solara.Column(gap="0px", classes=["jaring-control"]):
        solara.Text(f"{control.label}: {control.shown(value)}", classes=["jaring-value"])
        slider(
            label="",
            value=value,
            min=control.low,
            max=control.high,
            step=control.step,
            on_value=lambda v: values.set({**values.value, control.name: v}),
            thumb_label=False,
            disabled=disabled,
        )
        note = control.key + (f" ({why})" if disabled and why else "")
        solara.Text(note, style=CAPTION)


@solara.component
def ScenarioControls(values: solara.Reactive[dict]):
    v = values.value

    def pick(name: str) -> None:
        keep = {k: v[k] for k in ("households", "seed", "seeds")}
        values.set({**start_values(CHOICES[name]), **keep})

    def put(key):
        return lambda x: values.set({**values.value, key: x})

    solara.Select("Scenario (the policy)", values=list(CHOICES), value=v["scenario_name"],
                  on_value=pick)  # fmt: skip
    solara.Select("Comparator", values=[NO_COMPARATOR, *CHOICES], value=v["comparator"],
                  on_value=put("comparator"))  # fmt: skip
    solara.Text("default: the file the scenario extends (its baseline)", style=CAPTION)
    PlainSlider(
        f"Households: {v['households']:,}",
        "run.households",
        v["households"],
        (PAGE_MIN_HOUSEHOLDS, PAGE_MAX_HOUSEHOLDS, PAGE_HOUSEHOLDS_STEP),
        put("households"),
    )
    solara.InputText("Months", value=str(v["months"]), on_value=put("months"))
    solara.Text("run.months: the last month of the run", style=CAPTION)
    solara.InputText("Seed", value=str(v["seed"]), on_value=put("seed"))
    solara.Text("run.seed: the same seed for the policy and the comparator", style=CAPTION)
    PlainSlider(
        f"Seeds run together: {v['seeds']}",
        "seeds seed, seed+1, ...: the replication band",
        v["seeds"],
        (1, MAX_SEEDS, 1),
        put("seeds"),
    )


@solara.component
def PlainSlider(text: str, caption: str, value: int, bounds: tuple, on_value):
    """A whole-number slider with its value in ``text`` and a caption below."""
    low, high, step = bounds
    with solara.Column(gap="0px", classes=["jaring-control"]):
        solara.Text(text, classes=["jaring-value"])
        solara.SliderInt(label="", value=value, min=low, max=high, step=step,
                         on_value=on_value, thumb_label=False)  # fmt: skip
        solara.Text(caption, style=CAPTION)


@solara.component
def ContextControls(values: solara.Reactive[dict]):
    v = values.value
    solara.Switch(label="Crisis on", value=v["crisis"],
                  on_value=lambda x: values.set({**values.value, "crisis": x}))  # fmt: skip
    solara.Text("crises (from crisis.toml when the scenario has none); both runs", style=CAPTION)
    for c in CONTEXT_SLIDERS:
        SliderControl(c, values, disabled=not v["crisis"], why="switch the crisis on to use")


@solara.component
def ProgrammeControls(values: solara.Reactive[dict]):
    """A switch per declared programme and its sliders (disabled while it is off)."""
    v = values.value
    for name in programme_names():
        on = bool(v[switch_name(name)])
        solara.Switch(
            label=f"{programme_label(name)} on",
            value=on,
            on_value=lambda x, name=name: values.set({**values.value, switch_name(name): x}),
        )
        solara.Text(f"programmes.{name}.enabled", style=CAPTION)
        for c in programme_sliders(name):
            SliderControl(
                c, values, disabled=not on, why=f"switch {programme_label(name)} on to use"
            )


@solara.component
def RegistryControls(values: solara.Reactive[dict]):
    for c in REGISTRY_SLIDERS:
        SliderControl(c, values)
    solara.InputTextArea(
        "Other settings (key=value a line, as --set)",
        value=values.value["other"],
        on_value=lambda x: values.set({**values.value, "other": x}),
        rows=2,
    )
    solara.Text("any parameter `run.py params` lists, e.g. income.transitory_sd=0.2",
                style=CAPTION)  # fmt: skip


@solara.component
def RunToMonth(model: solara.Reactive[ExploreModel]):
    """Step every run to month N, then draw once."""
    target = solara.use_reactive(12)

    def go() -> None:
        model.value.run_to(int(target.value or 0))
        force_update()

    solara.InputInt("Month N", value=target, on_value=target.set)
    solara.Button("Run to month N", on_click=go, color="primary")


@solara.component
def Downloads(model: solara.Reactive[ExploreModel]):
    m = model.value  # the files are made when clicked: the month then
    desc = "exported from the jaring browser page: " + ("; ".join(m.applied) or "as shipped")
    solara.FileDownload(
        lambda: m.series_frame().to_csv(index=False),
        filename="timeseries.csv",
        label="Series (CSV, as timeseries.csv)",
        mime_type="text/csv",
    )
    solara.FileDownload(
        lambda: scenario_toml(m.setup.policy, desc),
        filename=f"{m.params.name}_page.toml",
        label="Policy settings (scenario TOML)",
        mime_type="application/toml",
    )
    if m.setup.comparator is not None:
        solara.FileDownload(
            lambda: scenario_toml(m.setup.comparator, "comparator of the page's run"),
            filename=f"{m.setup.comparator.name}_comparator.toml",
            label="Comparator settings (scenario TOML)",
            mime_type="application/toml",
        )
    n = len(m.setup.seeds)
    solara.Text(
        f"Reproduce: run.py run {m.params.name}_page.toml"
        + (f" {m.setup.comparator.name}_comparator.toml" if m.setup.comparator else "")
        + (f" --replications {n}" if n > 1 else ""),
        style=CAPTION,
    )


# ---------------------------------------------------------------- main area
@solara.component
def MonthPanel(model: ExploreModel):
    update_counter.get()
    comp = model.setup.comparator
    names = ", ".join(programme_label(p.name) for p in model.programmes) or "none"
    seeds = model.setup.seeds
    with solara.Column(gap="4px"):
        solara.Text(
            f"Month {model.month} of {model.last_month}",
            style={"font-size": "1.7em", "font-weight": "500"},
            classes=["jaring-month"],
        )
        solara.Text(
            f"Scenario {model.params.name}: {model.state.n:,} households, "
            f"crises: {len(model.params.crises)}, programmes: {names}"
        )
        solara.Text(f"Comparator: {comp.name}" if comp is not None else "Comparator: none")
        solara.Text(
            f"Seeds: {seeds[0]}"
            + (f" to {seeds[-1]} ({len(seeds)} paired runs)" if len(seeds) > 1 else "")  # fmt: skip
        )
        if model.input_error:
            solara.Error(model.input_error)
        moved = [a for a in model.applied if not a.startswith("run.")]
        solara.Text("Moved controls: " + ("; ".join(moved) if moved else "none"))
        spend = [
            f"{programme_label(p.name)} Rp {p.spent / 1e6:,.1f} million" for p in model.programmes
        ]
        solara.Text("Spending this month: " + ("; ".join(spend) if spend else "none"))
        h = model.latest
        line = f"Poverty headcount: policy {h['poverty_headcount'] * 100:.2f} %"
        if model.comparator is not None:
            c = model.comparator.latest["poverty_headcount"]
            line += f", comparator {c * 100:.2f} %, difference "
            line += f"{(h['poverty_headcount'] - c) * 100:+.2f} points (seed {seeds[0]})"
        solara.Text(line)


@solara.component
def HouseholdMap(model: ExploreModel, picked: solara.Reactive[int | None]):
    update_counter.get()
    mode = solara.use_reactive("status")
    modes = [m for m in MAP_MODES if m != "difference" or model.comparator is not None]
    if mode.value not in modes:
        mode.set("status")
    poor = np.asarray(model.poor, bool)
    if mode.value == "difference":
        cats = difference_categories(poor, np.asarray(model.comparator.poor, bool))
        lifted = int((cats == 0).sum())
        pushed = int((cats == 1).sum())
        title = f"Policy vs comparator: {lifted:,} lifted out, {pushed:,} pushed in"
    elif mode.value == "reach":
        reached = np.zeros(model.state.n, bool)
        for p in model.programmes:
            reached |= p.covered
        cats = reach_categories(poor, reached)
        title = f"{int((cats == 1).sum()):,} poor households reached by no programme"
    else:
        cats = status_codes(model)
        title = f"Households by village: {int(poor.sum()):,} poor"

    def clicked(event) -> None:
        data = (event or {}).get("data")
        if isinstance(data, list) and len(data) == 3:
            picked.set(int(data[2]))

    labels = {MAP_MODE_LABELS[m]: m for m in modes}
    solara.Select(
        "Map shows",
        values=list(labels),
        value=MAP_MODE_LABELS[mode.value],
        on_value=lambda label: mode.set(labels[label]),
    )
    EchartsFigure(
        map_chart(model.layout, cats, mode.value, title, picked.value),
        on_click=clicked,
        height_px=map_height(model.layout),
        css_class="jaring-map",
    )
    solara.Text("Click a household to inspect it.", style=CAPTION)


@solara.component
def Inspector(model: ExploreModel, picked: solara.Reactive[int | None]):
    update_counter.get()
    with solara.Row():
        solara.InputInt(
            "Household number",
            value=picked.value if picked.value is not None else 0,
            on_value=picked.set,
        )
    i = picked.value
    if i is None:
        solara.Text("Pick a household on the map or type its number.")
        return
    if not 0 <= i < model.state.n:
        solara.Error(f"household: must be between 0 and {model.state.n - 1}, got {i}")
        return
    solara.Text(f"Household {i} in month {model.month}", style={"font-weight": "500"})
    record = household_record(model, i)
    sections = list(record.items())
    half = (len(sections) + 1) // 2
    with solara.Columns([1, 1]):
        for part in (sections[:half], sections[half:]):
            with solara.Column(gap="0px"):
                for title, rows in part:
                    solara.Text(title, style={"font-weight": "500", "margin-top": "6px"})
                    for label, value in rows:
                        solara.Text(f"{label}: {value}", classes=["jaring-record"])
    hist = household_history(model, i)
    lines = {
        "welfare ratio (policy)": hist["welfare_ratio"],
        "welfare ratio (comparator)": hist.get("comparator_welfare_ratio"),
    }
    money = {"savings": hist["savings"], "debt": hist["debt"], "received": hist["received"]}
    option = {
        "animation": False,
        "aria": {"enabled": True},
        "title": {"text": f"Household {i} over the run", "textStyle": {"fontSize": 12}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "textStyle": {"fontSize": 10}},
        "grid": {"left": 50, "right": 70, "top": 45, "bottom": 60},
        "xAxis": {"type": "category", "data": hist["month"], "name": "month"},
        "yAxis": [
            {"type": "value", "name": "x poverty line"},
            {"type": "value", "name": "Rp thousand"},
        ],
        "series": [
            {"name": k, "type": "line", "data": [round(x, 4) for x in v], "showSymbol": False,
             "lineStyle": {"type": "dashed" if "comparator" in k else "solid"}}
            for k, v in lines.items() if v is not None
        ] + [
            {"name": k, "type": "line", "yAxisIndex": 1, "showSymbol": False,
             "data": [round(x / 1e3, 1) for x in v]}
            for k, v in money.items()
        ],
    }  # fmt: skip
    EchartsFigure(option, height_px=240, css_class="jaring-history")


CHARTS = (
    ("Poverty headcount", "share of persons", lambda m: {"headcount": "poverty_headcount"}, 1.0),
    ("Poverty gap", "index", lambda m: {"poverty gap": "poverty_gap"}, 1.0),
    (
        "Debt trap and savings buffer",
        "share of households",
        lambda m: {"debt trap": "debt_trap_share", "savings buffer": "savings_buffer_share"},
        1.0,
    ),
    (
        "Spending per programme",
        "Rp million per month",
        lambda m: {programme_label(n): f"{n}_spending" for n in _programmes_of(m)},
        1e6,
    ),
    (
        "Targeting: exclusion error",
        "share of the intended",
        lambda m: {programme_label(n): f"{n}_exclusion_error" for n in _programmes_of(m)},
        1.0,
    ),
)


def _programmes_of(model: ExploreModel) -> list[str]:
    """Programmes of the policy or the comparator, in the policy's order first."""
    names = [p.name for p in model.programmes]
    if model.comparator is not None:
        names += [p.name for p in model.comparator.programmes if p.name not in names]
    return names


def make_chart(title: str, unit: str, keys, scale: float):
    @solara.component
    def Chart(model: ExploreModel):
        update_counter.get()
        lines = []
        for label, key in keys(model).items():
            s = paired_series(model.policy_runs, model.comparator_runs, key)
            if s is not None:
                lines.append((label, s))
        comp = model.setup.comparator.name if model.setup.comparator is not None else ""
        EchartsFigure(
            paired_chart(title, unit, lines, scale, comp),
            height_px=CHART_HEIGHT_PX,
            css_class="jaring-chart",
        )

    Chart.__name__ = title
    return Chart


CHART_COMPONENTS = [make_chart(*c) for c in CHARTS]


@solara.component
def Page():
    initial = solara.use_memo(ExploreModel, [])
    model = solara.use_reactive(initial)
    values = solara.use_reactive(dict(START))
    picked = solara.use_reactive(None)
    play_interval = solara.use_reactive(150)  # ms between months when playing
    render_interval = solara.use_reactive(1)  # draw every month
    use_threads = solara.use_reactive(False)
    with solara.AppBar():
        solara.AppBarTitle(PAGE_TITLE)
    solara.Style(SIDEBAR_CSS)
    with solara.Sidebar(), solara.Column(classes=["jaring-sidebar"]):
        with solara.Card("Run"):
            ModelController(
                model,
                model_parameters=values,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
            solara.Text(
                "Reset: apply the settings below and start again at month 0. "
                "▶ plays month after month (❚❚ pauses); Step: one month.",
                style=CAPTION,
            )
            RunToMonth(model)
        with solara.Card("Scenario, comparator and seeds"):
            ScenarioControls(values)
        with solara.Card("Crisis (policy and comparator)"):
            ContextControls(values)
        with solara.Card("Programmes (policy only)"):
            ProgrammeControls(values)
        with solara.Card("Registry and other settings (policy only)"):
            RegistryControls(values)
        with solara.Card("Export"):
            Downloads(model)
    m = model.value
    with solara.Column():
        MonthPanel(m)
        with solara.Columns([3, 2]):
            with solara.Column():
                HouseholdMap(m, picked)
            with solara.Column():
                Inspector(m, picked)
        with solara.Columns([1, 1]):
            with solara.Column():
                for chart in CHART_COMPONENTS[0::2]:
                    chart(m)
            with solara.Column():
                for chart in CHART_COMPONENTS[1::2]:
                    chart(m)


page = Page
