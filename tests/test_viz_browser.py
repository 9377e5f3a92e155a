"""The browser page in real headless Chromium: title, controls and plots show; Step
advances the month and redraws the plots; a moved slider takes effect on Reset; Play
runs and pauses; a scenario picked from the list is run; a bad seed shows a message,
not a crashed page; nothing is fetched from another host; a screenshot is saved. The
page is served by ``run.py viz`` itself, and always stopped."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SCENARIOS
from playwright.sync_api import Error as PlaywrightError

from experiments.explore import SLIDERS
from experiments.viz_screenshot import STEP_TIMEOUT_MS, month_shown, open_page, step_months
from experiments.viz_server import (
    PAGE_TITLE,
    BrowserUnavailable,
    ensure_chromium,
    free_port,
    launch_chromium,
    port_in_use,
    stop_server,
    wait_until_up,
)

pytestmark = pytest.mark.browser  # run alone by `make test`: timing-sensitive under load

HOST = "127.0.0.1"
FIGURES = 5  # map, poverty, debt and savings, targeting errors, spending


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    try:
        ensure_chromium()
    except BrowserUnavailable as exc:
        pytest.skip(f"no browser for the page test: {exc}")
    with sync_api.sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    """``run.py viz`` serving the combined scenario on a free local port; stopped by
    SIGTERM to the command alone, which must take its server down with it."""
    log_path = tmp_path_factory.mktemp("viz") / "viz.log"
    port = free_port(HOST)
    url = f"http://{HOST}:{port}/"
    command = [sys.executable, str(ROOT / "run.py"), "viz", "--port", str(port)]
    command += ["--scenario", str(SCENARIOS / "combined.toml")]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
        try:
            wait_until_up(url, proc)
            assert log_path.read_text().startswith(f"jaring page: {url}")
            yield url
            proc.terminate()
            assert proc.wait(timeout=30) == 0
            assert not port_in_use(HOST, port), "the page's server is still running"
        finally:
            stop_server(proc)  # whatever failed, nothing is left running
    log = log_path.read_text()
    assert "Could not load URL" not in log, "the server fetched front-end files online"
    assert "Traceback" not in log and "Warning" not in log


def figure_pixels(page) -> list[bytes]:
    imgs = page.locator("img")
    assert imgs.count() == FIGURES
    return [_screenshot(page, imgs.nth(i)) for i in range(FIGURES)]


def _screenshot(page, img, tries: int = 5) -> bytes:
    """A screenshot of ``img``, retried while the page is swapping the figure (the
    locator finds the new element on the next try)."""
    for attempt in range(tries):
        try:
            return img.screenshot()
        except PlaywrightError as err:
            if "not attached" not in str(err) or attempt == tries - 1:
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def test_page_in_headless_chromium(browser, page_url, tmp_path):
    requests: list[str] = []
    page = open_page(browser, page_url, requests)
    # title, Mesa's controls, our controls and the figures
    assert page.get_by_text(PAGE_TITLE).first.is_visible()
    for name in ("Reset", "Step", "▶"):
        assert page.get_by_role("button", name=name).is_visible()
    for label in ("Scenario", "Households", "Crisis on", "Seed", *(c.label for c in SLIDERS)):
        assert page.get_by_text(label, exact=True).first.is_visible(), label
    page.get_by_text("Scenario combined:").wait_for()
    before = figure_pixels(page)

    # Step: the month advances and every figure is redrawn
    step_months(page, 3)
    assert month_shown(page) == 3
    after = figure_pixels(page)
    assert all(a != b for a, b in zip(after, before, strict=True))

    # a moved slider (PKH quota) takes effect on Reset
    quota = next(c for c in SLIDERS if c.name == "pkh_quota")
    slider = page.locator(".v-input", has_text=quota.label).get_by_role("slider")
    start = float(slider.get_attribute("aria-valuenow"))
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    moved = round(start + 2 * quota.step, 6)
    assert float(slider.get_attribute("aria-valuenow")) == pytest.approx(moved)
    page.get_by_role("button", name="Reset").click()
    page.get_by_text(f"Moved controls: {quota.key}={moved:g}").wait_for()
    assert month_shown(page) == 0
    assert page.get_by_text(f"PKH quota {moved:.3f}").count() == 1  # the model uses it

    # Play runs months on its own until paused
    page.get_by_role("button", name="▶").click()
    page.get_by_text("Month 1 of").wait_for(timeout=STEP_TIMEOUT_MS)
    page.get_by_role("button", name="❚❚").click()
    page.get_by_role("button", name="Step").wait_for()
    assert month_shown(page) >= 1

    # another shipped scenario, picked from the list, runs as shipped on Reset
    page.locator(".v-select", has_text="Scenario").click()
    page.get_by_role("option", name="pkh", exact=True).click()
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Scenario pkh:").wait_for()
    assert page.get_by_text("programmes: PKH").count() == 1

    # a seed that is not a number: a message, and the page keeps working
    seed = page.get_by_label("Seed")
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("seed: must be a whole number, got 'abc'").wait_for()
    step_months(page, 1)

    # offline: the page asked nothing of any other host
    elsewhere = [u for u in requests if not u.startswith((page_url, "data:", "blob:"))]
    assert elsewhere == [] and any(u.startswith(page_url) for u in requests)

    shot = tmp_path / "viz.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    page.close()
