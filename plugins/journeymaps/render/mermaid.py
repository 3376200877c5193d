"""A journey as a Mermaid `journey` diagram: text for places the site is not (a pull request, an
issue, a wiki, a slide), which GitHub, GitLab and most Markdown tools draw from a ```mermaid fence.

    journey
      title Online bestellen
      section See
        Advertentie op Instagram: 4: Sanne‚ nieuwe klant

`title` is the journey's title, a `section` is a phase (in the journey's order, every phase even
when none of its touchpoints is shown: Mermaid draws no empty section), and a task is a
touchpoint: `Title: score: Actor, Actor`. The score is the touchpoint's current score, the one
the site shows (measured once there is enough feedback, else the workshop estimate), mapped
linearly from the journey's scale onto Mermaid's faces 1..5 and rounded half up (mermaid_score).
The actors are persona names: for one persona, only that persona and its score; for the journey
as a whole, the score over every persona and the personas the touchpoint concerns.

A touchpoint without a score (no estimate, too little feedback) still needs a number: it is drawn
at 3, the middle face, and its text says "(no score)", so it reads as unknown, not as average.

Every label is untrusted text. Mermaid's journey grammar (mermaid 11, user-journey/journey.jison)
makes these special; each label is made plain before it is written (safe_label):
- a line per statement: line breaks (and every other whitespace, as JavaScript's `\\s` sees it,
  which includes U+FEFF) collapse to one space; control characters go;
- `#` starts a comment, `;` is no character of any token, `%` starts a comment (and `%%{` a
  directive, which could change Mermaid's configuration): they become the full-width `＃ ； ％`;
- `:` ends a section name and a task name and separates score and actors: full-width `：`
  (the title may keep its colons);
- `,` separates actors: in a persona's name it becomes `‚` (U+201A, a low quotation mark that
  looks like a comma);
- a task line that starts with a keyword (`journey`, `title`, `section`, `accTitle`, `accDescr`,
  in any case) would be read as that statement: a zero-width space goes before the keyword;
- HTML-like text: Mermaid draws `<br>` as a line break, rewrites the quotes inside anything that
  looks like a tag, and passes the title through an HTML sanitiser (which drops `<script>...`
  and unknown tags and then shows `&`, `<` and `>` as `&amp;`, `&lt;`, `&gt;`). So a `<` that
  could start a tag (before a letter, `/`, `!` or `?`) becomes `‹`, and in the title `& < >`
  become `＆ ‹ ›`;
- Mermaid turns its own placeholders for entities (`ﬂ°`, `¶ß`) back into `&` and `;`: the
  ligature becomes `fl`, the pair is split;
- an empty label is replaced by the id of what it names, as Mermaid needs text.
Quotes, backticks and the rest need nothing: Mermaid writes section and task text as text (the
diff comment puts the diagram in a fence longer than any run of backticks in it).

Pure: a JourneyStates (the journey and its analysed states) in, the diagram's text out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Optional, Sequence

from ..analysis import JourneyStates, TouchpointState

MERMAID_LOWEST, MERMAID_HIGHEST = 1, 5
NO_SCORE = 3  # the middle face, for a touchpoint without a score
NO_SCORE_TEXT = "no score"

# Everything JavaScript's \s matches (Python's \s lacks U+FEFF and U+180E), plus what Python also
# counts as whitespace: collapsed to one space.
_WHITESPACE = re.compile(r"[\s\ufeff\u180e]+")
_REPLACE = {"#": "＃", ";": "；", "%": "％", "\ufb02": "fl"}
_TITLE_REPLACE = {**_REPLACE, "&": "＆", "<": "‹", ">": "›"}
_NAME_REPLACE = {**_REPLACE, ":": "："}
_ACTOR_REPLACE = {**_NAME_REPLACE, ",": "\u201a"}
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# A statement Mermaid's lexer recognises at the start of a line before it tries a task name.
_KEYWORD = re.compile(r"(?:journey|title|section|acctitle|accdescr)(?![a-z0-9_])", re.IGNORECASE | re.ASCII)
_GUARD = "\u200b"  # zero-width space: not whitespace to Mermaid, so the line starts with it


def mermaid_score(value: float, scale: Sequence[float]) -> int:
    """A score on the journey's `scale` (lowest, highest) as one of Mermaid's faces 1..5: mapped
    linearly (lowest -> 1, highest -> 5), rounded half up, and held inside 1..5 (an estimate may be
    written outside the scale). On 1..10, 7 is 1 + 6/9 * 4 = 3.67 -> 4."""
    low, high = float(scale[0]), float(scale[1])
    mapped = MERMAID_LOWEST + (float(value) - low) / (high - low) * (MERMAID_HIGHEST - MERMAID_LOWEST)
    rounded = math.floor(round(mapped, 9) + 0.5)  # round(..., 9): 2.4999999999 from float error is 2.5
    return min(MERMAID_HIGHEST, max(MERMAID_LOWEST, rounded))


def safe_label(text: object, fallback: str, kind: str = "task") -> str:
    """`text` as a label that Mermaid reads as plain text where `kind` puts it: "title", "section",
    "task" or "actor" (see the module's docstring); `fallback` when nothing is left of it."""
    replace = {"title": _TITLE_REPLACE, "section": _NAME_REPLACE, "task": _NAME_REPLACE, "actor": _ACTOR_REPLACE}[kind]
    value = _WHITESPACE.sub(" ", str(text))
    value = "".join(c for c in value if unicodedata.category(c) != "Cc")
    value = "".join(replace.get(c, c) for c in value)
    value = _TAG_START.sub("‹", value).replace("¶ß", "¶ ß").strip()
    if not value:
        value = safe_label(fallback, "-", kind) if fallback != text else "-"
    if kind == "task" and _KEYWORD.match(value):
        value = _GUARD + value
    return value


def journey_diagram(states: JourneyStates, persona_id: Optional[str] = None,
                    no_score: str = NO_SCORE_TEXT) -> str:
    """The Mermaid `journey` diagram of `states.journey`, ending in a newline. With `persona_id`,
    that persona's journey: the touchpoints it meets, its scores, and only it as actor. Without,
    every touchpoint with its score over all personas and the personas it concerns. `no_score` is
    the text added to a touchpoint without a score, as "(no score)". Raises KeyError for a persona
    the journey does not have."""
    journey = states.journey
    persona = None
    if persona_id is not None:
        persona = next((p for p in journey.all_personas if p.id == persona_id), None)
        if persona is None:
            raise KeyError(persona_id)
    lines = ["journey", f"  title {safe_label(journey.title, journey.id, 'title')}"]
    for phase in journey.phases:
        lines.append(f"  section {safe_label(phase.title, phase.id, 'section')}")
        for touchpoint in journey.touchpoints_in(phase.id):
            if persona is not None:
                state = states.of(touchpoint.id, persona.id)
                if state is None:  # a touchpoint this persona does not meet
                    continue
                actors = [persona]
            else:
                state = states.of(touchpoint.id)
                if state is None:
                    continue
                actors = journey.personas_at(touchpoint)
            lines.append("    " + _task(state, actors, journey.scale, no_score))
    return "\n".join(lines) + "\n"


def _task(state: TouchpointState, actors: Sequence[object], scale: Sequence[float], no_score: str) -> str:
    touchpoint = state.touchpoint
    title = safe_label(touchpoint.title, touchpoint.id, "task")
    if state.current is None:
        title += f" ({safe_label(no_score, NO_SCORE_TEXT, 'task')})"
        score = NO_SCORE
    else:
        score = mermaid_score(state.current, scale)
    names = ", ".join(safe_label(p.name, p.id, "actor") for p in actors)  # type: ignore[attr-defined]
    return f"{title}: {score}: {names}" if names else f"{title}: {score}"
