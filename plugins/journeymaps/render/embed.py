"""Charts in hand-written pages: the fenced `journeymap` block of docs/embedding-charts.md, without MkDocs.

    ```journeymap
    journey: webshop
    persona: nieuwe-klant      # optional
    chart: curve               # curve | heatmap | gap | trend | grid
    ```

`find_blocks` scans Markdown the way a fenced-code parser does, so a block shown *inside* a
longer fence (````markdown ... ````, as in the docs) is text, not a chart. Where a site uses
pymdownx.superfences, the plugin registers `journeymap` as one of its custom fences, so a block
is found wherever superfences finds fences (content tabs, admonitions, collapsible notes, lists);
`find_blocks(nested=True)` then only tells each block's line. Without superfences,
`replace_blocks` puts a raw-HTML placeholder where each top-level block was. Either way the
plugin swaps the rendered chart in after Markdown, so no journey text ever passes through Markdown. `parse_block` validates a block
against the site and reports each problem with its line and the near miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from markupsafe import escape

from ..load.strict_yaml import parse_text
from ..model import Journey, Persona, Phase, Site, Touchpoint
from ..problems import SourceError, did_you_mean

LANGUAGE = "journeymap"
CHART_KINDS = ("curve", "heatmap", "gap", "trend", "grid")
KEYS = ("journey", "persona", "phase", "touchpoint", "chart")

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_OPEN_NESTED = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
PLACEHOLDER = '<div class="jm-embed-slot" data-jm-embed="{n}"></div>'
PLACEHOLDER_RE = re.compile(r'(?:<p>)?<div class="jm-embed-slot" data-jm-embed="(\d+)"></div>(?:</p>)?')


@dataclass
class FencedBlock:
    """One ```journeymap block: where it is (1-based lines of the Markdown given) and its body."""

    start: int  # line of the opening fence
    end: int  # line of the closing fence (the last line if the fence is never closed)
    body: str
    indent: str = ""

    @property
    def body_line(self) -> int:
        """The line of the block's first body line (after the opening fence)."""
        return self.start + 1


@dataclass
class EmbedProblem:
    """Something wrong in a journeymap block, at a line of it, with what to do."""

    line: int  # 1-based, in the Markdown given to parse_block's block
    message: str
    hint: Optional[str] = None

    def text(self, page: str, offset: int = 0) -> str:
        """The build-log line: 'page:line: journeymap block: message (hint)', the line moved by
        `offset` lines (where the block's Markdown starts in the page's file)."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{page}:{self.line + offset}: journeymap block: {self.message}{hint}"


@dataclass
class ChartRequest:
    """A valid block: what to draw."""

    journey: Journey
    chart: str
    persona: Optional[Persona] = None
    phase: Optional[Phase] = None
    touchpoint: Optional[Touchpoint] = None

    def make(self, maker: Any) -> Any:
        """The Chart (render/charts.py), or None when there is nothing to draw (no feedback yet)."""
        j = self.journey
        if self.chart == "curve":
            return maker.curve(j, self.persona)
        if self.chart == "heatmap":
            return maker.heatmap(j, self.phase)
        if self.chart == "gap":
            return maker.persona_gap(j, self.persona) if self.persona else maker.journey_gap(j)
        if self.chart == "trend":
            if self.touchpoint:
                return maker.trend(j, [self.touchpoint], self.touchpoint.id)
            if self.phase:
                return maker.phase_trend(j, self.phase)
            return maker.trend(j, list(j.touchpoints), "all")
        return None


def find_blocks(markdown: str, *, nested: bool = False) -> list[FencedBlock]:
    """Every top-level ```journeymap fence (with `nested`, also those indented in tabs, notes and
    lists); fences inside other (longer) fences are skipped. Bodies lose the fence's indentation."""
    lines = markdown.split("\n")
    blocks: list[FencedBlock] = []
    opening = _OPEN_NESTED if nested else _OPEN
    i = 0
    while i < len(lines):
        match = opening.match(lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        fence = match["fence"]
        words = match["info"].split()
        language = words[0].lstrip("{.").rstrip("}") if words else ""
        margin = r"[ \t]*" if nested else " {0,3}"
        close = re.compile(rf"^{margin}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if language == LANGUAGE:
            indent = match["indent"]
            body = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip(" ")
                             for line in lines[i + 1:j])
            blocks.append(FencedBlock(i + 1, min(j, len(lines) - 1) + 1, body, indent))
        i = j + 1
    return blocks


def block_for_source(blocks: list[FencedBlock], source: str, taken: set[int]) -> Optional[int]:
    """The index of the first block not yet `taken` whose body is `source` (as superfences hands it)."""
    wanted = source.strip("\n")
    return next((n for n, b in enumerate(blocks) if n not in taken and b.body.strip("\n") == wanted), None)


def replace_blocks(markdown: str) -> tuple[str, list[FencedBlock]]:
    """The Markdown with each block replaced by a raw-HTML placeholder (numbered in order)."""
    blocks = find_blocks(markdown)
    if not blocks:
        return markdown, []
    lines = markdown.split("\n")
    out: list[str] = []
    previous = 0
    for n, block in enumerate(blocks):
        out.extend(lines[previous:block.start - 1])
        out.extend(["", block.indent + PLACEHOLDER.format(n=n), ""])
        previous = block.end
    out.extend(lines[previous:])
    return "\n".join(out), blocks


def parse_block(block: FencedBlock, site: Site) -> tuple[Optional[ChartRequest], list[EmbedProblem]]:
    """Validate a block against the site. Problems name the line and, where there is one, the near miss."""
    def line_of(key: str) -> int:
        for k, text in enumerate(block.body.split("\n")):
            if re.match(rf"^\s*{re.escape(key)}\s*:", text):
                return block.body_line + k
        return block.start

    try:
        # the strict loader the journey files use: no aliases (an alias bomb in a page is refused
        # before it expands), a depth limit, YAML 1.2 scalars, a position for every problem
        data = parse_text(block.body, "block").data if block.body.strip() else None
    except SourceError as exc:
        problem = exc.problems[0]
        last = max(block.body_line, block.end - 1)  # the parser may point past the body, at its end
        line = min(block.body_line + (problem.location.line or 1) - 1, last)
        hint = problem.hint or "write one `key: value` per line"
        return None, [EmbedProblem(line, problem.message, hint)]
    if not isinstance(data, dict):
        return None, [EmbedProblem(block.start, "expected `key: value` lines such as `journey: webshop`",
                                   f"keys: {', '.join(KEYS)}")]
    problems: list[EmbedProblem] = []
    for key in data:
        if str(key) not in KEYS:
            problems.append(EmbedProblem(line_of(str(key)), f"unknown key '{key}'",
                                         did_you_mean(str(key), KEYS) or f"keys: {', '.join(KEYS)}"))
    values = {k: (None if data.get(k) is None else str(data.get(k)).strip()) for k in KEYS}

    chart = values["chart"] or "curve"
    if chart not in CHART_KINDS:
        problems.append(EmbedProblem(line_of("chart"), f"unknown chart '{chart}'",
                                     did_you_mean(chart, CHART_KINDS) or f"charts: {' | '.join(CHART_KINDS)}"))
    journey_ids = [j.id for j in site.journeys]
    if not values["journey"]:
        problems.append(EmbedProblem(block.start, "no journey given",
                                     f"add `journey: <id>`; journeys: {', '.join(journey_ids) or 'none'}"))
        return None, problems
    journey = next((j for j in site.journeys if j.id == values["journey"]), None)
    if journey is None:
        problems.append(EmbedProblem(line_of("journey"), f"unknown journey '{values['journey']}'",
                                     did_you_mean(values["journey"], journey_ids)
                                     or f"journeys: {', '.join(journey_ids) or 'none'}"))
        return None, problems

    def pick(key: str, items: list[Any], what: str) -> Any:
        wanted = values[key]
        if not wanted:
            return None
        found = next((x for x in items if x.id == wanted), None)
        if found is None:
            ids = [x.id for x in items]
            problems.append(EmbedProblem(line_of(key), f"unknown {what} '{wanted}' in journey '{journey.id}'",
                                         did_you_mean(wanted, ids) or f"{what}s: {', '.join(ids)}"))
        return found

    persona = pick("persona", journey.all_personas, "persona")
    phase = pick("phase", journey.phases, "phase")
    touchpoint = pick("touchpoint", journey.touchpoints, "touchpoint")
    if problems:
        return None, problems
    return ChartRequest(journey, chart, persona, phase, touchpoint), []


def problem_html(title: str, problems: list[EmbedProblem], page: str, offset: int = 0) -> str:
    """What the reader sees where a bad block was: the problem, so the author finds it in `mkdocs serve`."""
    items = "".join(f"<li>{escape(p.text(page, offset))}</li>" for p in problems)
    return (f'<div class="admonition warning jm-embed-problem"><p class="admonition-title">{escape(title)}</p>'
            f"<ul>{items}</ul></div>")
