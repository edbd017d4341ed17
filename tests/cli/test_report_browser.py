"""The report in a real browser: the system's Chromium, driven by Playwright (which downloads no
browser here: `executable_path` points at the distribution's package, installed by .ci/run).

Skipped, with the reason, only where Chromium is missing outside CI; in CI a missing browser fails.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import HOSTILE_NAME, HOSTILE_NOTE, mentornet

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("no Chromium on this machine (apt-get install -y chromium); .ci/run installs it",
                allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")


@pytest.fixture(scope="module")
def report_file(demo_db, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    done = mentornet(demo_db, "report", "--output", str(target))
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "CI must have Chromium: .ci/run installs it with apt-get"
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser, report_file: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {"requests": [], "console": [], "dialogs": [], "errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: seen["console"].append((message.type, message.text)))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    return page, seen


@pytest.mark.parametrize("width", [1280, 390])
def test_loads_quietly_offline_and_fits_the_width(browser, report_file, width, tmp_path):
    page, seen = _open(browser, report_file, width)
    try:
        assert seen["requests"] == [report_file.as_uri()]  # nothing fetched but the file itself
        assert [m for m in seen["console"] if m[0] in ("error", "warning")] == []
        assert seen["errors"] == [] and seen["dialogs"] == []
        scroll_width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= viewport, f"a horizontal scrollbar at {width} px: {scroll_width} > {viewport}"
        shot = page.screenshot(full_page=True)
        assert len(shot) > 30_000  # a blank page compresses to a few kilobytes
        colours = page.evaluate("""[...document.querySelectorAll('svg circle')].length""")
        assert colours > 10  # the map is drawn
        if width == 1280 and os.environ.get("MENTORNET_SCREENSHOT"):
            page.screenshot(path=os.environ["MENTORNET_SCREENSHOT"], full_page=False)
    finally:
        page.close()


def test_hostile_text_is_text_and_runs_nothing(browser, report_file):
    page, seen = _open(browser, report_file, 1280)
    try:
        body = page.inner_text("body")
        assert HOSTILE_NAME in body
        assert "<b>bold</b>" in body  # the note's HTML shows as written
        assert page.evaluate("document.querySelectorAll('script, img, b').length") == 0
        assert seen["dialogs"] == []
        assert HOSTILE_NOTE.split(" ")[0] in body
    finally:
        page.close()


def test_a_script_would_be_refused_by_the_policy(browser, report_file, tmp_path):
    """The CSP is real: the same page with a script slipped in runs nothing."""
    tampered = tmp_path / "tampered.html"
    tampered.write_text(report_file.read_text().replace("</main>", "<script>alert('ran')</script></main>"))
    page, seen = _open(browser, tampered, 1280)
    try:
        assert seen["dialogs"] == []
        assert any("Content Security Policy" in text for _, text in seen["console"])
    finally:
        page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_prints_without_cutting_tables(browser, report_file, paper, tmp_path):
    page, _ = _open(browser, report_file, 1280)
    try:
        page.emulate_media(media="print")
        styles = page.evaluate("""() => ({
            rows: [...document.querySelectorAll('tr')].map(r => getComputedStyle(r).breakInside),
            heads: [...document.querySelectorAll('thead')].map(h => getComputedStyle(h).display),
            tallest: Math.max(...[...document.querySelectorAll('tr')].map(r => r.getBoundingClientRect().height)),
        })""")
        assert styles["rows"] and set(styles["rows"]) == {"avoid"}
        assert set(styles["heads"]) == {"table-header-group"}  # headers repeat on each page
        assert styles["tallest"] < 500  # every row fits on a page, so "avoid" can keep it whole
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 2 <= pages <= 20
    finally:
        page.close()
