"""jaring command line: thin; each sub-command lives in experiments/commands/ or analysis/.

python run.py run SCENARIO.toml [...] [--households N] [--months M]
                  [--replications R] [--seed S] [--set key=value ...] [--out DIR]
                  [--jobs J] [--scheduler ADDRESS|local] [--panel [--panel-every K]]
python run.py sensitivity SCENARIO.toml --method sobol|morris|fast --samples N
                  [--vs BASELINE.toml] [--spec FILE.toml] [--jobs J] [--out DIR]
python run.py validate SCENARIO.toml [...]
python run.py params
python run.py calibrate [--write]
python run.py evidence [--write]
python run.py report RESULTS_DIR [...] [--out DIR] [--baseline NAME]
python run.py viz [--scenario SCENARIO.toml] [--host 127.0.0.1] [--port 8765]
python run.py bench [--sizes N,N] [--million] [--agent-sizes N,N] [--out DIR]
python run.py sweep SCENARIO.toml [--vs BASELINE.toml] (--grid KEY=V1,V2 ... |
                  --lhs N --param KEY=LOW,HIGH ...) [--replications R] [--jobs J] [--out DIR]
python run.py discover DIR --output NAME (--below|--above) VALUE [--out DIR]
python run.py export DIR --format stata|parquet|csv [--out DIR]
python run.py dictionary
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = [
    "experiments.commands.run",
    "experiments.commands.validate",
    "experiments.commands.params",
    "experiments.commands.calibrate",
    "experiments.commands.evidence",
    "analysis.commands.report",
    "experiments.commands.viz",
    "experiments.commands.sensitivity",
    "experiments.commands.bench",
    "experiments.commands.sweep",
    "analysis.commands.discover",
    "experiments.commands.export",
    "experiments.commands.dictionary",
]


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="run.py", description="jaring: simulate social-protection policy for poor households"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for path in COMMANDS:
        mod = importlib.import_module(path)
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.__doc__)
        mod.configure(p)
        modules[mod.NAME] = mod
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    from experiments.scenario import ScenarioError
    from experiments.threads import limit_blas_threads

    limit_blas_threads()

    parser, modules = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(modules[args.command].execute(args) or 0)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
