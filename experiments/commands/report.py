"""``report``: figures, tables, report.md and report.html from result directories.

Reads only result files (batch runs and sensitivity analyses); never re-runs the model.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.report import build_report
from analysis.results import ResultsError
from experiments.commands.common import print_warning
from outputs.files import FileError

NAME = "report"
HELP = "write figures, tables and a report from result directories"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", nargs="+", metavar="RESULTS_DIR", help="results directories")
    parser.add_argument("--out", help="report directory (default: FIRST_RESULTS_DIR/report)")
    parser.add_argument(
        "--baseline", help='scenario effects are measured against (default: "baseline")'
    )


def make_report(results: list[str], out: str | None, baseline: str | None = None) -> int:
    """Build the report; print where it went, or a one-line error (exit code 2)."""
    target = Path(out) if out else Path(results[0]) / "report"
    try:
        rep = build_report(results, target, baseline, warn=print_warning)
    except (ResultsError, FileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {target}: cannot write the report ({exc.strerror or exc})", file=sys.stderr)
        return 2
    figures = sum(i.kind == "figure" for i in rep.items)
    tables = len(rep.items) - figures
    print(f"report written to {target}/report.md and report.html")
    print(f"  {figures} figures in {target}/figures, {tables} tables in {target}/tables")
    for note in rep.skipped:
        print(f"  skipped: {note}")
    return 0


def execute(args: argparse.Namespace) -> int:
    return make_report(args.results, args.out, args.baseline)
