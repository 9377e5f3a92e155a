"""Households on a Mesa grid, villages as square blocks: the layout of the browser map.

Village ``v`` is a block of ``side x side`` cells (``side`` fits the largest village);
its households fill the block row by row in household order. Blocks are laid out
``columns`` to a row with a one-cell gap between them, so villages read as separate
squares. The layout is for display only; the dynamics never read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid

GAP = 1  # empty cells between village blocks


@dataclass(frozen=True)
class VillageLayout:
    """Cell (x, y) of every household on a ``width x height`` grid."""

    x: np.ndarray  # int, column of each household
    y: np.ndarray  # int, row of each household
    width: int
    height: int
    side: int  # cells per side of a village block
    columns: int  # village blocks per row


def village_layout(village: np.ndarray) -> VillageLayout:
    """Place households (``village``: the village id of each) in village blocks."""
    village = np.asarray(village)
    n_vill = int(village.max()) + 1 if village.size else 1
    counts = np.bincount(village, minlength=n_vill)
    side = max(1, math.ceil(math.sqrt(int(counts.max()) if village.size else 1)))
    columns = max(1, math.ceil(math.sqrt(n_vill)))
    rows = math.ceil(n_vill / columns)
    # Rank of each household within its village, in household order.
    order = np.argsort(village, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(village.size, np.int64)
    rank[order] = np.arange(village.size) - np.repeat(starts, counts)
    block = side + GAP
    x = (village % columns) * block + rank % side
    y = (village // columns) * block + rank // side
    return VillageLayout(
        x=x.astype(np.int64),
        y=y.astype(np.int64),
        width=columns * block - GAP,
        height=rows * block - GAP,
        side=side,
        columns=columns,
    )


def place_on_grid(
    model: mesa.Model, village: np.ndarray, agents: list[mesa.Agent]
) -> tuple[OrthogonalMooreGrid, VillageLayout]:
    """A Mesa grid holding ``agents[i]`` (household ``i``) in its village block; each
    agent gets ``.cell``. Returns the grid and the layout."""
    layout = village_layout(village)
    grid = OrthogonalMooreGrid(
        (layout.width, layout.height), torus=False, capacity=1, random=model.random
    )
    for agent, x, y in zip(agents, layout.x.tolist(), layout.y.tolist(), strict=True):
        cell = grid[(x, y)]
        cell.add_agent(agent)
        agent.cell = cell
    return grid, layout
