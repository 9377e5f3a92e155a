"""Options shared by the sub-commands that load scenarios."""

from __future__ import annotations

import argparse

from experiments.scenario import load_raw, params_from_dict
from model.parameters import Params


def add_scenario_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml")
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


def load_scenarios(args: argparse.Namespace) -> list[Params]:
    """Load every scenario with the command-line overrides applied (validated)."""
    sets = list(args.set)
    for opt in ("households", "months", "seed"):
        value = getattr(args, opt, None)
        if value is not None:
            sets.append(f"run.{opt}={value}")
    out = []
    for path in args.scenarios:
        data = load_raw(path, sets)
        out.append(params_from_dict(data, path))
    names = [p.name for p in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        from experiments.scenario import ScenarioError

        raise ScenarioError(args.scenarios[0], "name", f"scenario names repeat: {sorted(dupes)}")
    return out
