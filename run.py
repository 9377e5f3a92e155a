"""jaring command line: thin; each sub-command is one module of experiments/commands/.

Installed as the console script ``jaring`` (``jaring run ...`` is ``python run.py run ...``).

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
python run.py verify RESULTS_DIR [--jobs J]    (exit 0: same digests, 1: differ, 2: bad input)
python run.py sweep SCENARIO.toml [--vs BASELINE.toml] (--grid KEY=V1,V2 ... |
                  --lhs N --param KEY=LOW,HIGH ...) [--replications R] [--jobs J] [--out DIR]
python run.py discover DIR --output NAME (--below|--above) VALUE [--out DIR]
python run.py export DIR --format stata|parquet|csv [--out DIR]
python run.py dictionary
python run.py plan [--markdown] [--time SCENARIO.toml [--households N] [--months M]]
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
    "experiments.commands.report",
    "experiments.commands.viz",
    "experiments.commands.sensitivity",
    "experiments.commands.bench",
    "experiments.commands.verify",
    "experiments.commands.sweep",
    "experiments.commands.discover",
    "experiments.commands.export",
    "experiments.commands.dictionary",
    "experiments.commands.plan",
]


class OneLineParser(argparse.ArgumentParser):
    """Command-line errors as one line (``error: run.py run: ...``), exit code 2."""

    def error(self, message: str):
        print(f"error: {self.prog}: {' '.join(message.split())}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(prog: str = "run.py") -> tuple[argparse.ArgumentParser, dict]:
    parser = OneLineParser(
        prog=prog, description="jaring: simulate social-protection policy for poor households"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    modules = {}
    for path in COMMANDS:
        mod = importlib.import_module(path)
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.__doc__)
        mod.configure(p)
        modules[mod.NAME] = mod
    return parser, modules


def main(argv: list[str] | None = None, prog: str = "run.py") -> int:
    """Run one sub-command; returns the exit code (callable in-process: bad input is a
    one-line ``error:`` on stderr and 2, never a traceback)."""
    from analysis.results import ResultsError
    from experiments.execution.executors import WorkerLost
    from experiments.execution.threads import limit_blas_threads
    from experiments.scenario import ScenarioError
    from outputs.export import ExportError
    from outputs.files import FileError

    limit_blas_threads()

    parser, modules = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2, printed as one line)
        return int(exc.code or 0)
    try:
        return int(modules[args.command].execute(args) or 0)
    except (ScenarioError, ResultsError, FileError, ExportError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file system problem not caught closer to its cause
        where = exc.filename or args.command
        print(f"error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except WorkerLost as exc:  # the finished runs are saved: the same command resumes
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def console() -> None:
    """Entry point of the installed ``jaring`` command."""
    sys.exit(main(prog="jaring"))


if __name__ == "__main__":
    sys.exit(main())
