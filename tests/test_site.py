"""Real sites built with `mkdocs build` in temporary folders: pages, URLs, links, edit links, nav,
labels, bad input and hostile text, as a person using the site would meet them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.helpers import JOURNEY, REPO, Serve, make_site, mkdocs, write


class Links(HTMLParser):
    """Collects what a browser would follow or fetch from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.fetches: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.fetches.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.fetches.append(attrs["href"])


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def build(root: Path, *args: str) -> Path:
    result = mkdocs(root, "build", "--strict", *args)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    """The repository's own example site, built once with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = mkdocs(REPO, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_example_site_has_every_page_of_the_spec(example_site):
    from journeymaps.load import load_site

    site = load_site(REPO)
    expected = ["journeys/index.html", "backlog/index.html", "decisions/index.html", "personas/index.html",
                "teams/index.html"]
    for journey in site.journeys:
        expected += [f"journeys/{journey.id}/index.html", f"journeys/{journey.id}/backlog/index.html",
                     f"journeys/{journey.id}/decisions/index.html"]
        expected += [f"journeys/{journey.id}/personas/{p.id}/index.html" for p in journey.all_personas]
        expected += [f"journeys/{journey.id}/phases/{f.id}/index.html" for f in journey.phases]
        expected += [f"journeys/{journey.id}/decisions/{d.id}/index.html" for d in journey.decisions]
        expected += [f"personas/{p.id}/index.html" for p in journey.all_personas]
    missing = [page for page in expected if not (example_site / page).is_file()]
    assert missing == []
    assert len(site.journeys) >= 2


def test_every_internal_link_of_the_example_site_resolves(example_site):
    broken = []
    for page in example_site.rglob("*.html"):
        rel = page.relative_to(example_site).as_posix()
        for href in parse(page.read_text(encoding="utf-8")).hrefs:
            parts = urlparse(href)
            if parts.scheme or parts.netloc or href.startswith("#") or href.startswith("mailto:"):
                continue
            target = urljoin("http://site/" + rel, parts.path)[len("http://site/"):]
            path = example_site / target
            if target.endswith("/") or target == "":
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{rel} -> {href}")
    assert broken == []


def test_every_generated_page_links_to_its_yaml_for_editing(example_site):
    def edit_button(page: str) -> str:
        html = (example_site / page).read_text()
        return re.search(r'<a href="([^"]+)" title="Edit this page" class="md-content__button', html).group(1)

    edit = "https://git.example/klantbeleving/klantreizen/edit/main/journeys/"
    # a persona of personas.yml is edited there; a persona of one journey in that journey's file
    assert edit_button("journeys/webshop/personas/nieuwe-klant/index.html") == edit + "personas.yml"
    assert edit_button("journeys/energie-overstappen/personas/zonnepanelen/index.html") == (
        edit + "energie-overstappen/journey.yml")
    assert edit_button("journeys/webshop/index.html") == edit + "webshop/journey.yml"
    # every other edit link (a touchpoint, an improvement, the provenance) is under the same repository
    for page in ("journeys/webshop/index.html", "journeys/webshop/backlog/index.html", "backlog/index.html"):
        links = re.findall(r'<a class="jm-edit" href="([^"]+)"', (example_site / page).read_text())
        links += re.findall(r'\(<a href="([^"]+)"[^>]*>edit</a>\)', (example_site / page).read_text())
        assert links and all(link.startswith(edit) for link in links), (page, links[:3])
    backlog = (example_site / "journeys/webshop/backlog/index.html").read_text()
    assert "edit/main/journeys/webshop/improvements.yml" in backlog
    for page in (example_site / "journeys").rglob("index.html"):
        if page.parent == example_site / "journeys":
            continue
        assert re.search(r'href="https://git\.example/[^"]+/edit/main/journeys/[^"]+\.yml"', page.read_text()), page


def test_a_decision_page_opens_with_its_journey_navigation(example_site):
    html = (example_site / "journeys/webshop/decisions/gratis-retour-via-winkel/index.html").read_text()
    nav = html[html.index("md-nav--primary"):html.index('class="md-content"')]
    active = re.findall(r'class="md-nav__link md-nav__link--active"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', nav)
    assert set(active) == {"Gratis retour alleen via de winkel"}
    assert "Decision register" in nav and "Geen telefonische service in het weekend" in nav  # its siblings


def test_example_site_makes_no_request_to_another_host(example_site):
    external = []
    for page in example_site.rglob("*.html"):
        for url in parse(page.read_text(encoding="utf-8")).fetches:
            if urlparse(url).netloc:
                external.append(f"{page.relative_to(example_site)}: {url}")
    assert external == []
    assert "fonts.googleapis.com" not in (example_site / "index.html").read_text()


def test_small_site_pages_urls_and_nav(site):
    out = build(site)
    journey = (out / "journeys/webshop/index.html").read_text()
    # the swimlane grid: phases as columns, touchpoints, targets and scores with their source
    assert '<th scope="colgroup" colspan="1" class="jm-grid__phase"><a href="phases/see/">See</a></th>' in journey
    assert 'href="phases/do/#tp-checkout">Checkout</a>' in journey
    assert "estimate" in journey and "On target" in journey
    # the nav lists the generated pages under Journeys -> Webshop -> Personas / Phases
    nav = journey[journey.index('class="md-nav md-nav--primary"'):]
    for label in ("Journeys", "Webshop", "Personas", "Sanne", "Phases", "Backlog", "Decisions", "Organisation"):
        assert f">{label}<" in nav or f"{label}\n" in nav, label
    assert (out / "journeys/webshop/personas/sanne/index.html").is_file()
    assert (out / "teams/team-payments/index.html").is_file()
    assert (out / "personas/ruud/index.html").is_file()


def test_links_work_without_directory_urls(tmp_path):
    root = make_site(tmp_path, extra="use_directory_urls: false")
    out = build(root)
    persona = (out / "journeys/webshop/personas/sanne.html").read_text()
    assert 'href="../phases/do.html#tp-checkout"' in persona
    assert 'href="../index.html"' in persona


def test_dutch_labels_follow_the_theme_language(tmp_path):
    out = build(make_site(tmp_path, language="nl"))
    journey = (out / "journeys/webshop/index.html").read_text()
    assert "Contactmomenten" in journey and "Op doel" in journey and "schatting" in journey
    assert (out / "journeys/webshop/decisions/index.html").read_text().count("Besluitenregister") >= 1
    assert "4,5" in journey  # decimal comma


def test_site_nav_can_reference_generated_pages(tmp_path):
    root = make_site(tmp_path, extra="nav:\n  - Home: index.md\n  - Our journey: journeys/webshop/index.md\n")
    out = build(root)
    home = (out / "index.html").read_text()
    assert "Our journey" in home
    assert (out / "journeys/webshop/phases/see/index.html").is_file()


def test_a_nav_of_hand_written_pages_gets_the_generated_sections(tmp_path):
    root = make_site(tmp_path, {"docs/about.md": "# About\n"}, extra="nav:\n  - About: about.md\n  - Home: index.md\n")
    out = build(root)
    home = (out / "index.html").read_text()
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    assert nav.index("About") < nav.index("Home") < nav.index("Journeys") < nav.index("Organisation")


def test_site_can_override_a_template(tmp_path):
    root = make_site(tmp_path, extra="")
    text = (root / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(root, {
        "mkdocs.yml": text,
        "overrides/journeymaps/persona.html": '{% extends "journeymaps/base.html" %}{% block body %}<p id="ours">Own layout for {{ persona.name }}</p>{% endblock %}',
    })
    out = build(root)
    assert '<p id="ours">Own layout for Sanne</p>' in (out / "journeys/webshop/personas/sanne/index.html").read_text()


def test_bad_input_stops_the_build_with_a_message_and_writes_nothing(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("phase: do", "phase: dp")})
    result = mkdocs(root, "build")
    assert result.returncode == 1
    assert "journeys/webshop/journey.yml:16:12: unknown phase 'dp' (did you mean 'do'?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_bad_input_leaves_the_previous_site_untouched(site):
    out = build(site)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    write(site, {"journeys/webshop/journey.yml": JOURNEY + "colour: red\n"})
    result = mkdocs(site, "build")
    assert result.returncode == 1 and "unknown field 'colour'" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_checks_warn_and_strict_fails_on_them(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 2")})
    relaxed = mkdocs(root, "build")
    assert relaxed.returncode == 0
    assert "touchpoint 'checkout' is below target" in relaxed.stderr
    strict = mkdocs(root, "build", "--strict")
    assert strict.returncode == 1 and "warnings in strict mode" in strict.stdout + strict.stderr


HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_text_is_escaped_on_every_page(tmp_path):
    personas = (
        f"- id: sanne\n  name: \"{HOSTILE}\"\n  description: \"[x](javascript:alert(3)) {HOSTILE} {{{{ 7*7 }}}}\"\n"
        "  goals: [\"</script><script>alert(4)</script>\"]\n"
    )
    journey = JOURNEY.replace("title: Checkout", f"title: \"{HOSTILE}\"").replace(
        "owner: Team Payments", f"owner: \"Team {HOSTILE}\""
    )
    root = make_site(tmp_path, {"journeys/personas.yml": personas, "journeys/webshop/journey.yml": journey})
    out = build(root)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x onerror" not in html, page
        assert "javascript:" not in html.lower(), page
    persona = (out / "journeys/webshop/personas/sanne/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in persona
    assert "{{ 7*7 }}" in persona  # template syntax in YAML is shown, never evaluated
    index = json.loads((out / "search/search_index.json").read_text())
    assert not any("<img src=x" in (doc.get("title", "") + doc.get("text", "")) for doc in index["docs"])


def test_serve_rebuilds_do_not_parse_unchanged_files(site):
    """Like `mkdocs serve`: the config is loaded anew for each rebuild, the plugin object is kept
    (it defines on_startup), and its cache skips the YAML files that did not change."""
    write(site, {"journeys/webshop/feedback/survey.csv": "touchpoint,persona,score\n" + "checkout,sanne,4\n" * 6})
    serve = Serve(site)
    plugin = serve.build()
    watched = [str(path) for path in serve.config.watch]
    assert str(site.resolve() / "journeys") in watched  # serve rebuilds when anything under journeys/ changes
    parsed, csv_read = plugin.caches.parse.parsed, plugin.caches.feedback.files_read
    assert serve.build() is plugin
    assert (plugin.caches.parse.parsed, plugin.caches.feedback.files_read) == (parsed, csv_read)
    path = site / "journeys/webshop/journey.yml"
    path.write_text(path.read_text().replace("title: Webshop", "title: Shop"))
    assert serve.build() is plugin
    assert plugin.caches.parse.parsed == parsed + 1  # only the edited YAML file is parsed again
    assert plugin.caches.feedback.files_read == csv_read  # and the unchanged CSV is not read again
    assert ">Shop<" in (site / "site/journeys/webshop/index.html").read_text()


def test_the_register_shows_a_state_only_beside_decisions_in_force(example_site):
    from journeymaps.load import load_site
    from journeymaps.model import DecisionStatus

    journeys = load_site(REPO).journeys
    rows = {}
    for journey in journeys:  # each journey's register (/decisions/ shows a summary per journey)
        html = (example_site / f"journeys/{journey.id}/decisions/index.html").read_text()
        rows.update({m.group(1): m.group(2) for m in re.finditer(
            r'<tr>\s*<td><a href="([^/"]+)/">.*?</td>(.*?)</tr>', html, re.S)})  # links relative to the register
    decisions = [d for j in journeys for d in j.decisions]
    gone = [d.id for d in decisions if d.status in (DecisionStatus.SUPERSEDED, DecisionStatus.RETIRED)]
    assert gone and all(d in rows for d in gone)
    assert all("jm-state " not in rows[d] for d in gone), "a superseded or retired decision shows a state"
    kept = [d.id for d in decisions if d.status is DecisionStatus.ACCEPTED]
    assert any("jm-state " in rows[d] for d in kept)


def test_a_phase_page_names_each_pain_point_once(tmp_path):
    """The phase's summary of pain points lists what its touchpoints name, each once (letter case
    aside, the first spelling kept), in the order they come: two touchpoints with 'Slow' showed it twice."""
    journey = JOURNEY.replace("    estimate: 4\n", "    estimate: 4\n    pain_points: [Slow, Unclear price]\n") + (
        "  - id: ad2\n    phase: see\n    title: Newsletter\n    owner: Team Marketing\n"
        "    pain_points: [Unclear price, slow, Too many mails]\n")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site/journeys/webshop/phases/see/index.html").read_text(encoding="utf-8")
    summary = page[page.index('id="pain-points"'):page.index("</ul>", page.index('id="pain-points"'))]
    named = re.findall(r"<li>(.*?)</li>", summary)
    assert named == ["Slow", "Unclear price", "Too many mails"]
