"""``sweep``: run a scenario over a grid (``--grid key=v1,v2``, repeatable: every
combination) or a Latin hypercube (``--lhs N --param key=low,high``) of parameter values,
with a paired baseline (``--vs``: the same values and seeds), replications, ``--jobs``,
Dask and resume as for ``run``. Writes sweep_points.csv, sweep_timeseries.csv,
sweep_summary.csv and, with ``--vs``, sweep_effects.csv (tidy, swept values as columns)."""

from __future__ import annotations

import argparse
import math

from experiments.commands.common import (
    add_allow_large,
    add_execution_options,
    add_override_options,
    override_list,
)
from experiments.runner import command_line
from experiments.scenario import ScenarioError, check_size

NAME = "sweep"
HELP = "grid or Latin-hypercube parameter sweep with paired baselines"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO.toml")
    parser.add_argument("--vs", metavar="BASELINE.toml", help="paired baseline at every point")
    parser.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="grid values of a parameter (repeatable; every combination runs)",
    )
    parser.add_argument("--lhs", type=int, metavar="N", help="Latin-hypercube points")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=LOW,HIGH",
        help="range of a parameter for --lhs (repeatable)",
    )
    parser.add_argument("--lhs-seed", type=int, default=0, help="seed of the Latin hypercube")
    parser.add_argument("--replications", type=int, default=1, help="replications (seeds)")
    parser.add_argument("--out", default="results/sweep", help="results directory")
    add_override_options(parser)
    add_execution_options(parser)
    add_allow_large(parser)


def execute(args: argparse.Namespace) -> int:
    from experiments.sweep import grid_points, lhs_points, parse_grid, parse_ranges, run_sweep

    if bool(args.grid) == (args.lhs is not None):
        raise ScenarioError("sweep", "", "give either --grid KEY=V1,V2 or --lhs N with --param")
    if args.lhs is not None:
        if not args.param:
            raise ScenarioError("--lhs", "", "needs at least one --param KEY=LOW,HIGH")
        ranges = parse_ranges(args.param)
        check_size("--lhs", "sweep points", args.lhs, args.allow_large, "points")
        points = lhs_points(ranges, args.lhs, args.lhs_seed)
        design = {
            "method": "lhs",
            "n": args.lhs,
            "seed": args.lhs_seed,
            "ranges": {k: [lo, hi] for k, lo, hi in ranges},
        }
    else:
        if args.param:
            raise ScenarioError("--param", "", "is for --lhs; use --grid KEY=V1,V2 for a grid")
        grid = parse_grid(args.grid)
        count = math.prod(len(values) for _, values in grid)  # before building them
        check_size("--grid", "sweep points", count, args.allow_large, "points")
        points = grid_points(grid)
        design = {"method": "grid", "values": dict(grid)}
    paths = run_sweep(
        args.scenario,
        points,
        vs=args.vs,
        sets=override_list(args),
        replications=args.replications,
        out=args.out,
        jobs=args.jobs,
        scheduler=args.scheduler,
        quiet=args.quiet,
        overwrite=args.overwrite,
        command=command_line(),
        design=design,
        allow_large=args.allow_large,
    )
    print(f"{len(points)} points x {args.replications} replications; results in {args.out}/")
    for kind, path in paths.items():
        print(f"  {kind:<10} {path}")
    return 0
