"""``sensitivity``: global sensitivity analysis (Sobol, Morris or FAST, with SALib) of a
scenario's outputs, or with ``--vs`` of its policy effect against a baseline (paired on the
same parameter sample and seeds). The uncertain parameters and the outputs come from the
scenario's ``[sensitivity]`` table or from ``--spec FILE.toml``."""

from __future__ import annotations

import argparse

from experiments.commands.common import add_execution_options, add_override_options, override_list
from experiments.runner import command_line
from experiments.sensitivity import METHODS, index_files
from experiments.sensitivity_model import scenario_sensitivity

NAME = "sensitivity"
HELP = "sensitivity analysis (Sobol, Morris, FAST) of outputs or policy effects"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO.toml")
    parser.add_argument("--method", choices=METHODS, default="sobol")
    parser.add_argument(
        "--samples",
        type=int,
        default=256,
        metavar="N",
        help="base sample size: Sobol runs N(2D+2) points (N a power of two), Morris N "
        "trajectories of D+1 points, FAST N*D points (N > 64)",
    )
    parser.add_argument("--vs", metavar="BASELINE.toml", help="analyse scenario minus baseline")
    parser.add_argument("--spec", metavar="FILE.toml", help="take [sensitivity] from this file")
    parser.add_argument(
        "--replications", type=int, default=1, help="seeds averaged at each sample point"
    )
    parser.add_argument("--out", default="results/sensitivity", help="results directory")
    add_override_options(parser)
    add_execution_options(parser)


def execute(args: argparse.Namespace) -> int:
    result = scenario_sensitivity(
        args.scenario,
        method=args.method,
        samples=args.samples,
        vs=args.vs,
        spec_file=args.spec,
        overrides=override_list(args),
        replications=args.replications,
        out=args.out,
        jobs=args.jobs,
        scheduler=args.scheduler,
        quiet=args.quiet,
        overwrite=args.overwrite,
        command=command_line(),
    )
    print(f"{len(result['sample'])} evaluations; results written to {args.out}/")
    for file in ("manifest.json", "sample.csv", "outputs.csv", *index_files(args.method).values()):
        print(f"  {file}")
    return 0
