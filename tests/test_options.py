"""The plugin's options in mkdocs.yml: `mkdocs build` and `journeymaps validate` agree on every value,
and every mkdocs.yml snippet the docs show builds as shown.

Both sides run as a user runs them (subprocesses in a real site folder), so the test covers MkDocs'
own loading of mkdocs.yml and the CLI's, not only the shared model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO, make_site, mkdocs, write
from tests.test_cli import journeymaps

# (what the option block says, whether a site with it must build). Values are written as a user
# writes them in mkdocs.yml, YAML 1.1 spellings included (`off`, `no`, unquoted dates).
OPTION_TABLE = [
    ("", True),
    ("min_responses: 1", True),
    ("min_responses: 12", True),
    ("stale_after: 0", True),
    ("current_window: 0", True),
    ("current_window: 30", True),
    ("today: 2026-11-23", True),
    ("today: '2026-11-23'", True),
    ("language: nl", True),
    ("language: en", True),
    ("checks:\n  persona_missing_in_phase: off", True),
    ("checks:\n  persona_missing_in_phase: 'off'", True),
    ("checks:\n  unaddressed_gap: no", True),
    ("checks:\n  unaddressed_gap: error\n  floor_breached: info", True),
    ("checks:", True),
    ("nav: false", True),
    ("offline: off", True),
    ("charts: no", True),
    ("enabled: false", True),
    ("min_responses: true", False),
    ("min_responses: '5'", False),
    ("min_responses: 0", False),
    ("min_responses: 2.5", False),
    ("min_responses:", False),
    ("stale_after: -1", False),
    ("current_window: -1", False),
    ("current_window: 90 days", False),
    ("today: 23-11-2026", False),
    ("today: '2026-02-30'", False),
    ("today: 2026-11-23 10:00:00", False),
    ("today: 20261123", False),
    ("language: de", False),
    ("journeys_dir: ''", False),
    ("journeys_dir: 3", False),
    ("journeys_dir: nowhere", False),
    ("checks: [unaddressed_gap]", False),
    ("checks:\n  unadressed_gap: warn", False),
    ("checks:\n  unaddressed_gap: loud", False),
    ("checks:\n  unaddressed_gap: on", False),
    ("nav: 'yes'", False),
    ("offline: 1", False),
    ("enabled: maybe", False),
]


def site_with_options(tmp_path: Path, block: str) -> Path:
    indented = "".join(f"      {line}\n" for line in block.splitlines())
    return make_site(tmp_path, extra=indented)


@pytest.mark.parametrize("block, builds", OPTION_TABLE, ids=[b.replace("\n", " ") or "defaults" for b, _ in OPTION_TABLE])
def test_build_and_validate_accept_and_reject_the_same_options(tmp_path, block, builds):
    root = site_with_options(tmp_path, block)
    built = mkdocs(root, "build", "--strict")
    validated = journeymaps(root, "validate", "--strict")
    assert "Traceback" not in built.stderr + validated.stderr + validated.stdout
    assert (built.returncode == 0) is builds, built.stderr
    assert (validated.returncode == 0) is builds, validated.stdout + validated.stderr
    if not builds:
        (option,) = {line.split(":")[0].strip() for line in block.splitlines()[:1]}
        assert option in validated.stdout, "validate names the option that is wrong"
        assert option in built.stderr, "the build names the option that is wrong"


def test_an_unknown_option_warns_on_both_sides_and_fails_only_strict(tmp_path):
    root = site_with_options(tmp_path, "min_respones: 3")
    assert mkdocs(root, "build").returncode == 0
    assert journeymaps(root, "validate").returncode == 0
    built, validated = mkdocs(root, "build", "--strict"), journeymaps(root, "validate", "--strict")
    assert built.returncode != 0 and validated.returncode != 0
    assert "min_respones" in built.stderr
    assert "did you mean 'min_responses'?" in validated.stdout


def test_a_wrong_value_is_named_with_what_to_write(tmp_path):
    root = site_with_options(tmp_path, "min_responses: true\ntoday: 23-11-2026")
    lines = journeymaps(root, "validate").stdout.splitlines()
    assert lines[:2] == [
        "mkdocs.yml: error: journeymaps option 'min_responses': expected a whole number, got true",
        "mkdocs.yml: error: journeymaps option 'today': '23-11-2026' is not a date "
        "(write it as YYYY-MM-DD, such as 2026-11-23)",
    ]


def test_an_impossible_unquoted_date_is_a_clean_error_at_its_line(tmp_path):
    """PyYAML turns an unquoted 2026-02-30 into a ValueError while loading; validate still says where."""
    root = site_with_options(tmp_path, "today: 2026-02-30")
    result = journeymaps(root, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = (root / "mkdocs.yml").read_text().splitlines().index("      today: 2026-02-30") + 1
    assert result.stdout.startswith(f"mkdocs.yml:{line}:14: error: ")


def test_checks_off_unquoted_turns_the_check_off(tmp_path):
    """YAML 1.1 reads `off` as false; it must mean the level off, not abort the build."""
    personas_in_one_phase = (
        "title: Webshop\nowner: Team Web\nphases:\n  - {id: see, title: See}\n  - {id: do, title: Do}\n"
        "touchpoints:\n  - {id: ad, phase: see, title: Advert, owner: Team Web, target: 3, estimate: 4,"
        " personas: [sanne]}\n"
        "  - {id: pay, phase: do, title: Pay, owner: Team Web, target: 3, estimate: 4}\n"
    )
    files = {"journeys/webshop/journey.yml": personas_in_one_phase}
    warned = make_site(tmp_path / "warned", files)
    assert "'ruud' has no touchpoint in phase 'see'" in journeymaps(warned, "validate").stdout
    quiet = make_site(tmp_path / "quiet", files, extra="      checks:\n        persona_missing_in_phase: off\n")
    assert mkdocs(quiet, "build", "--strict").returncode == 0
    result = journeymaps(quiet, "validate", "--strict")
    assert result.returncode == 0 and "has no touchpoint" not in result.stdout


# -- the docs' own snippets ---------------------------------------------------------------------

DOC_FILES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
YAML_BLOCK = re.compile(r"^```ya?ml\n(.*?)^```", re.S | re.M)


def config_snippets() -> list[tuple[str, str]]:
    """Every ```yaml block of README.md and docs/ that configures the journeymaps plugin."""
    found = []
    for path in DOC_FILES:
        for n, match in enumerate(YAML_BLOCK.finditer(path.read_text(encoding="utf-8"))):
            if re.search(r"^\s*- journeymaps:", match.group(1), re.M):
                found.append((f"{path.relative_to(REPO)}#{n}", match.group(1)))
    return found


def test_the_docs_show_the_plugin_options():
    names = {name.split("#")[0] for name, _ in config_snippets()}
    assert {"README.md", "docs/configuration.md"} <= names


@pytest.mark.parametrize("name, snippet", config_snippets(), ids=[name for name, _ in config_snippets()])
def test_every_documented_configuration_builds_as_shown(tmp_path, name, snippet):
    root = make_site(tmp_path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    shown = yaml.safe_load(snippet)
    theme = {**config["theme"], **shown.pop("theme", {})}
    config.update(shown, theme=theme)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    built = mkdocs(root, "build", "--strict")
    assert built.returncode == 0, f"{name} as shown fails the build:\n{built.stderr}"
    validated = journeymaps(root, "validate", "--strict")
    assert validated.returncode == 0, f"{name} as shown fails validate:\n{validated.stdout}"


def test_enabled_false_builds_the_site_without_the_journeys(tmp_path):
    """As Material's own plugins: the hand-written pages build, no journey page, no error."""
    root = site_with_options(tmp_path, "enabled: false")
    write(root, {"docs/notes.md": "# Notes\n\n```journeymap\njourney: webshop\nchart: curve\n```\n"})
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (root / "site/notes/index.html").is_file() and (root / "site/index.html").is_file()
    assert not (root / "site/journeys").exists() and not (root / "site/assets/journeymaps").exists()
    assert "journeymap" in (root / "site/notes/index.html").read_text(encoding="utf-8")  # the block stays code
