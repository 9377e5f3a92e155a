"""``run``: simulate scenarios and write timeseries.csv, summary.csv and manifest.json."""

from __future__ import annotations

import argparse

from experiments.commands.common import add_scenario_options, load_scenarios
from experiments.runner import command_line, run_batch
from experiments.scenario import ScenarioError

NAME = "run"
HELP = "run scenarios and write result files"


def configure(parser: argparse.ArgumentParser) -> None:
    add_scenario_options(parser)
    parser.add_argument("--replications", type=int, default=1, help="replications (seeds)")
    parser.add_argument("--out", default="results/latest", help="results directory")
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    parser.add_argument(
        "--report", action="store_true", help="also write OUT/report (figures, tables)"
    )


def execute(args: argparse.Namespace) -> int:
    if args.replications < 1:
        raise ScenarioError("--replications", "", "must be at least 1")
    scenarios = load_scenarios(args)

    def progress(name: str, rep: int) -> None:
        if not args.quiet:
            print(f"  done: {name} replication {rep}", flush=True)

    paths = run_batch(scenarios, args.replications, args.out, command_line(), progress)
    print(f"results written to {paths['timeseries'].parent}/")
    for kind, path in paths.items():
        print(f"  {kind:<10} {path}")
    if args.report:
        from analysis.commands.report import make_report

        return make_report([args.out], None)
    return 0
