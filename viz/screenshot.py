"""Driving the browser page in headless Chromium: open it, step months, inspect a
household, save a picture.

``run.py viz --screenshot docs/img/viz.png`` makes the README's image with these; the
browser test uses the same steps.
"""

from __future__ import annotations

from pathlib import Path

from experiments.scenario import ScenarioError
from viz.server import launch_chromium, serving

VIEWPORT = {"width": 1400, "height": 2100}  # pixels; shows controls, map, inspector, plots
LOAD_TIMEOUT_MS = 60_000  # first load builds the model and the page
STEP_TIMEOUT_MS = 30_000
SHOWN_SEEDS = 5  # the README picture shows the band over five paired seeds
SHOWN_HOUSEHOLD = 29  # the README picture inspects a PKH and BPNT family in debt


def open_page(browser, url: str, requests: list[str] | None = None):
    """A new tab showing the page, once month 0 is on screen; the address of every
    request the page makes is appended to ``requests`` if given."""
    page = browser.new_page(viewport=VIEWPORT)
    if requests is not None:
        page.on("request", lambda req: requests.append(req.url))
    page.goto(url)
    page.get_by_text("Month 0 of").wait_for(timeout=LOAD_TIMEOUT_MS)
    return page


def month_shown(page) -> int:
    """The month the page shows ("Month 3 of 120" -> 3)."""
    text = page.locator(".jaring-month").inner_text()
    return int(text.split()[1])


def step_months(page, months: int) -> None:
    """Click Mesa's Step button ``months`` times, each time waiting for the next month."""
    start = month_shown(page)
    step = page.get_by_role("button", name="Step")
    for k in range(1, months + 1):
        step.click()
        page.get_by_text(f"Month {start + k} of").wait_for(timeout=STEP_TIMEOUT_MS)


def run_seeds(page, seeds: int) -> None:
    """Run ``seeds`` paired seeds (the seeds slider, then Reset) from month 0."""
    control = page.locator(".jaring-control", has_text="Seeds run together:")
    control.get_by_role("slider").focus()
    for _ in range(seeds - 1):
        page.keyboard.press("ArrowRight")
    page.get_by_text(f"Seeds run together: {seeds}").wait_for(timeout=STEP_TIMEOUT_MS)
    page.get_by_role("button", name="Reset").click()
    page.get_by_text(f"({seeds} paired runs)").wait_for(timeout=LOAD_TIMEOUT_MS)


def show_household(page, household: int) -> None:
    """Open the inspector on ``household`` (typed into its number field)."""
    field = page.get_by_label("Household number")
    field.fill(str(household))
    field.press("Enter")
    page.get_by_text(f"Household {household} in month").wait_for(timeout=STEP_TIMEOUT_MS)


def save_screenshot(scenario: str | Path, out: str | Path, months: int = 6) -> Path:
    """Serve the page for ``scenario``, step ``months`` months, save a PNG to ``out``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScenarioError(
            "--screenshot",
            "",
            "needs the playwright package, an optional extra: pip install -e '.[screenshot]'",
        ) from None
    from viz.server import BrowserUnavailable

    out = Path(out)
    if out.suffix.lower() != ".png":
        raise ScenarioError("--screenshot", str(out), "must be a .png file")
    if not out.parent.is_dir():
        raise ScenarioError("--screenshot", str(out), "directory does not exist")
    try:
        with serving(scenario) as url, sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                page = open_page(browser, url)
                run_seeds(page, SHOWN_SEEDS)
                step_months(page, months)
                show_household(page, SHOWN_HOUSEHOLD)
                page.wait_for_timeout(1000)  # let the last figures paint
                page.screenshot(path=str(out), full_page=True)
            finally:
                browser.close()
    except BrowserUnavailable as exc:
        raise ScenarioError("--screenshot", "", str(exc)) from None
    return out
