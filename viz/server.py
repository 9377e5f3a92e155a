"""Serving the browser page (app.py) with Solara, and driving it with headless Chromium.

Used by ``run.py viz`` (serve; ``--screenshot`` for the README image) and by the browser
test. The page works offline: Solara serves its front-end files from the
``solara-assets`` package through its own asset proxy, its version check and usage
telemetry are switched off, and Chromium runs with background networking disabled.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from experiments.execution import lifeline
from experiments.execution.threads import BLAS_ENV
from viz.controls import START_SCENARIO_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"  # Debian's chromium package
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TITLE = "jaring: policy against comparator"  # the page's app-bar title (app.py)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # addresses only this machine can reach


class BrowserUnavailable(RuntimeError):
    """Chromium is missing and could not be installed."""


def port_in_use(host: str, port: int) -> bool:
    """Whether something listens on ``host:port`` (IPv4 or IPv6 addresses and names)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as s:
        return s.connect_ex(address) == 0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def server_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(APP),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]


def server_env(scenario: str | Path) -> dict[str, str]:
    """Environment for the page: its start scenario, no telemetry (offline), one BLAS
    thread (experiments.execution.threads)."""
    return {
        **os.environ,
        **BLAS_ENV,
        START_SCENARIO_ENV: str(Path(scenario).resolve()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        # plain-http localhost: Solara's advice on cookies for https embedding is noise
        "PYTHONWARNINGS": "ignore:Cookies with samesite=none require https",
        "MPLBACKEND": "Agg",
    }


def popen_with_lifeline(command: list[str], **kwargs) -> subprocess.Popen:
    """Start ``command`` so that it dies with this process, even on ``kill -9`` of this
    one (Linux parent-death signal, as the batch workers: experiments.execution.lifeline):
    a page server never keeps listening after ``viz`` is gone."""
    parent = os.getpid()

    def arm() -> None:  # runs in the child between fork and exec
        lifeline.kill_me_with_parent()
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return subprocess.Popen(command, preexec_fn=arm, **kwargs)


def start_server(scenario: str | Path, host: str, port: int, log=None) -> subprocess.Popen:
    """Start the page's server in its own process group (stop it with stop_server); it
    dies with this process (:func:`popen_with_lifeline`)."""
    return popen_with_lifeline(
        server_command(host, port),
        env=server_env(scenario),
        cwd=ROOT,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until ``url`` answers; raise if the server exits or ``timeout`` s pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the page's server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"the page's server did not answer at {url} within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by start_server and everything it started (its process
    group)."""
    _stop(proc, lambda sig: os.killpg(proc.pid, sig))


def stop_process(proc: subprocess.Popen) -> None:
    """Stop one child process (terminate, then kill after 10 s)."""
    _stop(proc, proc.send_signal)


def _stop(proc: subprocess.Popen, send) -> None:
    if proc.poll() is not None:
        return
    try:
        send(signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def ensure_chromium() -> str:
    """Path of Debian's Chromium, installing the ``chromium`` package with apt-get when it
    is missing and we are root. Raises BrowserUnavailable with the reason otherwise."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() != 0:
        raise BrowserUnavailable(f"{CHROMIUM} is missing; install it: apt-get install chromium")
    if shutil.which("apt-get") is None:
        raise BrowserUnavailable(f"{CHROMIUM} is missing and apt-get is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    res = subprocess.run(install, env=env, capture_output=True, text=True)
    if res.returncode != 0:  # stale package lists: refresh once and retry
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, text=True)
        res = subprocess.run(install, env=env, capture_output=True, text=True)
    if res.returncode != 0 or not Path(CHROMIUM).exists():
        tail = (res.stderr or res.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BrowserUnavailable(f"apt-get install chromium failed: {tail[0]}")
    return CHROMIUM


def launch_chromium(playwright):
    """Headless Chromium (Debian's) through Playwright; never downloads a browser."""
    return playwright.chromium.launch(
        executable_path=ensure_chromium(), headless=True, args=CHROMIUM_ARGS
    )


@contextmanager
def serving(scenario: str | Path, host: str = "127.0.0.1", log=None) -> Iterator[str]:
    """Run the page on a free local port for the ``with`` block; yields its address and
    always stops the server."""
    port = free_port(host)
    proc = start_server(scenario, host, port, log)
    try:
        url = f"http://{host}:{port}/"
        wait_until_up(url, proc)
        yield url
    finally:
        stop_server(proc)
