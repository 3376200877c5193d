"""The charts, as a reader uses them: drawn on load and after an instant navigation, a tooltip on
hover, a click on a point goes to its page, and a palette switch re-themes them; plotly.js comes
from the site itself, only to pages with a chart, and once per visit.

    JOURNEYMAPS_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_browser_charts.py -k screenshots   # docs/images/*.png

Written against the charts' DOM contract (issue 4): <figure class="jm-chart"> holding
<div class="jm-chart__plot" data-jm-figure role="img" aria-label>, which gets
data-jm-rendered="true" and plotly's .main-svg once drawn. Every check here is about the charts a
page has: a page without .jm-chart passes them, and test_chart_pages_have_charts says which
pages must have one.
"""

from __future__ import annotations

import os
import re

import pytest

from .conftest import PAGE_TYPES, PALETTES, REPO, mark_old, wait_for_charts, wait_swapped

pytestmark = pytest.mark.browser

PAGES = list(PAGE_TYPES)
# The pages that the spec (section 6) and docs/embedding-charts.md give a chart.
CHART_PAGES = ["journey map", "persona", "phase", "hand-written page with a chart"]


def chart_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.jm-chart')].map(f => f.id)")


@pytest.mark.parametrize("page_type", CHART_PAGES)
def test_chart_pages_have_charts(visit, page_type):
    v = visit(page_type, "light")
    assert chart_ids(v.probe.page), f"{page_type}: no .jm-chart on {v.probe.page.url}"


@pytest.mark.parametrize("page_type,palette", [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}")
                                               for t in PAGES for p in PALETTES])
def test_charts_render(visit, page_type, palette):
    """visit() already waited for each plot to be drawn; here: every chart was, and has an SVG."""
    page = visit(page_type, palette).probe.page
    state = page.evaluate("""() => [...document.querySelectorAll('.jm-chart')].map(f => {
        const plot = f.querySelector('.jm-chart__plot');
        return {id: f.id, rendered: plot && plot.dataset.jmRendered, svg: !!(plot && plot.querySelector('.main-svg')),
                width: plot ? plot.getBoundingClientRect().width : 0};
    })""")
    for chart in state:
        assert chart["rendered"] == "true" and chart["svg"], f"{page_type} ({palette}): {chart}"
        assert chart["width"] > 100, f"{page_type} ({palette}): chart {chart['id']} is drawn {chart['width']}px wide"
    if state:  # the charts' text follows the palette from the first paint: dark on light, light on dark
        fill = page.evaluate("getComputedStyle(document.querySelector('.jm-chart__plot .xtick text')).fill")
        assert (luminance(fill) > 0.6) == (palette == "dark"), f"{page_type} ({palette}): tick text {fill}"
        background = page.evaluate("getComputedStyle(document.querySelector('.jm-chart__plot .main-svg')).backgroundColor")
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), f"{page_type} ({palette}): {background}"


def luminance(css_colour: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("page_type", PAGES)
def test_plotly_comes_from_the_site_and_only_to_pages_with_a_chart(visit, example_server, page_type):
    page = visit(page_type, "light").probe.page
    scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('plotly'))")
    if chart_ids(page):
        assert scripts == [example_server.url("/assets/journeymaps/plotly.min.js")], f"{page_type}: {scripts}"
    else:
        assert scripts == [], f"{page_type}: plotly.js loaded on a page without a chart: {scripts}"
        assert page.evaluate("typeof window.Plotly") == "undefined", page_type


HOVER_TARGETS = """plot => {
  // Points of scatter and bar traces; for a heatmap (no points), the middle of the plot area.
  const box = el => { const r = el.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height}; };
  const points = [...plot.querySelectorAll('.scatterlayer .point, .barlayer .point')]
    .map(box).filter(b => b.w > 0 && b.h > 0);
  if (points.length) return points.slice(0, 12);
  const drag = plot.querySelector('.nsewdrag');
  return drag ? [box(drag)] : [];
}"""

LISTEN = """plot => {
  window.__jmHover = null;
  plot.on('plotly_hover', e => { window.__jmHover = (e.points || []).map(p => {
      const c = Array.isArray(p.customdata) ? p.customdata[0] : p.customdata;
      return typeof c === 'string' ? c : null; }); });
}"""


def hover_chart(page, figure_id: str):
    """Moves the mouse over the chart's points until one shows a tooltip; returns (x, y, targets)."""
    plot = page.locator(f"#{figure_id} .jm-chart__plot")
    plot.scroll_into_view_if_needed()
    handle = plot.element_handle()
    page.evaluate(LISTEN, handle)
    for target in page.evaluate(HOVER_TARGETS, handle):
        page.mouse.move(target["x"], target["y"])
        try:
            page.locator(f"#{figure_id} .hoverlayer .hovertext").first.wait_for(state="attached", timeout=500)
        except Exception:
            continue
        return target["x"], target["y"], page.evaluate("window.__jmHover") or []
    return None


@pytest.mark.parametrize("page_type", PAGES)
def test_hover_shows_a_tooltip(visit, page_type):
    page = visit(page_type, "light").probe.page
    page.bring_to_front()  # a page in the background gets no animation frames: plotly hovers on one
    for figure_id in chart_ids(page):
        found = hover_chart(page, figure_id)
        assert found is not None, f"{page_type}: hovering chart #{figure_id} showed no .hoverlayer .hovertext"
        text = page.locator(f"#{figure_id} .hoverlayer .hovertext").first.text_content()
        assert text and text.strip(), f"{page_type}: empty tooltip on #{figure_id}"
    page.mouse.move(0, 0)


@pytest.fixture(scope="module")
def interactive(browser, example_server, charts_ready):
    """A chart page per page type in a context of its own, kept for the palette test and then the
    click test (which navigates away), so each page type loads plotly once for both."""
    pages: dict[str, tuple] = {}

    def get(page_type: str, fresh: bool = False):
        if fresh or page_type not in pages:
            if page_type in pages:
                pages.pop(page_type)[0].__exit__(None, None, None)
            manager = browser.isolated_page("light")
            probe = manager.__enter__()
            probe.page.goto(example_server.url(PAGE_TYPES[page_type]))
            charts_ready(probe.page)
            pages[page_type] = (manager, probe)
        return pages[page_type][1]

    def done(page_type: str) -> None:
        if page_type in pages:
            pages.pop(page_type)[0].__exit__(None, None, None)

    get.done = done
    yield get
    for manager, _ in pages.values():
        manager.__exit__(None, None, None)


THEME = """() => [...document.querySelectorAll('.jm-chart__plot')].map(el => {
  const text = el.querySelector('.main-svg text');
  return JSON.stringify({font: el._fullLayout && el._fullLayout.font.color,
                         text: text ? getComputedStyle(text).fill : null,
                         grid: el._fullLayout && el._fullLayout.xaxis && el._fullLayout.xaxis.gridcolor});
})"""


@pytest.mark.parametrize("page_type", PAGES)
def test_palette_switch_rethemes_the_charts(visit, interactive, page_type):
    if not chart_ids(visit(page_type, "light").probe.page):
        return
    probe = interactive(page_type)
    page = probe.page
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    before = page.evaluate(THEME)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    try:
        page.wait_for_function(f"before => ({THEME})().every((t, i) => t !== before[i])", arg=before, timeout=5_000)
    except Exception:
        pass  # the assertion below says what did not change
    after = page.evaluate(THEME)
    assert all(a != b for a, b in zip(after, before)), f"charts not re-themed:\n{before}\n->\n{after}"
    fonts = [re.sub(r"\s", "", str(a)) for a in after]
    assert all('"font":"rgb(0,0,0)"' not in f for f in fonts), f"dark palette, black chart text: {after}"
    assert probe.problems() == []


@pytest.mark.parametrize("page_type", PAGES)
def test_click_on_a_point_goes_to_its_page(visit, interactive, page_type):
    """A click on a point that has a page (customdata) opens that page. One click per page type: the
    first chart whose hovered point carries a link (after the palette test, in the dark palette)."""
    ids = chart_ids(visit(page_type, "light").probe.page)
    if not ids:
        return
    linked = visit(page_type, "light").probe.page.evaluate("""() => [...document.querySelectorAll('.jm-chart__plot')]
        .some(el => (el.data || []).some(t => (t.customdata || []).some(c => typeof (Array.isArray(c) ? c[0] : c) === 'string')))""")
    probe = interactive(page_type)
    page = probe.page
    try:
        for figure_id in ids:
            found = hover_chart(page, figure_id)
            assert found is not None, f"{page_type}: no tooltip on #{figure_id}"
            x, y, targets = found
            target = next((t for t in targets if t), None)
            if target is None:
                continue  # this point has no page (a target line, a heatmap cell without one)
            expected = page.evaluate("t => new URL(t, location.href).href", target)
            with page.expect_navigation(url=expected, wait_until="load"):
                page.mouse.click(x, y)
            assert page.url == expected
            assert page.locator(".md-content h1").count() == 1
            assert probe.problems() == [], f"{page_type}: after the click on #{figure_id}"
            return
        assert not linked, f"{page_type}: the charts have linked points, but no hovered point carried a link"
    finally:
        interactive.done(page_type)


@pytest.fixture(scope="module")
def instant(browser, example_server):
    """One page that moves between the chart pages with Material's instant navigation only: plotly
    is loaded once, and each swap must draw the new page's charts (and purge the old ones)."""
    with browser.isolated_page("light") as probe:
        probe.page.goto(example_server.url("/journeys/"), wait_until="networkidle")  # Material has the sitemap
        probe.page.evaluate("window.__jmNoReload = true")
        yield probe


@pytest.mark.parametrize("page_type", PAGES)
def test_charts_render_after_instant_navigation(visit, instant, example_server, page_type):
    """Material's navigation.instant swaps the page content without a reload: the charts of the new
    page must still be drawn (the script listens to document$)."""
    if not chart_ids(visit(page_type, "light").probe.page):
        return
    page = instant.page
    target = example_server.url(PAGE_TYPES[page_type])
    if page.url == target:  # already here: go elsewhere first
        page.evaluate("() => { const a = document.createElement('a'); a.href = '../'; a.id = 'jm-test-away';"
                      " document.querySelector('.md-content').prepend(a); a.click(); }")
        page.wait_for_function("u => location.href !== u", arg=target)
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href; a.id = 'jm-test-nav';
        a.textContent = 'go'; document.querySelector('.md-content').prepend(a); }""", PAGE_TYPES[page_type])
    mark_old(page)  # Material changes the location before it swaps the content: wait for the new plots
    page.click("#jm-test-nav")
    wait_swapped(page, target)
    page.wait_for_selector(".jm-chart .jm-chart__plot")
    assert page.evaluate("window.__jmNoReload === true"), "the page was reloaded: not an instant navigation"
    drawn = wait_for_charts(page)
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == drawn
    assert sum(url.endswith("/plotly.min.js") for url in instant.requests) == 1  # loaded once, kept across pages
    assert instant.problems() == []


def test_screenshots_for_the_readme(browser, example_server, tmp_path):
    """The journey map and a phase page render to images of a real size. With JOURNEYMAPS_SCREENSHOTS=1
    they are written to docs/images/ (the README's screenshots); otherwise to a temporary folder."""
    images = REPO / "docs" / "images" if os.environ.get("JOURNEYMAPS_SCREENSHOTS") else tmp_path
    images.mkdir(parents=True, exist_ok=True)
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.goto(example_server.url(PAGE_TYPES["journey map"]))
        wait_for_charts(page)
        page.locator("#jm-chart-webshop-curve").screenshot(path=str(images / "journey-map.png"))
        page.goto(example_server.url(PAGE_TYPES["phase"]))
        wait_for_charts(page)
        top = page.locator("article h1").bounding_box()
        bottom = page.locator("figure.jm-chart").last.bounding_box()
        content = page.locator("article").bounding_box()
        page.screenshot(path=str(images / "phase.png"), full_page=True, clip={
            "x": content["x"] - 16, "y": top["y"] - 8, "width": content["width"] + 32,
            "height": bottom["y"] + bottom["height"] - top["y"] + 16,
        })
        assert probe.problems() == []
    for name in ("journey-map.png", "phase.png"):
        data = (images / name).read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and width >= 600 and height >= 300, (name, width, height)
        assert len(data) > 20_000, (name, len(data))  # a drawn chart, not an empty frame
