"""The browser page's controls: untouched controls keep the scenario's values, moved ones
override them, bad values give one-line errors, and the page's model never raises."""

from __future__ import annotations

import pytest
from conftest import SCENARIOS

from experiments.explore import (
    PAGE_HOUSEHOLDS,
    SLIDERS,
    page_params,
    scenario_choices,
    start_values,
)
from experiments.scenario import ScenarioError, load_scenario

CHOICES = scenario_choices(SCENARIOS / "baseline.toml")
START = start_values(SCENARIOS / "baseline.toml")


def as_shipped(name: str, households: int = PAGE_HOUSEHOLDS, seed: int | None = None):
    seed = load_scenario(SCENARIOS / f"{name}.toml").run.seed if seed is None else seed
    return load_scenario(
        SCENARIOS / f"{name}.toml", [f"run.households={households}", f"run.seed={seed}"]
    ).to_dict()


def test_start_values_are_the_scenario_on_the_sliders_steps():
    assert START["scenario_name"] == "baseline"
    assert START["households"] == PAGE_HOUSEHOLDS  # baseline has 10,000: capped
    assert START["crisis"] is False
    for c in SLIDERS:
        v = START[c.name]
        assert c.low <= v <= c.high
        assert abs((v - c.low) / c.step - round((v - c.low) / c.step)) < 1e-6


def test_untouched_controls_keep_each_scenarios_own_values():
    params, applied = page_params(START, START, CHOICES)
    assert params.to_dict() == as_shipped("baseline")
    # pkh's quota 0.106 is off the slider's 0.01 steps: still run as shipped
    params, _ = page_params({**START, "scenario_name": "pkh"}, START, CHOICES)
    assert params.programme("pkh").quota_share == 0.106
    assert params.to_dict() == as_shipped("pkh")
    assert [a for a in applied if not a.startswith("run.")] == []


def test_moved_controls_override():
    values = {**START, "scenario_name": "blt", "blt_amount": 300_000, "pmt_noise": 0.5}
    values.update(households=700, seed="42")
    params, applied = page_params(values, START, CHOICES)
    expected = load_scenario(
        SCENARIOS / "blt.toml",
        [
            "run.households=700",
            "run.seed=42",
            "programmes.blt.amount=300000",
            "registry.enumeration_noise=0.5",
        ],
    )
    assert params.to_dict() == expected.to_dict()
    assert "programmes.blt.amount=300000" in applied


def test_crisis_switch_and_severity():
    crisis = load_scenario(SCENARIOS / "crisis.toml")
    on = {**START, "crisis": True}
    params, _ = page_params(on, START, CHOICES)
    assert [dict(c) for c in params.crises] == [dict(c) for c in crisis.crises]
    params, _ = page_params({**on, "crisis_severity": 0.35}, START, CHOICES)
    assert params.crises[0].income_multiplier == pytest.approx(0.65)
    # started on a crisis scenario: switching it off removes the crisis
    start = start_values(SCENARIOS / "crisis.toml")
    assert start["crisis"] is True
    assert start["crisis_severity"] == pytest.approx(1 - crisis.crises[0].income_multiplier)
    params, _ = page_params({**start, "crisis": False}, start, CHOICES)
    assert params.crises == ()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"seed": "abc"}, "seed: must be a whole number, got 'abc'"),
        ({"seed": "-4"}, "run.seed: -4 is below the minimum 0"),
        ({"scenario_name": "nope"}, "scenario: unknown scenario 'nope'"),
    ],
)
def test_bad_values_give_one_line_errors(values, message):
    with pytest.raises(ScenarioError) as err:
        page_params({**START, **values}, START, CHOICES)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_page_model_shows_errors_instead_of_raising():
    from app import ExploreModel

    m = ExploreModel(seed="twelve", households=300)
    assert "seed: must be a whole number" in m.input_error
    assert m.params.to_dict() == as_shipped("baseline")  # the start scenario instead
    ok = ExploreModel(households=300, seed="7", scenario_name="pkh")
    assert ok.input_error is None
    assert ok.params.to_dict() == as_shipped("pkh", 300, 7)
    assert sum(1 for _ in ok.grid.all_cells.agents) == 300
    short = ExploreModel(households=200)
    short.month = short.params.run.months - 2
    short.step()
    assert short.running
    short.step()
    assert not short.running  # Play stops at the scenario's last month


def test_a_start_file_outside_scenarios_is_listed_and_run(tmp_path):
    own = tmp_path / "district.toml"
    base = (SCENARIOS / "baseline.toml").as_posix()
    own.write_text(f'extends = "{base}"\nname = "district"\n[run]\nhouseholds = 1234\n')
    choices = scenario_choices(own)
    assert list(choices)[0] == str(own.resolve()) and "pkh" in choices
    start = start_values(own)
    assert start["scenario_name"] == str(own.resolve())
    assert start["households"] == 1200  # on the slider's steps
    params, _ = page_params(start, start, choices)
    assert params.name == "district" and params.run.households == 1200
