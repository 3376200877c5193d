"""A team's feed (Atom): what happened on the touchpoints it owns, for a feed reader or a chat
connector (Teams, Slack), at /teams/<team>/feed.xml beside the team's page (routes.team_feed).

Two steps, so each can be read and tested on its own:

- `team_events(analysis, histories)` gathers, per team, what there is to tell, language-neutral
  (FeedEvent): low-scoring months, quotes, decisions due for review, improvements delivered and
  state changes from git (history step);
- `team_feeds(...)` writes each team's events as an Atom document with feedgen, in the site's
  language.

Stable by construction (docs/feeds.md): an entry's id is made of what it is about (journey,
touchpoint, month, quote text, decision and review date, commit id), never of its position or
the build's time, and every date comes from the inputs (a response's date, a month, a review
date, a delivery date, a commit's date). The same inputs give the same bytes; new feedback
adds entries and leaves the ids of the others as they were.

Texts are untrusted: quotes are the redacted texts the pages publish (feedback/redact.py via
the Cells' quotes), every text goes into the feed as Atom `text` (XML-escaped by lxml, never
HTML), and characters XML cannot carry are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

from ..analysis import SiteAnalysis, State, TouchpointState
from ..history import ChangeKind, JourneyHistory, StateChange
from ..i18n import labels as load_labels
from ..i18n import plural
from ..model import Decision, DecisionStatus, Improvement, ImprovementStatus, Journey, Touchpoint
from . import routes
from .pages import Team, collect_teams
from .urls import page_url, relative_url

if TYPE_CHECKING:
    from jinja2 import Environment

MAX_ENTRIES = 100
"""The newest entries a feed keeps; older ones drop off its end (their ids never change)."""

TITLE_QUOTE_CHARS = 80
"""A quote in an entry's title is cut after this many characters (the entry's text has it whole)."""

FEED_TYPE = "application/atom+xml"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (and DEL): lxml refuses them, a reader could not parse them."""

_REVIEWABLE = (DecisionStatus.ACCEPTED, DecisionStatus.PROPOSED)
_ALERT_STATES = (State.UNADDRESSED, State.FLOOR_BREACHED)


class EventKind(str, Enum):
    """What a feed entry is about; also its Atom category term."""

    LOW_SCORE = "low-score"
    QUOTE = "quote"
    REVIEW_DUE = "review-due"
    DELIVERED = "delivered"
    STATE_CHANGE = "state-change"


@dataclass(frozen=True)
class FeedEvent:
    """One thing a team's feed tells, before it is written in a language.

    `key`: stable and unique within the team's feed (the entry's id is made from it); `date`:
    tz-aware, in UTC, from the inputs; `link`: the page it is about, as a routes path
    ('journeys/x/phases/do.md#tp-checkout'). The other fields are those of its kind:
    LOW_SCORE month ('YYYY-MM', the run's last low month), count (responses that month), score
    (their mean, journey scale), threshold (the target, or the floor of the decision in force),
    decision (when it is a floor), since (the run's first month) and months (low months in the
    run); QUOTE text (redacted, as published), persona (a name or None); REVIEW_DUE decision;
    DELIVERED improvement; STATE_CHANGE after (the new state), before (None: the touchpoint was
    new), personas (names), commit_sha and commit_subject (untrusted)."""

    kind: EventKind
    key: str
    date: dt.datetime
    journey: Journey
    link: str
    touchpoint: Optional[Touchpoint] = None
    month: Optional[str] = None
    count: int = 0
    score: Optional[float] = None
    threshold: Optional[float] = None
    decision: Optional[Decision] = None
    text: str = ""
    persona: Optional[str] = None
    improvement: Optional[Improvement] = None
    before: Optional[State] = None
    after: Optional[State] = None
    personas: tuple[str, ...] = ()
    commit_sha: str = ""
    commit_subject: str = ""
    since: Optional[str] = None
    months: int = 1


@dataclass
class TeamEvents:
    """A team and its events, newest first (at most MAX_ENTRIES)."""

    team: Team
    events: list[FeedEvent] = field(default_factory=list)


@dataclass(frozen=True)
class TeamFeed:
    """One team's feed as the adapters publish it.

    `page`: the team page's source path ('teams/<slug>.md'), whose head links the feed; `path`:
    the feed's site path ('teams/<slug>/feed.xml'); `title`: plain text; `xml`: the Atom
    document, UTF-8 bytes; `entries`: how many entries it has."""

    page: str
    path: str
    title: str
    xml: bytes
    entries: int
    link_title: str = ""  # the title of the page's <link rel="alternate">, in the site's language

    @property
    def sitemap(self) -> str:
        """'teams/<slug>/sitemap.xml', an empty sitemap beside the feed. Material and Zensical
        fetch sitemap.xml beside every <link rel="alternate"> of a page (meant for a site's
        language versions), so without it every team page would log a 404 (docs/feeds.md)."""
        return self.path.rsplit("/", 1)[0] + "/sitemap.xml"

    def files(self) -> dict[str, bytes]:
        """What the adapters publish for this feed: site path -> bytes (the feed, its sitemap)."""
        empty = _templates().get_template("journeymaps/feed_sitemap.xml").render() + "\n"
        return {self.path: self.xml, self.sitemap: empty.encode("utf-8")}


def feed_link_tag(feed: TeamFeed, here: str) -> str:
    """The <link rel="alternate"> of a team page's head, for the page at site URL `here`
    ('teams/<slug>/' or 'teams/<slug>.html'), from the template journeymaps/feed_link.html."""
    return _templates().get_template("journeymaps/feed_link.html").render(
        type=FEED_TYPE, title=feed.link_title, href=relative_url(feed.path, here))


# -- gathering: what each team's feed tells ---------------------------------------------------------


def team_events(analysis: SiteAnalysis, histories: Mapping[str, JourneyHistory]) -> list[TeamEvents]:
    """Every team's events (docs/feeds.md, What a feed tells), teams in page order.

    `histories`: journey id -> its history from git (history.read_history); a journey missing
    from it, or a history without state changes, gives no state-change entries. Raises
    SourceError only as pages.collect_teams does (two team names with one address)."""
    result = []
    for team in collect_teams(analysis):
        events: dict[str, FeedEvent] = {}
        owned = {(j.id, t.id) for j, t in team.touchpoints}
        for journey, touchpoint in team.touchpoints:
            state = analysis.states[journey.id].of(touchpoint.id)
            if state is None:
                continue
            for event in [*_low_scores(state, analysis.settings.min_responses),
                          *_quotes(state, analysis.settings.min_responses)]:
                events.setdefault(event.key, event)
        for journey in team.journeys:
            for event in _reviews_due(journey, owned, analysis.settings.today):
                events.setdefault(event.key, event)
            history = histories.get(journey.id)
            for event in _delivered(journey, team, owned, history):
                events.setdefault(event.key, event)
            if history is not None:
                first = history.commits[0].sha if history.commits else None
                for event in _state_changes(journey, owned, history.state_changes, first):
                    events.setdefault(event.key, event)
        ordered = sorted(events.values(), key=lambda e: (e.date, e.key), reverse=True)
        result.append(TeamEvents(team, ordered[:MAX_ENTRIES]))
    return result


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    first_of_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _low_scores(state: TouchpointState, min_responses: int) -> list[FeedEvent]:
    """One event per run of low months: calendar months whose responses (everyone together, at
    least min_responses of them) have a mean below the touchpoint's target, or below the floor of
    the decision in force when one accepts a lower score, one after another among the months
    measured (a month with fewer responses neither ends a run nor adds to it; a month measured at
    or above the threshold ends it). A run keeps the key of its first month, so a feed reader
    shows one entry that is updated while the touchpoint stays low, not one a month. Dated the
    last month's last day, or the newest response when that is earlier (the month still running);
    score and count are the last month's."""
    cell, journey, touchpoint = state.cell, state.journey, state.touchpoint
    if cell is None or touchpoint.target is None:
        return []
    decision = state.decision if state.decision is not None and state.decision.floor is not None else None
    threshold = decision.floor if decision is not None and decision.floor is not None else touchpoint.target
    runs: list[list[Any]] = []  # the cell's MonthPoints (render reads feedback's records through analysis)
    low_before = False
    for point in cell.monthly:
        if point.count < min_responses:
            continue
        low = point.mean < threshold
        if low and low_before:
            runs[-1].append(point)
        elif low:
            runs.append([point])
        low_before = low
    key, link = f"low-score/{journey.id}/{touchpoint.id}", routes.touchpoint(journey, touchpoint)
    found = []
    for run in runs:
        last = run[-1]
        day = _month_end(last.month)
        if cell.newest is not None and cell.newest < day:
            day = cell.newest
        found.append(FeedEvent(
            EventKind.LOW_SCORE, f"{key}/{run[0].month}", _utc(day), journey, link, touchpoint,
            month=last.month, count=last.count, score=last.mean, threshold=threshold, decision=decision,
            since=run[0].month, months=len(run),
        ))
    return found


def _quotes(state: TouchpointState, min_responses: int) -> list[FeedEvent]:
    """The quotes the pages show for the touchpoint (everyone together): those of a measured
    cell with at least min_responses responses, each text once, already redacted by the feedback
    step. A quote without a date has no place in time and is left out."""
    cell, journey, touchpoint = state.cell, state.journey, state.touchpoint
    if cell is None or cell.count < min_responses:
        return []
    names = {p.id: p.name for p in journey.all_personas}
    key, link = f"quote/{journey.id}/{touchpoint.id}", routes.touchpoint(journey, touchpoint)
    found, seen = [], set()
    for quote in cell.quotes:
        if quote.text in seen or quote.date is None:
            continue
        seen.add(quote.text)
        digest = hashlib.sha256(quote.text.encode("utf-8")).hexdigest()[:16]
        found.append(FeedEvent(
            EventKind.QUOTE, f"{key}/{quote.date.isoformat()}/{digest}", _utc(quote.date), journey, link, touchpoint,
            text=quote.text, persona=names.get(quote.persona or ""),
        ))
    return found


def _reviews_due(journey: Journey, owned: set[tuple[str, str]], today: dt.date) -> list[FeedEvent]:
    """Accepted or proposed decisions on the team's touchpoints whose review date has come
    (on or before `today`), dated that review date; a new review date is a new entry."""
    found = []
    for decision in journey.decisions:
        if decision.review is None or decision.review > today or decision.status not in _REVIEWABLE:
            continue
        if not any((journey.id, t) in owned for t in decision.touchpoints):
            continue
        found.append(FeedEvent(
            EventKind.REVIEW_DUE, f"review-due/{journey.id}/{decision.id}/{decision.review.isoformat()}",
            _utc(decision.review), journey, routes.decision(journey, decision.id), decision=decision,
        ))
    return found


def _delivered(journey: Journey, team: Team, owned: set[tuple[str, str]],
               history: Optional[JourneyHistory]) -> list[FeedEvent]:
    """Improvements that are done, owned by the team or on its touchpoints, dated `delivered`;
    without that date, the date of the commit that marked it delivered (history), else left out."""
    mine = {r.improvement.id for r in team.improvements if r.journey.id == journey.id}
    committed: dict[str, dt.datetime] = {}
    for change in (history.changes if history is not None else []):
        if change.kind is ChangeKind.IMPROVEMENT_DELIVERED:
            committed[change.item_id] = change.commit.date.astimezone(dt.timezone.utc)
    found = []
    for improvement in journey.improvements:
        if improvement.status is not ImprovementStatus.DONE:
            continue
        if improvement.id not in mine and not any((journey.id, t) in owned for t in improvement.touchpoints):
            continue
        date = _utc(improvement.delivered) if improvement.delivered else committed.get(improvement.id)
        if date is None:
            continue
        found.append(FeedEvent(
            EventKind.DELIVERED, f"delivered/{journey.id}/{improvement.id}", date, journey,
            routes.improvement(journey, improvement.id), improvement=improvement,
        ))
    return found


def _state_changes(journey: Journey, owned: set[tuple[str, str]], changes: Sequence[StateChange],
                   first: Optional[str] = None) -> list[FeedEvent]:
    """Per commit and touchpoint of the team: the personas for whom it became an unaddressed gap
    or a breached floor (from another state, or new), one event per new state, dated the commit.
    Not at `first`, the sha of the journey's first commit: that commit puts the whole map in git
    at once, and every gap it has would read as news that "fell" that day."""
    names = {p.id: p.name for p in journey.all_personas}
    touchpoints = {t.id: t for t in journey.touchpoints}
    groups: dict[tuple[str, str, State], list[StateChange]] = {}
    for change in changes:
        if change.journey_id != journey.id or (journey.id, change.touchpoint_id) not in owned:
            continue
        if change.after not in _ALERT_STATES or change.after == change.before or change.commit.sha == first:
            continue
        assert change.after is not None
        groups.setdefault((change.commit.sha, change.touchpoint_id, change.after), []).append(change)
    found = []
    for (sha, touchpoint_id, after), group in groups.items():
        touchpoint = touchpoints.get(touchpoint_id)
        if touchpoint is None:
            continue
        befores = {c.before for c in group}
        commit = group[0].commit
        found.append(FeedEvent(
            EventKind.STATE_CHANGE, f"state/{journey.id}/{touchpoint_id}/{after.value}/{sha}",
            commit.date.astimezone(dt.timezone.utc), journey, routes.touchpoint(journey, touchpoint), touchpoint,
            before=befores.pop() if len(befores) == 1 else None, after=after,
            personas=tuple(sorted(names.get(c.persona_id, c.persona_id) for c in group)),
            commit_sha=sha, commit_subject=commit.subject,
        ))
    return found


# -- writing: Atom ------------------------------------------------------------------------------------


def feed_path(team: Team) -> str:
    """The site path of a team's feed: 'teams/<slug>/feed.xml' (routes.team_feed)."""
    return routes.team_feed(team.name)


def team_feeds(
    analysis: SiteAnalysis,
    histories: Mapping[str, JourneyHistory],
    *,
    language: str = "en",
    site_name: str = "",
    site_url: Optional[str] = None,
    use_directory_urls: bool = True,
) -> list[TeamFeed]:
    """Every team's Atom feed (docs/feeds.md). With `site_url` ids and links are absolute URLs
    under it; without, ids are urn:uuid: (UUID 5 of the site name and the entry's key) and links
    are relative to the feed's own address. A feed is dated its newest entry; one without
    entries is dated the analysis' today. Raises SourceError as team_events does."""
    writer = _Writer(language, site_name, (site_url or "").strip() or None, use_directory_urls)
    empty = _utc(analysis.settings.today)
    return [writer.feed(found, empty) for found in team_events(analysis, histories)]


class _Writer:
    def __init__(self, language: str, site_name: str, site_url: Optional[str], use_directory_urls: bool):
        from babel import Locale

        self.language = (language or "en").split("_")[0].split("-")[0]
        self.labels = load_labels(self.language)
        self.locale = Locale.parse(self.language)  # parsed once: babel parses a name on every call
        self.site_name = site_name
        self.site_url = None if site_url is None else (site_url if site_url.endswith("/") else site_url + "/")
        self.use_directory_urls = use_directory_urls

    def t(self, key: str, **values: object) -> str:
        text = self.labels.get(key, key)
        return text.format(**values) if values else text

    def feed(self, found: TeamEvents, empty: dt.datetime) -> TeamFeed:
        """The team's Atom document; `empty`: its date when it has no entry (the build's today)."""
        from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

        team = found.team
        path = feed_path(team)
        page = routes.team(team.name)
        title = _clean(self.t("feed_title", team=team.name, site=self.site_name) if self.site_name
                       else self.t("feed_title_no_site", team=team.name))
        link = self._linker(path)
        generator = FeedGenerator()
        generator.id(self._id(path, ""))
        generator.title(title)
        generator.subtitle(_clean(self.t("feed_subtitle", team=team.name)))
        generator.author({"name": _clean(team.name)})
        generator.link(href=link(path), rel="self", type=FEED_TYPE)
        generator.link(href=link(page), rel="alternate", type="text/html")
        generator.language(self.language)
        generator.generator("journeymaps")
        newest = max((e.date for e in found.events), default=None)
        generator.updated(newest or empty)
        for event in found.events:  # newest first, as written
            entry = generator.add_entry(order="append")
            entry.id(self._id(path, event.key))
            entry.title(_clean(self._title(event)))
            entry.updated(event.date)
            entry.link(href=link(event.link), rel="alternate", type="text/html")
            entry.category(term=event.kind.value, label=_clean(self.t(f"feed_kind_{event.kind.value}")))
            entry.content(_clean(self._text(event)), type="text")
        xml: bytes = generator.atom_str(pretty=True, encoding="UTF-8")
        return TeamFeed(page, path, title, xml, len(found.events), _clean(self.t("feed_link_title", team=team.name)))

    def _id(self, path: str, key: str) -> str:
        """The feed's id (key '') or an entry's: absolute and stable (module docstring)."""
        if self.site_url is not None:
            return self.site_url + path + (f"#{key}" if key else "")
        name = f"journeymaps:{self.site_name}:{path}" + (f"#{key}" if key else "")
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    def _linker(self, feed: str) -> Callable[[str], str]:
        """routes path ('a/b.md#x', or a file such as the feed) -> absolute URL under site_url,
        or relative to the feed's address without one."""

        def link(target: str) -> str:
            src, anchor = routes.split(target)
            url = page_url(src, self.use_directory_urls) if src.endswith(".md") else src
            if self.site_url is not None:
                href = self.site_url + url
            else:
                href = relative_url(url, feed)
            return f"{href}#{anchor}" if anchor else href

        return link

    def _number(self, value: Optional[float], beside: Optional[float] = None) -> str:
        """A score as the pages write it: one decimal, or as many more (up to 3) as it takes to
        differ from `beside` (4.47 below a target of 4.5 reads 4.47, not 4.5)."""
        if value is None:
            return "–"
        digits = 1
        if beside is not None and value != beside:
            while digits < 3 and round(value, digits) == round(beside, digits):
                digits += 1
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.language == "nl" else text

    def _month(self, month: str) -> str:
        from babel.dates import format_date

        return str(format_date(dt.date.fromisoformat(month + "-01"), "LLLL y", locale=self.locale))

    def _date(self, day: dt.date) -> str:
        from babel.dates import format_date

        return str(format_date(day, format="medium", locale=self.locale))

    def _where(self, event: FeedEvent) -> str:
        if event.touchpoint is not None:
            return self.t("feed_where", touchpoint=event.touchpoint.title, journey=event.journey.title)
        return event.journey.title

    def _title(self, event: FeedEvent) -> str:
        tp = event.touchpoint.title if event.touchpoint is not None else ""
        if event.kind is EventKind.LOW_SCORE:
            key = "feed_low_score_floor_title" if event.decision is not None else "feed_low_score_title"
            return self.t(key + ("_run" if event.months > 1 else ""), touchpoint=tp,
                          score=self._number(event.score, event.threshold), month=self._month(event.month or ""),
                          since=self._month(event.since or ""), threshold=self._number(event.threshold))
        if event.kind is EventKind.QUOTE:
            return self.t("feed_quote_title", touchpoint=tp, quote=_cut(event.text, TITLE_QUOTE_CHARS))
        if event.kind is EventKind.REVIEW_DUE:
            assert event.decision is not None
            return self.t("feed_review_title", decision=event.decision.title)
        if event.kind is EventKind.DELIVERED:
            assert event.improvement is not None
            return self.t("feed_delivered_title", improvement=event.improvement.title)
        state = event.after.value if event.after is not None else ""
        return self.t(f"feed_became_{state}", touchpoint=tp)

    def _text(self, event: FeedEvent) -> str:
        where = self._where(event)
        if event.kind is EventKind.LOW_SCORE:
            key = "feed_low_score_floor" if event.decision is not None else "feed_low_score_target"
            return self.t(key + ("_run" if event.months > 1 else ""), where=where,
                          score=self._number(event.score, event.threshold), month=self._month(event.month or ""),
                          responses=plural(self.language, "n_responses", event.count), threshold=self._number(event.threshold),
                          decision=event.decision.title if event.decision is not None else "",
                          since=self._month(event.since or ""), months=plural(self.language, "n_months", event.months))
        if event.kind is EventKind.QUOTE:
            who = event.persona or self.t("feed_quote_anyone")
            return self.t("feed_quote_text", where=where, quote=event.text, persona=who,
                          date=self._date(event.date.date()))
        if event.kind is EventKind.REVIEW_DUE:
            assert event.decision is not None
            return self.t("feed_review_text", decision=event.decision.title, journey=event.journey.title,
                          date=self._date(event.decision.review or event.date.date()),
                          touchpoints=", ".join(_titles(event.journey, event.decision.touchpoints)))
        if event.kind is EventKind.DELIVERED:
            assert event.improvement is not None
            return self.t("feed_delivered_text", improvement=event.improvement.title, journey=event.journey.title,
                          date=self._date(event.date.date()),
                          touchpoints=", ".join(_titles(event.journey, event.improvement.touchpoints)))
        before = self.t(f"state_{event.before.value}") if event.before is not None else self.t("feed_state_new")
        # persona names often hold a comma ('Sanne, nieuwe klant'): a semicolon between them
        return self.t("feed_state_text", where=where, personas="; ".join(event.personas), before=before,
                      after=self.t(f"state_{event.after.value}") if event.after is not None else "",
                      commit=event.commit_sha[:7], subject=event.commit_subject,
                      date=self._date(event.date.date()))


@lru_cache(maxsize=1)
def _templates() -> "Environment":
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("journeymaps.render", "templates"), autoescape=select_autoescape(default=True))


def _titles(journey: Journey, ids: Sequence[str]) -> list[str]:
    by_id = {t.id: t.title for t in journey.touchpoints}
    return [by_id.get(i, i) for i in ids]


def _cut(text: str, chars: int) -> str:
    """One line of at most `chars` characters, cut after a whole word with '…'."""
    line = " ".join(text.split())
    if len(line) <= chars:
        return line
    head = line[:chars]
    space = head.rfind(" ")
    return (head[:space] if space >= chars // 2 else head[: chars - 1]).rstrip(" .,;:-") + "…"


def _clean(text: str) -> str:
    """Text as XML can carry it: without the control characters (and lone surrogates) XML 1.0
    forbids, which lxml would refuse."""
    return _NOT_XML.sub("", text)
