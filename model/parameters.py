"""Declared parameters: every number the model uses, with unit, range, meaning and source.

A parameter is addressed by a dotted name (``income.transitory_sd``), the same in
scenario files, ``--set`` overrides and sensitivity-analysis specs. This module holds
the parameter machinery (:class:`Spec`, :class:`Section`, :class:`Params`) and the core
sections of the household economy (:data:`CORE_SECTIONS`); the registry and every
programme keep their sections next to their code, and :mod:`model.sections` collects
all of them (``SECTIONS``, ``default_params``, ``all_specs``). This module imports no
other model module. Resolved values are held in frozen :class:`Section` objects, so the
model reads ``params.income.transitory_sd``.

Sources: ``FACTS`` means the project's calibration facts sheet (docs/CALIBRATION.md
cites each line); ``assumption`` means no published figure was found and the value
is a modelling choice that sensitivity analysis can vary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Spec:
    """One parameter: default value, unit, allowed range, meaning and where it comes from.

    ``source`` is the kind of origin ("BPS 2024 ...", "assumption, varied in sensitivity
    analysis", "calibrated to ..."); ``reference`` is the citation a reader can look up
    (author, year, table or page; docs/SOURCES.md has the full references); ``as_of`` is,
    for a policy value (a benefit amount, a quota, an eligibility rule), the month the
    rule or amount applies from ("2024-01").
    """

    default: Any
    unit: str
    meaning: str
    source: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    label: str = ""  # short name for tables and figures (default: from ``meaning``)
    reference: str = ""  # a citation a reader can look up: author, year, table or page
    as_of: str = ""  # for policy values: the month (YYYY-MM) the rule or amount applies from

    @property
    def kind(self) -> type:
        return type(self.default)


CORE_SECTIONS: dict[str, dict[str, Spec]] = {}
LIST_SECTIONS: dict[str, dict[str, Spec]] = {}
SECTION_LABELS: dict[str, str] = {"crises": "Crisis"}


def declare(
    section: str, specs: dict[str, Spec], *, repeated: bool = False, label: str | None = None
) -> None:
    """Add a core section of this module. ``repeated`` sections are TOML arrays of
    tables; ``label`` names the section in tables and figures (default: from its name)."""
    target = LIST_SECTIONS if repeated else CORE_SECTIONS
    target[section] = specs
    if label:
        SECTION_LABELS[section] = label


def section_label(section: str) -> str:
    """Readable name of a section: its declared label, a programme's name in capitals
    (``programmes.pbi_jkn`` -> "PBI-JKN"; :func:`model.sections.parameter_label` uses
    the programme table's labels first), else the name in sentence case."""
    if section in SECTION_LABELS:
        return SECTION_LABELS[section]
    if section.startswith("programmes."):
        return section.split(".", 1)[1].replace("_", "-").upper()
    return section.replace("_", " ").capitalize()


def spec_label(spec: Spec) -> str:
    """A parameter's short label: its declared ``label``, else its meaning up to the
    first parenthesis, semicolon or ellipsis, in sentence case."""
    if spec.label:
        return spec.label
    text = re.split(r" \(|;| \.\.\.|\.\.\. ", spec.meaning, maxsplit=1)[0].strip()
    return text[:1].upper() + text[1:]


class Section(Mapping[str, Any]):
    """Frozen, attribute-accessible parameter values of one section."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: Mapping[str, Any]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"{self._name} has no parameter {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("parameters are frozen")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._name}, {self._values})"

    def __reduce__(self):
        # Rebuilt from its name and values when pickled (to worker processes).
        return (Section, (self._name, self._values))


@dataclass(frozen=True)
class Params:
    """All resolved parameters of one scenario."""

    name: str
    sections: Mapping[str, Section]
    lists: Mapping[str, tuple[Section, ...]]
    label: str = ""  # readable name for tables and figures (the scenario file's ``label``)

    def __getattr__(self, key: str) -> Any:
        sections = object.__getattribute__(self, "sections")
        if key in sections:
            return sections[key]
        lists = object.__getattribute__(self, "lists")
        if key in lists:
            return lists[key]
        raise AttributeError(key)

    def programme(self, name: str) -> Section | None:
        return self.sections.get(f"programmes.{name}")

    def to_dict(self) -> dict[str, Any]:
        """Nested plain dict (as a scenario file would hold it)."""
        out: dict[str, Any] = {"name": self.name}
        if self.label:
            out["label"] = self.label
        for sec_name, sec in self.sections.items():
            node = out
            for part in sec_name.split("."):
                node = node.setdefault(part, {})
            node.update(dict(sec))
        for list_name, items in self.lists.items():
            out[list_name] = [dict(item) for item in items]
        return out


# ---------------------------------------------------------------------------
# Core sections of the household economy.
# ---------------------------------------------------------------------------
A = "assumption, varied in sensitivity analysis"

declare(
    "run",
    {
        "households": Spec(
            default=10_000,
            unit="households",
            meaning="households in the district",
            source="choice",
            low=10,
            high=5e6,
        ),
        "months": Spec(
            default=120,
            unit="months",
            meaning="months simulated after month 0",
            source="choice",
            low=1,
            high=1200,
        ),
        "seed": Spec(
            default=1,
            unit="-",
            meaning="base random seed of replication 0",
            source="choice",
            low=0,
            high=2**31 - 1,
        ),
        "burn_in_months": Spec(
            default=120,
            unit="months",
            meaning="months simulated before month 0 (no programmes, no crises) so that month 0 "
            "is a draw from the process's own steady state",
            source="choice (long enough for savings, debt and capital to settle: "
            "tests/model/test_stationarity.py)",
            low=0,
            high=600,
        ),
    },
)

declare(
    "poverty_line",
    {
        "urban": Spec(
            default=601_871.0,
            unit="Rp/capita/month",
            meaning="urban poverty line",
            source="FACTS: BPS March 2024",
            low=1e5,
            high=5e6,
        ),
        "rural": Spec(
            default=556_874.0,
            unit="Rp/capita/month",
            meaning="rural poverty line",
            source="FACTS: BPS March 2024",
            low=1e5,
            high=5e6,
        ),
    },
)

declare(
    "population",
    {
        "urban_share": Spec(
            default=0.55,
            unit="share",
            meaning="share of households living in urban villages",
            source="assumption (BPS: about 56 % of people urban, 2020 census)",
            low=0,
            high=1,
        ),
        "village_size": Spec(
            default=400,
            unit="households",
            meaning="households per village",
            source=A,
            low=20,
            high=10_000,
        ),
        "adult_extra_prob": Spec(
            default=0.42,
            unit="probability",
            meaning="chance of each of two extra working-age adults beyond the head",
            source=A,
            low=0,
            high=1,
        ),
        "children_mean": Spec(
            default=1.45,
            unit="children",
            meaning="mean number of children aged 0-18",
            source=A,
            low=0,
            high=5,
        ),
        "elderly_prob": Spec(
            default=0.13,
            unit="probability",
            meaning="chance of each of two elderly (60+) members",
            source=A,
            low=0,
            high=1,
        ),
        "elderly_only_share": Spec(
            default=0.05,
            unit="share",
            meaning="share of households of elderly only",
            source=A,
            low=0,
            high=0.3,
        ),
        "disabled_share": Spec(
            default=0.02,
            unit="share",
            meaning="households with a severely disabled member",
            source=A,
            low=0,
            high=0.2,
        ),
        "business_share": Spec(
            default=0.35,
            unit="share",
            meaning="households running a micro-business",
            source=A,
            low=0,
            high=1,
        ),
        "formal_credit_access": Spec(
            default=0.15,
            unit="share",
            meaning="households with access to formal (KUR-type) credit",
            source="FACTS: under 10 % of poor borrow formally; assumption for all",
            low=0,
            high=1,
        ),
        "family_credit_access": Spec(
            default=0.6,
            unit="share",
            meaning="households with family who can lend",
            source=A,
            low=0,
            high=1,
        ),
        "initial_savings_share": Spec(
            default=0.485,
            unit="share",
            meaning="households holding emergency savings at month 0",
            source="FACTS: 51.5 % have none (2020 survey)",
            low=0,
            high=1,
        ),
        "initial_savings_months": Spec(
            default=1.5,
            unit="months of income",
            meaning="mean savings of savers at month 0",
            source=A,
            low=0,
            high=24,
        ),
        "initial_debt_share": Spec(
            default=0.2,
            unit="share",
            meaning="households owing money at month 0",
            source=A,
            low=0,
            high=1,
        ),
    },
)

declare(
    "income",
    {
        "log_sd": Spec(
            default=0.759,
            unit="log points",
            meaning="s.d. of log per-capita consumption in urban villages",
            source="calibrated to FACTS urban Gini 0.399 (March 2024)",
            low=0.1,
            high=2,
        ),
        "log_mean_gap": Spec(
            default=0.923,
            unit="log points",
            meaning="log of median per-capita consumption over the poverty line",
            source="calibrated to FACTS headcount 9.03 %",
            low=0,
            high=3,
        ),
        "size_elasticity": Spec(
            default=-0.718,
            unit="-",
            meaning="elasticity of per-capita consumption with household size",
            source="calibrated to FACTS poor household size 4.78",
            low=-2,
            high=0,
        ),
        "urban_premium": Spec(
            default=0.25,
            unit="log points",
            meaning="urban per-capita consumption premium",
            source="calibrated to FACTS urban 7.09 % / rural 11.79 % headcount",
            low=-1,
            high=1,
        ),
        "village_sd": Spec(
            default=0.12,
            unit="log points",
            meaning="s.d. of village effects",
            source=A,
            low=0,
            high=1,
        ),
        "persistent_share": Spec(
            default=0.95,
            unit="share",
            meaning="share of the variance of log welfare that is time-varying (AR(1)) "
            "rather than fixed",
            source="calibrated to FACTS 28 % of poor still poor after 24 months",
            low=0,
            high=1,
        ),
        "persistent_rho": Spec(
            default=0.95,
            unit="per month",
            meaning="monthly autocorrelation of the time-varying permanent component (a "
            "slow random walk)",
            source=A,
            low=0,
            high=0.999,
        ),
        "transitory_sd": Spec(
            default=0.15,
            unit="log points",
            meaning="s.d. of the mean-one monthly transitory income shock",
            source=A,
            low=0,
            high=1,
        ),
        "saving_propensity": Spec(
            default=0.15,
            unit="share",
            meaning="share of permanent income above need that is saved",
            source=A,
            low=0,
            high=0.8,
        ),
        "asset_income_share": Spec(
            default=0.08,
            unit="share",
            meaning="share of permanent income earned from productive assets",
            source=A,
            low=0,
            high=0.8,
        ),
        "asset_return": Spec(
            default=0.02,
            unit="per month",
            meaning="income yield of productive assets",
            source=A,
            low=0.001,
            high=0.2,
        ),
        "business_income_share": Spec(
            default=0.5,
            unit="share",
            meaning="share of a business household's permanent income earned by the business",
            source=A,
            low=0,
            high=1,
        ),
        "business_return": Spec(
            default=0.06,
            unit="per month",
            meaning="mean monthly return on business capital",
            source=A,
            low=0.001,
            high=0.5,
        ),
        "business_retention": Spec(
            default=0.3,
            unit="share",
            meaning="share of business income retained to "
            "restore capital lost to shocks (up to the start level)",
            source=A,
            low=0,
            high=1,
        ),
        "reinvest_share": Spec(
            default=0.5,
            unit="share",
            meaning="share of savings above the buffer target invested to rebuild "
            "productive assets and business capital lost to shocks, sales or "
            "depreciation, up to their initial level",
            source=A,
            low=0,
            high=1,
        ),
        "growth_invest_share": Spec(
            default=0.1,
            unit="share",
            meaning="share of savings above the buffer target invested each month beyond "
            "restoring lost capital (business capital, else productive assets)",
            source=A,
            low=0,
            high=1,
        ),
        "depreciation_rate": Spec(
            default=0.005,
            unit="per month",
            meaning="depreciation of productive assets (business capital's wear is in its shocks)",
            source="assumption (about 6 % a year)",
            low=0,
            high=0.2,
        ),
        "maintenance_share": Spec(
            default=1.0,
            unit="share",
            meaning="share of the month's wear of productive assets at or below their "
            "usual (month-0) "
            "level that is made good out of the assets' yield (maintenance, replacing tools "
            "and stock); wear above the usual level is not",
            source="assumption (without it the assets of households that never have a surplus wear "
            "away at the depreciation rate and the baseline drifts)",
            low=0,
            high=1,
        ),
        "asset_retention": Spec(
            default=0.3,
            unit="share",
            meaning="share of the yield of productive assets (after maintenance) used to restock "
            "assets lost to shocks, sales or forfeits, up to their usual level",
            source="assumption (as income.business_retention for business capital)",
            low=0,
            high=1,
        ),
        "informal_earnings_share": Spec(
            default=0.35,
            unit="share",
            meaning="casual or informal earnings of an unemployed earner, as a share of his "
            "usual labour income",
            source="assumption (most Indonesian workers are informal; the unemployed "
            "take casual work)",
            low=0,
            high=1,
        ),
        "owner_casual_share": Spec(
            default=0.35,
            unit="share",
            meaning="casual earnings of a business owner's time freed by capital lost below the "
            "start level (or by a closed business), as a share of what that capital earned; "
            "the household retains income.business_retention of them to restock",
            source="assumption (as income.informal_earnings_share: the owner of a failed or "
            "shrunken micro-business takes casual work)",
            low=0,
            high=1,
        ),
        "rural_log_sd": Spec(
            default=0.5,
            unit="log points",
            meaning="s.d. of log per-capita consumption in rural villages "
            "(income.log_sd is the urban one)",
            source="calibrated to FACTS rural Gini 0.306 (urban 0.399)",
            low=0.1,
            high=2,
        ),
        "lower_tail_ratio": Spec(
            default=0.45,
            unit="-",
            meaning="s.d. of the fixed welfare component below its median relative to above "
            "(a two-piece normal: a thinner lower tail)",
            source="calibrated to BPS March 2024 poverty gap P1 1.461",
            low=0.2,
            high=2,
        ),
        "business_return_sd": Spec(
            default=0.3,
            unit="log points",
            meaning="s.d. of the monthly business return shock",
            source=A,
            low=0,
            high=2,
        ),
    },
)

declare(
    "shocks",
    {
        "job_loss_rate": Spec(
            default=0.012,
            unit="per earner-month",
            meaning="hazard of losing wage work",
            source="assumption (FACTS: n/f); open unemployment about 5 %",
            low=0,
            high=0.5,
        ),
        "reemployment_rate": Spec(
            default=0.2,
            unit="per earner-month",
            meaning="hazard of finding work again",
            source=A,
            low=0.001,
            high=1,
        ),
        "illness_rate": Spec(
            default=0.121,
            unit="per person-month",
            meaning="chance a member's illness disrupts activities",
            source="FACTS: BPS 12.1 % (2024)",
            low=0,
            high=1,
        ),
        "illness_days_lost": Spec(
            default=0.15,
            unit="share of month",
            meaning="earnings an ill earner loses",
            source=A,
            low=0,
            high=1,
        ),
        "illness_cost": Spec(
            default=60_000.0,
            unit="Rp per episode",
            meaning="out-of-pocket cost of an ordinary illness (PBI-JKN covers most care)",
            source=A,
            low=0,
            high=5e6,
        ),
        "catastrophic_rate": Spec(
            default=0.004,
            unit="per household-month",
            meaning="chance of a hospitalisation with large out-of-pocket cost",
            source=A,
            low=0,
            high=0.1,
        ),
        "catastrophic_cost": Spec(
            default=2_500_000.0,
            unit="Rp",
            meaning="out-of-pocket cost of a hospitalisation",
            source=A,
            low=0,
            high=1e8,
        ),
        "business_shock_rate": Spec(
            default=0.02,
            unit="per business-month",
            meaning="chance of a business loss",
            source=A,
            low=0,
            high=0.5,
        ),
        "business_shock_loss": Spec(
            default=0.3,
            unit="share of capital",
            meaning="capital lost in a business shock",
            source=A,
            low=0,
            high=1,
        ),
        "business_failure_capital": Spec(
            default=0.25,
            unit="share of start capital",
            meaning="a business whose capital falls below this share of its start fails",
            source=A,
            low=0,
            high=1,
        ),
        "disaster_rate": Spec(
            default=0.03,
            unit="per village-year",
            meaning="chance of a local disaster (flood, landslide, earthquake)",
            source=A,
            low=0,
            high=1,
        ),
        "disaster_asset_loss": Spec(
            default=0.3,
            unit="share",
            meaning="productive assets and business capital destroyed",
            source=A,
            low=0,
            high=1,
        ),
        "disaster_rebuild_months": Spec(
            default=24.0,
            unit="months",
            meaning="mean time to rebuild the productive assets and business capital a village "
            "disaster destroyed (each month 1/this of what is still missing comes back, in "
            "kind: reconstruction aid, gotong royong, own labour); 0 = no reconstruction",
            source="Gignoux and Menendez 2016 (J. Dev. Econ. 118; IFLS and USGS earthquakes in "
            "rural Indonesia): losses of assets, income and consumption are concentrated in "
            "the first two years after a strong earthquake, then recovered",
            low=0,
            high=240,
        ),
        "disaster_months": Spec(
            default=3,
            unit="months",
            meaning="months of reduced income after a disaster",
            source=A,
            low=0,
            high=36,
        ),
        "disaster_income_multiplier": Spec(
            default=0.6,
            unit="multiplier",
            meaning="income multiplier in those months",
            source=A,
            low=0,
            high=1,
        ),
    },
)

declare(
    "credit",
    {
        "family_rate": Spec(
            default=0.0,
            unit="per month",
            meaning="interest on loans from family",
            source=A,
            low=0,
            high=0.5,
        ),
        "formal_rate": Spec(
            default=0.005,
            unit="per month",
            meaning="KUR-type formal credit interest",
            source="FACTS: KUR 3-9 % a year",
            low=0,
            high=0.5,
        ),
        "informal_rate": Spec(
            default=0.15,
            unit="per month",
            meaning="money-lender (rentenir, bank harian) interest",
            source="FACTS: bank harian ~15 %/month; bank keliling ~50 %",
            low=0,
            high=1,
        ),
        "family_limit": Spec(
            default=1.0,
            unit="months of permanent income",
            meaning="family credit limit",
            source=A,
            low=0,
            high=24,
        ),
        "formal_limit": Spec(
            default=3.0,
            unit="months of permanent income",
            meaning="formal credit limit (plus collateral)",
            source=A,
            low=0,
            high=60,
        ),
        "informal_limit": Spec(
            default=1.5,
            unit="months of permanent income",
            meaning="money-lender credit limit (plus collateral)",
            source=A,
            low=0,
            high=24,
        ),
        "collateral_share": Spec(
            default=0.5,
            unit="share of assets",
            meaning="assets counted as collateral",
            source=A,
            low=0,
            high=1,
        ),
        "family_term": Spec(
            default=6,
            unit="months",
            meaning="repayment term of family loans",
            source=A,
            low=1,
            high=120,
        ),
        "formal_term": Spec(
            default=12,
            unit="months",
            meaning="repayment term of formal loans",
            source=A,
            low=1,
            high=120,
        ),
        "informal_term": Spec(
            default=3,
            unit="months",
            meaning="repayment term of money-lender loans",
            source=A,
            low=1,
            high=120,
        ),
        "asset_sale_discount": Spec(
            default=0.6,
            unit="share of value",
            meaning="cash raised per rupiah of assets pawned or sold in distress",
            source="assumption (FACTS: 27.3 % pawned goods in 2020)",
            low=0.01,
            high=1,
        ),
        "consumption_floor": Spec(
            default=0.5,
            unit="share of need",
            meaning="consumption defended before instalments are missed",
            source=A,
            low=0,
            high=1,
        ),
        "default_after": Spec(
            default=6,
            unit="months",
            meaning="consecutive months in arrears that end in default and seizure",
            source=A,
            low=1,
            high=60,
        ),
        "trap_service_share": Spec(
            default=0.3,
            unit="share of income",
            meaning="debt-trap: scheduled debt service above this share of income ...",
            source=A,
            low=0,
            high=2,
        ),
        "trap_months": Spec(
            default=3,
            unit="months",
            meaning="... while debt rose in each of this many months",
            source=A,
            low=1,
            high=24,
        ),
        "pawn_rate": Spec(
            default=0.023,
            unit="per month",
            meaning="pawnshop fee (sewa modal) on the loan",
            source="Pegadaian KCA tariff: 1.15 % of the loan per 15 days (golongan B-D, non-gold)",
            low=0,
            high=0.5,
        ),
        "pawn_ltv": Spec(
            default=0.6,
            unit="share of value",
            meaning="cash lent per rupiah of pledged assets (loan-to-value)",
            source="assumption (private pawnshops lend about half the value, Kumparan 2018; "
            "Pegadaian lends a share of its appraisal)",
            low=0.05,
            high=1,
        ),
        "pawn_term": Spec(
            default=4,
            unit="months",
            meaning="months before an unredeemed pledge is forfeited",
            source="Pegadaian KCA: loans of up to 120 days",
            low=1,
            high=60,
        ),
        "pawn_redeem_share": Spec(
            default=0.5,
            unit="share",
            meaning="share of cash on hand (after the month's needs) used to redeem pledges",
            source=A,
            low=0,
            high=1,
        ),
    },
)

declare(
    "consumption",
    {
        "buffer_months": Spec(
            default=0.6,
            unit="months of permanent income above need",
            meaning="buffer-stock target: savings households aim to hold, in months of their "
            "permanent income in excess of need (poor households aim at none)",
            source="assumption (buffer-stock saving, Deaton 1991, Carroll 1997: impatient, "
            "poor households hold small buffers); fitted to FACTS 51.5 % with no "
            "emergency savings",
            low=0,
            high=24,
        ),
        "spend_down_rate": Spec(
            default=0.25,
            unit="share per month",
            meaning="share of savings above the buffer target spent each month (the marginal "
            "propensity to consume out of cash on hand above the target)",
            source="assumption (MPC out of unearned income about 0.7 within a quarter: South "
            "Africa child support grant; 1 - 0.75^3 = 0.58 of an excess is spent in a "
            "quarter)",
            low=0,
            high=1,
        ),
        "windfall_mpc": Spec(
            default=0.35,
            unit="share",
            meaning="share of an unexpected cash receipt consumed in the month it arrives",
            source="assumption (cash-transfer studies: most of an unconditional transfer is "
            "spent within months, Haushofer and Shapiro 2016; see docs/VALIDATION.md)",
            low=0,
            high=1,
        ),
        "windfall_debt_share": Spec(
            default=0.2,
            unit="share",
            meaning="share of an unexpected cash receipt used to repay expensive debt (if any)",
            source="assumption (seeds 000: BLT is often used to repay debt)",
            low=0,
            high=1,
        ),
        "expensive_rate": Spec(
            default=0.02,
            unit="per month",
            meaning="debt at or above this monthly rate is repaid early out of windfalls; cheaper "
            "(family, formal) debt is not prepaid before consumption",
            source=A,
            low=0,
            high=1,
        ),
        "debt_paydown_rate": Spec(
            default=0.15,
            unit="share per month",
            meaning="households owing expensive debt cut habitual consumption by this share of "
            "it each month to pay it down (not below the consumption floor)",
            source=A,
            low=0,
            high=1,
        ),
        "transfer_memory_months": Spec(
            default=6.0,
            unit="months",
            meaning="averaging window of expected transfers: regular transfers count toward "
            "permanent income at the average received (exponential weights, 1/window "
            "a month)",
            source="assumption (adaptive expectations; PKH pays quarterly)",
            low=1,
            high=120,
        ),
        "transfer_schedule_months": Spec(
            default=3,
            unit="months",
            meaning="longest interval between instalments households know as a calendar: a "
            "receipt after m months without one (m at most this) is expected to be m "
            "months of the expected transfer, not a windfall, and the expected part is "
            "set aside in savings for the months until the next instalment (1 = every "
            "receipt above one month's expectation is a windfall)",
            source="assumption (recipients know the calendar of regular instalments; FACTS: "
            "PKH pays in four quarterly tahap)",
            low=1,
            high=12,
        ),
        "community_floor": Spec(
            default=0.65,
            unit="share of need",
            meaning="family and community support tops consumption up to this share of need "
            "(poverty line x size) when all else fails",
            source="assumption (gotong royong, zakat and kin support; no household starves); "
            "0.65 brings the severity index P2 to BPS's (the deepest poor are indebted "
            "households at this floor); below programmes.kube.distress_floor",
            low=0,
            high=1,
        ),
        "measurement_sd": Spec(
            default=0.12,
            unit="log points",
            meaning="s.d. of the survey measurement error in log consumption (mean-one, redrawn "
            "each month)",
            source="assumption (survey consumption error; chosen so that measured two-year "
            "persistence meets FACTS 28 % while true welfare is more persistent)",
            low=0,
            high=1,
        ),
    },
)

declare(
    "schooling",
    {
        "entry_rate": Spec(
            default=0.97,
            unit="share",
            meaning="children enrolled at age 7",
            source="assumption (BPS school participation ~98 % ages 7-12)",
            low=0,
            high=1,
        ),
        "smp_transition": Spec(
            default=0.92,
            unit="share",
            meaning="pupils continuing to junior secondary at 13",
            source="assumption (BPS participation ~95 % ages 13-15)",
            low=0,
            high=1,
        ),
        "sma_transition": Spec(
            default=0.82,
            unit="share",
            meaning="pupils continuing to senior secondary at 16",
            source="assumption (BPS participation ~74 % ages 16-18)",
            low=0,
            high=1,
        ),
        "dropout_sd": Spec(
            default=0.0002,
            unit="per pupil-month",
            meaning="primary dropout hazard",
            source=A,
            low=0,
            high=0.2,
        ),
        "dropout_smp": Spec(
            default=0.0008,
            unit="per pupil-month",
            meaning="junior-secondary dropout hazard",
            source=A,
            low=0,
            high=0.2,
        ),
        "dropout_sma": Spec(
            default=0.0012,
            unit="per pupil-month",
            meaning="senior-secondary dropout hazard",
            source=A,
            low=0,
            high=0.2,
        ),
        "shortfall_sensitivity": Spec(
            default=4.0,
            unit="-",
            meaning="dropout hazard multiplier per unit of consumption "
            "shortfall (share of habitual consumption cut)",
            source=A,
            low=0,
            high=50,
        ),
    },
)

declare(
    "human_capital",
    {
        "return_to_schooling": Spec(
            default=0.07,
            unit="log points per year",
            meaning="Mincerian return to a year of schooling of a child who has left home "
            "(earnings x exp(return x (years - reference)))",
            source="Duflo 2001 (AER 91(4)): 6.8-10.6 % per year, IV on the INPRES school "
            "construction; Psacharopoulos & Patrinos 2004 (Education Economics 12(2)) "
            "review Mincerian returns of about 10 % in non-OECD Asia; the lower end is used",
            low=0,
            high=0.2,
        ),
        "reference_years": Spec(
            default=10.6,
            unit="years",
            meaning="completed school years at which a leaver's earnings equal the household's "
            "earnings per earner; set so that exp(return x reference) is the baseline "
            "leavers' mean of exp(return x years): the mechanism is then income-neutral "
            "on average in the no-programme baseline (its arithmetic mean of years is "
            "about 10.3; exp is convex)",
            source="measured: baseline transfer premium about 0.01 % of income at 20,000 "
            "households over 240 months (remittance_premium_share; "
            "tests/model/test_human_capital.py)",
            low=0,
            high=12,
        ),
        "transfer_share": Spec(
            default=0.2,
            unit="share of earnings",
            meaning="share of a grown child's earnings reaching the parental household "
            "(remittances, and income pooled while still living at home)",
            source="assumption (Frankenberg, Lillard & Willis 2002, J. Marriage and Family "
            "64(3): in IFLS, transfers from adult children are common and consistent "
            "with parents' schooling outlays being repaid; Cameron & Cobb-Clark 2008, "
            "J. Population Economics 21(4): coresidence and transfers from children "
            "support Indonesian parents)",
            low=0,
            high=1,
        ),
        "transfer_end_hazard": Spec(
            default=0.014,
            unit="per month",
            meaning="monthly chance that a grown child's transfers end (he or she marries and "
            "forms a family); the expected flow falls by this share each month",
            source="assumption (mean duration 1/0.014 = 6 years from leaving at 19, about the "
            "median age at first marriage, ~22 for women and ~25 for men, BPS)",
            low=0,
            high=1,
        ),
    },
    label="Human capital",
)

declare(
    "demography",
    {
        "pregnancy_rate": Spec(
            default=0.075,
            unit="per household-year",
            meaning="chance a household with a working-age adult starts a pregnancy",
            source="assumption (crude birth rate ~16 per 1,000)",
            low=0,
            high=0.5,
        ),
    },
)

CRISIS_SPECS = {
    "name": Spec(default="crisis", unit="-", meaning="label", source="scenario"),
    "start_month": Spec(
        default=12,
        unit="month",
        meaning="first month of the crisis",
        source="scenario",
        low=1,
        high=1200,
    ),
    "duration_months": Spec(
        default=6,
        unit="months",
        meaning="length of the crisis",
        source="scenario",
        low=1,
        high=1200,
    ),
    "affected_share": Spec(
        default=1.0,
        unit="share of villages",
        meaning="villages hit (chosen at random)",
        source="scenario",
        low=0,
        high=1,
    ),
    "area": Spec(
        default="all",
        unit="-",
        meaning="which villages can be hit",
        source="scenario",
        choices=("all", "urban", "rural"),
    ),
    "income_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on labour and business income in affected villages",
        source="scenario",
        low=0,
        high=2,
    ),
    "price_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on prices and the poverty line (everywhere)",
        source="scenario",
        low=0.5,
        high=3,
    ),
    "job_loss_multiplier": Spec(
        default=1.0,
        unit="multiplier",
        meaning="multiplier on the job-loss hazard in affected villages",
        source="scenario",
        low=0,
        high=20,
    ),
}
declare("crises", CRISIS_SPECS, repeated=True)
