"""Targeting errors on small hand-made districts, computed by hand (measures/targeting.py).

Eight households with pre-transfer welfare ratios (below 1 = poor)::

    household   0     1     2     3     4     5     6     7
    welfare     0.5   0.9   1.2   0.7   2.0   0.95  1.5   0.3
    receives    yes   no    yes   yes   no    no    no    no

Poor: 0, 1, 3, 5, 7 (five). Recipients: 0, 2, 3 (three).
Exclusion error (poor standard): poor not receiving = 1, 5, 7 -> 3/5.
Inclusion error (poor standard): recipients not poor = 2 -> 1/3.
Quota standard, k = 3: the three lowest welfare are 7 (0.3), 0 (0.5), 3 (0.7).
Exclusion: 7 not covered -> 1/3; inclusion: 2 is outside the group -> 1/3.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from measures.targeting import bottom_k, error_rates, targeting_errors

WELFARE = np.array([0.5, 0.9, 1.2, 0.7, 2.0, 0.95, 1.5, 0.3])
RECEIVES = np.array([1, 0, 1, 1, 0, 0, 0, 0], bool)


def test_both_standards_on_the_hand_made_district():
    errs = targeting_errors(WELFARE, RECEIVES, k=3)
    assert errs == {
        "exclusion_error": pytest.approx(3 / 5),
        "inclusion_error": pytest.approx(1 / 3),
        "exclusion_error_quota": pytest.approx(1 / 3),
        "inclusion_error_quota": pytest.approx(1 / 3),
    }


def test_bottom_k_takes_the_lowest_welfare():
    assert np.flatnonzero(bottom_k(WELFARE, 3)).tolist() == [0, 3, 7]
    assert np.flatnonzero(bottom_k(WELFARE, 0)).tolist() == []
    assert bottom_k(WELFARE, 99).all()  # more than there are: everyone
    # within a group: among 1, 2, 4, 6 the two lowest are 1 (0.9) and 2 (1.2)
    among = np.zeros(8, bool)
    among[[1, 2, 4, 6]] = True
    assert np.flatnonzero(bottom_k(WELFARE, 2, among)).tolist() == [1, 2]


def test_bottom_k_breaks_ties_by_the_lower_index():
    welfare = np.array([1.0, 0.5, 0.5, 0.5, 2.0])
    assert np.flatnonzero(bottom_k(welfare, 2)).tolist() == [1, 2]


def test_categorical_rule_judges_among_the_eligible_only():
    # only households 0, 1, 2, 3 are categorically eligible (PKH: a component)
    among = np.array([1, 1, 1, 1, 0, 0, 0, 0], bool)
    errs = targeting_errors(WELFARE, RECEIVES, k=2, among=among)
    # poor among them: 0, 1, 3; not receiving: 1 -> 1/3; recipients 0, 2, 3, not poor: 2
    assert errs["exclusion_error"] == pytest.approx(1 / 3)
    assert errs["inclusion_error"] == pytest.approx(1 / 3)
    # quota group k = 2 among them: 0 (0.5) and 3 (0.7), both covered; 2 is outside
    assert errs["exclusion_error_quota"] == 0.0
    assert errs["inclusion_error_quota"] == pytest.approx(1 / 3)


def test_perfect_targeting_has_no_errors():
    poor = WELFARE < 1.0
    errs = targeting_errors(WELFARE, poor, k=int(poor.sum()))
    assert errs == dict.fromkeys(errs, 0.0)


def test_empty_denominators_are_nan():
    nobody = np.zeros(8, bool)
    excl, incl = error_rates(nobody, WELFARE < 1.0)
    assert excl == 1.0 and math.isnan(incl)  # no recipient: inclusion undefined
    excl, incl = error_rates(RECEIVES, np.zeros(8, bool))
    assert math.isnan(excl) and incl == 1.0  # nobody eligible: exclusion undefined
    rich = np.full(8, 3.0)
    errs = targeting_errors(rich, RECEIVES, k=0)
    assert math.isnan(errs["exclusion_error"]) and errs["inclusion_error"] == 1.0
    assert math.isnan(errs["exclusion_error_quota"])


def test_welfare_exactly_at_the_line_is_not_poor():
    welfare = np.array([1.0, 0.999])
    errs = targeting_errors(welfare, np.array([True, False]), k=1)
    # only household 1 is poor: it is excluded, and 0 is included in error
    assert errs["exclusion_error"] == 1.0 and errs["inclusion_error"] == 1.0
