"""`journeymaps mermaid` and the diagrams in the `journeymaps diff` comment, without a browser.

The scores below are computed by hand from the journey's scale; tests/browser/test_browser_mermaid.py
reads the same output with Mermaid's own parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from journeymaps.cli.diff_markdown import Diagrams, DiffReport, render_diff
from journeymaps.analysis.compare import SiteDiff
from journeymaps.render.mermaid import mermaid_score, safe_label
from tests.helpers import JOURNEY, make_site, write
from tests.test_cli import commit, git, journeymaps

# -- the scale --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, scale, expected", [
    (1, (1, 5), 1), (5, (1, 5), 5), (3.49, (1, 5), 3),
    (2.5, (1, 5), 3), (3.5, (1, 5), 4), (4.5, (1, 5), 5),  # half up, not to even (2, 4, 4)
    (1, (1, 10), 1), (10, (1, 10), 5),
    (7, (1, 10), 4),  # 1 + 6/9 * 4 = 3.67
    (5.5, (1, 10), 3),  # 1 + 4.5/9 * 4 = 3
    (4.375, (1, 10), 3),  # 1 + 3.375/9 * 4 = 2.5: half up
    (3, (1, 10), 2),  # 1 + 2/9 * 4 = 1.89
    (0, (0, 10), 1), (6.25, (0, 10), 4), (6.2, (0, 10), 3),  # 3.5 and 3.48
    (0, (-2, 2), 3), (-1.5, (-2, 2), 2),  # 1.5 -> 2
    (12, (1, 10), 5), (-3, (1, 5), 1),  # written outside the scale: the nearest face
])
def test_scores_map_linearly_onto_mermaids_faces(value, scale, expected):
    assert mermaid_score(value, scale) == expected


# -- the command --------------------------------------------------------------------------------------

SCALED_JOURNEY = """\
title: Energie
scale: [1, 10]
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
    target: 7
    estimate: 7
  - id: site
    phase: see
    title: Website
    personas: [ruud]
    target: 7
    estimate: 5.5
  - id: checkout
    phase: do
    title: Checkout
    target: 7
    estimate: {sanne: 1, ruud: 10}
  - id: letter
    phase: do
    title: Letter
    target: 7
    estimate: 4.375
  - id: call
    phase: do
    title: Call
    target: 7
"""

# Advert 7 -> 3.67 -> 4; Website 5.5 -> 3; Checkout: all personas the mean 5.5 -> 3, Sanne 1 -> 1,
# Ruud 10 -> 5; Letter 4.375 -> 2.5 -> 3; Call has no estimate and no feedback: 3, "(no score)".
# Care has no touchpoints: its section is written, and Mermaid draws nothing for it.
EXPECTED_ALL = """\
journey
  title Energie
  section See
    Advert: 4: Sanne, Ruud
    Website: 3: Ruud
  section Do
    Checkout: 3: Sanne, Ruud
    Letter: 3: Sanne, Ruud
    Call (no score): 3: Sanne, Ruud
  section Care
"""

EXPECTED_SANNE = """\
journey
  title Energie
  section See
    Advert: 4: Sanne
  section Do
    Checkout: 1: Sanne
    Letter: 3: Sanne
    Call (no score): 3: Sanne
  section Care
"""


@pytest.fixture
def scaled(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {"journeys/energie/journey.yml": SCALED_JOURNEY})


def test_diagram_of_every_persona(scaled):
    result = journeymaps(scaled, "mermaid", "energie")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_ALL
    assert result.stderr == ""


def test_diagram_of_one_persona(scaled):
    result = journeymaps(scaled, "mermaid", "energie", "--persona", "sanne")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_SANNE
    ruud = journeymaps(scaled, "mermaid", "energie", "--persona", "ruud").stdout
    assert "    Website: 3: Ruud\n" in ruud and "    Checkout: 5: Ruud\n" in ruud


def test_from_another_folder_with_root(scaled):
    result = journeymaps(scaled.parent, "mermaid", "energie", "--root", "site")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_ALL


def test_measured_scores_replace_the_estimate(tmp_path):
    """Five responses per persona (min_responses: 5): the diagram shows what the site shows."""
    rows = "".join(f"2026-11-0{d},ad,sanne,2\n2026-11-0{d},ad,ruud,4\n" for d in range(1, 6))
    root = make_site(tmp_path, {"journeys/webshop/feedback/survey.csv": "date,touchpoint,persona,score\n" + rows})
    everyone = journeymaps(root, "mermaid", "webshop")
    assert everyone.returncode == 0, everyone.stderr
    # the estimate of ad is 4 (-> 4); measured: 3 over everyone, 2 for Sanne, 4 for Ruud
    assert everyone.stdout.splitlines()[3] == "    Advert: 3: Sanne, Ruud"
    for persona, line in (("sanne", "    Advert: 2: Sanne"), ("ruud", "    Advert: 4: Ruud")):
        assert journeymaps(root, "mermaid", "webshop", "--persona", persona).stdout.splitlines()[3] == line


def test_no_score_in_the_sites_language(tmp_path):
    root = make_site(tmp_path, {"journeys/energie/journey.yml": SCALED_JOURNEY}, language="nl")
    assert "    Call (geen score): 3: Sanne, Ruud\n" in journeymaps(root, "mermaid", "energie").stdout


def test_unknown_journey_is_a_usage_error_naming_the_journeys(scaled):
    result = journeymaps(scaled, "mermaid", "energy")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("journeymaps mermaid: error: unknown journey 'energy' (did you mean 'energie'?); "
                             "the journeys are: energie, webshop\n")
    far = journeymaps(scaled, "mermaid", "zzz")
    assert far.returncode == 2
    assert far.stderr == "journeymaps mermaid: error: unknown journey 'zzz'; the journeys are: energie, webshop\n"


def test_unknown_persona_is_a_usage_error_naming_the_journeys_personas(tmp_path):
    root = make_site(tmp_path, {
        "journeys/personas.yml": "- id: sanne\n  name: Sanne\n- id: ruud\n  name: Ruud\n- id: kim\n  name: Kim\n",
        "journeys/webshop/journey.yml": JOURNEY + "personas: [sanne, ruud]\n",
    })
    typo = journeymaps(root, "mermaid", "webshop", "--persona", "sane")
    assert typo.returncode == 2
    assert typo.stdout == ""
    assert typo.stderr == ("journeymaps mermaid: error: unknown persona 'sane' in journey 'webshop' "
                           "(did you mean 'sanne'?); its personas are: sanne, ruud\n")
    elsewhere = journeymaps(root, "mermaid", "webshop", "--persona", "kim")  # in personas.yml, not this journey
    assert elsewhere.returncode == 2
    assert "unknown persona 'kim' in journey 'webshop'; its personas are: sanne, ruud" in elsewhere.stderr


def test_not_a_site_and_sources_with_errors(tmp_path, scaled):
    not_a_site = journeymaps(tmp_path, "mermaid", "energie")
    assert not_a_site.returncode == 2
    assert "is not a site: there is no mkdocs.yml" in not_a_site.stderr
    write(scaled, {"journeys/energie/journey.yml": SCALED_JOURNEY.replace("phase: do\n    title: Call",
                                                                           "phase: dp\n    title: Call")})
    broken = journeymaps(scaled, "mermaid", "energie")
    assert broken.returncode == 1
    assert broken.stdout == ""
    assert "journeys/energie/journey.yml:33:12: error: unknown phase 'dp' (did you mean 'do'?)" in broken.stderr
    assert "Traceback" not in broken.stderr + not_a_site.stderr


def test_mermaid_has_help(tmp_path):
    result = journeymaps(tmp_path, "mermaid", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: journeymaps mermaid")


# -- hostile labels --------------------------------------------------------------------------------

# Text that means something to Mermaid's journey grammar, Markdown or HTML. The browser test parses
# the diagram of this journey with Mermaid itself.
HOSTILE_LABELS = [
    "Stap 1: betalen; daarna #2 en 50% korting",
    "title Injected title",
    "Section injected section",
    "journey",
    "accDescr { swallows the rest",
    "accTitle: stolen",
    '%%{init: {"theme": "forest"}}%% directive',
    "%% a comment",
    "first line\nsection Second\n  title Third\n    task: 5: Mallory",
    "quotes \"double\" 'single' `back`ticks ``` fence",
    "<script>alert(1)</script><img src=x onerror=alert(2)> a<br>b<BR />c",
    "\ufeffsection after a byte order mark",
    "tab\there\r\nCRLF\u2028LS\u0085NEL\x0bVT",
    "\u00ad\u200bzero width\u200d and soft hyphen",
    "ﬂ°°60¶ß mermaid's entity placeholders ﬂ°amp¶ß",
    "#35; entity code &amp; &lt;b&gt;",
    "Sanne, first-time buyer: 5: Mallory, Eve",
]


def hostile_journey() -> dict:
    """A journey whose title, phases, touchpoints and personas are all HOSTILE_LABELS, on 0..10."""
    labels = HOSTILE_LABELS
    return {
        "title": "Journey: " + " ".join(labels[:3]) + "\nsection Injected",
        "scale": [0, 10],
        "phases": [{"id": f"p{i}", "title": text} for i, text in enumerate(labels[5:11])]
                  + [{"id": "empty-title", "title": "  \n "}],
        "personas": [
            {"id": "mallory", "name": labels[-1]},
            {"id": "eve", "name": "title Eve; #1 %% :: , ,"},
            {"id": "blank", "name": " \t "},
        ],
        "touchpoints": [
            {"id": f"t{i}", "phase": ["p0", "p1", "p2", "p3", "p4", "p5", "empty-title"][i % 7], "title": text,
             **({"estimate": [0, 1.25, 2.5, 5, 6.25, 7.5, 10, 3.7][i % 8]} if i != 4 else {})}
            for i, text in enumerate(labels)
        ] + [{"id": "blank-title", "phase": "p0", "title": "\t\n", "estimate": {"mallory": 10, "eve": 0}}],
    }


def make_hostile_site(root: Path) -> Path:
    text = yaml.safe_dump(hostile_journey(), allow_unicode=True, sort_keys=False, width=10_000)
    return make_site(root, {"journeys/hostile/journey.yml": text})


# What Mermaid's lexer reads, line by line (mermaid 11, user-journey/journey.jison): a title line
# ends at `#`, `;` or a line break; a section name or task name also at `:`; a task's data runs from
# its `:` to the end of the line. A comment starts at `%` or `#`; a task line must not start with a
# keyword. This is the grammar as a regular expression; the browser test runs the real parser.
_LINE = re.compile(
    r"(?P<title>  title [^#;%\n]+)"
    r"|(?P<section>  section [^#:;%\n]+)"
    r"|(?P<task>    (?!\s)(?!(?:journey|title|section|acctitle|accdescr)(?![a-z0-9_]))[^#:;%\n]+"
    r": [1-5](?:: [^#:;,%\n]+(?:, [^#:;,%\n]+)*)?)",
    re.IGNORECASE | re.ASCII,
)


def test_hostile_labels_stay_labels(tmp_path):
    root = make_hostile_site(tmp_path)
    result = journeymaps(root, "mermaid", "hostile")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    journey = hostile_journey()
    assert lines[0] == "journey"
    assert len(lines) == 2 + len(journey["phases"]) + len(journey["touchpoints"])
    kinds = []
    for line in lines[1:]:
        match = _LINE.fullmatch(line)
        assert match, f"not a title, section or task line: {line!r}"
        kinds.append(match.lastgroup)
    assert kinds.count("title") == 1 and kinds.count("section") == len(journey["phases"])
    assert "\u200bjourney: 3: " in result.stdout  # a keyword is kept from the start of a line
    assert "    \u200btitle Injected title: " in result.stdout
    assert "  section empty-title\n" in result.stdout  # a blank title: the phase's id
    # per-persona estimates {mallory: 10, eve: 0}: every persona's mean 5 on 0..10 -> 3; a blank name: the id
    assert ("    blank-title: 3: Sanne‚ first-time buyer： 5： Mallory‚ Eve, "
            "title Eve； ＃1 ％％ ：： ‚ ‚, blank\n") in result.stdout
    for persona in ("mallory", "eve"):
        single = journeymaps(root, "mermaid", "hostile", "--persona", persona)
        assert single.returncode == 0, single.stderr
        assert all(_LINE.fullmatch(line) for line in single.stdout.splitlines()[1:])


@pytest.mark.parametrize("text, kind, expected", [
    ("Stap 1: betalen; #2 50%", "task", "Stap 1： betalen； ＃2 50％"),
    ("Stap 1: betalen; #2 50%", "title", "Stap 1: betalen； ＃2 50％"),
    ("Huis & Haard <beta> 1 < 2 > 0", "title", "Huis ＆ Haard ‹beta› 1 ‹ 2 › 0"),
    ("Huis & Haard <beta> 1 < 2 > 0", "task", "Huis & Haard ‹beta> 1 < 2 > 0"),
    ("Sanne, nieuwe klant: 5", "actor", "Sanne‚ nieuwe klant： 5"),
    ("Sanne, nieuwe klant", "task", "Sanne, nieuwe klant"),
    ("  line\r\n\tbreaks\u2028 \ufeff ", "task", "line breaks"),
    ("Section 3", "task", "\u200bSection 3"),
    ("Section 3", "section", "Section 3"),
    ("Sections", "task", "Sections"),
    ("journey-map", "task", "\u200bjourney-map"),
    ("journeys", "task", "journeys"),
    ("a<br>b < c <br/> <!-- x --> <?x>", "task", "a‹br>b < c ‹br/> ‹!-- x --> ‹?x>"),
    ("ﬂ°°60¶ß", "task", "fl°°60¶ ß"),
    ("\x00\x07", "task", "fallback-id"),
    (" ", "section", "fallback-id"),
])
def test_safe_label(text, kind, expected):
    assert safe_label(text, "fallback-id", kind) == expected


# -- the diff comment ---------------------------------------------------------------------------------


def _details(comment: str) -> list[str]:
    return re.findall(r"<details>\n.*?\n</details>\n", comment, re.DOTALL)


@pytest.fixture
def two_journeys(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site", {"journeys/energie/journey.yml": SCALED_JOURNEY})
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def test_diff_shows_the_diagrams_of_a_changed_journey_only(two_journeys):
    write(two_journeys, {
        "journeys/energie/journey.yml": SCALED_JOURNEY.replace("estimate: 7\n", "estimate: 10\n"),
        "journeys/webshop/journey.yml": JOURNEY.replace("title: Webshop", "title: Webshop\ndescription: New."),
    })
    result = journeymaps(two_journeys, "diff")
    assert result.returncode == 0, result.stderr
    comment = result.stdout
    details = _details(comment)
    assert len(details) == 1  # webshop's description changed, not its diagram
    energie, webshop = comment.index("### Energie (`energie`)"), comment.index("### Webshop (`webshop`)")
    assert energie < comment.index("<details>") < webshop
    assert details[0] == f"""\
<details>
<summary>Journey diagram, before and after</summary>

Before (`HEAD`):

```mermaid
{EXPECTED_ALL}```

After (the working tree):

```mermaid
{EXPECTED_ALL.replace("Advert: 4", "Advert: 5")}```

</details>
"""


def test_diff_shows_a_diagram_changed_by_feedback_alone(two_journeys):
    rows = "".join(f"2026-11-0{d},ad,sanne,5\n" for d in range(1, 6))
    write(two_journeys, {"journeys/webshop/feedback/survey.csv": "date,touchpoint,persona,score\n" + rows})
    comment = journeymaps(two_journeys, "diff").stdout
    assert "### Webshop (`webshop`)\n\nNothing in the journey's YAML changed, but its diagram did" in comment
    (details,) = _details(comment)
    assert "    Advert: 4: Sanne, Ruud\n" in details.split("After")[0]  # the estimate, 4
    assert "    Advert: 5: Sanne, Ruud\n" in details.split("After")[1]  # measured: 5 from Sanne's answers
    assert "Energie" not in comment


def test_diff_without_a_changed_diagram_has_none(two_journeys):
    write(two_journeys, {"journeys/energie/journey.yml": SCALED_JOURNEY.replace("target: 7\n", "target: 6\n", 1)})
    comment = journeymaps(two_journeys, "diff").stdout
    assert "- `ad` *Advert*: target 7 → 6" in comment
    assert "<details>" not in comment and "mermaid" not in comment


def test_diff_of_an_added_and_a_removed_journey_shows_the_side_there_is(two_journeys):
    (two_journeys / "journeys/energie/journey.yml").unlink()
    write(two_journeys, {"journeys/energie-2/journey.yml": SCALED_JOURNEY})
    comment = journeymaps(two_journeys, "diff").stdout
    removed, added = _details(comment)  # energie-2 sorts after energie
    assert comment.index("### Energie (`energie`)\n\nJourney removed") < comment.index(removed)
    assert removed == ("<details>\n<summary>Journey diagram, before it was removed</summary>\n\n"
                       f"```mermaid\n{EXPECTED_ALL}```\n\n</details>\n")
    assert comment.index("### Energie (`energie-2`)\n\nNew journey") < comment.index(added)
    assert added == f"<details>\n<summary>Journey diagram</summary>\n\n```mermaid\n{EXPECTED_ALL}```\n\n</details>\n"


def test_diff_fence_is_longer_than_any_backticks_in_a_label():
    diagram = "journey\n  title T\n  section S\n    ```` and `: 3\n"
    text = render_diff(DiffReport("`a`", "`b`", diff=SiteDiff(), diagrams={"j": Diagrams("T", None, diagram)}))
    assert "\n`````mermaid\n" + diagram + "`````\n" in text
