"""The deterministic building blocks (measures/numerics.py) are accurate: exp, log,
log1p and power within a few ulp of the C library, least squares equal to LAPACK's,
selection and sorting with ties broken by index, Student-t quantiles as tabulated.
(That they give the same bits under every CPU dispatch setting: tests/test_dispatch.py.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from measures import numerics as det


def ulps(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b) / np.spacing(np.abs(b))))


def test_exp_log_log1p_within_two_ulp_of_the_c_library():
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(0, 20, 200_000), np.linspace(-745, 709.7, 20_001)])
    assert ulps(det.exp(x), np.exp(x)) <= 1
    pos = np.abs(x) * 10.0 ** rng.integers(-300, 300, x.size)
    assert ulps(det.log(pos), np.log(pos)) <= 1
    small = np.abs(rng.normal(0, 1, 100_000)) * 10.0 ** rng.integers(-20, 3, 100_000)
    assert ulps(det.log1p(small), np.log1p(small)) <= 2
    assert det.exp(0.0) == 1.0 and det.exp(-800.0) == 0.0 and det.exp(710.0) == math.inf
    assert det.log(1.0) == 0.0 and det.log(0.0) == -math.inf and math.isnan(det.log(-1.0))


def test_power_integer_exponents_by_multiplication_others_close():
    assert det.power(0.9, 3.0) == 0.9 * 0.9 * 0.9
    assert det.power(2.0, -2.0) == 0.25 and det.power(5.0, 0.0) == 1.0
    b = np.random.default_rng(2).random(10_000)
    e = np.random.default_rng(3).random(10_000) * 3
    assert np.allclose(det.power(b, e), b**e, rtol=1e-14, atol=0)


def test_dot_matvec_and_least_squares_match_blas_and_lapack():
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(3000), rng.normal(size=(3000, 5)), np.zeros(3000)])
    y = x[:, :6] @ np.arange(1.0, 7.0) + rng.normal(size=3000)
    coef = det.least_squares(x, y)
    ref = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(coef, ref, rtol=1e-9, atol=1e-12)
    assert coef[-1] == 0.0  # an all-zero proxy gets no weight
    np.testing.assert_allclose(det.matvec(x, coef), x @ coef, rtol=0, atol=1e-12)
    assert det.dot(y, y) == pytest.approx(float(y @ y), rel=1e-12)


def test_smallest_and_argsort_break_ties_by_index():
    v = np.array([3.0, 1.0, 2.0, 1.0, 1.0, 0.0])
    assert det.smallest(v, 3).tolist() == [1, 3, 5]  # 0.0, then the first two 1.0s
    assert det.smallest(v, 0).size == 0 and det.smallest(v, 9).tolist() == list(range(6))
    assert det.argsort(v).tolist() == [5, 1, 3, 4, 2, 0]
    w = np.random.default_rng(5).random(1000)
    assert np.array_equal(det.argsort(w), np.argsort(w, kind="stable"))
    assert det.smallest(np.array([np.nan, 2.0, np.nan, 1.0]), 3).tolist() == [0, 1, 3]


def closed_form_t(df: int, p: float) -> float:
    """Student-t quantiles with closed forms (df 1, 2 and 4)."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    a = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
    return math.copysign(2 * math.sqrt(q - 1), p - 0.5)


@pytest.mark.parametrize("df", [1, 2, 4, 9, 30, 1000])
def test_student_t_quantiles_match_closed_forms_and_scipy(df):
    from scipy.special import stdtrit

    for p in (0.975, 0.995, 0.8):
        want = closed_form_t(df, p) if df in (1, 2, 4) else float(stdtrit(df, p))
        assert det.t_quantile(df, p) == pytest.approx(want, rel=1e-13), p
        assert det.t_quantile(df, 1 - p) == -det.t_quantile(df, p)
    assert math.isnan(det.t_quantile(0, 0.975)) and math.isnan(det.t_quantile(1.5, 0.975))
