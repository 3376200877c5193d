"""Mermaid's own parser reads what `journeymaps mermaid` and `journeymaps diff` write (issue 16).

node_modules/mermaid/dist/mermaid.min.js (pinned in package.json) goes into a blank page inline,
without a request. Each diagram is parsed with `mermaid.parse`, and what Mermaid made of it is read
back from its journey database: the title, the sections, and per task its text, score and actors.
These are compared with the journey and its analysed states: every phase is a section, every
touchpoint a task whose score is computed here from the journey's scale and the state's current
score. Then the diagram is rendered to SVG, which must draw a face per task and hold no element
or attribute that came from a label.
"""

from __future__ import annotations

import math
import re
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Optional

import pytest

from tests.helpers import make_site
from tests.test_cli import (BASE_DECISIONS, BASE_IMPROVEMENTS, BASE_JOURNEY, HEAD_DECISIONS, HEAD_IMPROVEMENTS,
                            HEAD_JOURNEY, commit, git, journeymaps)
from tests.test_mermaid import make_hostile_site

from .conftest import HOSTILE, REPO

pytestmark = pytest.mark.browser

READ = """async (text) => {
  let parsed;
  try {
    parsed = await mermaid.parse(text);
  } catch (error) {
    return {error: String((error && error.message) || error)};
  }
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  const result = {
    type: parsed.diagramType, title: db.getDiagramTitle(), sections: db.getSections(),
    tasks: db.getTasks().map(t => ({section: t.section, task: t.task, score: t.score, people: t.people})),
  };
  window.jmCount = (window.jmCount || 0) + 1;
  const {svg} = await mermaid.render(`jm-mermaid-${window.jmCount}`, text);
  const box = document.getElementById('out');
  box.innerHTML = svg;
  const all = [...box.querySelectorAll('*')];
  result.faces = box.querySelectorAll('circle.face').length;
  result.labels = [...box.querySelectorAll('foreignObject .label')].map(e => e.textContent);
  result.elements = all.map(e => e.localName);
  result.handlers = all.flatMap(e => [...e.attributes].map(a => a.name).filter(n => /^on/i.test(n)));
  box.innerHTML = '';
  return result;
}"""

# The elements of a journey diagram's SVG (mermaid 11 writes section and task text into a <div> in
# a <foreignObject>): anything else came from a label.
DIAGRAM_ELEMENTS = {"svg", "style", "g", "defs", "marker", "path", "circle", "text", "tspan", "rect", "switch",
                    "foreignObject", "div", "line", "title"}


@pytest.fixture(scope="module")
def read(browser, mermaid_js):
    """A function from a diagram's text to what Mermaid read and drew (see READ); it fails the test
    on a parse error or a console error."""
    probe = browser.new_page()
    probe.page.set_content('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mermaid</title>'
                           '</head><body><div id="out"></div></body></html>')
    probe.page.add_script_tag(content=mermaid_js)
    probe.page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")

    def run(text: str) -> dict:
        result = probe.page.evaluate(READ, text)
        assert "error" not in result, f"Mermaid cannot parse:\n{text}\n{result.get('error')}"
        assert probe.problems() == [], probe.problems()
        assert result["type"] == "journey"
        return result

    yield run
    probe.page.close()


# -- what the diagram should say, computed from the journey and its states ----------------------------

_JS_WHITESPACE = re.compile(r"[\s\ufeff\u180e]+")
_BACK = {"＃": "#", "；": ";", "％": "%", "：": ":", "‚": ",", "‹": "<", "›": ">", "＆": "&"}


def written(text: str, fallback: str) -> str:
    """A label as a reader should see it: on one line, without control characters, Mermaid's
    entity placeholder `ﬂ` as `fl`; the fallback (an id) when nothing is left."""
    value = "".join(c for c in _JS_WHITESPACE.sub(" ", text) if ord(c) >= 0x20 and not 0x7f <= ord(c) < 0xa0)
    value = value.replace("ﬂ", "fl").strip()
    return value or fallback


def read_back(text: str) -> str:
    """What Mermaid read, with the documented stand-ins turned back (full-width `＃；％：＆`, `‚`,
    `‹ ›`, the split `¶ ß`, the zero-width space before a keyword)."""
    return "".join(_BACK.get(c, c) for c in text.removeprefix("\u200b")).replace("¶ ß", "¶ß")


def face(current: Optional[float], scale: list[float]) -> int:
    """Mermaid's 1-5 for a current score: linear from the scale, rounded half up, held in 1..5; 3
    without a score."""
    if current is None:
        return 3
    low, high = (Fraction(str(v)) for v in scale)
    mapped = 1 + (Fraction(str(current)) - low) * 4 / (high - low)
    return min(5, max(1, math.floor(mapped + Fraction(1, 2))))


def expected(journey, states, persona_id: Optional[str] = None) -> dict:
    """Sections and tasks (section, text, score, actors) the diagram of `journey` should have."""
    met = {t.id for t in journey.touchpoints_of(persona_id)} if persona_id else None
    tasks = []
    for phase in journey.phases:
        for touchpoint in journey.touchpoints:
            if touchpoint.phase != phase.id or (met is not None and touchpoint.id not in met):
                continue
            state = states.by_persona[(touchpoint.id, persona_id)] if persona_id else states.overall[touchpoint.id]
            people = ([p for p in journey.all_personas if p.id == persona_id] if persona_id
                      else journey.personas_at(touchpoint))
            tasks.append({
                "section": written(phase.title, phase.id),
                "task": written(touchpoint.title, touchpoint.id) + (" (no score)" if state.current is None else ""),
                "score": face(state.current, journey.scale),
                "people": [written(p.name, p.id) for p in people],
            })
    return {"title": written(journey.title, journey.id),
            "sections": [written(p.title, p.id) for p in journey.phases], "tasks": tasks}


def check(result: dict, journey, states, persona_id: Optional[str] = None) -> None:
    """What Mermaid read is the journey: title, sections in order, tasks with their scores and actors."""
    want = expected(journey, states, persona_id)
    got = {
        "title": read_back(result["title"]),
        "sections": [read_back(s) for s in result["sections"]],
        "tasks": [{"section": read_back(t["section"]), "task": read_back(t["task"]), "score": t["score"],
                   "people": [read_back(p) for p in t["people"]]} for t in result["tasks"]],
    }
    assert got == want
    assert result["faces"] == len(want["tasks"])
    assert set(result["elements"]) <= DIAGRAM_ELEMENTS, set(result["elements"]) - DIAGRAM_ELEMENTS
    assert result["elements"].count("svg") == 1
    assert result["handlers"] == []
    drawn = set(result["labels"])  # the text drawn is the text read: no markup became elements
    assert {t["task"] for t in result["tasks"]} <= drawn and set(result["sections"]) <= drawn


def analysed(root: Path):
    from journeymaps.cli.site import read_options, run_pipeline

    return run_pipeline(root, read_options(root))


def mermaid_of(root: Path, journey: str, persona: Optional[str] = None) -> str:
    result = journeymaps(root, "mermaid", journey, *(["--persona", persona] if persona else []))
    assert result.returncode == 0, result.stderr
    return result.stdout


# -- the tests ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("journey_id", ["webshop", "energie-overstappen"])
def test_example_journeys_for_everyone_and_each_persona(read, journey_id):
    """The repository's example site, from its root, as a user runs it."""
    analysis = analysed(REPO)
    journey, states = analysis.site.journey(journey_id), analysis.states[journey_id]
    for persona_id in [None] + [p.id for p in journey.all_personas]:
        result = read(mermaid_of(REPO, journey_id, persona_id))
        check(result, journey, states, persona_id)
        assert result["tasks"], "an example journey has touchpoints"
    assert sum(1 for s in states.overall.values() if s.current is not None) > 3  # real scores, not only 3s


def test_hostile_labels_stay_text(read, tmp_path):
    """Labels with what Mermaid's journey grammar, Markdown or HTML treat as special: parsed as
    one title, one section per phase and one task per touchpoint, each with all of its text."""
    root = make_hostile_site(tmp_path / "mermaid")
    analysis = analysed(root)
    journey, states = analysis.site.journey("hostile"), analysis.states["hostile"]
    for persona_id in (None, "mallory", "eve", "blank"):
        result = read(mermaid_of(root, "hostile", persona_id))
        check(result, journey, states, persona_id)
    assert any(s.startswith("％％{init") for s in result["sections"])  # a directive stays a phase's title


def test_html_hostile_fixture_stays_text(read, tmp_path):
    """tests/fixtures/hostile: script, event handlers and template syntax in every label."""
    root = tmp_path / "hostile"
    shutil.copytree(HOSTILE, root)
    analysis = analysed(root)
    for journey in analysis.site.journeys:
        for persona_id in [None] + [p.id for p in journey.all_personas]:
            check(read(mermaid_of(root, journey.id, persona_id)), journey, analysis.states[journey.id], persona_id)


def test_the_diagrams_in_a_diff_comment(read, tmp_path):
    """The before and after of `journeymaps diff` base HEAD, taken out of the comment's fences as
    GitHub and GitLab take them; a touchpoint title with backticks and </details> does not break out."""
    hostile_title = "Returns ``` </details> <summary>x</summary> #1: ok"
    head_journey = HEAD_JOURNEY.replace("title: Returns", f"title: '{hostile_title}'")
    base_files = {"journeys/webshop/journey.yml": BASE_JOURNEY, "journeys/webshop/decisions.yml": BASE_DECISIONS,
                  "journeys/webshop/improvements.yml": BASE_IMPROVEMENTS}
    head_files = {"journeys/webshop/journey.yml": head_journey, "journeys/webshop/decisions.yml": HEAD_DECISIONS,
                  "journeys/webshop/improvements.yml": HEAD_IMPROVEMENTS}
    repo = make_site(tmp_path / "repo", base_files)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    git(repo, "tag", "base")
    make_site(repo, head_files)
    commit(repo, "head")
    comment = journeymaps(repo, "diff", "base", "HEAD")
    assert comment.returncode == 0, comment.stderr

    details = re.findall(r"^<details>\n(.*?)^</details>$", comment.stdout, re.DOTALL | re.MULTILINE)
    assert len(details) == 1
    fences = re.findall(r"^(`{3,})mermaid\n(.*?)^\1$", details[0], re.DOTALL | re.MULTILINE)
    assert [len(ticks) for ticks, _ in fences] == [3, 4]  # the after has ``` in a title: a longer fence
    before, after = (text for _, text in fences)

    base = analysed(make_site(tmp_path / "base", base_files))
    head = analysed(make_site(tmp_path / "head", head_files))
    check(read(before), base.site.journey("webshop"), base.states["webshop"])
    check(read(after), head.site.journey("webshop"), head.states["webshop"])
    shown = "Returns ``` ‹/details> ‹summary>x‹/summary> ＃1： ok"  # the stand-ins, as a reader sees them
    assert any(t["task"].startswith(shown) for t in read(after)["tasks"])


def test_the_pinned_mermaid_is_11(read):
    """package.json pins mermaid 11 exactly (the version of the grammar render/mermaid.py follows)."""
    import json

    pinned = json.loads((REPO / "package.json").read_text())["devDependencies"]["mermaid"]
    assert re.fullmatch(r"11\.\d+\.\d+", pinned)
    installed = json.loads((REPO / "node_modules/mermaid/package.json").read_text())["version"]
    assert installed == pinned, "run `npm ci` (make browser-deps) to install the pinned mermaid"
