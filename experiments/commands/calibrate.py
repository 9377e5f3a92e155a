"""``calibrate``: measure the baseline against its targets and write docs/CALIBRATION.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.calibration import calibrate, calibration_markdown
from experiments.runner import write_atomic
from experiments.scenario import load_scenario

NAME = "calibrate"
HELP = "check the baseline against calibration targets and write the calibration table"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="scenarios/baseline.toml")
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default="docs/CALIBRATION.md", help="Markdown file to write")


def execute(args: argparse.Namespace) -> int:
    params = load_scenario(args.scenario, [f"run.households={args.households}"])
    seed = int(params.run.seed if args.seed is None else args.seed)
    targets, extra = calibrate(params, seed, args.months)
    for t in targets:
        flag = "ok " if t.ok else "OFF"
        print(f"{flag} {t.name}: target {t.target:g} ± {t.tolerance:g}, model {t.model:.3f}")
    write_atomic(Path(args.out), calibration_markdown(params, targets, extra))
    print(f"written: {args.out}")
    return 0
