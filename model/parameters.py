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


@dataclass(frozen=True)
class Spec:
    """One parameter: default value, unit, allowed range and meaning."""

    default: Any
    unit: str
    meaning: str
    source: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    label: str = ""  # short name for tables and figures (default: from ``meaning``)

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
        "households": Spec(10_000, "households", "households in the district", "choice", 10, 5e6),
        "months": Spec(120, "months", "months simulated after month 0", "choice", 1, 1200),
        "seed": Spec(1, "-", "base random seed of replication 0", "choice", 0, 2**31 - 1),
        "burn_in_months": Spec(
            120,
            "months",
            "months simulated before month 0 (no programmes, no crises) so that month 0 "
            "is a draw from the process's own steady state",
            "choice (long enough for savings, debt and capital to settle: "
            "tests/model/test_stationarity.py)",
            0,
            600,
        ),
    },
)

declare(
    "poverty_line",
    {
        "urban": Spec(
            601_871.0, "Rp/capita/month", "urban poverty line", "FACTS: BPS March 2024", 1e5, 5e6
        ),
        "rural": Spec(
            556_874.0, "Rp/capita/month", "rural poverty line", "FACTS: BPS March 2024", 1e5, 5e6
        ),
    },
)

declare(
    "population",
    {
        "urban_share": Spec(
            0.55,
            "share",
            "share of households living in urban villages",
            "assumption (BPS: about 56 % of people urban, 2020 census)",
            0,
            1,
        ),
        "village_size": Spec(400, "households", "households per village", A, 20, 10_000),
        "adult_extra_prob": Spec(
            0.42,
            "probability",
            "chance of each of two extra working-age adults beyond the head",
            A,
            0,
            1,
        ),
        "children_mean": Spec(1.45, "children", "mean number of children aged 0-18", A, 0, 5),
        "elderly_prob": Spec(
            0.13, "probability", "chance of each of two elderly (60+) members", A, 0, 1
        ),
        "elderly_only_share": Spec(0.05, "share", "share of households of elderly only", A, 0, 0.3),
        "disabled_share": Spec(
            0.02, "share", "households with a severely disabled member", A, 0, 0.2
        ),
        "business_share": Spec(0.35, "share", "households running a micro-business", A, 0, 1),
        "formal_credit_access": Spec(
            0.15,
            "share",
            "households with access to formal (KUR-type) credit",
            "FACTS: under 10 % of poor borrow formally; assumption for all",
            0,
            1,
        ),
        "family_credit_access": Spec(0.6, "share", "households with family who can lend", A, 0, 1),
        "initial_savings_share": Spec(
            0.485,
            "share",
            "households holding emergency savings at month 0",
            "FACTS: 51.5 % have none (2020 survey)",
            0,
            1,
        ),
        "initial_savings_months": Spec(
            1.5, "months of income", "mean savings of savers at month 0", A, 0, 24
        ),
        "initial_debt_share": Spec(0.2, "share", "households owing money at month 0", A, 0, 1),
    },
)

declare(
    "income",
    {
        "log_sd": Spec(
            0.759,
            "log points",
            "s.d. of log per-capita consumption in urban villages",
            "calibrated to FACTS urban Gini 0.399 (March 2024)",
            0.1,
            2,
        ),
        "log_mean_gap": Spec(
            0.923,
            "log points",
            "log of median per-capita consumption over the poverty line",
            "calibrated to FACTS headcount 9.03 %",
            0,
            3,
        ),
        "size_elasticity": Spec(
            -0.718,
            "-",
            "elasticity of per-capita consumption with household size",
            "calibrated to FACTS poor household size 4.78",
            -2,
            0,
        ),
        "urban_premium": Spec(
            0.25,
            "log points",
            "urban per-capita consumption premium",
            "calibrated to FACTS urban 7.09 % / rural 11.79 % headcount",
            -1,
            1,
        ),
        "village_sd": Spec(0.12, "log points", "s.d. of village effects", A, 0, 1),
        "persistent_share": Spec(
            0.95,
            "share",
            "share of the variance of log welfare that is time-varying (AR(1)) rather than fixed",
            "calibrated to FACTS 28 % of poor still poor after 24 months",
            0,
            1,
        ),
        "persistent_rho": Spec(
            0.95,
            "per month",
            "monthly autocorrelation of the time-varying permanent component (a slow random walk)",
            A,
            0,
            0.999,
        ),
        "transitory_sd": Spec(
            0.15, "log points", "s.d. of the mean-one monthly transitory income shock", A, 0, 1
        ),
        "saving_propensity": Spec(
            0.15, "share", "share of permanent income above need that is saved", A, 0, 0.8
        ),
        "asset_income_share": Spec(
            0.08, "share", "share of permanent income earned from productive assets", A, 0, 0.8
        ),
        "asset_return": Spec(0.02, "per month", "income yield of productive assets", A, 0.001, 0.2),
        "business_income_share": Spec(
            0.5,
            "share",
            "share of a business household's permanent income earned by the business",
            A,
            0,
            1,
        ),
        "business_return": Spec(
            0.06, "per month", "mean monthly return on business capital", A, 0.001, 0.5
        ),
        "business_retention": Spec(
            0.3,
            "share",
            "share of business income retained to "
            "restore capital lost to shocks (up to the start level)",
            A,
            0,
            1,
        ),
        "reinvest_share": Spec(
            0.5,
            "share",
            "share of savings above the buffer target invested to rebuild "
            "productive assets and business capital lost to shocks, sales or "
            "depreciation, up to their initial level",
            A,
            0,
            1,
        ),
        "growth_invest_share": Spec(
            0.1,
            "share",
            "share of savings above the buffer target invested each month beyond "
            "restoring lost capital (business capital, else productive assets)",
            A,
            0,
            1,
        ),
        "depreciation_rate": Spec(
            0.005,
            "per month",
            "depreciation of productive assets (business capital's wear is in its shocks)",
            "assumption (about 6 % a year)",
            0,
            0.2,
        ),
        "maintenance_share": Spec(
            1.0,
            "share",
            "share of the month's wear of productive assets at or below their usual (month-0) "
            "level that is made good out of the assets' yield (maintenance, replacing tools "
            "and stock); wear above the usual level is not",
            "assumption (without it the assets of households that never have a surplus wear "
            "away at the depreciation rate and the baseline drifts)",
            0,
            1,
        ),
        "asset_retention": Spec(
            0.3,
            "share",
            "share of the yield of productive assets (after maintenance) used to restock "
            "assets lost to shocks, sales or forfeits, up to their usual level",
            "assumption (as income.business_retention for business capital)",
            0,
            1,
        ),
        "informal_earnings_share": Spec(
            0.35,
            "share",
            "casual or informal earnings of an unemployed earner, as a share of his "
            "usual labour income",
            "assumption (most Indonesian workers are informal; the unemployed take casual work)",
            0,
            1,
        ),
        "owner_casual_share": Spec(
            0.35,
            "share",
            "casual earnings of a business owner's time freed by capital lost below the "
            "start level (or by a closed business), as a share of what that capital earned; "
            "the household retains income.business_retention of them to restock",
            "assumption (as income.informal_earnings_share: the owner of a failed or "
            "shrunken micro-business takes casual work)",
            0,
            1,
        ),
        "rural_log_sd": Spec(
            0.5,
            "log points",
            "s.d. of log per-capita consumption in rural villages (income.log_sd is the urban one)",
            "calibrated to FACTS rural Gini 0.306 (urban 0.399)",
            0.1,
            2,
        ),
        "lower_tail_ratio": Spec(
            0.45,
            "-",
            "s.d. of the fixed welfare component below its median relative to above "
            "(a two-piece normal: a thinner lower tail)",
            "calibrated to BPS March 2024 poverty gap P1 1.461",
            0.2,
            2,
        ),
        "business_return_sd": Spec(
            0.3, "log points", "s.d. of the monthly business return shock", A, 0, 2
        ),
    },
)

declare(
    "shocks",
    {
        "job_loss_rate": Spec(
            0.012,
            "per earner-month",
            "hazard of losing wage work",
            "assumption (FACTS: n/f); open unemployment about 5 %",
            0,
            0.5,
        ),
        "reemployment_rate": Spec(
            0.2, "per earner-month", "hazard of finding work again", A, 0.001, 1
        ),
        "illness_rate": Spec(
            0.121,
            "per person-month",
            "chance a member's illness disrupts activities",
            "FACTS: BPS 12.1 % (2024)",
            0,
            1,
        ),
        "illness_days_lost": Spec(0.15, "share of month", "earnings an ill earner loses", A, 0, 1),
        "illness_cost": Spec(
            60_000.0,
            "Rp per episode",
            "out-of-pocket cost of an ordinary illness (PBI-JKN covers most care)",
            A,
            0,
            5e6,
        ),
        "catastrophic_rate": Spec(
            0.004,
            "per household-month",
            "chance of a hospitalisation with large out-of-pocket cost",
            A,
            0,
            0.1,
        ),
        "catastrophic_cost": Spec(
            2_500_000.0, "Rp", "out-of-pocket cost of a hospitalisation", A, 0, 1e8
        ),
        "business_shock_rate": Spec(
            0.02, "per business-month", "chance of a business loss", A, 0, 0.5
        ),
        "business_shock_loss": Spec(
            0.3, "share of capital", "capital lost in a business shock", A, 0, 1
        ),
        "business_failure_capital": Spec(
            0.25,
            "share of start capital",
            "a business whose capital falls below this share of its start fails",
            A,
            0,
            1,
        ),
        "disaster_rate": Spec(
            0.03,
            "per village-year",
            "chance of a local disaster (flood, landslide, earthquake)",
            A,
            0,
            1,
        ),
        "disaster_asset_loss": Spec(
            0.3, "share", "productive assets and business capital destroyed", A, 0, 1
        ),
        "disaster_rebuild_months": Spec(
            24.0,
            "months",
            "mean time to rebuild the productive assets and business capital a village "
            "disaster destroyed (each month 1/this of what is still missing comes back, in "
            "kind: reconstruction aid, gotong royong, own labour); 0 = no reconstruction",
            "Gignoux and Menendez 2016 (J. Dev. Econ. 118; IFLS and USGS earthquakes in "
            "rural Indonesia): losses of assets, income and consumption are concentrated in "
            "the first two years after a strong earthquake, then recovered",
            0,
            240,
        ),
        "disaster_months": Spec(3, "months", "months of reduced income after a disaster", A, 0, 36),
        "disaster_income_multiplier": Spec(
            0.6, "multiplier", "income multiplier in those months", A, 0, 1
        ),
    },
)

declare(
    "credit",
    {
        "family_rate": Spec(0.0, "per month", "interest on loans from family", A, 0, 0.5),
        "formal_rate": Spec(
            0.005, "per month", "KUR-type formal credit interest", "FACTS: KUR 3-9 % a year", 0, 0.5
        ),
        "informal_rate": Spec(
            0.15,
            "per month",
            "money-lender (rentenir, bank harian) interest",
            "FACTS: bank harian ~15 %/month; bank keliling ~50 %",
            0,
            1,
        ),
        "family_limit": Spec(1.0, "months of permanent income", "family credit limit", A, 0, 24),
        "formal_limit": Spec(
            3.0, "months of permanent income", "formal credit limit (plus collateral)", A, 0, 60
        ),
        "informal_limit": Spec(
            1.5,
            "months of permanent income",
            "money-lender credit limit (plus collateral)",
            A,
            0,
            24,
        ),
        "collateral_share": Spec(0.5, "share of assets", "assets counted as collateral", A, 0, 1),
        "family_term": Spec(6, "months", "repayment term of family loans", A, 1, 120),
        "formal_term": Spec(12, "months", "repayment term of formal loans", A, 1, 120),
        "informal_term": Spec(3, "months", "repayment term of money-lender loans", A, 1, 120),
        "asset_sale_discount": Spec(
            0.6,
            "share of value",
            "cash raised per rupiah of assets pawned or sold in distress",
            "assumption (FACTS: 27.3 % pawned goods in 2020)",
            0.01,
            1,
        ),
        "consumption_floor": Spec(
            0.5, "share of need", "consumption defended before instalments are missed", A, 0, 1
        ),
        "default_after": Spec(
            6, "months", "consecutive months in arrears that end in default and seizure", A, 1, 60
        ),
        "trap_service_share": Spec(
            0.3,
            "share of income",
            "debt-trap: scheduled debt service above this share of income ...",
            A,
            0,
            2,
        ),
        "trap_months": Spec(
            3, "months", "... while debt rose in each of this many months", A, 1, 24
        ),
        "pawn_rate": Spec(
            0.023,
            "per month",
            "pawnshop fee (sewa modal) on the loan",
            "Pegadaian KCA tariff: 1.15 % of the loan per 15 days (golongan B-D, non-gold)",
            0,
            0.5,
        ),
        "pawn_ltv": Spec(
            0.6,
            "share of value",
            "cash lent per rupiah of pledged assets (loan-to-value)",
            "assumption (private pawnshops lend about half the value, Kumparan 2018; "
            "Pegadaian lends a share of its appraisal)",
            0.05,
            1,
        ),
        "pawn_term": Spec(
            4,
            "months",
            "months before an unredeemed pledge is forfeited",
            "Pegadaian KCA: loans of up to 120 days",
            1,
            60,
        ),
        "pawn_redeem_share": Spec(
            0.5,
            "share",
            "share of cash on hand (after the month's needs) used to redeem pledges",
            A,
            0,
            1,
        ),
    },
)

declare(
    "consumption",
    {
        "buffer_months": Spec(
            0.6,
            "months of permanent income above need",
            "buffer-stock target: savings households aim to hold, in months of their "
            "permanent income in excess of need (poor households aim at none)",
            "assumption (buffer-stock saving, Deaton 1991, Carroll 1997: impatient, "
            "poor households hold small buffers); fitted to FACTS 51.5 % with no "
            "emergency savings",
            0,
            24,
        ),
        "spend_down_rate": Spec(
            0.25,
            "share per month",
            "share of savings above the buffer target spent each month (the marginal "
            "propensity to consume out of cash on hand above the target)",
            "assumption (MPC out of unearned income about 0.7 within a quarter: South "
            "Africa child support grant; 1 - 0.75^3 = 0.58 of an excess is spent in a "
            "quarter)",
            0,
            1,
        ),
        "windfall_mpc": Spec(
            0.35,
            "share",
            "share of an unexpected cash receipt consumed in the month it arrives",
            "assumption (cash-transfer studies: most of an unconditional transfer is "
            "spent within months, Haushofer and Shapiro 2016; see docs/VALIDATION.md)",
            0,
            1,
        ),
        "windfall_debt_share": Spec(
            0.2,
            "share",
            "share of an unexpected cash receipt used to repay expensive debt (if any)",
            "assumption (seeds 000: BLT is often used to repay debt)",
            0,
            1,
        ),
        "expensive_rate": Spec(
            0.02,
            "per month",
            "debt at or above this monthly rate is repaid early out of windfalls; cheaper "
            "(family, formal) debt is not prepaid before consumption",
            A,
            0,
            1,
        ),
        "debt_paydown_rate": Spec(
            0.15,
            "share per month",
            "households owing expensive debt cut habitual consumption by this share of "
            "it each month to pay it down (not below the consumption floor)",
            A,
            0,
            1,
        ),
        "transfer_memory_months": Spec(
            6.0,
            "months",
            "averaging window of expected transfers: regular transfers count toward "
            "permanent income at the average received (exponential weights, 1/window "
            "a month)",
            "assumption (adaptive expectations; PKH pays quarterly)",
            1,
            120,
        ),
        "transfer_schedule_months": Spec(
            3,
            "months",
            "longest interval between instalments households know as a calendar: a "
            "receipt after m months without one (m at most this) is expected to be m "
            "months of the expected transfer, not a windfall, and the expected part is "
            "set aside in savings for the months until the next instalment (1 = every "
            "receipt above one month's expectation is a windfall)",
            "assumption (recipients know the calendar of regular instalments; FACTS: "
            "PKH pays in four quarterly tahap)",
            1,
            12,
        ),
        "community_floor": Spec(
            0.65,
            "share of need",
            "family and community support tops consumption up to this share of need "
            "(poverty line x size) when all else fails",
            "assumption (gotong royong, zakat and kin support; no household starves); "
            "0.65 brings the severity index P2 to BPS's (the deepest poor are indebted "
            "households at this floor); below programmes.kube.distress_floor",
            0,
            1,
        ),
        "measurement_sd": Spec(
            0.12,
            "log points",
            "s.d. of the survey measurement error in log consumption (mean-one, redrawn "
            "each month)",
            "assumption (survey consumption error; chosen so that measured two-year "
            "persistence meets FACTS 28 % while true welfare is more persistent)",
            0,
            1,
        ),
    },
)

declare(
    "schooling",
    {
        "entry_rate": Spec(
            0.97,
            "share",
            "children enrolled at age 7",
            "assumption (BPS school participation ~98 % ages 7-12)",
            0,
            1,
        ),
        "smp_transition": Spec(
            0.92,
            "share",
            "pupils continuing to junior secondary at 13",
            "assumption (BPS participation ~95 % ages 13-15)",
            0,
            1,
        ),
        "sma_transition": Spec(
            0.82,
            "share",
            "pupils continuing to senior secondary at 16",
            "assumption (BPS participation ~74 % ages 16-18)",
            0,
            1,
        ),
        "dropout_sd": Spec(0.0002, "per pupil-month", "primary dropout hazard", A, 0, 0.2),
        "dropout_smp": Spec(
            0.0008, "per pupil-month", "junior-secondary dropout hazard", A, 0, 0.2
        ),
        "dropout_sma": Spec(
            0.0012, "per pupil-month", "senior-secondary dropout hazard", A, 0, 0.2
        ),
        "shortfall_sensitivity": Spec(
            4.0,
            "-",
            "dropout hazard multiplier per unit of consumption "
            "shortfall (share of habitual consumption cut)",
            A,
            0,
            50,
        ),
    },
)

declare(
    "human_capital",
    {
        "return_to_schooling": Spec(
            0.07,
            "log points per year",
            "Mincerian return to a year of schooling of a child who has left home "
            "(earnings x exp(return x (years - reference)))",
            "Duflo 2001 (AER 91(4)): 6.8-10.6 % per year, IV on the INPRES school "
            "construction; Psacharopoulos & Patrinos 2004 (Education Economics 12(2)) "
            "review Mincerian returns of about 10 % in non-OECD Asia; the lower end is used",
            0,
            0.2,
        ),
        "reference_years": Spec(
            10.6,
            "years",
            "completed school years at which a leaver's earnings equal the household's "
            "earnings per earner; set so that exp(return x reference) is the baseline "
            "leavers' mean of exp(return x years): the mechanism is then income-neutral "
            "on average in the no-programme baseline (its arithmetic mean of years is "
            "about 10.3; exp is convex)",
            "measured: baseline transfer premium about 0.01 % of income at 20,000 "
            "households over 240 months (remittance_premium_share; "
            "tests/model/test_human_capital.py)",
            0,
            12,
        ),
        "transfer_share": Spec(
            0.2,
            "share of earnings",
            "share of a grown child's earnings reaching the parental household "
            "(remittances, and income pooled while still living at home)",
            "assumption (Frankenberg, Lillard & Willis 2002, J. Marriage and Family "
            "64(3): in IFLS, transfers from adult children are common and consistent "
            "with parents' schooling outlays being repaid; Cameron & Cobb-Clark 2008, "
            "J. Population Economics 21(4): coresidence and transfers from children "
            "support Indonesian parents)",
            0,
            1,
        ),
        "transfer_end_hazard": Spec(
            0.014,
            "per month",
            "monthly chance that a grown child's transfers end (he or she marries and "
            "forms a family); the expected flow falls by this share each month",
            "assumption (mean duration 1/0.014 = 6 years from leaving at 19, about the "
            "median age at first marriage, ~22 for women and ~25 for men, BPS)",
            0,
            1,
        ),
    },
    label="Human capital",
)

declare(
    "demography",
    {
        "pregnancy_rate": Spec(
            0.075,
            "per household-year",
            "chance a household with a working-age adult starts a pregnancy",
            "assumption (crude birth rate ~16 per 1,000)",
            0,
            0.5,
        ),
    },
)

CRISIS_SPECS = {
    "name": Spec("crisis", "-", "label", "scenario"),
    "start_month": Spec(12, "month", "first month of the crisis", "scenario", 1, 1200),
    "duration_months": Spec(6, "months", "length of the crisis", "scenario", 1, 1200),
    "affected_share": Spec(
        1.0, "share of villages", "villages hit (chosen at random)", "scenario", 0, 1
    ),
    "area": Spec(
        "all", "-", "which villages can be hit", "scenario", choices=("all", "urban", "rural")
    ),
    "income_multiplier": Spec(
        1.0,
        "multiplier",
        "multiplier on labour and business income in affected villages",
        "scenario",
        0,
        2,
    ),
    "price_multiplier": Spec(
        1.0,
        "multiplier",
        "multiplier on prices and the poverty line (everywhere)",
        "scenario",
        0.5,
        3,
    ),
    "job_loss_multiplier": Spec(
        1.0,
        "multiplier",
        "multiplier on the job-loss hazard in affected villages",
        "scenario",
        0,
        20,
    ),
}
declare("crises", CRISIS_SPECS, repeated=True)
