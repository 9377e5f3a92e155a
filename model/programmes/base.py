"""The shared rules of registry-targeted programmes (:class:`TargetedProgramme`).

A programme is one module in ``model/programmes/`` that defines one class implementing
:class:`model.programmes.interface.Programme`, with its parameters as the class
attribute ``specs`` (:func:`common_specs` plus its own rules), its own output columns
(``columns``) and page sliders (``controls``), and one line in the programme table
:data:`model.programmes.PROGRAMMES`. A targeted programme also writes the
:data:`SHARED_COLUMNS`.

Shared rules (:class:`TargetedProgramme`; selection in :mod:`model.programmes.selection`,
money in :mod:`model.programmes.ledger`):

- **Window**: the programme runs from ``start_month`` for ``duration_months`` (0 = to
  the end of the run), and stops early when its budget is spent.
- **Targeting** from the registry: the lowest-priority (poorest-ranked) registry
  members up to a quota (``quota_share`` of the district's households or
  ``quota_count`` households), or every registry member in deciles 1..``max_decile``.
  The list is drawn in the first month. At each full registry update it is either
  redrawn from the new registry (``list_update = "redraw"``) or recertified
  (``"recertify"``: beneficiaries no longer in the registry, or no longer categorically
  eligible, leave — graduation — and vacancies are filled). Between updates, vacancies
  are filled from households added to the registry (on-demand registration,
  re-enumeration). Decile targeting always takes every registry member in the deciles.
- **Payments** fall due every ``payment_every_months`` months from the start and reach
  households ``delivery_delay_months`` later; a share ``leakage`` never reaches them.
  Spending is the gross amount disbursed in the month (received + leakage).
- **Budget** (``budget_per_household`` Rp per district household for the whole
  programme; 0 = no limit): payments are committed when due; when a payment round
  would exceed what is left, the poorest-ranked are paid first and the programme stops.
"""

from __future__ import annotations

import numpy as np

from measures.targeting import NAN, targeting_errors
from model.parameters import Section, Spec
from model.programmes.interface import (
    Deliveries,
    MonthView,
    OutputColumn,
    Payments,
    Programme,
)
from model.programmes.ledger import Ledger
from model.programmes.selection import BeneficiaryList, quota_size

A = "assumption, varied in sensitivity analysis"


def common_specs(
    *,
    order: int,
    quota_share: float = 0.1,
    quota_source: str = "scenario",
    quota_reference: str = "",
    quota_as_of: str = "",
    start_month: int = 1,
    duration_months: int = 0,
    payment_every_months: int = 1,
    list_update: str = "redraw",
    omit: tuple[str, ...] = (),
) -> dict[str, Spec]:
    """Parameters every programme has (defaults per programme)."""
    specs = {
        "enabled": Spec(default=False, unit="-", meaning="run this programme", source="scenario"),
        "order": Spec(
            default=order,
            unit="-",
            meaning="position in the month's order of programmes (lower first)",
            source="choice",
            low=0,
            high=99,
        ),
        "start_month": Spec(
            default=start_month,
            unit="month",
            meaning="first month of the programme",
            source="scenario",
            low=1,
            high=1200,
        ),
        "duration_months": Spec(
            default=duration_months,
            unit="months",
            meaning="months the programme runs (0 = to the end of the run)",
            source="scenario",
            low=0,
            high=1200,
        ),
        "targeting": Spec(
            default="share",
            unit="-",
            meaning="beneficiaries: poorest-ranked registry members up to quota_share "
            "of households "
            "(share) or quota_count households (count), or all registry members in deciles "
            "1..max_decile (deciles)",
            source="scenario",
            choices=("share", "count", "deciles"),
        ),
        "quota_share": Spec(
            default=quota_share,
            unit="share of households",
            meaning="quota as a share of households",
            source=quota_source,
            low=0,
            high=1,
            reference=quota_reference,
            as_of=quota_as_of,
        ),
        "quota_count": Spec(
            default=1000,
            unit="households",
            meaning="quota as a number of households",
            source="scenario",
            low=0,
            high=100_000_000,
        ),
        "max_decile": Spec(
            default=4,
            unit="decile",
            meaning="highest registry decile served (deciles targeting)",
            source="policy rule: DTSEN transfers go to deciles 1-4",
            reference=(
                "Inpres No. 4/2025 tentang Data Tunggal Sosial dan Ekonomi Nasional (DTSEN)"
            ),
            as_of="2025-02",
            low=1,
            high=10,
        ),
        "list_update": Spec(
            default=list_update,
            unit="-",
            meaning="at a full registry update: redraw the list from the new registry, or "
            "recertify (beneficiaries stay while still in the registry and eligible; "
            "vacancies are filled)",
            source="scenario",
            choices=("redraw", "recertify"),
        ),
        "payment_every_months": Spec(
            default=payment_every_months,
            unit="months",
            meaning="months between payments (each pays the months since the last)",
            source="scenario",
            low=1,
            high=12,
        ),
        "delivery_delay_months": Spec(
            default=0,
            unit="months",
            meaning="months between a payment falling due and reaching the household",
            source="assumption (late BLT 2005 payments cut spending growth)",
            reference=(
                "Bazzi, Sumarto and Suryahadi (2015), J. Economic Behavior & Organization "
                "119: 267-288"
            ),
            low=0,
            high=24,
        ),
        "leakage": Spec(
            default=0.0,
            unit="share",
            meaning="share of each payment that never reaches the household (fees, deductions)",
            source=A,
            low=0,
            high=1,
        ),
        "budget_per_household": Spec(
            default=0.0,
            unit="Rp per district household",
            meaning="budget for the whole programme, per household of the district (0 = no limit)",
            source="scenario",
            low=0,
            high=1e9,
        ),
    }
    for key in omit:
        del specs[key]
    return specs


def debt_share_spec(default: float = 0.0, source: str = "assumption", reference: str = "") -> Spec:
    """The parameter ``debt_share`` of a :class:`CashProgramme` (declared once here; each
    programme gives its default, source and reference)."""
    return Spec(
        default=default,
        unit="share",
        meaning="share of the cash households put to debt repayment first",
        source=source,
        reference=reference,
        low=0,
        high=1,
    )


ERRORS = ("exclusion_error", "inclusion_error", "exclusion_error_quota", "inclusion_error_quota")
TARGETING = "measures/targeting.py"

# The columns every targeted programme writes into timeseries.csv (``{p}``: its name),
# before its own (its class attribute ``columns``).
SHARED_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "{p}_recipients", "households", "households covered by the programme this month",
        "Recipients",
    ),
    OutputColumn(
        "{p}_spending", "Rp per month",
        "gross amount disbursed this month (received plus leakage)", "Spending",
    ),
    OutputColumn(
        "{p}_leakage", "Rp per month",
        "part of this month's disbursement that never reached households", "Leakage",
    ),
    OutputColumn(
        "{p}_exclusion_error", "share of the poor",
        "poor households (pre-transfer welfare below the line) not covered",
        "Exclusion error", TARGETING,
    ),
    OutputColumn(
        "{p}_inclusion_error", "share of recipients",
        "covered households that are not poor (pre-transfer)", "Inclusion error", TARGETING,
    ),
    OutputColumn(
        "{p}_exclusion_error_quota", "share of the quota group",
        "households of the intended group (the poorest, as many as the quota) not covered",
        "Exclusion error (quota)", TARGETING,
    ),
    OutputColumn(
        "{p}_inclusion_error_quota", "share of recipients",
        "covered households outside the intended group", "Inclusion error (quota)", TARGETING,
    ),
)  # fmt: skip


class TargetedProgramme(Programme):
    """A programme drawing beneficiaries from the registry and paying them on a schedule.

    ``pay`` runs the shared month: open (window, list, coverage), the regular round in
    payment months (:meth:`entitlement`), :meth:`extra_payments`, delivery through the
    ledger, then :meth:`hand_over` turns what arrived into :class:`Payments`.
    Subclasses define :meth:`entitlement` and, unless they pay cash, :meth:`hand_over`.
    """

    def __init__(self, params: Section, n: int):
        super().__init__(params, n)
        self.ledger = Ledger.from_params(params, n)
        self.beneficiaries = BeneficiaryList(params, n)
        self.covered = np.zeros(n, bool)  # households the programme covers this month
        self.active = False  # programme running this month (targeting errors reported)

    # ------------------------------------------------------------ ledger views
    @property
    def paid(self) -> np.ndarray:
        """Rp reaching each household this month."""
        return self.ledger.paid

    @property
    def spent(self) -> float:
        """Rp disbursed this month (received + leakage + running costs)."""
        return self.ledger.spent

    @property
    def leaked(self) -> float:
        return self.ledger.leaked

    @property
    def spent_total(self) -> float:
        return self.ledger.spent_total

    @property
    def exhausted(self) -> bool:
        return self.ledger.exhausted

    @property
    def enrolled(self) -> np.ndarray:
        """Households on the programme's list."""
        return self.beneficiaries.enrolled

    @enrolled.setter
    def enrolled(self, value: np.ndarray) -> None:
        self.beneficiaries.enrolled = value

    @property
    def exits(self) -> int:
        return self.beneficiaries.exits

    # ------------------------------------------------------------------ window
    def in_window(self, month: int) -> bool:
        p = self.params
        duration = p.get("duration_months", 0)
        return month >= p.start_month and (duration == 0 or month < p.start_month + duration)

    def payment_due(self, month: int) -> bool:
        every = self.params.get("payment_every_months", 1)
        return self.in_window(month) and (month - self.params.start_month) % every == 0

    def intended(self, n: int) -> int:
        """Size of the intended group (the quota), households."""
        return quota_size(self.params, n)

    def categorical(self, view: MonthView) -> np.ndarray | None:
        """Households eligible by the programme's own rules (None = all)."""
        return None

    def refresh_list(self, view: MonthView) -> None:
        self.beneficiaries.refresh(
            view.registry, self.intended(self.n), lambda: self.categorical(view)
        )

    def schedule(self, view: MonthView, rows: np.ndarray, gross: np.ndarray) -> None:
        self.ledger.schedule(view.month, rows, gross, view.registry.priority)

    # ------------------------------------------------------------------ month
    def open_month(self, view: MonthView) -> bool:
        """Reset the month's counters and, while the programme runs, refresh the list and
        cover its members. Returns whether the programme runs this month."""
        self.ledger.begin_month()
        self.active = self.in_window(view.month) and not self.ledger.exhausted
        if self.active:
            self.refresh_list(view)
            self.covered = self.enrolled.copy()
        else:
            self.covered[:] = False
        return self.active

    def pay(self, view: MonthView) -> Payments:
        if self.open_month(view) and self.payment_due(view.month):
            rows, gross = self.entitlement(view)
            self.schedule(view, rows, gross)
        self.extra_payments(view)
        return self.hand_over(self.ledger.deliver(view.month))

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        """(rows, gross Rp) falling due this month; called in payment months."""
        raise NotImplementedError  # pragma: no cover - interface

    def extra_payments(self, view: MonthView) -> None:
        """Optional: schedule payments beyond the regular round (called every month)."""

    def hand_over(self, arrived: Deliveries) -> Payments:
        """Turn this month's deliveries into payments (default: cash)."""
        return Payments(cash=arrived)

    # ------------------------------------------------------------------ metrics
    def metrics(self, view: MonthView) -> dict[str, float]:
        """Recipients, spending and targeting errors (both standards), then extras."""
        pre = self.name
        out = {
            f"{pre}_recipients": float(np.count_nonzero(self.covered)),
            f"{pre}_spending": float(self.spent),
            f"{pre}_leakage": float(self.leaked),
        }
        if self.active:
            errs = targeting_errors(
                view.pretransfer_welfare,
                self.covered,
                self.intended(self.n),
                self.categorical(view),
            )
        else:
            errs = dict.fromkeys(ERRORS, NAN)
        out.update({f"{pre}_{k}": v for k, v in errs.items()})
        out.update(self.extra_metrics(view))
        return out

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        """Programme-specific indicators (the same keys every month)."""
        return {}


class CashProgramme(TargetedProgramme):
    """Delivers cash; households put a share ``debt_share`` of it to debt first (declare
    it with :func:`debt_share_spec`; none without it)."""

    def hand_over(self, arrived: Deliveries) -> Payments:
        share = self.params.get("debt_share", 0.0)
        to_debt = [(rows, share * received) for rows, received in arrived] if share > 0 else []
        return Payments(cash=arrived, to_debt=to_debt)
