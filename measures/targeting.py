"""Targeting-error measures: who should have received, who did.

Eligibility is judged on **pre-transfer** welfare: per-capita consumption the household
would have had this month without any of this month's transfers, over the area poverty
line at this month's prices (a welfare ratio; below 1 means poor). Two standards are
reported side by side:

- ``poor``: pre-transfer welfare below the poverty line;
- ``quota``: the programme's intended group, the ``k`` households with the lowest
  pre-transfer welfare, where ``k`` is the programme's quota.

Programmes with categorical rules (PKH needs at least one component) judge both
standards among the categorically eligible only.

Exclusion error = share of the eligible who do not receive; inclusion error = share of
recipients who are not eligible.
"""

from __future__ import annotations

import numpy as np

from measures import numerics as det

NAN = float("nan")


def bottom_k(welfare: np.ndarray, k: int, among: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the ``k`` households with the lowest ``welfare`` (within
    ``among`` if given; all of ``among`` if it holds ``k`` or fewer)."""
    n = welfare.size
    out = np.zeros(n, bool)
    idx = np.arange(n) if among is None else np.flatnonzero(among)
    k = int(max(k, 0))
    if k >= idx.size:
        out[idx] = True
    elif k > 0:
        out[idx[det.smallest(welfare[idx], k)]] = True
    return out


def error_rates(recipients: np.ndarray, eligible: np.ndarray) -> tuple[float, float]:
    """(exclusion error, inclusion error); NaN where the denominator is empty."""
    n_elig = int(np.count_nonzero(eligible))
    n_rec = int(np.count_nonzero(recipients))
    excl = np.count_nonzero(eligible & ~recipients) / n_elig if n_elig else NAN
    incl = np.count_nonzero(recipients & ~eligible) / n_rec if n_rec else NAN
    return float(excl), float(incl)


def targeting_errors(
    welfare: np.ndarray,
    recipients: np.ndarray,
    k: int,
    among: np.ndarray | None = None,
) -> dict[str, float]:
    """Both standards for one programme; ``welfare`` is the pre-transfer welfare ratio."""
    poor = welfare < 1.0
    if among is not None:
        poor = poor & among
    excl, incl = error_rates(recipients, poor)
    excl_q, incl_q = error_rates(recipients, bottom_k(welfare, k, among))
    return {
        "exclusion_error": excl,
        "inclusion_error": incl,
        "exclusion_error_quota": excl_q,
        "inclusion_error_quota": incl_q,
    }
