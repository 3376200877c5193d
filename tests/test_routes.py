"""One place for page addresses (render/routes.py): every link between generated pages lands on
a page of the build and, with an anchor, on an element of that page; and no template spells a
path of the scheme itself, so the scheme cannot drift between the pages and the links to them."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest

from journeymaps.render import routes
from tests.helpers import make_site, mkdocs

TEMPLATES = Path(routes.__file__).resolve().parent / "templates"

# Two journeys (one with a local persona), owners, improvements and decisions: every kind of page
# and both kinds of anchor.
SMALL_SITE = {
    "journeys/webshop/improvements.yml": """\
- id: faster-checkout
  title: Faster checkout
  touchpoints: [checkout]
  status: planned
  owner: Team Payments
  reach: 1000
  impact: 2
  confidence: 0.8
  effort: 2
- id: better-ads
  title: Better adverts
  touchpoints: [ad]
  status: in-progress
  owner: Team Marketing
""",
    "journeys/webshop/decisions.yml": """\
- id: no-phone
  title: No phone line
  touchpoints: [checkout]
  status: accepted
  floor: 3
  decided: 2026-01-10
  review: 2027-06-01
""",
    "journeys/energy/journey.yml": """\
title: Switching energy
owner: Team Energy & Co
phases:
  - id: compare
    title: Compare
touchpoints:
  - id: calculator
    phase: compare
    title: Price calculator
    owner: Team Energy & Co
    target: 4
    estimate: 4.5
personas:
  - sanne
  - id: solar
    name: Mark, with solar panels
    description: Owns 14 panels.
""",
}


class Page(HTMLParser):
    """What a page links to (a href, a chart's click target) and the ids it has."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("data-jm-figure"):  # a chart: a click on a marker opens its touchpoint
            self.links += _chart_links(json.loads(attrs["data-jm-figure"]))


def _chart_links(value) -> list[str]:
    if isinstance(value, dict):
        return [link for key, item in value.items() for link in
                (_strings(item) if key == "customdata" else _chart_links(item))]
    if isinstance(value, list):
        return [link for item in value for link in _chart_links(item)]
    return []


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value] if re.fullmatch(r"[^\s<>]*#tp-[^\s<>]+", value) else []  # not the hover text
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(out: Path) -> tuple[list[str], int]:
    """Every link of every page of the site in `out` that points into the site: resolved against
    the page's URL, it must name a file of the build and, with an anchor, an id on that page."""
    broken, checked, pages = [], 0, {}
    for html in sorted(out.rglob("*.html")):
        here = html.relative_to(out).as_posix()
        for link in read(html).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "#")):
                continue  # another host, or a place on the same page (the theme's permalinks)
            path = unquote(parts.path)  # relative to the page; from the root only on the theme's 404 page
            target = posixpath.normpath(path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(here), path))
            if path.endswith("/") or target == ".":
                target = "index.html" if target == "." else f"{target}/index.html"
            checked += 1
            file = out / target
            if target.startswith("..") or not file.is_file():
                broken.append(f"{here} -> {link}: no {target}")
            elif parts.fragment and file.suffix == ".html":
                ids = pages.setdefault(target, read(file).ids)
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{here} -> {link}: no id '{parts.fragment}' in {target}")
    return broken, checked


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_every_link_between_the_pages_of_a_small_site_lands(tmp_path, directory_urls):
    extra = "" if directory_urls else "use_directory_urls: false"
    root = make_site(tmp_path, SMALL_SITE, extra=extra)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    out = root / "site"
    broken, checked = broken_links(out)
    assert broken == []
    # the checker saw the links it is there for: touchpoints, improvements, teams, personas, decisions
    linked = " ".join(link for html in out.rglob("*.html") for link in read(html).links)
    for part in ("#tp-checkout", "#imp-faster-checkout", "team-energy-co", "solar", "no-phone", "backlog.csv"):
        assert part in linked, part
    assert checked > 200


def test_no_template_spells_a_page_address():
    """Templates link with url(route.phase(journey, phase.id)); the paths are routes.py's alone."""
    spelled = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for path in ("journeys/", "teams/", "personas/", "phases/", "backlog/", "decisions/", "index.md",
                         "#tp-", "#imp-", '"tp-', '"imp-', ".md'"):
                if path in line:
                    spelled.append(f"{template.relative_to(TEMPLATES)}:{n}: {path}")
    assert spelled == []


def test_routes_give_the_source_paths_of_the_scheme():
    journey = SimpleNamespace(id="webshop")  # routes read only the ids (and a touchpoint's phase)
    touchpoint = SimpleNamespace(id="checkout", phase="do")
    assert routes.journeys() == "journeys/index.md"
    assert routes.journey(journey) == "journeys/webshop/index.md"
    assert routes.persona(journey, "sanne") == "journeys/webshop/personas/sanne.md"
    assert routes.phase(journey, "do") == "journeys/webshop/phases/do.md"
    assert routes.touchpoint(journey, touchpoint) == "journeys/webshop/phases/do.md#tp-checkout"
    assert routes.touchpoint_anchor("checkout") == "tp-checkout"
    assert routes.backlog(journey) == "journeys/webshop/backlog/index.md"
    assert routes.backlog() == "backlog/index.md"
    assert routes.improvement(journey, "x") == "journeys/webshop/backlog/index.md#imp-x"
    assert routes.improvement_anchor("x") == "imp-x"
    assert routes.decisions(journey) == "journeys/webshop/decisions/index.md"
    assert routes.decisions() == "decisions/index.md"
    assert routes.decision(journey, "no-phone") == "journeys/webshop/decisions/no-phone.md"
    assert routes.personas() == "personas/index.md"
    assert routes.org_persona("sanne") == "personas/sanne.md"
    assert routes.teams() == "teams/index.md"
    assert routes.team("Team Payments & Co") == "teams/team-payments-co.md"
    assert routes.backlog_csv() == "backlog/backlog.csv"
    assert routes.decisions_csv() == "decisions/decisions.csv"
    assert routes.split("a/b.md#tp-x") == ("a/b.md", "tp-x") and routes.split("a/b.md") == ("a/b.md", "")
