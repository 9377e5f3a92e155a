"""PIP (Program Indonesia Pintar, Kartu Indonesia Pintar): yearly cash per enrolled pupil.

Amounts per pupil per year by school level (Kemendikbudristek 2024, as reported by
Inspirasi Nusantara and Radar Utara, 2024): primary (SD, ages 7-12) Rp 450,000; junior
secondary (SMP, 13-15) Rp 750,000; senior secondary (SMA/SMK, 16-18) Rp 1,800,000
(Rp 1,000,000 before 2024; Tribun Manado, 2022). Paid once a year by default
(``payment_every_months`` 12; 6 for two instalments, each paying the months since the
last), to registry households with an enrolled pupil: PIP is for pupils from
DTKS / PKH / KKS families (Tribun Manado, 2022), so by default every registry household
in deciles 1..4 with a pupil (``targeting = "deciles"``). The entitlement is computed
from the pupils enrolled at the payment.

It acts on schooling through the household's cash (less consumption shortfall, hence a
lower dropout hazard; docs/ODD.md 7.6) and, optionally, through a stated direct effect:
``dropout_multiplier`` (1 = none) multiplies the dropout hazard of children in covered
households while the programme runs.

Outcomes (``timeseries.csv``): ``pip_enrolment`` (share of children aged 7-18 in
covered households who are enrolled) and ``pip_dropouts`` (dropouts this month in
covered households).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from measures import numerics as det
from model.parameters import Spec
from model.programmes.base import CashProgramme, common_specs, debt_share_spec
from model.programmes.interface import MonthView, OutputColumn, PageSlider, Payments

NAN = float("nan")
S = "Kemendikbudristek 2024 (Inspirasi Nusantara 2024): PIP per pupil per year"

SPECS: dict[str, Spec] = {
    **common_specs(
        order=15,
        quota_share=0.2,
        payment_every_months=12,
        list_update="recertify",
    ),
    "sd": Spec(
        default=450_000.0,
        unit="Rp/pupil/year",
        meaning="primary pupil (SD, 7-12)",
        source="policy amount: PIP per primary pupil per year",
        reference=(
            "Kemendikbudristek (2024), PIP amounts, as reported by Inspirasi Nusantara (2024)"
        ),
        as_of="2024-01",
        low=0,
        high=1e8,
    ),
    "smp": Spec(
        default=750_000.0,
        unit="Rp/pupil/year",
        meaning="junior-secondary pupil (SMP, 13-15)",
        source="policy amount: PIP per junior-secondary pupil per year",
        reference=(
            "Kemendikbudristek (2024), PIP amounts, as reported by Inspirasi Nusantara (2024)"
        ),
        as_of="2024-01",
        low=0,
        high=1e8,
    ),
    "sma": Spec(
        default=1_800_000.0,
        unit="Rp/pupil/year",
        meaning="senior-secondary pupil (SMA/SMK, 16-18)",
        source="policy amount: PIP per senior-secondary pupil per year",
        reference=(
            "Kemendikbudristek (2024), PIP amounts, as reported by Inspirasi Nusantara (2024)"
        ),
        as_of="2024-01",
        low=0,
        high=1e8,
    ),
    "dropout_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="direct effect: dropout hazard multiplier for children of covered households "
        "(1 = PIP acts through cash only)",
        source="assumption (scenario; no direct effect by default)",
        low=0,
        high=1,
    ),
    "debt_share": debt_share_spec(0.0, "assumption"),
}
SPECS["targeting"] = Spec(
    default="deciles",
    unit=SPECS["targeting"].unit,
    meaning=SPECS["targeting"].meaning,
    source="Tribun Manado 2022: PIP for pupils of DTKS / PKH / KKS families",
    reference="Tribun Manado (2022), on PIP eligibility",
    choices=SPECS["targeting"].choices,
)


def pupils_by_level(state, rows: np.ndarray) -> np.ndarray:
    """Enrolled pupils (SD, SMP, SMA columns) of households ``rows``."""
    age = state.child_age[rows]
    enrolled = state.enrolled[rows]
    years = np.where(age >= 0, age // 12, -1)
    return np.column_stack(
        [
            (enrolled & (years >= 7) & (years <= 12)).sum(axis=1),
            (enrolled & (years >= 13) & (years <= 15)).sum(axis=1),
            (enrolled & (years >= 16) & (years <= 18)).sum(axis=1),
        ]
    ).astype(float)


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "pip_enrolment", "share of children", "children aged 7-18 of PIP households enrolled"
    ),
    OutputColumn(
        "pip_dropouts", "children", "children of PIP households leaving school this month"
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("max_decile", "PIP deciles served", 1, 10, 1),
    PageSlider("sma", "PIP senior-secondary amount", 0.0, 4_000_000.0, 100_000.0),
    PageSlider("dropout_multiplier", "PIP direct dropout multiplier", 0.0, 1.0, 0.05),
)


class PIP(CashProgramme):
    """Education cash per enrolled pupil, by school level."""

    name = "pip"
    label = "PIP"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def categorical(self, view: MonthView) -> np.ndarray:
        """Households with at least one enrolled pupil."""
        return view.state.enrolled.any(axis=1)

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        p = self.params
        rows = np.flatnonzero(self.enrolled)
        per_year = det.matvec(pupils_by_level(view.state, rows), np.array([p.sd, p.smp, p.sma]))
        return rows, per_year * p.payment_every_months / 12

    def pay(self, view: MonthView) -> Payments:
        out = super().pay(view)
        if self.active and self.params.dropout_multiplier != 1.0:
            mult = np.ones(self.n)
            mult[self.covered] = self.params.dropout_multiplier
            out.dropout_multiplier = mult
        return out

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        cov = self.covered
        out = {"pip_enrolment": NAN, "pip_dropouts": NAN}
        if cov.any():
            age = view.state.child_age[cov]
            school_age = (age >= 7 * 12) & (age < 19 * 12)
            n_age = int(school_age.sum())
            if n_age:
                out["pip_enrolment"] = float((view.state.enrolled[cov] & school_age).sum() / n_age)
            if "dropouts" in view.flows:
                out["pip_dropouts"] = float(view.flows["dropouts"][cov].sum())
        return out
