"""Hostile content: tests/fixtures/hostile carries script, event-handler, javascript: and
template-injection payloads in every free-text field of the journey files and the survey CSV.
Built with the installed plugin and opened page by page in Chromium, no dialog may open and no
payload may become an element, an attribute or a live link; template syntax stays text."""

from __future__ import annotations

import re

import pytest

from .conftest import HOSTILE

pytestmark = pytest.mark.browser

# What a payload would look like had it become markup, as a list of (what, CSS selector).
PAYLOAD_ELEMENTS = """() => {
  const bad = [];
  const show = el => el.outerHTML.slice(0, 160);
  const q = (sel, why) => document.querySelectorAll(sel).forEach(el => bad.push(`${why}: ${show(el)}`));
  q('img[src="x"]', 'payload <img src=x>');
  q('svg[onload], circle[r="1"]', 'payload <svg>');
  q('iframe', 'payload <iframe>');
  q('b[onmouseover]', 'payload <b onmouseover>');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`event-handler attribute ${attr.name}: ${show(el)}`);
    }
  }
  // Links and sources, HTML and SVG: the URL as the browser reads it (whitespace and case ignored).
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction], [data], a')) {
    for (const name of ['href', 'xlink:href', 'src', 'action', 'formaction', 'data']) {
      const value = el.getAttribute(name);
      if (value && /^(javascript|vbscript|data):/i.test(value.replace(/[\\u0000-\\u0020]/g, ''))) {
        bad.push(`${name}=${value.slice(0, 60)}: ${show(el)}`);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (/alert\\s*\\(/.test(s.textContent)) bad.push(`script with alert: ${s.textContent.slice(0, 120)}`);
  }
  return bad;
}"""

def hostile_paths(site) -> list[str]:
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append("/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel)
    return paths


def field_tokens() -> set[str]:
    """The token at the start of each hostile value names its field: JMX-touchpoint1-title, ..."""
    text = "".join(p.read_text(encoding="utf-8") for p in HOSTILE.rglob("*") if p.suffix in (".yml", ".csv"))
    return set(re.findall(r"JMX-[a-z0-9_-]+[a-z0-9]", text))


# Fields that reach no page by design: survey labels are mapped to ids (only ids are shown), and
# comments are shown only as quotes whose count passes min_responses.
NOT_SHOWN = {"JMX-csv-touchpoint-label", "JMX-csv-persona-label", "JMX-csv-channel"}


def check_page(browser, server, path, charts_ready, texts: dict[str, str]) -> list[str]:
    findings = []
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.goto(server.url(path), wait_until="load")
        charts_ready(page)
        # Hover every chart: plotly draws tooltips from the (hostile) labels with its own markup parser.
        for box in page.evaluate("""() => [...document.querySelectorAll('.jm-chart__plot .point, .jm-chart__plot .nsewdrag')]
              .slice(0, 40).map(el => { const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })"""):
            page.mouse.move(*box)
        page.wait_for_timeout(100)
        findings += [f"{path}: {b}" for b in page.evaluate(PAYLOAD_ELEMENTS)]
        text = page.evaluate("document.body.innerText")
        texts[path] = text
        for m in re.finditer(r"sum=49|js=49", text):
            findings.append(f"{path}: template syntax was evaluated: ...{text[max(0, m.start() - 60):m.end()]}")
        findings += [f"{path}: {p}" for p in probe.problems()]  # dialogs, console errors, other hosts
    return findings


def test_no_payload_runs_or_becomes_markup(browser, hostile_server, charts_ready):
    paths = hostile_paths(hostile_server.root)
    kinds = {"/journeys/", "/journeys/winkel/", "/journeys/winkel/personas/klant/", "/journeys/winkel/phases/kopen/",
             "/journeys/winkel/backlog/", "/journeys/winkel/decisions/", "/journeys/winkel/decisions/goedkoper/",
             "/personas/klant/", "/backlog/", "/decisions/", "/"}
    assert kinds <= set(paths), f"page types missing from the hostile site: {kinds - set(paths)}"
    assert any(p.startswith("/teams/jmx-") for p in paths), "no team page built from a hostile owner"
    texts: dict[str, str] = {}
    findings = []
    for path in paths:
        findings += check_page(browser, hostile_server, path, charts_ready, texts)
    assert findings == [], f"{len(findings)} findings on {len(paths)} pages:\n" + "\n".join(findings[:40])

    # The payloads were shown as text: every field reached a page, with its template syntax literal.
    everything = "\n".join(texts.values())
    missing = sorted(t for t in field_tokens() if t not in everything and t not in NOT_SHOWN)
    assert missing == [], f"hostile fields that reach no page (so this test did not see them): {missing}"
    assert "sum={{ 7*7 }}" in everything and "js=${7*7}" in everything and "{% raw %}" in everything


def test_search_results_show_payloads_as_text(browser, hostile_server):
    """Material's search renders results from search_index.json as HTML: the titles and text of
    hostile pages must stay text there too."""
    with browser.isolated_page("light") as probe:
        page = probe.page
        page.goto(hostile_server.url("/"), wait_until="networkidle")
        page.locator(".md-search__input").first.click()
        page.keyboard.type("JMX", delay=20)  # Material searches on key events
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        results = page.locator(".md-search-result__item").count()
        for more in page.locator(".md-search-result__more > summary").all()[:5]:
            more.click()
        page.mouse.move(5, 5)
        assert results > 0
        assert page.evaluate(PAYLOAD_ELEMENTS) == []
        assert "JMX" in page.locator(".md-search-result").inner_text()
        assert probe.problems() == []


def test_instant_navigation_through_hostile_pages(browser, hostile_server):
    """Material's instant navigation parses the fetched page and swaps it in: no payload may run there either."""
    with browser.isolated_page("dark") as probe:
        page = probe.page
        page.goto(hostile_server.url("/journeys/"), wait_until="networkidle")
        page.evaluate("window.__jmNoReload = true")
        for target in ["/journeys/winkel/", "/journeys/winkel/phases/kopen/", "/journeys/winkel/decisions/goedkoper/",
                       "/personas/klant/", "/backlog/"]:
            page.evaluate("""href => { const a = document.createElement('a'); a.href = href; a.textContent = 'go';
                a.id = 'jm-test-nav'; document.querySelector('.md-content').prepend(a); a.click(); }""", target)
            page.wait_for_url(hostile_server.url(target))
            page.wait_for_load_state("networkidle")
            assert page.evaluate(PAYLOAD_ELEMENTS) == [], target
        assert page.evaluate("window.__jmNoReload === true"), "a reload: instant navigation did not happen"
        assert probe.problems() == []
