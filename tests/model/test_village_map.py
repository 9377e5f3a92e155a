"""The household map: villages as blocks of a Mesa grid, statuses as the agents see them."""

from __future__ import annotations

import math

import numpy as np
from conftest import small

from model.household import STATUSES, Household, status_codes
from model.model import ArrayModel
from model.village_map import GAP, place_on_grid, village_layout


def test_layout_closed_form():
    # villages of 5, 3 and 9 households: blocks of side 3 (fits 9), 2 blocks to a row.
    village = np.repeat([0, 1, 2], [5, 3, 9])
    lay = village_layout(village)
    assert (lay.side, lay.columns) == (3, 2)
    assert (lay.width, lay.height) == (2 * (3 + GAP) - GAP, 2 * (3 + GAP) - GAP)
    # village 0 fills row by row from its corner; village 1 starts at column side + GAP
    assert list(zip(lay.x[:5], lay.y[:5], strict=True)) == [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)]
    assert (lay.x[5], lay.y[5]) == (3 + GAP, 0)
    assert (lay.x[8], lay.y[8]) == (0, 3 + GAP)  # village 2 opens the second row of blocks


def test_every_household_has_its_own_cell_in_its_village_block():
    rng = np.random.default_rng(3)
    village = np.sort(rng.integers(0, 13, 3000))
    lay = village_layout(village)
    cells = set(zip(lay.x.tolist(), lay.y.tolist(), strict=True))
    assert len(cells) == village.size
    assert lay.x.min() >= 0 and lay.x.max() < lay.width
    assert lay.y.min() >= 0 and lay.y.max() < lay.height
    block = lay.side + GAP
    assert np.array_equal(lay.x // block + (lay.y // block) * lay.columns, village)
    assert np.all(lay.x % block < lay.side) and np.all(lay.y % block < lay.side)  # no gap
    assert lay.side == math.ceil(math.sqrt(np.bincount(village).max()))


def test_households_sit_on_a_mesa_grid_and_statuses_match_the_agents():
    m = ArrayModel(small("pkh", 800, 6), seed=5, agents=True)
    for _ in range(3):
        m.step()
    households = sorted(m.agents_by_type[Household], key=lambda h: h.index)
    grid, lay = place_on_grid(m, m.state.village, households)
    for h in households[::37]:
        assert h.cell.coordinate == (lay.x[h.index], lay.y[h.index])
        assert h in grid[(int(lay.x[h.index]), int(lay.y[h.index]))].agents
    assert sum(len(c.agents) for c in grid.all_cells) == m.state.n
    codes = status_codes(m)
    assert [STATUSES[c] for c in codes] == [h.status for h in households]
    assert np.array_equal(codes == 0, m.poor)
    assert set(codes.tolist()) == {0, 1, 2}
