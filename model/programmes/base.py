"""The plug-in interface every programme implements, and the machinery they share.

A programme is one module in ``model/programmes/`` that declares its parameter section
``programmes.<name>`` (with :func:`common_specs` plus its own rules), defines one class
and registers it in :data:`model.programmes.PROGRAMMES`.

Shared rules (:class:`TargetedProgramme`):

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

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from model import numerics as det
from model.parameters import Section, Spec
from model.programmes.targeting import NAN, targeting_errors

if TYPE_CHECKING:
    from model.model import JaringModel

A = "assumption, varied in sensitivity analysis"


def common_specs(
    *,
    order: int,
    quota_share: float = 0.1,
    quota_source: str = "scenario",
    start_month: int = 1,
    duration_months: int = 0,
    payment_every_months: int = 1,
    list_update: str = "redraw",
    omit: tuple[str, ...] = (),
) -> dict[str, Spec]:
    """Parameters every programme has (defaults per programme)."""
    specs = {
        "enabled": Spec(False, "-", "run this programme", "scenario"),
        "order": Spec(
            order, "-", "position in the month's order of programmes (lower first)", "choice", 0, 99
        ),
        "start_month": Spec(
            start_month, "month", "first month of the programme", "scenario", 1, 1200
        ),
        "duration_months": Spec(
            duration_months,
            "months",
            "months the programme runs (0 = to the end of the run)",
            "scenario",
            0,
            1200,
        ),
        "targeting": Spec(
            "share",
            "-",
            "beneficiaries: poorest-ranked registry members up to quota_share of households "
            "(share) or quota_count households (count), or all registry members in deciles "
            "1..max_decile (deciles)",
            "scenario",
            choices=("share", "count", "deciles"),
        ),
        "quota_share": Spec(
            quota_share, "share of households", "quota as a share of households", quota_source, 0, 1
        ),
        "quota_count": Spec(
            1000, "households", "quota as a number of households", "scenario", 0, 100_000_000
        ),
        "max_decile": Spec(
            4,
            "decile",
            "highest registry decile served (deciles targeting)",
            "FACTS: DTSEN transfers to deciles 1-4",
            1,
            10,
        ),
        "list_update": Spec(
            list_update,
            "-",
            "at a full registry update: redraw the list from the new registry, or "
            "recertify (beneficiaries stay while still in the registry and eligible; "
            "vacancies are filled)",
            "scenario",
            choices=("redraw", "recertify"),
        ),
        "payment_every_months": Spec(
            payment_every_months,
            "months",
            "months between payments (each pays the months since the last)",
            "scenario",
            1,
            12,
        ),
        "delivery_delay_months": Spec(
            0,
            "months",
            "months between a payment falling due and reaching the household",
            "assumption (FACTS: late BLT 2005 payments cut spending growth, Bazzi et al. 2015)",
            0,
            24,
        ),
        "leakage": Spec(
            0.0,
            "share",
            "share of each payment that never reaches the household (fees, deductions)",
            A,
            0,
            1,
        ),
        "budget_per_household": Spec(
            0.0,
            "Rp per district household",
            "budget for the whole programme, per household of the district (0 = no limit)",
            "scenario",
            0,
            1e9,
        ),
    }
    for key in omit:
        del specs[key]
    return specs


class Programme:
    """A social-protection programme.

    Each month the model calls, in the declared order of programmes: ``pay`` (before the
    household budget: add to ``state.transfer_cash``, ``transfer_food``,
    ``transfer_to_debt`` or ``state.dropout_multiplier``), then after the budget
    ``after_budget`` (take deposits, run group businesses, set next month's behavioural
    hooks such as ``state.saving_boost``), then ``metrics``.
    """

    name: ClassVar[str] = ""

    def __init__(self, params: Section, model: JaringModel):
        self.params = params
        n = model.state.n
        self.paid = np.zeros(n)  # Rp reaching each household this month
        self.covered = np.zeros(n, bool)  # households the programme covers this month
        self.spent = 0.0  # Rp disbursed this month (received + leakage)
        self.leaked = 0.0  # Rp of this month's disbursement that did not arrive
        self.spent_total = 0.0
        self.active = False  # programme running this month (targeting errors reported)

    def pay(self, model: JaringModel, month: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def after_budget(self, model: JaringModel, month: int, flows: dict[str, np.ndarray]) -> None:
        """Optional: act on the budget's outcome."""

    def categorical(self, model: JaringModel) -> np.ndarray | None:
        """Households eligible by the programme's own rules (None = all)."""
        return None

    def intended(self, n: int) -> int:
        """Size of the intended group (the quota), households."""
        p = self.params
        if p.targeting == "count":
            return int(min(p.quota_count, n))
        if p.targeting == "deciles":
            return round(p.max_decile / 10 * n)
        return round(p.quota_share * n)

    def metrics(self, model: JaringModel, month: int) -> dict[str, float]:
        """Recipients, spending and targeting errors (both standards), then extras."""
        pre = self.name
        out = {
            f"{pre}_recipients": float(np.count_nonzero(self.covered)),
            f"{pre}_spending": float(self.spent),
            f"{pre}_leakage": float(self.leaked),
        }
        if self.active:
            errs = targeting_errors(
                model.pretransfer_welfare,
                self.covered,
                self.intended(model.state.n),
                self.categorical(model),
            )
        else:
            errs = dict.fromkeys(
                (
                    "exclusion_error",
                    "inclusion_error",
                    "exclusion_error_quota",
                    "inclusion_error_quota",
                ),
                NAN,
            )
        out.update({f"{pre}_{k}": v for k, v in errs.items()})
        out.update(self.extra_metrics(model, month))
        return out

    def extra_metrics(self, model: JaringModel, month: int) -> dict[str, float]:
        """Programme-specific indicators (the same keys every month)."""
        return {}


class TargetedProgramme(Programme):
    """A programme drawing beneficiaries from the registry and paying them on a schedule.

    Subclasses define :meth:`entitlement` (what falls due in a payment month) and
    :meth:`apply` (how received money reaches the household).
    """

    def __init__(self, params: Section, model: JaringModel):
        super().__init__(params, model)
        n = model.state.n
        self.enrolled = np.zeros(n, bool)  # on the programme's list
        self.started = False
        self.exhausted = False
        self.committed = 0.0  # Rp committed to payments so far (gross)
        per_hh = params.get("budget_per_household", 0.0)
        self.budget_total = per_hh * n if per_hh > 0 else float("inf")
        self._pipeline: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
        self._version_seen = -1
        self.exits = 0  # beneficiaries leaving at this month's recertification

    # ------------------------------------------------------------------ window
    def in_window(self, month: int) -> bool:
        p = self.params
        duration = p.get("duration_months", 0)
        return month >= p.start_month and (duration == 0 or month < p.start_month + duration)

    def payment_due(self, month: int) -> bool:
        every = self.params.get("payment_every_months", 1)
        return self.in_window(month) and (month - self.params.start_month) % every == 0

    # ------------------------------------------------------------------ the list
    def refresh_list(self, model: JaringModel) -> None:
        """Draw, recertify or top up the beneficiary list from the registry."""
        reg = model.registry
        self.exits = 0
        if self.started and not reg.rebuilt and reg.version == self._version_seen:
            return
        candidates = reg.in_registry.copy()
        cat = self.categorical(model)
        if cat is not None:
            candidates &= cat
        if self.params.targeting == "deciles":
            new = candidates & (reg.decile <= self.params.max_decile)
            self.exits = int(np.count_nonzero(self.enrolled & ~new))
            self.enrolled = new
        else:
            before = self.enrolled.copy()
            if reg.rebuilt and self.started:
                if self.params.list_update == "redraw":
                    self.enrolled[:] = False
                else:  # recertification: who no longer qualifies leaves
                    self.enrolled &= candidates
            vacancies = self.intended(model.state.n) - int(np.count_nonzero(self.enrolled))
            if vacancies > 0:
                pool = np.flatnonzero(candidates & ~self.enrolled)
                if pool.size > vacancies:
                    pool = pool[det.smallest(reg.priority[pool], vacancies)]
                self.enrolled[pool] = True
            self.exits = int(np.count_nonzero(before & ~self.enrolled))
        self.started = True
        self._version_seen = reg.version

    # ------------------------------------------------------------------ payments
    def schedule(self, model: JaringModel, month: int, rows: np.ndarray, gross: np.ndarray) -> None:
        """Commit payments ``gross`` (Rp) to households ``rows`` within the budget; they
        arrive after the delivery delay."""
        keep = gross > 0
        rows, gross = rows[keep], gross[keep]
        if rows.size == 0:
            return
        left = self.budget_total - self.committed
        total = float(gross.sum())
        if total > left:
            order = np.argsort(model.registry.priority[rows], kind="stable")
            g = gross[order]
            allowed = np.clip(left - (np.cumsum(g) - g), 0.0, g)
            gross = np.empty_like(gross)
            gross[order] = allowed
            keep = gross > 0
            rows, gross = rows[keep], gross[keep]
            self.exhausted = True
        self.committed += float(gross.sum())
        arrival = month + self.params.get("delivery_delay_months", 0)
        self._pipeline.setdefault(arrival, []).append((rows, gross))

    def deliver(self, model: JaringModel, month: int) -> None:
        """Hand over what arrives this month (less leakage) and record spending."""
        leak = self.params.get("leakage", 0.0)
        for rows, gross in self._pipeline.pop(month, []):
            received = gross * (1.0 - leak)
            self.paid[rows] += received
            total = float(gross.sum())
            self.spent += total
            self.leaked += total * leak
            self.apply(model, rows, received)

    def entitlement(self, model: JaringModel, month: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, gross Rp) falling due this month; called in payment months."""
        raise NotImplementedError  # pragma: no cover - interface

    def apply(self, model: JaringModel, rows: np.ndarray, received: np.ndarray) -> None:
        """Put received money (Rp) where it belongs (cash, food, savings)."""
        raise NotImplementedError  # pragma: no cover - interface

    # ------------------------------------------------------------------ month
    def begin_month(self) -> None:
        self.paid[:] = 0.0
        self.spent = 0.0
        self.leaked = 0.0

    def open_month(self, model: JaringModel, month: int) -> bool:
        """Reset the month's counters and, while the programme runs, refresh the list and
        cover its members. Returns whether the programme runs this month."""
        self.begin_month()
        self.active = self.in_window(month) and not self.exhausted
        if self.active:
            self.refresh_list(model)
            self.covered = self.enrolled.copy()
        else:
            self.covered[:] = False
        return self.active

    def pay(self, model: JaringModel, month: int) -> None:
        if self.open_month(model, month) and self.payment_due(month):
            rows, gross = self.entitlement(model, month)
            self.schedule(model, month, rows, gross)
        self.extra_payments(model, month)
        self.deliver(model, month)
        self.spent_total += self.spent

    def extra_payments(self, model: JaringModel, month: int) -> None:
        """Optional: schedule payments beyond the regular round (called every month)."""


class CashProgramme(TargetedProgramme):
    """Delivers cash; households put a share ``debt_share`` of it to debt first."""

    def apply(self, model: JaringModel, rows: np.ndarray, received: np.ndarray) -> None:
        st = model.state
        st.transfer_cash[rows] += received
        share = self.params.get("debt_share", 0.0)
        if share > 0:
            st.transfer_to_debt[rows] += share * received
