"""The Mesa shell: a mesa.Model with Household views and a DataCollector."""

from __future__ import annotations

import mesa
import numpy as np
from conftest import small

from model.household import Household
from model.model import ArrayModel


def test_model_is_mesa_and_agents_are_views():
    m = ArrayModel(small("baseline", 300, 6), seed=1, agents=True, collect=True)
    assert isinstance(m, mesa.Model)
    households = m.agents_by_type[Household]
    assert len(households) == 300
    m.step()
    m.step()
    h = households.to_list()[17]
    assert h.size == m.state.size[17]
    assert h.debt == m.state.debt[17].sum()
    assert h.status in {"poor", "near-poor", "non-poor"}
    assert h.poor == bool(m.poor[17])
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 3
    np.testing.assert_allclose(
        df["poverty_headcount"].to_numpy(), [r["poverty_headcount"] for r in m.history]
    )


def test_batch_model_creates_no_agents():
    m = ArrayModel(small("baseline", 500, 2), seed=1)
    assert len(m.agents) == 0
