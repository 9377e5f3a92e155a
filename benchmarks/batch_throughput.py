"""Benchmark (prints figures; not a test): batch throughput and the cost of a Sobol
analysis.

1. Runs per second of a batch of the baseline (default 10,000 households x 120 months)
   with ``--jobs 1`` and ``--jobs 2`` (wall time including worker start-up).
2. Time of a Sobol analysis of 8 parameters (the spec below) at N = 256 on 2,000
   households x 120 months. The full analysis is N(2D+2) = 4,608 model runs, so by default
   a reduced one is measured (``--sobol-samples``, ``--sobol-months``) and the full-size
   time is projected from the measured seconds per household-month.

    python benchmarks/batch_throughput.py                      # reduced, with projection
    python benchmarks/batch_throughput.py --sobol-samples 256 --sobol-months 120  # full
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experiments.api import run_batch, sensitivity  # noqa: E402

SOBOL_SPEC = """
[sensitivity]
outputs = ["poverty_headcount_final", "poverty_gap_mean", "debt_trap_share_mean"]
{params}
"""
SOBOL_PARAMETERS = {  # 8 assumptions of the baseline, ranges around their defaults
    "income.transitory_sd": (0.10, 0.25),
    "income.persistent_rho": (0.85, 0.97),
    "income.saving_propensity": (0.05, 0.25),
    "shocks.job_loss_rate": (0.006, 0.024),
    "shocks.illness_rate": (0.06, 0.18),
    "credit.informal_rate": (0.05, 0.25),
    "credit.consumption_floor": (0.3, 0.7),
    "schooling.shortfall_sensitivity": (1.0, 8.0),
}
FULL_SOBOL = {"samples": 256, "households": 2000, "months": 120}


def batch_rate(households: int, months: int, runs: int, jobs: int) -> tuple[float, float]:
    """Runs per second (wall) of ``runs`` baseline replications on ``jobs`` processes, and
    CPU seconds per run of this process (the whole work with ``jobs=1``)."""
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), time.process_time()
        run_batch(
            [ROOT / "scenarios/baseline.toml"],
            replications=runs,
            households=households,
            months=months,
            out=out,
            jobs=jobs,
        )
        return runs / (time.perf_counter() - start), (time.process_time() - cpu) / runs


def sobol_seconds(samples: int, households: int, months: int, jobs: int) -> tuple[float, int]:
    """Wall time and number of evaluations of the 8-parameter Sobol analysis."""
    params = "\n".join(
        f'[[sensitivity.parameters]]\nname = "{k}"\nbounds = [{lo}, {hi}]'
        for k, (lo, hi) in SOBOL_PARAMETERS.items()
    )
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.toml"
        spec.write_text(SOBOL_SPEC.format(params=params))
        start = time.perf_counter()
        res = sensitivity(
            ROOT / "scenarios/baseline.toml",
            "sobol",
            samples,
            spec=spec,
            households=households,
            months=months,
            out=Path(tmp) / "out",
            jobs=jobs,
        )
        return time.perf_counter() - start, len(res["sample"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=10_000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--runs", type=int, default=4, help="baseline replications per setting")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    ap.add_argument("--sobol-samples", type=int, default=4)
    ap.add_argument("--sobol-households", type=int, default=FULL_SOBOL["households"])
    ap.add_argument("--sobol-months", type=int, default=24)
    ap.add_argument("--sobol-jobs", type=int, default=2)
    args = ap.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at start")
    print(f"batch: baseline, {args.households} households x {args.months} months, {args.runs} runs")
    for jobs in (int(j) for j in args.jobs.split(",")):
        rate, cpu = batch_rate(args.households, args.months, args.runs, jobs)
        hh_months = rate * args.households * args.months
        line = f"  --jobs {jobs}: {rate:.3f} runs/s ({hh_months:,.0f} household-months/s)"
        print(line + (f", {cpu:.1f} CPU s per run" if jobs == 1 else ""))

    n, hh, m = args.sobol_samples, args.sobol_households, args.sobol_months
    secs, evals = sobol_seconds(n, hh, m, args.sobol_jobs)
    print(
        f"sobol: 8 parameters, N={n}, {hh} households x {m} months, --jobs {args.sobol_jobs}: "
        f"{evals} runs in {secs:.1f} s"
    )
    full_evals = FULL_SOBOL["samples"] * (2 * len(SOBOL_PARAMETERS) + 2)
    full_work = full_evals * FULL_SOBOL["households"] * FULL_SOBOL["months"]
    projected = secs * full_work / (evals * hh * m)
    print(
        f"  projected full size (N=256, 2000 households x 120 months, {full_evals} runs, "
        f"--jobs {args.sobol_jobs}): {projected:,.0f} s ({projected / 3600:.2f} h)"
    )


if __name__ == "__main__":
    main()
