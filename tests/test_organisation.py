"""The organisation-wide pages at scale (issue 15): a line per journey and the first few items,
the whole lists as CSV files Excel opens, and a navigation that lists many journeys in groups.
Real builds of generated sites; every expected figure is computed here from the YAML written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import yaml

from tests.helpers import MKDOCS_YML, PERSONAS, TODAY, make_site, mkdocs, write

STATUSES = ["idea", "planned", "in-progress", "done"]


def improvement(j: int, i: int) -> dict:
    """Improvement i of journey j: a status by turns, RICE parts that differ per item."""
    return {"id": f"imp-{i}", "title": f"Verbetering {j}-{i}", "status": STATUSES[i % 4], "reach": 100 * (j + 1),
            "impact": 1 + i % 3, "confidence": 0.5, "effort": 1 + i, "touchpoints": ["checkout"]}


def journey_yaml(j: int, improvements: int, owner: str, estimate: float = 4.5, **changes) -> str:
    items = [improvement(j, i) for i in range(improvements)]
    for item in items:
        if item["status"] == "done":
            item["delivered"] = dt.date(2026, 1 + item["effort"] % 9, 1)
    data = {"title": f"Reis {j:02d}", "owner": owner, **changes, "phases": [{"id": "do", "title": "Do"}],
            "touchpoints": [{"id": "checkout", "phase": "do", "title": "Afrekenen", "target": 4, "estimate": estimate,
                             "owner": "Team Kassa"}],
            "improvements": items,
            "decisions": [{"id": "dec-1", "title": "Besluit", "touchpoints": ["checkout"], "status": "accepted",
                           "floor": 2, "decided": dt.date(2026, 1, 1), "review": dt.date(2027, 6, 1),
                           "rationale": "Omdat het kan."}]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def many(root, journeys: int, improvements: int = 6, language: str = "en", owners: int = 1):
    files = {f"journeys/reis-{j:02d}/journey.yml": journey_yaml(j, improvements, f"Team {j % owners}")
             for j in range(journeys)}
    return make_site(root, {**files, "journeys/webshop/journey.yml": None}, language=language)


def rice(item: dict) -> float:
    return item["reach"] * item["impact"] * item["confidence"] / item["effort"]


def read_csv(path, delimiter: str) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_backlog_page_has_a_line_per_journey_and_the_first_ten_across_them(tmp_path):
    root = many(tmp_path, journeys=15)
    assert mkdocs(root, "build", "--strict").returncode == 0
    html = (root / "site/backlog/index.html").read_text(encoding="utf-8")
    per_journey = re.search(r'<table class="jm-table jm-org-backlog"[^>]*>.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>\s*<td><a [^>]*>(Reis \d+)</a></td>\s*((?:<td>\d+</td>)+)", per_journey)
    assert [name for name, _ in rows] == [f"Reis {j:02d}" for j in range(15)]
    for name, counts in rows:  # in progress, planned, idea, done, dropped: 6 items by turns
        expected = [sum(1 for i in range(6) if STATUSES[i % 4] == s) for s in ("in-progress", "planned", "idea", "done", "dropped")]
        assert [int(n) for n in re.findall(r"\d+", counts)] == expected, name
    # Highest priority: the open items of all journeys, in progress first, then by RICE; ten of them.
    open_items = [(j, improvement(j, i)) for j in range(15) for i in range(6) if STATUSES[i % 4] != "done"]
    order = {"in-progress": 0, "planned": 1, "idea": 2}
    open_items.sort(key=lambda item: (order[item[1]["status"]], -round(rice(item[1]), 2), f"reis-{item[0]:02d}", item[1]["id"]))
    first = re.search(r'<h2 id="first">.*?</table>', html, re.S).group(0)
    shown = re.findall(r"<strong>(Verbetering \d+-\d+)</strong>", first)
    assert shown == [item["title"] for _, item in open_items[:10]]
    assert re.search(rf"And {len(open_items) - 10} more, on the journeys\S* own pages and in the CSV file", html)
    assert 'id="imp-' not in html  # anchors are the journeys' own backlogs' (ids would repeat here)


def article(path) -> str:
    return re.search(r"<article.*?</article>", path.read_text(encoding="utf-8"), re.S).group(0)


def test_organisation_pages_grow_by_a_line_per_journey_not_by_every_item(tmp_path):
    sizes = {}
    for journeys in (10, 30):
        root = many(tmp_path / str(journeys), journeys=journeys, improvements=12)
        assert mkdocs(root, "build").returncode == 0
        sizes[journeys] = {page: len(article(root / "site" / page / "index.html")) for page in ("backlog", "decisions")}
    for page in ("backlog", "decisions"):  # the page's content; the nav is Material's (navigation.prune)
        per_journey = (sizes[30][page] - sizes[10][page]) / 20
        assert per_journey < 1500, f"/{page}/ grows by {per_journey:.0f} bytes per journey of 12 improvements"


@pytest.mark.parametrize("language, delimiter, decimal", [("en", ",", "."), ("nl", ";", ",")])
def test_the_whole_backlog_and_register_download_as_csv_for_excel(tmp_path, language, delimiter, decimal):
    root = many(tmp_path, journeys=3, improvements=5, language=language)
    hostile = yaml.safe_load(journey_yaml(9, 1, "Team X"))
    hostile["improvements"][0]["title"] = '=HYPERLINK("http://x")'
    write(root, {"journeys/reis-09/journey.yml": yaml.safe_dump(hostile, allow_unicode=True)})
    assert mkdocs(root, "build", "--strict").returncode == 0
    rows = read_csv(root / "site/backlog/backlog.csv", delimiter)
    header, body = rows[0], rows[1:]
    assert len(body) == 3 * 5 + 1  # every improvement of every journey
    by_id = {(row[0], row[1]): dict(zip(header, row)) for row in body}
    item = improvement(1, 2)
    row = by_id[("Reis 01", "imp-2")]
    assert row[header[8]] == f"{round(rice(item), 2):g}".replace(".", decimal)  # RICE, computed here
    assert row[header[11]] == "0.5".replace(".", decimal)  # confidence, with the language's decimal mark
    assert by_id[("Reis 09", "imp-0")][header[2]] == "'=HYPERLINK(\"http://x\")"  # never run as a formula
    link = re.search(r'href="([^"]*backlog\.csv)"', (root / "site/backlog/index.html").read_text(encoding="utf-8"))
    assert link and link.group(1) == "backlog.csv"
    register = read_csv(root / "site/decisions/decisions.csv", delimiter)
    assert len(register) - 1 == 4 and {row[1] for row in register[1:]} == {"dec-1"}


NAV_SITE = MKDOCS_YML.replace("features: [content.action.edit, navigation.instant]",
                              "features: [content.action.edit, navigation.instant, navigation.prune]")


def test_many_journeys_are_listed_in_groups_and_a_page_carries_its_own_group_only(tmp_path):
    files = {f"journeys/reis-{j:02d}/journey.yml": journey_yaml(j, 1, "Team A" if j < 7 else "Team B")
             for j in range(14)}
    files["journeys/reis-13/journey.yml"] = journey_yaml(13, 1, "Team B", group="Zakelijk")
    root = write(tmp_path, {**files, "mkdocs.yml": NAV_SITE.format(language="en", today=TODAY, extra=""),
                            "docs/index.md": "# Home\n", "journeys/personas.yml": PERSONAS})
    assert mkdocs(root, "build", "--strict").returncode == 0

    def labels(page: str) -> set[str]:
        """The entries of the page's navigation sidebar, by their text."""
        html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
        nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(0)
        return set(re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav))

    a_page = labels("journeys/reis-00")
    assert {"Team A", "Team B", "Zakelijk"} <= a_page  # the groups, by owner or `group:`
    assert "Reis 01" in a_page and "Reis 08" not in a_page  # its own group's journeys only
    b_page = labels("journeys/reis-08")
    assert "Reis 09" in b_page and "Reis 01" not in b_page and "Reis 13" not in b_page


def test_a_team_owning_many_touchpoints_gets_a_line_per_journey_and_its_ten_worst(tmp_path):
    estimates = {j: 2 + (j % 5) * 0.5 for j in range(25)}  # 2.0 .. 4.0 against a target of 4
    files = {f"journeys/reis-{j:02d}/journey.yml": journey_yaml(j, 0, "Team A", estimate=estimates[j]) for j in range(25)}
    root = make_site(tmp_path, {**files, "journeys/webshop/journey.yml": None})
    assert mkdocs(root, "build").returncode == 0
    html = article(root / "site/teams/team-kassa/index.html")
    rows = re.findall(r'<tr><td><a [^>]*>(Reis \d+)</a></td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', html)
    assert len(rows) == 25 and all(row[1:] == ("1", "0", "1") if estimates[int(row[0][5:])] < 4 else row[1:] == ("1", "1", "0")
                                   for row in rows)
    below = sorted((j for j in range(25) if estimates[j] < 4), key=lambda j: (estimates[j], f"{j:02d}"))
    worst = re.search(r'<h2 id="furthest-below">.*?</table>', html, re.S).group(0)
    assert len(re.findall(r"<tr>", worst)) - 1 == 10  # a header row and the ten worst
    assert f"({len(below)})" in worst and f"And {len(below) - 10} more" in html
    assert len(html) < 60_000
