"""``validate``: check scenario files without running them, with the same checks as
``run`` (one shared checker: experiments.api.load_scenario_files), including a
``[sensitivity]`` table they hold (names, distributions, outputs), names and labels, and
the caps on sizes (``--allow-large``)."""

from __future__ import annotations

import argparse

from experiments.commands.common import add_allow_large, add_scenario_options, load_scenarios

NAME = "validate"
HELP = "check scenario files without running"


def configure(parser: argparse.ArgumentParser) -> None:
    add_scenario_options(parser)
    add_allow_large(parser)


def execute(args: argparse.Namespace) -> int:
    scenarios = load_scenarios(args)
    for params in scenarios:
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
