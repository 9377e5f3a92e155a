"""``calibrate``: measure the baseline's steady state against its targets; with
``--write``, regenerate docs/CALIBRATION.md (at its documented size, 50,000 households)."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.calibration import (
    CHECK_HOUSEHOLDS,
    CHECK_MONTHS,
    DOC_HOUSEHOLDS,
    DOC_MONTHS,
    DOC_SEED,
    MIN_HOUSEHOLDS,
    SMALL_HOUSEHOLDS,
    calibrate,
    calibration_markdown,
    drift_over_seeds,
    small_district_targets,
    steady_state,
)
from experiments.runner import write_atomic
from experiments.scenario import ScenarioError, load_scenario

NAME = "calibrate"
HELP = "check the baseline's steady state against the calibration targets"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="scenarios/baseline.toml")
    parser.add_argument("--households", type=int, default=DOC_HOUSEHOLDS)
    parser.add_argument("--months", type=int, default=DOC_MONTHS)
    parser.add_argument("--seed", type=int, default=DOC_SEED)
    parser.add_argument(
        "--write", action="store_true", help="write the table to --out (default: print only)"
    )
    parser.add_argument("--out", default="docs/CALIBRATION.md", help="Markdown file to write")


def execute(args: argparse.Namespace) -> int:
    if args.households < MIN_HOUSEHOLDS:
        raise ScenarioError(
            "calibrate",
            "--households",
            f"{args.households} is below {MIN_HOUSEHOLDS:,}, where the urban/rural and "
            "panel statistics are too noisy to judge the calibration",
        )
    if args.months < 48:
        raise ScenarioError(
            "calibrate", "--months", f"{args.months}: need at least 48 (two-year panels)"
        )
    params = load_scenario(args.scenario, [f"run.households={args.households}"])
    targets, s = calibrate(params, args.seed, args.months)
    small = load_scenario(args.scenario, [f"run.households={SMALL_HOUSEHOLDS}"])
    targets.insert(3, drift_over_seeds(params, args.months))
    targets += small_district_targets(small, s)
    for t in targets:
        flag = "ok " if t.ok else "OFF"
        print(f"{flag} {t.name}: target {t.target:g} ± {t.tolerance:g}, model {t.model:.3f}")
    if args.write:
        checked = load_scenario(args.scenario, [f"run.households={CHECK_HOUSEHOLDS}"])
        check = steady_state(checked, args.seed, CHECK_MONTHS)
        write_atomic(Path(args.out), calibration_markdown(params, targets, s, check))
        print(f"written: {args.out}")
    return 0
