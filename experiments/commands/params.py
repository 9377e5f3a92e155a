"""``params``: print every parameter with unit, default, range, meaning, source,
reference (docs/SOURCES.md has the full citations) and, for policy values, as-of date."""

from __future__ import annotations

import argparse

from model.sections import all_specs

NAME = "params"
HELP = "list every parameter with unit, default, range and meaning"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--filter", default="", help="only names containing this text")


def fmt_range(spec) -> str:
    if spec.choices:
        return "|".join(spec.choices)
    if spec.low is None and spec.high is None:
        return "-"
    return f"{spec.low:g} .. {spec.high:g}"


def execute(args: argparse.Namespace) -> int:
    rows = [(n, s) for n, s in all_specs() if args.filter in n]
    if not rows:
        from experiments.scenario import ScenarioError

        raise ScenarioError("--filter", "", f"no parameter name contains {args.filter!r}")
    if args.markdown:
        print("| parameter | default | unit | range | meaning | source | reference | as of |")
        print("|---|---|---|---|---|---|---|---|")
        for name, s in rows:
            cells = [f"`{name}`", s.default, s.unit, fmt_range(s), s.meaning, s.source]
            cells += [s.reference or "-", s.as_of or "-"]
            print("| " + " | ".join(str(c) for c in cells) + " |")
        return 0
    for name, s in rows:
        print(f"{name}  = {s.default!r}  [{s.unit}]  range {fmt_range(s)}")
        print(f"    {s.meaning}  (source: {s.source})")
        if s.reference:
            print(f"    reference: {s.reference}")
        if s.as_of:
            print(f"    as of: {s.as_of}")
    return 0
