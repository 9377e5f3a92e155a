"""``evidence``: the model's behaviour next to published figures; with ``--write``,
regenerate docs/VALIDATION.md (at its documented size)."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.runner import write_atomic
from experiments.validation import (
    HOUSEHOLDS,
    MONTHS,
    PROGRAMME_HOUSEHOLDS,
    PROGRAMME_REPS,
    SEED,
    programme_markdown,
    validation_markdown,
)

NAME = "evidence"
HELP = (
    "compare behaviour (MPC, debt use of BLT, PKH, crisis coping; the registry and "
    "programme checks) with the evidence"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write", action="store_true", help="write --out (default: print)")
    parser.add_argument("--out", default="docs/VALIDATION.md")
    parser.add_argument(
        "--programme-households",
        type=int,
        default=PROGRAMME_HOUSEHOLDS,
        help="households of the registry and programme checks (0 = skip them)",
    )
    parser.add_argument("--programme-reps", type=int, default=PROGRAMME_REPS)


def execute(args: argparse.Namespace) -> int:
    text = validation_markdown(args.households, args.months, args.seed)
    if args.programme_households > 0:
        text += "\n" + programme_markdown(args.programme_households, args.programme_reps)
    print(text)
    if args.write:
        write_atomic(Path(args.out), text)
        print(f"written: {args.out}")
    return 0
