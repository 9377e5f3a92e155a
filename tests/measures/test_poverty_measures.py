"""FGT and Gini measures against closed forms, hand cases and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from measures.poverty import fgt, fgt_all, gini

N_LARGE = 2_000_000


def phi(x: float) -> float:
    """Standard normal CDF."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


# ------------------------------------------------------------------ closed forms


@pytest.fixture(scope="module")
def lognormal() -> tuple[np.ndarray, float, float]:
    mu, s = math.log(1_000_000.0), 0.6  # median 1 million rupiah per capita per month
    y = np.random.default_rng(20240601).lognormal(mu, s, N_LARGE)
    return y, mu, s


def lognormal_fgt(mu: float, s: float, z: float) -> tuple[float, float, float]:
    """Closed-form FGT0, FGT1, FGT2 for log y ~ N(mu, s^2)."""
    d = (math.log(z) - mu) / s
    m1 = math.exp(mu + s**2 / 2) / z  # E[y]/z
    m2 = math.exp(2 * mu + 2 * s**2) / z**2  # E[y^2]/z^2
    p0 = phi(d)
    p1 = phi(d) - m1 * phi(d - s)
    p2 = phi(d) - 2 * m1 * phi(d - s) + m2 * phi(d - 2 * s)
    return p0, p1, p2


@pytest.mark.parametrize("line_over_median", [0.5, 0.8, 1.0, 1.5])
def test_fgt_matches_lognormal_closed_form(lognormal, line_over_median):
    y, mu, s = lognormal
    z = line_over_median * math.exp(mu)
    expected = lognormal_fgt(mu, s, z)
    got = fgt_all(y, z)
    # Tolerance: 5 standard errors of the sample mean of the per-unit contribution
    # g_i^alpha * 1[y_i < z]; a wrong formula is off by far more than this.
    g = np.where(y < z, (z - y) / z, 0.0)
    for alpha, (e, v) in enumerate(zip(expected, got, strict=True)):
        contrib = (y < z) * g**alpha
        se = contrib.std() / math.sqrt(y.size)
        assert abs(v - e) < 5 * se + 1e-12, (alpha, v, e, se)
        assert fgt(y, z, alpha) == pytest.approx(v, rel=1e-12, abs=1e-15)


def test_gini_lognormal_closed_form(lognormal):
    y, _, s = lognormal
    expected = 2 * phi(s / math.sqrt(2)) - 1  # 0.3286 for s = 0.6
    # Sampling SD of the sample Gini at n = 2e6 is about 1.9e-4 (measured over 30 seeds at
    # n = 2e5, scaled by 1/sqrt(10)); 1e-3 is about 5 SD.
    assert gini(y) == pytest.approx(expected, abs=1e-3)


def test_gini_uniform_is_one_third():
    y = np.random.default_rng(7).uniform(0.0, 1.0, N_LARGE)
    assert gini(y) == pytest.approx(1 / 3, abs=1e-3)  # same ~1.9e-4 sampling SD


# ------------------------------------------------------------------ hand cases


def test_fgt_hand_case():
    # z = 100; only 50 is poor (100 is not: poor means strictly below the line).
    # gaps: 0.5, 0, 0, 0 -> P0 = 1/4, P1 = 0.5/4, P2 = 0.25/4
    y = [50.0, 100.0, 150.0, 200.0]
    assert fgt_all(y, 100.0) == pytest.approx((0.25, 0.125, 0.0625))
    # weights 2,1,1,1 (total 5): P0 = 2/5, P1 = 2*0.5/5 = 0.2, P2 = 2*0.25/5 = 0.1
    assert fgt_all(y, 100.0, weights=[2, 1, 1, 1]) == pytest.approx((0.4, 0.2, 0.1))
    assert fgt(y, 100.0, 0, weights=[2, 1, 1, 1]) == pytest.approx(0.4)
    assert fgt(y, 100.0, 1, weights=[2, 1, 1, 1]) == pytest.approx(0.2)
    assert fgt(y, 100.0, 2, weights=[2, 1, 1, 1]) == pytest.approx(0.1)
    # alpha = 3: 0.125 * 2 / 5
    assert fgt(y, 100.0, 3, weights=[2, 1, 1, 1]) == pytest.approx(0.05)


def test_fgt_per_unit_lines():
    # rural line 100, urban line 200; y = [80, 150, 150, 250]
    # rural units (lines 100): 80 poor gap 0.2; 150 not poor.
    # urban units (lines 200): 150 poor gap 0.25; 250 not poor.
    y = np.array([80.0, 150.0, 150.0, 250.0])
    z = np.array([100.0, 100.0, 200.0, 200.0])
    p0, p1, p2 = fgt_all(y, z)
    assert p0 == pytest.approx(2 / 4)
    assert p1 == pytest.approx((0.2 + 0.25) / 4)
    assert p2 == pytest.approx((0.04 + 0.0625) / 4)
    # a length-one line acts as a scalar
    assert fgt_all(y, [100.0]) == fgt_all(y, 100.0)


def test_fgt_all_agrees_with_fgt_weighted_random():
    rng = np.random.default_rng(3)
    y = rng.lognormal(0, 1, 10_000)
    z = rng.choice([0.8, 1.2], 10_000)
    w = rng.integers(1, 9, 10_000)
    allv = fgt_all(y, z, weights=w)
    for alpha in (0, 1, 2):
        assert fgt(y, z, alpha, weights=w) == pytest.approx(allv[alpha], rel=1e-12)
    # integer weights act as replication counts
    rep = fgt_all(np.repeat(y, w), np.repeat(z, w))
    assert allv == pytest.approx(rep, rel=1e-12)
    # weights are relative: scaling them changes nothing
    assert fgt_all(y, z, weights=w * 3.7) == pytest.approx(allv, rel=1e-12)


@pytest.mark.parametrize(
    "y, expected",
    [
        ([1.0, 2.0, 3.0, 4.0], 0.25),  # (-3*1 - 1*2 + 1*3 + 3*4) / (4 * 10)
        ([5.0, 5.0, 5.0], 0.0),  # perfect equality
        ([0.0, 0.0, 0.0, 1.0], 0.75),  # (n-1)/n: one unit holds everything
        ([3.0, 1.0], 0.25),  # order of input irrelevant: (-1*1 + 1*3) / (2 * 4)
        ([2.0, 0.0, 1.0], 4.0 / 9.0),  # (-2*0 + 0*1 + 2*2) / (3 * 3)
    ],
)
def test_gini_hand_cases(y, expected):
    assert gini(y) == pytest.approx(expected)
    assert gini(y, weights=np.ones(len(y))) == pytest.approx(expected)


def test_gini_weighted_equals_replicated_sample():
    rng = np.random.default_rng(11)
    y = rng.lognormal(0, 0.8, 2_000)
    y[::7] = y[1::7][: len(y[::7])]  # some ties
    w = rng.integers(1, 8, y.size)
    assert gini(y, weights=w) == pytest.approx(gini(np.repeat(y, w)), rel=1e-10)
    # weights are relative
    assert gini(y, weights=w / 3.0) == pytest.approx(gini(y, weights=w), rel=1e-10)
    # zero weight is the same as leaving the unit out
    w0 = w.copy()
    w0[:100] = 0
    assert gini(y, weights=w0) == pytest.approx(gini(y[100:], weights=w[100:]), rel=1e-10)


def test_gini_weighted_hand_case():
    # y = [1, 2] with weights [3, 1] is the sample [1, 1, 1, 2]:
    # (-3*1 - 1*1 + 1*1 + 3*2) / (4 * 5) = 3 / 20
    assert gini([1.0, 2.0], weights=[3, 1]) == pytest.approx(0.15)
    assert gini([1.0, 1.0, 1.0, 2.0]) == pytest.approx(0.15)


# ------------------------------------------------------------------ edge cases


def test_empty_input_is_nan():
    assert math.isnan(fgt([], 100.0, 0))
    assert all(math.isnan(v) for v in fgt_all([], 100.0))
    assert math.isnan(gini([]))
    assert math.isnan(gini([], weights=[]))


def test_zero_total_weight_is_nan():
    assert math.isnan(fgt([1.0, 2.0], 3.0, 1, weights=[0, 0]))
    assert all(math.isnan(v) for v in fgt_all([1.0, 2.0], 3.0, weights=[0, 0]))
    assert math.isnan(gini([1.0, 2.0], weights=[0, 0]))


def test_all_zero_welfare():
    assert gini([0.0, 0.0, 0.0]) == 0.0
    assert gini([0.0, 0.0], weights=[1, 2]) == 0.0
    assert fgt_all([0.0, 0.0], 10.0) == (1.0, 1.0, 1.0)


def test_gini_nonpositive_total_is_nan():
    assert math.isnan(gini([-1.0, 1.0]))
    assert math.isnan(gini([-3.0, 1.0], weights=[1, 2]))


@pytest.mark.parametrize("bad", [[1.0, -1.0], [1.0, float("nan")]])
def test_bad_weights_raise(bad):
    with pytest.raises(ValueError):
        fgt([1.0, 2.0], 3.0, 0, weights=bad)
    with pytest.raises(ValueError):
        fgt_all([1.0, 2.0], 3.0, weights=bad)
    with pytest.raises(ValueError):
        gini([1.0, 2.0], weights=bad)


def test_invalid_inputs_raise():
    with pytest.raises(ValueError):
        fgt_all([1.0, 2.0], 0.0)  # line must be positive
    with pytest.raises(ValueError):
        fgt_all([1.0, 2.0], [1.0, -1.0])
    with pytest.raises(ValueError):
        fgt_all([1.0, 2.0], [1.0, 2.0, 3.0])  # line length mismatch
    with pytest.raises(ValueError):
        fgt_all([1.0, 2.0], 3.0, weights=[1.0])  # weights length mismatch
    with pytest.raises(ValueError):
        gini([1.0, 2.0], weights=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        fgt([1.0, 2.0], 3.0, -1)  # negative alpha
    with pytest.raises(ValueError):
        fgt_all([1.0, float("nan")], 3.0)
    with pytest.raises(ValueError):
        gini([1.0, float("nan")])


def test_inputs_not_modified():
    y = np.array([3.0, 1.0, 2.0])
    w = np.array([1.0, 2.0, 3.0])
    gini(y, weights=w)
    fgt_all(y, 2.5, weights=w)
    assert y.tolist() == [3.0, 1.0, 2.0]
    assert w.tolist() == [1.0, 2.0, 3.0]
