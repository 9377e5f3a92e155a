"""The narrow interface between the model and its programmes.

A programme never receives the model. It is built from its validated parameter section
and the number of households (``cls(params, n)``). Each month the model hands it a
read-only :class:`MonthView` and the programme **returns** what it does:

1. ``pay(view) -> Payments`` (step 6, before the household budget): cash, food and the
   cash earmarked for debt, each as an ordered list of deliveries ``(rows, Rp)``; a
   dropout-hazard multiplier; a multiplier on this month's out-of-pocket health cost;
   a lender it offers to the budget (the lender's per-household limits are the
   programme's own object, which the budget reads and whose debt it updates).
2. ``after_budget(view) -> Effects`` (step 8, ``view.flows`` holds the budget's
   flows): money credited as income next month, moves into and out of savings
   accounts, next month's saving boost, and named flows to add to the month's flows.
3. ``metrics(view) -> dict`` (step 10): the programme's row of ``timeseries.csv``.

The model applies what is returned right after each call, programme by programme in
the declared order (``order`` parameter), with :func:`apply_payments` and
:func:`apply_effects`: these two functions are every write a programme causes.

Nothing here imports the model; programmes import only this module, the shared
machinery (:mod:`model.programmes.base`, :mod:`model.programmes.selection`,
:mod:`model.programmes.ledger`) and leaf modules (state, parameters, kernels).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np

from model.parameters import Section, Spec
from model.state import HouseholdState

Deliveries = list[tuple[np.ndarray, np.ndarray]]  # (household rows, Rp) in order


class RegistryView(Protocol):
    """What programmes read from the targeting registry (model.registry.Registry)."""

    in_registry: np.ndarray  # bool per household
    priority: np.ndarray  # lower = poorer-ranked
    decile: np.ndarray  # 1..10 at the last full build
    version: int  # changes whenever membership changes
    rebuilt: bool  # a full update this month


class StreamsView(Protocol):
    def uniform(self, name: str, month: int, size) -> np.ndarray: ...

    def normal(self, name: str, month: int, size) -> np.ndarray: ...


class ProgrammeStreams:
    """A programme's own named random streams: names must start with ``<programme>.``
    (common random numbers: a programme cannot shift another process's draws)."""

    def __init__(self, streams: StreamsView, prefix: str):
        self._streams = streams
        self._prefix = prefix + "."

    def _check(self, name: str) -> None:
        if not name.startswith(self._prefix):
            raise ValueError(f"stream {name!r} is not one of {self._prefix}* streams")

    def uniform(self, name: str, month: int, size) -> np.ndarray:
        self._check(name)
        return self._streams.uniform(name, month, size)

    def normal(self, name: str, month: int, size) -> np.ndarray:
        self._check(name)
        return self._streams.normal(name, month, size)


@dataclass(frozen=True)
class MonthView:
    """What a programme may read in a month (read-only by contract: programmes must not
    write into these arrays; everything they do is returned).

    Money is Rp per household per month, at this month's prices, unless noted.
    """

    month: int
    state: HouseholdState
    registry: RegistryView | None
    streams: StreamsView
    price_index: float
    line: np.ndarray  # poverty line, Rp per capita per month
    need: np.ndarray | None  # poverty line x household size (None at month 0)
    permanent_income: np.ndarray | None  # Rp per household per month (None at month 0)
    pretransfer_welfare: np.ndarray  # welfare ratio without this month's transfers
    welfare_ratio: np.ndarray  # per-capita consumption / poverty line (last computed)
    flows: Mapping[str, np.ndarray]  # shocks' flows (pay) or the budget's (after_budget)


@dataclass
class Payments:
    """What a programme hands over before the budget (step 6)."""

    cash: Deliveries = field(default_factory=list)  # Rp of cash
    food: Deliveries = field(default_factory=list)  # Rp of in-kind food (BPNT)
    to_debt: Deliveries = field(default_factory=list)  # Rp of the cash put to debt first
    health_cost_multiplier: np.ndarray | None = None  # on this month's out-of-pocket health cost
    dropout_multiplier: np.ndarray | None = None  # multiplier on the dropout hazard
    lender: Any = None  # a model.budget.GroupLender offered to this month's budget


SAVINGS_ACCOUNTS = ("savings", "savings_locked")


@dataclass
class Effects:
    """What a programme does after the budget (step 8)."""

    next_month_income: np.ndarray | None = None  # Rp paid as income next month
    # ordered moves (account, rows or None for all, Rp added; negative = taken out)
    savings_moves: list[tuple[str, np.ndarray | None, np.ndarray]] = field(default_factory=list)
    saving_boost: np.ndarray | None = None  # next month's added saving propensity
    flows: dict[str, np.ndarray] = field(default_factory=dict)  # named flows to record


def apply_savings_moves(
    savings: np.ndarray,
    locked: np.ndarray,
    moves: list[tuple[str, np.ndarray | None, np.ndarray]],
) -> None:
    """Apply ordered savings moves in place to liquid ``savings`` and ``locked``
    commitment savings (used by the model, and by a programme on copies to see the
    balances its own moves will leave)."""
    for account, rows, amount in moves:
        if account not in SAVINGS_ACCOUNTS:
            raise ValueError(f"unknown savings account {account!r}")
        target = savings if account == "savings" else locked
        if rows is None:
            target += amount
        else:
            target[rows] += amount


def apply_payments(state: HouseholdState, pay: Payments, inputs: dict[str, np.ndarray]) -> Any:
    """Write a programme's payments into the month's budget inputs (the state's transfer
    arrays and ``inputs``, the budget's keyword inputs); returns the lender it offers
    (or None)."""
    for rows, amount in pay.cash:
        state.transfer_cash[rows] += amount
    for rows, amount in pay.to_debt:
        state.transfer_to_debt[rows] += amount
    for rows, amount in pay.food:
        state.transfer_food[rows] += amount
    if pay.dropout_multiplier is not None:
        state.dropout_multiplier *= pay.dropout_multiplier
    if pay.health_cost_multiplier is not None:
        inputs["health_cost"] = inputs["health_cost"] * pay.health_cost_multiplier
    return pay.lender


def apply_effects(
    state: HouseholdState,
    eff: Effects,
    programme_income: np.ndarray,
    flows: dict[str, np.ndarray],
) -> None:
    """Write a programme's after-budget effects (in place)."""
    if eff.savings_moves:
        apply_savings_moves(state.savings, state.savings_locked, eff.savings_moves)
    if eff.saving_boost is not None:
        state.saving_boost[:] = eff.saving_boost
    if eff.next_month_income is not None:
        programme_income += eff.next_month_income
    flows.update(eff.flows)


@dataclass(frozen=True)
class OutputColumn:
    """One column a programme writes into ``timeseries.csv`` (a key of its
    ``metrics``), as the data dictionary (outputs/dictionary.py) lists it.

    ``name`` is the literal column name (``pkh_graduated``); the shared columns of
    :class:`model.programmes.base.TargetedProgramme` use the placeholder ``{p}`` for the
    programme (``{p}_recipients``). ``source`` is the file that computes it (default: the
    programme's own module)."""

    name: str
    unit: str
    definition: str
    label: str = ""  # short label for tables, figures and Stata (default: from the name)
    source: str = ""


@dataclass(frozen=True)
class PageSlider:
    """A slider on the browser page for one of the programme's parameters
    (``parameter``: a key of its ``specs``), from ``low`` to ``high`` in steps of
    ``step`` (whole numbers for a whole-number parameter). The page adds the
    programme's on/off switch (``enabled``) itself."""

    parameter: str
    label: str
    low: float
    high: float
    step: float


class Programme:
    """A social-protection programme (the interface the model calls).

    Everything about a programme is declared on its class, beside its rules:

    - ``name`` (section ``programmes.<name>`` and metric prefix) and ``label`` (for
      tables, figures and the browser page);
    - ``specs``: its parameters (the section ``programmes.<name>``);
    - ``columns``: the columns it writes into ``timeseries.csv`` beyond the shared ones
      (:class:`OutputColumn`; the data dictionary reads them from the programme table);
    - ``controls``: the sliders the browser page shows for it (:class:`PageSlider`;
      without any, the page makes generic ones from ``specs``).

    What the model reads from a built programme, besides the three calls, is declared
    here with defaults: :attr:`order`, :attr:`paid` and :attr:`covered`.
    Subclasses implement ``pay``, optionally ``after_budget``, and ``metrics``.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    specs: ClassVar[dict[str, Spec]] = {}
    columns: ClassVar[tuple[OutputColumn, ...]] = ()
    controls: ClassVar[tuple[PageSlider, ...]] = ()

    covered: np.ndarray
    """Households (bool per household) the programme covers this month: the model's
    registry metrics count a household covered by any programme. Default: none."""

    def __init__(self, params: Section, n: int):
        self.params = params
        self.n = n
        self.covered = np.zeros(n, bool)
        self._nothing_paid = np.zeros(n)

    @property
    def order(self) -> int:
        """Position in the month's order of programmes (lower first; ties keep the
        programme table's order): the ``order`` parameter, default 0."""
        return self.params.get("order", 0)

    @property
    def paid(self) -> np.ndarray:
        """Rp reaching each household from the programme this month (read by the runs'
        and the page's totals per household). Default: nothing."""
        return self._nothing_paid

    @classmethod
    def section(cls) -> str:
        """Name of the parameter section (``programmes.<name>``)."""
        return f"programmes.{cls.name}"

    @classmethod
    def source(cls) -> str:
        """The file declaring the programme (``model/programmes/pkh.py``): the default
        source of its output columns."""
        return cls.__module__.replace(".", "/") + ".py"

    def pay(self, view: MonthView) -> Payments:  # pragma: no cover - interface
        raise NotImplementedError

    def after_budget(self, view: MonthView) -> Effects:
        return Effects()

    def metrics(self, view: MonthView) -> dict[str, float]:  # pragma: no cover - interface
        raise NotImplementedError
