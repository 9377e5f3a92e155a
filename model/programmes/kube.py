"""KUBE (Kelompok Usaha Bersama): joint business groups with a capital grant.

Formation (once, at ``start_month``): the programme's list (drawn from the registry like
any programme; with a budget, only as many members as the budget pays for) is split
into groups within each village: a village with ``n_v`` listed households forms
``round(n_v / group_size)`` groups of about equal size (none if ``n_v`` is below
``min_group_size``). Each group receives a one-off grant of ``grant_per_member`` per
member (Kementerian Sosial: about Rp 2 million per member, 2020; 5-20 members, 10 typical), arriving
after the delivery delay, less leakage. Mentoring is contracted for
``mentoring_months`` from the grant at ``mentoring_cost`` per member per month (spent
whether or not the group survives).

Group business, each month after the household budget, for every group still active:

- a loss with probability ``loss_rate`` destroys ``loss_share`` of capital;
- the monthly return is ``business_return`` (times ``mentoring_multiplier`` while
  mentored) times a mean-one lognormal group shock (s.d. ``return_sd``);
- a share ``distributed_share`` of the profit is shared equally among active members,
  the rest is retained as capital;
- an active member in severe distress this month (borrowing from a money lender,
  consumption below ``distress_floor`` x need, or its own business failing) pulls out
  with probability ``withdrawal_prob``: takes an equal share of the capital and
  leaves (ordinary poverty, consumption a little below need, is the normal state of
  the target group and is not distress);
- a group whose capital falls below ``dissolve_capital_share`` of its grant, or whose
  active members fall below ``dissolve_min_members``, dissolves: the rest of the capital
  is shared among its remaining members.

Money paid out to members (profit shares, withdrawals, dissolution shares) reaches them
as income the next month (returned as ``Effects.next_month_income``). Random draws (streams
``kube.return``, ``kube.loss``, ``kube.withdrawal``) are made for every household; a
group uses its first member's draw. Grant money is fully accounted:
grants received = capital + losses + withdrawals + dissolution payouts - retained
profits (see :meth:`KUBE.capital_account`).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from measures import numerics as det
from model.parameters import Section, Spec
from model.programmes.base import A, TargetedProgramme, common_specs
from model.programmes.interface import (
    Deliveries,
    Effects,
    MonthView,
    OutputColumn,
    PageSlider,
    Payments,
)
from model.state import INFORMAL

SPECS: dict[str, Spec] = {
    **common_specs(
        order=40,
        quota_share=0.05,
        omit=("duration_months", "payment_every_months", "list_update"),
    ),
    "group_size": Spec(
        default=10,
        unit="households",
        meaning="members per group",
        source="programme rule: 5-20 households a group, 10 typical",
        reference=(
            "Kementerian Sosial, KUBE guidelines, as reported in the press; docs/SOURCES.md"
        ),
        as_of="2020-01",
        low=5,
        high=20,
    ),
    "min_group_size": Spec(
        default=5,
        unit="households",
        meaning="fewest listed households in a village to form a group",
        source="programme rule: at least 5 households a group",
        reference=(
            "Kementerian Sosial, KUBE guidelines, as reported in the press; docs/SOURCES.md"
        ),
        as_of="2020-01",
        low=2,
        high=20,
    ),
    "grant_per_member": Spec(
        default=2_000_000.0,
        unit="Rp per member",
        meaning="one-off capital grant",
        source="policy amount: about Rp 2 million per member (2020)",
        reference=(
            "Kementerian Sosial, KUBE grants 2020, as reported in the press; docs/SOURCES.md"
        ),
        as_of="2020-01",
        low=0,
        high=1e9,
    ),
    "mentoring_months": Spec(
        default=12,
        unit="months",
        meaning="months of mentoring after the grant",
        source="assumption (monthly mentoring meetings)",
        reference=(
            "Kementerian Sosial, KUBE guidelines, as reported in the press; docs/SOURCES.md"
        ),
        low=0,
        high=120,
    ),
    "mentoring_cost": Spec(
        default=25_000.0,
        unit="Rp per member-month",
        meaning="cost of mentoring (facilitators)",
        source=A,
        low=0,
        high=1e7,
    ),
    "business_return": Spec(
        default=0.02,
        unit="per month",
        meaning="mean monthly return on group capital",
        source=(
            "assumption: below individual micro-enterprise returns (4.6-5.3 % a month "
            "on average, none for female-owned firms; the model's own businesses earn "
            "income.business_return, 6 %): joint businesses share effort and markets "
            "(KUBE members not actively producing)"
        ),
        reference=(
            "de Mel, McKenzie and Woodruff (2008), QJE 123(4): 1329-1372; Arinda "
            "(n.d.), Strategi Pemberdayaan Fakir Miskin; Putro, Saiman and Sihidi "
            "(2020), Kolaborasi: Jurnal Administrasi Publik 6(3)"
        ),
        low=0,
        high=0.5,
    ),
    "mentoring_multiplier": Spec(
        default=1.25,
        unit="multiplier",
        meaning="return multiplier while the group is mentored (the mentoring effect)",
        source="assumption (no published estimate found; varied in sensitivity analysis)",
        low=0.5,
        high=5,
    ),
    "return_sd": Spec(
        default=0.5,
        unit="log points",
        meaning="s.d. of the monthly group return shock",
        source=A,
        low=0,
        high=3,
    ),
    "distributed_share": Spec(
        default=0.7,
        unit="share",
        meaning="share of profit shared among members (the rest retained)",
        source=A,
        low=0,
        high=1,
    ),
    "loss_rate": Spec(
        default=0.02,
        unit="per group-month",
        meaning="chance of a business loss",
        source=A,
        low=0,
        high=1,
    ),
    "loss_share": Spec(
        default=0.3,
        unit="share of capital",
        meaning="capital lost in a business loss",
        source=A,
        low=0,
        high=1,
    ),
    "withdrawal_prob": Spec(
        default=0.6,
        unit="probability",
        meaning="chance that a member in severe distress this month (consumption below "
        "distress_floor x need, money-lender borrowing, or its own business failing) "
        "pulls out its share and leaves",
        source=(
            "assumption (business capital eroded under pressure), set so that about "
            "half to two thirds of groups are active after four years (Batu: 21 of 42 "
            "groups inactive; 0.3 before assets were maintained, which made severe "
            "distress rarer)"
        ),
        reference=(
            "Wahyuni (2021), Perlindungan Sosial bagi Masyarakat Miskin, Kompasiana, "
            "23 October 2021; Putro, Saiman and Sihidi (2020), Kolaborasi: Jurnal "
            "Administrasi Publik 6(3)"
        ),
        low=0,
        high=1,
    ),
    "distress_floor": Spec(
        default=0.7,
        unit="share of need",
        meaning="consumption below this share of need (poverty line x size) counts as "
        "severe distress",
        source=A,
        low=0,
        high=2,
    ),
    "dissolve_capital_share": Spec(
        default=0.3,
        unit="share of grant",
        meaning="group dissolves below this capital",
        source=A,
        low=0,
        high=1,
    ),
    "dissolve_min_members": Spec(
        default=3,
        unit="households",
        meaning="group dissolves below this many active members",
        source=A,
        low=1,
        high=20,
    ),
}


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("kube_groups_formed", "groups", "KUBE groups formed so far"),
    OutputColumn("kube_groups_active", "groups", "KUBE groups still active"),
    OutputColumn("kube_group_survival", "share of groups", "active groups over groups formed"),
    OutputColumn("kube_members_active", "households", "members of active groups"),
    OutputColumn("kube_capital", "Rp", "capital held by active groups"),
    OutputColumn(
        "kube_payouts", "Rp per month", "group business income paid to members this month"
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("grant_per_member", "KUBE grant", 0.0, 5_000_000.0, 250_000.0),
    PageSlider("quota_share", "KUBE quota", 0.0, 0.3, 0.01),
)


class KUBE(TargetedProgramme):
    """Joint business groups: grant, mentoring, group business, erosion, dissolution."""

    name = "kube"
    label = "KUBE"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.group = np.full(n, -1, np.int64)  # group of each member household
        self.member_active = np.zeros(n, bool)
        self.formed = False
        self.grant_month = -1
        e = np.zeros(0)
        self.capital, self.grant, self.active_count, self.leader = e, e, e, e.astype(np.int64)
        self.alive = np.zeros(0, bool)
        self.n_members = 0
        # capital account (Rp, cumulative)
        self.acc = dict.fromkeys(
            ("grants", "retained", "losses", "withdrawn", "dissolved", "distributed"), 0.0
        )
        self.payout_month = 0.0  # Rp credited to members this month (paid next month)
        self.income_paid_total = 0.0  # Rp of payouts that reached household income

    # ------------------------------------------------------------------ formation
    def max_members(self, n: int) -> int:
        per_member = self.params.grant_per_member + (
            self.params.mentoring_cost * self.params.mentoring_months
        )
        affordable = self.ledger.affordable(per_member)
        return n if affordable is None else affordable

    def intended(self, n: int) -> int:
        return min(super().intended(n), self.max_members(n))

    def in_window(self, month: int) -> bool:
        return month == self.params.start_month

    def form_groups(self, view: MonthView) -> None:
        p, month = self.params, view.month
        st = view.state
        rows = np.flatnonzero(self.enrolled)
        rows = rows[np.argsort(st.village[rows], kind="stable")]
        vill = st.village[rows]
        _, start, inv, count = np.unique(
            vill, return_index=True, return_inverse=True, return_counts=True
        )
        n_groups = np.where(
            count >= p.min_group_size, np.maximum(1, np.rint(count / p.group_size)), 0
        )
        n_groups = n_groups.astype(np.int64)
        pos = np.arange(rows.size) - start[inv]
        local = (pos * n_groups[inv]) // count[inv]
        offset = np.cumsum(n_groups) - n_groups
        formed = n_groups[inv] > 0
        rows, gid = rows[formed], (offset[inv] + local)[formed]
        n_grp = int(n_groups.sum())
        self.group[rows] = gid
        self.member_active[rows] = True
        self.enrolled[:] = False
        self.enrolled[rows] = True
        self.n_members = int(rows.size)
        self.active_count = np.bincount(gid, minlength=n_grp).astype(float)
        self.capital = np.zeros(n_grp)
        self.grant = self.active_count * p.grant_per_member * (1 - p.leakage)
        leader = np.full(n_grp, -1, np.int64)
        leader[gid[::-1]] = rows[::-1]  # first member of each group
        self.leader = leader
        self.alive = np.ones(n_grp, bool)
        self.formed = True
        self.grant_month = month + p.delivery_delay_months
        self.schedule(view, rows, np.full(rows.size, p.grant_per_member))

    def pay(self, view: MonthView) -> Payments:
        month = view.month
        self.ledger.begin_month()
        self.active = False
        if month == self.params.start_month and not self.formed:
            self.refresh_list(view)
            self.active = True
            self.form_groups(view)
        self.hand_over(self.ledger.deliver(month))
        if self.formed:
            p = self.params
            mentored = self.grant_month <= month < self.grant_month + p.mentoring_months
            if mentored:
                self.ledger.charge(self.n_members * p.mentoring_cost)
            self.active = self.active or bool(self.alive.any())
        self.covered = self.member_active.copy()
        return Payments()  # the grant goes to the groups, not to household budgets

    def hand_over(self, arrived: Deliveries) -> Payments:
        """The grant goes into the members' group capital."""
        for rows, received in arrived:
            add = np.bincount(self.group[rows], weights=received, minlength=self.capital.size)
            self.capital += add
            self.acc["grants"] += float(received.sum())
        return Payments()

    # ------------------------------------------------------------------ business
    def after_budget(self, view: MonthView) -> Effects:
        month, flows = view.month, view.flows
        self.payout_month = 0.0
        if not self.formed or month < self.grant_month or not self.alive.any():
            return Effects()
        p, st, rs = self.params, view.state, view.streams
        n = st.n
        alive = self.alive
        ld = self.leader
        payout = np.zeros(n)

        # losses
        loss = alive & (rs.uniform("kube.loss", month, n)[ld] < p.loss_rate)
        lost = np.where(loss, self.capital * p.loss_share, 0.0)
        self.capital -= lost
        self.acc["losses"] += float(lost.sum())

        # returns: retained and distributed
        mentored = month < self.grant_month + p.mentoring_months
        mean = p.business_return * (p.mentoring_multiplier if mentored else 1.0)
        sd = p.return_sd
        ret = mean * det.exp(sd * rs.normal("kube.return", month, n)[ld] - 0.5 * sd * sd)
        profit = np.where(alive, self.capital * ret, 0.0)
        shared = profit * p.distributed_share
        self.capital += profit - shared
        self.acc["retained"] += float((profit - shared).sum())
        self.acc["distributed"] += float(shared.sum())
        members = np.flatnonzero(self.member_active)
        g = self.group[members]
        per_member = shared / np.maximum(self.active_count, 1)
        payout[members] += per_member[g]

        # distress withdrawals
        distress = (flows["borrowing_by_lender"][:, INFORMAL] > 0) | (
            flows["consumption"] < p.distress_floor * view.need
        )
        if "business_failures" in flows:
            distress = distress | (flows["business_failures"] > 0)
        u = rs.uniform("kube.withdrawal", month, n)
        leaving = members[distress[members] & (u[members] < p.withdrawal_prob)]
        if leaving.size:
            gl = self.group[leaving]
            n_leave = np.bincount(gl, minlength=self.capital.size)
            share = self.capital / np.maximum(self.active_count, 1)
            payout[leaving] += share[gl]
            taken = share * n_leave
            self.capital -= taken
            self.acc["withdrawn"] += float(taken.sum())
            self.active_count -= n_leave
            self.member_active[leaving] = False

        # dissolution
        dissolve = alive & (
            (self.capital < p.dissolve_capital_share * self.grant)
            | (self.active_count < p.dissolve_min_members)
        )
        if dissolve.any():
            members = np.flatnonzero(self.member_active)
            ending = members[dissolve[self.group[members]]]
            per = self.capital / np.maximum(self.active_count, 1)
            payout[ending] += per[self.group[ending]]
            paid_out = np.where(dissolve & (self.active_count > 0), self.capital, 0.0)
            self.acc["dissolved"] += float(paid_out.sum())
            # capital of a group with no member left (rounding residue) is written off
            self.acc["losses"] += float(np.where(dissolve, self.capital - paid_out, 0.0).sum())
            self.capital = np.where(dissolve, 0.0, self.capital)
            self.member_active[ending] = False
            self.active_count = np.where(dissolve, 0.0, self.active_count)
            self.alive = alive & ~dissolve
        self.payout_month = float(payout.sum())
        return Effects(next_month_income=payout)

    def capital_account(self) -> dict[str, float]:
        """Grant money in and out of the groups so far (Rp); ``residual`` should be 0."""
        a = self.acc
        capital = float(self.capital.sum())
        residual = a["grants"] + a["retained"] - a["losses"] - a["withdrawn"] - a["dissolved"]
        return {**a, "capital": capital, "residual": residual - capital}

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        n_grp = self.alive.size
        active = int(self.alive.sum())
        return {
            "kube_groups_formed": float(n_grp),
            "kube_groups_active": float(active),
            "kube_group_survival": active / n_grp if n_grp else float("nan"),
            "kube_members_active": float(self.member_active.sum()),
            "kube_capital": float(self.capital.sum()),
            "kube_payouts": self.payout_month,
        }
