"""Where each generated page lives: the one module that knows the site's address scheme.

Every function gives a MkDocs source path (src_uri), such as 'journeys/webshop/phases/do.md';
MkDocs, and render/urls.py for the links between generated pages, turn it into a URL
('journeys/webshop/phases/do/' or '.../do.html'). Places inside a page are anchors: a
touchpoint is 'tp-<id>' on its phase's page, an improvement 'imp-<id>' on its journey's
backlog. A link to such a place is 'src_uri#anchor'; the `url()` of the templates
(Renderer.linker) keeps the anchor after the relative URL.

pages.py publishes each page at these paths, navigation.py lists them, the charts link to them,
and the templates read them through the Jinja global `route` (render/environment.py):
`url(route.phase(journey, phase.id))`, `id="{{ route.touchpoint_anchor(tp.id) }}"`. No other
module or template spells a path of its own. The pages and their addresses are listed for
readers in docs/index.md (Where to find what).
"""

from __future__ import annotations

from typing import Optional

from ..model import Journey, Touchpoint
from .urls import slugify

INDEX = "index"  # the name of a folder's listing page: 'teams/index.md' is published at /teams/


def _page(*parts: str) -> str:
    return "/".join(parts) + ".md"


# -- one journey ----------------------------------------------------------------------------------

def journey(journey: Journey) -> str:
    """The journey's map: 'journeys/<journey>/index.md'."""
    return _page("journeys", journey.id, INDEX)


def persona(journey: Journey, persona_id: str) -> str:
    """A persona's path through one journey: 'journeys/<journey>/personas/<persona>.md'."""
    return _page("journeys", journey.id, "personas", persona_id)


def phase(journey: Journey, phase_id: str) -> str:
    """A phase of a journey with its touchpoints: 'journeys/<journey>/phases/<phase>.md'."""
    return _page("journeys", journey.id, "phases", phase_id)


def touchpoint_anchor(touchpoint_id: str) -> str:
    """The id of a touchpoint's heading on its phase's page: 'tp-<touchpoint>'."""
    return f"tp-{touchpoint_id}"


def touchpoint(journey: Journey, touchpoint: Touchpoint) -> str:
    """A touchpoint, on the page of its phase: 'journeys/<journey>/phases/<phase>.md#tp-<touchpoint>'."""
    return anchored(phase(journey, touchpoint.phase), touchpoint_anchor(touchpoint.id))


def backlog(journey: Optional[Journey] = None) -> str:
    """A journey's improvement backlog, 'journeys/<journey>/backlog/index.md'; without a journey
    the organisation's, 'backlog/index.md'."""
    return _page(*_scope(journey), "backlog", INDEX)


def improvement_anchor(improvement_id: str) -> str:
    """The id of an improvement's row on its journey's backlog: 'imp-<improvement>'."""
    return f"imp-{improvement_id}"


def improvement(journey: Journey, improvement_id: str) -> str:
    """An improvement, on its journey's backlog: 'journeys/<journey>/backlog/index.md#imp-<improvement>'."""
    return anchored(backlog(journey), improvement_anchor(improvement_id))


def decisions(journey: Optional[Journey] = None) -> str:
    """A journey's decision register, 'journeys/<journey>/decisions/index.md'; without a journey
    the organisation's, 'decisions/index.md'."""
    return _page(*_scope(journey), "decisions", INDEX)


def decision(journey: Journey, decision_id: str) -> str:
    """One decision record: 'journeys/<journey>/decisions/<decision>.md'."""
    return _page("journeys", journey.id, "decisions", decision_id)


def history(journey: Journey) -> str:
    """A journey's committed history per quarter, read from git: 'journeys/<journey>/history/index.md'."""
    return _page("journeys", journey.id, "history", INDEX)


def _scope(journey: Optional[Journey]) -> tuple[str, ...]:
    return ("journeys", journey.id) if journey is not None else ()


# -- the organisation -----------------------------------------------------------------------------

def journeys() -> str:
    """The overview of every journey: 'journeys/index.md'."""
    return _page("journeys", INDEX)


def personas() -> str:
    """Every persona of the site: 'personas/index.md'."""
    return _page("personas", INDEX)


def org_persona(persona_id: str) -> str:
    """One persona across every journey they appear in: 'personas/<persona>.md'."""
    return _page("personas", persona_id)


def teams() -> str:
    """Every team that owns something: 'teams/index.md'."""
    return _page("teams", INDEX)


def team(name: str) -> str:
    """A team's page, by the name written in the YAML (free text, slugified): 'teams/<slug>.md'.
    Names that differ only in case or spacing share a page (pages.collect_teams)."""
    return _page("teams", slugify(name))


# -- downloads (files, not pages: site paths as they are served) ----------------------------------

def backlog_csv() -> str:
    """The organisation's whole backlog for Excel, beside its backlog page: 'backlog/backlog.csv'."""
    return "backlog/backlog.csv"


def decisions_csv() -> str:
    """The organisation's whole decision register for Excel: 'decisions/decisions.csv'."""
    return "decisions/decisions.csv"


def team_feed(name: str) -> str:
    """A team's Atom feed (render/feeds.py), beside its page: 'teams/<slug>/feed.xml'."""
    return f"teams/{slugify(name)}/feed.xml"


# -- links with an anchor -------------------------------------------------------------------------

def anchored(src_uri: str, anchor: str) -> str:
    """A place inside a page: 'src_uri#anchor', as `url()` in the templates and charts takes it."""
    return f"{src_uri}#{anchor}"


def split(link: str) -> tuple[str, str]:
    """'src_uri#anchor' -> ('src_uri', 'anchor'); a link without an anchor gives ('src_uri', '')."""
    src_uri, _, anchor = link.partition("#")
    return src_uri, anchor
