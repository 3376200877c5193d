"""A diff of the journeys as Markdown for a pull-request comment (GitHub) or merge-request note (GitLab).

The first line is an HTML comment the CI scripts look for, so a new push updates the earlier
comment instead of adding another one.

A journey whose diagram changed (its phases, touchpoints, current scores or personas: the Mermaid
`journey` diagram of render/mermaid.py, for every persona together) gets the diagram before and
after in a collapsed <details>, as ```mermaid fences that GitHub and GitLab draw; an added journey
only the after, a removed one only the before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from ..analysis.compare import ADDED, REMOVED, Change, FileChanges, ItemDiff, JourneyDiff, SiteDiff
from ..problems import Problem

MARKER = "<!-- journeymaps-diff -->"
NO_CHANGES = "No changes to the journeys."


@dataclass
class DiffReport:
    """What `journeymaps diff` found: the comparison, or why a side could not be analysed."""

    base_label: str
    head_label: str
    diff: Optional[SiteDiff] = None
    base_errors: Optional[list[Problem]] = None  # None: the side validated
    head_errors: Optional[list[Problem]] = None
    files: FileChanges = field(default_factory=FileChanges)
    diagrams: dict[str, "Diagrams"] = field(default_factory=dict)  # by journey id: only those that changed


@dataclass(frozen=True)
class Diagrams:
    """A journey's Mermaid diagrams on both sides (None: the journey is not on that side)."""

    title: str
    before: Optional[str]
    after: Optional[str]


def render_diff(report: DiffReport) -> str:
    """The report as Markdown, starting with MARKER: the changes by section, or, when a side does
    not validate, its errors and the changed files. Raises nothing."""
    lines = [MARKER, "## Journey changes", "", f"Comparing {report.base_label} with {report.head_label}.", ""]
    failed = [(label, errors) for label, errors in (
        (report.base_label, report.base_errors), (report.head_label, report.head_errors)) if errors is not None]
    if failed:
        for label, errors in failed:
            count = len(errors)
            lines.append(
                f"**The journeys at {label} do not validate** ({count} error{'s' if count != 1 else ''}), "
                "so their content cannot be compared:"
            )
            lines.append("")
            lines.extend(f"- `{p.location}`: {_text(p.message)}" + (f" ({_text(p.hint)})" if p.hint else "")
                         for p in errors)
            lines.append("")
        lines.extend(_files(report.files))
        return "\n".join(lines).rstrip("\n") + "\n"
    diff = report.diff
    if diff is None or (diff.empty and not report.diagrams):
        lines.append(NO_CHANGES)
        return "\n".join(lines) + "\n"
    if diff.settings:
        lines += ["### Settings", ""]
        lines += [f"- `{c.field}`: {_v(c.before)} → {_v(c.after)}" for c in diff.settings]
        lines.append("")
    if diff.personas:
        lines += ["### Personas", ""]
        lines += [_item_line(d) for d in diff.personas]
        lines.append("")
    journeys: dict[str, Optional[JourneyDiff]] = {j.id: j for j in diff.journeys}
    journeys.update({i: None for i in report.diagrams if i not in journeys})
    for journey_id in sorted(journeys):  # compare() lists journeys by id
        journey = journeys[journey_id]
        diagrams = report.diagrams.get(journey_id)
        if journey is not None:
            lines += _journey(journey)
        elif diagrams is not None:  # new feedback, a setting or a persona's name changed only the diagram
            lines += [f"### {_text(diagrams.title)} (`{journey_id}`)", "",
                      "Nothing in the journey's YAML changed, but its diagram did: current scores "
                      "(new feedback, or a setting) or a persona's name.", ""]
        if diagrams is not None:
            lines += _diagrams(diagrams, report.base_label, report.head_label)
    if diff.new_warnings or diff.resolved_warnings:
        lines += ["### Checks", ""]
        lines += [f"- New warning: {_text(w)}" for w in diff.new_warnings]
        lines += [f"- Resolved: {_text(w)}" for w in diff.resolved_warnings]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _journey(journey: JourneyDiff) -> list[str]:
    name = f"{_text(journey.title)} (`{journey.id}`)"
    if journey.status in (ADDED, REMOVED):
        counts = ", ".join(f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in journey.counts.items())
        return [f"### {name}", "", f"New journey: {counts}." if journey.status == ADDED else f"Journey removed ({counts}).", ""]
    lines = [f"### {name}", ""]
    if journey.edited:
        lines += [f"Journey edited: {', '.join(journey.edited)}.", ""]
    if journey.personas is not None:
        before, after = (", ".join(ids) or "none" for ids in (journey.personas.before, journey.personas.after))
        lines += [f"Personas: {before} → {after}.", ""]
    for heading, items in (("Touchpoints", journey.touchpoints), ("Decisions", journey.decisions),
                           ("Backlog", journey.improvements)):
        if items:
            lines += [f"**{heading}**", ""]
            lines += [_item_line(d) for d in items]
            lines.append("")
    if journey.flips:
        lines += ["**States**", ""]
        lines += [
            f"- `{f.touchpoint}` {_title(f.title)} for {', '.join(f.personas)}: {f.before.value} → {f.after.value}"
            for f in journey.flips
        ]
        lines.append("")
    return lines


def _diagrams(diagrams: Diagrams, base_label: str, head_label: str) -> list[str]:
    """The diagrams in a collapsed <details>: before and after, or the one side there is."""
    sides = [(f"Before ({base_label}):", diagrams.before), (f"After ({head_label}):", diagrams.after)]
    shown: list[tuple[str, Optional[str]]] = [(label, text) for label, text in sides if text is not None]
    if len(shown) == 2:
        summary = "Journey diagram, before and after"
    elif diagrams.after is not None:
        summary, shown = "Journey diagram", [("", diagrams.after)]
    else:
        summary, shown = "Journey diagram, before it was removed", [("", diagrams.before)]
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    for label, text in shown:
        if label:
            lines += [label, ""]
        lines += _fence("mermaid", text or "")
        lines.append("")
    return lines + ["</details>", ""]


def _fence(info: str, text: str) -> list[str]:
    """A fenced code block longer than any run of backticks in `text`, so none of it closes the fence."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *text.rstrip("\n").split("\n"), fence]


def _item_line(d: ItemDiff) -> str:
    name = f"`{d.id}` {_title(d.title)}"
    if d.status == ADDED:
        return f"- Added {name}{_added_facts(d)}"
    if d.status == REMOVED:
        where = f" (phase {_title(d.extra['phase'])})" if d.kind == "touchpoint" else ""
        return f"- Removed {name}{where}"
    status, delivered = d.change("status"), d.change("delivered")
    if d.kind == "improvement" and status is not None and status.after == "done":
        text = f"- Delivered {name}"
        if delivered is not None and delivered.after is not None:
            text += f" on {_v(delivered.after)}"
        parts = _parts(d, skip=("status", "delivered", "rank"))
        return text + (f": {'; '.join(parts)}" if parts else "")
    return f"- {name}: {'; '.join(_parts(d))}"


def _parts(d: ItemDiff, skip: Sequence[str] = ()) -> list[str]:
    parts = []
    if d.move is not None:
        if d.move.within_phase:
            place = f"now after `{d.move.after}`" if d.move.after else "now first"
            parts.append(f"moved within phase {_title(d.move.to_phase)}, {place}")
        else:
            parts.append(f"moved from phase {_title(d.move.from_phase)} to {_title(d.move.to_phase)}")
    parts += [_change(c) for c in d.changes if c.field not in skip]
    if d.edited:
        parts.append(f"edited {', '.join(d.edited)}")
    return parts


def _change(c: Change) -> str:
    name = "RICE" if c.field == "rice" else c.field
    return f"{name} {_v(c.before)} → {_v(c.after)}"


def _added_facts(d: ItemDiff) -> str:
    item = d.item
    facts: list[str] = []
    if d.kind == "touchpoint":
        facts.append(f"in phase {_title(d.extra['phase'])}")
        if item.target is not None:
            facts.append(f"target {_v(item.target)}")
        if item.estimate is not None:
            facts.append(f"estimate {_v(item.estimate)}")
        return " " + facts[0] + (f": {', '.join(facts[1:])}" if facts[1:] else "")
    if d.kind == "decision":
        facts.append(item.status.value)
        if item.floor is not None:
            facts.append(f"floor {_v(item.floor)}")
        facts.append("at " + ", ".join(f"`{t}`" for t in item.touchpoints))
    elif d.kind == "improvement":
        facts.append(item.status.value)
        if d.extra.get("rice") is not None:
            facts.append(f"RICE {_v(d.extra['rice'])}")
        if d.extra.get("rank") is not None:
            facts.append(f"rank {d.extra['rank']}")
        facts.append("at " + ", ".join(f"`{t}`" for t in item.touchpoints))
    return f": {', '.join(facts)}" if facts else ""


def _v(value: Any) -> str:
    """A value as shown: numbers without trailing zeros, per-persona estimates, dates, 'none'."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_v(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _text(str(value))


def _title(text: str) -> str:
    return f"*{_text(text)}*"


_SPECIAL = re.compile(r"([\\`*_\[\]~]|<(?=[A-Za-z/!?]))")  # emphasis, code, links, HTML tags


def _text(text: str) -> str:
    """Written text in Markdown: no formatting, links or HTML slip in from a title or a message."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _files(files: FileChanges) -> list[str]:
    if files.empty:
        return ["No files changed under the journeys.", ""]
    lines = ["Files changed:", ""]
    lines += [f"- added `{p}`" for p in files.added]
    lines += [f"- removed `{p}`" for p in files.removed]
    lines += [f"- modified `{p}`" for p in files.modified]
    lines.append("")
    return lines
