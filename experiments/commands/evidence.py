"""``evidence``: the model's behaviour next to published figures; with ``--write``,
regenerate docs/VALIDATION.md (at its documented size)."""

from __future__ import annotations

import argparse
from pathlib import Path

from experiments.runner import write_atomic
from experiments.validation import HOUSEHOLDS, MONTHS, SEED, validation_markdown

NAME = "evidence"
HELP = "compare behaviour (MPC, debt use of BLT, PKH, crisis coping) with the evidence"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write", action="store_true", help="write --out (default: print)")
    parser.add_argument("--out", default="docs/VALIDATION.md")


def execute(args: argparse.Namespace) -> int:
    text = validation_markdown(args.households, args.months, args.seed)
    print(text)
    if args.write:
        write_atomic(Path(args.out), text)
        print(f"written: {args.out}")
    return 0
