"""The targeting registry (DTKS / Regsosek): who is on the list programmes draw from.

At each full build a survey sample of households is drawn (stream ``registry.survey``)
and a proxy-means test (PMT) is estimated on it: an ordinary least-squares regression of
log per-capita consumption (deflated by the area poverty line; what the survey records,
last month's consumption including transfers) on observable proxies only: household
size and composition, employment of members, a running micro-business, productive
assets, housing quality, durable assets, the head's schooling, urban location and
village means of housing and durables. The fitted PMT score is then computed for every
household (a full enumeration, as Regsosek), optionally with enumeration noise, and the
registry holds the lowest-scored ``registry.coverage`` share. The registry never sees
true welfare, except with method ``perfect`` (a benchmark for decomposing how much
impact targeting loses).

Methods (``registry.method``):

- ``pmt``: the PMT described above (DTKS/DTSEN).
- ``community``: each village ranks its households on true welfare (last month's
  per-capita consumption over the poverty line) seen with noise
  (``registry.community_noise``); better-off households are listed through connections
  with probability ``registry.elite_capture``; the lowest ``coverage`` share of each
  village's ranking is listed.
- ``hybrid``: the community nominates ``nomination_factor`` times the coverage in each
  village; nominees whose PMT score is within the PMT's coverage cutoff are listed.
- ``perfect``: the lowest ``coverage`` share by this month's pre-transfer welfare.

Updating (``registry.updating``): ``static`` (built once, at month 0), ``periodic`` (a
full re-survey and re-estimation every ``update_months``), ``continuous`` (each month a
share ``resurvey_rate`` of households is re-enumerated and re-scored with the current
PMT against the current cutoff; full re-estimation every ``update_months``). With
``on_demand`` registration (the SLRT/Puskesos desk), households outside the registry
whose consumption last month was below ``need_ratio`` times the poverty line apply with
probability ``apply_rate`` (times ``rural_apply_multiplier`` in rural villages:
distance), are checked with the PMT (with the true welfare for ``perfect``) and, if they
pass the cutoff, enter ``processing_months`` later.

Programmes rank registry members by ``priority`` (lower = poorer: the PMT score, or
the village percentile for ``community``) and use ``decile`` (1-10, the household's
decile of the district's score distribution at the last full build) for decile
targeting. ``version`` changes whenever membership changes; ``rebuilt`` is true in a
month with a full update (programmes recertify then).

Everything is whole-array work; the O(n log n) parts (ranking) run only at full
builds.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from measures import numerics as det
from model.parameters import Section, Spec
from model.state import HouseholdState
from model.streams import Streams


class ModelForRegistry(Protocol):
    """What the registry reads from the model (model.model.ArrayModel), so that this
    module does not import it back."""

    state: HouseholdState
    streams: Streams
    month: int
    line: np.ndarray
    welfare_ratio: np.ndarray
    pretransfer_welfare: np.ndarray

    def consumption_without_transfers(self, rows: np.ndarray | None = None) -> np.ndarray: ...


A = "assumption, varied in sensitivity analysis"
ALATAS = "method compared in Alatas et al. (2012, AER), Indonesia; value: assumption"

# The registry's parameter section (``registry``), collected with the others in
# model.sections.
REGISTRY_SPECS: dict[str, Spec] = {
    "method": Spec(
        default="pmt",
        unit="-",
        meaning="how households are ranked: proxy-means test, village community ranking, "
        "community list verified by PMT, or true welfare (benchmark)",
        source=("policy rule: DTKS and DTSEN rank households by a proxy-means test"),
        reference=("Inpres No. 4/2025 tentang Data Tunggal Sosial dan Ekonomi Nasional (DTSEN)"),
        as_of="2025-02",
        choices=("pmt", "community", "hybrid", "perfect"),
    ),
    "coverage": Spec(
        default=0.40,
        unit="share of households",
        meaning="households held in the registry (the lowest-scored)",
        source="policy rule: the DTKS covers the bottom ~40 % of households",
        reference=("Permensos No. 3/2021 tentang Pengelolaan Data Terpadu Kesejahteraan Sosial"),
        as_of="2021-01",
        low=0.01,
        high=1,
    ),
    "updating": Spec(
        default="periodic",
        unit="-",
        meaning="static (built once at month 0), periodic (full re-survey every update_months) "
        "or continuous (monthly re-enumeration of a share of households)",
        source=(
            "policy rule: verification at least every two years by law; monthly "
            "updates claimed since 2021"
        ),
        reference=(
            "UU No. 13/2011 tentang Penanganan Fakir Miskin, art. 11 (verification at "
            "least every two years); Permensos No. 3/2021 tentang Pengelolaan Data "
            "Terpadu Kesejahteraan Sosial"
        ),
        as_of="2011-08",
        choices=("static", "periodic", "continuous"),
    ),
    "update_months": Spec(
        default=24,
        unit="months",
        meaning="months between full re-surveys and PMT re-estimations",
        source=("policy rule: the DTKS is verified and validated at least every two years"),
        reference=(
            "UU No. 13/2011 tentang Penanganan Fakir Miskin, art. 11 (verification at "
            "least every two years)"
        ),
        as_of="2011-08",
        low=1,
        high=1200,
    ),
    "resurvey_rate": Spec(
        default=0.0833,
        unit="per month",
        meaning="continuous updating: share of households re-enumerated each month (0.0833: "
        "each record renewed about once a year)",
        source=("assumption (DTSEN updated four times a year; monthly DTKS updates claimed)"),
        reference=(
            "Inpres No. 4/2025 tentang Data Tunggal Sosial dan Ekonomi Nasional "
            "(DTSEN); Permensos No. 3/2021 tentang Pengelolaan Data Terpadu "
            "Kesejahteraan Sosial"
        ),
        low=0,
        high=1,
    ),
    "survey_size": Spec(
        default=5000,
        unit="households",
        meaning="survey sample on which the PMT is estimated (at most the district)",
        source=A,
        low=50,
        high=1_000_000,
    ),
    "enumeration_noise": Spec(
        default=0.0,
        unit="log points",
        meaning="s.d. of enumeration error added to each PMT score",
        source=A,
        low=0,
        high=3,
    ),
    "on_demand": Spec(
        default=False,
        unit="-",
        meaning="on-demand registration at the SLRT/Puskesos desk",
        source=(
            "policy rule: the SLRT/Puskesos referral desk registers people not in the DTKS "
            "on demand (off by default)"
        ),
        reference=(
            "Alifa (n.d.), Bagaimana upaya meningkatkan kesejahteraan sosial (BBPPKS Bandung); "
            "Permensos No. 15/2018 tentang Sistem Layanan Rujukan Terpadu (SLRT)"
        ),
        as_of="2018",
    ),
    "apply_rate": Spec(
        default=0.05,
        unit="per month",
        meaning="chance that a household in need outside the registry applies (awareness, stigma)",
        source=A,
        low=0,
        high=1,
    ),
    "rural_apply_multiplier": Spec(
        default=0.6,
        unit="multiplier",
        meaning="apply rate of rural households relative to urban ones (distance to the desk)",
        source=A,
        low=0,
        high=5,
    ),
    "need_ratio": Spec(
        default=1.0,
        unit="x poverty line",
        meaning="households whose per-capita consumption last month was below this multiple "
        "of the poverty line consider themselves in need",
        source=A,
        low=0,
        high=10,
    ),
    "processing_months": Spec(
        default=2,
        unit="months",
        meaning="months between an accepted application and entry",
        source=A,
        low=0,
        high=36,
    ),
    "desk_margin": Spec(
        default=0.0,
        unit="log points",
        meaning="the desk accepts an applicant whose PMT score is at most this much above the "
        "registry cutoff (the verifier's discretion after a home visit)",
        source=A,
        low=0,
        high=3,
    ),
    "desk_visit_weight": Spec(
        default=0.5,
        unit="share",
        meaning="weight of what the home visit sees (the applicant's current consumption) in the "
        "desk's check score; the rest is the PMT score on current proxies",
        source=("assumption (the SLRT/Puskesos desk checks applicants on a visit)"),
        reference=(
            "Alifa (n.d.), Bagaimana upaya meningkatkan kesejahteraan sosial (BBPPKS Bandung)"
        ),
        low=0,
        high=1,
    ),
    "verification_rate": Spec(
        default=0.0,
        unit="per month",
        meaning="with the desk: share of registry members re-visited each month (local "
        "verification); those whose check score after the visit is above the cutoff "
        "leave the registry, which opens places on programme lists",
        source="assumption (monthly proposals of additions and removals)",
        reference=(
            "Alifa (n.d.), Bagaimana upaya meningkatkan kesejahteraan sosial (BBPPKS Bandung)"
        ),
        low=0,
        high=1,
    ),
    "community_noise": Spec(
        default=0.12,
        unit="village percentile points",
        meaning="s.d. of the community's error in ranking a household (in units of the village "
        "ranking, 0-1); with the weights below, set so that community targeting is "
        "somewhat less accurate than the PMT on consumption, as Alatas et al. (2012) "
        "found",
        source=ALATAS,
        low=0,
        high=3,
    ),
    "community_weight_consumption": Spec(
        default=0.5,
        unit="weight",
        meaning="weight of visible consumption (last month's, as neighbours see it) in the "
        "community's notion of welfare",
        source=ALATAS,
        low=0,
        high=1,
    ),
    "community_weight_assets": Spec(
        default=0.35,
        unit="weight",
        meaning="weight of observed wealth (durables, housing, productive assets) in the "
        "community's notion of welfare",
        source=ALATAS,
        low=0,
        high=1,
    ),
    "community_weight_earning": Spec(
        default=0.15,
        unit="weight",
        meaning="weight of earning capacity (employed members per capita, a running business) "
        "in the community's notion of welfare",
        source=ALATAS,
        low=0,
        high=1,
    ),
    "elite_capture": Spec(
        default=0.05,
        unit="share of the list",
        meaning="share of each village's list going to connected households from above the "
        "village cut-off (Alatas et al. 2012 found elite capture small)",
        source=ALATAS,
        low=0,
        high=1,
    ),
    "nomination_factor": Spec(
        default=1.5,
        unit="multiplier",
        meaning="hybrid: nominees per village as a multiple of the coverage; nominees passing the "
        "PMT are listed first, the coverage is then filled by PMT rank (nominees first)",
        source=ALATAS,
        low=1,
        high=10,
    ),
}

# Age bands (months since a household's record was taken) in which targeting errors are
# reported: a reporting choice, not a parameter.
RECORD_AGE_BANDS = (("0_11", 0, 11), ("12_23", 12, 23), ("24plus", 24, 10**9))
ASSET_UNIT = 100_000.0  # Rp: the PMT reads assets as log1p(assets in Rp 100,000); a unit
# choice of the score's regressor, not a parameter (the fitted weight absorbs it)
GRID = 1001  # points of the score distribution kept to place later scores in deciles
FLOOR = 0.01  # welfare ratios below 1 % of the poverty line are logged at this floor


def observed_welfare(model: ModelForRegistry) -> np.ndarray:
    """Last month's welfare ratio as a survey or a visitor records it: measured
    consumption (true consumption with survey measurement error) per capita over the
    line; true consumption if the model does not measure."""
    measured = getattr(model, "measured_consumption", None)
    if measured is None:
        return model.welfare_ratio
    return measured / model.state.size / model.line


def log_welfare(ratio: np.ndarray) -> np.ndarray:
    """Log of a welfare ratio (consumption per capita / poverty line), floored."""
    return det.log(np.maximum(ratio, FLOOR))


def pmt_columns(state, rows: np.ndarray | None = None) -> list[np.ndarray]:
    """Observable proxies (the PMT's regressors, with a constant), for ``rows`` or all.

    Only what an enumerator records: composition, employment of members, a running
    business, productive assets, housing, durables, the head's schooling, location.
    """
    n_vill = int(state.village.max()) + 1
    count = np.maximum(np.bincount(state.village, minlength=n_vill), 1)
    vill_housing = np.bincount(state.village, state.housing_quality, n_vill) / count
    vill_durables = np.bincount(state.village, state.durable_assets, n_vill) / count

    def take(a: np.ndarray) -> np.ndarray:
        return a if rows is None else a[rows]

    size = take(state.size).astype(float)
    children = take(state.children).astype(float)
    elderly = take(state.elderly).astype(float)
    adults = take(state.adults).astype(float)
    village = take(state.village)
    return [
        np.ones(size.shape),
        det.log(size),
        children / size,
        elderly / size,
        adults,
        take(state.disabled).astype(float),
        take(state.employed) / size,
        take(state.has_business).astype(float),
        det.log1p(take(state.assets) / ASSET_UNIT),
        take(state.housing_quality).astype(float),
        take(state.durable_assets).astype(float),
        take(state.head_education).astype(float),
        take(state.urban).astype(float),
        vill_housing[village],
        vill_durables[village],
    ]


def fit_pmt(columns: list[np.ndarray], y: np.ndarray) -> tuple[np.ndarray, float]:
    """Least-squares PMT coefficients and in-sample R² of ``y`` on ``columns``
    (normal equations with a fixed summation order: the same bits on any CPU)."""
    x = np.column_stack(columns)
    coef = det.least_squares(x, y)
    resid = y - det.matvec(x, coef)
    dev = y - y.mean()
    sst = det.dot(dev, dev)
    r2 = 1.0 - det.dot(resid, resid) / sst if sst > 0 else float("nan")
    return coef, r2


def predict(columns: list[np.ndarray], coef: np.ndarray) -> np.ndarray:
    """PMT score: the predicted log welfare, accumulated column by column."""
    out = np.zeros(columns[0].shape)
    for c, b in zip(columns, coef, strict=True):
        out += b * c
    return out


def village_percentile(village: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Each household's percentile (0-1, mid-rank) of ``value`` within its village."""
    n = village.size
    order = np.lexsort((value, village))
    v_sorted = village[order]
    count = np.bincount(village)
    start = np.cumsum(count) - count
    pos = np.arange(n) - start[v_sorted]
    pct = np.empty(n)
    pct[order] = (pos + 0.5) / count[v_sorted]
    return pct


def village_rank(village: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each household's rank (0 = lowest ``value``, ties by household id) within its
    village, and its village's size."""
    n = village.size
    order = np.lexsort((np.arange(n), value, village))
    count = np.bincount(village)
    start = np.cumsum(count) - count
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - start[village[order]]
    return rank, count[village]


def community_view(model: ModelForRegistry, p: Section, month: int) -> np.ndarray:
    """The community's notion of each household's welfare (higher = better off): a
    weighted sum of village percentiles of visible consumption, observed wealth
    (durables, housing, productive assets) and earning capacity (employed members per
    capita, a running business), plus noise in percentile units (stream
    ``registry.community``). Percentiles are ranks, so no float reduction decides."""
    st = model.state
    v = st.village

    def pct(x: np.ndarray) -> np.ndarray:
        return village_percentile(v, x)

    wealth = (pct(st.durable_assets.astype(float)) + pct(st.housing_quality) + pct(st.assets)) / 3
    earning = pct(st.employed / st.size + st.has_business)
    seen = (
        p.community_weight_consumption * pct(model.welfare_ratio)
        + p.community_weight_assets * wealth
        + p.community_weight_earning * earning
    )
    return seen + p.community_noise * model.streams.normal("registry.community", month, st.n)


def community_list(
    model: ModelForRegistry, p: Section, seen: np.ndarray, share: float, month: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each village lists round(``share`` x its households): the lowest-ranked by
    ``seen``, except that round(``elite_capture`` x places) places go to connected
    households from above the cut-off (the lowest draws of stream ``registry.elite``).
    Returns the list and each household's village percentile (connected households
    are placed just inside the cut-off)."""
    v = model.state.village
    rank, size = village_rank(v, seen)
    places = np.rint(share * size).astype(np.int64)
    captured = np.rint(p.elite_capture * places).astype(np.int64)
    ranked = rank < places - captured
    u = model.streams.uniform("registry.elite", month, v.size)
    u_out = np.where(ranked, 2.0, u)  # only households above the cut-off are candidates
    elite_rank, _ = village_rank(v, u_out)
    connected = ~ranked & (elite_rank < captured)
    pct = (rank + 0.5) / size
    pct = np.where(connected, np.maximum(share - 0.5 / size, 0.0), pct)
    return ranked | connected, pct


def hybrid_list(nominees: np.ndarray, pmt: np.ndarray, cutoff: float, k: int) -> np.ndarray:
    """Hybrid targeting: nominees whose PMT score passes the cutoff are listed; the
    remaining places up to ``k`` go by PMT rank, nominees first (ties by id)."""
    n = pmt.size
    verified = nominees & (pmt <= cutoff)
    need = k - int(verified.sum())
    out = verified.copy()
    if need > 0:
        order = np.lexsort((np.arange(n), pmt, ~nominees, verified))
        out[order[:need]] = True  # verified households sort last, so are not picked twice
    return out


def lowest(n: int, score: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of the ``k`` lowest values of ``score`` (ties: lower index first)."""
    mask = np.zeros(n, bool)
    mask[det.smallest(score, k)] = True
    return mask


class Registry:
    """The beneficiary registry shared by all programmes."""

    def __init__(self, params: Section, model: ModelForRegistry):
        self.params = params
        n = model.state.n
        self.n = n
        self.in_registry = np.zeros(n, bool)
        self.priority = np.zeros(n)  # lower = poorer; programmes rank by it
        self.decile = np.full(n, 10, np.int8)
        self.enumerated = np.zeros(n, np.int32)  # month of the household's record
        self.pending = np.full(n, -1, np.int32)  # month an accepted application enters
        self.pending_priority = np.zeros(n)
        self.pending_decile = np.full(n, 10, np.int8)
        self.coef: np.ndarray | None = None
        self.r2 = float("nan")
        self.cutoff = float("inf")  # check score at or below which a household qualifies
        self.grid = np.zeros(GRID)  # quantiles of the check score at the last build
        self.last_full = 0
        self.version = 0
        self.rebuilt = False
        self.added = 0
        self.applications = 0
        self.accepted = 0
        self.removed = 0
        self.via_desk = np.zeros(n, bool)  # entered through the desk since the last build
        self.build(model, 0)

    # ------------------------------------------------------------------ scoring
    def _oracle(self, model: ModelForRegistry, rows: np.ndarray | None = None) -> np.ndarray:
        """True log welfare (this month's pre-transfer per-capita consumption over the
        poverty line) of ``rows`` (default all)."""
        if rows is None:
            rows = np.arange(self.n)
        if model.month == 0:
            return log_welfare(model.pretransfer_welfare[rows])
        cons = model.consumption_without_transfers(rows)
        return log_welfare(cons / model.state.size[rows] / model.line[rows])

    def _estimate_pmt(self, model: ModelForRegistry, month: int) -> np.ndarray:
        """Draw the survey, fit the PMT and return every household's PMT score."""
        st, p = model.state, self.params
        k = int(min(p.survey_size, self.n))
        u = model.streams.uniform("registry.survey", month, self.n)
        sample = det.smallest(u, k)
        y = log_welfare(observed_welfare(model)[sample])
        self.coef, self.r2 = fit_pmt(pmt_columns(st, sample), y)
        score = predict(pmt_columns(st), self.coef)
        if p.enumeration_noise > 0:
            score += p.enumeration_noise * model.streams.normal(
                "registry.enumeration", month, self.n
            )
        return score

    def _check(self, model: ModelForRegistry, rows: np.ndarray, month: int) -> np.ndarray:
        """Check scores of re-enumerated households or applicants (PMT, or true welfare
        for ``perfect``), comparable with ``cutoff``."""
        if self.params.method == "perfect":
            return self._oracle(model, rows)
        score = predict(pmt_columns(model.state, rows), self.coef)
        if self.params.enumeration_noise > 0:
            noise = model.streams.normal("registry.enumeration_check", month, self.n)
            score += self.params.enumeration_noise * noise[rows]
        return score

    def _decile_of(self, check_score: np.ndarray) -> np.ndarray:
        pct = np.searchsorted(self.grid, check_score, side="right") / GRID
        return np.clip(np.floor(pct * 10) + 1, 1, 10).astype(np.int8)

    def _set_grid(self, check_score: np.ndarray) -> None:
        k = max(1, round(self.params.coverage * self.n))
        srt = np.sort(check_score)
        self.grid = srt[np.linspace(0, self.n - 1, GRID).astype(np.int64)]
        self.cutoff = float(srt[k - 1])

    # ------------------------------------------------------------------ building
    def build(self, model: ModelForRegistry, month: int) -> None:
        """Full (re-)survey: estimate the PMT, score everyone, list the lowest scores."""
        p = self.params
        n = self.n
        k = round(p.coverage * n)
        if p.method == "perfect":
            check = pmt = self._oracle(model)
        else:
            check = pmt = self._estimate_pmt(model, month)
        self._set_grid(check)
        decile = self._decile_of(check)
        if p.method in ("pmt", "perfect"):
            members = lowest(n, check, k)
            priority = check
        else:
            seen = community_view(model, p, month)
            if p.method == "community":
                members, pct = community_list(model, p, seen, p.coverage, month)
                priority = pct
                decile = np.clip(np.floor(pct * 10) + 1, 1, 10).astype(np.int8)
            else:  # hybrid: community nominates, the PMT verifies, the quota is filled
                share = min(p.coverage * p.nomination_factor, 1.0)
                nominees, _ = community_list(model, p, seen, share, month)
                members = hybrid_list(nominees, pmt, self.cutoff, k)
                priority = pmt
        self.in_registry = members
        self.priority = priority
        self.decile = decile
        self.enumerated[:] = month
        # pending applications survive the rebuild: they enter when processed (unless
        # the new survey has listed them already)
        self.pending[members] = -1
        self.via_desk[:] = False
        self.last_full = month
        self.version += 1
        self.rebuilt = True

    # ------------------------------------------------------------------ monthly
    def update(self, model: ModelForRegistry, month: int) -> None:
        """Step 5 of the month: full rebuild when due, re-enumeration, on-demand desk."""
        p = self.params
        self.rebuilt = False
        self.added = 0
        self.applications = 0
        self.accepted = 0
        self.removed = 0
        due = p.updating != "static" and month - self.last_full >= p.update_months
        if due:
            self.build(model, month)
        elif p.updating == "continuous":
            self._resurvey(model, month)
        if p.on_demand:
            self._desk(model, month)

    def _resurvey(self, model: ModelForRegistry, month: int) -> None:
        u = model.streams.uniform("registry.resurvey", month, self.n)
        rows = np.flatnonzero(u < self.params.resurvey_rate)
        if rows.size == 0:
            return
        score = self._check(model, rows, month)
        listed = score <= self.cutoff
        changed = bool(np.any(listed != self.in_registry[rows]))
        self.in_registry[rows] = listed
        self.priority[rows] = self._priority_of(score)
        self.decile[rows] = self._decile_of(score)
        self.enumerated[rows] = month
        self.pending[rows] = -1
        if changed:
            self.version += 1

    def _priority_of(self, score: np.ndarray) -> np.ndarray:
        """Priority of a re-scored household in the registry's ranking units."""
        if self.params.method == "community":
            return np.searchsorted(self.grid, score, side="right") / GRID
        return score

    def _visit_score(self, model: ModelForRegistry, rows: np.ndarray, month: int) -> np.ndarray:
        """Check score after a home visit (the desk, local verification): the PMT on
        current proxies blended with the household's current consumption as the
        visitor sees it (weight ``desk_visit_weight``)."""
        p = self.params
        score = self._check(model, rows, month)
        if p.method != "perfect" and p.desk_visit_weight > 0:
            seen = log_welfare(observed_welfare(model)[rows])
            score = (1 - p.desk_visit_weight) * score + p.desk_visit_weight * seen
        return score

    def _verify(self, model: ModelForRegistry, month: int) -> None:
        """Local verification with the desk: a share of members is re-visited and leaves
        the registry if its current PMT score is above the cutoff."""
        u = model.streams.uniform("registry.verify", month, self.n)
        rows = np.flatnonzero(self.in_registry & (u < self.params.verification_rate))
        if rows.size == 0:
            return
        score = self._visit_score(model, rows, month)
        out = rows[score > self.cutoff + self.params.desk_margin]
        self.enumerated[rows] = month
        if out.size:
            self.in_registry[out] = False
            self.via_desk[out] = False
            self.removed = int(out.size)
            self.version += 1

    def _desk(self, model: ModelForRegistry, month: int) -> None:
        p, st = self.params, model.state
        if p.verification_rate > 0:
            self._verify(model, month)
        entering = (self.pending >= 0) & (self.pending <= month)
        if entering.any():
            self.via_desk |= entering & ~self.in_registry
            self.in_registry |= entering
            self.priority = np.where(entering, self.pending_priority, self.priority)
            self.decile = np.where(entering, self.pending_decile, self.decile)
            self.pending[entering] = -1
            self.added = int(entering.sum())
            self.version += 1
        u = model.streams.uniform("registry.apply", month, self.n)
        rate = p.apply_rate * np.where(st.urban, 1.0, p.rural_apply_multiplier)
        in_need = model.welfare_ratio < p.need_ratio
        apply = (u < rate) & in_need & ~self.in_registry & (self.pending < 0)
        rows = np.flatnonzero(apply)
        self.applications = int(rows.size)
        if rows.size == 0:
            return
        score = self._visit_score(model, rows, month)
        passed = score <= self.cutoff + p.desk_margin
        ok = rows[passed]
        score = score[passed]
        self.accepted = int(ok.size)
        self.pending_priority[ok] = self._priority_of(score)
        self.pending_decile[ok] = self._decile_of(score)
        self.enumerated[ok] = month
        if p.processing_months == 0:
            self.via_desk[ok] = True
            self.in_registry[ok] = True
            self.priority[ok] = self.pending_priority[ok]
            self.decile[ok] = self.pending_decile[ok]
            self.added += int(ok.size)
            if ok.size:
                self.version += 1
        else:
            self.pending[ok] = month + p.processing_months

    # ------------------------------------------------------------------ metrics
    def metrics(
        self, model: ModelForRegistry, month: int, covered: np.ndarray | None = None
    ) -> dict[str, float]:
        """Registry indicators: size, PMT fit, coverage of the poor, age, the desk.
        ``covered``: households covered by any programme this month (for
        ``desk_beneficiaries``)."""
        poor = model.pretransfer_welfare < 1.0
        n_poor = int(poor.sum())
        members = self.in_registry
        size = int(members.sum())
        return {
            "registry_size": float(size),
            "registry_share": size / self.n,
            "registry_pmt_r2": self.r2,
            "registry_poor_coverage": (
                float((members & poor).sum() / n_poor) if n_poor else float("nan")
            ),
            "registry_age_months": float(month - self.last_full),
            "registry_record_age_months": (
                float(np.mean(month - self.enumerated[members])) if size else float("nan")
            ),
            "registry_applications": float(self.applications),
            "registry_added": float(self.added),
            "registry_removed": float(self.removed),
            "desk_applications": float(self.applications),
            "desk_accepted": float(self.accepted),
            "desk_beneficiaries": (
                float(np.count_nonzero(self.via_desk & covered)) if covered is not None else 0.0
            ),
            **self.exclusion_by_record_age(model, month),
        }

    def exclusion_by_record_age(self, model: ModelForRegistry, month: int) -> dict[str, float]:
        """Share of the poor (pre-transfer) outside the registry, by the age of their
        record (months since they were last enumerated): 0-11, 12-23, 24 and more."""
        poor = model.pretransfer_welfare < 1.0
        age = month - self.enumerated
        out = {}
        for key, lo, hi in RECORD_AGE_BANDS:
            band = poor & (age >= lo) & (age <= hi)
            k = int(band.sum())
            out[f"registry_exclusion_record_{key}"] = (
                float((band & ~self.in_registry).sum() / k) if k else float("nan")
            )
        return out
