"""``viz``: serve the browser page (app.py) to explore a scenario month by month.

Binds to 127.0.0.1 unless ``--host`` says otherwise (another address gets a warning: the
page has no authentication) and prints the address. The page's server dies with this
command, even on ``kill -9`` (viz.server.popen_with_lifeline). With
``--screenshot FILE`` it instead starts the page on a free local port, steps it a few
months in headless Chromium, saves a PNG and stops.
"""

from __future__ import annotations

import argparse
import signal
import sys

from experiments.scenario import ScenarioError
from viz.controls import start_values
from viz.server import (
    LOCAL_HOSTS,
    ROOT,
    popen_with_lifeline,
    port_in_use,
    server_command,
    server_env,
    stop_process,
)

NAME = "viz"
HELP = "explore a scenario in the browser (Mesa SolaraViz page)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        default=str(ROOT / "scenarios" / "baseline.toml"),
        metavar="SCENARIO.toml",
        help="scenario the page starts with (default: baseline); any shipped one can be "
        "picked on the page",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="save a screenshot of the page after a few months and exit (needs Chromium)",
    )
    parser.add_argument(
        "--months", type=int, default=6, help="with --screenshot: months to step first"
    )


def execute(args: argparse.Namespace) -> int:
    start_values(args.scenario)  # a bad scenario file fails here, with one line
    if args.screenshot:
        from viz.screenshot import save_screenshot

        if args.months < 0:
            raise ScenarioError("--months", "", "must be 0 or more")
        path = save_screenshot(args.scenario, args.screenshot, args.months)
        print(f"screenshot written: {path}")
        return 0
    if not 0 < args.port < 65536:
        raise ScenarioError("--port", "", f"must be between 1 and 65535, got {args.port}")
    try:
        busy = port_in_use(args.host, args.port)
    except OSError as exc:
        raise ScenarioError("--host", "", f"cannot use address {args.host!r}: {exc}") from None
    if busy:
        raise ScenarioError("--port", "", f"{args.host}:{args.port} is in use; pick another")
    if args.host not in LOCAL_HOSTS:
        print(
            f"warning: --host {args.host}: the page has no authentication; anyone who can "
            "reach this address can use it",
            file=sys.stderr,
            flush=True,
        )
    shown = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 address
    print(f"jaring page: http://{shown}:{args.port}/  (Ctrl-C to stop)", flush=True)
    proc = popen_with_lifeline(
        server_command(args.host, args.port), env=server_env(args.scenario), cwd=ROOT
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_process(proc)  # never leave the server running behind us


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
