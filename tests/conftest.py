"""Shared fixtures: small scenarios built from the shipped files; the command line run
in-process."""

from __future__ import annotations

import contextlib
import io
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experiments.execution.threads import limit_blas_threads  # noqa: E402

limit_blas_threads()  # as every simulation process does where it starts
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def scenario_dir() -> Path:
    return SCENARIOS


# Tests that do not study the steady state itself run a short burn-in (the default,
# run.burn_in_months, is long enough for stocks to settle: tests/model/test_stationarity.py,
# which sets it explicitly, as do the calibration and golden tests).
TEST_BURN_IN = 24


def small(name: str = "baseline", households: int = 2000, months: int = 24, *sets: str):
    """Load a shipped scenario at a small size (validated like the CLI does), with a
    burn-in of TEST_BURN_IN months unless ``sets`` gives one."""
    from experiments.scenario import load_scenario

    burn = (
        []
        if any(s.startswith("run.burn_in_months=") for s in sets)
        else [f"run.burn_in_months={TEST_BURN_IN}"]
    )
    return load_scenario(
        SCENARIOS / f"{name}.toml",
        [f"run.households={households}", f"run.months={months}", *burn, *sets],
    )


@dataclass
class CliResult:
    """What ``python run.py ARGS`` would give: exit code and the text it printed."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> CliResult:
    """Run the command line in this process, as ``python run.py ARGS`` from the repository
    root: the same entry point (``run.main``), exit code and output, without the seconds
    a new interpreter spends importing. An argparse error exits 2 as it would; an
    uncaught exception becomes exit 1 with its traceback on stderr, as in a subprocess."""
    import run

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    saved_argv, sys.argv = sys.argv, ["run.py", *argv]  # the manifest records sys.argv
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run.main(argv)
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except Exception:
            traceback.print_exc()
            code = 1
        finally:
            sys.argv = saved_argv
    return CliResult(int(code), out.getvalue(), err.getvalue())
