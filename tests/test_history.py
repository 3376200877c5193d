"""The history page and history/ (issue #16): real git repositories made in tmp_path, real builds.

Each expected quarter, change and figure is computed here from the scripted dates and the
example's CSV files, never read back from what the code produced."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

import pytest

from journeymaps.analysis import AnalysisSettings, State
from journeymaps.history import ChangeKind, HistoryCache, read_history
from journeymaps.history.records import NOTE_TEXTS
from journeymaps.i18n import labels
from journeymaps.pipeline import analyse
from journeymaps.render.urls import commit_url

from tests.helpers import JOURNEY, REPO, TODAY, Serve, generate, make_site, mkdocs, write

SETTINGS = AnalysisSettings(today=dt.date.fromisoformat(TODAY), window_end=dt.date.fromisoformat(TODAY))


# -- helpers ----------------------------------------------------------------------------------------


def git(cwd: Path, *args: str, date: Optional[str] = None) -> str:
    """Run git as a scripted user would, with a fixed author and, with `date`, that author and
    committer date (ISO 8601, such as 2026-02-10T10:00:00+01:00)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.org",
           "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit(cwd: Path, message: str, date: str) -> str:
    git(cwd, "add", "-A", ".")
    git(cwd, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(cwd, "rev-parse", "HEAD")


def quarter(date: str) -> str:
    day = dt.datetime.fromisoformat(date)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def histories(root: Path, cache: Optional[HistoryCache] = None):
    analysis = analyse(root, "journeys", SETTINGS)
    return read_history(root, "journeys", analysis, cache or HistoryCache(), SETTINGS)


def kinds(history) -> list[tuple[str, str, str]]:
    """(short commit id, kind, item) of each change, oldest first."""
    return [(c.commit.sha[:7], c.kind.value, c.item_id) for c in history.changes]


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Optional["Node"]):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts + [c.text for c in self.children]).split())

    def find_all(self, predicate) -> list["Node"]:
        found = []
        for child in self.children:
            if predicate(child):
                found.append(child)
            found += child.find_all(predicate)
        return found

    def having(self, name: str) -> list["Node"]:
        return self.find_all(lambda n: name in n.attrs)


class Tree(HTMLParser):
    """The page as a tree of elements, enough to read data-* attributes and texts."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed", "base"}

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {}, None)
        self.here = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.here)
        self.here.children.append(node)
        if tag not in self.VOID:
            self.here = node

    def handle_endtag(self, tag):
        node = self.here
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.here = node.parent

    def handle_data(self, data):
        self.here.parts.append(data)


def page_tree(path: Path) -> Node:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree.root


def page_changes(root: Node) -> dict[str, list[tuple[str, str, str]]]:
    """Quarter label -> (commit id, kind, item) of each change listed in it, as the page shows them."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for section in root.having("data-quarter"):
        found[section.attrs["data-quarter"]] = [
            (item.attrs["data-commit"], change.attrs["data-kind"], change.attrs["data-item"])
            for item in section.having("data-commit") for change in item.having("data-kind")
        ]
    return found


# -- the example site with a scripted history ------------------------------------------------------

DATES = {
    "first": "2026-02-10T10:00:00+01:00",
    "raise": "2026-05-05T09:30:00+02:00",
    "decide": "2026-08-20T16:00:00+02:00",
    "remove": "2026-09-29T11:00:00+02:00",
    "docs": "2026-11-02T12:00:00+01:00",
}
HOSTILE_SUBJECT = 'Lower the <b>switch</b> target & drop "cadeaubon" <script>alert(1)</script>'
GIFT_CARD = """
  - id: cadeaubon
    phase: care
    title: Cadeaubon inwisselen
    target: 3.8
    estimate: 3.0
"""


@pytest.fixture(scope="module")
def example_history(tmp_path_factory):
    """The example site in a new git repository: five scripted commits over four quarters, the
    last of which leaves every journey file exactly as the example has it; built with mkdocs."""
    root = tmp_path_factory.mktemp("history") / "site"
    for name in ("docs", "journeys", "overrides"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("repo_url: https://git.example/klantbeleving/klantreizen",
                            "repo_url: https://github.com/klantbeleving/klantreizen")
    assert "github.com" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shop = root / "journeys" / "webshop"
    energy = root / "journeys" / "energie-overstappen"
    final = {path: path.read_text(encoding="utf-8") for path in
             [shop / "journey.yml", shop / "decisions.yml", shop / "improvements.yml", energy / "journey.yml"]}

    def replace(path: Path, old: str, new: str, count: int = 1) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, (path, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    # Commit 1: checkout's target is 3.5; the phone decision of March is not there yet (the old one
    # is in force); one-click payment is only planned; the energy switch aims higher (8.0).
    journey = final[shop / "journey.yml"]
    checkout_at = journey.index("  - id: checkout")
    target_at = journey.index("    target: 4.0", checkout_at)
    (shop / "journey.yml").write_text(journey[:target_at] + "    target: 3.5" + journey[target_at + 15:],
                                      encoding="utf-8")
    decisions = final[shop / "decisions.yml"]
    start = decisions.index("- id: geen-telefoon-weekend")
    end = decisions.index("\n- id: ", start + 1) + 1
    (shop / "decisions.yml").write_text(
        decisions[:start] + decisions[end:], encoding="utf-8")
    replace(shop / "decisions.yml", "  status: superseded\n", "  status: accepted\n")
    replace(shop / "improvements.yml", "  status: done\n  owner: Team Payments\n", "  status: planned\n  owner: Team Payments\n")
    replace(shop / "improvements.yml", "  delivered: 2026-06-01\n", "")
    energy_text = final[energy / "journey.yml"]
    energy_target = energy_text.index("    target: 7.0")
    energy_touchpoint = energy_text.rindex("  - id: ", 0, energy_target)
    energy_id = energy_text[energy_touchpoint + 8:energy_text.index("\n", energy_touchpoint)].strip()
    (energy / "journey.yml").write_text(
        energy_text[:energy_target] + "    target: 8.0" + energy_text[energy_target + 15:], encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    shas = {"first": commit(root, "Journeys as of the February workshop", DATES["first"])}

    # Commit 2 (Q2): checkout's target raised to 4.0; a gift-card touchpoint added.
    (shop / "journey.yml").write_text(final[shop / "journey.yml"].replace(
        "\n  - id: herhaalaankoop", GIFT_CARD.rstrip("\n") + "\n\n  - id: herhaalaankoop", 1), encoding="utf-8")
    shas["raise"] = commit(root, "Checkout aims for 4.0; gift cards are a touchpoint", DATES["raise"])

    # Commit 3 (Q3): the weekend decision replaces the Saturday one; one-click payment delivered.
    (shop / "decisions.yml").write_text(final[shop / "decisions.yml"], encoding="utf-8")
    (shop / "improvements.yml").write_text(final[shop / "improvements.yml"], encoding="utf-8")
    shas["decide"] = commit(root, "No phone at weekends; one-click payment is live", DATES["decide"])

    # Commit 4 (Q3): the gift card goes again; the energy switch's target is lowered to 7.0.
    (shop / "journey.yml").write_text(final[shop / "journey.yml"], encoding="utf-8")
    (energy / "journey.yml").write_text(final[energy / "journey.yml"], encoding="utf-8")
    shas["remove"] = commit(root, HOSTILE_SUBJECT, DATES["remove"])

    # Commit 5 (Q4): only docs/; no journey changes.
    (root / "docs" / "index.md").write_text((root / "docs" / "index.md").read_text(encoding="utf-8") + "\nMore.\n",
                                            encoding="utf-8")
    shas["docs"] = commit(root, "Docs: a line more", DATES["docs"])
    for path, text in final.items():
        assert path.read_text(encoding="utf-8") == text
    result = mkdocs(root, "build", "--strict", "-d", str(root / "out"))
    assert result.returncode == 0, result.stderr
    return root, shas, energy_id


def test_the_history_page_shows_each_scripted_change_at_its_quarter(example_history):
    root, shas, energy_id = example_history
    shop = page_changes(page_tree(root / "out" / "journeys" / "webshop" / "history" / "index.html"))
    expected = {
        quarter(DATES["first"]): [(shas["first"], "journey-added", "webshop")],
        quarter(DATES["raise"]): [(shas["raise"], "target-raised", "checkout"),
                                  (shas["raise"], "touchpoint-added", "cadeaubon")],
        # newest commit first within the quarter
        quarter(DATES["decide"]): [(shas["remove"], "touchpoint-removed", "cadeaubon"),
                                   (shas["decide"], "decision-superseded", "telefoon-zaterdagochtend"),
                                   (shas["decide"], "decision-taken", "geen-telefoon-weekend"),
                                   (shas["decide"], "improvement-delivered", "een-klik-betalen")],
    }
    assert {q: c for q, c in shop.items() if c} == expected
    assert quarter(DATES["docs"]) in shop and shop[quarter(DATES["docs"])] == []  # scores only: docs/ is no change
    energy = page_changes(page_tree(root / "out" / "journeys" / "energie-overstappen" / "history" / "index.html"))
    assert {q: c for q, c in energy.items() if c} == {
        quarter(DATES["first"]): [(shas["first"], "journey-added", "energie-overstappen")],
        quarter(DATES["remove"]): [(shas["remove"], "target-lowered", energy_id)],
    }


def test_each_change_shows_its_date_subject_and_a_link_to_its_commit(example_history):
    root, shas, _ = example_history
    html = (root / "out" / "journeys" / "webshop" / "history" / "index.html").read_text(encoding="utf-8")
    tree = page_tree(root / "out" / "journeys" / "webshop" / "history" / "index.html")
    items = {node.attrs["data-commit"]: node for node in tree.having("data-commit")}
    raise_item = items[shas["raise"]]
    links = raise_item.find_all(lambda n: n.tag == "a" and n.attrs.get("href", "").startswith("https://"))
    assert [a.attrs["href"] for a in links] == [f"https://github.com/klantbeleving/klantreizen/commit/{shas['raise']}"]
    assert "Checkout aims for 4.0; gift cards are a touchpoint" in raise_item.text
    time = raise_item.find_all(lambda n: n.tag == "time")[0]
    assert time.attrs["datetime"] == DATES["raise"]
    assert "May 5, 2026" in time.text
    target = raise_item.find_all(lambda n: n.attrs.get("data-kind") == "target-raised")[0]
    assert "(3.5 → 4.0)" in target.text
    # the commit subject is untrusted text: escaped, never markup
    assert "<script>alert(1)</script>" not in html and "<b>switch</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE_SUBJECT in items[shas["remove"]].text
    assert shas["docs"] not in items  # a commit that did not touch the journeys is not listed


def _nps_by_quarter(path: Path, label: str) -> dict[str, tuple[int, float]]:
    """Quarter -> (responses, NPS) of one touchpoint label, counted here from the export."""
    found: dict[str, list[int]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["Contactmoment"] != label:
                continue
            day, month, year = row["Datum"].split("-")
            answer = int(row["Aanbevelen"])
            assert 0 <= answer <= 10
            found.setdefault(f"{year}-Q{(int(month) - 1) // 3 + 1}", []).append(answer)
    return {q: (len(a), 100 * (sum(x >= 9 for x in a) - sum(x <= 6 for x in a)) / len(a)) for q, a in found.items()}


def test_the_scores_per_quarter_are_measured_on_that_quarters_answers(example_history):
    root, _, _ = example_history
    expected = _nps_by_quarter(root / "journeys" / "energie-overstappen" / "feedback" / "nps-2026.csv",
                               "Vriend werft vriend")
    assert len(expected) >= 3
    tree = page_tree(root / "out" / "journeys" / "energie-overstappen" / "history" / "index.html")
    shown = {}
    for section in tree.having("data-quarter"):
        for row in section.find_all(lambda n: n.attrs.get("data-touchpoint") == "aanbevelen"):
            cells = row.find_all(lambda n: n.tag == "td")
            shown[section.attrs["data-quarter"]] = (int(cells[3].text), cells[1].text)
    assert set(shown) == set(expected)
    for label, (count, nps) in expected.items():
        value = round(nps)
        assert shown[label][0] == count
        assert f"NPS {'+' if value > 0 else ''}{value}" in shown[label][1], (label, shown[label], nps)


def test_state_changes_follow_the_commits(example_history):
    root, shas, _ = example_history
    found = histories(root)["webshop"]
    gift = [c for c in found.state_changes if c.touchpoint_id == "cadeaubon"]
    personas = [p.id for p in analyse(root, "journeys", SETTINGS).site.journey("webshop").all_personas]
    # added with estimate 3.0 against a target of 3.8, no decision, no improvement: an unaddressed gap
    assert [(c.commit.sha, c.persona_id, c.before, c.after) for c in gift] == (
        [(shas["raise"], p, None, State.UNADDRESSED) for p in personas]
        + [(shas["remove"], p, State.UNADDRESSED, None) for p in personas])
    assert [c.sha for c in found.commits] == [shas["first"], shas["raise"], shas["decide"], shas["remove"]]
    first = [c for c in found.state_changes if c.commit.sha == shas["first"]]
    assert first and all(c.before is None for c in first)  # a new journey: every state is new


def test_the_journey_page_links_its_history_and_the_nav_lists_it(example_history):
    root, _, _ = example_history
    journey_page = (root / "out" / "journeys" / "webshop" / "index.html").read_text(encoding="utf-8")
    assert 'href="history/"' in journey_page
    nav = page_tree(root / "out" / "journeys" / "webshop" / "backlog" / "index.html").find_all(
        lambda n: n.tag == "a" and n.attrs.get("href") == "../history/")
    assert nav


# -- what git cannot show ---------------------------------------------------------------------------


def _repo_with_targets(root: Path, targets: list[tuple[str, str]]) -> list[str]:
    """A small site committed once per (checkout target, date): the commits' ids."""
    make_site(root)
    git(root, "init", "-q", "-b", "main")
    shas = []
    for target, date in targets:
        write(root, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", f"    target: {target}\n")})
        shas.append(commit(root, f"checkout target {target}", date))
    return shas


def test_a_site_outside_git_builds_and_its_page_says_so(tmp_path):
    root = make_site(tmp_path / "site")
    found = histories(root)["webshop"]
    assert [n.key for n in found.notes] == ["not_git"] and found.changes == []
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = page_tree(tmp_path / "out" / "journeys" / "webshop" / "history" / "index.html")
    assert [n.text for n in page.having("data-note")] == [labels("en")["history_note_not_git"]]


def test_a_repository_without_commits(tmp_path):
    root = make_site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    found = histories(root)["webshop"]
    assert [n.key for n in found.notes] == ["no_commits"] and found.changes == []


def test_a_shallow_clone_shows_what_it_has_and_says_where_it_stops(tmp_path):
    dates = ["2026-01-15T10:00:00+00:00", "2026-04-15T10:00:00+00:00", "2026-07-15T10:00:00+00:00"]
    shas = _repo_with_targets(tmp_path / "origin", [("3", dates[0]), ("3.5", dates[1]), ("3.2", dates[2])])
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{tmp_path / 'origin'}", str(clone)], check=True)
    found = histories(clone)["webshop"]
    # the second commit is where the clone stops: a baseline; the third one's change shows
    assert kinds(found) == [(shas[2][:7], "target-lowered", "checkout")]
    assert [(n.key, n.params["sha"]) for n in found.notes] == [("shallow", shas[1][:7])]
    assert "2026-04-15" in found.skipped[0]
    one = tmp_path / "one"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{tmp_path / 'origin'}", str(one)], check=True)
    found = histories(one)["webshop"]
    assert found.changes == [] and [n.key for n in found.notes] == ["shallow"]
    assert [c.sha for c in found.commits] == [shas[2]]


def test_a_detached_head_shows_the_history_up_to_that_commit(tmp_path):
    dates = ["2026-01-15T10:00:00+00:00", "2026-04-15T10:00:00+00:00", "2026-07-15T10:00:00+00:00"]
    shas = _repo_with_targets(tmp_path, [("3", dates[0]), ("3.5", dates[1]), ("3.2", dates[2])])
    git(tmp_path, "checkout", "-q", "--detach", shas[1])
    found = histories(tmp_path)["webshop"]
    assert kinds(found) == [(shas[0][:7], "journey-added", "webshop"), (shas[1][:7], "target-raised", "checkout")]
    assert [(n.key, n.params["sha"]) for n in found.notes] == [("detached", shas[1][:7])]


def test_a_renamed_journey_folder_keeps_its_history(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": None})
    write(root, {"journeys/shop/journey.yml": JOURNEY})
    git(root, "init", "-q", "-b", "main")
    first = commit(root, "the shop journey", "2026-01-15T10:00:00+00:00")
    git(root, "mv", "journeys/shop", "journeys/webshop")
    moved = commit(root, "rename shop to webshop", "2026-04-15T10:00:00+00:00")
    write(root, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", "    target: 4.5\n")})
    raised = commit(root, "raise checkout", "2026-07-15T10:00:00+00:00")
    found = histories(root)["webshop"]
    assert kinds(found) == [(first[:7], "journey-added", "shop"), (moved[:7], "renamed", "shop"),
                            (raised[:7], "target-raised", "checkout")]
    assert [(n.key, n.params["old"]) for n in found.notes] == [("renamed", "journeys/shop")]
    assert [c.sha for c in found.commits] == [first, moved, raised]


def test_a_merged_branch_counts_as_its_merge_commit(tmp_path):
    shas = _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00")])
    git(tmp_path, "checkout", "-q", "-b", "feature")
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", "    target: 3.5\n")})
    commit(tmp_path, "feature: checkout aims higher", "2026-02-01T10:00:00+00:00")
    git(tmp_path, "checkout", "-q", "main")
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", "    target: 3\n")
                     .replace("    target: 3\n    estimate: 4\n", "    target: 2.5\n    estimate: 4\n")})
    lowered = commit(tmp_path, "main: the advert aims lower", "2026-02-10T10:00:00+00:00")
    git(tmp_path, "merge", "-q", "--no-edit", "feature", date="2026-03-01T10:00:00+00:00")
    merge = git(tmp_path, "rev-parse", "HEAD")
    found = histories(tmp_path)["webshop"]
    # the branch's commit (older than main's) never reads as undoing main's change, nor main's as undoing it
    assert kinds(found) == [(shas[0][:7], "journey-added", "webshop"), (lowered[:7], "target-lowered", "ad"),
                            (merge[:7], "target-raised", "checkout")]


def test_a_commit_whose_yaml_was_invalid_is_skipped_and_named(tmp_path):
    shas = _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00")])
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY + "colour: blue\n"})
    broken = commit(tmp_path, "an unknown field", "2026-02-15T10:00:00+00:00")
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", "    target: 3.5\n")})
    fixed = commit(tmp_path, "fixed, and checkout aims higher", "2026-03-15T10:00:00+00:00")
    found = histories(tmp_path)["webshop"]
    # compared with the last commit that loaded
    assert kinds(found) == [(shas[0][:7], "journey-added", "webshop"), (fixed[:7], "target-raised", "checkout")]
    [note] = found.notes
    assert note.key == "invalid_commit" and note.params["sha"] == broken[:7]
    assert "journeys/webshop/journey.yml" in note.params["error"] and "colour" in note.params["error"]


def test_uncommitted_edits_are_not_history(tmp_path):
    shas = _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00")])
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("    target: 4\n", "    target: 4.9\n")})
    found = histories(tmp_path)["webshop"]
    assert kinds(found) == [(shas[0][:7], "journey-added", "webshop")]
    assert [n.key for n in found.notes] == ["uncommitted"]


def test_a_journey_never_committed(tmp_path):
    _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00")])
    write(tmp_path, {"journeys/energy/journey.yml": JOURNEY.replace("title: Webshop", "title: Energy")})
    found = histories(tmp_path)
    assert [n.key for n in found["energy"].notes] == ["not_committed", "uncommitted"]
    assert found["energy"].changes == []


def test_each_commit_is_analysed_once_across_rebuilds(tmp_path):
    _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00"), ("3.5", "2026-04-15T10:00:00+00:00")])
    cache = HistoryCache()
    histories(tmp_path, cache)
    assert cache.analysed == 2
    histories(tmp_path, cache)
    assert cache.analysed == 2
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY})
    commit(tmp_path, "back to 4", "2026-07-15T10:00:00+00:00")
    found = histories(tmp_path, cache)["webshop"]
    assert cache.analysed == 3
    assert found.changes[-1].kind is ChangeKind.TARGET_RAISED and found.changes[-1].after == 4


def test_a_commit_that_changes_one_journey_analyses_that_one(tmp_path):
    [first] = _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00")])
    write(tmp_path, {"journeys/energy/journey.yml": JOURNEY.replace("title: Webshop", "title: Energy")})
    commit(tmp_path, "an energy journey", "2026-02-15T10:00:00+00:00")
    write(tmp_path, {"journeys/energy/journey.yml": JOURNEY.replace("title: Webshop", "title: Energie")})
    commit(tmp_path, "in Dutch", "2026-03-15T10:00:00+00:00")
    cache = HistoryCache()
    found = histories(tmp_path, cache)
    # webshop once (unchanged after its first commit), energy at each of its two commits
    assert (cache.analysed, cache.journeys_analysed) == (3, 3)
    assert [c.kind for c in found["energy"].changes] == [ChangeKind.JOURNEY_ADDED, ChangeKind.EDITED]
    assert [c.kind for c in found["webshop"].changes] == [ChangeKind.JOURNEY_ADDED]
    # the page's "last changed" is the journey's own newest commit, not the newest of the folder
    assert generate(tmp_path).returncode == 0
    page = tmp_path / "docs" / "journeys" / "webshop" / "history" / "index.md"
    meta = page_tree(page).find_all(lambda n: n.tag == "p" and "jm-meta" in n.attrs.get("class", ""))[0]
    assert first[:7] in meta.text and "Jan 15, 2026" in meta.text


def test_mkdocs_serve_rebuilds_read_no_commit_twice(tmp_path):
    _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00"), ("3.5", "2026-04-15T10:00:00+00:00")])
    serve = Serve(tmp_path)
    plugin = serve.build()
    assert plugin.history_cache.analysed == 2
    write(tmp_path, {"docs/index.md": "# Home\n\nEdited while serving.\n"})
    serve.build()
    assert plugin.history_cache.analysed == 2  # a save without a new commit reads no commit again
    write(tmp_path, {"journeys/webshop/journey.yml": JOURNEY})
    commit(tmp_path, "back to 4", "2026-07-15T10:00:00+00:00")
    serve.build()
    assert plugin.history_cache.analysed == 3
    assert plugin.histories["webshop"].changes[-1].kind is ChangeKind.TARGET_RAISED


def test_the_site_in_a_subfolder_of_the_repository(tmp_path):
    site = tmp_path / "cx" / "site"
    make_site(site)
    git(tmp_path, "init", "-q", "-b", "main")
    first = commit(tmp_path, "site in a folder", "2026-01-15T10:00:00+00:00")
    found = histories(site)["webshop"]
    assert kinds(found) == [(first[:7], "journey-added", "webshop")] and found.notes == []


# -- options, generate, links -----------------------------------------------------------------------


def test_history_false_leaves_the_pages_out(tmp_path):
    root = make_site(tmp_path / "site", extra="      history: false")
    result = mkdocs(root, "build", "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "journeys" / "webshop" / "history").exists()
    assert "history/" not in (tmp_path / "out" / "journeys" / "webshop" / "index.html").read_text(encoding="utf-8")
    bad = make_site(tmp_path / "bad", extra="      history: sometimes")
    result = mkdocs(bad, "build", "-d", str(tmp_path / "out2"))
    assert result.returncode != 0 and "history" in result.stderr and "expected true or false" in result.stderr


def test_generate_writes_the_same_history_page(tmp_path):
    shas = _repo_with_targets(tmp_path, [("3", "2026-01-15T10:00:00+00:00"), ("3.5", "2026-04-15T10:00:00+00:00")])
    result = generate(tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "docs" / "journeys" / "webshop" / "history" / "index.md").read_text(encoding="utf-8")
    assert f'data-commit="{shas[1]}"' in page and 'data-kind="target-raised"' in page


@pytest.mark.parametrize("repo_url, expected", [
    ("https://github.com/org/site", "https://github.com/org/site/commit/{sha}"),
    ("https://github.com/org/site/", "https://github.com/org/site/commit/{sha}"),
    ("https://github.example.com/org/site.git", "https://github.example.com/org/site/commit/{sha}"),
    ("https://gitlab.com/group/sub/site", "https://gitlab.com/group/sub/site/-/commit/{sha}"),
    ("https://git.example/org/site", None),
    ("javascript:alert(1)//github.com", None),
    (None, None),
])
def test_commit_links_for_github_and_gitlab(repo_url, expected):
    sha = "a" * 40
    assert commit_url(repo_url, sha) == (expected.format(sha=sha) if expected else None)


def test_the_notes_read_the_same_in_the_english_labels():
    english = labels("en")
    assert {key: english[f"history_note_{key}"] for key in NOTE_TEXTS} == NOTE_TEXTS
    dutch = labels("nl")
    assert all(dutch[f"history_note_{key}"] != text for key, text in NOTE_TEXTS.items())


def test_quarters_before_the_first_commit_say_git_does_not_know_and_the_target_is_todays(tmp_path):
    """Survey answers from before the journey was committed give quarters that git knows nothing
    of: they say so, rather than 'no committed changes' (which reads as 'nothing changed'). The
    score table's target is the one in the YAML now, and its header says so."""
    rows = "".join(f"2026-{month:02d}-10,checkout,{4 + month % 2}\n" for month in range(1, 11) for _ in range(5))
    root = make_site(tmp_path, {"journeys/webshop/feedback/survey.csv": "date,touchpoint,score\n" + rows})
    git(root, "init", "-q", "-b", "main")
    commit(root, "Journeys", "2026-08-20T10:00:00+02:00")  # Q3: Q1 and Q2 came before git
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "journeys" / "webshop" / "history" / "index.html").read_text(encoding="utf-8")
    en = labels("en")
    sections = dict(re.findall(r'data-quarter="(\d{4}-Q\d)">(.*?)</section>', page, re.S))
    assert set(sections) >= {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
    for q in ("2026-Q1", "2026-Q2"):
        assert en["history_before_git"] in sections[q] and en["history_no_changes"] not in sections[q], q
    assert en["history_no_changes"] in sections["2026-Q4"]  # committed by then, and nothing changed
    assert en["history_before_git"] not in sections["2026-Q3"] + sections["2026-Q4"]
    assert f'<th scope="col">{en["history_target_now"]}</th>' in page
