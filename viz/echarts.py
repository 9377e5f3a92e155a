"""An ECharts figure whose option the page's renderer does not walk.

Solara's ``FigureEcharts`` passes the option (a nested dict with thousands of map
points) as an element argument, and the renderer (reacton) walks every nested list and
dict of every argument on each render looking for child elements: about 0.9 s per month
for the page's figures. Here the option travels inside :class:`Opaque`, which the
renderer passes through unvisited; the widget sends its dict to the browser unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara
import traitlets
from solara.components.echarts import EchartsWidget


class Opaque:
    """A value the renderer passes through without looking inside (compared by identity,
    so every render sends the new option)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _to_json(value: Any, widget: Any) -> Any:
    return value.value if isinstance(value, Opaque) else value


class OpaqueEchartsWidget(EchartsWidget):
    """Solara's ECharts widget with an ``option`` that may be wrapped in :class:`Opaque`."""

    option = traitlets.Any({}).tag(sync=True, to_json=_to_json)


@solara.component
def EchartsFigure(
    option: dict,
    on_click: Callable[[Any], Any] | None = None,
    height_px: int = 330,
    css_class: str = "",
):
    """An ECharts figure ``height_px`` high and as wide as its column."""
    return OpaqueEchartsWidget.element(
        option=Opaque(option),
        on_click=on_click,
        attributes={"style": f"height: {height_px}px; width: 100%;", "class": css_class},
    )
