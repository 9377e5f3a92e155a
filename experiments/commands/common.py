"""Options shared by the sub-commands that load scenarios."""

from __future__ import annotations

import argparse
import sys

from model.parameters import Params


def add_scenario_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml")
    add_override_options(parser)


def add_override_options(parser: argparse.ArgumentParser) -> None:
    """--households, --months, --seed and --set: overrides applied to every scenario."""
    parser.add_argument("--households", type=int, help="override run.households")
    parser.add_argument("--months", type=int, help="override run.months")
    parser.add_argument("--seed", type=int, help="override run.seed (seed of replication 0)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="DOTTED.KEY=VALUE",
        help="override any parameter, e.g. --set income.transitory_sd=0.2 (repeatable)",
    )


def add_allow_large(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-large",
        action="store_true",
        help="allow sizes above the caps (over 1,000,000 households, 600 months, 5,000 runs "
        "or 2e10 household-months in a batch, 5,000 sweep points)",
    )


def override_list(args: argparse.Namespace) -> list:
    """The command line's overrides (``--set`` texts and the flags, each its own source)."""
    from experiments.api import overrides

    return overrides(args.households, args.months, args.seed, args.set)


def load_scenarios(args: argparse.Namespace) -> list[Params]:
    """Load every scenario with the command-line overrides applied (validated)."""
    from experiments.api import load_scenario_files

    return load_scenario_files(
        args.scenarios,
        override_list(args),
        warn=print_warning,
        allow_large=getattr(args, "allow_large", False),
    )


def print_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def add_execution_options(parser: argparse.ArgumentParser) -> None:
    """Where runs execute, progress display and reuse of the results directory."""
    parser.add_argument("--jobs", type=int, default=1, help="local processes (default 1)")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' to "
        "start a local Dask cluster of --jobs workers",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="discard results of a different experiment held in --out (default: refuse)",
    )
