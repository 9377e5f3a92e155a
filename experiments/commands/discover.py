"""``discover``: scenario discovery on a sweep or sensitivity directory. Points whose
output is below (or above) a value are the cases of interest; PRIM and CART (EMA
Workbench) find the parameter boxes that hold them. Writes prim_trajectory.csv,
prim_box.csv, cart_boxes.csv, LaTeX tables, discovery.png|pdf and a manifest the
report reads (pass the discovery directory to ``report``)."""

from __future__ import annotations

import argparse
import sys

from analysis.results import ResultsError

NAME = "discover"
HELP = "scenario discovery (PRIM and CART) on a sweep or sensitivity directory"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="DIR", help="sweep or sensitivity directory")
    parser.add_argument("--output", required=True, help="output column, e.g. poverty_gap_mean")
    side = parser.add_mutually_exclusive_group(required=True)
    side.add_argument("--below", type=float, metavar="VALUE", help="cases: output < VALUE")
    side.add_argument("--above", type=float, metavar="VALUE", help="cases: output > VALUE")
    parser.add_argument("--min-density", type=float, default=0.8, help="PRIM box density wanted")
    parser.add_argument("--mass-min", type=float, default=0.05, help="smallest box mass")
    parser.add_argument("--out", help="output directory (default DIR/discovery)")


def execute(args: argparse.Namespace) -> int:
    try:
        import ema_workbench  # noqa: F401
    except ImportError:
        print(
            "error: discover needs the EMA Workbench: pip install -e '.[discovery]'",
            file=sys.stderr,
        )
        return 2
    from analysis.discovery import discover

    below = args.below is not None
    try:
        paths = discover(
            args.results,
            args.output,
            args.below if below else args.above,
            below,
            args.out,
            args.min_density,
            args.mass_min,
        )
    except ResultsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"scenario discovery written to {paths['manifest'].parent}/")
    for kind, path in paths.items():
        print(f"  {kind:<10} {path}")
    return 0
