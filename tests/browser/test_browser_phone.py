"""Every page type on a phone (390 CSS px wide), light and dark: nothing makes the page scroll
sideways, wide tables scroll inside their own box, and words in table links stay whole.

What a person sees is measured, not assumed: the document's scroll width, the boxes of table
links, and the right edge of every chart."""

from __future__ import annotations

import pytest

from .conftest import PAGE_TYPES, PALETTES, PHONE, escaping, settle, wait_for_charts

pytestmark = pytest.mark.browser

CASES = [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}") for t in PAGE_TYPES for p in PALETTES]

# A link whose text has no space but whose box breaks over two lines was cut inside a word.
BROKEN_WORDS = """() => [...document.querySelectorAll('.md-content table a')]
    .filter(a => !/\\s/.test(a.textContent.trim()) && a.textContent.trim().length > 1)
    .filter(a => new Set([...a.getClientRects()].map(r => Math.round(r.top))).size > 1)
    .map(a => a.textContent.trim())"""

# Words of the theme tables' headings and labels that break over two lines ("makkelij k").
THEME_WORDS_BROKEN = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll('.jm-themes__table th')) {
        if (cell.getBoundingClientRect().width < 2) continue;  // the heading kept for screen readers only
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            for (const word of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
    }
    return broken;
}"""

# Elements that stick out of the viewport without a scroll box of their own between them and the page.
ESCAPING = escaping(".md-content *")


@pytest.mark.parametrize("page_type,palette", CASES)
def test_no_page_scrolls_sideways_on_a_phone(phone, example_server, page_type, palette):
    page = phone[palette].new_page()
    try:
        page.goto(example_server.url(PAGE_TYPES[page_type]), wait_until="load")
        if page.locator(".jm-chart").count():
            wait_for_charts(page)
        settle(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], (
            f"{page_type} is {scroll_width} px wide at {PHONE['width']} px; sticking out: {page.evaluate(ESCAPING)}"
        )
        assert page.evaluate(ESCAPING) == []
        assert page.evaluate(BROKEN_WORDS) == [], "table links broken inside a word"
        charts = page.evaluate("""() => [...document.querySelectorAll('.jm-chart')]
            .map(c => Math.round(c.getBoundingClientRect().right))""")
        assert all(right <= PHONE["width"] for right in charts), f"charts sticking out: {charts}"
    finally:
        page.close()


@pytest.mark.parametrize("page_type", ["backlog", "journey backlog"])
def test_the_result_of_a_delivered_improvement_is_in_view_on_a_desktop(visit, page_type):
    """Leadership opens the backlog for the Done table's before -> after: at 1280 px its column must
    lie inside the table's scroll box, not behind a sideways scroll."""
    page = visit(page_type, "light").probe.page
    boxes = page.evaluate("""() => [...document.querySelectorAll('#status-done + .jm-scroll, #delivered + .jm-scroll')].map(box => {
        const last = box.querySelector('thead th:last-child').getBoundingClientRect();
        return {header: box.querySelector('thead th:last-child').textContent,
                right: Math.round(last.right), edge: Math.round(box.getBoundingClientRect().right)};
    })""")
    assert len(boxes) == 1, "the example site has delivered improvements: a Done table is expected"
    (box,) = boxes
    assert "→" in box["header"]
    assert box["right"] <= box["edge"] + 1, box


@pytest.mark.parametrize("page_type", ["journey map", "persona"])
def test_tooltips_stay_on_a_phone_screen(phone, example_server, page_type):
    """Hover text of the curve is wrapped so a tooltip beside any point fits a 390 px screen."""
    page = phone["light"].new_page()
    try:
        page.goto(example_server.url(PAGE_TYPES[page_type]), wait_until="load")
        wait_for_charts(page)
        points = page.locator(".jm-chart").first.locator(".scatterlayer .point")
        shown, outside = 0, []
        for i in range(points.count()):
            points.nth(i).hover(force=True)
            box = page.evaluate("""() => { const h = document.querySelector('.hoverlayer .hovertext');
                if (!h) return null; const r = h.getBoundingClientRect(); return [r.left, r.right]; }""")
            if box:
                shown += 1
                if box[0] < -1 or box[1] > PHONE["width"] + 1:
                    outside.append((i, [round(x) for x in box]))
        assert shown >= points.count() // 2, "hovering the points showed no tooltips"
        assert outside == []
    finally:
        page.close()


@pytest.mark.parametrize("page_type, table", [("journey map", "table.jm-messages"), ("persona", "table.jm-plan")])
def test_what_we_tell_reads_on_a_phone(phone, example_server, page_type, table):
    """The journey's persona x phase table of messages and a persona's plan scroll inside their own
    box; the first column of messages is read whole without scrolling sideways, and the marked
    silence (the example forgets one message on purpose) is on screen, with its words."""
    page = phone["light"].new_page()
    try:
        page.goto(example_server.url(PAGE_TYPES[page_type]), wait_until="load")
        page.locator(table).scroll_into_view_if_needed()
        found = page.evaluate("""(selector) => {
            const table = document.querySelector(selector), box = table.closest('.jm-scroll');
            const first = table.querySelector('tbody td.jm-msg').getBoundingClientRect();
            const marked = table.querySelector('.jm-msg--missing');
            return {overflow: getComputedStyle(box).overflowX, box: Math.round(box.getBoundingClientRect().right),
                    first: [Math.round(first.left), Math.round(first.right)],
                    marked: marked ? marked.innerText.trim() : null};
        }""", table)
        assert found["overflow"] == "auto" and found["box"] <= PHONE["width"], found
        assert 0 <= found["first"][0] and found["first"][1] <= PHONE["width"], found
        assert found["marked"] and found["marked"].startswith("!"), found
        assert "Hears nothing from us" in found["marked"], found
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_a_team_feed_address_is_copied_on_a_phone_after_a_click(phone, example_server, palette):
    """On a phone a feed link would open raw XML; the team page gives the feed's full address and a
    button that copies it, also when the page came in by an instant navigation (a click)."""
    context = phone[palette]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example_server.url("/").rstrip("/"))
    page = context.new_page()
    try:
        page.goto(example_server.url("/teams/"), wait_until="load")
        page.evaluate("document.body.dataset.jmFirst = '1'")  # gone after a full load, kept by an instant one
        page.locator(".md-content a[href$='team-logistiek/']").first.click()
        page.wait_for_function("() => location.pathname.endsWith('/teams/team-logistiek/') && document.querySelector('.jm-feed__url')")
        assert page.evaluate("document.body.dataset.jmFirst") == "1", "the click was not an instant navigation"
        address = example_server.url("/teams/team-logistiek/feed.xml")
        code = page.locator(".jm-feed__url code")
        assert code.text_content() == address
        button = page.locator(".jm-feed__copy")
        box, code_box = button.bounding_box(), code.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"] and code_box["x"] + code_box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for target in (button, code):  # the button, and a tap on the address itself: copied, not opened
            page.evaluate("navigator.clipboard.writeText('')")
            target.click()
            page.wait_for_function("() => document.querySelector('.jm-feed__copy').textContent === 'Copied'")
            assert page.evaluate("navigator.clipboard.readText()") == address
            assert page.url == example_server.url("/teams/team-logistiek/")
            page.wait_for_function("() => document.querySelector('.jm-feed__copy').textContent === 'Copy address'")
    finally:
        page.close()


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", [320, 360, PHONE["width"]])
def test_comment_themes_fit_a_phone_month_bars_included(phone, example_server, palette, width):
    """On a phone (320 px: a small iPhone; 360: most Android phones; 390), after a tap from the
    journey to a phase, each theme table shows every figure without scrolling sideways: the month
    bars end inside the screen, no word of a label or heading is broken over two lines, and each
    example says under the quote whether its score was low, high or in between."""
    page = phone[palette].new_page()
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    try:
        page.goto(example_server.url("/journeys/webshop/"), wait_until="load")
        page.locator('.jm-grid__phase a[href$="/phases/ervaren/"]').click()  # a tap; Material's instant navigation
        page.wait_for_url("**/phases/ervaren/")
        # the content is swapped after the address: wait for the phase's tables (the journey has one)
        page.wait_for_function("() => document.querySelectorAll('.jm-themes__table .jm-spark').length >= 4")
        tables = page.evaluate("""() => [...document.querySelectorAll('.jm-themes__table')].map(t => {
            const box = t.closest('.jm-scroll'), bars = [...t.querySelectorAll('.jm-spark')];
            return {scroll: box.scrollWidth, width: box.clientWidth,
                    bars: Math.round(Math.max(...bars.map(b => b.getBoundingClientRect().right)))};
        })""")
        assert len(tables) >= 2, tables  # the example's Track & Trace and Bezorgen have themes
        for table in tables:
            assert table["scroll"] <= table["width"] and table["bars"] <= width, tables
        assert page.evaluate(THEME_WORDS_BROKEN) == []
        # Every row of a table has the same months, so its bars are as wide: a month without
        # comments (a space) must keep its place, not collapse.
        widths = page.evaluate("""() => [...document.querySelectorAll('.jm-themes__figures')].map(t =>
            [...t.querySelectorAll('.jm-spark')].map(s => s.getBoundingClientRect().width))""")
        assert all(max(row) - min(row) <= 1 for row in widths if row), widths
        page.evaluate("() => document.querySelectorAll('.jm-themes__quotes').forEach(d => { d.open = true; })")
        bands = page.evaluate("""() => [...document.querySelectorAll('.jm-themes__quotes .jm-quote__band')]
            .map(b => [b.innerText.trim(), Math.round(b.getBoundingClientRect().width)])""")
        assert bands and all(text in ("Low score", "High score", "Middle score") and shown > 0 for text, shown in bands), bands
        assert {"Low score", "High score"} <= {text for text, _ in bands}, bands
    finally:
        page.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_a_tap_on_a_chart_shows_its_tooltip_and_a_second_tap_opens_it(phone, example_server, palette):
    """A phone has no hover: after a tap from the journey to a phase (instant navigation), the first
    tap on a heatmap cell shows its tooltip and stays on the page; a second tap on the same cell
    opens its touchpoint. (A click with a mouse opens it at once: test_browser_charts.)"""
    page = phone[palette].new_page()
    try:
        page.goto(example_server.url("/journeys/webshop/"), wait_until="load")
        wait_for_charts(page)
        page.locator('.jm-grid__phase a[href$="/phases/do/"]').click()
        page.wait_for_url("**/phases/do/")
        page.wait_for_selector('.jm-chart--heatmap .jm-chart__plot[data-jm-rendered="true"]')
        page.locator(".jm-chart--heatmap").scroll_into_view_if_needed()
        left, top, width, height = page.evaluate("""() => { const r = document.querySelector(
            '.jm-chart--heatmap .nsewdrag').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }""")
        x, y = left + width * 0.2, top + height * 0.3  # inside the first column, first row
        before = page.url
        page.touchscreen.tap(x, y)
        tooltip = page.locator(".jm-chart--heatmap .hoverlayer .hovertext").first
        tooltip.wait_for(state="attached")
        text = tooltip.text_content() or ""
        assert page.url == before, "the first tap left the page: its tooltip could not be read"
        assert "Score − target" in text and "Target" in text, text
        right = page.evaluate("() => document.querySelector('.jm-chart--heatmap .hoverlayer .hovertext').getBoundingClientRect().right")
        assert right <= PHONE["width"] + 1
        page.touchscreen.tap(x, y)
        page.wait_for_url("**/phases/do/#tp-*")  # the touchpoint's section on this same page
        anchor = page.url.split("#", 1)[1]
        assert page.locator(f"#{anchor}").count() == 1
    finally:
        page.close()
