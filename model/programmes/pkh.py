"""PKH (Program Keluarga Harapan): conditional cash per family member component.

Components (Kementerian Sosial, from 2021; Rp per year): pregnant or post-partum woman
3,000,000; child aged
0-6 3,000,000; primary pupil (SD, enrolled, 7-12) 900,000; junior-secondary pupil (SMP,
13-15) 1,500,000; senior-secondary pupil (SMA, 16-18) 2,000,000; severe disability
2,400,000; elderly 2,400,000 (the model's elderly are 60+, as in the 2025 source; the
2022 rules used 70+). Caps (Kementerian Sosial): at most 4 components per family, at most 2 young
children, 1 elderly, 1 disabled; when a family has more, the highest-valued components
count. A family needs at least one component to be eligible (categorical rule).

Payment: the annual entitlement in instalments every ``payment_every_months`` (PKH pays
four quarterly tahap), computed from the family's members at the instalment.
Conditions (school attendance, health checks) bind families with a pregnancy, young
children or pupils; at each instalment such a family has complied with probability
``compliance_rate`` (stream ``pkh.compliance``). A non-compliant family's instalment is
cut by ``noncompliance_cut``; payment is restored at the next compliant instalment
(with the withheld money if ``backpay``). Children of compliant beneficiary families
have their dropout hazard multiplied by ``dropout_multiplier`` (the conditionality).
Recertification and graduation at full registry updates (see ``base``): families that
left the registry or have no component left exit.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from measures import numerics as det
from model.budget import waterfall
from model.children_kernels import any_young_or_enrolled
from model.parameters import Section, Spec
from model.programmes.base import CashProgramme, common_specs, debt_share_spec
from model.programmes.interface import MonthView, OutputColumn, PageSlider, Payments
from model.state import HouseholdState

COMPONENTS = ("pregnant", "child_0_6", "sd", "smp", "sma", "disability", "elderly")
CONDITIONED = ("pregnant", "child_0_6", "sd", "smp", "sma")

SPECS: dict[str, Spec] = {
    **common_specs(
        order=10,
        quota_share=0.106,
        quota_source="policy quota: about 10 million of ~94 million families",
        quota_reference=(
            "Kementerian Sosial, PKH coverage, as reported in the press; Inpres No. "
            "4/2025 tentang Data Tunggal Sosial dan Ekonomi Nasional (DTSEN)"
        ),
        quota_as_of="2021-01",
        payment_every_months=3,
        list_update="recertify",
    ),
    "pregnant": Spec(
        default=3_000_000.0,
        unit="Rp/year",
        meaning="pregnant or post-partum woman",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "child_0_6": Spec(
        default=3_000_000.0,
        unit="Rp/year",
        meaning="child aged 0-6",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "sd": Spec(
        default=900_000.0,
        unit="Rp/year",
        meaning="primary-school pupil (SD, 7-12)",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "smp": Spec(
        default=1_500_000.0,
        unit="Rp/year",
        meaning="junior-secondary pupil (SMP, 13-15)",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "sma": Spec(
        default=2_000_000.0,
        unit="Rp/year",
        meaning="senior-secondary pupil (SMA, 16-18)",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "disability": Spec(
        default=2_400_000.0,
        unit="Rp/year",
        meaning="member with severe disability",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "elderly": Spec(
        default=2_400_000.0,
        unit="Rp/year",
        meaning="elderly member (60+)",
        source="policy amount: PKH component, Rp per year",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1e8,
    ),
    "max_components": Spec(
        default=4,
        unit="components",
        meaning="components paid per family at most",
        source="programme rule: at most 4 components per family",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=1,
        high=20,
    ),
    "max_young_children": Spec(
        default=2,
        unit="components",
        meaning="child 0-6 components at most",
        source="programme rule: sub-cap of 2 young-child components",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=8,
    ),
    "max_elderly": Spec(
        default=1,
        unit="components",
        meaning="elderly components at most",
        source="programme rule: sub-cap of 1 elderly component",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=4,
    ),
    "max_disabled": Spec(
        default=1,
        unit="components",
        meaning="disability components at most",
        source="programme rule: sub-cap of 1 disability component",
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=4,
    ),
    "realisation_share": Spec(
        default=0.6,
        unit="share of entitlement",
        meaning="share of the rule-based entitlement actually paid (components not verified or "
        "registered with the PKH operator, partial years, late updates): calibrated so "
        "that the mean benefit per paid family is near the national Rp ~28 T / ~10 M "
        "families = Rp 2.8 M a year",
        source=(
            "calibration to the PKH budget (Rp ~28 trillion a year for ~10 million "
            "families); docs/VALIDATION.md"
        ),
        reference=(
            "Kementerian Sosial, PKH budget and coverage, as reported in the press; docs/SOURCES.md"
        ),
        low=0,
        high=1,
    ),
    "compliance_rate": Spec(
        default=0.9,
        unit="probability",
        meaning="chance a conditioned family met the conditions over a payment period",
        source=(
            "assumption (conditions are 85 % school attendance and health checks; no "
            "compliance figure found)"
        ),
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        low=0,
        high=1,
    ),
    "noncompliance_cut": Spec(
        default=1.0,
        unit="share of instalment",
        meaning="part of a non-compliant family's instalment withheld",
        source=("programme rule: the next instalment is cut after non-compliance"),
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
        as_of="2021-01",
        low=0,
        high=1,
    ),
    "backpay": Spec(
        default=False,
        unit="-",
        meaning="pay withheld money when the family complies again",
        source=("assumption (payment restored once compliant, without back pay)"),
        reference=("Kementerian Sosial, PKH benefit components (indeks bantuan) from 2021"),
    ),
    "dropout_multiplier": Spec(
        default=0.5,
        unit="multiplier",
        meaning="dropout hazard multiplier for children of compliant beneficiary families",
        source=("published estimate: children 7-15 out of school halved after six years"),
        reference=(
            "Cahyadi et al. (2020), American Economic Journal: Economic Policy 12(4): 88-110"
        ),
        low=0,
        high=1,
    ),
    "debt_share": debt_share_spec(0.0, "assumption"),
}


def component_counts(state: HouseholdState, rows: np.ndarray | None = None) -> np.ndarray:
    """Members qualifying for each component (columns in ``COMPONENTS`` order), before caps."""

    def take(a: np.ndarray) -> np.ndarray:
        return a if rows is None else a[rows]

    age = take(state.child_age)
    enrolled = take(state.enrolled)
    years = np.where(age >= 0, age // 12, -1)
    return np.column_stack(
        [
            take(state.pregnant_months) > 0,
            ((years >= 0) & (years <= 6)).sum(axis=1),
            (enrolled & (years >= 7) & (years <= 12)).sum(axis=1),
            (enrolled & (years >= 13) & (years <= 15)).sum(axis=1),
            (enrolled & (years >= 16) & (years <= 18)).sum(axis=1),
            take(state.disabled),
            take(state.elderly),
        ]
    ).astype(float)


def annual_benefit(params: Section, counts: np.ndarray) -> np.ndarray:
    """Annual PKH entitlement (Rp per family) from component counts, with the caps."""
    values = np.array([params[c] for c in COMPONENTS])
    sub_caps = np.array(
        [
            1,
            params.max_young_children,
            np.inf,
            np.inf,
            np.inf,
            params.max_disabled,
            params.max_elderly,
        ]
    )
    capped = np.minimum(counts, sub_caps)
    order = np.argsort(-values, kind="stable")  # highest-valued components count first
    counted = np.empty_like(capped)
    total_cap = np.full(capped.shape[0], float(params.max_components))
    counted[:, order] = waterfall(total_cap, capped[:, order])
    return det.matvec(counted, values)


COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "pkh_instalments_cut", "instalments", "instalments cut for non-compliance this month"
    ),
    OutputColumn(
        "pkh_graduated", "households", "families leaving PKH at recertification this month"
    ),
)
CONTROLS: tuple[PageSlider, ...] = (
    PageSlider("quota_share", "PKH quota", 0.0, 0.3, 0.01),
    PageSlider("compliance_rate", "PKH compliance", 0.0, 1.0, 0.05),
)


class PKH(CashProgramme):
    """Conditional cash transfer with quarterly instalments."""

    name = "pkh"
    label = "PKH"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = COLUMNS
    controls: ClassVar[tuple[PageSlider, ...]] = CONTROLS

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.compliant = np.ones(n, bool)  # complied over the last payment period
        self.withheld = np.zeros(n)  # Rp cut and not yet paid back (backpay)
        self.cut_count = 0
        self.graduated = 0
        self._cat_month = -1
        self._cat: np.ndarray | None = None

    def categorical(self, view: MonthView) -> np.ndarray:
        """Families with at least one component (cached for the month)."""
        if self._cat_month != view.month:
            st = view.state
            # a child under 7 or in school (enrolled children are 7-18: school entry at
            # 7, leaving at 19); one compiled pass over the (n, 8) child arrays
            children = any_young_or_enrolled(st.child_age, st.enrolled, 7 * 12)
            self._cat = ((st.pregnant_months > 0) | children | st.disabled) | (st.elderly > 0)
            self._cat_month = view.month
        return self._cat

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        p = self.params
        rows = np.flatnonzero(self.enrolled)
        counts = component_counts(view.state, rows)
        instalment = annual_benefit(p, counts) * p.realisation_share * p.payment_every_months / 12
        conditioned = counts[:, : len(CONDITIONED)].sum(axis=1) > 0
        u = view.streams.uniform("pkh.compliance", view.month, self.n)[rows]
        complied = ~conditioned | (u < p.compliance_rate)
        self.compliant[rows] = complied
        cut = np.where(complied, 0.0, p.noncompliance_cut * instalment)
        self.cut_count = int(np.count_nonzero(~complied & (instalment > 0)))
        gross = instalment - cut
        if p.backpay:
            back = np.where(complied, self.withheld[rows], 0.0)
            gross = gross + back
            self.withheld[rows] = np.where(complied, 0.0, self.withheld[rows] + cut)
        return rows, gross

    def pay(self, view: MonthView) -> Payments:
        self.cut_count = 0
        out = super().pay(view)
        self.graduated = self.exits
        if self.active:
            # the conditionality: children of compliant beneficiary families
            mult = np.ones(self.n)
            mult[self.enrolled & self.compliant] = self.params.dropout_multiplier
            out.dropout_multiplier = mult
        return out

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        return {
            "pkh_instalments_cut": float(self.cut_count),
            "pkh_graduated": float(self.graduated),
        }
