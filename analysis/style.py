"""Figure style: colour-blind-safe palette, one colour per scenario, column-width sizes.

Colours are the Okabe-Ito palette (Okabe, M. and Ito, K. (2008), *Color Universal
Design*), safe for the common forms of colour-vision deficiency. A scenario keeps its
colour in every figure of a report (colours follow the scenario order of the results).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

OKABE_ITO = (
    "#000000",  # black (the baseline when it comes first)
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#0072B2",  # blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow (last: weak on white)
)
LINESTYLES = ("-", "--", "-.", ":")
COLUMN_WIDTH_IN = 3.5  # one journal column, inches
FULL_WIDTH_IN = 7.0  # two columns
DPI = 200

RC = {
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "lines.linewidth": 1.2,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,  # embed TrueType so journals accept the PDF
}


def scenario_colours(scenarios: list[str]) -> dict[str, tuple[str, str]]:
    """(colour, line style) per scenario; styles cycle after the eight colours."""
    n = len(OKABE_ITO)
    return {
        s: (OKABE_ITO[i % n], LINESTYLES[(i // n) % len(LINESTYLES)])
        for i, s in enumerate(scenarios)
    }


def new_figure(rows: int = 1, cols: int = 1, width: float = COLUMN_WIDTH_IN, height=None, **grid):
    """A figure with a grid of axes at journal sizes (height 2.2 in per row by default);
    ``grid`` goes to matplotlib's gridspec (e.g. ``width_ratios``)."""
    plt.rcParams.update(RC)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(width, height or 2.2 * rows),
        squeeze=False,
        layout="constrained",
        gridspec_kw=grid or None,
    )
    return fig, axes


def save_figure(fig: Figure, folder: Path, name: str) -> list[Path]:
    """Write ``name.png`` (200 dpi) and ``name.pdf`` into ``folder``; close the figure."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.pdf"]
    fig.savefig(paths[0], dpi=DPI)
    fig.savefig(paths[1])
    plt.close(fig)
    return paths
