"""Deterministic numerics: the same bits on every CPU (any vector width, any BLAS kernel,
any C maths library variant), for the float operations whose results decide anything.

numpy dispatches ``exp``, ``log``, ``log1p`` and ``power`` to SIMD code chosen for the
CPU it runs on (AVX-512 paths differ in the last bits from the others) or to the C
library, which picks FMA or non-FMA variants by CPU; dot products and least squares go
to a BLAS kernel chosen by CPU; quicksort and partition order ties differently by
vector width. One last-bit difference moves a household across the poverty line and
two runs diverge, so the model uses the building blocks below instead:

- :func:`exp`, :func:`log`, :func:`log1p`, :func:`power`: compiled (Numba, no fast-math,
  so no fused multiply-add or reassociation) from the fdlibm/musl algorithms with
  +, -, *, / and exact scaling only (error below 1 ulp);
- :func:`dot`, :func:`matvec`, :func:`least_squares`: compiled loops with a fixed,
  left-to-right summation order; the least squares solve the normal equations;
- :func:`argsort` (stable: ties by index) and :func:`smallest` (the ``k`` smallest,
  ties by index, in index order);
- :func:`t_quantile`: Student-t quantiles (scipy's ``stdtrit`` calls the C library's
  ``pow`` and ``exp``, whose FMA and non-FMA variants differ in the last bits).

numpy's own ``sum``/``mean`` (pairwise summation in fixed blocks), ``cumsum``,
``bincount``, element-wise + - * / and ``sqrt`` (correctly rounded) are the same on
every CPU and are used as they are.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "argsort",
    "dot",
    "exp",
    "least_squares",
    "log",
    "log1p",
    "matvec",
    "power",
    "smallest",
    "t_quantile",
]

# fdlibm e_exp.c / e_log.c constants (also musl, FreeBSD msun).
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
_P1 = 1.66666666666666019037e-01
_P2 = -2.77777777770155933842e-03
_P3 = 6.61375632143793436117e-05
_P4 = -1.65339022054652515390e-06
_P5 = 4.13813679705723846039e-08
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01
_SQRT_HALF = 0.70710678118654752440
# 2**k for k = -1022..1023, exact (the scaling in exp without a library call).
_POW2 = np.array([math.ldexp(1.0, k) for k in range(-1022, 1024)])


@nb.njit(cache=True)
def _exp(x):
    if x != x:
        return x
    if x > 709.782712893383973096:
        return math.inf
    if x < -745.13321910194110842:
        return 0.0
    ax = abs(x)
    if ax > 0.5 * _LN2_HI:
        k = int(math.floor(_INV_LN2 * x + 0.5))
        hi = x - k * _LN2_HI
        lo = k * _LN2_LO
        r = hi - lo
    elif ax > 3.725290298461914e-09:  # 2**-28
        k = 0
        hi = x
        lo = 0.0
        r = x
    else:
        return 1.0 + x
    t = r * r
    c = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    y = 1.0 + (r * c / (2.0 - c) - lo + hi)
    if k == 0:
        return y
    if k < -1021:  # subnormal result: scale in two steps, rounding once
        return (y * _POW2[k + 54 + 1022]) * _POW2[-54 + 1022]
    if k > 1023:
        return (y * 2.0) * _POW2[k - 1 + 1022]
    return y * _POW2[k + 1022]  # exact scaling by 2**k


@nb.njit(cache=True)
def _log(x):
    if x != x:
        return x
    if x < 0.0:
        return math.nan
    if x == 0.0:
        return -math.inf
    if x == math.inf:
        return x
    m, e = math.frexp(x)  # exact: x = m * 2**e, 0.5 <= m < 1
    if m < _SQRT_HALF:
        m = m * 2.0
        e -= 1
    f = m - 1.0
    hfsq = 0.5 * f * f
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    r = t2 + t1
    dk = float(e)
    return s * (hfsq + r) + dk * _LN2_LO - hfsq + f + dk * _LN2_HI


@nb.njit(cache=True)
def _log1p(x):
    u = 1.0 + x
    if u == 1.0:
        return x
    if u == math.inf:
        return u
    return _log(u) * (x / (u - 1.0))  # Goldberg's correction of the rounding in 1 + x


@nb.njit(cache=True)
def _power(x, y):
    if y == 0.0:
        return 1.0
    if y == math.floor(y) and abs(y) <= 1024.0:
        # integer exponent: binary powering, a fixed sequence of multiplications
        n = int(abs(y))
        result = 1.0
        b = x
        while n > 0:
            if n & 1:
                result *= b
            n >>= 1
            if n > 0:
                b *= b
        return 1.0 / result if y < 0 else result
    if x == 0.0:
        return 0.0 if y > 0 else math.inf
    if x < 0.0 or x != x or y != y:
        return math.nan
    return _exp(y * _log(x))


@nb.vectorize(["float64(float64)"], cache=True)
def exp(x):
    """e**x, element-wise (float64; error below 1 ulp, the same bits on any CPU)."""
    return _exp(x)


@nb.vectorize(["float64(float64)"], cache=True)
def log(x):
    """Natural logarithm, element-wise (NaN below 0, -inf at 0)."""
    return _log(x)


@nb.vectorize(["float64(float64)"], cache=True)
def log1p(x):
    """log(1 + x), element-wise, accurate for small x."""
    return _log1p(x)


@nb.vectorize(["float64(float64, float64)"], cache=True)
def power(x, y):
    """x**y, element-wise: repeated multiplication for integer y (|y| <= 1024),
    exp(y log x) otherwise (x >= 0)."""
    return _power(x, y)


@nb.njit(cache=True)
def _dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Sum of a_i * b_i over i, left to right (1-d float arrays of equal length)."""
    a = np.ascontiguousarray(a, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"dot: shapes {a.shape} and {b.shape} differ or are not 1-d")
    return float(_dot(a, b))


@nb.njit(cache=True)
def _matvec(x, v, out):
    n, p = x.shape
    for i in range(n):
        s = 0.0
        for j in range(p):
            s += x[i, j] * v[j]
        out[i] = s


def matvec(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``x @ v`` for a 2-d ``x`` and 1-d ``v``, each row summed left to right."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    v = np.ascontiguousarray(v, dtype=np.float64)
    out = np.empty(x.shape[0])
    _matvec(x, v, out)
    return out


@nb.njit(cache=True)
def _least_squares(x, y, tol):
    n, p = x.shape
    # Normal equations X'X b = X'y, accumulated row by row in a fixed order.
    a = np.zeros((p, p))
    rhs = np.zeros(p)
    for i in range(n):
        for j in range(p):
            xij = x[i, j]
            rhs[j] += xij * y[i]
            for k in range(j + 1):
                a[j, k] += xij * x[i, k]
    for j in range(p):
        for k in range(j):
            a[k, j] = a[j, k]
    # Jacobi scaling, then Cholesky; columns that are (numerically) a combination of
    # earlier ones get coefficient 0 (an all-zero or collinear proxy).
    scale = np.ones(p)
    for j in range(p):
        if a[j, j] > 0:
            scale[j] = 1.0 / math.sqrt(a[j, j])
    for j in range(p):
        rhs[j] *= scale[j]
        for k in range(p):
            a[j, k] *= scale[j] * scale[k]
    low = np.zeros((p, p))
    keep = np.zeros(p, np.bool_)
    for j in range(p):
        d = a[j, j]
        for k in range(j):
            d -= low[j, k] * low[j, k]
        if d <= tol:
            continue
        keep[j] = True
        ljj = math.sqrt(d)
        low[j, j] = ljj
        for i in range(j + 1, p):
            s = a[i, j]
            for k in range(j):
                s -= low[i, k] * low[j, k]
            low[i, j] = s / ljj
    z = np.zeros(p)
    for j in range(p):
        if keep[j]:
            s = rhs[j]
            for k in range(j):
                s -= low[j, k] * z[k]
            z[j] = s / low[j, j]
    coef = np.zeros(p)
    for j in range(p - 1, -1, -1):
        if keep[j]:
            s = z[j]
            for k in range(j + 1, p):
                s -= low[k, j] * coef[k]
            coef[j] = s / low[j, j]
    for j in range(p):
        coef[j] *= scale[j]
    return coef


def least_squares(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ordinary least-squares coefficients of ``y`` (n,) on the columns of ``x`` (n, p),
    from the normal equations solved by Cholesky with a fixed summation order. A column
    that is a linear combination of earlier columns (relative pivot below 1e-12) gets
    coefficient 0."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    return _least_squares(x, y, 1e-12)


def argsort(values: np.ndarray) -> np.ndarray:
    """Indices that sort ``values`` ascending; ties keep index order (the result of a
    stable sort, which is unique, unlike quicksort's)."""
    values = np.asarray(values)
    order = np.argsort(values)  # the CPU's fastest sort: unique when there are no ties
    if values.ndim == 1 and values.size > 1:
        s = values[order]
        if s.dtype.kind not in "fc" or not np.isnan(s[-1]):
            if not np.any(s[1:] == s[:-1]):
                return order
    return np.argsort(values, kind="stable")


def smallest(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` smallest ``values``, ties broken by the lower index, in
    ascending index order (the same set and order on every CPU; ``argpartition`` orders
    ties and its output by the CPU's sorting network). NaN counts as largest."""
    values = np.asarray(values)
    n = values.size
    k = int(min(max(k, 0), n))
    if k == 0:
        return np.zeros(0, np.int64)
    if k == n:
        return np.arange(n)
    kth = np.partition(values, k - 1)[k - 1]  # the k-th smallest value is unique
    if kth != kth:  # NaN among the k smallest
        return np.sort(argsort(values)[:k])
    below = values < kth
    need = k - int(np.count_nonzero(below))
    ties = np.flatnonzero(values == kth)[:need]
    below[ties] = True
    return np.flatnonzero(below)


# fdlibm s_atan.c
_ATAN_HI = (4.63647609000806093515e-01, 7.85398163397448278999e-01,
            9.82793723247329054082e-01, 1.57079632679489655800e00)  # fmt: skip
_ATAN_LO = (2.26987774529616870924e-17, 3.06161699786838301793e-17,
            1.39033110312309984516e-17, 6.12323399573676603587e-17)  # fmt: skip
_AT = (3.33333333333329318027e-01, -1.99999999998764832476e-01, 1.42857142725034663711e-01,
       -1.11111104054623557880e-01, 9.09088713343650656196e-02, -7.69187620504482999495e-02,
       6.66107313738753120669e-02, -5.83357013379057348645e-02, 4.97687799461593236017e-02,
       -3.65315727442169155270e-02, 1.62858201153657823623e-02)  # fmt: skip


@nb.njit(cache=True)
def _atan(x):
    if x != x:
        return x
    ax = abs(x)
    if ax >= 7.378697629483821e19:  # 2**66
        r = _ATAN_HI[3] + _ATAN_LO[3]
        return r if x > 0 else -r
    if ax < 0.4375:
        if ax < 7.450580596923828e-09:  # 2**-27
            return x
        k = -1
        v = x
    elif ax < 0.6875:
        k, v = 0, (2.0 * ax - 1.0) / (2.0 + ax)
    elif ax < 1.1875:
        k, v = 1, (ax - 1.0) / (ax + 1.0)
    elif ax < 2.4375:
        k, v = 2, (ax - 1.5) / (1.0 + 1.5 * ax)
    else:
        k, v = 3, -1.0 / ax
    z = v * v
    w = z * z
    a = _AT
    s1 = z * (a[0] + w * (a[2] + w * (a[4] + w * (a[6] + w * (a[8] + w * a[10])))))
    s2 = w * (a[1] + w * (a[3] + w * (a[5] + w * (a[7] + w * a[9]))))
    if k < 0:
        return v - v * (s1 + s2)
    r = _ATAN_HI[k] - ((v * (s1 + s2) - _ATAN_LO[k]) - v)
    return r if x > 0 else -r


@nb.njit(cache=True)
def _t_central(t, df):
    """P(|T| <= t) for Student's t with integer ``df`` >= 1 and t >= 0 (Abramowitz and
    Stegun 26.7.3-4: finite sums in cos(theta), theta = atan(t / sqrt(df)))."""
    c2 = df / (df + t * t)  # cos^2 theta
    sn = t / math.sqrt(df + t * t)  # sin theta
    if df % 2 == 0:
        term = 1.0
        total = 1.0
        for j in range(1, df // 2):
            term *= c2 * (2 * j - 1) / (2 * j)
            total += term
        return sn * total
    theta = _atan(t / math.sqrt(df))
    if df == 1:
        return theta * (2.0 / math.pi)
    cs = math.sqrt(c2)
    term = cs
    total = cs
    for j in range(1, (df - 1) // 2):
        term *= c2 * (2 * j) / (2 * j + 1)
        total += term
    return (theta + sn * total) * (2.0 / math.pi)


@nb.njit(cache=True)
def _t_quantile(df, p):
    if df < 1 or not (0.0 < p < 1.0):
        return math.nan
    if p == 0.5:
        return 0.0
    central = abs(2.0 * p - 1.0)
    lo, hi = 0.0, 1.0
    while _t_central(hi, df) < central and hi < 1e300:
        lo, hi = hi, hi * 2.0
    for _ in range(200):  # bisection to adjacent doubles: a fixed sequence of steps
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if _t_central(mid, df) < central:
            lo = mid
        else:
            hi = mid
    q = hi if _t_central(hi, df) - central < central - _t_central(lo, df) else lo
    return q if p > 0.5 else -q


def t_quantile(df: ArrayLike, p: float) -> np.ndarray:
    """Quantile ``p`` of Student's t with ``df`` degrees of freedom (whole numbers >= 1,
    elementwise; NaN otherwise), to about 1e-15 relative, by bisection on the exact
    finite-sum distribution function."""
    d = np.asarray(df, dtype=float)
    out = np.full(d.shape, np.nan)
    for v in np.unique(d[np.isfinite(d)]):
        if v >= 1 and v == math.floor(v):
            out[d == v] = _t_quantile(int(v), float(p))
    return out if out.ndim else out[()]
