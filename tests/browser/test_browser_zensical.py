"""The page checks that matter to a reader, on the site Zensical builds (issue 14).

The example site is built the second way, `journeymaps generate` + `zensical build --strict -f
mkdocs.journeymaps.yml`, in a temporary copy (the zensical_server fixture), and served like the
plugin's build. On every page type of PAGE_TYPES (journey map, persona, phase, team, the backlogs,
the decision registers, a decision, the personas and teams indexes, the hand-written page with a
```journeymap block, ...), in light and dark:

- the page is there (HTTP 200, its heading), in the palette asked for;
- every chart is drawn: plotly's SVG with a non-zero box and data marks of a non-zero size
  (points, or the heatmap's image), and as many charts as the plugin's build of the same page has
  (at least one on the page types that have charts);
- no console error, uncaught error, failed request, request to another host or dialog;
- on a phone (390 px): nothing makes the page scroll sideways (documentElement.scrollWidth <= 390),
  no chart sticks out of the screen, and the charts are drawn there too;
- the example's mkdocs.yml turns on navigation.instant, and Zensical's theme honours it: a click
  on a link of the site's navigation (tabs or sidebar) swaps each page with charts in without a
  reload, and its charts are drawn, with plotly's global style in the document.
"""

from __future__ import annotations

import re
from urllib.request import urlopen

import pytest

from .conftest import (EXAMPLE_SOURCES, PAGE_TYPES, PALETTES, REPO, bind, build_site, build_with_zensical, copy_project,
                       PHONE, escaping, mark_old, settle, start, stop, wait_for_charts, wait_swapped)
from .test_browser_instant import global_style_problems, mark_no_reload

pytestmark = pytest.mark.browser

CASES = [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}") for t in PAGE_TYPES for p in PALETTES]
# The page types that have charts (test_browser_instant.ORIGIN has the same list for the plugin).
CHART_PAGES = ["journey map", "persona", "phase", "team", "hand-written page with a chart"]
DESKTOP = {"width": 1280, "height": 900}
SCHEME = {"light": "default", "dark": "slate"}

# A chart is drawn when plotly's SVG has a box and its data marks (scatter and bar points, the
# heatmap's image) have one too: a plot with axes but no data, or squeezed to nothing, is not.
CHARTS = """() => [...document.querySelectorAll('.jm-chart')].map(figure => {
  const plot = figure.querySelector('.jm-chart__plot');
  const svg = plot && plot.querySelector('.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const marks = plot ? [...plot.querySelectorAll('.scatterlayer .point, .barlayer .point, .heatmaplayer image')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length : 0;
  return {id: figure.id, rendered: plot ? plot.dataset.jmRendered || '' : 'no .jm-chart__plot',
          width: Math.round(box.width), height: Math.round(box.height), marks,
          right: Math.round(figure.getBoundingClientRect().right)};
})"""

FIGURE = re.compile(r'<figure class="jm-chart[\s"]')
EDIT = re.compile(r'<a href="([^"]+)"[^>]*class="md-content__button md-icon"[^>]*rel="edit"')

# Each page type with charts, reached by a click on a link of the navigation from the page before
# it, as a reader browses: from pages without charts (plotly not loaded yet) and from pages with.
INSTANT_FROM = {
    "hand-written page with a chart": "/",            # sidebar: Embedding charts
    "journey map": "/journeys/",                      # sidebar: Online bestellen
    "persona": "/journeys/webshop/",                  # sidebar: Personas
    "phase": "/journeys/webshop/phases/see/",         # sidebar: Phases > Do
    "team": "/teams/",                                # sidebar: Teams > Team Payments
}

# Visible links of the navigation (tabs, the primary sidebar) to a URL.
NAV_LINK = """target => {
  const a = [...document.querySelectorAll('.md-tabs a[href], .md-sidebar--primary a.md-nav__link[href]')]
    .find(a => a.href === target && a.getClientRects().length && a.getBoundingClientRect().width > 0);
  if (!a) return null;
  a.setAttribute('data-jm-test-nav', '1');
  return a.textContent.trim();
}"""


@pytest.fixture(scope="module")
def plugin_charts(example_server) -> dict[str, int]:
    """The number of charts of each page type in the plugin's build of the same site."""
    counts = {}
    for page_type, path in PAGE_TYPES.items():
        with urlopen(example_server.url(path)) as response:
            counts[page_type] = len(FIGURE.findall(response.read().decode("utf-8")))
    assert all(counts[t] > 0 for t in CHART_PAGES), counts
    return counts


def chart_problems(page, where: str, expected: int, width: int) -> list[str]:
    """Lines naming each chart that is not drawn, or too few charts; [] when all are."""
    charts = page.evaluate(CHARTS)
    problems = []
    if len(charts) != expected:
        problems.append(f"{where}: {len(charts)} charts, the plugin's build has {expected}")
    for chart in charts:
        if chart["rendered"] != "true" or chart["width"] < 100 or chart["height"] < 100 or chart["marks"] == 0:
            problems.append(f"{where}: chart #{chart['id']} is not drawn: {chart}")
        if chart["right"] > width:
            problems.append(f"{where}: chart #{chart['id']} sticks out of the {width} px screen: {chart}")
    return problems


def draw(page, expected: int = 0) -> None:
    """Waits until the page has `expected` charts (a swapped-in page may get its heading before its
    figures) and every chart is drawn, or up to 8 s each: chart_problems then says which is not (a
    timeout here would only say that one was not)."""
    try:
        page.wait_for_function("n => document.querySelectorAll('.jm-chart .jm-chart__plot').length >= n",
                               arg=expected, timeout=8_000)
        wait_for_charts(page, timeout=8_000)
    except Exception:  # playwright's TimeoutError: the assertions after this name the chart
        pass


def open_page(probe, url: str, page_type: str, palette: str, expected: int) -> None:
    page = probe.page
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{page_type}: {url} gave {response and response.status}"
    assert page.locator(".md-content h1").count(), f"{page_type}: no heading on {url}"
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == SCHEME[palette], f"{page_type}: colour scheme {scheme!r} in {palette}"
    if expected:
        draw(page, expected)
    settle(page)


@pytest.mark.parametrize("page_type,palette", CASES)
def test_every_page_type_draws_its_charts_without_errors(browser, zensical_server, plugin_charts, page_type, palette):
    expected = plugin_charts[page_type]
    probe = browser.new_page(palette)
    try:
        open_page(probe, zensical_server.url(PAGE_TYPES[page_type]), page_type, palette, expected)
        problems = chart_problems(probe.page, f"{page_type} ({palette})", expected, DESKTOP["width"])
        assert not problems + probe.problems(), "\n".join(problems + probe.problems())
    finally:
        probe.page.close()


# Elements that stick out of the viewport with no scroll box of their own between them and the page.
ESCAPING = escaping("body *")


@pytest.mark.parametrize("page_type,palette", CASES)
def test_no_page_scrolls_sideways_on_a_phone(browser, phone, zensical_server, plugin_charts, page_type, palette):
    expected = plugin_charts[page_type]
    page = phone[palette].new_page()
    try:
        url = zensical_server.url(PAGE_TYPES[page_type])
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        if expected:
            draw(page, expected)
        settle(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], (
            f"{page_type} ({palette}) is {scroll_width} px wide at {PHONE['width']} px; "
            f"sticking out: {page.evaluate(ESCAPING)}")
        problems = chart_problems(page, f"{page_type} ({palette}, phone)", expected, PHONE["width"])
        assert not problems, "\n".join(problems)
    finally:
        page.close()


@pytest.mark.parametrize("page_type,palette", [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}")
                                               for t in INSTANT_FROM for p in PALETTES])
def test_charts_are_drawn_after_a_click_in_the_navigation(browser, zensical_server, plugin_charts, page_type, palette):
    """A full load of the page before, then a click on the navigation's link to the page with
    charts: Zensical swaps it in (no reload) and every chart is drawn, as on a full load."""
    target = zensical_server.url(PAGE_TYPES[page_type])
    origin = INSTANT_FROM[page_type]
    with browser.isolated_page(palette) as probe:
        page = probe.page
        page.bring_to_front()
        page.goto(zensical_server.url(origin), wait_until="networkidle")
        wait_for_charts(page)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEME[palette]
        link = page.evaluate(NAV_LINK, target)
        assert link is not None, f"{origin} has no visible navigation link to {PAGE_TYPES[page_type]}"
        mark_no_reload(page)
        mark_old(page)
        page.locator("[data-jm-test-nav]").first.click()
        wait_swapped(page, target)
        when = f"{page_type} ({palette}), a click on '{link}' in the navigation of {origin}"
        assert page.evaluate("window.__jmNoReload === true"), f"{when}: the page was reloaded, not swapped in"
        draw(page, plugin_charts[page_type])
        settle(page)
        problems = chart_problems(page, when, plugin_charts[page_type], DESKTOP["width"])
        problems += global_style_problems(page, when) + probe.problems()
        assert not problems, "\n".join(problems)


# -- the test variants: 1 and 40 touchpoints, long titles, eight personas, no targets, case 22 ----

@pytest.fixture(scope="module")
def variant_builds(tmp_path_factory):
    """The geometry variants (test_browser_geometry) built both ways from one project: the
    plugin's build on disk, to compare, and generate + Zensical's, served."""
    from .test_browser_geometry import write_variants

    base = tmp_path_factory.mktemp("zensical-variants")
    server = bind(base / "project" / "site")
    project = copy_project(REPO, base / "project", EXAMPLE_SOURCES, server.base + "/")
    write_variants(project)
    build_site(project, base / "plugin-site")
    build_with_zensical(project)
    yield start(server), base / "plugin-site"
    stop(server)


def test_the_variants_have_every_url_and_drawn_charts_in_zensical(browser, variant_builds):
    from .test_browser_geometry import VARIANT_PAGES

    zensical_site, plugin_site = variant_builds
    urls = sorted(p.relative_to(plugin_site).as_posix() for p in plugin_site.rglob("index.html"))
    missing = [u for u in urls if not (zensical_site.root / u).is_file()]
    assert len(urls) > 60 and missing == [], f"generate + zensical lacks {missing}"
    probe = browser.new_page("light")
    try:
        problems = []
        for name, path in VARIANT_PAGES.items():
            html = (plugin_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
            expected = len(FIGURE.findall(html))
            open_page(probe, zensical_site.url(path), name, "light", expected)
            problems += chart_problems(probe.page, name, expected, DESKTOP["width"])
            plugin_edit = EDIT.search(html)
            edit = probe.page.locator("a.md-content__button[rel=edit]")
            found = edit.first.get_attribute("href") if edit.count() else None
            if found != (plugin_edit and plugin_edit.group(1)):
                problems.append(f"{name}: edit link {found}, the plugin's build has {plugin_edit and plugin_edit.group(1)}")
        assert problems + probe.problems() == [], "\n".join(problems + probe.problems())
    finally:
        probe.page.close()
