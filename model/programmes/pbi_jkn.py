"""PBI-JKN (Penerima Bantuan Iuran, Jaminan Kesehatan Nasional): the state pays the
health-insurance premium of poor registry households.

Coverage is drawn from the registry like any programme (default: the poorest-ranked
``quota_share`` of households; PBI is for the poor and near-poor listed in DTKS/DTSEN).
Enrolled households pay only ``oop_share`` of this month's out-of-pocket health cost
(ordinary illness and hospitalisation, from the shocks section): the catastrophic
health cost is a main road into money-lender debt, and insurance takes most of it away.
The model multiplies the household's health cost by ``oop_share`` before the budget
(``Payments.health_cost_multiplier``), so less cash is needed and less is borrowed.

Cost: the premium the state pays, ``premium`` per member per month (Rp 42,000, the
class-III rate that PBI members are paid at since Perpres 64/2020; BPJS Kesehatan,
reported by Republika), times the members of every enrolled household, every month.
No money reaches the household. With a budget (``budget_per_household``) premiums are
paid for the poorest-ranked first; households whose premium is not paid are not covered.

Outcomes (``timeseries.csv``): ``pbi_jkn_oop_health`` (out-of-pocket health spending
of covered households, Rp per covered household this month) and
``pbi_jkn_lender_after_health_shock`` (share of covered households hospitalised this
month that borrowed from a money lender).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from model.parameters import Spec
from model.programmes.base import TargetedProgramme, common_specs
from model.programmes.interface import MonthView, OutputColumn, PageSlider, Payments
from model.state import INFORMAL

NAN = float("nan")

SPECS: dict[str, Spec] = {
    **common_specs(
        order=5,
        quota_share=0.35,
        quota_source=(
            "policy quota (its share of a district: assumption): PBI-JKN APBN quota about "
            "96.8 million of ~280 million people"
        ),
        quota_reference=(
            "Kementerian Kesehatan, PBI-JKN quota in the state budget (APBN), as "
            "reported in the press"
        ),
        quota_as_of="2024-01",
        list_update="recertify",
        omit=("payment_every_months", "delivery_delay_months", "leakage"),
    ),
    "premium": Spec(
        default=42_000.0,
        unit="Rp/member/month",
        meaning="premium the state pays per enrolled member",
        source=(
            "policy amount: class-III premium Rp 42,000 a month, paid by the state for PBI members"
        ),
        reference=(
            "Perpres No. 64/2020 (second amendment of Perpres 82/2018 on Jaminan "
            "Kesehatan), art. 29"
        ),
        as_of="2020-07",
        low=0,
        high=1e6,
    ),
    "oop_share": Spec(
        default=0.2,
        unit="share",
        meaning="share of out-of-pocket health cost an enrolled household still pays "
        "(transport, drugs outside the formulary, informal fees)",
        source="assumption, varied in sensitivity analysis",
        low=0,
        high=1,
    ),
}


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "pbi_jkn_oop_health",
        "Rp per household per month",
        "mean out-of-pocket health spending of PBI-JKN members",
    ),
    OutputColumn(
        "pbi_jkn_lender_after_health_shock",
        "share of households",
        "hospitalised PBI-JKN members borrowing from money lenders this month",
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("quota_share", "PBI-JKN quota", 0.0, 0.6, 0.01),
    PageSlider("oop_share", "PBI-JKN share of health cost still paid", 0.0, 1.0, 0.05),
    PageSlider("premium", "PBI-JKN premium", 0.0, 150_000.0, 5_000.0),
)


class PBIJKN(TargetedProgramme):
    """Health-insurance premium assistance: covered households pay a fraction of
    their health costs; the state pays the premium."""

    name = "pbi_jkn"
    label = "PBI-JKN"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def pay(self, view: MonthView) -> Payments:
        if not self.open_month(view):
            return Payments()
        rows = np.flatnonzero(self.enrolled)
        premium = self.params.premium * view.state.size[rows].astype(float)
        # the budget rations: premiums of the poorest-ranked are paid first
        rows = self.ledger.charge_rationed(rows, premium, view.registry.priority)
        self.covered[:] = False
        self.covered[rows] = True
        mult = np.ones(self.n)
        mult[rows] = self.params.oop_share
        return Payments(health_cost_multiplier=mult)

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        f = view.flows
        cov = self.covered
        out = {"pbi_jkn_oop_health": NAN, "pbi_jkn_lender_after_health_shock": NAN}
        if cov.any() and "health_paid" in f:
            out["pbi_jkn_oop_health"] = float(f["health_paid"][cov].mean())
            hit = cov & f["hospitalised"]
            if hit.any():
                lender = f["borrowing_by_lender"][:, INFORMAL] > 0
                out["pbi_jkn_lender_after_health_shock"] = float(lender[hit].mean())
        return out
