"""``validate``: check scenario files without running them, including a
``[sensitivity]`` table they hold (names, distributions, outputs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.commands.common import add_scenario_options, load_scenarios

NAME = "validate"
HELP = "check scenario files without running"


def configure(parser: argparse.ArgumentParser) -> None:
    add_scenario_options(parser)


def check_sensitivity_table(path: str, params) -> None:
    """A ``[sensitivity]`` table in the file is checked as ``sensitivity`` would."""
    from experiments.scenario import read_toml
    from experiments.sensitivity_model import reported_columns
    from experiments.sensitivity_spec import check_outputs, parse_spec

    table = read_toml(Path(path)).get("sensitivity")
    if table is None:
        return
    spec = parse_spec(table, path, params.to_dict(), has_baseline=True)
    check_outputs(path, spec.outputs, reported_columns(params))


def execute(args: argparse.Namespace) -> int:
    scenarios = load_scenarios(args)
    for path, params in zip(args.scenarios, scenarios, strict=True):
        check_sensitivity_table(path, params)
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
