"""BLT (Bantuan Langsung Tunai): unconditional cash per household for a set period.

Regular mode: ``amount`` rupiah per household per month to the programme's list for
``duration_months``, paid every ``payment_every_months`` (each payment covers the months
since the last). Defaults follow BLT BBM 2022 (Kementerian Sosial: Rp 150,000 a month for 4 months,
20.65 million families of about 94 million, 22 %).

Shock-responsive mode (``shock_mode``): when a covariate shock first hits a household's
village (``shock_trigger``: a scheduled crisis, a village disaster, or either), the
household is paid ``shock_amount`` a month for ``shock_months`` months, if it is on the
programme's list (``vertical`` expansion: a top-up for existing beneficiaries) or in the
registry at all (``horizontal`` expansion: new caseload from the registry). Shock
payments are made while the programme runs (its window), monthly, with the same
delivery delay and leakage.

Households put a share ``debt_share`` of the cash to debt repayment first (the articles
report BLT being used to repay debt; Wahyuni 2021).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from model.parameters import Section, Spec
from model.programmes.base import CashProgramme, common_specs, debt_share_spec
from model.programmes.interface import MonthView, OutputColumn, PageSlider

SPECS: dict[str, Spec] = {
    **common_specs(
        order=30,
        quota_share=0.22,
        quota_source="policy quota: BLT BBM 2022, 20.65 of ~94 million families",
        quota_reference=(
            "Kementerian Sosial (2022), BLT BBM: Rp 150,000 a month for 4 months to "
            "20.65 million families; Inpres No. 4/2025 tentang Data Tunggal Sosial "
            "dan Ekonomi Nasional (DTSEN)"
        ),
        quota_as_of="2022-09",
        duration_months=4,
    ),
    "amount": Spec(
        default=150_000.0,
        unit="Rp/household/month",
        meaning="regular cash per beneficiary household per month",
        source=("policy amount: BLT BBM 2022, Rp 150,000 a month for four months"),
        reference=(
            "Kementerian Sosial (2022), BLT BBM: Rp 150,000 a month for 4 months to "
            "20.65 million families"
        ),
        as_of="2022-09",
        low=0,
        high=1e7,
    ),
    "debt_share": debt_share_spec(
        0.25,
        "assumption (BLT cash is often used to repay debt)",
        reference=(
            "Wahyuni (2021), Perlindungan Sosial bagi Masyarakat Miskin, Kompasiana, "
            "23 October 2021"
        ),
    ),
    "shock_mode": Spec(
        default="off",
        unit="-",
        meaning="shock-responsive payments: off, vertical (the programme's list in hit "
        "villages) or horizontal (every registry member in hit villages)",
        source="scenario",
        choices=("off", "vertical", "horizontal"),
    ),
    "shock_trigger": Spec(
        default="crisis",
        unit="-",
        meaning="shocks that trigger payments: scheduled crises, village disasters or either",
        source="scenario",
        choices=("crisis", "disaster", "any"),
    ),
    "shock_amount": Spec(
        default=300_000.0,
        unit="Rp/household/month",
        meaning="shock-responsive cash per household per month",
        source=("policy amount: BLTS 2025 and BLT Dana Desa 2021, Rp 300,000 a month"),
        reference=(
            "Kementerian Sosial (2025), BLTS: Rp 300,000 a month for 3 months to "
            "35.04 million families; Kementerian Desa (2021), BLT Dana Desa"
        ),
        as_of="2025-10",
        low=0,
        high=1e7,
    ),
    "shock_months": Spec(
        default=3,
        unit="months",
        meaning="months of shock-responsive payments after a village is hit",
        source="policy rule: BLTS 2025 paid for three months",
        reference="Kementerian Sosial (2025), BLTS 2025",
        as_of="2025-10",
        low=1,
        high=120,
    ),
}


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "blt_shock_recipients",
        "households",
        "households paid by the shock-responsive BLT this month",
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("amount", "BLT amount", 0.0, 600_000.0, 25_000.0),
    PageSlider("duration_months", "BLT months", 0, 24, 1),
    PageSlider("quota_share", "BLT quota", 0.0, 0.5, 0.01),
)


class BLT(CashProgramme):
    """Unconditional cash transfer, optionally shock-responsive."""

    name = "blt"
    label = "BLT"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.spell_left = np.zeros(n, np.int16)  # months of shock payments still due
        self.hit_before = np.zeros(n, bool)
        self.shock_recipients = 0

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        rows = np.flatnonzero(self.enrolled)
        amount = self.params.amount * self.params.payment_every_months
        return rows, np.full(rows.size, amount)

    def _hit_now(self, view: MonthView) -> np.ndarray:
        f = view.flows
        crisis, disaster = f["crisis_hit"], f["disaster_hit"]
        trigger = self.params.shock_trigger
        if trigger == "disaster":
            return disaster
        if trigger == "any":
            return crisis | disaster
        # a disaster in a crisis village does not end the crisis for the household
        return crisis | (disaster & self.hit_before)

    def extra_payments(self, view: MonthView) -> None:
        self.shock_recipients = 0
        if self.params.shock_mode == "off":
            return
        hit = self._hit_now(view)
        onset = hit & ~self.hit_before
        self.hit_before = hit
        if not self.active:
            return
        if self.params.amount == 0:  # shock payments only: the regular list is not paid
            self.covered[:] = False
        if self.params.shock_mode == "vertical":
            base = self.enrolled
        else:
            base = view.registry.in_registry
        starting = onset & base & (self.spell_left == 0)
        self.spell_left[starting] = self.params.shock_months
        rows = np.flatnonzero(self.spell_left > 0)
        self.shock_recipients = int(rows.size)
        if rows.size:
            self.spell_left[rows] -= 1
            self.covered[rows] = True
            self.schedule(view, rows, np.full(rows.size, self.params.shock_amount))

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        return {"blt_shock_recipients": float(self.shock_recipients)}
