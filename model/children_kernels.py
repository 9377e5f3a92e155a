"""Compiled loops (Numba) over the (households x child slots) arrays: ageing and school
transitions, births, school dropout, the month's enrolment counts and PKH's child
components.

Profiling showed these (n, 8) whole-array passes among the costliest of the month. The
loops apply the rules of model/calendar.py, model/schooling.py and model/metrics.py to
random numbers drawn by the caller from the same named streams, with the same
arithmetic, so results are bit-identical to the array code they replaced.
"""

from __future__ import annotations

import numba as nb
import numpy as np

PREGNANCY_MONTHS = 9


@nb.njit(cache=True)
def age_children(
    age,  # int16 (n, slots) months, -1 = empty slot; in/out
    enrolled,  # bool (n, slots); in/out
    u_school,  # (n, slots) uniforms, stream "school_transition"
    entry_rate,
    smp_transition,
    sma_transition,
    school_pressure,  # (n,) multiplier on the chance of not entering / not continuing
    pregnant,  # int8 (n,) months pregnant; in/out
    adults,  # int8 (n,)
    u_pregnancy,  # (n,) uniforms, stream "pregnancy"
    hazard,  # monthly conception hazard
    children_left,  # int64 (n,) out
    births,  # bool (n,) out
    children,  # int16 (n,) out: children after the month's changes
    school_months,  # int16 (n, slots) months enrolled so far; in/out
    left_months,  # int16 (n, slots) out: months enrolled of a child who left, else -1
):
    n, slots = age.shape
    for i in range(n):
        left = 0
        for s in range(slots):
            left_months[i, s] = -1
            a = age[i, s]
            if a < 0:
                enrolled[i, s] = False
                continue
            a += 1
            years = a // 12
            if a % 12 == 0:  # birthday
                u = u_school[i, s]
                k = school_pressure[i]
                if years == 7 and u < 1.0 - min((1.0 - entry_rate) * k, 1.0):
                    enrolled[i, s] = True
                if years == 13 and u >= 1.0 - min((1.0 - smp_transition) * k, 1.0):
                    enrolled[i, s] = False
                if years == 16 and u >= 1.0 - min((1.0 - sma_transition) * k, 1.0):
                    enrolled[i, s] = False
            if years >= 19:
                a = -1
                enrolled[i, s] = False
                left += 1
                left_months[i, s] = school_months[i, s]
                school_months[i, s] = 0
            elif enrolled[i, s]:
                school_months[i, s] += 1  # a month in school (ages 7-18)
            age[i, s] = a
        children_left[i] = left
        free = -1
        for s in range(slots):
            if age[i, s] < 0:
                free = s
                break
        p = pregnant[i]
        if p > 0:
            p += 1
        born = p > PREGNANCY_MONTHS
        if born:
            if free >= 0:
                age[i, free] = 0
                school_months[i, free] = 0
            p = 0
        if (u_pregnancy[i] < hazard) and p == 0 and adults[i] > 0 and free >= 0 and not born:
            p = 1
        pregnant[i] = p
        births[i] = born
        count = 0
        for s in range(slots):
            if age[i, s] >= 0:
                count += 1
        children[i] = count


@nb.njit(cache=True)
def drop_out(
    age,  # int16 (n, slots)
    enrolled,  # bool (n, slots); in/out
    u,  # (n, slots) uniforms, stream "school_dropout"
    mult,  # (n,) hazard multiplier
    rate_sd,
    rate_smp,
    rate_sma,
    dropouts,  # int64 (n,) out
):
    n, slots = age.shape
    for i in range(n):
        d = 0
        for s in range(slots):
            years = age[i, s] // 12
            if 7 <= years <= 12:
                base = rate_sd
            elif 13 <= years <= 15:
                base = rate_smp
            elif 16 <= years <= 18:
                base = rate_sma
            else:
                base = 0.0
            hazard = min(base * mult[i], 1.0)
            if enrolled[i, s] and u[i, s] < hazard:
                enrolled[i, s] = False
                d += 1
        dropouts[i] = d


@nb.njit(cache=True)
def enrolment_counts(age, enrolled, poor):
    """(school-age children, of whom enrolled, school-age children of poor households,
    of whom enrolled); school age is 7-18 years."""
    n, slots = age.shape
    school_age = in_school = poor_kids = poor_in_school = 0
    for i in range(n):
        for s in range(slots):
            years = age[i, s] // 12
            if 7 <= years <= 18:
                school_age += 1
                e = enrolled[i, s]
                in_school += e
                if poor[i]:
                    poor_kids += 1
                    poor_in_school += e
    return school_age, in_school, poor_kids, poor_in_school


@nb.njit(cache=True)
def any_young_or_enrolled(age, enrolled, young_below):
    """Per household: any child younger than ``young_below`` months, or any enrolled
    child (PKH's child components; the array code's two ``any(axis=1)``)."""
    n, slots = age.shape
    out = np.zeros(n, np.bool_)
    for i in range(n):
        for s in range(slots):
            a = age[i, s]
            if (a >= 0 and a < young_below) or enrolled[i, s]:
                out[i] = True
                break
    return out


def empty_counts(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Output arrays of :func:`age_children`: children left, births, children."""
    return np.zeros(n, np.int64), np.zeros(n, bool), np.zeros(n, np.int16)
