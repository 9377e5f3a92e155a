"""Evidence table: the model's behaviour next to published figures (docs/VALIDATION.md).

Regenerate with ``python run.py evidence --write``. Paired runs with one seed (common
random numbers): the baseline, BLT (scenarios/blt.toml), PKH (scenarios/pkh.toml) and
the crisis (scenarios/crisis.toml), all after the same burn-in. The file is produced
at its documented size, small enough for tests/experiments/test_validation.py to regenerate it and
compare it line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.model import ArrayModel

HOUSEHOLDS, MONTHS, SEED = 3_000, 36, 20240301
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    behaviour: str
    model: float
    published: str
    low: float
    high: float
    source: str

    @property
    def verdict(self) -> str:
        if np.isnan(self.low):
            return "reported"
        return "consistent" if self.low <= self.model <= self.high else "OFF"


def _load(name: str, households: int, months: int):
    from experiments.scenario import load_scenario

    sets = [f"run.households={households}", f"run.months={months}"]
    return load_scenario(ROOT / "scenarios" / f"{name}.toml", sets)


def _paired(name: str, households: int, months: int, seed: int) -> dict:
    """Step a programme scenario and the baseline in lockstep; household series."""
    prog = ArrayModel(_load(name, households, months), seed=seed)
    base = ArrayModel(_load("baseline", households, months), seed=seed)
    out = {"dc": [], "paid": [], "ddebt": [], "c_base": [], "gain_within": []}
    for _ in range(months):
        prog.step()
        base.step()
        out["dc"].append(prog.consumption - base.consumption)
        out["c_base"].append(base.consumption.copy())
        out["paid"].append(prog.state.transfer_cash + prog.state.transfer_food)
        owed = [m.state.total_debt + m.state.pawn_loan for m in (base, prog)]
        out["ddebt"].append(owed[0] - owed[1])  # debt lower than in the baseline
        out["gain_within"].append(prog.consumption - prog.pretransfer_consumption)
    return {k: np.array(v) for k, v in out.items()}


def _window_ratio(num: np.ndarray, paid: np.ndarray, start: int, length: int) -> float:
    """sum(num) / sum(paid) over months start .. start + length - 1 (1-based)."""
    a, b = start - 1, start - 1 + length
    return float(num[a:b].sum() / max(paid[a:b].sum(), 1.0))


def evidence_rows(households: int = HOUSEHOLDS, months: int = MONTHS, seed: int = SEED):
    blt_params = _load("blt", households, months)
    start = int(blt_params.programme("blt").start_month)
    blt = _paired("blt", households, months, seed)
    first = int(np.flatnonzero(blt["paid"].sum(axis=1) > 0)[0]) + 1
    quarter = _window_ratio(blt["dc"], blt["paid"], first, 3)
    year = _window_ratio(blt["dc"], blt["paid"], first, min(12, months - first + 1))
    within = float(blt["gain_within"].sum() / max(blt["paid"].sum(), 1.0))
    duration = int(blt_params.programme("blt").duration_months)
    end = first - 1 + duration  # last programme month (0-based index)
    debt = float(blt["ddebt"][end - 1].sum() / max(blt["paid"][first - 1 : end].sum(), 1.0))

    pkh = _paired("pkh", households, months, seed)
    ever = pkh["paid"].sum(axis=0) > 0
    pkh_effect = float(pkh["dc"][:, ever].sum() / max(pkh["c_base"][:, ever].sum(), 1.0))
    pkh_year = _window_ratio(pkh["dc"], pkh["paid"], 1, months)

    crisis = ArrayModel(_load("crisis", households, months), seed=seed)
    c0 = crisis.params.crises[0]
    hit = np.zeros(households, bool)
    pawned = np.zeros(households, bool)
    family = np.zeros(households, bool)
    for month in range(1, months + 1):
        crisis.step()
        if c0.start_month <= month < c0.start_month + c0.duration_months:
            hit |= crisis.state.events.crisis_hit
            f = crisis.flows
            pawned |= f["pawned_value"] > 0
            family |= f["borrowing_by_lender"][:, 0] > 0
    affected = max(int(hit.sum()), 1)

    base = ArrayModel(_load("baseline", households, months), seed=seed)
    poor = [base.poor_measured.copy()]
    for _ in range(months):
        base.step()
        poor.append(base.poor_measured.copy())
    lag = min(24, months)
    persist = float((poor[0] & poor[lag]).sum() / max(poor[0].sum(), 1))

    nan = float("nan")
    cash = "cash-transfer evidence"
    return start, [
        Row(
            "MPC out of unconditional cash (BLT), first 3 months from the first payment, "
            "paired with the baseline",
            quarter,
            "about 0.7 (nothing saved)",
            0.45,
            0.95,
            "South Africa child support grant (The Marginal Propensity to Earn and Consume "
            "out of Unearned Income); Kenya, Haushofer and Shapiro 2016 (strong response)",
        ),
        Row(
            "MPC out of unconditional cash (BLT), 12 months from the first payment",
            year,
            "0.7-1.0 within a year",
            0.6,
            1.1,
            cash + " (as above); Bazzi, Sumarto and Suryahadi 2015: timely BLT 2005 kept "
            "recipients' spending with non-recipients' through the fuel-price shock",
        ),
        Row(
            "Consumption response within the payment month (pre-transfer counterfactual)",
            within,
            "n/f",
            nan,
            nan,
            "model only",
        ),
        Row(
            "Share of BLT put to debt repayment (debt below the paired baseline at the "
            "last payment, per rupiah received)",
            debt,
            "common",
            0.1,
            0.6,
            "Wahyuni 2021 (Kompasiana): BLT is often used to repay debt",
        ),
        Row(
            f"PKH: recipients' consumption gain, share of baseline consumption, months 1-{months}",
            pkh_effect,
            "small; no transformative change",
            0.0,
            0.1,
            "Cahyadi et al. 2020 (PKH after six years)",
        ),
        Row(
            "PKH: consumption gain per rupiah received, months 1-" + str(months),
            pkh_year,
            "n/f",
            nan,
            nan,
            "model only (quarterly instalments smoothed)",
        ),
        Row(
            "Crisis: affected households that pawned goods during the crisis",
            float(pawned.sum() / affected),
            "27.3 %",
            nan,
            nan,
            "survey of 12,216 households, 2020 (reported, not tuned)",
        ),
        Row(
            "Crisis: affected households that borrowed from family during the crisis",
            float(family.sum() / affected),
            "25.3 %",
            nan,
            nan,
            "survey of 12,216 households, 2020 (reported, not tuned)",
        ),
        Row(
            f"Poor (measured) at month 0 still poor at month {lag}",
            persist,
            "28 % (±8)",
            0.20,
            0.36,
            "Susenas panel 2005-07",
        ),
    ]


PROGRAMME_HEADER = "## Registry and programmes"
PROGRAMME_HOUSEHOLDS, PROGRAMME_REPS = 10_000, 5


def programme_markdown(households: int = PROGRAMME_HOUSEHOLDS, reps: int = PROGRAMME_REPS) -> str:
    """The registry and programme checks (experiments/programme_checks.py) as a section."""
    from experiments.programme_checks import all_checks, markdown

    return "\n".join(
        [
            PROGRAMME_HEADER,
            "",
            "The registry going stale and its repair (SINDOnews 2022), the desk, community and "
            "hybrid targeting, KUBE survival and PKH against the evidence. Regenerated with "
            "the rest of this file by `python run.py evidence --write` (at its documented "
            "size; tests check each rule at small sizes, tests/model/test_registry_staleness.py "
            "and tests/model/programmes/test_programme_rules.py).",
            "",
            markdown(all_checks(households, reps), households, reps),
        ]
    )


def validation_markdown(households: int = HOUSEHOLDS, months: int = MONTHS, seed: int = SEED):
    """The household-economy part of docs/VALIDATION.md (the programme section,
    :func:`programme_markdown`, follows it in the file)."""
    start, rows = evidence_rows(households, months, seed)
    lines = [
        "# Validation: behaviour against published evidence",
        "",
        "Generated by `python run.py evidence --write` (do not edit by hand; "
        "tests/experiments/test_validation.py regenerates it and compares). Paired runs "
        f"(common random numbers) of the shipped scenarios at {households:,} households, "
        f"{months} months after the burn-in, seed {seed}; BLT starts in month {start}. "
        "Figures are shares (per rupiah received or of households).",
        "",
        "| behaviour | model | published | accepted range | verdict | source |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        band = "-" if np.isnan(r.low) else f"{r.low:g}-{r.high:g}"
        lines.append(
            f"| {r.behaviour} | {r.model:.3f} | {r.published} | {band} | {r.verdict} | {r.source} |"
        )
    lines += [
        "",
        "Notes: the within-month response is lower than the quarterly one because a "
        "windfall is partly saved (`consumption.windfall_mpc`) and then spent down "
        "(`consumption.spend_down_rate`); regular transfers enter expected income "
        "(`consumption.transfer_memory_months`) and are smoothed across instalments. The "
        "crisis coping shares are reported, not tuned: the 2020 survey covered a national "
        "pandemic shock, the shipped crisis hits 60 % of villages.",
        "",
    ]
    return "\n".join(lines)
