"""Every page type of the example site, in the light and the dark palette, in headless Chromium:
no console errors, no failed requests, no request to another host, no serious or critical axe
violation, charts with a text alternative, and every link in the content reachable by keyboard."""

from __future__ import annotations

import pytest

from .conftest import PAGE_TYPES, PALETTES

pytestmark = pytest.mark.browser

PAGES = list(PAGE_TYPES)
CASES = [pytest.param(t, p, id=f"{t.replace(' ', '-')}-{p}") for t in PAGES for p in PALETTES]


@pytest.mark.parametrize("page_type,palette", CASES)
def test_loads_cleanly_and_offline(visit, page_type, palette):
    v = visit(page_type, palette)
    page = v.probe.page
    assert v.probe.problems() == [], f"{page_type} ({palette}) at {page.url}"
    assert v.probe.requests, "the page made no request at all: was it served?"
    assert all(r.startswith(page.url.split("/", 3)[0] + "//127.0.0.1:") for r in v.probe.requests)
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    assert scheme == ("slate" if palette == "dark" else "default"), "the palette did not follow the colour scheme"
    assert page.locator(".md-content h1").count() >= 1, "the page has no heading"


@pytest.mark.parametrize("page_type,palette", CASES)
def test_axe_finds_no_serious_or_critical_violation(visit, run_axe, report, page_type, palette):
    v = visit(page_type, palette)
    violations = run_axe(v.probe.page)
    bad = [x for x in violations if x["impact"] in ("serious", "critical")]
    report.row(page_type, palette)["axe"] = {
        "serious": len(bad), "all": len(violations),
        "ids": [f"{x['id']} ({x['impact']}, {x['count']})" for x in violations],
    }
    assert not bad, "\n".join(
        f"{x['impact']} {x['id']}: {x['help']} ({x['count']} nodes)\n    " + "\n    ".join(x["nodes"]) for x in bad
    )


@pytest.mark.parametrize("page_type", PAGES)
def test_links_in_text_are_not_told_apart_by_colour_alone(visit, page_type):
    """Stock Material fails axe link-in-text-block; the plugin's CSS underlines links in text."""
    page = visit(page_type, "light").probe.page
    plain = page.evaluate("""() => [...document.querySelectorAll('.md-content p a[href], .md-content li a[href], .md-content td a[href]')]
        .filter(a => !a.classList.contains('headerlink') && !a.classList.contains('md-button'))
        .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
        .map(a => a.outerHTML.slice(0, 120))""")
    assert plain == []


@pytest.mark.parametrize("page_type,palette", CASES)
def test_charts_have_a_text_alternative(visit, page_type, palette):
    """axe cannot judge a chart: each one needs a name, a summary and a data table with header scopes."""
    v = visit(page_type, palette)
    charts = v.probe.page.evaluate("""() => [...document.querySelectorAll('.jm-chart')].map(fig => {
        // The data table is in the figure's <details>, or, where the page shows it anyway (a phase
        // page's persona matrix), the first table after the element the figure's link points to.
        // (Material's instant navigation makes the link absolute: it must point into this page.)
        const link = fig.querySelector('p.jm-chart__data a');
        let table = fig.querySelector('details.jm-chart__data table');
        if (link) {
            const to = new URL(link.href);
            let el = to.pathname === location.pathname ? document.getElementById(to.hash.slice(1)) : null;
            table = null;
            while (el && !table) { el = el.nextElementSibling; table = el && (el.matches('table') ? el : el.querySelector('table')); }
        }
        return {
            id: fig.id,
            figure: fig.tagName.toLowerCase(),
            role: fig.querySelector('.jm-chart__plot')?.getAttribute('role'),
            label: (fig.querySelector('.jm-chart__plot')?.getAttribute('aria-label') || '').trim(),
            summary: (fig.querySelector('figcaption.jm-chart__summary')?.textContent || '').trim(),
            tables: table ? 1 : 0,
            th: table ? table.querySelectorAll('th').length : 0,
            thWithoutScope: table ? table.querySelectorAll('th:not([scope])').length : 0,
            rows: table ? table.querySelectorAll('tbody tr').length : 0,
            summaryText: ((link || fig.querySelector('details.jm-chart__data > summary'))?.textContent || '').trim(),
        };
    })""")
    if page_type == "hand-written page with a chart":
        assert charts, "the ```journeymap blocks of the hand-written page drew no chart"
    for c in charts:
        where = f"{page_type} chart #{c['id']}"
        assert c["figure"] == "figure" and c["id"], where
        assert c["role"] == "img" and c["label"], f"{where}: the plot needs role=img and an aria-label"
        assert c["summary"], f"{where}: empty figcaption.jm-chart__summary"
        assert c["tables"] >= 1 and c["rows"] >= 1, f"{where}: no data table with rows (in details.jm-chart__data, or linked)"
        assert c["summaryText"], f"{where}: the data table's <summary> (or the link to it) has no text"
        assert c["th"] >= 1 and c["thWithoutScope"] == 0, f"{where}: every th of the data table needs scope"


KEYBOARD_WALK = """() => {
  // Open every <details> (a keyboard user opens them with Enter on the summary, which is focusable).
  for (const d of document.querySelectorAll('.md-content details')) d.open = true;
  const links = [...document.querySelectorAll('.md-content a[href]')]
    .filter(a => a.checkVisibility({visibilityProperty: true}));
  links.forEach((a, i) => a.dataset.jmKb = String(i));
  return {count: links.length,
          removed: links.filter(a => a.tabIndex < 0).map(a => a.outerHTML.slice(0, 120))};
}"""


@pytest.mark.parametrize("page_type", PAGES)
def test_keyboard_reaches_every_link_in_the_content(visit, page_type):
    page = visit(page_type, "light").probe.page
    links = page.evaluate(KEYBOARD_WALK)
    assert links["removed"] == [], "links taken out of the tab order (tabindex=-1)"
    stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]').length")
    # Start where a keyboard user starts: the first focus stop of the page (Material's skip link).
    page.evaluate("() => { window.scrollTo(0, 0); const first = document.querySelector('a[href], button, input');"
                  " first.focus(); first.dataset.jmKbFirst = '1'; }")
    seen: set[str] = set()
    presses = 0
    for presses in range(1, stops + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; if (!e || e === document.body) return null;"
            " if (e.dataset && e.dataset.jmKbFirst) return 'FIRST';"
            " return e.dataset && e.dataset.jmKb !== undefined ? 'L' + e.dataset.jmKb : 'other'; })()"
        )
        if focused == "FIRST":
            break  # wrapped around the whole page
        if focused and focused.startswith("L"):
            seen.add(focused)
            if len(seen) == links["count"]:
                break
    missing = sorted(set(f"L{i}" for i in range(links["count"])) - seen, key=lambda s: int(s[1:]))
    names = page.evaluate(
        "ids => ids.map(id => document.querySelector(`[data-jm-kb='${id.slice(1)}']`).outerHTML.slice(0, 120))", missing
    )
    assert not names, f"{len(names)} of {links['count']} content links not reached with Tab ({presses} presses):\n" + "\n".join(names[:10])
