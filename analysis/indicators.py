"""Social-protection performance indicators in the ASPIRE / ADePT SP style.

Inputs are per-household arrays (or DataFrame columns) of equal length:

* ``pretransfer_welfare``: rupiah per capita per month, welfare without the programme;
* ``transfer``: rupiah per household per month received from the programme (>= 0);
* ``size``: persons in the household (> 0);
* ``line``: poverty line, rupiah per capita per month (scalar or one per household).

Everything is person-weighted (weight = household size) unless a docstring says
otherwise. Post-transfer welfare is ``pretransfer_welfare + transfer / size``. A household
is a beneficiary when ``transfer > 0`` (or, where a ``beneficiary`` argument or column is
given, when it is flagged: e.g. covered by a programme that pays in instalments in a
month without an instalment); all its members count as beneficiaries.

Per-quintile results are pandas Series indexed 1..5 (quintile 1 = poorest, of
pre-transfer per-capita welfare) plus ``"All"``. Formulas and sources: docs/INDICATORS.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from measures.poverty import fgt_all, gini

__all__ = [
    "ALL",
    "QUINTILES",
    "adequacy_by_quintile",
    "aspire_table",
    "benefit_cost_ratio",
    "benefit_incidence_by_quintile",
    "beneficiary_incidence_by_quintile",
    "coverage_by_quintile",
    "gap_reduction_rupiah",
    "gini_reduction",
    "poverty_reduction",
    "welfare_group",
    "welfare_quintile",
]

QUINTILES: tuple[int, ...] = (1, 2, 3, 4, 5)
ALL = "All"
_INDEX = pd.Index([*QUINTILES, ALL], name="quintile", dtype=object)
_POVERTY_COLUMNS = [
    f"{measure}_{what}"
    for measure in ("headcount", "gap")
    for what in ("pre", "post", "reduction", "reduction_rel")
] + ["gap_reduction_rupiah", "benefit_cost_ratio", "gini_pre", "gini_post", "gini_reduction"]


# ---------------------------------------------------------------- validation helpers


def _vector(x: ArrayLike, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite")
    return a


def _households(
    pretransfer_welfare: ArrayLike, transfer: ArrayLike, size: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = _vector(pretransfer_welfare, "pretransfer_welfare")
    t = _vector(transfer, "transfer")
    s = _vector(size, "size")
    if not (y.size == t.size == s.size):
        raise ValueError("pretransfer_welfare, transfer and size must have the same length")
    if np.any(t < 0):
        raise ValueError("transfer must be non-negative")
    if np.any(s <= 0):
        raise ValueError("size must be positive")
    return y, t, s


def _quintile_arg(quintile: ArrayLike | None, y: np.ndarray, s: np.ndarray) -> np.ndarray:
    if quintile is None:
        return welfare_quintile(y, s)
    q = np.asarray(quintile)
    if q.shape != y.shape or not np.all(np.isin(q, QUINTILES)):
        raise ValueError("quintile must hold one value in 1..5 per household")
    return q.astype(np.intp)


def _line_arg(line: ArrayLike, n: int) -> np.ndarray:
    z = np.asarray(line, dtype=float)
    if z.ndim == 0:
        z = np.full(n, float(z))
    if z.shape != (n,):
        raise ValueError("line must be a scalar or one value per household")
    if not np.all(z > 0):
        raise ValueError("poverty line must be positive")
    return z


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den elementwise, NaN where den == 0."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _beneficiary_arg(beneficiary: ArrayLike | None, t: np.ndarray) -> np.ndarray:
    """Beneficiary flags: ``transfer > 0`` by default, else the given flags."""
    if beneficiary is None:
        return t > 0
    b = np.asarray(beneficiary)
    if b.shape != t.shape:
        raise ValueError("beneficiary must hold one flag per household")
    return b.astype(bool)


def _by_quintile(values: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Sums of ``values`` in quintiles 1..5 followed by the overall sum (6 entries)."""
    sums = np.bincount(q - 1, weights=values, minlength=5)
    return np.append(sums, values.sum())


def _series(values: np.ndarray, name: str) -> pd.Series:
    return pd.Series(values, index=_INDEX.copy(), name=name, dtype=float)


# ---------------------------------------------------------------------- indicators


def welfare_quintile(
    pretransfer_welfare: ArrayLike, weights: ArrayLike | None = None
) -> np.ndarray:
    """Person-weighted quintile (1..5) of pre-transfer per-capita welfare, per household.

    Households are ranked by welfare (rupiah per capita per month); with ``weights`` =
    household size each person counts once. A household is in quintile k when the share
    of weight held by strictly poorer households lies in [(k-1)/5, k/5): a household
    straddling a boundary goes to the quintile of its first member, and ties share a
    quintile (the usual lower weighted-percentile convention).
    """
    return welfare_group(pretransfer_welfare, weights, 5)


def welfare_group(
    pretransfer_welfare: ArrayLike, weights: ArrayLike | None = None, groups: int = 10
) -> np.ndarray:
    """Person-weighted welfare group 1..``groups`` (10: deciles) per household, by the
    rule of :func:`welfare_quintile`."""
    y = _vector(pretransfer_welfare, "pretransfer_welfare")
    w = np.ones_like(y) if weights is None else _vector(weights, "weights")
    if w.shape != y.shape:
        raise ValueError("weights must have one value per household")
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    if y.size == 0:
        return np.zeros(0, dtype=np.intp)
    total = w.sum()
    if total == 0:
        raise ValueError("weights sum to zero")
    order = np.argsort(y, kind="stable")
    ys = y[order]
    before = np.concatenate(([0.0], np.cumsum(w[order])))  # weight strictly before index
    share = before[np.searchsorted(ys, y, side="left")] / total
    # tolerance so that e.g. a share of 0.4 computed as 0.39999999999 still starts Q3
    q = np.floor(groups * share + 1e-9).astype(np.intp) + 1
    return np.minimum(q, groups)


def coverage_by_quintile(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    quintile: ArrayLike | None = None,
    beneficiary: ArrayLike | None = None,
) -> pd.Series:
    """Coverage: share of people in each quintile living in a beneficiary household.

    coverage_q = sum_{i in q, t_i > 0} s_i / sum_{i in q} s_i (a fraction); "All" is the
    same over the whole population.
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    q = _quintile_arg(quintile, y, s)
    people = _by_quintile(s, q)
    covered = _by_quintile(s * _beneficiary_arg(beneficiary, t), q)
    return _series(_ratio(covered, people), "coverage")


def beneficiary_incidence_by_quintile(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    quintile: ArrayLike | None = None,
    beneficiary: ArrayLike | None = None,
) -> pd.Series:
    """Beneficiary incidence: share of all beneficiary people who are in each quintile.

    incidence_q = sum_{i in q, t_i > 0} s_i / sum_{t_i > 0} s_i (fractions summing to 1;
    "All" = 1, or NaN everywhere when there are no beneficiaries).
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    q = _quintile_arg(quintile, y, s)
    covered = _by_quintile(s * _beneficiary_arg(beneficiary, t), q)
    return _series(_ratio(covered, covered[-1]), "beneficiary_incidence")


def benefit_incidence_by_quintile(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    quintile: ArrayLike | None = None,
) -> pd.Series:
    """Benefit incidence: share of the total transfer amount going to each quintile.

    incidence_q = sum_{i in q} t_i / sum_i t_i, transfers in rupiah per household per month
    (fractions summing to 1; NaN when nothing is transferred). Amounts are not weighted:
    each household's transfer counts once.
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    q = _quintile_arg(quintile, y, s)
    amount = _by_quintile(t, q)
    return _series(_ratio(amount, amount[-1]), "benefit_incidence")


def adequacy_by_quintile(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    quintile: ArrayLike | None = None,
    denominator: Literal["pre", "post"] = "pre",
    beneficiary: ArrayLike | None = None,
) -> pd.Series:
    """Adequacy: transfers received by beneficiaries / their welfare, by quintile.

    adequacy_q = sum_{i in q, t_i > 0} t_i / sum_{i in q, t_i > 0} s_i * y_i, both household
    totals in rupiah per month (y_i pre-transfer welfare per capita). This equals the
    person-weighted ratio of per-capita transfer (t_i / s_i) to per-capita welfare. With
    ``denominator="post"`` the denominator is post-transfer welfare, s_i * y_i + t_i, as in
    ASPIRE where survey welfare already includes the transfer. NaN without beneficiaries.
    """
    if denominator not in ("pre", "post"):
        raise ValueError('denominator must be "pre" or "post"')
    y, t, s = _households(pretransfer_welfare, transfer, size)
    q = _quintile_arg(quintile, y, s)
    ben = _beneficiary_arg(beneficiary, t)
    received = _by_quintile(t * ben, q)
    welfare = s * y + (t if denominator == "post" else 0.0)
    return _series(_ratio(received, _by_quintile(welfare * ben, q)), "adequacy")


def poverty_reduction(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    line: ArrayLike,
) -> dict[str, float]:
    """Poverty headcount and gap before and after the transfer (person-weighted).

    Post-transfer welfare = pretransfer_welfare + transfer / size. Returns fractions:
    ``headcount_pre``, ``headcount_post``, ``headcount_reduction`` (pre - post, absolute,
    in fraction points), ``headcount_reduction_rel`` ((pre - post) / pre, NaN if pre = 0),
    and the same four for ``gap`` (FGT1, the poverty-gap index).
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    z = _line_arg(line, y.size)
    h0, g0, _ = fgt_all(y, z, weights=s)
    h1, g1, _ = fgt_all(y + t / s, z, weights=s)
    out: dict[str, float] = {}
    for name, pre, post in (("headcount", h0, h1), ("gap", g0, g1)):
        out[f"{name}_pre"] = pre
        out[f"{name}_post"] = post
        out[f"{name}_reduction"] = pre - post
        out[f"{name}_reduction_rel"] = (pre - post) / pre if pre > 0 else float("nan")
    return out


def gap_reduction_rupiah(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    line: ArrayLike,
) -> float:
    """Reduction in the aggregate poverty gap, rupiah per month.

    sum_i s_i * (max(0, z_i - y_i) - max(0, z_i - y_i - t_i / s_i)): the shortfall below the
    line removed by the transfer, summed over people. With a single line z this equals
    (FGT1_pre - FGT1_post) * z * sum_i s_i.
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    z = _line_arg(line, y.size)
    before = np.maximum(z - y, 0.0)
    after = np.maximum(z - (y + t / s), 0.0)
    return float(np.dot(s, before - after))


def benefit_cost_ratio(
    pretransfer_welfare: ArrayLike,
    transfer: ArrayLike,
    size: ArrayLike,
    line: ArrayLike,
) -> float:
    """Rupiah of poverty-gap reduction per rupiah transferred (no unit; between 0 and 1).

    BCR = gap_reduction_rupiah / sum_i t_i, both rupiah per month (see
    :func:`gap_reduction_rupiah`). Administrative costs are not included. NaN when nothing
    is transferred.
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    spent = t.sum()
    if spent == 0:
        return float("nan")
    return gap_reduction_rupiah(y, t, s, line) / float(spent)


def gini_reduction(
    pretransfer_welfare: ArrayLike, transfer: ArrayLike, size: ArrayLike
) -> dict[str, float]:
    """ASPIRE's inequality indicator: the Gini of per-capita welfare before (y) and after
    (y + t/s) the transfer, person-weighted, and its relative reduction.

    ``gini_reduction`` = (G_pre - G_post) / G_pre (a fraction; NaN if G_pre = 0), as
    ASPIRE's "reduction in inequality (Gini) due to the programme (%)", a first-round
    simulation with behaviour held fixed.
    """
    y, t, s = _households(pretransfer_welfare, transfer, size)
    pre = gini(y, weights=s)
    post = gini(y + t / s, weights=s)
    rel = (pre - post) / pre if pre > 0 else float("nan")
    return {"gini_pre": pre, "gini_post": post, "gini_reduction": rel}


def aspire_table(
    df: pd.DataFrame | Mapping[str, ArrayLike],
    line: ArrayLike | str = "line",
    denominator: Literal["pre", "post"] = "pre",
) -> pd.DataFrame:
    """All indicators, one row per pre-transfer welfare quintile (1..5) plus "All".

    ``df`` has columns ``pretransfer_welfare``, ``transfer``, ``size`` and optionally
    ``beneficiary`` (flags; default ``transfer > 0``); ``line`` is a
    scalar, one value per household, or the name of a column (default ``"line"``).

    Columns: ``people`` and ``beneficiaries`` (persons), ``population_share``,
    ``coverage``, ``beneficiary_incidence``, ``benefit_incidence``, ``transfer_total``
    (rupiah per month), ``adequacy``, the :func:`poverty_reduction` fields,
    ``gap_reduction_rupiah`` (rupiah per month), ``benefit_cost_ratio`` and the
    :func:`gini_reduction` fields. Poverty and benefit-cost columns of a quintile row are
    computed within that quintile (its people and the transfers they receive); the "All"
    row is the whole population. The Gini fields are for the whole population only (NaN
    in the quintile rows: inequality within a quintile is not the ASPIRE indicator).
    """
    y, t, s = _households(df["pretransfer_welfare"], df["transfer"], df["size"])
    z = _line_arg(df[line] if isinstance(line, str) else line, y.size)
    q = welfare_quintile(y, s)
    ben = _beneficiary_arg(df["beneficiary"] if "beneficiary" in df else None, t)
    people = _by_quintile(s, q)
    beneficiaries = _by_quintile(s * ben, q)
    table = pd.DataFrame(
        {
            "people": people,
            "beneficiaries": beneficiaries,
            "population_share": _ratio(people, people[-1]),
            "coverage": coverage_by_quintile(y, t, s, q, ben).to_numpy(),
            "beneficiary_incidence": beneficiary_incidence_by_quintile(y, t, s, q, ben).to_numpy(),
            "benefit_incidence": benefit_incidence_by_quintile(y, t, s, q).to_numpy(),
            "transfer_total": _by_quintile(t, q),
            "adequacy": adequacy_by_quintile(y, t, s, q, denominator, ben).to_numpy(),
        },
        index=_INDEX.copy(),
    )
    rows = []
    for group in (*QUINTILES, ALL):
        sel = np.ones(y.size, dtype=bool) if group == ALL else q == group
        if not sel.any():
            rows.append({})
            continue
        row = poverty_reduction(y[sel], t[sel], s[sel], z[sel])
        row["gap_reduction_rupiah"] = gap_reduction_rupiah(y[sel], t[sel], s[sel], z[sel])
        row["benefit_cost_ratio"] = benefit_cost_ratio(y[sel], t[sel], s[sel], z[sel])
        if group == ALL:
            row.update(gini_reduction(y, t, s))
        rows.append(row)
    poverty = pd.DataFrame(rows, index=_INDEX.copy(), columns=_POVERTY_COLUMNS, dtype=float)
    return pd.concat([table, poverty], axis=1)
