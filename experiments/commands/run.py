"""``run``: simulate scenarios x replications (paired: replication r of every scenario
shares its seed) on local processes or a Dask cluster, resumably, and write
timeseries.csv, summary.csv, scenario_summary.csv, paired_differences.csv, manifest.json
and, with ``--panel``, panel.parquet."""

from __future__ import annotations

import argparse

from experiments.commands.common import (
    add_allow_large,
    add_execution_options,
    add_scenario_options,
    load_scenarios,
)
from experiments.runner import command_line, run_batch

NAME = "run"
HELP = "run scenarios and write result files"


def configure(parser: argparse.ArgumentParser) -> None:
    add_scenario_options(parser)
    parser.add_argument("--replications", type=int, default=1, help="replications (seeds)")
    parser.add_argument("--out", default="results/latest", help="results directory")
    parser.add_argument(
        "--report", action="store_true", help="also write OUT/report (figures, tables)"
    )
    parser.add_argument(
        "--panel",
        action="store_true",
        help="also write panel.parquet: one row per household for months 0, K, 2K, ... "
        "and the final month",
    )
    parser.add_argument(
        "--panel-every", type=int, default=12, metavar="K", help="panel interval in months"
    )
    add_execution_options(parser)
    add_allow_large(parser)


def execute(args: argparse.Namespace) -> int:
    scenarios = load_scenarios(args)
    paths = run_batch(
        scenarios,
        args.replications,
        args.out,
        command_line(),
        jobs=args.jobs,
        scheduler=args.scheduler,
        panel_every=args.panel_every if args.panel else None,
        quiet=args.quiet,
        overwrite=args.overwrite,
        allow_large=args.allow_large,
    )
    print(f"results written to {paths['timeseries'].parent}/")
    for kind, path in paths.items():
        print(f"  {kind:<18} {path}")
    if args.report:
        from experiments.commands.report import make_report

        return make_report([args.out], None)
    return 0
