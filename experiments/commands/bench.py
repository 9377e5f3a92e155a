"""``bench``: household-months per second and peak memory of the vectorised engine by
population size, the per-agent Mesa engine on the same rules, and batch throughput with
``run --jobs 1`` and ``--jobs 2``. Prints a table and writes bench.csv and scaling.png."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.benchmark import (
    measure,
    measure_batch,
    scaling_plot,
    table,
    write_csv,
)
from experiments.scenario import ScenarioError

NAME = "bench"
HELP = "measure simulation speed and memory (vectorised vs per-agent, batch --jobs)"


def _sizes(text: str, option: str) -> list[int]:
    try:
        sizes = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        msg = f"expected comma-separated whole numbers, got {text!r}"
        raise ScenarioError(option, "", msg) from None
    if any(s < 1 for s in sizes):
        raise ScenarioError(option, "", "household counts must be at least 1")
    return sizes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="scenarios/combined.toml")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="households, vectorised engine"
    )
    parser.add_argument(
        "--million", action="store_true", help="also 1,000,000 households (minutes, ~1 GB)"
    )
    parser.add_argument("--months", type=int, default=120, help="months per run")
    parser.add_argument(
        "--agent-sizes", default="1000,10000", help="households, per-agent engine ('' = skip)"
    )
    parser.add_argument(
        "--agent-months",
        type=int,
        default=3,
        help="months for the per-agent engine (it costs ~1 ms per household-month)",
    )
    parser.add_argument("--batch-households", type=int, default=10_000)
    parser.add_argument("--batch-replications", type=int, default=4)
    parser.add_argument("--no-batch", action="store_true", help="skip the --jobs batches")
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of R runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="results/bench", help="directory for CSV and plot")


def execute(args: argparse.Namespace) -> int:
    if not Path(args.scenario).is_file():
        raise ScenarioError(args.scenario, "", "scenario file not found")
    for opt in ("months", "agent_months", "batch_households", "batch_replications", "repeat"):
        if getattr(args, opt) < 1:
            raise ScenarioError(f"--{opt.replace('_', '-')}", "", "must be at least 1")
    sizes = _sizes(args.sizes, "--sizes")
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    agent_sizes = _sizes(args.agent_sizes, "--agent-sizes")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    rows = []
    print(table([]), flush=True)  # the header; each row is printed once, as measured
    for n in sizes:
        rows.append(measure(args.scenario, n, args.months, "vectorised", args.seed, args.repeat))
        print(table(rows[-1:], header=False), flush=True)
    for n in agent_sizes:
        rows.append(measure(args.scenario, n, args.agent_months, "agents", args.seed, 1))
        print(table(rows[-1:], header=False), flush=True)
    batch_note = ""
    if not args.no_batch:
        for jobs in (1, 2):
            b = measure_batch(
                "scenarios/baseline.toml",
                args.batch_households,
                args.months,
                args.batch_replications,
                jobs,
                args.repeat,
            )
            if b is None:
                batch_note = "batch --jobs: n/a (needs `run --jobs`)"
                break
            rows.append(b)
            print(table(rows[-1:], header=False), flush=True)

    print()
    for line in comparisons(rows):
        print(line)
    if batch_note:
        print(batch_note)
    write_csv(rows, out / "bench.csv")
    scaling_plot(rows, out / "scaling.png")
    print(f"written: {out / 'bench.csv'}, {out / 'scaling.png'}")
    return 0


def comparisons(rows) -> list[str]:
    """Per-agent vs vectorised at equal sizes, cost flatness, and --jobs speed-up."""
    vec = {r.households: r for r in rows if r.kind == "vectorised"}
    lines = []
    for r in rows:
        if r.kind == "agents" and r.households in vec:
            v = vec[r.households]
            ratio = v.per_second / r.per_second
            cpu = v.per_cpu_second / r.per_cpu_second
            lines.append(
                f"vectorised / per-agent at {r.households:,} households: {ratio:,.0f}x"
                f" (per CPU second: {cpu:,.0f}x)"
            )
    big = [n for n in vec if n >= 10_000]
    if len(big) >= 2:
        cost = [vec[n].us_per_household_month for n in big]
        cpu = [1 / vec[n].per_cpu_second for n in big]
        spread = max(cost) / min(cost) - 1
        cpu_spread = max(cpu) / min(cpu) - 1
        lines.append(
            f"cost per household-month, {min(big):,} to {max(big):,} households: "
            f"max/min - 1 = {spread:.0%} (CPU time: {cpu_spread:.0%})"
        )
    batch = {r.kind: r for r in rows if r.kind.startswith("batch")}
    if len(batch) == 2:
        speedup = batch["batch --jobs 2"].per_second / batch["batch --jobs 1"].per_second
        lines.append(f"batch --jobs 2 / --jobs 1: {speedup:.2f}x")
    return lines
