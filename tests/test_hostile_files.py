"""Files that are not what they seem, ids that would overwrite a page, names that would merge:
each is a clear error at file:line, never a traceback, a hang, a silently skipped file or an
emptied site. Every case is a real build of a real site folder."""

from __future__ import annotations

import os
import re

import pytest

from tests.helpers import JOURNEY, PERSONAS, make_site, mkdocs, write
from tests.test_cli import journeymaps

CSV = "date,touchpoint,persona,score,comment\n" + "".join(
    f"2026-10-0{d},checkout,sanne,4,geheim-{d}\n" for d in range(1, 7)
)


def failed_build(root):
    """The build's log; the build must stop cleanly, and `journeymaps validate` must stop too."""
    result = mkdocs(root, "build")
    assert result.returncode != 0, "the build should stop"
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr, result.stderr[-3000:]
    validated = journeymaps(root, "validate")
    assert validated.returncode == 1 and "Traceback" not in validated.stderr, validated.stdout + validated.stderr
    return result.stderr


def test_a_feedback_link_outside_the_journeys_folder_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", {"secret.csv": CSV}) / "secret.csv"
    root = make_site(tmp_path / "site")
    (root / "journeys/webshop/feedback").mkdir()
    os.symlink(outside, root / "journeys/webshop/feedback/survey.csv")
    log = failed_build(root)
    assert "journeys/webshop/feedback/survey.csv: this file links outside the journeys folder" in log
    assert "geheim" not in log
    assert not (root / "site").exists()


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/status"])
def test_a_link_to_a_system_file_is_refused(tmp_path, target):
    root = make_site(tmp_path)
    (root / "journeys/webshop/feedback").mkdir()
    os.symlink(target, root / "journeys/webshop/feedback/survey.csv")
    assert "links outside the journeys folder" in failed_build(root)


def test_a_fifo_in_feedback_is_refused_not_read(tmp_path):
    root = make_site(tmp_path)
    (root / "journeys/webshop/feedback").mkdir()
    os.mkfifo(root / "journeys/webshop/feedback/survey.csv")  # reading it would wait forever
    assert "journeys/webshop/feedback/survey.csv: this is not a regular file" in failed_build(root)


def test_a_journey_file_linked_from_outside_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", {"journey.yml": JOURNEY}) / "journey.yml"
    root = make_site(tmp_path / "site", {"journeys/webshop/journey.yml": None})
    (root / "journeys/webshop").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, root / "journeys/webshop/journey.yml")
    assert "journeys/webshop/journey.yml: this file links outside the journeys folder" in failed_build(root)


@pytest.mark.parametrize("name, hint", [
    ("decisions.yaml", "did you mean 'decisions.yml'?"),
    ("improvement.yml", "did you mean 'improvements.yml'?"),
])
def test_a_misnamed_file_in_a_journey_folder_is_named_with_what_to_call_it(tmp_path, name, hint):
    root = make_site(tmp_path, {f"journeys/webshop/{name}": "- id: x\n  title: X\n  touchpoints: [ad]\n"})
    log = failed_build(root)
    assert f"journeys/webshop/{name}: this file is not read ({hint})" in log


def test_a_dangling_link_is_named(tmp_path):
    root = make_site(tmp_path)
    os.symlink(tmp_path / "gone.yml", root / "journeys/webshop/improvements.yml")
    assert "journeys/webshop/improvements.yml: this link points to a file that does not exist" in failed_build(root)


def test_a_persona_called_index_is_an_error_at_its_line(tmp_path):
    personas = PERSONAS + "- id: index\n  name: Index\n  description: Would replace /personas/.\n"
    root = make_site(tmp_path, {"journeys/personas.yml": personas})
    line = personas.splitlines().index("- id: index") + 1
    assert f"journeys/personas.yml:{line}:" in failed_build(root)


def test_a_decision_called_index_is_an_error_at_its_line(tmp_path):
    decisions = "- id: index\n  title: Would replace the register\n  touchpoints: [ad]\n"
    root = make_site(tmp_path, {"journeys/webshop/decisions.yml": decisions})
    log = failed_build(root)
    assert re.search(r"journeys/webshop/decisions\.yml:1:\d+: .*'index' cannot be a decision id", log)


def test_a_team_called_index_is_an_error_at_the_owner_line(tmp_path):
    journey = JOURNEY.replace("owner: Team Marketing", "owner: Index")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    line = journey.splitlines().index("    owner: Index") + 1
    assert f"journeys/webshop/journey.yml:{line}:12: a team called 'Index'" in failed_build(root)


def test_two_team_names_with_one_address_are_an_error_not_merged(tmp_path):
    journey = JOURNEY.replace("owner: Team Marketing", "owner: Team A&B").replace("owner: Team Payments", "owner: team a b")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    log = failed_build(root)
    assert "teams 'Team A&B'" in log and "'team a b' would share the page /teams/team-a-b/" in log


def test_names_in_other_scripts_get_pages_of_their_own(tmp_path):
    names = ["Служба доставки", "Служба оплаты", "客服团队", "🚚", "🧾"]
    journey = JOURNEY.replace("owner: Team Marketing", f"owner: {names[0]}").replace(
        "owner: Team Payments", f"owner: {names[1]}")
    journey += "".join(
        f"  - id: extra-{n}\n    phase: do\n    title: Extra {n}\n    owner: \"{name}\"\n"
        for n, name in enumerate(names[2:])
    )
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    team_pages = sorted(p.parent.name for p in (root / "site/teams").glob("*/index.html"))
    assert len(team_pages) == len(names) + 1 == len(set(team_pages))  # and the journey's owner, Team Web
    index = (root / "site/teams/index.html").read_text(encoding="utf-8")
    assert all(name in index for name in names)


def test_a_failed_build_keeps_the_site_that_was_there(tmp_path):
    root = make_site(tmp_path)
    assert mkdocs(root, "build").returncode == 0
    before = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    write(root, {"docs/journeys/index.md": "# Mine\n"})  # the address of the generated journeys index
    log = failed_build(root)
    assert "docs/journeys/index.md has the same path as a page journeymaps generates" in log
    after = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    assert after == before and "journeys/webshop/index.html" in after


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "bz2", "klingon"])
def test_only_text_encodings_are_accepted_by_name(tmp_path, codec):
    journey = JOURNEY + f"feedback:\n  - path: feedback/*.csv\n    encoding: {codec}\n"
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey,
                                "journeys/webshop/feedback/survey.csv": CSV})
    line = journey.splitlines().index(f"    encoding: {codec}") + 1
    log = failed_build(root)
    assert f"journeys/webshop/journey.yml:{line}:15: " in log and "encoding" in log


def test_a_label_that_names_two_touchpoints_is_an_error(tmp_path):
    journey = JOURNEY + ("feedback:\n  - path: feedback/*.csv\n    touchpoints:\n"
                         "      Chat: ad\n      chat: checkout\n")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    assert "'Chat' -> ad and 'chat' -> checkout" in failed_build(root)


def test_a_broken_chart_block_under_strict_keeps_the_site_that_was_there(tmp_path):
    root = make_site(tmp_path)
    assert mkdocs(root, "build").returncode == 0
    before = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    write(root, {"docs/notes.md": "# Notes\n\nText.\n\n```journeymap\njourney: webshop\nchart: map\n```\n"})
    result = mkdocs(root, "build", "--strict")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/notes.md:7: journeymap block: unknown chart 'map'" in result.stderr  # line 7: the `chart:` line
    after = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before  # not emptied, not half-written: notes/ was never built
    assert mkdocs(root, "build").returncode == 0  # without --strict the block is a warning and a visible note
    assert (root / "site/notes/index.html").is_file()
