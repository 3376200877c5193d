"""Chart labels a reader can read, at 1,400 and 390 px (issue 11, "Real titles collide").

For every chart on every page type with charts, on the example site and on generated sites with
awkward shapes (1 touchpoint, 40 touchpoints, titles of 70 characters, 8 personas with long
names, a journey without targets, and case 22 in tests/fixtures/cases/), the drawn SVG is
measured as a reader meets it:

- no two labels of a figure overlap: tick labels, phase titles and other annotations, legend
  entries, axis and colour bar titles (each label is the rotated rectangle of its text, so rotated
  tick labels are judged by their perpendicular spacing);
- no label lies outside its figure;
- a category axis names every category: one label per category, the start of its full name;
- the plot area keeps at least a third of the figure's width;
- at 390 px the chart fits the viewport: the figure lies inside it, and a plot wider than its
  figure (a minimum width per touchpoint) scrolls in a box of its own.

The generated sites are the example site with extra journeys, built with `mkdocs build --strict`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLE_SOURCES, PAGE_TYPES, REPO, bind, build_site, copy_project, start, stop, wait_for_charts
from .test_browser_instant import INSTANT_PAGES

pytestmark = pytest.mark.browser

WIDTHS = {"1400": {"width": 1400, "height": 900}, "390": {"width": 390, "height": 844}}
CASE_22 = REPO / "tests" / "fixtures" / "cases" / "22-very-long-labels"  # a copy of shared/cases/22

WORDS = ["Bestelling", "Bezorging", "Factuur", "Klantenservice", "Retour", "Afspraak", "Offerte", "Monteur",
         "Betaling", "Aanmelding", "Storing", "Herinnering", "Overstap", "Meterstand", "Contract"]
ACTIONS = ["wijzigen via de app", "plannen in het portaal", "bevestigen per mail", "opzeggen aan de balie",
           "melden bij de chat", "controleren op de website", "aanvragen per telefoon"]
LONG = ("Oriënterend gesprek met een energieadviseur over de mogelijkheden van een hybride of volledig "
        "elektrische warmtepomp en de subsidie die daarbij hoort")


def title(n: int, length: int) -> str:
    """A touchpoint title of about `length` characters, different for every n."""
    text = f"{WORDS[n % len(WORDS)]} {ACTIONS[n % len(ACTIONS)]} {n + 1}"
    while len(text) < length:
        text += " " + LONG.split()[(len(text) + n) % len(LONG.split())]
    return text[:length].rstrip()


def journey(name: str, owner: str, phases: list[tuple[str, str]], touchpoints: list[dict],
            personas: list) -> dict:
    return {"title": name, "owner": owner, "scale": [1, 5],
            "phases": [{"id": pid, "title": ptitle} for pid, ptitle in phases],
            "personas": personas, "touchpoints": touchpoints}


def tp(n: int, phase: str, text: str, owner: str, target=4, estimate=None, **extra) -> dict:
    item = {"id": f"tp-{n + 1}", "phase": phase, "title": text, "owner": owner}
    if target is not None:
        item["target"] = target
    item["estimate"] = estimate if estimate is not None else [2.5, 3, 3.5, 4, 4.5, 2][n % 6]
    item.update(extra)
    return item


PHASES_5 = [("see", "See"), ("think", "Think"), ("do", "Do"), ("ervaren", "Ervaren"), ("care", "Care")]
LONG_PHASES = [(f"fase-{i + 1}", f"{word} van het traject (inclusief alle voorbereidende stappen)")
               for i, word in enumerate(["Oriëntatie", "Aanvraag", "Installatie", "Gebruik"])]
LONG_PERSONAS = [
    {"id": f"persona-{i + 1}", "name": name} for i, name in enumerate([
        "Familie de Vries-van den Berg, tweeverdieners met drie kinderen in een jaren-dertigwoning in Haarlem",
        "Mevrouw Jansen-Oosterhuis (78), alleenstaand, woont al veertig jaar in hetzelfde rijtjeshuis in Zwolle",
        "Student Mohammed El Amrani, deelt een studentenhuis met vijf anderen in Groningen-Paddepoel",
        "Ondernemer Petra Kuipers-Smit, eenmanszaak aan huis met een praktijk voor fysiotherapie",
        "Jong stel Lisa en Daan, eerste koopwoning in een nieuwbouwwijk van Almere Poort",
        "Meneer Bakker-Hoogendoorn (83), slechtziend, laat zijn dochter meekijken bij elke aanvraag",
        "Gezin Yılmaz-Öztürk, vier generaties onder één dak in een portiekflat in Rotterdam-Zuid",
        "Verhuurder Jeroen Pietersen met twaalf studentenkamers verspreid over Utrecht en Amersfoort",
    ])]

# The generated journeys: id -> (journey.yml as a dict, survey rows or None).
VARIANTS: dict[str, dict] = {
    "een-contactmoment": journey(
        "Eén contactmoment", "Team Variant Een", [("alles", "Alles")],
        [tp(0, "alles", "Klacht indienen via het formulier", "Team Variant Een")], ["nieuwe-klant"]),
    "veertig-contactmomenten": journey(
        "Veertig contactmomenten", "Team Variant Veertig", PHASES_5,
        [tp(n, PHASES_5[min(n * 5 // 40, 4)][0], title(n, 20 + (n * 7) % 21), "Team Variant Veertig",
            moment_of_truth=(n % 13 == 5)) for n in range(40)],
        ["nieuwe-klant", "vaste-klant"]),
    "lange-titels": journey(
        title(99, 70), "Team Lange Titels", LONG_PHASES,
        [tp(n, LONG_PHASES[n // 2][0], title(n, 70), "Team Lange Titels") for n in range(8)],
        ["nieuwe-klant", "vaste-klant"]),
    "acht-personas": journey(
        "Een warmtepomp laten installeren, van het eerste gesprek tot de jaarlijkse onderhoudsbeurt",
        "Team Lange Titels", LONG_PHASES,
        [tp(n, LONG_PHASES[n // 3][0], title(n + 40, 35 + n * 3), "Team Lange Titels",
            estimate={p["id"]: [2, 2.5, 3, 3.5, 4, 4.5][(n + i) % 6] for i, p in enumerate(LONG_PERSONAS)})
         for n in range(10)],
        LONG_PERSONAS),
    "zonder-doelen": journey(
        "Zonder doelen", "Team Variant Zonder Doelen", PHASES_5[:3],
        [tp(n, PHASES_5[n // 2][0], title(n, 28), "Team Variant Zonder Doelen", target=None) for n in range(6)],
        ["nieuwe-klant", "vaste-klant"]),
}


def survey(journey_id: str, months: int = 4, touchpoints: int = 3) -> str:
    """Monthly answers for the first `touchpoints` of a journey: a trend chart with their titles."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "touchpoint", "persona", "score", "comment", "channel"])
    for m in range(months):
        day = dt.date(2026, 6 + m, 3)
        for n in range(touchpoints):
            for r in range(6):
                writer.writerow([day.isoformat(), f"tp-{n + 1}", "Nieuwe klant" if r % 2 else "Vaste klant",
                                 1 + (n + r + m) % 5, "", "web"])
    return out.getvalue()


def write_variants(project: Path) -> None:
    journeys = project / "journeys"
    for journey_id, data in VARIANTS.items():
        folder = journeys / journey_id
        folder.mkdir(parents=True)
        (folder / "journey.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                                            encoding="utf-8")
    for journey_id, months, touchpoints in (("lange-titels", 4, 3), ("veertig-contactmomenten", 4, 3),
                                            ("een-contactmoment", 1, 1)):  # a first month: the trend of one month
        (journeys / journey_id / "feedback").mkdir()
        (journeys / journey_id / "feedback" / "survey.csv").write_text(survey(journey_id, months, touchpoints),
                                                                     encoding="utf-8")
    shutil.copytree(CASE_22, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README*"))


def variant_pages() -> dict[str, str]:
    """Journey map, first persona, first phase and owning team of every generated journey."""
    pages: dict[str, str] = {}
    for journey_id, data in VARIANTS.items():
        persona = data["personas"][0]
        persona_id = persona["id"] if isinstance(persona, dict) else persona
        team = "team-" + data["owner"].lower().removeprefix("team ").replace(" ", "-")
        pages[f"{journey_id}: journey map"] = f"/journeys/{journey_id}/"
        pages[f"{journey_id}: persona"] = f"/journeys/{journey_id}/personas/{persona_id}/"
        if any("target" in t for t in data["touchpoints"]):  # a heatmap and a team's chart compare with targets
            pages[f"{journey_id}: phase"] = f"/journeys/{journey_id}/phases/{data['phases'][0]['id']}/"
            pages[f"{journey_id}: team"] = f"/teams/{team}/"
    pages["case 22: journey map"] = "/journeys/warmtepomp/"
    pages["case 22: persona"] = "/journeys/warmtepomp/personas/gezin/"
    pages["case 22: phase"] = "/journeys/warmtepomp/phases/orientatie/"
    return pages


VARIANT_PAGES = variant_pages()


@pytest.fixture(scope="module")
def variant_server(tmp_path_factory):
    """The example site plus the generated journeys and case 22, built with --strict and served."""
    base = tmp_path_factory.mktemp("geometry-variants")
    server = bind(base / "site")
    project = copy_project(REPO, base / "project", EXAMPLE_SOURCES, server.base + "/")
    write_variants(project)
    build_site(project, server.root)
    yield start(server)
    stop(server)


@pytest.fixture(scope="module")
def contexts(browser):
    made = {}
    for name, viewport in WIDTHS.items():
        made[name] = browser.new_context("light", viewport)
    yield made
    for context in made.values():
        context.close()


# -- what a reader sees, measured in the browser ---------------------------------------------------

GEOMETRY = r"""fig => {
  const plot = fig.querySelector('.jm-chart__plot');
  const box = plot.querySelector('.svg-container');
  if (!box) return {id: fig.id, problems: ['not drawn']};
  const frame = box.getBoundingClientRect();
  const decode = s => { const t = document.createElement('textarea'); t.innerHTML = String(s); return t.value; };
  const norm = s => decode(s).replace(/<[^>]*>/g, '').replace(/[\s\u2026]+/g, '');
  const visible = el => {
    for (let n = el; n && n !== box; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') return false;
    }
    return el.textContent.trim() !== '';
  };
  // The rotated rectangle of a text element, in viewport coordinates.
  const corners = el => {
    const b = el.getBBox(), m = el.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m)).map(p => [p.x, p.y]);
  };
  // Separating axis test with a pixel of tolerance: do two convex quadrilaterals overlap?
  const overlap = (a, b) => {
    for (const poly of [a, b]) {
      for (let i = 0; i < 4; i++) {
        const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) % 4];
        const len = Math.hypot(x2 - x1, y2 - y1) || 1;
        const nx = -(y2 - y1) / len, ny = (x2 - x1) / len;
        const pa = a.map(([x, y]) => x * nx + y * ny), pb = b.map(([x, y]) => x * nx + y * ny);
        if (Math.min(...pa) >= Math.max(...pb) - 1 || Math.min(...pb) >= Math.max(...pa) - 1) return false;
      }
    }
    return true;
  };
  const role = el => {
    if (el.closest('.xtick')) return 'x tick';
    if (el.closest('.ytick')) return el.closest('.colorbar') ? 'colour bar tick' : 'y tick';
    if (el.closest('.annotation')) return 'annotation';
    if (el.closest('.legend')) return 'legend';
    if (el.closest('.colorbar')) return 'colour bar title';
    if (el.closest('.g-xtitle, .g-ytitle')) return 'axis title';
    return 'text';
  };
  const texts = [...box.querySelectorAll('svg.main-svg text')]
    .filter(el => !el.closest('.hoverlayer') && !el.closest('.heatmaplayer') && !el.closest('.textpoint') && visible(el))
    .map(el => ({el, role: role(el), text: el.textContent.trim(), poly: corners(el)}));
  const problems = [];
  const name = t => `${t.role} "${t.text.slice(0, 40)}"`;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlap(texts[i].poly, texts[j].poly)) problems.push(`overlap: ${name(texts[i])} and ${name(texts[j])}`);
    }
    const out = texts[i].poly.filter(([x, y]) => x < frame.left - 1 || x > frame.right + 1 || y < frame.top - 1 || y > frame.bottom + 1);
    if (out.length) {
      const xs = texts[i].poly.map(p => p[0]), ys = texts[i].poly.map(p => p[1]);
      problems.push(`outside the figure: ${name(texts[i])} spans x ${Math.round(Math.min(...xs) - frame.left)}..${Math.round(Math.max(...xs) - frame.left)}, `
        + `y ${Math.round(Math.min(...ys) - frame.top)}..${Math.round(Math.max(...ys) - frame.top)} of ${Math.round(frame.width)}x${Math.round(frame.height)}`);
    }
  }
  // A category axis (its categories listed in the figure) names every category.
  const figure = JSON.parse(plot.getAttribute('data-jm-figure'));
  const categories = {};
  for (const axis of ['xaxis', 'yaxis']) {
    const spec = (figure.layout || {})[axis] || {};
    if (spec.tickmode !== 'array' || !spec.ticktext) continue;
    const letter = axis[0];
    const drawn = new Map();
    for (const g of box.querySelectorAll(`.cartesianlayer .${letter}tick`)) {
      const text = g.querySelector('text');
      if (g.__data__ && text && visible(text)) drawn.set(Number(g.__data__.x), text.textContent);
    }
    const missing = [];
    spec.tickvals.forEach((value, i) => {
      const full = norm(spec.ticktext[i]), shown = drawn.has(value) ? norm(drawn.get(value)) : '';
      const enough = Math.min(full.length, 3);
      if (shown.length < enough || !full.startsWith(shown)) missing.push(`"${decode(spec.ticktext[i]).slice(0, 30)}" (shown: "${drawn.get(value) || ''}")`);
    });
    categories[axis] = spec.tickvals.length;
    if (missing.length) problems.push(`${axis} does not name ${missing.length} of ${spec.tickvals.length} categories: ${missing.slice(0, 4).join(', ')}`);
  }
  // A date axis names each month it ticks once, and names at least one (a tick every week
  // under a month's answers repeated "2026-04" three times).
  if (((figure.layout || {}).xaxis || {}).type === 'date') {
    const shown = [...box.querySelectorAll('.cartesianlayer .xtick text')].filter(visible).map(t => t.textContent.trim());
    if (!shown.length) problems.push('the date axis names no month');
    if (new Set(shown).size < shown.length) problems.push(`the date axis repeats its labels: ${shown.join(', ')}`);
    // and names the newest month of its data, however few months it can name
    const months = (figure.data || []).flatMap(t => (t.x || []).map(String)).filter(x => /^\d{4}-\d{2}/.test(x)).sort();
    const newest = months.length ? months[months.length - 1].slice(0, 7) : null;
    if (newest && shown.length && !shown.includes(newest)) problems.push(`the date axis does not name the newest month ${newest}: ${shown.join(', ')}`);
  }
  // The plot area keeps at least a third of the figure's width.
  const drag = box.querySelector('.draglayer .nsewdrag');
  const area = drag ? drag.getBoundingClientRect().width : 0;
  if (area < frame.width / 3) problems.push(`plot area ${Math.round(area)} of ${Math.round(frame.width)} px wide`);
  // The figure lies in the viewport; a plot wider than its figure scrolls in a box of its own.
  const outer = fig.getBoundingClientRect(), vw = document.documentElement.clientWidth;
  if (outer.left < -1 || outer.right > vw + 1) problems.push(`figure spans ${Math.round(outer.left)}..${Math.round(outer.right)} in a ${vw} px viewport`);
  if (frame.width > outer.width + 1) {
    let scroller = false;
    for (let n = box.parentElement; n && n !== fig.parentElement; n = n.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(n).overflowX) && n.getBoundingClientRect().width <= outer.width + 1) { scroller = true; break; }
    }
    if (!scroller) problems.push(`plot ${Math.round(frame.width)} px wide sticks out of its ${Math.round(outer.width)} px figure without a scroll box`);
  }
  return {id: fig.id, kind: figure.data && figure.data[0] && figure.data[0].type, width: Math.round(frame.width),
          area: Math.round(area), labels: texts.length, categories, problems};
}"""


def measure(context, url: str) -> list[dict]:
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        count = wait_for_charts(page)
        assert count, f"{url}: no chart"
        results = []
        for handle in page.query_selector_all(".jm-chart"):
            handle.scroll_into_view_if_needed()
            results.append(page.evaluate(GEOMETRY, handle))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        width = page.viewport_size["width"]
        if scroll > width:
            results.append({"id": "page", "problems": [f"the page is {scroll} px wide at {width} px"]})
        return results
    finally:
        page.close()


def report(where: str, results: list[dict]) -> str:
    lines = []
    for r in results:
        for p in r["problems"]:
            lines.append(f"{r['id']}: {p}")
    return f"{where}: {len(lines)} problems\n" + "\n".join(lines[:40])


EXAMPLE_CASES = [pytest.param(t, w, id=f"{t.replace(' ', '-')}-{w}") for t in INSTANT_PAGES for w in WIDTHS]
VARIANT_CASES = [pytest.param(t, w, id=f"{t.replace(': ', '-').replace(' ', '-')}-{w}") for t in VARIANT_PAGES for w in WIDTHS]


@pytest.mark.parametrize("page_type,width", EXAMPLE_CASES)
def test_labels_are_readable_on_the_example_site(contexts, example_server, page_type, width):
    results = measure(contexts[width], example_server.url(PAGE_TYPES[page_type]))
    assert all(not r["problems"] for r in results), report(f"{page_type} at {width} px", results)


@pytest.mark.parametrize("page,width", VARIANT_CASES)
def test_labels_are_readable_whatever_the_number_and_length_of_labels(contexts, variant_server, page, width):
    results = measure(contexts[width], variant_server.url(VARIANT_PAGES[page]))
    assert all(not r["problems"] for r in results), report(f"{page} at {width} px", results)


def test_the_variants_have_the_shapes_they_are_named_after(contexts, variant_server):
    """The generated pages draw what they are meant to test: 40 categories, 8 personas, a heatmap."""
    forty = measure(contexts["1400"], variant_server.url(VARIANT_PAGES["veertig-contactmomenten: journey map"]))
    assert forty[0]["categories"].get("xaxis") == 40, forty[0]
    phase = measure(contexts["1400"], variant_server.url(VARIANT_PAGES["acht-personas: phase"]))
    heatmaps = [r for r in phase if r.get("kind") == "heatmap"]
    assert heatmaps and heatmaps[0]["categories"].get("yaxis") == 8, phase
    one = measure(contexts["390"], variant_server.url(VARIANT_PAGES["een-contactmoment: journey map"]))
    assert one[0]["categories"].get("xaxis") == 1, one[0]
    first_month = measure(contexts["390"], variant_server.url(VARIANT_PAGES["een-contactmoment: phase"]))
    assert any(r.get("kind") == "scatter" and "xaxis" not in r["categories"] for r in first_month), first_month
    trend = measure(contexts["390"], variant_server.url(VARIANT_PAGES["lange-titels: phase"]))
    assert any(r.get("kind") == "scatter" and "xaxis" not in r["categories"] for r in trend), trend
