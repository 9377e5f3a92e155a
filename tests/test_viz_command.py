"""``run.py viz`` rejects bad input with one line and exit code 2, before serving."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import ROOT


def viz(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "viz", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scenario", "missing.toml"], "file not found"),
        (["--port", "70000"], "--port: must be between 1 and 65535"),
        (["--screenshot", "picture.jpg"], "--screenshot: picture.jpg: must be a .png file"),
        (["--screenshot", "no/such/dir/x.png"], "directory does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    res = viz(*args)
    assert res.returncode == 2
    assert message in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_port_in_use_is_reported():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        res = viz("--port", str(port))
    assert res.returncode == 2
    assert f"127.0.0.1:{port} is in use" in res.stderr


def test_binds_to_localhost_by_default():
    from run import build_parser

    parser, _ = build_parser()
    args = parser.parse_args(["viz"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    assert args.scenario.endswith("baseline.toml")
