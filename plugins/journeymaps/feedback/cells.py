"""What the feedback step hands to analysis and rendering: one Cell per touchpoint x persona.

Small groups are not hidden here. Whether a cell below `min_responses` shows its score and
quotes is the analysis step's decision (and the renderer's, for quotes): this step gives every
count and up to five redacted quotes per cell, so that decision can be made and explained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Metric
from .metrics import Tally
from ..problems import Problem

if TYPE_CHECKING:
    from .themes import JourneyThemes

QUOTE_CHARS = 500
"""The longest quote shown (about 80 words): a longer comment is cut after its last whole word."""


def shorten(text: str, chars: int) -> str:
    """At most `chars` characters: cut after the last whole word that fits (a word longer than
    half of it is cut inside), with '…' to say so. Cut after redaction, never before: a cut
    through an e-mail address would leave a part no rule recognises."""
    if len(text) <= chars:
        return text
    head = text[:chars]  # the '…' takes the place of the space (or character) after it
    cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    head = head[:cut] if cut >= chars // 2 else head[: chars - 1]
    return head.rstrip(" \t\r\n.,;:-") + "…"


@dataclass(frozen=True)
class Quote:
    """A respondent's comment: already redacted, plain text (the renderer escapes it), at most
    QUOTE_CHARS characters long (a 10 MB comment is no quote for every page and the search index)."""

    text: str
    date: dt.date | None
    persona: str | None
    file: str
    line: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", shorten(self.text, QUOTE_CHARS))


@dataclass(frozen=True)
class MonthPoint:
    """One calendar month of a cell: every source on the journey scale (count, mean), and the
    answers of the sources that measure the cell's metric in survey units (`tally`), from which
    the metric's own figure over any run of months is computed (NPS and shares add as counts)."""

    month: str  # 'YYYY-MM'
    count: int
    mean: float  # on the journey scale
    tally: Tally | None = None
    squares: float = 0.0  # sum of the squared answers on the journey scale


@dataclass
class Cell:
    """The measured state of one touchpoint for one persona (persona None: everyone together).

    `mean` is on the journey scale (higher is better, always); `metric_value` is the metric's own
    figure (see metrics.py). When several sources feed one touchpoint, count, mean, monthly,
    channels and products combine all of them on the journey scale, while metric, metric_value
    and top2box come from the source with the most responses in this cell (the first on a tie),
    because NPS and CSAT figures cannot be averaged into each other.
    """

    count: int
    mean: float
    metric: Metric
    metric_value: float
    squares: float = 0.0  # sum of the squared answers on the journey scale, for the spread
    higher_is_better: bool = True  # the direction of metric_value (CES asked as "how much effort": False)
    top2box: float | None = None
    newest: dt.date | None = None
    monthly: list[MonthPoint] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    channels: dict[str, tuple[int, float]] = field(default_factory=dict)
    products: dict[str, tuple[int, float]] = field(default_factory=dict)


@dataclass
class JourneyFeedback:
    """All feedback of one journey, aggregated, with what went wrong reading it."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cells: dict[tuple[str, str | None], Cell] = field(default_factory=dict)
    total_responses: int = 0
    newest: dt.date | None = None
    rows_skipped: int = 0
    redactions: dict[str, int] = field(default_factory=dict)
    """Personal data replaced in the quotes shown, per kind (EMAIL, PHONE, IBAN, POSTCODE, BSN), over
    all files; each quote once. Comments that are not quoted are not redacted, so not counted."""
    redactions_by_file: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Things worth a log line but not a warning, such as 'read as cp1252'."""
    themes: "JourneyThemes | None" = None
    """What the comments talk about per touchpoint (themes.py); None before it is found."""

    def cell(self, touchpoint_id: str, persona_id: str | None = None) -> Cell | None:
        """The touchpoint's Cell for one persona, or for everyone with `persona_id` None; None
        where no response was read."""
        return self.cells.get((touchpoint_id, persona_id))
