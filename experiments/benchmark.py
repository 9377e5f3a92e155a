"""Performance benchmark: household-months per second and peak memory of the vectorised
engine by population size, the per-agent engine on the same rules, and batch throughput
with ``run --jobs 1`` and ``--jobs 2``.

Each measurement runs in a fresh Python process (``python -m experiments.benchmark``),
so one size's memory does not pollute the next and every size pays its own start-up.
Timings on a shared machine are noisy: ``repeat`` keeps the best of several runs.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("vectorised", "agents")


@dataclass
class Measurement:
    """One timed run. ``seconds`` covers building the population and stepping."""

    kind: str  # "vectorised", "agents" or "batch --jobs J"
    scenario: str
    households: int
    months: int
    seconds: float  # wall-clock seconds (best of the repeats)
    build_seconds: float  # of which: building the population and registry
    peak_rss_mb: float  # peak resident memory of the process, MB
    kb_per_household: float  # resident memory the built, run model holds, per household, kB
    runs: int = 1  # simulations in the measurement (batches: replications)
    cpu_seconds: float = 0.0  # CPU seconds spent stepping (batches: of all their processes)

    @property
    def step_seconds(self) -> float:
        """Seconds spent stepping months (what the rates are computed from)."""
        return self.seconds - self.build_seconds

    @property
    def household_months(self) -> int:
        return self.households * self.months * self.runs

    @property
    def per_second(self) -> float:
        """Household-months stepped per second (population building excluded)."""
        return self.household_months / self.step_seconds

    @property
    def us_per_household_month(self) -> float:
        return 1e6 * self.step_seconds / self.household_months

    @property
    def per_cpu_second(self) -> float:
        """Household-months per CPU second of stepping: less sensitive than the wall
        clock to other processes sharing the cores."""
        return self.household_months / self.cpu_seconds if self.cpu_seconds else float("nan")


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports kB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def _current_rss_mb() -> float:
    """Resident memory of this process now, MB (Linux /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return _peak_rss_mb()


def _children_cpu_seconds() -> float:
    """User + system CPU seconds of finished child processes (and their waited-for
    descendants) of this process."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def measure_here(scenario: str, households: int, months: int, engine: str, seed: int) -> dict:
    """Time one run in this process (call in a fresh process for honest memory)."""
    from experiments.scenario import load_scenario
    from model.agent_engine import AgentModel
    from model.model import ArrayModel

    params = load_scenario(scenario, [f"run.households={households}", f"run.months={months}"])
    cls = AgentModel if engine == "agents" else ArrayModel
    # Warm-up on a tiny district: loads the compiled loops (or compiles them once), so
    # neither the timing nor the memory per household includes that fixed cost.
    tiny = load_scenario(scenario, ["run.households=50", "run.months=2"])
    cls(tiny, seed=seed).run(2)
    # Memory held by the model: resident memory with the model built and run, less that
    # before it was built (the peak would hide it: compiling the loops peaks higher).
    import gc

    gc.collect()
    base_mb = _current_rss_mb()
    t0 = time.perf_counter()
    model = cls(params, seed=seed)
    t1, c1 = time.perf_counter(), time.process_time()
    model.run(months)
    t2, c2 = time.perf_counter(), time.process_time()
    held_mb = _current_rss_mb() - base_mb
    return {
        "seconds": t2 - t0,
        "build_seconds": t1 - t0,
        "cpu_seconds": c2 - c1,
        "peak_rss_mb": _peak_rss_mb(),
        "kb_per_household": max(held_mb, 0.0) * 1024 / households,
    }


def measure(
    scenario: str, households: int, months: int, engine: str, seed: int = 1, repeat: int = 1
) -> Measurement:
    """Best of ``repeat`` fresh-process runs of one engine at one size."""
    best = None
    for _ in range(max(repeat, 1)):
        cmd = [sys.executable, "-m", "experiments.benchmark", scenario]
        cmd += [str(households), str(months), engine, str(seed)]
        res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"benchmark run failed: {res.stderr.strip()[-500:]}")
        got = json.loads(res.stdout.strip().splitlines()[-1])
        if best is None or got["seconds"] < best["seconds"]:
            best = got
    return Measurement(engine, Path(scenario).stem, households, months, **best)


def run_has_jobs() -> bool:
    """Whether ``run.py run`` accepts ``--jobs`` (parallel batches)."""
    res = subprocess.run(
        [sys.executable, "run.py", "run", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    return "--jobs" in res.stdout


def measure_batch(
    scenario: str, households: int, months: int, replications: int, jobs: int, repeat: int = 1
) -> Measurement | None:
    """Time ``run.py run`` with ``--jobs`` as a user would; None if it has no ``--jobs``."""
    if not run_has_jobs():
        return None
    best = None
    for _ in range(max(repeat, 1)):
        with tempfile.TemporaryDirectory() as out:
            cmd = [sys.executable, "run.py", "run", scenario, "--households", str(households)]
            cmd += ["--months", str(months), "--replications", str(replications)]
            cmd += ["--jobs", str(jobs), "--quiet", "--out", out]
            t0, c0 = time.perf_counter(), _children_cpu_seconds()
            res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            seconds, cpu = time.perf_counter() - t0, _children_cpu_seconds() - c0
        if res.returncode != 0:
            raise RuntimeError(f"batch run failed: {res.stderr.strip()[-500:]}")
        if best is None or seconds < best[0]:
            best = (seconds, cpu)
    name = Path(scenario).stem
    # CPU seconds of the whole batch (its process, fork server and workers), start-up
    # included; peak memory is not measured for batches.
    return Measurement(
        f"batch --jobs {jobs}", name, households, months, best[0], 0.0, 0.0, 0.0, replications,
        best[1],
    )  # fmt: skip


def table(rows: list[Measurement], header: bool = True) -> str:
    """The results as an aligned text table (``header=False``: the rows only)."""
    head = f"{'engine':<16}{'households':>11}{'months':>7}{'total s':>9}{'build s':>8}"
    head += f"{'hh-months/s':>14}{'us/hh-month':>12}{'per CPU s':>12}{'peak MB':>9}{'kB/hh':>7}"
    lines = [head, "-" * len(head)] if header else []
    for r in rows:
        mem = f"{r.peak_rss_mb:>9.0f}{r.kb_per_household:>7.2f}" if r.peak_rss_mb else " " * 16
        cpu = f"{r.per_cpu_second:>12,.0f}" if r.cpu_seconds else " " * 12
        lines.append(
            f"{r.kind:<16}{r.households:>11,}{r.months:>7}{r.seconds:>9.2f}{r.build_seconds:>8.2f}"
            f"{r.per_second:>14,.0f}{r.us_per_household_month:>12.3f}{cpu}{mem}"
        )
    return "\n".join(lines)


def write_csv(rows: list[Measurement], path: Path) -> None:
    fields = [*asdict(rows[0]).keys(), "household_months_per_second", "us_per_household_month"]
    fields.append("household_months_per_cpu_second")
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(fields)
        for r in rows:
            rates = [r.per_second, r.us_per_household_month, r.per_cpu_second]
            w.writerow([*asdict(r).values(), *(f"{x:.4f}" for x in rates)])


def scaling_plot(rows: list[Measurement], path: Path) -> None:
    """Time per household-month against households (log-log), one line per engine."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for engine in ENGINES:
        pts = sorted((r.households, r.us_per_household_month) for r in rows if r.kind == engine)
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o", label=engine)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("households")
    ax.set_ylabel("microseconds per household-month")
    ax.set_title("jaring: cost per household-month by population size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str]) -> None:
    """Entry point of the fresh measuring process: SCENARIO N MONTHS ENGINE SEED."""
    scenario, n, months, engine, seed = argv
    os.environ.setdefault("PYTHONHASHSEED", "0")
    print(json.dumps(measure_here(scenario, int(n), int(months), engine, int(seed))))


if __name__ == "__main__":
    main(sys.argv[1:])
