"""One ledger per programme: schedule, delivery delay, leakage, budget and spending.

- :meth:`Ledger.schedule` commits gross payments (Rp) to households when they fall due,
  within the programme's budget; when a round would exceed what is left, the
  poorest-ranked are paid first (:func:`model.programmes.selection.ration`) and the
  programme is exhausted.
- :meth:`Ledger.deliver` hands over what arrives this month (``delivery_delay_months``
  after falling due), less the share ``leakage`` that never reaches households, and
  returns the deliveries ``(rows, Rp received)`` in the order they were scheduled.
- :meth:`Ledger.charge` books running costs (mentoring, administration);
  :meth:`Ledger.charge_rationed` pays per-household costs in full (insurance premiums)
  for the poorest-ranked first while the budget lasts, and exhausts the programme when
  it cannot pay them all.
- :attr:`Ledger.left` is what the budget has not committed; :meth:`Ledger.affordable`
  how many units of a cost the whole budget pays for (grants sized to the budget).
- Spending in a month is the gross amount disbursed (received + leakage) plus costs;
  :meth:`Ledger.begin_month` (once a month) closes the previous month into the total.
"""

from __future__ import annotations

import numpy as np

from model.programmes.selection import ration


class Ledger:
    """Money of one programme (Rp)."""

    def __init__(self, n: int, budget_total: float, delay: int = 0, leakage: float = 0.0):
        self.budget_total = budget_total  # whole-programme budget (inf = no limit)
        self.delay = int(delay)
        self.leakage = float(leakage)
        self.committed = 0.0  # committed to payments and costs so far (gross)
        self.exhausted = False
        self.paid = np.zeros(n)  # Rp reaching each household this month
        self.spent = 0.0  # Rp disbursed this month (received + leakage + costs)
        self.leaked = 0.0  # Rp of this month's disbursement that did not arrive
        self._closed = 0.0  # spending of the months before this one
        self._pipeline: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}

    @classmethod
    def from_params(cls, params, n: int) -> Ledger:
        per_hh = params.get("budget_per_household", 0.0)
        return cls(
            n,
            per_hh * n if per_hh > 0 else float("inf"),
            params.get("delivery_delay_months", 0),
            params.get("leakage", 0.0),
        )

    @property
    def spent_total(self) -> float:
        """Rp spent since the start, this month included."""
        return self._closed + self.spent

    def begin_month(self) -> None:
        """Start a month (call once a month, before anything is scheduled or paid)."""
        self._closed += self.spent
        self.paid[:] = 0.0
        self.spent = 0.0
        self.leaked = 0.0

    def schedule(
        self, month: int, rows: np.ndarray, gross: np.ndarray, priority: np.ndarray
    ) -> None:
        """Commit ``gross`` Rp to households ``rows`` (ranked by registry ``priority``
        if the budget rations); it arrives after the delivery delay."""
        keep = gross > 0
        rows, gross = rows[keep], gross[keep]
        if rows.size == 0:
            return
        left = self.budget_total - self.committed
        if float(gross.sum()) > left:
            gross = ration(gross, priority[rows], left)
            keep = gross > 0
            rows, gross = rows[keep], gross[keep]
            self.exhausted = True
        self.committed += float(gross.sum())
        self._pipeline.setdefault(month + self.delay, []).append((rows, gross))

    def deliver(self, month: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """What arrives this month, less leakage: ``[(rows, Rp received), ...]``."""
        leak = self.leakage
        out = []
        for rows, gross in self._pipeline.pop(month, []):
            received = gross * (1.0 - leak)
            self.paid[rows] += received
            total = float(gross.sum())
            self.spent += total
            self.leaked += total * leak
            out.append((rows, received))
        return out

    def charge(self, cost: float) -> None:
        """Book a running cost (Rp) this month."""
        self.spent += cost
        self.committed += cost

    @property
    def left(self) -> float:
        """Rp of the budget not yet committed (inf = no limit)."""
        return self.budget_total - self.committed

    def affordable(self, unit_cost: float) -> int | None:
        """How many units of ``unit_cost`` Rp the whole budget pays for (None: no limit,
        or a unit that costs nothing)."""
        if np.isfinite(self.budget_total) and unit_cost > 0:
            return int(self.budget_total // unit_cost)
        return None

    def charge_rationed(
        self, rows: np.ndarray, cost: np.ndarray, priority: np.ndarray
    ) -> np.ndarray:
        """Pay ``cost`` (Rp per row of ``rows``) this month, each in full or not at all:
        when the budget left cannot pay them all, the poorest-ranked by registry
        ``priority`` are paid first, the others not at all, and the programme is
        exhausted. Returns the rows paid."""
        left = self.left
        if float(cost.sum()) > left:
            allowed = ration(cost, priority[rows], left)
            full = allowed >= cost
            rows, cost = rows[full], cost[full]
            self.exhausted = True
        self.charge(float(cost.sum()))
        return rows
