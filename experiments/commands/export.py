"""``export``: write a results directory's tables for Stata (.dta with variable labels),
as Parquet (with unit, label and definition as field metadata) or as CSV."""

from __future__ import annotations

import argparse

NAME = "export"
HELP = "export result tables for Stata, as Parquet or CSV"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR")
    parser.add_argument("--format", choices=("stata", "parquet", "csv"), required=True)
    parser.add_argument("--out", help="output directory (default RESULTS_DIR/export_FORMAT)")


def execute(args: argparse.Namespace) -> int:
    from outputs.export import export_dir

    written = export_dir(args.results, args.format, args.out)
    print(f"{len(written)} files written to {written[0].parent}/")
    for path in written:
        print(f"  {path.name}")
    return 0
