"""Dynamic outcomes (household-months in poverty averted, lasting exits, cost per month
averted), replication bands and table formats, on hand-built inputs with the answers
worked out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import small
from scipy import stats


def spells_of(poor_by_month: np.ndarray) -> int:
    """Run the model's counters over a months x households matrix of poverty flags."""
    from model.metrics import NEVER_POOR, nonpoor_spell, sustained_exits

    spell = np.where(poor_by_month[0], 0, NEVER_POOR).astype(np.int64)
    exits = 0
    for poor in poor_by_month[1:]:
        spell = nonpoor_spell(spell, poor)
        exits += sustained_exits(spell)
    return exits


def brute_force_exits(poor: np.ndarray, length: int = 12) -> int:
    """Exits (poor in month e-1, not in e) followed by `length` non-poor months e..e+11."""
    months = poor.shape[0]
    count = 0
    for h in range(poor.shape[1]):
        for e in range(1, months - length + 1):
            if poor[e - 1, h] and not poor[e : e + length, h].any():
                count += 1
    return count


def test_lasting_exits_hand_cases():
    months = 20
    never = np.zeros(months, bool)  # never poor: no exit
    one = np.zeros(months, bool)
    one[0] = True  # poor at 0, out for months 1..19: one exit, qualifies at month 12
    relapse = np.zeros(months, bool)
    relapse[[0, 6]] = True  # out 1..5 (too short), poor 6, out 7..19 (13 months): one exit
    short = np.zeros(months, bool)
    short[[0, 10]] = True  # out 1..9, poor 10, out 11..19 (9 months, censored): none
    chronic = np.ones(months, bool)
    poor = np.column_stack([never, one, relapse, short, chronic])
    assert spells_of(poor) == 2
    assert brute_force_exits(poor) == 2
    assert spells_of(poor[:12]) == 0  # month 12 not reached: the first exit is censored
    assert spells_of(poor[:13]) == 1


def test_lasting_exits_random_against_brute_force():
    rng = np.random.default_rng(5)
    poor = rng.random((40, 300)) < 0.3
    assert spells_of(poor) == brute_force_exits(poor)


def test_model_counters_match_its_own_poverty_history():
    from model.model import ArrayModel

    model = ArrayModel(small("baseline", 400, 30), seed=11)
    history = [model.poor.copy()]
    for _ in range(30):
        model.step()
        history.append(model.poor.copy())
    poor = np.array(history)
    s = model.summary()
    assert s["households"] == 400
    assert s["poor_household_months"] == poor[1:].sum()
    assert s["exits_lasting_12m"] == brute_force_exits(poor) > 0


def hand_results() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two replications of a baseline and a programme scenario."""
    summary = pd.DataFrame(
        {
            "scenario": ["baseline", "baseline", "blt", "blt"],
            "replication": [0, 1, 0, 1],
            "seed": [1, 2, 1, 2],
            "poor_household_months": [100.0, 120.0, 80.0, 110.0],
            "exits_lasting_12m": [3.0, 4.0, 6.0, 5.0],
            "blt_spending_total": [np.nan, np.nan, 2.0e6, 1.0e6],
        }
    )
    ts = pd.DataFrame(
        {
            "scenario": ["baseline"] * 6 + ["blt"] * 6,
            "replication": [0, 0, 0, 1, 1, 1] * 2,
            "seed": [1, 1, 1, 2, 2, 2] * 2,
            "month": [0, 1, 2] * 4,
            # month 0 is ignored; means over months 1..2
            "poverty_headcount": [0.5, 0.10, 0.12, 0.5, 0.14, 0.16]
            + [0.5, 0.08, 0.10, 0.5, 0.13, 0.13],
            "poverty_gap": [0.5, 0.03, 0.03, 0.5, 0.04, 0.04] + [0.5, 0.02, 0.02, 0.5, 0.04, 0.02],
        }
    )
    return summary, ts


def test_run_outcomes_hand_case():
    from analysis.dynamics import run_outcomes, scenario_outcomes

    summary, ts = hand_results()
    runs = run_outcomes(summary, ts, "baseline").set_index("replication")
    assert list(runs["scenario"]) == ["blt", "blt"]
    assert runs["household_months_averted"].tolist() == [20.0, 10.0]
    assert runs["extra_exits_12m"].tolist() == [3.0, 1.0]
    assert runs["extra_spending"].tolist() == [2.0e6, 1.0e6]
    # headcount: baseline means 0.11, 0.15; blt 0.09, 0.13 -> 2 pp each replication
    assert runs["headcount_reduction"].to_numpy() == pytest.approx([2.0, 2.0])
    # gap: baseline 0.03, 0.04; blt 0.02, 0.03 -> 1 pp each
    assert runs["gap_reduction"].to_numpy() == pytest.approx([1.0, 1.0])
    table = scenario_outcomes(runs.reset_index()).set_index("scenario")
    row = table.loc["blt"]
    assert row["household_months_averted"] == 15.0
    half = stats.t.ppf(0.975, 1) * np.std([20.0, 10.0], ddof=1) / np.sqrt(2)
    assert row["household_months_averted_low"] == pytest.approx(15.0 - half)
    assert row["household_months_averted_high"] == pytest.approx(15.0 + half)
    # ratio of sums: 3e6 Rp / 30 household-months
    assert row["spending_per_month_averted"] == pytest.approx(1.0e5)
    assert row["headcount_reduction_low"] == pytest.approx(2.0)
    assert row["headcount_reduction_high"] == pytest.approx(2.0)


def test_cost_per_month_averted_is_nan_when_nothing_averted():
    from analysis.dynamics import run_outcomes, scenario_outcomes

    summary, ts = hand_results()
    summary.loc[summary.scenario == "blt", "poor_household_months"] = [100.0, 125.0]
    table = scenario_outcomes(run_outcomes(summary, ts, "baseline"))
    assert np.isnan(table["spending_per_month_averted"].item())


def test_band_is_student_t_and_empty_for_one_replication():
    from analysis.bands import mean_band

    df = pd.DataFrame({"g": ["a"] * 3 + ["b"], "v": [1.0, 2.0, 3.0, 7.0]})
    band = mean_band(df, "v", ["g"]).set_index("g")
    half = stats.t.ppf(0.975, 2) * 1.0 / np.sqrt(3)  # sd of 1, 2, 3 is 1
    assert band.loc["a", "mean"] == 2.0
    assert band.loc["a", "high"] - 2.0 == pytest.approx(half)
    # one replication: no interval (NaN), the convention of measures.intervals
    assert band.loc["b", "mean"] == 7.0
    assert np.isnan(band.loc["b", "low"]) and np.isnan(band.loc["b", "high"])


def test_paired_band_is_narrower_than_unpaired_spread():
    from analysis.bands import paired_band

    # a common replication effect of +-5 cancels in the paired difference
    df = pd.DataFrame(
        {
            "scenario": ["baseline"] * 3 + ["x"] * 3,
            "replication": [0, 1, 2] * 2,
            "v": [10.0, 15.0, 20.0, 9.0, 14.0, 19.0],
        }
    )
    band = paired_band(df, "v", "baseline").iloc[0]
    assert band["scenario"] == "x"
    assert band["mean"] == band["low"] == band["high"] == -1.0


def test_beneficiary_flags_override_transfer_positive():
    """A household covered in a month between instalments (transfer 0) counts as a
    beneficiary for coverage and in the adequacy denominator."""
    from analysis.indicators import adequacy_by_quintile, aspire_table, coverage_by_quintile

    y = [100.0, 200.0, 300.0, 400.0, 500.0]
    t = [50.0, 0.0, 0.0, 0.0, 0.0]
    s = [1, 1, 1, 1, 1]
    covered = [True, True, False, False, False]
    cov = coverage_by_quintile(y, t, s, None, covered)
    assert cov.loc[1] == cov.loc[2] == 1.0 and cov.loc[3] == 0.0
    assert cov.loc["All"] == pytest.approx(2 / 5)
    # adequacy over beneficiaries: 50 / (100 + 200)
    assert adequacy_by_quintile(y, t, s, beneficiary=covered).loc["All"] == pytest.approx(50 / 300)
    table = aspire_table(
        {"pretransfer_welfare": y, "transfer": t, "size": s, "beneficiary": covered}, line=150.0
    )
    assert table.loc["All", "beneficiaries"] == 2
    assert table.loc["All", "coverage"] == pytest.approx(0.4)


def test_for_reading_folds_intervals_and_escapes_latex():
    from analysis.table_formats import format_number, latex_table, markdown_table

    df = pd.DataFrame(
        {
            "Scenario": ["a_b", "c%d"],
            "Gap (pp)": [1.23456, np.nan],
            "Gap (pp) low": [1.0, np.nan],
            "Gap (pp) high": [1.5, np.nan],
            "Rp": [1234567.0, 2.0],
        }
    )
    md = markdown_table(df)
    assert "| a_b | 1.23 [1.00, 1.50] | 1,234,567 |" in md  # pp: 2 decimals; Rp: none
    assert "| c%d | – | 2 |" in md
    tex = latex_table(df)
    assert r"a\_b & 1.23 [1.00, 1.50] & 1,234,567 \\" in tex
    assert r"c\%d" in tex
    assert "\\begin{tabular}{lrr}" in tex
    assert format_number(0.000123456) == "0.0001235"
    assert format_number(0.000123456, 2) == "0.00"
