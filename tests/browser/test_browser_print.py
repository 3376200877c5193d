"""Print: the journey map printed to PDF on A4 landscape in Chromium has the map (the swimlane grid
with every touchpoint) and none of the site's navigation chrome."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from .conftest import INSTALL_HINT, PAGE_TYPES

pytestmark = pytest.mark.browser

# A4 landscape minus the 10 mm margins of the print stylesheet, in CSS px (96 per inch).
PRINTABLE = {"width": round((297 - 20) / 25.4 * 96), "height": round((210 - 20) / 25.4 * 96)}
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-search", ".md-content__button", ".md-top", ".md-skip"]


@pytest.fixture(scope="module")
def printed(browser, example_server, charts_ready, tmp_path_factory):
    """The journey map in print media, and its PDF as text (pdftotext -layout)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail(f"pdftotext (poppler-utils) is missing: {INSTALL_HINT}", pytrace=False)
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.set_viewport_size(PRINTABLE)  # lay the page out as wide as the paper, as printing does
        page.goto(example_server.url(PAGE_TYPES["journey map"]), wait_until="load")
        charts_ready(page)
        page.emulate_media(media="print")
        state = page.evaluate("""chrome => ({
            hidden: Object.fromEntries(chrome.map(sel => [sel, [...document.querySelectorAll(sel)]
                .every(el => getComputedStyle(el).display === 'none' || !el.checkVisibility())])),
            grid: (() => { const g = document.querySelector('.jm-grid'); if (!g) return null;
                const r = g.getBoundingClientRect(); return {visible: g.checkVisibility(), width: r.width, height: r.height,
                    scrollWidth: g.closest('.jm-scroll') ? g.closest('.jm-scroll').scrollWidth : r.width,
                    boxWidth: g.closest('.jm-scroll') ? g.closest('.jm-scroll').clientWidth : r.width}; })(),
            touchpoints: [...document.querySelectorAll('.jm-grid th.jm-grid__tp a')].map(a => a.textContent.trim()),
            title: document.querySelector('.md-content h1').textContent.trim(),
        })""", CHROME)
        pdf = page.pdf(format="A4", landscape=True, print_background=True)
        assert probe.problems() == []
    path = tmp_path_factory.mktemp("print") / "journey-map.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(path)], capture_output=True, text=True).stdout
    if os.environ.get("JM_KEEP_PDF"):
        shutil.copy(path, os.environ["JM_KEEP_PDF"])
    return {"state": state, "text": text, "pdf": pdf, "info": info, "path": path}


def test_print_hides_the_navigation_chrome(printed):
    hidden = printed["state"]["hidden"]
    assert all(hidden.values()), f"visible in print: {[k for k, v in hidden.items() if not v]}"
    text = printed["text"]
    # The header's site name, the skip link, back-to-top, the edit button and the search box.
    for chrome_text in ("Klantreizen", "Skip to content", "Back to top", "Edit this page", "Type to start searching"):
        assert chrome_text not in text, f"'{chrome_text}' is in the printed PDF"


def test_print_has_the_whole_map(printed):
    state, text = printed["state"], printed["text"]
    assert printed["pdf"].startswith(b"%PDF")
    assert state["grid"] and state["grid"]["visible"] and state["grid"]["height"] > 100, state["grid"]
    assert state["title"] in text
    assert len(state["touchpoints"]) > 5
    flat = " ".join(text.split())
    missing = [t for t in state["touchpoints"] if " ".join(t.split()) not in flat
               and not all(word in flat for word in t.split())]
    assert missing == [], f"touchpoints of the grid not in the printed PDF (cut off?): {missing}"
    grid = state["grid"]
    assert grid["scrollWidth"] <= grid["boxWidth"] + 2, f"the grid is wider than the printed page: {grid}"


def test_print_is_a4_landscape(printed):
    """pdfinfo: 'Page size: 841.92 x 595.2 pts (A4)', wider than high."""
    size = next((line for line in printed["info"].splitlines() if line.startswith("Page size:")), "")
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2, size


def test_a_chart_printed_from_a_wide_window_keeps_its_legend_on_the_paper(browser, example_server, charts_ready,
                                                                          tmp_path):
    """Printed from a 1920 px window, the journey map's chart is drawn wider than A4 landscape: it
    is scaled down to the paper whole, so no word of it (the legend, on the right) lies beyond the
    printable area, where it was cut off ('Sanne, nieuwe k')."""
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(example_server.url(PAGE_TYPES["journey map"]), wait_until="load")
        charts_ready(page)
        widest = page.evaluate("() => Math.max(...[...document.querySelectorAll('.js-plotly-plot .svg-container')]"
                               ".map(box => box.offsetWidth))")
        assert widest > PRINTABLE["width"], widest  # the case this test is about
        (tmp_path / "wide.pdf").write_bytes(page.pdf(format="A4", landscape=True, print_background=True))
        assert probe.problems() == []
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "wide.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(x), text) for x, text in re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"[^>]*>([^<]*)</word>', html)]
    right = (297 - 10) / 25.4 * 72  # the paper's printable right edge, in points
    assert [text for x, text in words if x > right + 1] == []
    flat = " ".join(text for _, text in words)
    assert "Sanne, nieuwe klant" in flat and "Ruud, vaste klant" in flat and "Measured (filled)" in flat


def test_a_page_in_the_dark_palette_prints_dark_on_white(browser, example_server, charts_ready):
    """Paper is white: printed in the dark palette, the page's text and the chart's labels take the
    light palette's dark colours (they stayed near-white, nearly invisible), and after printing
    the chart is dark-palette again."""
    fills = """() => [...document.querySelectorAll('.js-plotly-plot .xtick text, .js-plotly-plot .legendtext')]
        .map(t => getComputedStyle(t).fill)"""
    luminance = "c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number); return (r + g + b) / 3; }"
    with browser.isolated_page("dark") as probe:
        page = probe.page
        page.goto(example_server.url(PAGE_TYPES["journey map"]), wait_until="load")
        charts_ready(page)
        bright = page.evaluate(f"() => ({fills})().map({luminance})")
        assert bright and min(bright) > 150, bright  # the dark palette's light labels on screen
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        printed = page.evaluate(f"() => ({fills})().map({luminance})")
        body = page.evaluate("() => getComputedStyle(document.querySelector('.md-typeset')).color")
        assert max(printed) < 100, printed  # dark labels on the paper
        assert page.evaluate(f"() => ({luminance})('{body}')") < 100, body
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.wait_for_timeout(200)
        assert min(page.evaluate(f"() => ({fills})().map({luminance})")) > 150  # the screen's palette again
        assert probe.problems() == []
