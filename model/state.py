"""Household state as columns: one numpy array per attribute, indexed by household id.

Money is rupiah (float64), per household per month unless a name says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

MAX_CHILDREN = 8
LENDERS = ("family", "formal", "informal")  # cheapest first, by default rates
FAMILY, FORMAL, INFORMAL = 0, 1, 2
GROUP = 3  # a savings group, the budget's fourth lender when a programme offers one


@dataclass
class MonthEvents:
    """What the month's steps before the budget record for each household (named
    fields, one array of length ``n`` each; None until the step that writes it has
    run). Reset at the start of every month; metrics and programmes read them with the
    budget's flows (:meth:`as_flows`)."""

    children_left: np.ndarray | None = None  # int, children who left home (step calendar)
    births: np.ndarray | None = None  # int, births (step calendar)
    leaver_school_months: np.ndarray | None = None  # int, school months of this month's leavers
    leaver_earnings_factor: np.ndarray | None = None  # their earnings factors, summed
    disaster_hit: np.ndarray | None = None  # bool, struck by a village disaster (covariate)
    crisis_hit: np.ndarray | None = None  # bool, hit by a scheduled crisis, not a disaster
    remittance: np.ndarray | None = None  # Rp, grown children's transfer premium (incomes)
    job_losses: np.ndarray | None = None  # int, earners who lost their job (shocks)
    ill: np.ndarray | None = None  # bool, a member fell ill (shocks)
    hospitalised: np.ndarray | None = None  # bool, a member was hospitalised (shocks)
    business_failures: np.ndarray | None = None  # bool, the business failed (shocks)

    def as_flows(self) -> dict[str, np.ndarray]:
        """The events written so far, by name, in the order the month writes them."""
        order = WRITE_ORDER
        return {k: getattr(self, k) for k in order if getattr(self, k) is not None}

    def copy(self) -> MonthEvents:
        return MonthEvents(**{k: None if v is None else v.copy() for k, v in vars(self).items()})


# The order in which the month's steps write the events (calendar, covariate shocks,
# incomes, idiosyncratic shocks): the order of the month's flows in earlier versions.
WRITE_ORDER = (
    "children_left",
    "births",
    "leaver_school_months",
    "leaver_earnings_factor",
    "disaster_hit",
    "crisis_hit",
    "job_losses",
    "ill",
    "hospitalised",
    "business_failures",
    "remittance",
)


@dataclass
class HouseholdState:
    """All households of the district. Arrays have length ``n`` (or ``n x k``)."""

    n: int
    # --- where
    village: np.ndarray  # int32 village id
    urban: np.ndarray  # bool
    # --- composition
    adults: np.ndarray  # int8 working-age members 19-59 (includes a disabled member)
    elderly: np.ndarray  # int8 members 60+
    child_age: np.ndarray  # int8 (n, MAX_CHILDREN), -1 = no child in the slot
    enrolled: np.ndarray  # bool (n, MAX_CHILDREN), child is in school
    disabled: np.ndarray  # bool, a severely disabled member (not an earner)
    pregnant_months: np.ndarray  # int8, 0 = not pregnant, else months since conception
    # --- work and income
    earners: np.ndarray  # int8 members who can work (adults minus disabled)
    employed: np.ndarray  # int8 earners currently in work
    labour_base: np.ndarray  # Rp/month fixed household level of labour income
    persistent: np.ndarray  # log deviation of permanent income (AR(1))
    has_business: np.ndarray  # bool
    business_capital: np.ndarray  # Rp
    business_start_capital: np.ndarray  # Rp
    assets: np.ndarray  # Rp, productive assets (livestock, tools, vehicle, land use)
    assets_target: np.ndarray  # Rp, month-0 productive assets (rebuilt towards after losses)
    habitual_consumption: np.ndarray  # Rp/month at month-0 prices
    saving_propensity: np.ndarray  # share of permanent income saved
    disaster_months_left: np.ndarray  # int8
    disaster_gap_assets: np.ndarray  # Rp of productive assets lost to disasters, not yet rebuilt
    disaster_gap_capital: np.ndarray  # Rp of business capital lost to disasters, not rebuilt
    # --- finance
    savings: np.ndarray  # Rp, liquid savings
    savings_locked: np.ndarray  # Rp, commitment savings (released only in shock months)
    debt: np.ndarray  # Rp (n, 3) outstanding by lender
    arrears: np.ndarray  # Rp (n, 3) overdue instalments (included in debt)
    arrears_months: np.ndarray  # int16 consecutive months with arrears
    debt_rising_months: np.ndarray  # int16 consecutive months total debt rose
    credit_access: np.ndarray  # bool (n, 3)
    pawn_loan: np.ndarray  # Rp owed to the pawnshop (Pegadaian), fees included
    pawned_assets: np.ndarray  # Rp of productive assets pledged with the pawnshop
    pawn_months: np.ndarray  # int16 months since the oldest open pledge (0 = none)
    expected_transfer: np.ndarray  # Rp/month of cash transfers expected (adaptive)
    transfer_reserve: np.ndarray  # Rp of savings set aside from expected instalments
    months_since_transfer: np.ndarray  # int16 months since the last cash transfer received
    # --- observables a survey records (for the registry's proxy-means test)
    housing_quality: np.ndarray  # float score (higher = better floor, wall, roof, sanitation)
    durable_assets: np.ndarray  # int8 count of durables (motorbike, fridge, TV, phone, ...)
    head_education: np.ndarray  # int8 years of schooling of the head
    # --- this month's events before the budget (read by metrics and programmes)
    events: MonthEvents = field(default_factory=MonthEvents)
    # --- programme hooks, reset every month
    transfer_cash: np.ndarray = None  # Rp received in cash this month
    transfer_food: np.ndarray = None  # Rp of in-kind food assistance this month
    transfer_to_debt: np.ndarray = None  # Rp of the cash that households put to debt repayment
    dropout_multiplier: np.ndarray = None  # multiplier on dropout hazard (PKH conditionality)
    saving_boost: np.ndarray = None  # added saving propensity (savings promotion)
    # --- proxy dynamics (model/proxies.py)
    housing_offset: np.ndarray = None  # household's fixed part of housing quality
    # --- schooling: last month's multiplier on dropout (shortfall x conditionality), which
    # also multiplies the chance of not entering school at 7 or not continuing at 13/16
    school_pressure: np.ndarray = None
    # --- human capital (model/human_capital.py)
    school_months: np.ndarray = None  # int16 (n, MAX_CHILDREN) months each child was enrolled
    remittance_premium: np.ndarray = None  # Rp/month at month-0 prices: grown children's
    # transfers above (below) the calibrated average, from their schooling

    def __post_init__(self) -> None:
        z = np.zeros(self.n)
        if self.transfer_cash is None:
            self.transfer_cash = z.copy()
        if self.transfer_food is None:
            self.transfer_food = z.copy()
        if self.transfer_to_debt is None:
            self.transfer_to_debt = z.copy()
        if self.dropout_multiplier is None:
            self.dropout_multiplier = np.ones(self.n)
        if self.saving_boost is None:
            self.saving_boost = z.copy()
        if self.housing_offset is None:
            self.housing_offset = z.copy()
        if self.school_pressure is None:
            self.school_pressure = np.ones(self.n)
        if self.school_months is None:
            self.school_months = np.zeros(self.child_age.shape, np.int16)
        if self.remittance_premium is None:
            self.remittance_premium = z.copy()
        self.refresh_composition()

    def refresh_composition(self, children: np.ndarray | None = None) -> None:
        """Recompute cached counts after composition changes (births, departures);
        ``children`` (int16 per household) if the caller has already counted them."""
        if children is None:
            children = (self.child_age >= 0).sum(axis=1).astype(np.int16)
        self._children = children
        self._size = (self.adults + self.elderly + children).astype(np.int16)

    @property
    def children(self) -> np.ndarray:
        """Children aged 0-18 per household (cached; see refresh_composition)."""
        return self._children

    @property
    def size(self) -> np.ndarray:
        """Household members (cached; see refresh_composition)."""
        return self._size

    def children_in_band(self, low: int, high: int) -> np.ndarray:
        """Number of children aged low..high (inclusive) per household."""
        a = self.child_age
        return ((a >= low) & (a <= high)).sum(axis=1)

    @property
    def total_debt(self) -> np.ndarray:
        return self.debt.sum(axis=1)

    def copy(self) -> HouseholdState:
        kw = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                kw[f.name] = v.copy()
            elif isinstance(v, MonthEvents):
                kw[f.name] = v.copy()
            else:
                kw[f.name] = v
        return HouseholdState(**kw)
