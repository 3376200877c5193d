"""The charts look the same however Material brings their page in (issue 11).

Material's navigation.instant swaps the page without a reload: it replaces the content and removes
every head element the next page's head does not have, plotly's global stylesheet
(<style id="plotly.js-style-global">) included. Without it the charts still "render" (an SVG, a
data-jm-rendered="true"), but legends and phase titles drop below the plot and hover shows
nothing. So these tests compare what a reader sees, pixel by pixel:

- every chart on every page type with charts, in light and dark: a screenshot of the chart element
  (the plot and its caption) after a full load, after an instant navigation (a click on a link
  from another chart page) and after back and forward (popstate, also instant) must be
  pixel-identical; plotly's global style is in the document, and hovering each chart shows a
  tooltip;
- the reader's first click from the issue: the journey map, then "Ruud, vaste klant";
- a chart that is hidden when it is drawn (display:none, a collapsed <details>, a content tab not
  shown) draws at its box's full width once shown: pixel-identical to the same chart on the same
  page drawn while its box was open.

Screenshots are compared by their pixels (PNG decoded with zlib, no imaging library); a failure
says which chart differs and by what share of its pixels, and keeps both PNGs under
build/browser-shots/ to look at.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path
from urllib.request import urlopen

import pytest

from .conftest import PAGE_TYPES, PALETTES, REPO, mark_old, wait_for_charts, wait_swapped
from .test_browser_charts import hover_chart

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("JM_BROWSER_SHOTS", REPO / "build" / "browser-shots"))

# The page types with charts, and the chart page each is reached from by an instant navigation
# (a page with charts of its own: plotly is loaded and its global style is in the head when
# Material swaps the page). test_every_page_type_with_charts_is_compared keeps this list complete.
ORIGIN = {
    "journey map": "persona",
    "persona": "journey map",
    "phase": "journey map",
    "team": "journey map",
    "hand-written page with a chart": "journey map",
}
INSTANT_PAGES = list(ORIGIN)

# Material's fixed chrome (header, tabs, back-to-top button) can lie over a chart in an element
# screenshot, depending on the scroll direction: hidden (layout kept) while a chart is shot.
CHROME_OFF = ".md-header, .md-tabs, .md-top, .md-dialog { visibility: hidden !important; }"


# -- PNG pixels, with the standard library -------------------------------------------------------

def png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, unfiltered pixel rows) of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unexpected PNG format {header}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return width, height, bpp, bytes(out)


def differing_share(a: bytes, b: bytes) -> float:
    """The share of pixels (0..1) that differ between two PNGs; 1.0 when their sizes differ."""
    if a == b:
        return 0.0
    wa, ha, bpp_a, pa = png_pixels(a)
    wb, hb, bpp_b, pb = png_pixels(b)
    if (wa, ha) != (wb, hb):
        return 1.0
    if pa == pb and bpp_a == bpp_b:
        return 0.0
    differ = 0
    for i in range(wa * ha):
        if pa[i * bpp_a:i * bpp_a + 3] != pb[i * bpp_b:i * bpp_b + 3]:
            differ += 1
    return differ / (wa * ha)


def size_of(png: bytes) -> str:
    width, height = struct.unpack(">II", png[16:24])
    return f"{width}x{height}"


# -- what a reader does ---------------------------------------------------------------------------

def figure_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.jm-chart')].map(f => f.id)")


CHART_BOX = """id => new Promise(done => {
  // The plot and its caption (where a legend that lost plotly's styles lands), as one box. The
  // data table's <details> below is left out: Chromium draws its rounded corners a shade apart
  // from one load to the next, plotted pixels never.
  const figure = document.getElementById(id);
  figure.scrollIntoView({block: 'center'});
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const parts = [...figure.querySelectorAll(':scope > .jm-chart__plot, :scope > .jm-chart__summary')]
      .map(el => el.getBoundingClientRect());
    const top = Math.min(...parts.map(r => r.top)), bottom = Math.max(...parts.map(r => r.bottom));
    const box = figure.getBoundingClientRect();
    done({x: box.left, y: top, width: box.width, height: bottom - top});
  }));
})"""


def shoot(page, figure_id: str) -> bytes:
    """A screenshot of the chart element (the plot with its caption), at rest."""
    size = page.viewport_size
    page.mouse.move(size["width"] - 2, size["height"] - 2)  # no hover label, no hover styles
    tag = page.add_style_tag(content=CHROME_OFF)
    try:
        clip = page.evaluate(CHART_BOX, figure_id)
        assert clip["width"] > 0 and clip["height"] > 0, f"chart #{figure_id} has no box: {clip}"
        return page.screenshot(clip=clip, animations="disabled")
    finally:
        tag.evaluate("el => el.remove()")


def shoot_all(page, ids: list[str]) -> dict[str, bytes]:
    return {figure_id: shoot(page, figure_id) for figure_id in ids}


def compare(reference: dict[str, bytes], now: dict[str, bytes], label: str) -> list[str]:
    """Lines naming each chart whose screenshot differs from the reference (both PNGs kept)."""
    lines = []
    for figure_id, png in reference.items():
        shot = now.get(figure_id)
        if shot is None:
            lines.append(f"{figure_id}: missing {label}")
            continue
        share = differing_share(png, shot)
        if share:
            SHOTS.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^\w-]+", "-", f"{figure_id}-{label}")
            (SHOTS / f"{stem}-full-load.png").write_bytes(png)
            (SHOTS / f"{stem}.png").write_bytes(shot)
            lines.append(f"{figure_id}: {share:.3%} of pixels differ {label} "
                         f"(full load {size_of(png)}, {label} {size_of(shot)}; both in {SHOTS})")
    return lines


def click_link_to(page, path: str) -> None:
    """Clicks a link to `path` as a reader would: a visible link of the content if the page has
    one, else one put at the top of the content. Marks the current plots, and returns when the
    new page's content has replaced them."""
    target = page.evaluate("p => new URL(p, location.href).href", path)
    mark_old(page)
    link = page.evaluate("""target => {
        const a = [...document.querySelectorAll('.md-content a[href]')]
          .find(a => a.href === target && a.getClientRects().length && !a.closest('.jm-chart'));
        if (a) { a.id = a.id || 'jm-test-link'; return '#' + CSS.escape(a.id); }
        return null; }""", target)
    if link is None:
        page.evaluate("""href => { const a = document.createElement('a'); a.href = href; a.id = 'jm-test-link';
            a.textContent = 'go'; document.querySelector('.md-content').prepend(a); }""", path)
        link = "#jm-test-link"
    page.locator(link).first.click()
    wait_swapped(page, target)


GLOBAL_STYLE = """() => {
  const styles = document.querySelectorAll('style[id="plotly.js-style-global"]');
  const el = styles[0];
  let rules = [];
  try { rules = el && el.sheet ? [...el.sheet.cssRules].map(r => r.cssText) : []; } catch (e) {}
  const svg = document.querySelector('.jm-chart__plot .main-svg');
  return {count: styles.length, rules: rules.length,
          stacked: !!svg && getComputedStyle(svg).position === 'absolute'};
}"""


def global_style_problems(page, when: str) -> list[str]:
    style = page.evaluate(GLOBAL_STYLE)
    if style["count"] == 1 and style["rules"] > 0 and style["stacked"]:
        return []
    return [f"{when}: plotly's global style is {style['count']} <style id=plotly.js-style-global> with "
            f"{style['rules']} rules; SVG layers stacked: {style['stacked']} (expected 1, > 0, True)"]


def assert_global_style(page, when: str) -> None:
    problems = global_style_problems(page, when)
    assert not problems, problems[0]


def assert_tooltips(page, ids: list[str], when: str) -> None:
    page.bring_to_front()
    for figure_id in ids:
        found = hover_chart(page, figure_id)
        assert found is not None, f"{when}: hovering chart #{figure_id} showed no tooltip"
        text = page.locator(f"#{figure_id} .hoverlayer .hovertext").first.text_content()
        assert text and text.strip(), f"{when}: empty tooltip on #{figure_id}"
    size = page.viewport_size
    page.mouse.move(size["width"] - 2, size["height"] - 2)


def mark_no_reload(page) -> None:
    page.evaluate("window.__jmNoReload = true")


def assert_no_reload(page, when: str) -> None:
    assert page.evaluate("window.__jmNoReload === true"), f"{when}: the page was reloaded, not swapped in"


# -- the tests ----------------------------------------------------------------------------------

def test_every_page_type_with_charts_is_compared(visit):
    """The page types with charts are exactly those the instant tests go through."""
    with_charts = [t for t in PAGE_TYPES if visit(t, "light").charts]
    assert sorted(with_charts) == sorted(INSTANT_PAGES), (
        f"page types with charts {with_charts}; compared after instant navigation {INSTANT_PAGES}")


@pytest.mark.parametrize("page_type,palette", [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}")
                                               for t in INSTANT_PAGES for p in PALETTES])
def test_charts_look_the_same_after_instant_navigation(browser, example_server, page_type, palette):
    target = PAGE_TYPES[page_type]
    origin = PAGE_TYPES[ORIGIN[page_type]]
    with browser.isolated_page(palette) as probe:
        page = probe.page
        page.bring_to_front()
        # 1. The reference: a full load of the page.
        page.goto(example_server.url(target), wait_until="networkidle")
        wait_for_charts(page)
        ids = figure_ids(page)
        assert ids, f"{page_type}: no chart on a full load"
        assert_global_style(page, f"{page_type} ({palette}), full load")
        reference = shoot_all(page, ids)

        # 2. A full load of another chart page, then a click on a link to this one.
        page.goto(example_server.url(origin), wait_until="networkidle")
        wait_for_charts(page)
        mark_no_reload(page)
        click_link_to(page, target)
        wait_for_charts(page)
        when = f"{page_type} ({palette}), instant navigation from {origin}"
        assert_no_reload(page, when)
        assert figure_ids(page) == ids, when
        problems = compare(reference, shoot_all(page, ids), "after instant navigation")
        problems += global_style_problems(page, when)

        # 3. Back to the other page and forward again: Material swaps both in on popstate.
        mark_old(page)
        page.go_back()
        wait_swapped(page, example_server.url(origin))
        wait_for_charts(page)
        mark_old(page)
        page.go_forward()
        wait_swapped(page, example_server.url(target))
        wait_for_charts(page)
        assert_no_reload(page, f"{page_type} ({palette}), back and forward")
        problems += compare(reference, shoot_all(page, ids), "after back and forward")
        problems += global_style_problems(page, f"{page_type} ({palette}), back and forward")
        assert not problems, (f"{page_type} ({palette}): the charts look different than after a full "
                              "load:\n" + "\n".join(problems))

        assert_tooltips(page, ids, when)
        assert probe.problems() == [], when


def test_the_first_click_from_the_journey_map(browser, example_server):
    """The issue's reader: /journeys/webshop/ (a full load), then the link "Ruud, vaste klant"."""
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.bring_to_front()
        persona = "/journeys/webshop/personas/vaste-klant/"
        page.goto(example_server.url(persona), wait_until="networkidle")
        wait_for_charts(page)
        ids = figure_ids(page)
        reference = shoot_all(page, ids)

        page.goto(example_server.url("/journeys/webshop/"), wait_until="networkidle")
        wait_for_charts(page)
        assert_global_style(page, "journey map, full load")
        mark_no_reload(page)
        mark_old(page)
        page.locator(".md-content a", has_text="Ruud, vaste klant").first.click()
        wait_swapped(page, example_server.url(persona))
        wait_for_charts(page)
        assert_no_reload(page, "Ruud, vaste klant")
        problems = compare(reference, shoot_all(page, ids), "after the click on Ruud")
        problems += global_style_problems(page, "after the click on 'Ruud, vaste klant'")
        assert not problems, "\n".join(problems)
        assert_tooltips(page, ids, "after the click on 'Ruud, vaste klant'")
        assert probe.problems() == []


# -- charts that are hidden when they are drawn ---------------------------------------------------

HIDDEN_PAGE = "hand-written page with a chart"
BOXES = ("later", "closed", "tab")  # the copies of the chart, by the box that hides them


def with_copies(source: str, shown: bool) -> tuple[str, str]:
    """The hand-written page with three copies of its first chart, each in a box that hides it at
    load (`shown` false) or shows it (`shown` true): a <div hidden> (shown later by a script, as
    any widget may), a collapsed <details> (`??? note`), and the second tab of a content tab set
    (Material's markup). Returns the page and the first chart's id."""
    start = source.index('<figure class="jm-chart')
    end = source.index("</figure>", start) + len("</figure>")
    figure = source[start:end]
    figure_id = re.search(r'\bid="([^"]+)"', figure).group(1)

    def copy(box: str) -> str:
        return figure.replace(figure_id, f"{figure_id}-{box}")

    checked = ' checked="checked"'
    extra = (
        f'<div class="jm-test-later"{"" if shown else " hidden"}>{copy("later")}</div>'
        f'<details class="note"{" open" if shown else ""}><summary>Collapsed note</summary>{copy("closed")}</details>'
        '<div class="tabbed-set tabbed-alternate" data-tabs="91:2">'
        f'<input{"" if shown else checked} id="__tabbed_91_1" name="__tabbed_91" type="radio">'
        f'<input{checked if shown else ""} id="__tabbed_91_2" name="__tabbed_91" type="radio">'
        '<div class="tabbed-labels"><label for="__tabbed_91_1">First tab</label>'
        '<label for="__tabbed_91_2">Second tab</label></div>'
        '<div class="tabbed-content"><div class="tabbed-block"><p>The first tab.</p></div>'
        f'<div class="tabbed-block">{copy("tab")}</div></div></div>'
    )
    return source[:end] + extra + source[end:], figure_id


@pytest.fixture(scope="module")
def hand_written_html(example_server) -> str:
    with urlopen(example_server.url(PAGE_TYPES[HIDDEN_PAGE])) as response:
        return response.read().decode("utf-8")


PLOT_WIDTHS = """id => {
  const plot = document.querySelector('#' + CSS.escape(id) + ' .jm-chart__plot');
  const svg = plot.querySelector('.main-svg');
  return {box: Math.round(plot.getBoundingClientRect().width), svg: svg ? Math.round(svg.getBoundingClientRect().width) : 0};
}"""

ALL_COPIES_DRAWN = """ids => ids.every(id => {
  const el = document.querySelector('#' + CSS.escape(id) + ' .jm-chart__plot');
  return el && el.dataset.jmRendered === 'true' && el.querySelector('.main-svg'); })"""


@pytest.mark.parametrize("how", ["full load", "instant navigation"])
def test_a_chart_hidden_when_drawn_fills_its_box_once_shown(browser, example_server, hand_written_html, how):
    """A chart in a box that hides it (display:none, a tab not shown, a collapsed <details>) is
    drawn while hidden; once shown, its SVG is as wide as its box and it looks exactly like the
    same chart on the same page drawn while its box was open (same place, same pixels)."""
    path = PAGE_TYPES[HIDDEN_PAGE]
    url = example_server.url(path)
    pages = {shown: with_copies(hand_written_html, shown) for shown in (True, False)}
    figure_id = pages[True][1]
    ids = [f"{figure_id}-{box}" for box in BOXES]
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.bring_to_front()
        serve = {"shown": True}
        page.route(url, lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=pages[serve["shown"]][0]))

        # The reference: every box open at load.
        page.goto(url, wait_until="networkidle")
        wait_for_charts(page)
        reference = shoot_all(page, ids)

        # Every box closed at load (a full load, or a click from another page), then opened.
        serve["shown"] = False
        if how == "full load":
            page.goto(url, wait_until="networkidle")
        else:
            page.goto(example_server.url(PAGE_TYPES["journey map"]), wait_until="networkidle")
            wait_for_charts(page)
            mark_no_reload(page)
            click_link_to(page, path)
            assert_no_reload(page, how)
        page.wait_for_function(ALL_COPIES_DRAWN, arg=ids)
        page.evaluate("document.querySelector('.jm-test-later').hidden = false")
        page.locator("summary", has_text="Collapsed note").click()
        page.locator("label[for='__tabbed_91_2']").click()
        problems = []
        for figure in ids:
            # Settled: the shown chart's SVG has its box's width (the assertion below says if not).
            try:
                page.wait_for_function(f"id => {{ const w = ({PLOT_WIDTHS})(id); return w.box > 0 && w.box === w.svg; }}",
                                       arg=figure, timeout=5_000)
            except Exception:
                pass
            widths = page.evaluate(PLOT_WIDTHS, figure)
            if widths["svg"] != widths["box"]:
                problems.append(f"{figure}: drawn {widths['svg']}px wide in a {widths['box']}px box once shown")
        problems += compare(reference, shoot_all(page, ids), f"drawn hidden ({how}), then shown")
        assert not problems, f"{how}:\n" + "\n".join(problems)
        assert probe.problems() == [], how
