"""``validate``: check scenario files without running them."""

from __future__ import annotations

import argparse

from experiments.commands.common import add_scenario_options, load_scenarios

NAME = "validate"
HELP = "check scenario files without running"


def configure(parser: argparse.ArgumentParser) -> None:
    add_scenario_options(parser)


def execute(args: argparse.Namespace) -> int:
    for params in load_scenarios(args):
        active = [
            k.split(".", 1)[1]
            for k, s in params.sections.items()
            if k.startswith("programmes.") and s.get("enabled", False)
        ]
        print(
            f"ok: {params.name} ({params.run.households} households, {params.run.months} "
            f"months, crises: {len(params.crises)}, programmes: {', '.join(active) or 'none'})"
        )
    return 0
