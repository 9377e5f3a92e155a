"""Savings interventions for the programme's participants (drawn from the registry).

Four instruments, each switched on by its own parameter (the strategy of a savings
culture, Arinda n.d.; docs/SOURCES.md):

(a) **Promotion**: participants' saving propensity rises by ``promotion_boost``
    (``state.saving_boost``), from the month after enrolment while the programme runs.
(b) **Matched savings**: each month, ``match_rate`` rupiah per rupiah of net deposit
    (deposit less savings drawn), up to ``match_cap`` a month, credited to the
    participant's savings (locked if commitment savings are on), after the delivery
    delay, less leakage. Matches are the programme's spending (with
    ``admin_cost`` per participant-month).
(c) **Commitment savings**: a share ``commitment_share`` of each month's deposits moves
    to ``state.savings_locked``, which the household budget releases only in a month
    with a covariate shock.
(d) **Savings groups**: participants in a village form a group that lends to its
    members at ``group_rate`` a month (term ``group_term``; limit ``group_limit`` months
    of permanent income), out of a fund of ``group_lend_share`` of the members' pooled
    liquid savings. The group is a fourth lender in the household budget
    (:class:`model.budget.GroupLender`, offered to the budget as ``Payments.lender``),
    cheaper than money lenders, so members borrow from it first. The programme sets
    the lender's credit limits; the budget records the members' group loans and
    arrears on it (:meth:`~model.budget.GroupLender.settle`). Members' savings are
    their claims on the fund: interest earned is
    credited to the village's members equally, and loans written off at default are
    deducted from their savings equally. Groups start lending the month after they form;
    after the programme ends no new loans are made and existing loans run off.

Behavioural hooks for next month (saving boost, group credit limits) are set after the
budget, so they are known before the next month's registry update.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from model.budget import GroupLender
from model.parameters import Section, Spec
from model.programmes.base import A, TargetedProgramme, common_specs
from model.programmes.interface import (
    Deliveries,
    Effects,
    MonthView,
    OutputColumn,
    PageSlider,
    Payments,
    apply_savings_moves,
)
from model.state import GROUP

SPECS: dict[str, Spec] = {
    **common_specs(order=50, quota_share=0.1, duration_months=24),
    "promotion_boost": Spec(
        default=0.0,
        unit="share",
        meaning="added saving propensity of participants (promotion)",
        source=A,
        low=0,
        high=0.5,
    ),
    "match_rate": Spec(
        default=0.5,
        unit="Rp per Rp deposited",
        meaning="match on net monthly deposits",
        source=A,
        low=0,
        high=10,
    ),
    "match_cap": Spec(
        default=50_000.0,
        unit="Rp/household/month",
        meaning="largest monthly match",
        source=A,
        low=0,
        high=1e8,
    ),
    "commitment_share": Spec(
        default=0.0,
        unit="share",
        meaning="share of deposits locked as commitment savings",
        source=A,
        low=0,
        high=1,
    ),
    "groups": Spec(
        default=False,
        unit="-",
        meaning="savings groups lending to members",
        source=("scenario (savings culture and asset accumulation as an empowerment strategy)"),
        reference="Arinda (n.d.), Strategi Pemberdayaan Fakir Miskin",
    ),
    "group_rate": Spec(
        default=0.02,
        unit="per month",
        meaning="interest on savings-group loans",
        source=A,
        low=0,
        high=1,
    ),
    "group_limit": Spec(
        default=1.0,
        unit="months of permanent income",
        meaning="savings-group credit limit",
        source=A,
        low=0,
        high=24,
    ),
    "group_term": Spec(
        default=6,
        unit="months",
        meaning="repayment term of savings-group loans",
        source=A,
        low=1,
        high=120,
    ),
    "group_lend_share": Spec(
        default=0.8,
        unit="share",
        meaning="share of members' pooled liquid savings the group lends",
        source=A,
        low=0,
        high=1,
    ),
    "admin_cost": Spec(
        default=0.0,
        unit="Rp per participant-month",
        meaning="cost of running the programme",
        source=A,
        low=0,
        high=1e7,
    ),
}


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("savings_match_paid", "Rp per month", "matching contributions paid this month"),
    OutputColumn("savings_locked_in", "Rp", "savings held in commitment accounts"),
    OutputColumn("savings_group_debt", "Rp", "members' outstanding loans from savings groups"),
    OutputColumn("savings_group_dividends", "Rp per month", "dividends paid by savings groups"),
    OutputColumn("savings_group_losses", "Rp per month", "loan losses of savings groups"),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("match_rate", "Savings match", 0.0, 2.0, 0.1),
    PageSlider("quota_share", "Savings quota", 0.0, 0.3, 0.01),
)


class Savings(TargetedProgramme):
    """Promotion, matched, commitment savings and savings groups."""

    name = "savings"
    label = "Savings"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.match_paid = 0.0
        self.locked_in = 0.0
        self.group_dividends = 0.0
        self.group_losses = 0.0
        self.lender: GroupLender | None = None
        if params.groups:
            self.lender = GroupLender(
                rate=params.group_rate,
                term=params.group_term,
                limit=np.zeros(n),
                debt=np.zeros(n),
                arrears=np.zeros(n),
            )

    def pay(self, view: MonthView) -> Payments:
        """Enrol participants and offer the savings group to the budget; matches are
        paid after the budget."""
        self.open_month(view)
        return Payments(lender=self.lender)

    def credits(self, arrived: Deliveries) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """Matches are credited to savings (locked with commitment savings)."""
        account = "savings_locked" if self.params.commitment_share > 0 else "savings"
        for _, received in arrived:
            self.match_paid += float(received.sum())
        return [(account, rows, received) for rows, received in arrived]

    def after_budget(self, view: MonthView) -> Effects:
        p, st, month, flows = self.params, view.state, view.month, view.flows
        self.match_paid = self.locked_in = 0.0
        self.group_dividends = self.group_losses = 0.0
        moves: list[tuple[str, np.ndarray | None, np.ndarray]] = []
        rows = np.flatnonzero(self.covered)
        if self.active and rows.size:
            deposit = flows["savings_deposit"][rows]
            if p.commitment_share > 0:
                lock = np.minimum(p.commitment_share * deposit, st.savings[rows])
                moves += [("savings", rows, -lock), ("savings_locked", rows, lock)]
                self.locked_in = float(lock.sum())
            if p.match_rate > 0:
                net = np.maximum(deposit - flows["savings_drawn"][rows], 0.0)
                match = np.minimum(p.match_rate * net, p.match_cap)
                self.schedule(view, rows, match)
            if p.admin_cost > 0:
                self.ledger.charge(p.admin_cost * rows.size)
        moves += self.credits(self.ledger.deliver(month))
        out = Effects(savings_moves=moves)
        if self.lender is not None:
            self._groups(view, moves, out)
        if p.promotion_boost > 0:
            boost = np.zeros(self.n)
            if self.in_window(month + 1) and not self.exhausted:
                boost[self.enrolled] = p.promotion_boost
            out.saving_boost = boost
        out.flows["savings_match"] = self.paid.copy()
        return out

    def _groups(self, view: MonthView, moves: list, out: Effects) -> None:
        """Share the group's interest and losses; set next month's credit limits."""
        p, st, flows = self.params, view.state, view.flows
        gl = self.lender
        # the balances this month's moves leave (the model applies the same moves)
        savings = st.savings.copy()
        apply_savings_moves(savings, st.savings_locked.copy(), moves)
        members = self.enrolled
        n_vill = int(st.village.max()) + 1
        vill = st.village
        n_mem = np.bincount(vill[members], minlength=n_vill)
        has_members = n_mem > 0
        interest = flows["interest_by_lender"][:, GROUP]
        lost = flows["written_off_by_lender"][:, GROUP]
        earned_v = np.bincount(vill, interest, n_vill)
        lost_v = np.bincount(vill, lost, n_vill)
        # Claims of villages whose members have all left stay with the group (not modelled).
        per_v = np.where(has_members, (earned_v - lost_v) / np.maximum(n_mem, 1), 0.0)
        change = np.where(members, per_v[vill], 0.0)
        gain = np.maximum(change, 0.0)
        loss = np.clip(-change, 0.0, np.maximum(savings, 0.0))
        moves.append(("savings", None, gain - loss))
        savings += gain - loss
        self.group_dividends = float(gain.sum())
        self.group_losses = float(loss.sum())
        out.flows["savings_group_dividend"] = gain
        out.flows["savings_group_loss"] = loss
        # next month's limits: within the fund, shared equally among members
        lending = self.in_window(view.month + 1) and not self.exhausted
        if lending:
            fund = p.group_lend_share * np.bincount(vill[members], savings[members], n_vill)
            out_v = np.bincount(vill, gl.debt, n_vill)
            room_v = np.maximum(fund - out_v, 0.0) / np.maximum(n_mem, 1)
            own = p.group_limit * view.permanent_income
            limit = np.minimum(own, gl.debt + room_v[vill])
            gl.limit = np.where(members, limit, 0.0)
        else:
            gl.limit = np.zeros(st.n)
        # households with a group loan keep their (run-off) access
        gl.limit = np.maximum(gl.limit, np.where(gl.debt > 0, gl.debt, 0.0))

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        return {
            "savings_match_paid": self.match_paid,
            "savings_locked_in": self.locked_in,
            "savings_group_debt": float(self.lender.debt.sum()) if self.lender else 0.0,
            "savings_group_dividends": self.group_dividends,
            "savings_group_losses": self.group_losses,
        }
