"""The browser page's controls and model, in process: untouched controls keep the
scenario's values, moved ones override them, programme switches and context controls
reach the right runs, bad values give one-line errors, the page's model never raises,
honours ``rng=`` (``mesa.batch_run``), pairs the comparator by seed, and its exported
scenario file, run by ``run.py run``, reproduces its series."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from conftest import SCENARIOS

from experiments.scenario import ScenarioError, load_scenario
from model.parameters import Spec
from model.sections import SECTIONS
from viz import controls as explore
from viz.controls import (
    PAGE_HOUSEHOLDS,
    SLIDERS,
    default_comparator,
    generic_sliders,
    page_params,
    programme_names,
    scenario_choices,
    scenario_toml,
    start_values,
    switch_name,
)
from viz.page_model import ExploreModel
from viz.series import paired_series

CHOICES = scenario_choices(SCENARIOS / "baseline.toml")
START = start_values(SCENARIOS / "baseline.toml")


def as_shipped(name: str, households: int = PAGE_HOUSEHOLDS, seed: int | None = None):
    params = load_scenario(SCENARIOS / f"{name}.toml")
    seed = params.run.seed if seed is None else seed
    return load_scenario(
        SCENARIOS / f"{name}.toml", [f"run.households={households}", f"run.seed={seed}"]
    ).to_dict()


def values_for(name: str, **moved):
    start = start_values(SCENARIOS / f"{name}.toml")
    return {**start, **moved}, start


def test_start_values_are_the_scenario_on_the_sliders_steps():
    assert START["scenario_name"] == "baseline"
    assert START["households"] == PAGE_HOUSEHOLDS  # baseline has 10,000: capped
    assert START["crisis"] is False
    assert not any(START[switch_name(p)] for p in programme_names())
    for c in SLIDERS:
        v = START[c.name]
        assert c.low <= v <= c.high
        assert abs((v - c.low) / c.step - round((v - c.low) / c.step)) < 1e-6
        assert c.unit, c.key  # every slider shows a unit


def test_untouched_controls_keep_each_scenarios_own_values():
    setup = page_params(START, START, CHOICES)
    assert setup.policy.to_dict() == as_shipped("baseline")
    # pkh's quota 0.106 is off the slider's 0.01 steps: still run as shipped
    values, start = values_for("pkh")
    setup = page_params(values, start, CHOICES)
    assert setup.policy.programme("pkh").quota_share == 0.106
    assert setup.policy.to_dict() == as_shipped("pkh")
    assert [a for a in setup.applied if not a.startswith("run.")] == []


def test_comparator_is_the_scenario_it_extends_with_the_same_run_settings():
    assert default_comparator(SCENARIOS / "pkh.toml") == "baseline"
    assert default_comparator(SCENARIOS / "blt_crisis.toml") == "crisis"
    assert default_comparator(SCENARIOS / "baseline.toml") == "baseline"
    values, start = values_for("blt_crisis", households=500, seed="9", seeds=3)
    setup = page_params(values, start, CHOICES)
    assert setup.comparator.name == "crisis"
    assert setup.seeds == [9, 10, 11]
    for p in (setup.policy, setup.comparator):
        assert (p.run.households, p.run.seed) == (500, 9)
    values["comparator"] = "none"
    assert page_params(values, start, CHOICES).comparator is None


def test_moved_controls_override_the_policy_only():
    values, start = values_for("blt", blt_amount=300_000.0, pmt_noise=0.5)
    values.update(households=700, seed="42")
    setup = page_params(values, start, CHOICES)
    expected = load_scenario(
        SCENARIOS / "blt.toml",
        [
            "run.households=700",
            "run.seed=42",
            "programmes.blt.amount=300000",
            "registry.enumeration_noise=0.5",
        ],
    )
    assert setup.policy.to_dict() == expected.to_dict()
    assert "programmes.blt.amount=300000" in setup.applied
    assert (
        setup.comparator.to_dict()
        == load_scenario(
            SCENARIOS / "baseline.toml", ["run.households=700", "run.seed=42"]
        ).to_dict()
    )


def test_programme_switches_and_disabled_sliders():
    # switching BLT on in the baseline enables it with its slider values
    values, start = values_for("baseline", blt_on=True, blt_amount=200_000.0)
    p = page_params(values, start, CHOICES).policy
    assert p.programme("blt").enabled and p.programme("blt").amount == 200_000.0
    # a programme switched off: its moved slider is not applied (the page disables it)
    values, start = values_for("combined", pkh_on=False, pkh_quota_share=0.2)
    p = page_params(values, start, CHOICES).policy
    assert not p.programme("pkh").enabled and p.programme("pkh").quota_share == 0.106
    # every declared programme has a switch and at least one slider
    for name in programme_names():
        assert switch_name(name) in START
        assert any(c.programme == name for c in SLIDERS), name


def test_a_new_programme_gets_generic_controls(monkeypatch):
    specs = {
        "enabled": Spec(default=False, unit="-", meaning="run it", source="scenario"),
        "quota_share": Spec(
            default=0.1,
            unit="share of households",
            meaning="quota",
            source="scenario",
            low=0,
            high=1,
        ),
        "amount": Spec(
            default=42_000.0,
            unit="Rp/person/month",
            meaning="premium",
            source="scenario",
            low=0,
            high=1e7,
        ),
        "rate": Spec(
            default=0.5, unit="share", meaning="not an amount", source="scenario", low=0, high=1
        ),
    }
    monkeypatch.setitem(SECTIONS, "programmes.newprog", specs)
    assert "newprog" in programme_names()
    sliders = {c.key: c for c in generic_sliders("newprog")}
    assert set(sliders) == {"programmes.newprog.quota_share", "programmes.newprog.amount"}
    amount = sliders["programmes.newprog.amount"]
    assert amount.high >= 4 * 42_000 and amount.unit == "Rp/person/month"
    assert explore.programme_sliders("newprog") == generic_sliders("newprog")


def test_crisis_switch_and_severity_reach_both_runs():
    crisis = load_scenario(SCENARIOS / "crisis.toml")
    on = {**START, "crisis": True}
    setup = page_params(on, START, CHOICES)
    assert [dict(c) for c in setup.policy.crises] == [dict(c) for c in crisis.crises]
    assert [dict(c) for c in setup.comparator.crises] == [dict(c) for c in crisis.crises]
    setup = page_params({**on, "crisis_severity": 0.35}, START, CHOICES)
    assert setup.policy.crises[0].income_multiplier == pytest.approx(0.65)
    assert setup.comparator.crises[0].income_multiplier == pytest.approx(0.65)
    start = start_values(SCENARIOS / "crisis.toml")
    assert start["crisis"] is True
    assert start["crisis_severity"] == pytest.approx(1 - crisis.crises[0].income_multiplier)
    assert page_params({**start, "crisis": False}, start, CHOICES).policy.crises == ()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"seed": "abc"}, "seed: must be a whole number, got 'abc'"),
        ({"seed": "-4"}, "run.seed: -4 is below the minimum 0"),
        ({"scenario_name": "nope"}, "scenario: unknown scenario 'nope'"),
        ({"comparator": "nope"}, "comparator: unknown scenario 'nope'"),
        ({"seeds": 11}, "seeds: 11 is above the maximum 10"),
        ({"months": "x"}, "months: must be a whole number"),
        ({"other": "income.transitory_sdd=0.2"}, "unknown parameter (did you mean"),
        ({"other": "income.transitory_sd=9"}, "income.transitory_sd: 9 is above the maximum 1"),
    ],
)
def test_bad_values_give_one_line_errors(values, message):
    with pytest.raises(ScenarioError) as err:
        page_params({**START, **values}, START, CHOICES)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_other_settings_apply_like_set():
    setup = page_params({**START, "other": "income.transitory_sd=0.2\n"}, START, CHOICES)
    assert setup.policy.income.transitory_sd == 0.2
    assert setup.comparator.income.transitory_sd != 0.2  # policy only


def test_page_model_shows_errors_instead_of_raising():
    m = ExploreModel(seed="twelve", households=300)
    assert "seed: must be a whole number" in m.input_error
    assert m.params.to_dict() == as_shipped("baseline")  # the start scenario instead
    ok = ExploreModel(households=300, seed="7", scenario_name="pkh")
    assert ok.input_error is None
    assert ok.params.to_dict() == as_shipped("pkh", 300, 7)
    assert sum(1 for _ in ok.grid.all_cells.agents) == 300
    short = ExploreModel(households=200, months="3")
    short.run_to(2)
    assert short.running and short.month == 2
    short.step()
    assert not short.running  # Play stops at the scenario's last month
    short.step()
    assert short.month == 3  # and Step does nothing after it


def test_rng_is_the_seed_and_batch_run_rows_differ():
    a, b = ExploreModel(households=200, rng=1), ExploreModel(households=200, rng=2)
    assert (a.seed, b.seed) == (1, 2) and a.comparator.seed == 1
    assert not np.array_equal(a.state.savings, b.state.savings)
    rows = mesa.batch_run(
        ExploreModel,
        parameters={"households": 200, "months": "2"},
        rng=[1, 2],
        max_steps=5,
        display_progress=False,
    )
    last = [r for r in rows if r["Step"] == max(x["Step"] for x in rows)]
    assert len(last) == 2 and last[0]["mean_savings"] != last[1]["mean_savings"]


def test_paired_difference_and_band_over_seeds():
    m = ExploreModel(scenario_name="pkh", households=300, seeds=3, months="4")
    m.run_to(4)
    s = paired_series(m.policy_runs, m.comparator_runs, "poverty_headcount")
    pol = np.array([[r["poverty_headcount"] for r in run.history] for run in m.policy_runs])
    comp = np.array([[r["poverty_headcount"] for r in run.history] for run in m.comparator_runs])
    assert np.allclose(s.difference, (pol - comp).mean(axis=0))
    assert s.difference[0] == 0.0  # month 0: nothing has been paid
    assert np.all(s.low <= s.difference) and np.all(s.difference <= s.high)
    spend = paired_series(m.policy_runs, m.comparator_runs, "pkh_spending")
    assert np.allclose(spend.comparator, 0.0)  # the baseline has no PKH: spends 0
    # seed by seed, the comparator is the baseline run at that seed
    for run, comp_run in zip(m.policy_runs, m.comparator_runs, strict=True):
        assert run.seed == comp_run.seed
        assert np.array_equal(run.state.village, comp_run.state.village)


def test_exported_scenario_reproduces_the_page_series(tmp_path):
    """The round trip: the page's settings as a TOML file, run by ``run.py run`` at the
    page's seeds, give the page's series (CSV with the columns of timeseries.csv)."""
    from run import main

    m = ExploreModel(scenario_name="combined", households=300, months="5", seeds=2,
                     seed="11", pkh_quota_share=0.2, blt_on=True)  # fmt: skip
    assert m.input_error is None
    m.run_to(5)
    page = tmp_path / "page.csv"
    page.write_text(m.series_frame().to_csv(index=False))
    policy = tmp_path / "policy.toml"
    policy.write_text(scenario_toml(m.setup.policy, "from the page"))
    comparator = tmp_path / "comparator.toml"
    comparator.write_text(scenario_toml(m.setup.comparator))
    assert load_scenario(policy).to_dict() == m.setup.policy.to_dict()
    out = tmp_path / "out"
    args = ["run", str(policy), str(comparator), "--replications", "2", "--out", str(out)]
    assert main([*args, "--quiet"]) == 0
    cli = pd.read_csv(out / "timeseries.csv")
    mine = pd.read_csv(page)
    assert list(mine.columns) == list(cli.columns)
    pd.testing.assert_frame_equal(mine, cli, check_exact=True)


def test_a_start_file_outside_scenarios_is_listed_and_run(tmp_path):
    own = tmp_path / "district.toml"
    base = (SCENARIOS / "pkh.toml").as_posix()
    own.write_text(f'extends = "{base}"\nname = "district"\n[run]\nhouseholds = 1234\n')
    choices = scenario_choices(own)
    assert list(choices)[0] == str(own.resolve()) and "pkh" in choices
    start = start_values(own)
    assert start["scenario_name"] == str(own.resolve())
    assert start["households"] == 1200  # on the slider's steps
    assert start["comparator"] == "pkh"  # the file it extends
    setup = page_params(start, start, choices)
    assert setup.policy.name == "district" and setup.policy.run.households == 1200
    assert setup.comparator.name == "pkh" and setup.comparator.run.households == 1200
