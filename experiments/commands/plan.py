"""``plan``: print the month's plan, its named steps in order with what each reads and
writes; ``--time`` runs a scenario and reports the CPU seconds of each step.

The plan is :data:`model.month_plan.MONTH_PLAN`; docs/ODD.md section 3 holds its
Markdown table (``--markdown``), which a test compares with the plan.
"""

from __future__ import annotations

import argparse
import time

from experiments.commands.common import add_allow_large, add_override_options, load_scenarios
from model.month_plan import plan_markdown, plan_rows

NAME = "plan"
HELP = "print the month's plan (named steps, inputs, outputs); --time times each step"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--time",
        metavar="SCENARIO",
        help="run this scenario file and print the CPU seconds of each step",
    )
    parser.add_argument("--agents", action="store_true", help="time the per-agent engine")
    add_override_options(parser)
    add_allow_large(parser)


def execute(args: argparse.Namespace) -> int:
    if args.time is None:
        if args.markdown:
            print(plan_markdown())
            return 0
        for r in plan_rows():
            print(f"{r['step']:>2}. {r['name']:<24} [{r['phase']}] {r['does']}")
            print(f"      reads:  {r['reads']}")
            print(f"      writes: {r['writes']}")
        return 0
    return time_steps(args)


def time_steps(args: argparse.Namespace) -> int:
    from model.agent_engine import AgentModel
    from model.model import ArrayModel

    args.scenarios = [args.time]
    (params,) = load_scenarios(args)
    engine = AgentModel if args.agents else ArrayModel
    t0 = time.process_time()
    model = engine(params)
    setup = time.process_time() - t0
    model.step_clock = {}
    model.run()
    clock = model.step_clock
    months = max(model.month, 1)
    total = sum(clock.values())
    n = model.state.n
    print(
        f"{params.name}: {n:,} households, {months} months ({engine.__name__}); "
        f"set-up and burn-in {setup:.2f} CPU s"
    )
    print(f"{'step':<26}{'CPU s':>9}{'share':>8}{'us/household-month':>21}")
    for step in model.plan:
        s = clock.get(step.name, 0.0)
        share = s / total if total else 0.0
        print(f"{step.name:<26}{s:>9.3f}{share:>8.1%}{1e6 * s / (n * months):>21.3f}")
    print(f"{'all steps':<26}{total:>9.3f}{1:>8.1%}{1e6 * total / (n * months):>21.3f}")
    return 0
