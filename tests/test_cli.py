"""The `journeymaps` command, run as a user runs it: a subprocess in a site folder that is a git repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from journeymaps.load.strict_yaml import parse_file
from journeymaps.cli.json_schema import KINDS, schemas
from tests.helpers import JOURNEY, REPO, make_site, write

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def journeymaps(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `python -m journeymaps ARGS` in the site's folder, as a user would."""
    env = {**os.environ, **GIT_ENV}
    env.pop("JOURNEYMAPS_TODAY", None)
    return subprocess.run([sys.executable, "-m", "journeymaps", *args], cwd=root, capture_output=True,
                          text=True, env=env, timeout=120)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


# -- the change that touches every kind of item ---------------------------------------------------

BASE_JOURNEY = """\
title: Webshop
owner: Team Web
phases:
  - id: see
    title: See
  - id: do
    title: Do
  - id: care
    title: Care
touchpoints:
  - id: ad
    phase: see
    title: Advert
    owner: Team Marketing
    target: 3
    estimate: 4
  - id: banner
    phase: see
    title: Banner
    target: 3
    estimate: 3.5
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: 4
    estimate: {sanne: 2, ruud: 4.5}
  - id: delivery
    phase: do
    title: Delivery
    target: 4
    estimate: 3
  - id: newsletter
    phase: care
    title: Newsletter
    target: 3
    estimate: 3
"""

BASE_DECISIONS = """\
- id: phone-hours
  title: Phone support on weekdays only
  touchpoints: [delivery]
  status: proposed
  floor: 2.5
"""

BASE_IMPROVEMENTS = """\
- id: one-click
  title: One-click payment
  touchpoints: [checkout]
  personas: [ruud]
  status: planned
  reach: 1000
  impact: 2
  confidence: 0.5
  effort: 2
- id: faster-ads
  title: Faster ads
  touchpoints: [ad]
  status: idea
  reach: 1000
  impact: 1
  confidence: 1
  effort: 1
- id: tracking
  title: Track and trace
  touchpoints: [delivery]
  status: in-progress
  reach: 100
  impact: 1
  confidence: 1
  effort: 1
"""

HEAD_JOURNEY = """\
title: Webshop
owner: Team Web
phases:
  - id: see
    title: See
  - id: do
    title: Do
  - id: care
    title: Care
touchpoints:
  - id: banner
    phase: see
    title: Banner
    description: Shown on partner sites.
    target: 3
    estimate: 3.5
  - id: ad
    phase: see
    title: Advert
    owner: Team Marketing
    target: 3.5
    estimate: 3
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: 4
    estimate: {sanne: 2, ruud: 4.5}
  - id: delivery
    phase: care
    title: Delivery
    target: 4
    estimate: 3
  - id: returns
    phase: care
    title: Returns
    target: 4
    estimate: 3.5
"""

HEAD_DECISIONS = """\
- id: phone-hours
  title: Phone support on weekdays only
  touchpoints: [delivery]
  status: accepted
  floor: 2
- id: cheap-checkout
  title: Simple checkout for first-time buyers
  touchpoints: [checkout]
  personas: [sanne]
  status: accepted
  floor: 2
"""

HEAD_IMPROVEMENTS = BASE_IMPROVEMENTS.replace(
    "  impact: 2\n  confidence: 0.5\n", "  impact: 3\n  confidence: 1\n"
).replace(
    "  status: in-progress\n", "  status: done\n  delivered: 2026-10-01\n"
) + """\
- id: returns-label
  title: Prepaid return label
  touchpoints: [returns]
  status: idea
  reach: 2000
  impact: 1
  confidence: 1
  effort: 1
"""

EXPECTED_DIFF = """\
<!-- journeymaps-diff -->
## Journey changes

Comparing `base` with `HEAD`.

### Webshop (`webshop`)

**Touchpoints**

- Added `returns` *Returns* in phase *Care*: target 4, estimate 3.5
- Removed `newsletter` *Newsletter* (phase *Care*)
- `banner` *Banner*: edited description
- `ad` *Advert*: moved within phase *See*, now after `banner`; target 3 → 3.5; estimate 4 → 3
- `delivery` *Delivery*: moved from phase *Do* to *Care*

**Decisions**

- Added `cheap-checkout` *Simple checkout for first-time buyers*: accepted, floor 2, at `checkout`
- `phone-hours` *Phone support on weekdays only*: status proposed → accepted; floor 2.5 → 2

**Backlog**

- Added `returns-label` *Prepaid return label*: idea, RICE 2000, rank 2, at `returns`
- `one-click` *One-click payment*: RICE 500 → 1500; rank 2 → 1
- Delivered `tracking` *Track and trace* on 2026-10-01

**States**

- `ad` *Advert* for sanne, ruud: on-target → improving
- `checkout` *Checkout* for sanne: unaddressed → accepted
- `delivery` *Delivery* for sanne, ruud: improving → accepted

<details>
<summary>Journey diagram, before and after</summary>

Before (`base`):

```mermaid
journey
  title Webshop
  section See
    Advert: 4: Sanne, Ruud
    Banner: 4: Sanne, Ruud
  section Do
    Checkout: 3: Sanne, Ruud
    Delivery: 3: Sanne, Ruud
  section Care
    Newsletter: 3: Sanne, Ruud
```

After (`HEAD`):

```mermaid
journey
  title Webshop
  section See
    Banner: 4: Sanne, Ruud
    Advert: 3: Sanne, Ruud
  section Do
    Checkout: 3: Sanne, Ruud
  section Care
    Delivery: 3: Sanne, Ruud
    Returns: 4: Sanne, Ruud
```

</details>

### Checks

- New warning: journey 'webshop': the journey of persona 'sanne' ends below target at 'returns' (3.5 < 4)
- New warning: journey 'webshop': the journey of persona 'ruud' ends below target at 'returns' (3.5 < 4)
- Resolved: journey 'webshop': touchpoint 'checkout' is below target for sanne (2 estimate < 4) with no improvement or decision
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site in a git repository with two commits: `base`, and HEAD changing every kind of item."""
    root = make_site(tmp_path / "site", {
        "journeys/webshop/journey.yml": BASE_JOURNEY,
        "journeys/webshop/decisions.yml": BASE_DECISIONS,
        "journeys/webshop/improvements.yml": BASE_IMPROVEMENTS,
    })
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "tag", "base")
    write(root, {
        "journeys/webshop/journey.yml": HEAD_JOURNEY,
        "journeys/webshop/decisions.yml": HEAD_DECISIONS,
        "journeys/webshop/improvements.yml": HEAD_IMPROVEMENTS,
    })
    commit(root, "change every kind of item")
    return root


# -- diff -----------------------------------------------------------------------------------------


def test_diff_lists_every_kind_of_change(repo):
    result = journeymaps(repo, "diff", "base", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_DIFF


def test_diff_against_the_working_tree(repo):
    clean = journeymaps(repo, "diff")  # HEAD against the working tree
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.endswith("Comparing `HEAD` with the working tree.\n\nNo changes to the journeys.\n")
    assert journeymaps(repo, "diff", "base").stdout == EXPECTED_DIFF.replace(
        "with `HEAD`.", "with the working tree.").replace("After (`HEAD`):", "After (the working tree):")


def test_diff_of_an_unchanged_journey_says_so(repo):
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing")
    result = journeymaps(repo, "diff", "HEAD~1", "HEAD")
    assert result.stdout == (
        "<!-- journeymaps-diff -->\n## Journey changes\n\nComparing `HEAD~1` with `HEAD`.\n\n"
        "No changes to the journeys.\n"
    )


def test_diff_reports_a_side_that_does_not_validate(repo):
    write(repo, {"journeys/webshop/journey.yml": HEAD_JOURNEY.replace("phase: care\n    title: Returns",
                                                                       "phase: cair\n    title: Returns")})
    write(repo, {"journeys/webshop/feedback/new.csv": "touchpoint,score\nad,4\n"})
    result = journeymaps(repo, "diff", "base")
    assert result.returncode == 0, result.stderr
    assert result.stdout == """\
<!-- journeymaps-diff -->
## Journey changes

Comparing `base` with the working tree.

**The journeys at the working tree do not validate** (1 error), so their content cannot be compared:

- `journeys/webshop/journey.yml:35:12`: unknown phase 'cair' (did you mean 'care'?)

Files changed:

- added `journeys/webshop/feedback/new.csv`
- modified `journeys/webshop/decisions.yml`
- modified `journeys/webshop/improvements.yml`
- modified `journeys/webshop/journey.yml`
"""


def test_diff_unknown_revision_is_a_clear_error(repo):
    result = journeymaps(repo, "diff", "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "journeymaps diff: error: unknown revision 'no-such-branch' "
        "(not a commit, branch or tag in this repository)\n"
    )


def test_diff_outside_a_site_or_repository(tmp_path, repo):
    not_a_site = journeymaps(repo / "journeys", "diff", "base")
    assert not_a_site.returncode == 2
    assert "is not a site: there is no mkdocs.yml" in not_a_site.stderr
    no_git = make_site(tmp_path / "plain")
    result = journeymaps(no_git, "diff")
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr + not_a_site.stderr


def test_diff_of_a_site_in_a_subfolder(tmp_path):
    repository = tmp_path / "repo"
    site = make_site(repository / "cx", {"journeys/webshop/journey.yml": BASE_JOURNEY})
    git(repository, "init", "-q", "-b", "main")
    commit(repository, "base")
    write(site, {"journeys/webshop/journey.yml": BASE_JOURNEY.replace("estimate: 3.5", "estimate: 4")})
    result = journeymaps(repository, "diff", "--root", "cx")
    assert result.returncode == 0, result.stderr
    assert "- `banner` *Banner*: estimate 3.5 → 4\n" in result.stdout


# -- validate -------------------------------------------------------------------------------------


def test_validate_clean_site(tmp_path):
    root = make_site(tmp_path)
    result = journeymaps(root, "validate", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 journey and 2 touchpoints checked: no problems.\n"


def test_validate_errors_name_file_line_and_column(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("phase: do", "phase: dp")})
    result = journeymaps(root, "validate")
    assert result.returncode == 1
    assert result.stdout == (
        "journeys/webshop/journey.yml:16:12: error: unknown phase 'dp' (did you mean 'do'?)\n"
        "1 error in the journeys; the site cannot be built.\n"
    )


def test_validate_warnings_fail_only_under_strict(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 2")})
    relaxed = journeymaps(root, "validate")
    strict = journeymaps(root, "validate", "--strict")
    assert relaxed.returncode == 0 and strict.returncode == 2
    assert strict.stdout.splitlines()[0] == (
        "journeys/webshop/journey.yml:15:5: warning: journey 'webshop': touchpoint 'checkout' is below target "
        "for sanne, ruud (2 estimate < 4) with no improvement or decision (add an improvement to the backlog, "
        "or record a decision that accepts a lower score)"
    )
    assert strict.stdout.splitlines()[-1] == (
        "1 journey and 2 touchpoints checked: 3 warnings (--strict fails on warnings)."
    )


def test_validate_uses_the_check_levels_of_mkdocs_yml(tmp_path):
    extra = "      checks:\n        unaddressed_gap: 'off'\n        end_below_target: info\n"
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 2")},
                     extra=extra)
    # mkdocs.yml may hold tags for MkDocs itself; the command line ignores them
    with (root / "mkdocs.yml").open("a") as config:
        config.write("markdown_extensions:\n  - pymdownx.emoji:\n"
                     "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                     "extra:\n  analytics: !ENV [ANALYTICS, none]\n")
    result = journeymaps(root, "validate", "--strict")
    assert result.returncode == 0, result.stdout
    assert [line.split(": ")[1] for line in result.stdout.splitlines()[:-1]] == ["info", "info"]
    assert result.stdout.splitlines()[-1] == "1 journey and 2 touchpoints checked: 2 notes."


def test_validate_github_annotations(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 2")
                                .replace("title: Advert", "title: Advert\n    traget: 3")})
    result = journeymaps(root, "validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=journeys/webshop/journey.yml,line=12,col=5::unknown field 'traget' (did you mean 'target'?)\n"
    )
    warned = make_site(tmp_path / "w", {"journeys/webshop/journey.yml": JOURNEY.replace("estimate: 4.5", "estimate: 2")})
    lines = journeymaps(warned, "validate", "--format", "github").stdout.splitlines()
    assert lines[0].startswith("::warning file=journeys/webshop/journey.yml,line=15,col=5::journey 'webshop': ")


def test_validate_json(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY.replace("phase: do", "phase: dp")})
    result = journeymaps(root, "validate", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{
        "file": "journeys/webshop/journey.yml", "line": 16, "column": 12, "severity": "error",
        "code": "invalid", "message": "unknown phase 'dp'", "hint": "did you mean 'do'?",
    }]


def test_validate_from_another_folder_shows_paths_from_there(tmp_path):
    make_site(tmp_path / "site", {"journeys/webshop/journey.yml": JOURNEY.replace("phase: do", "phase: dp")})
    result = journeymaps(tmp_path, "validate", "--root", "site")
    assert result.stdout.startswith("site/journeys/webshop/journey.yml:16:12: error: unknown phase 'dp'")


def test_validate_not_a_site(tmp_path):
    result = journeymaps(tmp_path, "validate")
    assert result.returncode == 2
    assert result.stderr == (
        "journeymaps validate: error: this folder is not a site: there is no mkdocs.yml "
        "(use --root to point at the site)\n"
    )


def test_validate_bad_plugin_options(tmp_path):
    root = make_site(tmp_path, extra="      checks:\n        unadressed_gap: 'off'\n")
    result = journeymaps(root, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "mkdocs.yml: error: journeymaps option 'checks': unknown check 'unadressed_gap' (did you mean 'unaddressed_gap'?)"
    )


def test_validate_the_example_site_agrees_with_its_strict_build():
    result = journeymaps(REPO, "validate", "--strict")
    assert result.returncode == 0, result.stdout
    assert "warning" not in result.stdout


# -- schema ---------------------------------------------------------------------------------------


def test_committed_schemas_match_the_models(tmp_path):
    for name, text in schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is out of date: run `journeymaps schema`"
        )
    assert journeymaps(REPO, "schema", "--check").returncode == 0
    result = journeymaps(tmp_path, "schema", "--out", "out")
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schemas())


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / KINDS[kind][0]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def kind_of(path: Path) -> str:
    return {"journey.yml": "journey", "personas.yml": "personas", "improvements.yml": "improvements",
            "decisions.yml": "decisions"}[path.name]


EXAMPLES = sorted((REPO / "journeys").rglob("*.yml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.relative_to(REPO).as_posix() for p in EXAMPLES])
def test_every_example_file_validates_against_its_schema(path):
    data = parse_file(path, path.name).data  # YAML 1.2, as the loader reads it: dates stay text
    errors = [e.message for e in validator(kind_of(path)).iter_errors(data)]
    assert errors == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={'../' * (len(path.relative_to(REPO).parts) - 1)}schemas/{KINDS[kind_of(path)][0]}"


def journey_data(text: str):
    import yaml

    from journeymaps.load.strict_yaml import _Loader

    return yaml.load(text, Loader=_Loader)


@pytest.mark.parametrize(
    "kind, text",
    [
        ("journey", JOURNEY.replace("    target: 4\n", "    traget: 4\n")),  # unknown field
        ("journey", JOURNEY.replace("target: 3\n", "target: high\n")),  # wrong type
        ("journey", JOURNEY.replace("  - id: see\n", "  - id: 2026\n")),  # a number where an id is expected
        ("journey", JOURNEY.replace("id: checkout", "id: ../../etc/x")),  # invalid id
        ("journey", JOURNEY.replace("estimate: 4.5", "estimate: {Sanne: 2}")),  # invalid id as a key
        ("journey", JOURNEY.replace("    title: Advert\n", "")),  # missing required field
        ("decisions", "- {id: a, title: A, touchpoints: [ad], status: acepted}\n"),  # bad enum
        ("decisions", "- {id: a, title: A, touchpoints: [ad], floor: high}\n"),
        ("improvements", "- {id: x, title: X, touchpoints: [ad], impact: 5}\n"),  # RICE out of range
        ("improvements", "- {id: x, title: X, touchpoints: [ad], confidence: 1.5}\n"),
        ("improvements", "- {id: x, title: X, touchpoints: [ad], effort: 0}\n"),
        ("improvements", "- {id: x, title: X, touchpoints: [ad], reach: -3}\n"),
        ("improvements", "- {id: x, title: X, touchpoints: []}\n"),
        ("improvements", "- {id: x, title: X, touchpoints: [ad], link: 'javascript:alert(1)'}\n"),
        ("personas", "- {id: sanne, name: Sanne, age: 34}\n"),
    ],
)
def test_schema_rejects_the_bad_input_fixtures(kind, text):
    assert list(validator(kind).iter_errors(journey_data(text)))


# -- new ------------------------------------------------------------------------------------------


def test_new_journey_validates_and_is_never_overwritten(tmp_path):
    root = make_site(tmp_path)
    (root / "schemas").mkdir()
    created = journeymaps(root, "new", "journey", "energie", "--title", "Overstappen", "--owner", "Team Energie")
    assert created.returncode == 0, created.stderr
    path = root / "journeys/energie/journey.yml"
    assert created.stdout.startswith("created journeys/energie/journey.yml\n")
    validated = journeymaps(root, "validate", "--strict")
    assert validated.returncode == 0, validated.stdout
    assert validated.stdout == "2 journeys and 6 touchpoints checked: no problems.\n"
    data = parse_file(path, "journey.yml").data
    assert data["title"] == "Overstappen" and data["owner"] == "Team Energie"
    assert list(validator("journey").iter_errors(data)) == []
    before = path.read_text()
    again = journeymaps(root, "new", "journey", "energie")
    assert again.returncode == 2
    assert again.stderr == "journeymaps new: error: journeys/energie/journey.yml already exists; not overwriting it\n"
    assert path.read_text() == before


def test_new_journey_without_personas_file_gets_a_local_persona(tmp_path):
    root = make_site(tmp_path, {"journeys/personas.yml": None, "journeys/webshop/journey.yml": None})
    (root / "journeys").mkdir(exist_ok=True)
    assert journeymaps(root, "new", "journey", "first").returncode == 0
    result = journeymaps(root, "validate", "--strict")
    assert result.returncode == 0, result.stdout


def test_new_refuses_invalid_ids(tmp_path):
    root = make_site(tmp_path)
    result = journeymaps(root, "new", "journey", "Mijn Reis")
    assert result.returncode == 2
    assert result.stderr == (
        "journeymaps new: error: 'Mijn Reis' is not a valid journey id: use lowercase letters, digits "
        "and single hyphens; try 'mijn-reis'\n"
    )
    assert not (root / "journeys/Mijn Reis").exists()


def test_new_persona_is_appended_and_validates(tmp_path):
    root = make_site(tmp_path)
    result = journeymaps(root, "new", "persona", "piet", "--name", "Piet, pensioner")
    assert result.returncode == 0, result.stderr
    personas = parse_file(root / "journeys/personas.yml", "personas.yml").data
    assert [p["id"] for p in personas] == ["sanne", "ruud", "piet"]
    assert list(validator("personas").iter_errors(personas)) == []
    assert journeymaps(root, "validate").returncode == 0
    again = journeymaps(root, "new", "persona", "piet")
    assert again.returncode == 2 and "already exists" in again.stderr
    printed = journeymaps(root, "new", "persona", "kim", "--print")
    assert printed.stdout.startswith("- id: kim\n  name: \"Kim\"\n")


# -- codeowners -----------------------------------------------------------------------------------


def test_codeowners_maps_journey_owners_to_handles(tmp_path):
    root = make_site(tmp_path, {"journeys/energie/journey.yml": JOURNEY.replace("Team Web", "Team Energie")})
    result = journeymaps(root, "codeowners", "--org", "acme", "--owner", "Team Web=@acme/web @kim",
                         "--default", "@acme/cx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-3:] == [
        "/journeys/ @acme/cx",
        "/journeys/energie/ @acme/team-energie",
        "/journeys/webshop/ @acme/web @kim",
    ]
    everyone = journeymaps(root, "codeowners", "--org", "acme", "--all-owners")
    assert everyone.stdout.splitlines()[-1] == "/journeys/webshop/ @acme/team-web @acme/team-marketing @acme/team-payments"


def test_codeowners_without_a_handle_says_which_team(tmp_path):
    root = make_site(tmp_path)
    result = journeymaps(root, "codeowners")
    assert result.returncode == 1
    assert "# /journeys/webshop/: no handle for 'Team Web'" in result.stdout
    assert result.stderr == "journeymaps: no handle for 'Team Web': pass --owner 'Team=@handle' or --org ORG\n"


@pytest.mark.parametrize("option,bad", [(["--owner", "Team Web=not a handle"], "not"),
                                        (["--owner", "Team Web=@acme/web kim"], "kim"),
                                        (["--default", "cx-team"], "cx-team")])
def test_codeowners_refuses_what_is_no_handle(tmp_path, option, bad):
    """A CODEOWNERS line with a word that is no @user, @org/team or e-mail address is one GitHub
    rejects: the command names the first such word, and writes nothing."""
    root = make_site(tmp_path)
    result = journeymaps(root, "codeowners", "--org", "acme", *option)
    assert result.returncode == 2 and result.stdout == ""
    assert f"'{bad}' is not a handle" in result.stderr and "Traceback" not in result.stderr


def test_codeowners_warns_of_a_team_no_journey_has(tmp_path):
    root = make_site(tmp_path)
    result = journeymaps(root, "codeowners", "--owner", "Team Web=@acme/web @jan_acme jan@example.org",
                         "--owner", "Team Wbe=@acme/wbe", "--owner", "team-marketing=@acme/marketing")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "/journeys/webshop/ @acme/web @jan_acme jan@example.org"  # '_': a managed user
    assert ("--owner 'Team Wbe': no journey, touchpoint or improvement has that owner (did you mean 'Team Web'?)"
            in result.stderr)
    assert "team-marketing" not in result.stderr  # Team Marketing, written as its slug, owns a touchpoint


# -- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["validate"], ["schema"], ["new"], ["new", "journey"], ["new", "persona"],
                                     ["diff"], ["mermaid"], ["codeowners"]])
def test_every_command_has_help(tmp_path, command):
    result = journeymaps(tmp_path, *command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: journeymaps")


def test_diff_of_a_new_journey_persona_and_setting(repo):
    write(repo, {
        "journeys/energie/journey.yml": JOURNEY.replace("title: Webshop", "title: Energie"),
        "journeys/personas.yml": (repo / "journeys/personas.yml").read_text() + "- id: kim\n  name: Kim\n",
        "mkdocs.yml": (repo / "mkdocs.yml").read_text().replace('today: "2026-11-23"', 'today: "2026-12-01"'),
    })
    result = journeymaps(repo, "diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n\n", 2)[2] == """\
### Settings

- `today`: 2026-11-23 → 2026-12-01

### Personas

- Added `kim` *Kim*

### Energie (`energie`)

New journey: 2 touchpoints, 0 decisions, 0 improvements.

<details>
<summary>Journey diagram</summary>

```mermaid
journey
  title Energie
  section See
    Advert: 4: Sanne, Ruud, Kim
  section Do
    Checkout: 5: Sanne, Ruud, Kim
```

</details>

### Webshop (`webshop`)

Personas: sanne, ruud → sanne, ruud, kim.

<details>
<summary>Journey diagram, before and after</summary>

Before (`HEAD`):

```mermaid
journey
  title Webshop
  section See
    Banner: 4: Sanne, Ruud
    Advert: 3: Sanne, Ruud
  section Do
    Checkout: 3: Sanne, Ruud
  section Care
    Delivery: 3: Sanne, Ruud
    Returns: 4: Sanne, Ruud
```

After (the working tree):

```mermaid
journey
  title Webshop
  section See
    Banner: 4: Sanne, Ruud, Kim
    Advert: 3: Sanne, Ruud, Kim
  section Do
    Checkout: 3: Sanne, Ruud, Kim
  section Care
    Delivery: 3: Sanne, Ruud, Kim
    Returns: 4: Sanne, Ruud, Kim
```

</details>

### Checks

- New warning: journey 'webshop': the journey of persona 'kim' ends below target at 'returns' (3.5 < 4)
"""


# -- CI files -------------------------------------------------------------------------------------


def test_ci_files_run_commands_that_exist():
    import shlex

    import yaml

    from journeymaps.cli import build_parser

    texts = [(REPO / name).read_text() for name in (
        ".github/workflows/journeys.yml", ".gitlab-ci.yml", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml",
        ".github/workflows/journeys-zensical.yml")]
    for text in texts:
        yaml.safe_load(text)
    def command(line: str) -> str:
        return line.strip().removeprefix("- ").removeprefix("entry: ").removeprefix("run: ")

    commands = [command(line) for text in texts for line in text.splitlines()
                if command(line).startswith("journeymaps ")]
    assert len(commands) >= 12
    for command in commands:
        words = shlex.split(command.split(" > ")[0].split(" ||")[0].replace("$", "X"))
        build_parser().parse_args(words[1:])  # exits (fails the test) on an unknown command or option
    hooks = yaml.safe_load(texts[2])
    assert [h["id"] for h in hooks] == ["journeymaps-validate"]
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    from journeymaps.cli.json_schema import FILE_GLOBS
    assert settings["yaml.schemas"] == {f"./schemas/{KINDS[k][0]}": [glob] for k, glob in FILE_GLOBS.items()}


def zensical_pin() -> str:
    """The Zensical requirement of pyproject's test extra: the version the suite builds with."""
    import re

    pins = re.findall(r'"(zensical[^"]*)"', (REPO / "pyproject.toml").read_text())
    assert len(pins) == 1, pins
    return pins[0]


def test_the_github_zensical_variant_validates_generates_and_builds_with_zensical():
    """journeys-zensical.yml: journeys.yml with the site built by `journeymaps generate` + Zensical,
    at the version the suite tests, and its built site kept; its own concurrency group, so a
    repository with both workflows runs both."""
    import yaml

    from journeymaps.generate import DERIVED_CONFIG

    workflow = yaml.safe_load((REPO / ".github/workflows/journeys-zensical.yml").read_text())
    plain = yaml.safe_load((REPO / ".github/workflows/journeys.yml").read_text())
    steps = workflow["jobs"]["journeys"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    install = next(r for r in runs if r.startswith("pip install"))
    assert f'"{zensical_pin()}"' in install and install.startswith("pip install . ")
    order = ["journeymaps validate --format github --strict", "journeymaps generate",
             f"zensical build --strict -f {DERIVED_CONFIG}"]
    assert [r for r in runs if r in order] == order
    assert not any("mkdocs build" in r for r in runs)
    kept = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert kept["with"]["path"] == "site/"
    assert workflow["concurrency"]["group"] != plain["concurrency"]["group"]
    # the rest is journeys.yml's: the same triggers, permissions, diff and comment steps
    assert workflow[True] == plain[True] and workflow["permissions"] == plain["permissions"]
    assert [s for s in steps if "diff" in s.get("run", "") or "github-script" in s.get("uses", "")] == \
        [s for s in plain["jobs"]["journeys"]["steps"] if "diff" in s.get("run", "") or "github-script" in s.get("uses", "")]


def test_the_gitlab_template_builds_with_the_engine_journeymaps_engine_names():
    """.gitlab-ci.yml: JOURNEYMAPS_ENGINE (default mkdocs) picks MkDocs or generate + Zensical in
    both `build` and `pages`; the shell script runs the right commands for each value."""
    import yaml

    from journeymaps.generate import DERIVED_CONFIG

    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    assert ci["variables"]["JOURNEYMAPS_ENGINE"] == "mkdocs"
    script = ci[".build-site"]
    assert len(script) == 1
    for job in ("build", "pages"):
        assert ci[job]["script"][0] == script  # the anchor, which GitLab flattens
    assert ci["pages"]["script"][1:] == ["mv site public"]

    def commands(engine: str) -> list[str]:
        fake = "; ".join(f'{name}() {{ echo "{name} $*"; }}' for name in ("pip", "journeymaps", "zensical", "mkdocs"))
        result = subprocess.run(["sh", "-ec", f"{fake}\n{script[0]}"], capture_output=True, text=True,
                                env={**os.environ, "JOURNEYMAPS_ENGINE": engine}, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert commands("mkdocs") == ["mkdocs build --strict"]
    assert commands("zensical") == [f"pip install --quiet {zensical_pin()}", "journeymaps generate",
                                    f"zensical build --strict -f {DERIVED_CONFIG}"]


def test_diff_from_a_revision_before_the_site_existed(tmp_path):
    root = tmp_path / "repo"
    write(root, {"README.md": "Soon a site.\n"})
    git(root, "init", "-q", "-b", "main")
    commit(root, "readme")
    make_site(root)
    commit(root, "site")
    result = journeymaps(root, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n\n", 2)[2] == """\
**The journeys at `HEAD~1` do not validate** (1 error), so their content cannot be compared:

- `mkdocs.yml`: there is no mkdocs.yml: not a journeymaps site

Files changed:

- added `journeys/personas.yml`
- added `journeys/webshop/journey.yml`
- added `mkdocs.yml`
"""
