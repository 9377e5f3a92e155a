"""Elderly assistance (ASLUT / ATENSI-style): a monthly amount per elderly member of poor
registry households, within a budget that covers a stated number of people.

Amount: ``amount`` per elderly person per month (Rp 200,000: ASLUT, Kemensos, as paid
in Kabupaten Malang, MalangTIMES 2017, and Penajam Paser Utara, helloborneo 2019).
Eligible: registry households with an elderly member (the model's elderly are 60+;
ASLUT took 65+ or 70+) in registry deciles 1..``max_decile`` (2: ATENSI for elderly of
deciles 1-2, Harian Merapi 2025).

Budget: the yearly budget covers ``people_share`` of the eligible elderly (0.0153:
Kemensos' Rp 145 billion covers 44,441 of 2.9 million neglected elderly a year, seeds
004). When it is short (nearly always), the shared selection rule rations by registry
priority: the poorest-ranked eligible households are covered first, whole households
only, until the people the budget covers are used up. The number of people is fixed
when the list is first drawn (a budget does not grow with the list). Payments are
monthly, with the common delivery delay and leakage.

Outcomes (``timeseries.csv``): ``elderly_reached_share`` (elderly people in covered
households over elderly people in eligible households) and ``elderly_poverty`` (share
of all elderly people in the district living in a poor household this month).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from model.parameters import Section, Spec
from model.programmes.base import CashProgramme, common_specs, debt_share_spec
from model.programmes.interface import MonthView, OutputColumn, PageSlider
from model.programmes.selection import ration

NAN = float("nan")

SPECS: dict[str, Spec] = {
    **common_specs(order=25, list_update="recertify", omit=("payment_every_months",)),
    "amount": Spec(
        default=200_000.0,
        unit="Rp/person/month",
        meaning="assistance per elderly person per month",
        source="policy amount: ASLUT Rp 200,000 a month",
        reference="MalangTIMES (2017); helloborneo (2019), on ASLUT amounts",
        as_of="2017-01",
        low=0,
        high=1e7,
    ),
    "people_share": Spec(
        default=44_441 / 2_900_000,
        unit="share of eligible elderly",
        meaning="elderly people the yearly budget covers, as a share of eligible elderly",
        source=(
            "budget coverage: Rp 145 billion covers 44,441 of 2.9 million neglected elderly a year"
        ),
        reference=(
            "Alifa (n.d.), Bagaimana upaya meningkatkan kesejahteraan sosial (BBPPKS Bandung)"
        ),
        low=0,
        high=1,
    ),
    "debt_share": debt_share_spec(0.0, "assumption"),
}
SPECS["targeting"] = Spec(
    default="deciles",
    unit=SPECS["targeting"].unit,
    meaning=SPECS["targeting"].meaning,
    source="scenario (ATENSI: elderly of deciles 1-2)",
    choices=SPECS["targeting"].choices,
)
SPECS["max_decile"] = Spec(
    default=2,
    unit="decile",
    meaning="highest registry decile served (deciles targeting)",
    source="policy rule: ATENSI for elderly of deciles 1-2",
    reference="Harian Merapi (2025), on ATENSI eligibility",
    as_of="2025-01",
    low=1,
    high=10,
)


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "elderly_reached_share",
        "share of enrolled elderly",
        "elderly people of enrolled households whose assistance reached them this month",
    ),
    OutputColumn(
        "elderly_poverty", "share of the elderly", "elderly people living in poor households"
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("amount", "Elderly assistance amount", 0.0, 600_000.0, 25_000.0),
    PageSlider("people_share", "Elderly covered by the budget", 0.0, 0.2, 0.005),
    PageSlider("max_decile", "Elderly deciles served", 1, 10, 1),
)


class ElderlyAssistance(CashProgramme):
    """Monthly cash per elderly member, rationed by registry priority within a budget
    that covers a stated number of people."""

    name = "elderly"
    label = "Elderly assistance"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.people_budget: float | None = None  # elderly people the budget covers
        self.funded = np.zeros(n, bool)  # eligible households the budget reaches

    def categorical(self, view: MonthView) -> np.ndarray:
        return view.state.elderly > 0

    def refresh_list(self, view: MonthView) -> None:
        """The eligible list (shared selection), then the budget's people by priority."""
        super().refresh_list(view)
        rows = np.flatnonzero(self.enrolled)
        people = view.state.elderly[rows].astype(float)
        if self.people_budget is None:
            self.people_budget = float(round(self.params.people_share * people.sum()))
        allowed = ration(people, view.registry.priority[rows], self.people_budget)
        self.funded[:] = False
        self.funded[rows[(allowed >= people) & (people > 0)]] = True

    def open_month(self, view: MonthView) -> bool:
        active = super().open_month(view)
        if active:
            self.covered = self.funded.copy()
        return active

    def intended(self, n: int) -> int:
        if self.people_budget is None:
            return super().intended(n)
        return int(np.count_nonzero(self.funded))

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        rows = np.flatnonzero(self.funded)
        return rows, self.params.amount * view.state.elderly[rows].astype(float)

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        eld = view.state.elderly.astype(float)
        total = eld.sum()
        eligible = eld[self.enrolled].sum()
        reached = eld[self.covered].sum() / eligible if self.active and eligible else NAN
        poor = view.welfare_ratio < 1.0
        return {
            "elderly_reached_share": float(reached),
            "elderly_poverty": float(eld[poor].sum() / total) if total else NAN,
        }
