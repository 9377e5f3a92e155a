"""ASPIRE-style indicators on hand-built populations with worked answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.indicators import (
    ALL,
    adequacy_by_quintile,
    aspire_table,
    beneficiary_incidence_by_quintile,
    benefit_cost_ratio,
    benefit_incidence_by_quintile,
    coverage_by_quintile,
    gap_reduction_rupiah,
    poverty_reduction,
    welfare_quintile,
)
from measures.poverty import fgt_all

# Hand-built population, poverty line z = 100 rupiah per capita per month.
# Sizes differ, so person-weighted and household-weighted answers differ.
#
#  hh  pre-transfer pc  size  transfer (hh)  post pc = pre + t/size   quintile
#  H1        40           4        120          40 + 30 =  70           1
#  H2        70           1         40          70 + 40 = 110           2
#  H3        95           3          0          95                      2
#  H4       120           4         40         120 + 10 = 130           3
#  H5       150           4          0         150                      4
#  H6       300           4        100         300 + 25 = 325           5
#
# 20 people, 4 per quintile. Share of people strictly poorer than each household:
# H1 0, H2 4/20 = .2, H3 5/20 = .25, H4 8/20 = .4, H5 12/20 = .6, H6 16/20 = .8
# -> quintiles 1, 2, 2, 3, 4, 5.
LINE = 100.0
POP = pd.DataFrame(
    {
        "pretransfer_welfare": [40.0, 70.0, 95.0, 120.0, 150.0, 300.0],
        "transfer": [120.0, 40.0, 0.0, 40.0, 0.0, 100.0],
        "size": [4, 1, 3, 4, 4, 4],
    }
)
ARGS = (POP["pretransfer_welfare"], POP["transfer"], POP["size"])
NAN = float("nan")


def as_list(series: pd.Series) -> list[float]:
    assert list(series.index) == [1, 2, 3, 4, 5, ALL]
    return series.to_list()


def same(got: list[float], expected: list[float]) -> None:
    assert got == pytest.approx(expected, nan_ok=True)


def test_welfare_quintile_of_hand_population():
    assert welfare_quintile(POP["pretransfer_welfare"], POP["size"]).tolist() == [1, 2, 2, 3, 4, 5]


def test_welfare_quintile_rules():
    # Unweighted, 10 distinct values: two per quintile, whatever the input order.
    y = np.array([9.0, 1.0, 5.0, 3.0, 7.0, 2.0, 10.0, 4.0, 8.0, 6.0])
    assert welfare_quintile(y).tolist() == [5, 1, 3, 2, 4, 1, 5, 2, 4, 3]
    # Straddling: sizes 5,1,1,1,1,1 (10 people, 2 per quintile). Shares strictly before:
    # 0, .5, .6, .7, .8, .9 -> floor(5 * share) + 1 = 1, 3, 4, 4, 5, 5. The 5-person
    # household goes to quintile 1 (its first member) and quintile 2 is empty.
    sizes = [5, 1, 1, 1, 1, 1]
    assert welfare_quintile([1.0, 2, 3, 4, 5, 6], sizes).tolist() == [1, 3, 4, 4, 5, 5]
    # Ties share a quintile: nobody is strictly poorer than the four 1s.
    assert welfare_quintile([1.0, 1.0, 1.0, 1.0, 2.0]).tolist() == [1, 1, 1, 1, 5]
    # Weights that do not add up exactly in floating point (0.1 each) still split evenly.
    w = np.full(10, 0.1)
    assert welfare_quintile(np.arange(10.0), w).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_welfare_quintile_person_shares_large_sample():
    rng = np.random.default_rng(5)
    y = rng.lognormal(13.5, 0.5, 100_000)
    s = rng.integers(1, 9, y.size)
    q = welfare_quintile(y, s)
    people = np.bincount(q, weights=s, minlength=6)[1:] / s.sum()
    # each quintile holds 20% of people up to one household (at most 8 of ~450,000 people)
    assert np.all(np.abs(people - 0.2) < 8 / s.sum() + 1e-12)
    # and quintiles are ordered by welfare
    assert all(y[q == k].max() <= y[q == k + 1].min() for k in range(1, 5))


def test_coverage():
    # Beneficiary people: Q1 4 of 4; Q2 only H2 (1 of 4 people: person-weighted 1/4, not
    # the household share 1/2); Q3 4 of 4; Q4 0; Q5 4 of 4. All: 13 / 20.
    same(as_list(coverage_by_quintile(*ARGS)), [1.0, 0.25, 1.0, 0.0, 1.0, 0.65])


def test_beneficiary_incidence():
    # 13 beneficiary people: 4, 1, 4, 0, 4 of them by quintile.
    expected = [4 / 13, 1 / 13, 4 / 13, 0.0, 4 / 13, 1.0]
    same(as_list(beneficiary_incidence_by_quintile(*ARGS)), expected)


def test_benefit_incidence():
    # 300 rupiah transferred: 120, 40, 40, 0, 100 by quintile.
    expected = [0.4, 40 / 300, 40 / 300, 0.0, 100 / 300, 1.0]
    same(as_list(benefit_incidence_by_quintile(*ARGS)), expected)


def test_adequacy_pre_transfer_denominator():
    # Transfer received by beneficiaries / their total pre-transfer welfare (pc * size):
    # Q1: 120 / (40*4 = 160) = 0.75
    # Q2: only H2 is a beneficiary: 40 / (70*1) = 4/7 (H3 must not enter the denominator)
    # Q3: 40 / (120*4 = 480) = 1/12
    # Q4: no beneficiaries -> NaN
    # Q5: 100 / (300*4 = 1200) = 1/12
    # All: 300 / (160 + 70 + 480 + 1200 = 1910)
    expected = [0.75, 4 / 7, 1 / 12, NAN, 1 / 12, 300 / 1910]
    same(as_list(adequacy_by_quintile(*ARGS)), expected)


def test_adequacy_post_transfer_denominator():
    # Denominator adds the transfer itself: Q1 120/280, Q2 40/110, Q3 40/520,
    # Q5 100/1300, All 300/(1910 + 300).
    expected = [120 / 280, 40 / 110, 40 / 520, NAN, 100 / 1300, 300 / 2210]
    same(as_list(adequacy_by_quintile(*ARGS, denominator="post")), expected)
    with pytest.raises(ValueError):
        adequacy_by_quintile(*ARGS, denominator="net")


def test_poverty_reduction():
    # Pre: poor H1 (gap .6, 4 people), H2 (.3, 1), H3 (.05, 3): headcount 8/20 = 0.4,
    #   gap (2.4 + 0.3 + 0.15) / 20 = 0.1425.
    # Post: H1 at 70 (gap .3, 4 people), H3 at 95 (.05, 3); H2 at 110 escapes.
    #   headcount 7/20 = 0.35, gap (1.2 + 0.15) / 20 = 0.0675.
    # Reductions: headcount 0.05 (relative 0.05/0.4 = 0.125), gap 0.075 (0.075/0.1425 = 10/19).
    # Household-weighted headcount would be 3/6 = 0.5 instead.
    got = poverty_reduction(*ARGS, LINE)
    expected = {
        "headcount_pre": 0.4,
        "headcount_post": 0.35,
        "headcount_reduction": 0.05,
        "headcount_reduction_rel": 0.125,
        "gap_pre": 0.1425,
        "gap_post": 0.0675,
        "gap_reduction": 0.075,
        "gap_reduction_rel": 10 / 19,
    }
    assert got == pytest.approx(expected)


def test_benefit_cost_ratio():
    # Shortfall removed, per person: H1 60 -> 30, so 30 each for 4 people = 120;
    # H2 30 -> 0, 30 for 1 person = 30; H3 gets nothing; H4 and H6 were not poor.
    # Total 150 = gap reduction 0.075 * line 100 * 20 people. Spent 300 -> BCR 0.5.
    assert gap_reduction_rupiah(*ARGS, LINE) == pytest.approx(150.0)
    assert benefit_cost_ratio(*ARGS, LINE) == pytest.approx(0.5)


def test_benefit_cost_ratio_per_household_lines():
    # Lines per household (e.g. urban/rural): H1 line 50, the rest 100.
    # H1 shortfall 10 -> 0 (post 70 >= 50): 4 people * 10 = 40; H2 30 -> 0: 30. Total 70.
    line = np.array([50.0, 100, 100, 100, 100, 100])
    assert gap_reduction_rupiah(*ARGS, line) == pytest.approx(70.0)
    assert benefit_cost_ratio(*ARGS, line) == pytest.approx(70 / 300)


def test_gap_reduction_matches_fgt_random():
    # With one line, rupiah gap reduction = (FGT1 pre - FGT1 post) * z * people.
    rng = np.random.default_rng(17)
    n = 50_000
    y = rng.lognormal(13.3, 0.5, n)
    s = rng.integers(1, 8, n)
    t = np.where(rng.random(n) < 0.3, 200_000.0, 0.0)
    z = 550_000.0
    _, g0, _ = fgt_all(y, z, weights=s)
    _, g1, _ = fgt_all(y + t / s, z, weights=s)
    expected = (g0 - g1) * z * s.sum()
    assert gap_reduction_rupiah(y, t, s, z) == pytest.approx(expected, rel=1e-9)
    bcr = benefit_cost_ratio(y, t, s, z)
    assert bcr == pytest.approx(expected / t.sum(), rel=1e-9)
    assert 0.0 < bcr <= 1.0  # a rupiah can close at most a rupiah of gap


def test_aspire_table():
    df = POP.assign(line=LINE)
    table = aspire_table(df)  # line read from the "line" column
    assert list(table.index) == [1, 2, 3, 4, 5, ALL]
    same(table["people"].to_list(), [4, 4, 4, 4, 4, 20])
    same(table["beneficiaries"].to_list(), [4, 1, 4, 0, 4, 13])
    same(table["population_share"].to_list(), [0.2] * 5 + [1.0])
    same(table["transfer_total"].to_list(), [120, 40, 40, 0, 100, 300])
    for col, func in [
        ("coverage", coverage_by_quintile),
        ("beneficiary_incidence", beneficiary_incidence_by_quintile),
        ("benefit_incidence", benefit_incidence_by_quintile),
        ("adequacy", adequacy_by_quintile),
    ]:
        same(table[col].to_list(), as_list(func(*ARGS)))
    # "All" row equals the population-wide functions
    for key, value in poverty_reduction(*ARGS, LINE).items():
        assert table.loc[ALL, key] == pytest.approx(value)
    assert table.loc[ALL, "benefit_cost_ratio"] == pytest.approx(0.5)
    # Within quintiles: Q1 everyone poor before and after (70 < 100), gap .6 -> .3,
    # 120 rupiah of gap closed for 120 spent -> BCR 1. Q2: headcount 1 -> 3/4, 30 closed
    # for 40 spent -> 0.75. Q3 and Q5: nobody poor -> BCR 0. Q4: nothing spent -> NaN.
    same(table["headcount_pre"].to_list(), [1.0, 1.0, 0.0, 0.0, 0.0, 0.4])
    same(table["headcount_post"].to_list(), [1.0, 0.75, 0.0, 0.0, 0.0, 0.35])
    same(table["gap_pre"].to_list(), [0.6, (0.3 + 3 * 0.05) / 4, 0, 0, 0, 0.1425])
    same(table["gap_reduction_rupiah"].to_list(), [120, 30, 0, 0, 0, 150])
    same(table["benefit_cost_ratio"].to_list(), [1.0, 0.75, 0.0, NAN, 0.0, 0.5])
    assert table.loc[1, "headcount_reduction_rel"] == 0.0  # still poor, but less so
    assert math.isnan(table.loc[3, "headcount_reduction_rel"])  # nobody poor before
    # line as a scalar, or as a mapping of plain arrays, gives the same table
    pd.testing.assert_frame_equal(aspire_table(POP, LINE), table)
    arrays = {c: POP[c].to_numpy() for c in POP.columns}
    pd.testing.assert_frame_equal(aspire_table(arrays, np.full(6, LINE)), table)


def test_aspire_table_empty_quintile():
    # The straddling case: a 5-person household fills quintiles 1 and 2, so row 2 is empty.
    df = pd.DataFrame(
        {
            "pretransfer_welfare": [1.0, 2, 3, 4, 5, 6],
            "transfer": [5.0, 0, 0, 0, 0, 0],
            "size": [5, 1, 1, 1, 1, 1],
        }
    )
    table = aspire_table(df, 3.0)
    row = table.loc[2]
    counts = ["people", "beneficiaries", "transfer_total", "population_share"]
    shares = ["beneficiary_incidence", "benefit_incidence"]
    assert (row[counts + shares] == 0).all()  # nobody there: zero people, zero shares
    assert row.drop(counts + shares).isna().all()  # ratios within an empty group: NaN
    assert table.loc[1, "coverage"] == 1.0 and table.loc[ALL, "coverage"] == 0.5


def test_no_beneficiaries():
    t = np.zeros(6)
    y, s = POP["pretransfer_welfare"], POP["size"]
    same(as_list(coverage_by_quintile(y, t, s)), [0.0] * 6)
    assert beneficiary_incidence_by_quintile(y, t, s).isna().all()
    assert benefit_incidence_by_quintile(y, t, s).isna().all()
    assert adequacy_by_quintile(y, t, s).isna().all()
    assert math.isnan(benefit_cost_ratio(y, t, s, LINE))
    red = poverty_reduction(y, t, s, LINE)
    assert red["headcount_reduction"] == 0.0 and red["gap_reduction"] == 0.0


def test_precomputed_quintile_is_used():
    q = np.array([5, 4, 3, 2, 1, 1])  # deliberately not the welfare ranking
    # Q1 holds H5 (4 people, no transfer) and H6 (4 people, transfer): coverage 1/2.
    assert coverage_by_quintile(*ARGS, quintile=q).loc[1] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        coverage_by_quintile(*ARGS, quintile=[1, 2, 3, 4, 5, 6])


@pytest.mark.parametrize(
    "y, t, s",
    [
        ([1.0, 2.0], [-1.0, 0.0], [1, 1]),  # negative transfer
        ([1.0, 2.0], [1.0, 0.0], [0, 1]),  # empty household
        ([1.0, 2.0], [1.0], [1, 1]),  # length mismatch
        ([1.0, float("nan")], [1.0, 0.0], [1, 1]),  # missing welfare
    ],
)
def test_invalid_inputs_raise(y, t, s):
    with pytest.raises(ValueError):
        coverage_by_quintile(y, t, s)
    with pytest.raises(ValueError):
        poverty_reduction(y, t, s, 1.5)


def test_invalid_line_and_weights_raise():
    with pytest.raises(ValueError):
        poverty_reduction(*ARGS, 0.0)
    with pytest.raises(ValueError):
        benefit_cost_ratio(*ARGS, [100.0, 100.0])
    with pytest.raises(ValueError):
        welfare_quintile([1.0, 2.0], [1.0, -1.0])
