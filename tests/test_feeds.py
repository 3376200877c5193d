"""A team's Atom feed at /teams/<team>/feed.xml (issue 16; docs/feeds.md): real sites built with
the real `mkdocs` command (and `journeymaps generate` + Zensical), real CSV files, a real git
repository for the state changes, and the feed read back with feedparser.

Every expected entry is computed here from the inputs the test writes: the months whose
responses average below the target, the newest comments (redacted by the published redactor),
the decisions whose review date has come, the improvements delivered, the commit that changed
a state."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import subprocess
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from lxml import etree

from journeymaps.feedback import redact
from tests.helpers import JOURNEY, generate, make_site, mkdocs, write, zensical

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "http://127.0.0.1:8000/"
TARGET = 4.0  # checkout's target in tests/helpers.JOURNEY
MIN_RESPONSES = 5  # the plugin's default

DECISIONS = """\
- id: no-phone
  title: No phone line at the weekend
  touchpoints: [checkout]
  status: proposed
  floor: 2
  decided: 2025-11-01
  review: 2026-11-01
- id: later
  title: A review still to come
  touchpoints: [checkout]
  status: proposed
  floor: 2
  review: 2027-01-01
- id: marketing-only
  title: Adverts may score lower
  touchpoints: [ad]
  status: accepted
  floor: 2.5
  review: 2026-10-01
"""

IMPROVEMENTS = """\
- id: one-click
  title: One-click payment
  touchpoints: [checkout]
  owner: Team Web
  status: done
  delivered: 2026-06-01
- id: still-open
  title: Not done yet
  touchpoints: [checkout]
  status: planned
"""

HOSTILE = [  # (comment as written, what must never reach the feed as written)
    ("<script>alert('x')</script> Mail me at jan.jansen@example.com", ["<script", "jan.jansen@example.com"]),
    ("Bel 06-12345678 of stort op NL91ABNA0417164300", ["06-12345678", "NL91ABNA0417164300"]),
    ("Ik woon op 1234 AB, <b>vet</b> & <img src=x onerror=alert(1)>", ["1234 AB", "<b>", "<img"]),
]

# (date, touchpoint, persona, score, comment)
ROWS = [
    *[("2026-09-0%d" % (n + 1), "checkout", "sanne", s, "") for n, s in enumerate([2, 3, 3, 4, 2, 3])],
    ("2026-09-08", "checkout", "ruud", 3, "Oud commentaar, het zesde"),
    ("2026-09-09", "checkout", "ruud", 2, "Te traag"),
    *[("2026-10-1%d" % n, "checkout", "ruud", s, "") for n, s in enumerate([5, 5, 4, 5, 4, 5])],
    ("2026-10-20", "checkout", "sanne", 5, "Snel\x0bservice & prima"),
    ("2026-11-18", "checkout", "sanne", 1, HOSTILE[2][0]),
    ("2026-11-19", "checkout", "ruud", 1, HOSTILE[1][0]),
    ("2026-11-20", "checkout", "sanne", 1, HOSTILE[0][0]),
    *[("2026-10-0%d" % (n + 1), "ad", "sanne", 2, "") for n in range(5)],  # below the floor of 2.5
    *[("2026-11-0%d" % (n + 1), "ad", "ruud", s, "") for n, s in enumerate([3, 3, 3, 2, 3])],  # below target only
]
AD_FLOOR = 2.5


def survey_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "touchpoint", "persona", "score", "comment"])
    writer.writerows(rows)
    return buffer.getvalue()


def site_files(rows=ROWS) -> dict[str, str]:
    return {
        "journeys/webshop/journey.yml": JOURNEY,
        "journeys/webshop/decisions.yml": DECISIONS,
        "journeys/webshop/improvements.yml": IMPROVEMENTS,
        "journeys/webshop/feedback/survey.csv": survey_csv(rows),
    }


def build(root: Path) -> Path:
    result = mkdocs(root, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entries_by_kind(parsed) -> dict[str, list]:
    found = defaultdict(list)
    for entry in parsed.entries:
        found[entry.tags[0].term].append(entry)
    return found


def assert_rfc4287(path: Path, absolute_links: bool = True) -> None:
    """What RFC 4287 requires, checked on the document itself (feedparser forgives much): one
    id, title and updated per feed and entry, absolute ids, RFC 3339 dates, an author, and each
    entry's content or alternate link; no element or attribute outside the Atom namespace."""
    root = etree.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    date = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, (element.tag, name)
        assert urlparse(element.findtext(f"{ATOM}id")).scheme, element.findtext(f"{ATOM}id")
        assert date.match(element.findtext(f"{ATOM}updated"))
        if element is not root:
            assert element.find(f"{ATOM}content") is not None or element.find(f"{ATOM}link[@rel='alternate']") is not None
        for link in element.findall(f"{ATOM}link"):
            assert bool(urlparse(link.get("href")).scheme) is absolute_links, link.get("href")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    assert all(e.tag.startswith(ATOM) for e in root.iter() if isinstance(e.tag, str))
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("feeds"), site_files())
    return build(root)


# -- what a feed tells ---------------------------------------------------------------------------


def expected_low_months(rows, touchpoint: str, target: float) -> dict[str, tuple[int, float]]:
    """month -> (responses, mean) of each month with at least MIN_RESPONSES responses below target."""
    months: dict[str, list[int]] = defaultdict(list)
    for date, tp, _, score, _ in rows:
        if tp == touchpoint:
            months[date[:7]].append(score)
    return {m: (len(s), sum(s) / len(s)) for m, s in months.items()
            if len(s) >= MIN_RESPONSES and sum(s) / len(s) < target}


def test_a_team_feed_is_atom_with_the_low_months_of_its_own_touchpoints(built):
    path = built / "teams" / "team-payments" / "feed.xml"
    parsed = parse(path)
    assert_rfc4287(path)
    low = entries_by_kind(parsed)["low-score"]
    expected = expected_low_months(ROWS, "checkout", TARGET)
    assert sorted(expected) == ["2026-09"]  # October averages above target; November has 3 responses only
    assert [e.id for e in low] == [f"{SITE_URL}teams/team-payments/feed.xml#low-score/webshop/checkout/{m}"
                                   for m in sorted(expected, reverse=True)]
    count, mean = expected["2026-09"]
    assert low[0].title == f"Checkout: {mean:.1f} in September 2026 (target {TARGET:.1f})"
    assert f"({count} responses), below the target of {TARGET:.1f}" in low[0].content[0].value
    assert low[0].updated_parsed[:3] == (2026, 9, 30)  # the month's last day
    assert low[0].link == f"{SITE_URL}journeys/webshop/phases/do/#tp-checkout"
    # the advert's low month is Team Marketing's news, not Team Payments'; a decision accepts down
    # to 2.5 there, so only a month below that floor is news
    marketing = entries_by_kind(parse(built / "teams" / "team-marketing" / "feed.xml"))["low-score"]
    below_floor = expected_low_months(ROWS, "ad", AD_FLOOR)
    assert sorted(expected_low_months(ROWS, "ad", 3.0)) == ["2026-10", "2026-11"]  # both below target
    assert [e.id.rsplit("#", 1)[1] for e in marketing] == [f"low-score/webshop/ad/{m}" for m in below_floor]
    count, mean = below_floor["2026-10"]
    assert marketing[0].title == f"Advert: {mean:.1f} in October 2026 (floor {AD_FLOOR})"
    assert marketing[0].content[0].value == (f"Advert (Webshop) scored {mean:.1f} in October 2026 ({count} responses), "
                                             f"below the floor of {AD_FLOOR} that the decision “Adverts may score lower” accepts.")


def low_runs(rows, touchpoint: str, target: float) -> list[list[str]]:
    """By hand: runs of low months (docs/feeds.md), each the list of its months. Months with fewer
    than MIN_RESPONSES responses are skipped; a measured month at or above target ends a run."""
    months: dict[str, list[int]] = defaultdict(list)
    for date, tp, _, score, _ in rows:
        if tp == touchpoint:
            months[date[:7]].append(score)
    runs: list[list[str]] = []
    previous_low = False
    for month in sorted(months):
        scores = months[month]
        if len(scores) < MIN_RESPONSES:
            continue
        low = sum(scores) / len(scores) < target
        if low:
            if previous_low:
                runs[-1].append(month)
            else:
                runs.append([month])
        previous_low = low
    return runs


def test_a_touchpoint_that_stays_low_is_one_entry_updated_not_one_a_month(tmp_path):
    """Checkout low in June, July (with a thin August between) and September, on target in
    October, low again in November: two entries, each keyed by its run's first month and dated
    its last, the title saying since when."""
    def month(m: str, scores: list[int]):
        return [(f"2026-{m}-{n + 1:02d}", "checkout", "sanne", s, "") for n, s in enumerate(scores)]
    rows = [*month("06", [2, 3, 3, 2, 3]), *month("07", [3, 3, 4, 2, 3, 3]), *month("08", [5, 5]),
            *month("09", [3, 2, 3, 3, 4]), *month("10", [5, 4, 5, 4, 5]), *month("11", [1, 2, 3, 3, 2])]
    runs = low_runs(rows, "checkout", TARGET)
    assert runs == [["2026-06", "2026-07", "2026-09"], ["2026-11"]]
    out = build(make_site(tmp_path, {**site_files(), "journeys/webshop/feedback/survey.csv": survey_csv(rows)}))
    low = entries_by_kind(parse(out / "teams" / "team-payments" / "feed.xml"))["low-score"]
    assert [e.id.rsplit("#", 1)[1] for e in low] == [f"low-score/webshop/checkout/{run[0]}" for run in reversed(runs)]
    september = [s for d, tp, _, s, _ in rows if d.startswith("2026-09")]
    mean = sum(september) / len(september)
    run = low[1]
    assert run.updated_parsed[:3] == (2026, 9, 30)  # the run's last month's last day
    assert run.title == f"Checkout: below target since June 2026, {mean:.1f} in September 2026 (target {TARGET:.1f})"
    assert run.content[0].value == (f"Checkout (Webshop) has scored below the target of {TARGET:.1f} for 3 months in a row, "
                                    f"since June 2026: {mean:.1f} in September 2026 ({len(september)} responses).")
    november = [s for d, tp, _, s, _ in rows if d.startswith("2026-11")]
    assert low[0].title == f"Checkout: {sum(november) / len(november):.1f} in November 2026 (target {TARGET:.1f})"


def test_quotes_are_the_newest_comments_redacted_as_on_the_pages(built):
    parsed = parse(built / "teams" / "team-payments" / "feed.xml")
    quotes = entries_by_kind(parsed)["quote"]
    commented = sorted((r for r in ROWS if r[1] == "checkout" and r[4]), key=lambda r: r[0], reverse=True)[:5]
    expected = [redact(comment).strip() for *_, comment in commented]
    texts = [re.match(r"“(.*)” \(", e.content[0].value, re.S).group(1) for e in quotes]
    assert [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", t) for t in expected] == texts
    assert "Oud commentaar, het zesde" not in path_text(built / "teams" / "team-payments" / "feed.xml")
    assert [e.updated_parsed[:3] for e in quotes] == [tuple(int(x) for x in r[0].split("-")) for r in commented]
    page = (built / "journeys" / "webshop" / "phases" / "do" / "index.html").read_text(encoding="utf-8")
    for text in texts[:3]:  # the pages publish the same redacted text
        assert html.escape(text, quote=False) in page.replace("&#39;", "'").replace("&#34;", '"')


def path_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_hostile_comments_never_reach_the_feed_unescaped_or_unredacted(built):
    raw = path_text(built / "teams" / "team-payments" / "feed.xml")
    parsed = parse(built / "teams" / "team-payments" / "feed.xml")
    everything = raw + "\n".join(e.title + e.content[0].value for e in parsed.entries)
    for comment, never in HOSTILE:
        for text in never:
            if text.startswith("<"):
                assert text not in raw, text  # as markup, nowhere in the document
            else:
                assert text not in everything, text  # personal data, nowhere at all
    contents = [e.content[0] for e in parsed.entries]
    assert all(c.type == "text/plain" for c in contents)  # Atom text, never HTML a reader would render
    assert any("<script>alert('x')</script> Mail me at [EMAIL]" in c.value for c in contents)
    assert "&lt;script&gt;" in raw
    assert "\x0b" not in raw


def test_decisions_due_and_improvements_delivered(built):
    kinds = entries_by_kind(parse(built / "teams" / "team-payments" / "feed.xml"))
    today = dt.date(2026, 11, 23)  # tests.helpers.TODAY
    due = [d for d in ("no-phone", "later") if dt.date.fromisoformat({"no-phone": "2026-11-01",
                                                                        "later": "2027-01-01"}[d]) <= today]
    assert [e.id.rsplit("#", 1)[1] for e in kinds["review-due"]] == [f"review-due/webshop/{d}/2026-11-01" for d in due]
    assert kinds["review-due"][0].title == "Review due: No phone line at the weekend"
    assert kinds["review-due"][0].link == f"{SITE_URL}journeys/webshop/decisions/no-phone/"
    assert [e.id.rsplit("#", 1)[1] for e in kinds["delivered"]] == ["delivered/webshop/one-click"]
    assert kinds["delivered"][0].updated_parsed[:3] == (2026, 6, 1)
    assert kinds["delivered"][0].link == f"{SITE_URL}journeys/webshop/backlog/#imp-one-click"
    assert "state-change" not in kinds  # not a git repository: no history, no state changes


def test_entries_are_newest_first_and_the_feed_is_dated_by_its_newest(built):
    parsed = parse(built / "teams" / "team-payments" / "feed.xml")
    dates = [e.updated_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated_parsed == dates[0]


# -- the team page links it ------------------------------------------------------------------------


def feed_links(page: str) -> list[str]:
    head = page.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', head)


def test_the_team_page_links_its_feed_in_the_head_and_visibly(built):
    page_path = built / "teams" / "team-payments" / "index.html"
    page = page_path.read_text(encoding="utf-8")
    links = feed_links(page)
    assert len(links) == 1
    assert (page_path.parent / links[0]).resolve() == (built / "teams" / "team-payments" / "feed.xml").resolve()
    body = page.split("</head>", 1)[1]
    # visibly as the address to copy into a reader (the browser suite checks that a click copies it
    # rather than open raw XML)
    visible = re.findall(r'<a class="jm-feed__url" href="([^"]+)" type="application/atom\+xml"><code>([^<]+)</code></a>', body)
    assert visible == [(links[0], links[0])]
    assert "Follow this team&#39;s updates in a feed reader" in body and 'class="jm-feed__copy"' in body
    other = (built / "teams" / "index.html").read_text(encoding="utf-8")
    assert feed_links(other) == []  # only a team's own page links a team's feed


def test_without_site_url_ids_are_urns_and_links_relative_to_the_feed(tmp_path):
    root = make_site(tmp_path, site_files())
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", "")
    write(root, {"mkdocs.yml": config})
    out = build(root)
    path = out / "teams" / "team-payments" / "feed.xml"
    parsed = parse(path)
    assert_rfc4287(path, absolute_links=False)
    key = "low-score/webshop/checkout/2026-09"
    name = f"journeymaps:Test site:teams/team-payments/feed.xml#{key}"
    assert f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}" in [e.id for e in parsed.entries]
    document = etree.fromstring(path.read_bytes())
    hrefs = [link.get("href") for link in document.iter(f"{ATOM}link")]
    assert "../../journeys/webshop/phases/do/#tp-checkout" in hrefs
    target = urljoin(f"{SITE_URL}teams/team-payments/feed.xml", "../../journeys/webshop/phases/do/#tp-checkout")
    assert target == f"{SITE_URL}journeys/webshop/phases/do/#tp-checkout"  # where a reader resolves it


def test_a_dutch_site_writes_its_feed_in_dutch(tmp_path):
    out = build(make_site(tmp_path, site_files(), language="nl"))
    parsed = parse(out / "teams" / "team-payments" / "feed.xml")
    low = entries_by_kind(parsed)["low-score"][0]
    count, mean = expected_low_months(ROWS, "checkout", TARGET)["2026-09"]
    assert low.title == f"Checkout: {mean:.1f} in september 2026 (doel {TARGET:.1f})".replace(".", ",")
    assert f"({count} reacties), onder het doel van 4,0" in low.content[0].value
    assert parsed.feed.language == "nl"


# -- stable ids ---------------------------------------------------------------------------------------


def entry_elements(path: Path) -> dict[str, bytes]:
    document = etree.fromstring(path.read_bytes())
    return {e.findtext(f"{ATOM}id"): etree.tostring(e) for e in document.findall(f"{ATOM}entry")}


def test_the_same_sources_give_the_same_bytes_and_new_feedback_only_adds(tmp_path):
    root = make_site(tmp_path, site_files())
    path = build(root) / "teams" / "team-payments" / "feed.xml"
    first = path.read_bytes()
    assert build(root).joinpath("teams", "team-payments", "feed.xml").read_bytes() == first
    before = entry_elements(path)
    # November gets two more responses (five now, all low) and a new comment
    more = [("2026-11-21", "checkout", "ruud", 2, ""), ("2026-11-22", "checkout", "sanne", 2, "Weer te traag")]
    assert "2026-11" not in expected_low_months(ROWS, "checkout", TARGET)
    assert "2026-11" in expected_low_months(ROWS + more, "checkout", TARGET)
    write(root, {"journeys/webshop/feedback/survey.csv": survey_csv(ROWS + more)})
    after = entry_elements(build(root) / "teams" / "team-payments" / "feed.xml")
    added = set(after) - set(before)
    assert [key.split("#")[1] for key in added if "low-score" in key] == ["low-score/webshop/checkout/2026-11"]
    assert [key.split("#")[1].split("/")[3] for key in added if "#quote/" in key] == ["2026-11-22"]
    assert len(added) == 2
    dropped = set(before) - set(after)  # the oldest of the five quotes gives way to the new one
    assert [key.split("#")[1].split("/")[3] for key in dropped] == ["2026-09-09"]
    for key in set(before) & set(after):  # every other entry is as it was, byte for byte
        assert after[key] == before[key], key


# -- state changes from git ---------------------------------------------------------------------------


def git(root: Path, *args: str, date: str = "2026-10-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip()


def test_an_entry_appears_when_a_touchpoint_becomes_an_unaddressed_gap_or_breaches_a_floor(tmp_path):
    root = make_site(tmp_path)  # no feedback: the states come from the estimates
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Checkout on target", date="2026-03-02T09:00:00+00:00")
    out = build(root)
    before = parse(out / "teams" / "team-payments" / "feed.xml")
    assert "state-change" not in entries_by_kind(before)  # estimate 4.5 >= target 4: on target
    # commit 2: the estimate drops below the target, nobody on it: an unaddressed gap
    write(root, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 3")})
    git(root, "commit", "-q", "-am", "Workshop: checkout <b>scores</b> 3 now", date="2026-06-15T10:30:00+02:00")
    gap_sha = git(root, "rev-parse", "HEAD")
    # commit 3: a decision accepts a lower score, but only down to 3.5: the floor is breached
    write(root, {"journeys/webshop/decisions.yml": (
        "- id: slow-checkout\n  title: Fraud checks first\n  touchpoints: [checkout]\n"
        "  status: accepted\n  floor: 3.5\n")})
    git(root, "add", "journeys")
    git(root, "commit", "-q", "-m", "Decide on fraud checks", date="2026-08-01T08:00:00+00:00")
    floor_sha = git(root, "rev-parse", "HEAD")
    out = build(root)
    path = out / "teams" / "team-payments" / "feed.xml"
    assert_rfc4287(path)
    changes = entries_by_kind(parse(path))["state-change"]
    base = f"{SITE_URL}teams/team-payments/feed.xml#state/webshop/checkout"
    assert [e.id for e in changes] == [f"{base}/floor-breached/{floor_sha}", f"{base}/unaddressed/{gap_sha}"]
    breached, gap = changes
    assert gap.title == "Checkout became an unaddressed gap"
    assert gap.updated_parsed[:5] == (2026, 6, 15, 8, 30)  # the commit's date, in UTC
    assert gap.content[0].value == (
        "Checkout (Webshop) is now: Unaddressed gap, for Ruud; Sanne (before: On target). Changed by the "
        f"commit of Jun 15, 2026 ({gap_sha[:7]}: Workshop: checkout <b>scores</b> 3 now).")
    assert "<b>scores" not in path_text(path)  # the commit's subject is text, escaped
    assert breached.title == "Checkout fell below its floor"
    assert "is now: Floor breached, for Ruud; Sanne (before: Unaddressed gap)" in breached.content[0].value
    # the advert never changed state: Team Marketing's feed has none
    assert "state-change" not in entries_by_kind(parse(out / "teams" / "team-marketing" / "feed.xml"))


def test_the_journeys_first_commit_is_no_news_but_a_touchpoint_added_later_is(tmp_path):
    """The first commit puts the whole journey in git: its gaps are not state changes a team is told
    of ("fell below ... before: not on the map"). A touchpoint added later as a gap is."""
    root = make_site(tmp_path)
    write(root, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 3")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The journey, checkout already a gap", date="2026-03-02T09:00:00+00:00")
    out = build(root)
    assert "state-change" not in entries_by_kind(parse(out / "teams" / "team-payments" / "feed.xml"))
    added = JOURNEY.replace("estimate: 4.5", "estimate: 3").replace("touchpoints:\n", (
        "touchpoints:\n  - id: refund\n    phase: do\n    title: Refund\n    owner: Team Payments\n"
        "    target: 4\n    estimate: 2\n"), 1)
    assert added.count("id: refund") == 1
    write(root, {"journeys/webshop/journey.yml": added})
    git(root, "commit", "-q", "-am", "Refunds on the map", date="2026-04-02T09:00:00+00:00")
    sha = git(root, "rev-parse", "HEAD")
    changes = entries_by_kind(parse(build(root) / "teams" / "team-payments" / "feed.xml"))["state-change"]
    assert [e.id.rsplit("#", 1)[1] for e in changes] == [f"state/webshop/refund/unaddressed/{sha}"]
    assert "(before: not on the map)" in changes[0].content[0].value


# -- Zensical -----------------------------------------------------------------------------------------


def test_zensical_publishes_the_same_feed_at_the_same_url_with_the_head_link(tmp_path):
    plugin_out = build(make_site(tmp_path / "plugin", site_files()))
    root = make_site(tmp_path / "zensical", site_files())
    result = generate(root)
    assert result.returncode == 0, result.stderr
    built = zensical(root, "-f", "mkdocs.journeymaps.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    feed = "teams/team-payments/feed.xml"
    assert (root / "site" / feed).read_bytes() == (plugin_out / feed).read_bytes()
    # beside it an empty sitemap: the theme fetches sitemap.xml beside each <link rel="alternate">
    sitemap = "teams/team-payments/sitemap.xml"
    assert (root / "site" / sitemap).read_bytes() == (plugin_out / sitemap).read_bytes()
    urlset = etree.fromstring((plugin_out / sitemap).read_bytes())
    assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(urlset) == 0
    page_path = root / "site" / "teams" / "team-payments" / "index.html"
    page = page_path.read_text(encoding="utf-8")
    links = feed_links(page)
    assert len(links) == 1
    assert (page_path.parent / links[0]).resolve() == (root / "site" / feed).resolve()
    visible = re.findall(r'<a class="jm-feed__url" href="([^"]+)"', page.split("</head>", 1)[1])
    assert len(visible) == 1 and (page_path.parent / visible[0]).resolve() == (root / "site" / feed).resolve()


def test_generate_leaves_a_sites_own_main_html_alone_and_says_how_to_link_the_feed(tmp_path):
    root = make_site(tmp_path, site_files())
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  name: material\n",
                                                                      "  name: material\n  custom_dir: overrides\n")
    own = '{% extends "base.html" %}\n{% block announce %}Our own{% endblock %}\n'
    write(root, {"mkdocs.yml": config, "overrides/main.html": own})
    result = generate(root)
    assert result.returncode == 0, result.stderr
    assert "overrides/main.html" in result.stderr and "docs/feeds.md" in result.stderr
    assert (root / "overrides" / "main.html").read_text(encoding="utf-8") == own
    assert (root / "docs" / "teams" / "team-payments" / "feed.xml").is_file()
    assert (root / "overrides" / "partials" / "actions.html").is_file()  # the rest is written as before
