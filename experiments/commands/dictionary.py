"""``dictionary``: print the data dictionary (every output column of every result file:
type, unit, definition, source) as Markdown; docs/OUTPUTS.md is this output."""

from __future__ import annotations

import argparse

NAME = "dictionary"
HELP = "print the data dictionary of the output files (docs/OUTPUTS.md)"


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def execute(args: argparse.Namespace) -> int:
    from outputs.dictionary import markdown

    print(markdown(), end="")
    return 0
