"""The browser page in real headless Chromium, served by ``run.py viz`` itself (and always
stopped): Mesa's run controls and no unexplained stock controls; the comparator runs and
every plot shows policy and comparator; Step is timed at 2,000 households (printed, not
asserted); a moved slider shows its value and Reset applies it; a disabled programme's
sliders are disabled and switching it on changes spending; run to month N; several seeds
give the band; the inspector, opened by a click on the map, shows the household's debt
as the model holds it; the CSV download equals a command-line run of the downloaded
scenario files; a bad seed shows a message; nothing is fetched from another host."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import pandas as pd
import pytest
from conftest import ROOT, SCENARIOS

from viz.charts import MAP_LEFT, MAP_TOP, map_cell
from viz.inspector import household_record
from viz.screenshot import STEP_TIMEOUT_MS, month_shown, open_page, step_months
from viz.server import (
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
CHARTS = 5  # headcount, gap, debt and savings, spending, targeting


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


def chart_labels(page) -> list[str]:
    """The charts' accessible descriptions (ECharts writes titles and series names)."""
    charts = page.locator(".jaring-chart")
    assert charts.count() == CHARTS
    return [charts.nth(i).get_attribute("aria-label") or "" for i in range(CHARTS)]


def slider_of(page, label: str):
    return page.locator(".jaring-control", has_text=f"{label}:").get_by_role("slider")


def disabled(page, label: str) -> bool:
    """Whether the slider of the control ``label`` is disabled (Vuetify's class)."""
    control = page.locator(".jaring-control", has_text=f"{label}:")
    return control.locator(".v-input--is-disabled").count() == 1


def press(page, slider, key: str, times: int) -> None:
    slider.focus()
    for _ in range(times):
        page.keyboard.press(key)


def reset(page) -> None:
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Month 0 of").wait_for(timeout=STEP_TIMEOUT_MS)


def test_page_in_headless_chromium(browser, page_url, tmp_path, capsys):
    from run import main
    from viz.page_model import ExploreModel

    requests: list[str] = []
    page = open_page(browser, page_url, requests)
    assert page.get_by_text(PAGE_TITLE).first.is_visible()
    for name in ("Reset", "Step", "▶", "Run to month N"):
        assert page.get_by_role("button", name=name).is_visible()
    for hidden in ("Use Threads", "Play Interval (ms)", "Render Interval (steps)", "Page 0"):
        assert page.get_by_text(hidden, exact=True).count() == 0, hidden
    page.get_by_text("Scenario combined:").wait_for()
    page.get_by_text("Comparator: baseline").wait_for()
    # every control shows its value with its unit and names its parameter
    page.get_by_text("PKH quota: 0.11 share of households").wait_for()
    assert page.get_by_text("programmes.pkh.quota_share", exact=True).is_visible()
    page.get_by_text("KUBE grant: 2,000,000 Rp per member").wait_for()
    # the comparator runs and both lines show in every chart
    page.wait_for_function("document.querySelectorAll('.jaring-chart[aria-label]').length == 5")
    labels = chart_labels(page)
    for title in ("Poverty headcount", "Poverty gap", "Debt trap", "Spending"):
        label = next(x for x in labels if f'about "{title}' in x)
        assert "(policy)" in label and "(comparator)" in label, label

    # Step at 2,000 households, timed (printed: no timed assertions)
    times = []
    for k in range(1, 7):
        t = time.perf_counter()
        page.get_by_role("button", name="Step").click()
        page.get_by_text(f"Month {k} of").wait_for(timeout=STEP_TIMEOUT_MS)
        times.append(time.perf_counter() - t)
    with capsys.disabled():
        print(
            f"\npage Step at 2,000 households (policy + comparator): median "
            f"{statistics.median(times[1:]):.2f} s, each {[round(t, 2) for t in times]}"
        )

    # a disabled programme's sliders are disabled; a moved slider shows its value
    assert disabled(page, "BLT amount") and not disabled(page, "PKH quota")
    page.get_by_text("programmes.blt.amount (switch BLT on to use)").wait_for()
    quota = slider_of(page, "PKH quota")
    press(page, quota, "ArrowRight", 2)
    page.get_by_text("PKH quota: 0.13 share of households").wait_for()
    # switching BLT on enables it; months 6; then Reset applies everything
    page.locator(".v-input--switch", has_text="BLT on").locator("label").click()
    page.wait_for_function(
        "!document.querySelector('.jaring-control .v-input--is-disabled')"
        " || ![...document.querySelectorAll('.jaring-control')].some(e => "
        "e.innerText.startsWith('BLT amount:') && e.querySelector('.v-input--is-disabled'))"
    )
    months = page.get_by_label("Months")
    months.fill("6")
    months.press("Enter")
    reset(page)
    page.get_by_text("programmes.pkh.quota_share=0.13").wait_for()
    page.get_by_text("programmes.blt.enabled=true").wait_for()
    page.get_by_text("Month 0 of 6").wait_for()
    step_months(page, 1)
    spending = page.get_by_text("Spending this month:").inner_text()
    blt = float(spending.split("BLT Rp ")[1].split(" million")[0].replace(",", ""))
    assert blt > 0, spending  # the switch changed spending

    # run to month N
    target = page.get_by_label("Month N")
    target.fill("4")
    target.press("Enter")
    page.get_by_role("button", name="Run to month N").click()
    page.get_by_text("Month 4 of 6").wait_for(timeout=STEP_TIMEOUT_MS)

    # the inspector: click a household on the map; its debt is the model's
    settings = {"scenario_name": "combined", "pkh_quota_share": 0.13, "blt_on": True}
    model = ExploreModel(**settings, months="6")
    model.run_to(4)
    x, y = 3, 2
    household = int(((model.layout.x == x) & (model.layout.y == y)).nonzero()[0][0])
    cell = map_cell(model.layout)
    page.locator(".jaring-map").click(
        position={"x": MAP_LEFT + (x + 0.5) * cell, "y": MAP_TOP + (y + 0.5) * cell}
    )
    page.get_by_text(f"Household {household} in month 4").wait_for()
    debt = dict(household_record(model, household)["Debt by lender"])
    for lender in ("family lender", "informal lender", "total debt"):
        page.get_by_text(f"{lender}: {debt[lender]}", exact=True).wait_for()
    number = page.get_by_label("Household number")
    number.fill("7")
    number.press("Enter")
    page.get_by_text("Household 7 in month 4").wait_for()
    total = dict(household_record(model, 7)["Debt by lender"])["total debt"]
    page.get_by_text(f"total debt: {total}", exact=True).wait_for()

    # the map shows where policy and comparator differ
    page.locator(".v-select", has_text="Map shows").click()
    page.get_by_role("option", name="policy vs comparator: who is poor").click()
    page.wait_for_function(
        "(document.querySelector('.jaring-map').getAttribute('aria-label') || '')"
        ".includes('lifted out')"
    )

    # several seeds: the band
    press(page, slider_of(page, "Seeds run together"), "ArrowRight", 2)
    page.get_by_text("Seeds run together: 3").wait_for()
    reset(page)
    page.get_by_text("(3 paired runs)").wait_for()
    step_months(page, 2)
    page.wait_for_function(
        "[...document.querySelectorAll('.jaring-chart')].some("
        "e => (e.getAttribute('aria-label') || '').includes('95 % band'))"
    )

    # exports: the series CSV equals a command-line run of the downloaded scenarios
    page.get_by_role("button", name="Run to month N").click()
    page.get_by_text("Month 4 of 6").wait_for(timeout=STEP_TIMEOUT_MS)
    step_months(page, 2)  # month 6, the last
    files = {}
    for label in ("Series (CSV", "Policy settings", "Comparator settings"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[label] = path
    out = tmp_path / "cli"
    args = ["run", str(files["Policy settings"]), str(files["Comparator settings"])]
    assert main([*args, "--replications", "3", "--out", str(out), "--quiet"]) == 0
    pd.testing.assert_frame_equal(
        pd.read_csv(files["Series (CSV"]), pd.read_csv(out / "timeseries.csv"), check_exact=True
    )

    # a seed that is not a number: a message, and the page keeps working
    seed = page.get_by_label("Seed", exact=True)
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("seed: must be a whole number, got 'abc'").wait_for()
    step_months(page, 1)
    assert month_shown(page) == 1

    # offline: the page asked nothing of any other host
    elsewhere = [u for u in requests if not u.startswith((page_url, "data:", "blob:"))]
    assert elsewhere == [] and any(u.startswith(page_url) for u in requests)
    shot = tmp_path / "viz.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    page.close()
