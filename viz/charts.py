"""ECharts options (plain dicts) for the browser page: policy against comparator month by
month with the paired difference and its band, and the household map.

The page sends these to the browser, which draws them on a canvas (Solara's
``FigureEcharts``): Python only builds the numbers, so a month costs a few milliseconds
of Python instead of a matplotlib render per figure (docs/PAGE.md).
"""

from __future__ import annotations

import math

import numpy as np

from viz.series import PairedSeries

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
           "#e377c2", "#7f7f7f", "#bcbd22")  # fmt: skip
STATUS_COLOURS = {"poor": "#d7301f", "near-poor": "#fdae61", "non-poor": "#c7dcb8"}
DIFFERENCE_COLOURS = {
    "lifted out: poor under the comparator, not under the policy": "#1a9850",
    "pushed in: poor under the policy, not under the comparator": "#d73027",
    "poor under both": "#fdae61",
    "poor under neither": "#e6e6e6",
}
REACH_COLOURS = {
    "poor, reached by a programme": "#4575b4",
    "poor, reached by no programme": "#d7301f",
    "not poor, reached": "#abd9e9",
    "not poor, not reached": "#e6e6e6",
}
MAP_MODES = {
    "status": STATUS_COLOURS,
    "difference": DIFFERENCE_COLOURS,
    "reach": REACH_COLOURS,
}
CHART_HEIGHT_PX = 330
MAP_LEFT, MAP_TOP = 10, 34  # pixels from the map figure's corner to its first cell


def _values(a: np.ndarray | None, scale: float) -> list:
    if a is None:
        return []
    return [None if not math.isfinite(v) else round(float(v) / scale, 6) for v in a]


def paired_chart(
    title: str,
    unit: str,
    lines: list[tuple[str, PairedSeries]],
    scale: float = 1.0,
    comparator_name: str = "",
) -> dict:
    """Top: each metric under the policy (solid) and the comparator (dashed); bottom:
    paired difference policy minus comparator (mean over seeds) with its 95 % band."""
    months = [int(m) for m in lines[0][1].months] if lines else [0]
    series: list[dict] = []
    legend: list[str] = []
    for k, (label, s) in enumerate(lines):
        colour = PALETTE[k % len(PALETTE)]
        name = f"{label} (policy)"
        legend.append(name)
        series.append(_line(name, s.policy, scale, colour, 0))
        if s.comparator is not None:
            name = f"{label} (comparator)"
            legend.append(name)
            series.append(_line(name, s.comparator, scale, colour, 0, dashed=True))
        if s.difference is not None:
            name = f"{label} difference"
            if s.low is not None:
                series.append(_band(f"{label} 95 % band (low)", s.low, scale, colour))
                series.append(_band(f"{label} 95 % band (high)", s.high, scale, colour))
            series.append(_line(name, s.difference, scale, colour, 1))
    diff_title = "policy minus " + (comparator_name or "comparator")
    if any(s.low is not None for _, s in lines):
        diff_title += " (mean over seeds, 95 % band)"
    if not lines:
        title += ": no programme in these runs"
    return {
        "animation": False,
        "aria": {"enabled": True},
        "title": [
            {"text": f"{title} ({unit})", "textStyle": {"fontSize": 13}, "left": 8},
            {"text": diff_title, "textStyle": {"fontSize": 11}, "left": 8, "top": "58%"},
        ],
        "tooltip": {"trigger": "axis"},
        "legend": {
            "data": legend,
            "right": 4,
            "top": 2,
            "orient": "vertical",
            "textStyle": {"fontSize": 10},
        },  # fmt: skip
        "grid": [
            {"left": 58, "right": 190, "top": 30, "height": "42%"},
            {"left": 58, "right": 190, "top": "66%", "height": "22%"},
        ],
        "xAxis": [
            {"type": "category", "data": months, "gridIndex": 0, "name": "month"},
            {"type": "category", "data": months, "gridIndex": 1, "name": "month"},
        ],
        "yAxis": [
            {"type": "value", "gridIndex": 0, "scale": True},
            {"type": "value", "gridIndex": 1, "scale": True},
        ],
        "series": series,
    }


def _line(name, values, scale, colour, axis, dashed=False) -> dict:
    return {
        "name": name,
        "type": "line",
        "xAxisIndex": axis,
        "yAxisIndex": axis,
        "data": _values(values, scale),
        "showSymbol": False,
        "lineStyle": {"color": colour, "width": 1.5, "type": "dashed" if dashed else "solid"},
        "itemStyle": {"color": colour},
    }


def _band(name, values, scale, colour) -> dict:
    """One bound of the band, a thin dotted line (ECharts 5.4 cannot fill between two
    lines of either sign: stacking adds negative and positive values separately)."""
    return {
        "name": name,
        "type": "line",
        "xAxisIndex": 1,
        "yAxisIndex": 1,
        "data": _values(values, scale),
        "showSymbol": False,
        "lineStyle": {"color": colour, "width": 1, "type": "dotted", "opacity": 0.8},
        "itemStyle": {"color": colour},
        "tooltip": {"show": False},
        "silent": True,
    }


def map_chart(layout, categories: np.ndarray, mode: str, title: str, picked: int | None) -> dict:
    """Every household a square in its village block, coloured by ``categories``
    (indices into the mode's legend); the picked household outlined. Clicking a square
    reports ``[x, y, household]``."""
    colours = MAP_MODES[mode]
    cell = map_cell(layout)
    series = []
    for code, (label, colour) in enumerate(colours.items()):
        rows = np.flatnonzero(categories == code)
        series.append(
            {
                "name": label,
                "type": "scatter",
                "symbol": "rect",
                "symbolSize": cell - 1,
                "itemStyle": {"color": colour},
                "data": [[int(layout.x[i]), int(layout.y[i]), int(i)] for i in rows],
                "animation": False,
                "large": True,
                "largeThreshold": 200,
            }
        )
    if picked is not None and 0 <= picked < layout.x.size:
        series.append(
            {
                "name": f"household {picked}",
                "type": "scatter",
                "symbol": "rect",
                "symbolSize": cell + 3,
                "itemStyle": {"color": "rgba(0,0,0,0)", "borderColor": "#000", "borderWidth": 2},
                "data": [[int(layout.x[picked]), int(layout.y[picked]), int(picked)]],
                "z": 10,
            }
        )
    return {
        "animation": False,
        "aria": {"enabled": True},
        "title": {"text": title, "textStyle": {"fontSize": 13}, "left": 8},
        "legend": {"data": list(colours), "bottom": 0, "left": 8, "textStyle": {"fontSize": 10}},
        "tooltip": {"trigger": "item", "formatter": "household {@[2]}"},
        "grid": {
            "left": MAP_LEFT,
            "top": MAP_TOP,
            "width": cell * layout.width,
            "height": cell * layout.height,
        },  # fmt: skip
        "xAxis": {"type": "value", "min": -0.5, "max": layout.width - 0.5, "show": False},
        "yAxis": {
            "type": "value",
            "min": -0.5,
            "max": layout.height - 0.5,
            "show": False,
            "inverse": True,
        },  # fmt: skip
        "series": series,
    }


def map_cell(layout) -> int:
    """Pixels per household cell on the map (the grid starts MAP_LEFT, MAP_TOP px in)."""
    return max(3, min(620 // max(layout.width, 1), 400 // max(layout.height, 1)))


def map_height(layout) -> int:
    """Pixels the map chart needs (grid, title and legend)."""
    return map_cell(layout) * layout.height + MAP_TOP + 60


def difference_categories(poor_policy: np.ndarray, poor_comparator: np.ndarray) -> np.ndarray:
    """0 lifted out, 1 pushed in, 2 poor under both, 3 under neither."""
    out = np.full(poor_policy.size, 3, np.int8)
    out[poor_comparator & ~poor_policy] = 0
    out[poor_policy & ~poor_comparator] = 1
    out[poor_policy & poor_comparator] = 2
    return out


def reach_categories(poor: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """0 poor reached, 1 poor not reached, 2 not poor reached, 3 neither."""
    return np.where(poor, np.where(reached, 0, 1), np.where(reached, 2, 3)).astype(np.int8)
