"""BPNT / Kartu Sembako: monthly food assistance per household.

``amount`` rupiah a month of food (Kementerian Sosial, from 2020: Rp 200,000 per family
per month, about 18.8
million families of ~94 million, 20 %). It is delivered as ``state.transfer_food``: the
household budget lets it replace food spending only (up to the food share of the
consumption target, 74.4 % as in the BPS poverty line, BPS 2024a); it never reaches
debt, and any part beyond food
spending is lost (it cannot be cashed).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from model.parameters import Spec
from model.programmes.base import TargetedProgramme, common_specs
from model.programmes.interface import Deliveries, MonthView, OutputColumn, PageSlider, Payments

SPECS: dict[str, Spec] = {
    **common_specs(
        order=20,
        quota_share=0.20,
        quota_source="policy quota: ~18.8 of ~94 million families",
        quota_reference=(
            "Kementerian Sosial, Program Sembako (BPNT) coverage, as reported in the "
            "press; Inpres No. 4/2025 tentang Data Tunggal Sosial dan Ekonomi "
            "Nasional (DTSEN)"
        ),
        quota_as_of="2020-03",
    ),
    "amount": Spec(
        default=200_000.0,
        unit="Rp/household/month",
        meaning="food assistance per beneficiary household per month",
        source=("policy amount: BPNT / Kartu Sembako Rp 200,000 per family a month"),
        reference=("Kementerian Sosial, Program Sembako (BPNT): Rp 200,000 a month from 2020"),
        as_of="2020-03",
        low=0,
        high=1e7,
    ),
}


COLUMNS: tuple[OutputColumn, ...] = ()  # the shared columns only
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("amount", "BPNT amount", 0.0, 600_000.0, 25_000.0),
    PageSlider("quota_share", "BPNT quota", 0.0, 0.5, 0.01),
)


class BPNT(TargetedProgramme):
    """Food assistance that substitutes food spending only."""

    name = "bpnt"
    label = "BPNT"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        rows = np.flatnonzero(self.enrolled)
        amount = self.params.amount * self.params.payment_every_months
        return rows, np.full(rows.size, amount)

    def hand_over(self, arrived: Deliveries) -> Payments:
        """Food assistance: delivered as food only."""
        return Payments(food=arrived)
