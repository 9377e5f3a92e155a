"""``export``: write a results directory's tables for Stata (.dta with variable labels
and units, a dataset label and ``rename_map.csv``), as Parquet (with unit, label and
definition as field metadata) or as CSV. Only the tables the directory's manifest.json
lists are exported, each after its digest is checked."""

from __future__ import annotations

import argparse

from experiments.commands.common import print_warning

NAME = "export"
HELP = "export result tables for Stata, as Parquet or CSV"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR")
    parser.add_argument("--format", choices=("stata", "parquet", "csv"), required=True)
    parser.add_argument("--out", help="output directory (default RESULTS_DIR/export_FORMAT)")


def execute(args: argparse.Namespace) -> int:
    from outputs.export import RENAME_MAP, STATA_NAME_MAX, export_dir, long_renames

    written = export_dir(args.results, args.format, args.out, warn=print_warning)
    print(f"{len(written)} files written to {written[0].parent}/")
    for path in written:
        print(f"  {path.name}")
    rename_map = written[0].parent / RENAME_MAP
    if args.format == "stata":
        long = long_renames(rename_map)
        if long:
            print(f"names over {STATA_NAME_MAX} characters renamed for Stata ({rename_map}):")
            for column, name in long:
                print(f"  {column} -> {name}")
    return 0
