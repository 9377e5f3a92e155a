"""Chromium for the browser test: found, installed with apt-get as root, or a clear reason."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from experiments.execution.lifeline import alive
from viz import server as viz_server
from viz.server import BrowserUnavailable, ensure_chromium


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    missing = tmp_path / "chromium"
    monkeypatch.setattr(viz_server, "CHROMIUM", str(missing))
    return missing


def test_not_root_gives_the_reason(no_chromium, monkeypatch):
    monkeypatch.setattr(viz_server.os, "geteuid", lambda: 1000)
    with pytest.raises(BrowserUnavailable, match="is missing; install it: apt-get install"):
        ensure_chromium()


def test_root_installs_with_apt_get_and_retries_after_update(no_chromium, monkeypatch):
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd[:2])
        if cmd[:2] == ["apt-get", "install"] and len(calls) > 1:
            no_chromium.write_text("")  # the retry installs it
            return subprocess.CompletedProcess(cmd, 0, "", "")
        return subprocess.CompletedProcess(cmd, 100 if cmd[1] == "install" else 0, "", "E: x")

    monkeypatch.setattr(viz_server.os, "geteuid", lambda: 0)
    monkeypatch.setattr(viz_server.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(viz_server.subprocess, "run", fake_run)
    assert ensure_chromium() == str(no_chromium)
    assert calls == [["apt-get", "install"], ["apt-get", "update"], ["apt-get", "install"]]


def test_failed_install_gives_apt_gets_last_line(no_chromium, monkeypatch):
    def fail(cmd, **kwargs):
        return subprocess.CompletedProcess(cmd, 100, "", "Reading lists\nE: Unable to locate")

    monkeypatch.setattr(viz_server.os, "geteuid", lambda: 0)
    monkeypatch.setattr(viz_server.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(viz_server.subprocess, "run", fail)
    with pytest.raises(BrowserUnavailable, match="failed: E: Unable to locate"):
        ensure_chromium()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal (Linux)")
def test_page_server_dies_with_its_parent_even_on_kill_9(tmp_path):
    """The server is started as ``viz`` starts it (popen_with_lifeline): ``kill -9`` of
    the parent leaves nothing listening."""
    parent_code = (
        "import sys, time\n"
        "from viz.server import popen_with_lifeline\n"
        "child = popen_with_lifeline([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    try:
        assert alive(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(child), "the server outlived its parent"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)
