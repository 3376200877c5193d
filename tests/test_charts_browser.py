"""The charts in Debian's headless Chromium: the example site's journey, persona, phase and team
pages (and a hand-written page with a journeymap block) draw their charts in light and dark mode,
after a full load and after an instant navigation, without a request to any other host; hover
shows the details, a click on a point opens its touchpoint, and a palette switch re-themes.

    .venv/bin/pytest tests/test_charts_browser.py -m browser
    JOURNEYMAPS_SCREENSHOTS=1 .venv/bin/pytest tests/test_charts_browser.py -m browser   # also docs/images/*.png
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import REPO, mkdocs

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("JM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = {
    "journey": "journeys/webshop/",
    "persona": "journeys/webshop/personas/nieuwe-klant/",
    "phase": "journeys/webshop/phases/do/",
    "team": "teams/team-payments/",
    "hand-written": "embedding-charts/",
}
ALL_DRAWN = """() => {
  const plots = document.querySelectorAll('.jm-chart__plot');
  return plots.length > 0 && [...plots].every(p => p.dataset.jmRendered === 'true' && p.querySelector('.main-svg'));
}"""
TICK_FILL = "sel => getComputedStyle(document.querySelector(sel + ' .xtick text')).fill"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("charts-browser") / "site"
    result = mkdocs(REPO, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    # Instant navigation follows only links listed in sitemap.xml, and Material compares their port:
    # serve the site as if site_url named this server (it names http://127.0.0.1:8000/).
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(
        "http://127.0.0.1:8000/", f"http://127.0.0.1:{server.server_address[1]}/"), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api  # a test dependency: a missing install must fail, not skip
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: run `make browser-deps`", pytrace=False)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Session:
    """A browser context in one palette that aborts and records every request to another host."""

    def __init__(self, browser, scheme: str):
        self.foreign: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 1000})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function(ALL_DRAWN, timeout=20000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def light(browser):
    session = Session(browser, "light")
    yield session
    session.close()


def luminance(css_colour: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_draws_its_charts_offline(browser, base_url, scheme):
    session = Session(browser, scheme)
    try:
        for kind, path in PAGES.items():
            session.open(base_url + path)
            page = session.page
            plots = page.locator(".jm-chart__plot")
            assert plots.count() >= 1, kind
            assert page.locator(".jm-chart__plot .main-svg").count() >= plots.count(), kind
            assert page.locator(".jm-chart__plot.js-plotly-plot").count() == plots.count(), kind
            assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
            fill = page.evaluate(TICK_FILL, ".jm-chart__plot")
            # the chart's text follows the palette: dark text on light, light text on dark
            assert (luminance(fill) > 0.6) == (scheme == "dark"), (kind, fill)
            background = page.evaluate("getComputedStyle(document.querySelector('.jm-chart__plot .main-svg')).backgroundColor")
            assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
            scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('plotly'))")
            assert scripts == [base_url + "assets/journeymaps/plotly.min.js"], scripts
        assert session.foreign == []
        assert session.errors == []
    finally:
        session.close()


def test_pages_without_charts_do_not_load_plotly(light, base_url):
    light.page.goto(base_url + "journeys/webshop/decisions/")
    light.page.wait_for_load_state("load")
    assert light.page.evaluate("typeof window.Plotly") == "undefined"
    assert light.page.evaluate("[...document.scripts].filter(s => s.src.includes('plotly')).length") == 0


def _point_of(page, chart_id: str, trace: int = 1):
    """The centre of the first marker of a trace (trace 0 of a curve is the target marks)."""
    box = page.locator(f"#{chart_id} .scatterlayer .trace").nth(trace).locator(".points path").first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_hover_shows_the_touchpoint_and_a_click_opens_it(light, base_url):
    light.open(base_url + PAGES["journey"])
    page = light.page
    page.locator("#jm-chart-webshop-curve").scroll_into_view_if_needed()
    x, y = _point_of(page, "jm-chart-webshop-curve")
    page.mouse.move(x, y)
    hover = page.locator("#jm-chart-webshop-curve .hoverlayer .hovertext")
    hover.first.wait_for(timeout=5000)
    text = hover.first.text_content()
    assert "Score:" in text and "Target:" in text and "State:" in text, text
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/journeys/webshop/phases/[a-z-]+/#tp-[a-z0-9-]+$"), timeout=10000)
    anchor = page.evaluate("location.hash")
    assert page.locator(anchor).count() == 1  # the touchpoint's section on its phase page
    page.wait_for_function(ALL_DRAWN, timeout=20000)
    assert light.foreign == [] and light.errors == []


def wait_chart(page, chart_id: str) -> None:
    """Until the chart is drawn: after an instant navigation the URL changes before the content does."""
    page.wait_for_function(
        f"() => !!document.querySelector('#{chart_id} .jm-chart__plot[data-jm-rendered=true] .main-svg')",
        timeout=20000)
    page.wait_for_function(ALL_DRAWN, timeout=20000)


def click_link(page, selector: str) -> None:
    """A real click on a link, scrolled to the middle of the window (not under the sticky header)."""
    link = page.locator(selector).first
    link.evaluate("a => a.scrollIntoView({block: 'center'})")
    link.click()


def test_instant_navigation_draws_the_next_pages_charts(light, base_url):
    light.open(base_url + PAGES["journey"])
    page = light.page
    page.evaluate("window.__jmSamePage = true")
    click_link(page, ".md-content a[href$='personas/nieuwe-klant/']")
    page.wait_for_url(re.compile(r"/journeys/webshop/personas/nieuwe-klant/$"))
    wait_chart(page, "jm-chart-webshop-nieuwe-klant-curve")
    assert page.evaluate("window.__jmSamePage") is True  # no full page load: Material's instant navigation
    assert page.locator("#jm-chart-webshop-curve").count() == 0
    # back to the journey through the link at the top of the persona page, and then history back
    click_link(page, ".md-content .jm-meta a[href$='webshop/']")
    page.wait_for_url(re.compile(r"/journeys/webshop/$"))
    wait_chart(page, "jm-chart-webshop-curve")
    page.go_back()
    page.wait_for_url(re.compile(r"/personas/nieuwe-klant/$"))
    wait_chart(page, "jm-chart-webshop-nieuwe-klant-curve")
    assert page.evaluate("window.__jmSamePage") is True
    assert sum(1 for url in light.requests if url.endswith("/plotly.min.js")) == 1  # loaded once, kept
    assert light.foreign == [] and light.errors == []


def test_switching_the_palette_rethemes_the_charts(light, base_url):
    light.open(base_url + PAGES["journey"])
    page = light.page
    before = page.evaluate(TICK_FILL, "#jm-chart-webshop-curve")
    page.locator("label[for=__palette_1]").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_function(f"() => ({TICK_FILL})('#jm-chart-webshop-curve') !== {before!r}", timeout=5000)
    after = page.evaluate(TICK_FILL, "#jm-chart-webshop-curve")
    assert luminance(before) < 0.4 < 0.6 < luminance(after), (before, after)
    page.locator("label[for=__palette_0]").click()
    page.wait_for_function(f"() => ({TICK_FILL})('#jm-chart-webshop-curve') === {before!r}", timeout=5000)
    assert light.errors == []


def test_screenshots_for_the_readme(browser, base_url, tmp_path):
    """The journey map and a phase page render to images of a real size. With JOURNEYMAPS_SCREENSHOTS=1
    they are written to docs/images/ (the README's screenshots); otherwise to a temporary folder."""
    images = REPO / "docs" / "images" if os.environ.get("JOURNEYMAPS_SCREENSHOTS") else tmp_path
    images.mkdir(parents=True, exist_ok=True)
    session = Session(browser, "light")
    try:
        session.page.set_viewport_size({"width": 1400, "height": 1000})
        session.open(base_url + PAGES["journey"])
        session.page.locator("#jm-chart-webshop-curve").screenshot(path=str(images / "journey-map.png"))
        session.open(base_url + PAGES["phase"])
        page = session.page
        top = page.locator("article h1").bounding_box()
        bottom = page.locator("figure.jm-chart").last.bounding_box()
        content = page.locator("article").bounding_box()
        page.screenshot(path=str(images / "phase.png"), full_page=True, clip={
            "x": content["x"] - 16, "y": top["y"] - 8, "width": content["width"] + 32,
            "height": bottom["y"] + bottom["height"] - top["y"] + 16,
        })
    finally:
        session.close()
    for name, min_width in (("journey-map.png", 600), ("phase.png", 600)):
        data = (images / name).read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and width >= min_width and height >= 300, (name, width, height)
        assert len(data) > 20_000, (name, len(data))  # a drawn chart, not an empty frame
