"""The interactive charts without a browser: figures plotly accepts, escaping of hostile text,
stable output, the summary and table of every chart, the ```journeymap block and its warnings,
and the delivery of plotly.js (once, from the plotly package, never a CDN)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import JOURNEY, REPO, make_site, mkdocs, unshared

from journeymaps.analysis import AnalysisSettings
from journeymaps.pipeline import analyse
from journeymaps.render import Renderer
from journeymaps.render.charts import Hover, figure_json
from journeymaps.render.embed import PLACEHOLDER_RE, find_blocks, parse_block, replace_blocks

HOSTILE = "</script><script>alert(1)</script>"


# -- helpers -------------------------------------------------------------------------------------

class Charts(HTMLParser):
    """Every .jm-chart figure of a page: id, figure JSON, aria-label, summary, table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict] = []
        self.stack: list[str] = []
        self.current: dict | None = None
        self.field: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "figure" and "jm-chart" in classes:
            self.current = {"id": a.get("id"), "figure": None, "label": None, "summary": "", "th": [], "td": 0,
                            "scopes": set(), "details": False, "data_at": None}
            self.charts.append(self.current)
        if self.current is None:
            return
        if "jm-chart__plot" in classes:
            self.current["figure"] = unshared(json.loads(a["data-jm-figure"]))
            self.current["label"] = a.get("aria-label")
            self.current["role"] = a.get("role")
        elif tag == "figcaption" and "jm-chart__summary" in classes:
            self.field = "summary"
        elif tag == "details" and "jm-chart__data" in classes:
            self.current["details"] = True
            self.current["open"] = "open" in a
        elif tag == "p" and "jm-chart__data" in classes:
            self.field = "data_at"
        elif tag == "a" and self.field == "data_at":
            self.current["data_at"] = a.get("href")
        elif tag == "th":
            self.current["th"].append(a.get("scope"))
            self.current["scopes"].add(a.get("scope"))
        elif tag == "td":
            self.current["td"] += 1

    def handle_endtag(self, tag):
        if tag in ("figcaption", "p"):
            self.field = None
        if tag == "figure":
            self.current = None

    def handle_data(self, data):
        if self.current is not None and self.field == "summary":
            self.current["summary"] += data


def charts_in(html: str) -> list[dict]:
    parser = Charts()
    parser.feed(html)
    return parser.charts


@pytest.fixture(scope="module")
def analysis():
    return analyse(REPO, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23)))


@pytest.fixture(scope="module")
def rendered(analysis) -> dict[str, str]:
    renderer = Renderer(analysis, language="en")
    return {page.src_uri: renderer.render(page) for page in renderer.pages()}


# -- figures -------------------------------------------------------------------------------------

def test_every_figure_of_the_example_site_is_valid_for_plotly(rendered):
    import plotly.graph_objects as go
    figures = [c["figure"] for html in rendered.values() for c in charts_in(html)]
    assert len(figures) > 20
    for figure in figures:
        go.Figure(figure)  # raises on any unknown or ill-typed property
        assert figure["config"] == {"displayModeBar": False, "responsive": True}
        assert "template" not in figure["layout"]
        assert figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"


def test_every_heatmap_tooltip_opens_with_its_touchpoint_in_bold(rendered, analysis):
    """A cell without a score too: its tooltip names the touchpoint as every other does."""
    heatmaps = [c["figure"]["data"][0] for html in rendered.values() for c in charts_in(html)
                if c["figure"]["data"][0]["type"] == "heatmap"]
    assert heatmaps
    empty = 0
    for trace in heatmaps:
        for z_row, row in zip(trace["z"], trace["customdata"]):
            for z, (_, hover) in zip(z_row, row):
                assert hover.startswith("<b>") and "</b><br>" in hover, hover
                empty += z is None
    assert empty  # the example has cells without a score (a persona who does not meet a touchpoint)


def test_the_pages_the_issue_names_have_their_charts(rendered):
    kinds = {uri: sorted(c["figure"]["data"][0]["type"] for c in charts_in(html)) for uri, html in rendered.items()}
    journey = charts_in(rendered["journeys/webshop/index.md"])
    assert [c["id"] for c in journey] == ["jm-chart-webshop-curve", "jm-chart-webshop-gap", "jm-chart-webshop-delivered-trend"]
    assert [c["id"] for c in charts_in(rendered["journeys/webshop/personas/nieuwe-klant.md"])] == [
        "jm-chart-webshop-nieuwe-klant-curve"]
    assert "heatmap" in kinds["journeys/webshop/phases/do.md"]
    assert [c["id"] for c in charts_in(rendered["teams/team-payments.md"])] == ["jm-chart-team-payments-gap"]


def test_journey_map_curve_tells_personas_states_and_sources_apart(rendered):
    curve = charts_in(rendered["journeys/webshop/index.md"])[0]["figure"]
    personas = [t for t in curve["data"] if t.get("mode") == "lines+markers"]
    assert len(personas) == 2
    assert len({t["line"]["dash"] for t in personas}) == 2  # not colour alone
    symbols = {s for t in personas for s in t["marker"]["symbol"]}
    assert {"x", "triangle-down", "diamond"} <= {s.removesuffix("-open") for s in symbols}
    assert any(s.endswith("-open") for s in symbols) and any(not s.endswith("-open") for s in symbols)
    hover = " ".join(text for t in personas for text in t["text"])
    assert "measured, n=" in hover and "(estimate" in hover and "Lower by choice: " in hover
    assert "Channel: " in hover and "Target: " in hover and "★ Moment of truth" in hover
    links = {url for t in personas for url in t["customdata"]}
    assert all(re.fullmatch(r"phases/[a-z-]+/#tp-[a-z0-9-]+", url) for url in links), links
    layout = curve["layout"]
    assert [a["text"] for a in layout["annotations"]] == [f"<b>{p}</b>" for p in ["See", "Think", "Do", "Ervaren", "Care"]]
    assert len(layout["shapes"]) == 5 and all(s["type"] == "rect" for s in layout["shapes"])
    assert any(t["name"] == "Target" for t in curve["data"])


def test_links_in_figures_are_relative_and_follow_use_directory_urls(analysis):
    renderer = Renderer(analysis, language="en", use_directory_urls=False)
    page = next(p for p in renderer.pages() if p.src_uri == "journeys/webshop/personas/nieuwe-klant.md")
    curve = charts_in(renderer.render(page))[0]["figure"]
    urls = {u for t in curve["data"] for u in t.get("customdata", [])}
    assert urls and all(re.fullmatch(r"\.\./phases/[a-z-]+\.html#tp-[a-z0-9-]+", u) for u in urls), urls


def test_dutch_site_formats_numbers_and_labels_in_dutch(analysis):
    renderer = Renderer(analysis, language="nl")
    page = next(p for p in renderer.pages() if p.src_uri == "journeys/webshop/index.md")
    chart = charts_in(renderer.render(page))[0]
    assert chart["figure"]["layout"]["separators"] == ",."
    assert "Bewust lager" in json.dumps(chart["figure"], ensure_ascii=False)
    assert "Score per contactmoment" in chart["summary"]


def test_every_chart_has_a_summary_a_label_and_its_data_as_a_table(rendered):
    seen = linked = 0
    for uri, html in rendered.items():
        for chart in charts_in(html):
            seen += 1
            assert chart["id"] and chart["id"].startswith("jm-chart-"), uri
            assert chart["role"] == "img" and chart["label"], uri
            assert len(chart["summary"].strip()) > 40, (uri, chart["summary"])
            if chart["data_at"]:  # the page's own table holds the data: one link, not a second copy
                assert not chart["details"], uri
                assert_table_holds_the_heatmap(html, chart["data_at"], chart["figure"], uri)
                linked += 1
                continue
            assert chart["details"] and not chart["open"], uri
            assert "col" in chart["scopes"] and "row" in chart["scopes"] and chart["td"] > 0, uri
    assert seen > 20 and linked > 0


def assert_table_holds_the_heatmap(html: str, href: str, figure: dict, uri: str) -> None:
    """The linked table is on the page and has a row per persona and a column per touchpoint of
    the heatmap, each cell with the state the heatmap's cell shows."""
    assert href.startswith("#"), uri
    start = html.index(f'id="{href[1:]}"')
    table = html[html.index("<table", start):html.index("</table>", start)]
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
    x, y = figure["layout"]["xaxis"]["ticktext"], figure["layout"]["yaxis"]["ticktext"]
    assert len(rows) == len(y), uri
    assert table.split("</thead>")[0].count('<th scope="col">') == len(x) + 1, uri
    icons = [[cell.split(" ")[0] for cell in row] for row in figure["data"][0]["text"]]
    shown = [re.findall(r'<i aria-hidden="true">(.)</i>|jm-muted">(–)<', row) for row in rows]
    assert [[a or b for a, b in row] for row in shown] == icons, uri


def test_summaries_state_the_key_finding(rendered):
    curve, gap, trend = charts_in(rendered["journeys/webshop/index.md"])
    assert "Furthest below target: Retourneren" in curve["summary"]
    assert "Retourneren" in gap["summary"]
    assert "Betalen met één klik, delivered 2026-06-01" in trend["summary"] and "→" in trend["summary"]


def test_trend_draws_delivered_improvements_with_their_change(rendered):
    trend = charts_in(rendered["journeys/webshop/index.md"])[2]["figure"]
    lines = [s for s in trend["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    assert {s["x0"] for s in lines} >= {"2026-06-01", "2026-03-16"}
    notes = [a["text"] for a in trend["layout"]["annotations"]]
    assert any("Betalen met één klik" in n and "→" in n for n in notes)
    assert all(re.fullmatch(r"\d{4}-\d{2}", x) for t in trend["data"] for x in t["x"])


def test_two_renders_give_byte_identical_pages(analysis, rendered):
    again = Renderer(analysis, language="en")
    assert {p.src_uri: again.render(p) for p in again.pages()} == rendered
    ids = re.findall(r'id="(jm-chart-[^"]+)"', "".join(rendered.values()))
    for html in rendered.values():
        page_ids = re.findall(r'id="(jm-chart-[^"]+)"', html)
        assert len(page_ids) == len(set(page_ids))
    assert ids and not any(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", i) for i in ids)  # no uuids


def test_charts_false_leaves_pages_without_charts(analysis):
    renderer = Renderer(analysis, language="en", charts=False)
    page = next(p for p in renderer.pages() if p.src_uri == "journeys/webshop/index.md")
    html = renderer.render(page)
    assert "jm-chart" not in html and "Swimlanes" in html


# -- escaping ------------------------------------------------------------------------------------

def test_figure_json_leaves_nothing_html_could_read_as_markup():
    value = {"t": HOSTILE + " & 'x' \u2028\u2029 <br>"}
    text = figure_json(value)
    assert not set("<>&'\u2028\u2029") & set(text)
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text and "\\u0027" in text
    assert json.loads(text) == value


def test_hover_texts_send_each_line_once_and_read_back_the_same():
    """A figure's hover texts go as indexes into one list of distinct lines; joined back (as the
    page's script does) they are the texts made, and other strings are untouched."""
    hovers = [Hover("<b>Betalen</b><br>Sanne<br>Score: 3.1<br>State: ! Unaddressed gap"),
              Hover("<b>Bezorgen</b><br>Sanne<br>Score: 3.1<br>State: ✓ On target")]
    figure = {"data": [{"type": "heatmap", "text": [["! −1.0", "✓ 0.0"]],
                        "customdata": [[["./#tp-betalen", hovers[0]], ["./#tp-bezorgen", hovers[1]]]]},
                       {"type": "scatter", "text": hovers, "name": "Sanne"}],
              "layout": {"title": {"text": "<b>Kaart</b><br>x"}}}
    sent = json.loads(figure_json(figure))
    distinct = {line for h in hovers for line in h.split("<br>")}
    assert sorted(sent["jm_lines"]) == sorted(distinct)  # 6 lines, not 16
    assert sent["data"][0]["text"] == [["! −1.0", "✓ 0.0"]] and sent["layout"] == figure["layout"]
    assert unshared(sent) == figure


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, str]:
    """One small site built once: a hostile touchpoint title, and a page of journeymap blocks."""
    root = tmp_path_factory.mktemp("charts")
    journey = JOURNEY.replace("title: Checkout", f"title: '{HOSTILE}'' onmouseover=''alert(3)'").replace(
        "title: Webshop", "title: \"Web & <b>shop</b>\"")
    page = "\n".join([
        "# Charts",                                           # 1
        "",                                                   # 2
        "```journeymap",                                      # 3  a good block
        "journey: webshop",                                   # 4
        "persona: sanne",                                     # 5
        "chart: curve",                                       # 6
        "```",                                                # 7
        "",                                                   # 8
        "````markdown",                                       # 9  shown as an example: not a chart
        "```journeymap",                                      # 10
        "journey: webshop",                                   # 11
        "chart: gap",                                         # 12
        "```",                                                # 13
        "````",                                               # 14
        "",                                                   # 15
        "```journeymap",                                      # 16 typo in the persona
        "journey: webshop",                                   # 17
        "persona: sane",                                      # 18
        "chart: curve",                                       # 19
        "```",                                                # 20
        "",                                                   # 21
        "```journeymap",                                      # 22 typo in the journey and the chart
        "journey: webshp",                                    # 23
        "chart: heatmpa",                                     # 24
        "```",                                                # 25
        "",                                                   # 26
        "~~~journeymap",                                      # 27 the same chart twice: distinct ids
        "journey: webshop",                                   # 28
        "persona: sanne",                                     # 29
        "chart: curve",                                       # 30
        "~~~",                                                # 31
        "",                                                   # 32
        "```journeymap",                                      # 33 invalid YAML
        "journey: [webshop",                                  # 34
        "```",                                                # 35
        "",                                                   # 36
        "```journeymap",                                      # 37 the grid
        "journey: webshop",                                   # 38
        "chart: grid",                                        # 39
        "```",                                                # 40
        "",
        "The end.",
    ])
    make_site(root, {
        "journeys/webshop/journey.yml": journey,
        "docs/charts.md": "---\ntitle: Charts page\n---\n" + page + "\n",
    })
    result = mkdocs(root, "build")  # not --strict: the bad blocks warn, and the site must still build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site", result.stderr


def test_hostile_touchpoint_title_is_literal_text_in_figures_and_tables(hostile_site):
    site, _ = hostile_site
    html = (site / "journeys/webshop/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "</script><script>alert" not in html
    attributes = re.findall(r"data-jm-figure='([^']*)'", html)
    assert attributes and all("<" not in a and ">" not in a for a in attributes)
    # html-escaped for plotly (which shows &lt; as <), then JSON-escaped for HTML: \u0026lt;
    assert "\\u0026lt;/script\\u0026gt;\\u0026lt;script\\u0026gt;alert(1)" in html
    assert "\\u003cb\\u003e" in html  # plotly's own markup (a bold title), escaped for HTML
    figure = charts_in(html)[0]["figure"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in figure["layout"]["xaxis"]["ticktext"][-1]
    # the attribute is single-quoted: an apostrophe in a title must not end it
    assert "&#39; onmouseover=&#39;alert(3)" in figure["layout"]["xaxis"]["ticktext"][-1]
    assert "onmouseover='alert(3)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the data table, autoescaped
    persona = (site / "journeys/webshop/personas/sanne/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in persona


def test_journeymap_blocks_render_and_nested_fences_stay_code(hostile_site):
    site, _ = hostile_site
    html = (site / "charts/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<figure class="jm-chart[^"]*" id="([^"]+)"', html)
    assert ids == ["jm-chart-webshop-sanne-curve", "jm-chart-webshop-sanne-curve-2"]
    assert "language-markdown" in html and "chart: gap" in html  # the ````markdown example is code
    assert "jm-embed-slot" not in html
    assert 'class="jm-embed jm-embed--grid"' in html and "jm-grid" in html
    links = {u for t in charts_in(html)[0]["figure"]["data"] for u in t.get("customdata", [])}
    assert links and all(u.startswith("../journeys/webshop/phases/") for u in links)
    assert html.count("jm-embed-problem") == 3 and "The end." in html


def test_bad_blocks_warn_with_page_line_and_near_miss(hostile_site):
    _, log = hostile_site
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") and "journeymap block" in line]
    text = "\n".join(warnings)
    # front matter is 3 lines: block lines are shifted by 3 in the file
    assert "docs/charts.md:21: journeymap block: unknown persona 'sane' in journey 'webshop' (did you mean 'sanne'?)" in text
    assert "docs/charts.md:26: journeymap block: unknown journey 'webshp' (did you mean 'webshop'?)" in text
    assert "docs/charts.md:27: journeymap block: unknown chart 'heatmpa' (did you mean 'heatmap'?)" in text
    assert "docs/charts.md:37: journeymap block: invalid YAML" in text
    assert len(warnings) == 4


def test_the_example_site_ships_plotly_once_and_loads_it_only_with_charts(tmp_path):
    result = mkdocs(REPO, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    copies = [p for p in site.rglob("*.js") if p.name.startswith("plotly")]
    assert [p.relative_to(site).as_posix() for p in copies] == ["assets/journeymaps/plotly.min.js"]
    import plotly

    assert copies[0].read_bytes() == (Path(plotly.__file__).parent / "package_data/plotly.min.js").read_bytes()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert not [s for s in scripts if "plotly" in s], page  # the init script loads it, where a page has charts
        assert "cdn.plot.ly" not in html, page
        assert html.count("assets/journeymaps/journeymaps.js") <= 1
    script = (site / "assets/journeymaps/journeymaps.js").read_text(encoding="utf-8")
    assert "plotly.min.js" in script and "http" not in script.replace("plotly_click", "")
    embedded = (site / "embedding-charts/index.html").read_text(encoding="utf-8")
    assert len(charts_in(embedded)) == 1  # the block in the ````markdown example is not drawn


# -- the fence scanner without MkDocs -------------------------------------------------------------

def test_find_blocks_respects_longer_and_other_fences():
    text = "\n".join([
        "```journeymap", "journey: a", "```",          # 1-3
        "````markdown", "```journeymap", "journey: b", "```", "````",  # 4-8
        "~~~", "```journeymap", "~~~",                 # 9-11: inside a tilde fence
        "```python", "x = 1", "```",                   # 12-14
        "   ```journeymap", "   journey: c", "   ```",  # 15-17: indented up to 3 spaces
        "````journeymap", "journey: d", "```", "still d", "````",  # 18-22: closed only by 4+
        "```journeymap", "journey: e",                 # 23-24: never closed
    ])
    blocks = find_blocks(text)
    assert [(b.start, b.body) for b in blocks] == [
        (1, "journey: a"), (15, "journey: c"), (18, "journey: d\n```\nstill d"), (23, "journey: e"),
    ]
    replaced, _ = replace_blocks(text)
    assert len(PLACEHOLDER_RE.findall(replaced)) == 4
    assert "journey: b" in replaced and "x = 1" in replaced


def test_parse_block_reports_each_problem_with_its_line(analysis):
    site = analysis.site
    block = find_blocks("intro\n\n```journeymap\njourney: webshop\npersonna: nieuwe-klant\nchart: gapp\n```\n")[0]
    request, problems = parse_block(block, site)
    assert request is None
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (5, "unknown key 'personna'", "did you mean 'persona'?"),
        (6, "unknown chart 'gapp'", "did you mean 'gap'?"),
    ]
    good = find_blocks("```journeymap\njourney: webshop\nphase: do\nchart: heatmap\n```")[0]
    request, problems = parse_block(good, site)
    assert problems == [] and request.chart == "heatmap" and request.phase.id == "do"
    empty = find_blocks("```journeymap\n```")[0]
    request, problems = parse_block(empty, site)
    assert request is None and "`journey: webshop`" in problems[0].message
    nameless = find_blocks("```journeymap\nchart: gap\n```")[0]
    request, problems = parse_block(nameless, site)
    assert request is None and problems[0].message == "no journey given" and "webshop" in problems[0].hint


def test_figures_tell_the_script_their_kind_and_phase_titles_keep_their_full_text(rendered):
    """The script lays labels out per kind (layout.meta.jm) and may shorten a phase title to fit
    its band: the full title stays in the annotation's hover text."""
    figures = [c["figure"] for html in rendered.values() for c in charts_in(html)]
    kinds = {f["layout"]["meta"]["jm"] for f in figures}
    assert kinds == {"curve", "gap", "heatmap", "trend"}
    curve = charts_in(rendered["journeys/webshop/index.md"])[0]["figure"]
    phases = [a for a in curve["layout"]["annotations"] if a.get("name") == "jm-phase"]
    assert [a["hovertext"] for a in phases] == ["See", "Think", "Do", "Ervaren", "Care"]


def test_a_phase_without_targets_says_so_instead_of_an_empty_heatmap(tmp_path):
    """No touchpoint has a target: score minus target has no cell, so no heatmap is drawn and the
    page says what to add (an empty grid said "every scored touchpoint is on target")."""
    from tests.helpers import make_site, mkdocs

    journey = JOURNEY_NO_TARGETS
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    assert mkdocs(root, "build", "--strict").returncode == 0
    html = (root / "site/journeys/webshop/phases/see/index.html").read_text(encoding="utf-8")
    assert "jm-chart-webshop-see-heatmap" not in html
    assert "No touchpoint has a target yet" in html and "journeys/webshop/journey.yml" in html
    assert "Every scored touchpoint is on target" not in html


JOURNEY_NO_TARGETS = """\
title: Webshop
owner: Team Web
phases:
  - id: see
    title: See
touchpoints:
  - id: ad
    phase: see
    title: Advert
    estimate: 4
"""


def test_a_heatmap_cell_and_its_summary_give_the_same_difference(rendered):
    """The furthest-below cell shows the number the summary names: both are formatted once from
    the exact score - target (the cell once showed -1.6 from a difference first rounded to -1.55,
    where the summary said -1.5)."""
    seen = 0
    for uri, html in rendered.items():
        for chart in charts_in(html):
            if chart["figure"]["layout"].get("meta", {}).get("jm") != "heatmap":
                continue
            trace = chart["figure"]["data"][0]
            cells = [(z, text) for zs, texts in zip(trace["z"], trace["text"]) for z, text in zip(zs, texts) if z is not None]
            z, text = min(cells, key=lambda cell: cell[0])
            if z >= 0:
                continue
            named = re.search(r"(−\d+\.\d)", chart["summary"].split(":")[-1])
            assert named, (uri, chart["summary"])
            assert text.split(" ")[-1] == named.group(1), (uri, text, chart["summary"])
            seen += 1
    assert seen >= 3
