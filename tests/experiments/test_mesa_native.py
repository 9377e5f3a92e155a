"""The script a Mesa user would write: build the model from a scenario file with keyword
parameters, step it until ``running`` turns False, and sweep it with ``mesa.batch_run``."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest
from conftest import ROOT, TEST_BURN_IN, small

from experiments.mesa_model import JaringModel
from experiments.runner import run_one
from experiments.scenario import ScenarioError

PKH = str(ROOT / "scenarios" / "pkh.toml")


def test_a_mesa_user_steps_the_model_until_it_stops():
    model = JaringModel(
        scenario=PKH, households=300, months=5, rng=11, run__burn_in_months=TEST_BURN_IN
    )
    assert isinstance(model, mesa.Model)
    steps = 0
    while model.running:
        model.step()
        steps += 1
    assert steps == 5 and model.month == 5
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == 6 and "pkh_recipients" in df.columns
    # the same run as the batch runner's (same scenario, size and seed)
    ref = run_one(small("pkh", 300, 5, "run.seed=11"), 0)
    assert df["poverty_gap"].tolist() == ref.timeseries["poverty_gap"].tolist()


def test_batch_run_gives_tidy_rows_with_the_swept_values():
    rows = mesa.batch_run(
        JaringModel,
        parameters={
            "scenario": PKH,
            "households": [200, 300],
            "months": 4,
            "programmes__pkh__leakage": [0.0, 0.2],
        },
        rng=[1, 2],
        max_steps=1000,  # Mesa's default: the model stops itself at month 4
        data_collection_period=-1,
        display_progress=False,
    )
    df = pd.DataFrame(rows)
    assert len(df) == 2 * 2 * 2
    assert set(df["households"]) == {200, 300}
    assert set(df["programmes__pkh__leakage"]) == {0.0, 0.2}
    assert set(df["rng"]) == {1, 2} and (df["Step"] == 4).all()
    assert not any(isinstance(v, object) and hasattr(v, "sections") for v in df.iloc[0])
    # rng is honoured: two seeds differ, the same seed repeats exactly
    a = df[(df.households == 300) & (df.programmes__pkh__leakage == 0.0)].set_index("rng")
    assert a.loc[1, "poverty_gap"] != a.loc[2, "poverty_gap"]
    again = JaringModel(scenario=PKH, households=300, months=4, rng=2, programmes__pkh__leakage=0.0)
    while again.running:
        again.step()
    assert again.latest["poverty_gap"] == a.loc[2, "poverty_gap"]
    # leakage lowers what reaches households, paired on the same seed
    b = df[(df.households == 300) & (df.rng == 1)].set_index("programmes__pkh__leakage")
    assert b.loc[0.2, "pkh_leakage"] > b.loc[0.0, "pkh_leakage"] == 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"programmes__pkh__nope": 1}, "unknown parameter"),
        ({"programmes__pkh__leakage": 3.0}, "above the maximum"),
        ({"households": "many"}, "whole number"),
        ({"rng": 1.5}, "integer seed"),
    ],
)
def test_keyword_parameters_are_validated_like_set(kwargs, message):
    with pytest.raises(ScenarioError, match=message):
        JaringModel(scenario=PKH, months=2, **{"households": 100, **kwargs})


def test_default_scenario_and_engine_rng():
    from model.model import ArrayModel as Engine

    m = JaringModel(households=100, months=2)
    assert m.params.name == "baseline" and m.seed == m.params.run.seed
    e = Engine(small("baseline", 100, 2), rng=5)
    assert e.seed == 5
    e.run()
    assert e.running is False
