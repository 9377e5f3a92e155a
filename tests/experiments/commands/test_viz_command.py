"""``run.py viz`` rejects bad input with one line and exit code 2, before serving (the
browser test runs the command for real)."""

from __future__ import annotations

import socket

import pytest


def viz(capsys, *args: str) -> tuple[int, str]:
    """Run ``run.py viz ARGS`` in this process: exit code and what went to stderr."""
    from run import main

    code = main(["viz", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scenario", "missing.toml"], "file not found"),
        (["--port", "70000"], "--port: must be between 1 and 65535"),
        (["--screenshot", "picture.jpg"], "--screenshot: picture.jpg: must be a .png file"),
        (["--screenshot", "no/such/dir/x.png"], "directory does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, err = viz(capsys, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and err.startswith("error: ")


def test_port_in_use_is_reported(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, err = viz(capsys, "--port", str(port))
    assert code == 2
    assert f"127.0.0.1:{port} is in use" in err


def test_binds_to_localhost_by_default():
    from run import build_parser

    parser, _ = build_parser()
    args = parser.parse_args(["viz"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    assert args.scenario.endswith("baseline.toml")


class _Served:
    """Stands in for the page's server process: exits at once."""

    pid = 0

    def wait(self, timeout=None) -> int:
        return 0

    def poll(self) -> int:
        return 0

    def send_signal(self, sig) -> None:
        pass


@pytest.mark.parametrize(
    "host, warned", [("0.0.0.0", True), ("192.168.1.5", True), ("127.0.0.1", False), ("::1", False)]
)
def test_a_public_host_warns_that_the_page_has_no_authentication(capsys, monkeypatch, host, warned):
    from experiments.commands import viz as command

    started = []
    monkeypatch.setattr(command, "port_in_use", lambda h, p: False)
    monkeypatch.setattr(
        command, "popen_with_lifeline", lambda cmd, **kw: started.append(cmd) or _Served()
    )
    code, err = viz(capsys, "--host", host, "--port", "8799")
    assert code == 0 and started and host in started[0]
    lines = err.strip().splitlines()
    if warned:
        assert len(lines) == 1 and lines[0].startswith("warning: --host")
        assert "no authentication" in lines[0]
    else:
        assert lines == []
