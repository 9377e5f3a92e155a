"""Beneficiary selection from the registry, shared by every programme (who gets it).

(How well the selection hits the poor is measured elsewhere: :mod:`measures.targeting`.)

- **Quota**: the lowest-priority (poorest-ranked) registry members up to a quota
  (``quota_share`` of the district's households or ``quota_count`` households), or every
  registry member in deciles 1..``max_decile`` (``targeting = "deciles"``).
- **Categorical rules**: a programme may restrict candidates (PKH: at least one
  component; PIP: a pupil; elderly assistance: an elderly member).
- **Waiting list and recertification**: the list is drawn in the first month. At each
  full registry update it is either redrawn (``list_update = "redraw"``) or recertified
  (``"recertify"``: beneficiaries no longer in the registry or no longer eligible leave,
  graduation, and vacancies are filled). Between updates vacancies are filled from
  households added to the registry (on-demand registration, re-enumeration).
- **Budget caps** that ration: :func:`ration` pays the poorest-ranked first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from measures import numerics as det
from model.parameters import Section


def quota_size(params: Section, n: int) -> int:
    """Size of the intended group (households) for ``n`` district households."""
    if params.targeting == "count":
        return int(min(params.quota_count, n))
    if params.targeting == "deciles":
        return round(params.max_decile / 10 * n)
    return round(params.quota_share * n)


def ration(gross: np.ndarray, priority: np.ndarray, left: float) -> np.ndarray:
    """Cut payments ``gross`` (Rp) to what is ``left`` of a budget, paying the
    lowest ``priority`` (poorest-ranked) first; ties keep their order."""
    order = np.argsort(priority, kind="stable")
    g = gross[order]
    allowed = np.clip(left - (np.cumsum(g) - g), 0.0, g)
    out = np.empty_like(gross)
    out[order] = allowed
    return out


class BeneficiaryList:
    """A programme's list of beneficiaries drawn from the registry."""

    def __init__(self, params: Section, n: int):
        self.params = params
        self.enrolled = np.zeros(n, bool)
        self.started = False
        self.exits = 0  # beneficiaries leaving at this month's update
        self._version_seen = -1

    def refresh(self, registry, quota: int, categorical: Callable[[], np.ndarray | None]) -> None:
        """Draw, recertify or top up the list from ``registry`` (``quota`` households).
        ``categorical()`` gives the households the programme's own rules allow (None =
        all); it is called only when the list changes."""
        reg = registry
        self.exits = 0
        if self.started and not reg.rebuilt and reg.version == self._version_seen:
            return
        candidates = reg.in_registry.copy()
        cat = categorical()
        if cat is not None:
            candidates &= cat
        if self.params.targeting == "deciles":
            new = candidates & (reg.decile <= self.params.max_decile)
            self.exits = int(np.count_nonzero(self.enrolled & ~new))
            self.enrolled = new
        else:
            before = self.enrolled.copy()
            if self.started and not reg.rebuilt:
                # between full updates, households that left the registry (desk
                # verification, re-enumeration) leave the list: monthly vacancies
                self.enrolled &= reg.in_registry
            if reg.rebuilt and self.started:
                if self.params.list_update == "redraw":
                    self.enrolled[:] = False
                else:  # recertification: who no longer qualifies leaves
                    self.enrolled &= candidates
            vacancies = quota - int(np.count_nonzero(self.enrolled))
            if vacancies > 0:
                pool = np.flatnonzero(candidates & ~self.enrolled)
                if pool.size > vacancies:
                    pool = pool[det.smallest(reg.priority[pool], vacancies)]
                self.enrolled[pool] = True
            self.exits = int(np.count_nonzero(before & ~self.enrolled))
        self.started = True
        self._version_seen = reg.version
