"""``verify``: rerun the batch that a results directory's manifest.json describes, at its
seeds, into a temporary folder, and say whether the combined files are byte-identical
(their sha256 digests match the manifest's). Exit code 0 when they match, 1 when they
differ, 2 for bad input (no manifest, not a batch, no digests recorded)."""

from __future__ import annotations

import argparse
import sys

from experiments.execution.executors import check_jobs
from experiments.verify import verify_batch

NAME = "verify"
HELP = "rerun a batch from its manifest and compare result digests (exit 0 same, 1 differ)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS_DIR", help="a batch results directory")
    parser.add_argument("--jobs", type=int, default=1, help="local processes (default 1)")


def execute(args: argparse.Namespace) -> int:
    check_jobs(args.jobs)
    verdict = verify_batch(args.results, args.jobs)
    for note in verdict.notes:
        print(f"note: {note}", file=sys.stderr)
    for line in verdict.lines:
        print(line)
    if verdict.same:
        print(f"verified: the rerun reproduces every file of {args.results} byte for byte")
        return 0
    print(f"NOT verified: the rerun differs from {args.results} (see above)")
    return 1
