"""Validated rows -> tallies per touchpoint x persona, per month, per channel and per product.

One GROUPING SETS query per file does all groupings in a single pass, in survey units, so
files add up and the cache can keep one file's result. `combine` then puts the files and
sources of a journey together on the journey scale (see metrics.py and Cell).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from ..model import FeedbackSource, Metric
from ..problems import Problem
from .cells import Cell, JourneyFeedback, MonthPoint, Quote
from .metrics import ScaleMap, Tally, metric_value, thresholds, top2box
from .redact import KINDS, Redactor

Key = tuple[str, "str | None"]
QUOTES_PER_CELL = 5


class Candidate(NamedTuple):
    """A comment that may become one of a cell's quotes: as written (redacted only once it is
    chosen, in `combine`: a thousand small files have nearly every row as a candidate)."""

    date: dt.date | None
    file: str
    line: int
    text: str
    persona: str | None


def _recency(candidate: Candidate) -> tuple[dt.date, str, int]:
    return candidate.date or dt.date.min, candidate.file, candidate.line


def newest_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Newest first (undated last; later lines first within a day), at most QUOTES_PER_CELL."""
    return heapq.nlargest(QUOTES_PER_CELL, candidates, key=_recency)


class Published:
    """Redacts the chosen candidates, each once however many cells show it, and counts per file
    the personal data it replaced: the counts are of what would otherwise have been published."""

    def __init__(self) -> None:
        self.texts: dict[tuple[str, int], str] = {}  # (file, line) -> redacted text
        self.by_file: dict[str, Counter[str]] = {}

    def __call__(self, candidates: list[Candidate]) -> list[Quote]:
        """The chosen candidates as Quotes: redacted, line breaks as '\n', cut to QUOTE_CHARS."""
        return [Quote(text=self._text(c), date=c.date, persona=c.persona, file=c.file, line=c.line) for c in candidates]

    def _text(self, c: Candidate) -> str:
        where = (c.file, c.line)
        if where not in self.texts:
            redactor = Redactor()
            self.texts[where] = redactor.redact(c.text).replace("\r\n", "\n").strip()
            self.by_file.setdefault(c.file, Counter()).update(redactor.counts)
        return self.texts[where]

    def counts(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        """(totals by kind, by file by kind), kinds in KINDS order; files with nothing left out."""
        totals: Counter[str] = Counter()
        by_file = {}
        for file, counts in self.by_file.items():
            if +counts:
                by_file[file] = {kind: counts[kind] for kind in KINDS if counts[kind]}
                totals.update(counts)
        return {kind: totals[kind] for kind in KINDS if totals[kind]}, by_file


@dataclass
class BatchTally:
    """Files read together (one DuckDB scan, see read.py), validated and tallied in survey units:
    what the cache keeps. Problems and notes are each file's own; the tallies and the candidate
    quotes are of all of them, so 5,000 small exports keep one set, not 5,000."""

    files: list[str]
    rows: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cells: dict[Key, Tally] = field(default_factory=dict)
    newest: dict[Key, dt.date] = field(default_factory=dict)
    months: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    channels: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    products: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    quotes: dict[Key, list[Candidate]] = field(default_factory=dict)
    comments: str | None = None  # the Parquet file of its comments, for themes.py


def grouping_query(prepared: str, metric: Metric, survey: tuple[float, float]) -> str:
    """The one query that tallies a batch of files at the finest grain; Python rolls it up.

    Accepted rows are grouped over all files of the scan (fi -1), skipped ones per file (fi,
    the file's index in the scan), whose lines are reported. `k` is the row's ordinal in the
    scan; read_groups' `locate` tells its file and the file's own ordinal.

    Measured at 1 M rows: GROUPING SETS with a quote aggregate over every set took 4 s, this
    plain GROUP BY with integer quote keys about 1 s. The fine groups number in the thousands
    (touchpoint x persona x month x channel x product x reason), so the roll-up costs nothing.
    The newest comments of each fine group come with their text (unredacted: read.py redacts the
    few that become quotes), so no further pass over the file is needed to fetch them; the first
    rows are kept only for the groups of skipped rows, the only ones whose lines are reported.
    """
    top, promoter, detractor = thresholds(metric, survey)
    ok = "reason IS NULL"
    # Channel and product are grouped as written and trimmed per group (several groups may then
    # share a label: read_groups adds them up), not per row.
    return f"""
    SELECT * REPLACE (nullif(trim(channel), '') AS channel, nullif(trim(product), '') AS product) FROM (
    SELECT CASE WHEN reason IS NULL THEN -1 ELSE fi END AS fi, tp, persona, month, channel, product, reason,
           count(*) AS n,
           sum(score) AS total,
           sum(score * score) AS squares,
           count(*) FILTER (WHERE score >= {top}) AS top2,
           count(*) FILTER (WHERE score >= {promoter}) AS promoters,
           count(*) FILTER (WHERE score <= {detractor}) AS detractors,
           max(day) AS newest,
           max_by({{'q': quote_key, 't': comment}}, quote_key, {QUOTES_PER_CELL}) FILTER (WHERE {ok} AND has_comment) AS quotes,
           min_by(k, k, 5) FILTER (WHERE NOT ({ok})) AS first,
           list(k) FILTER (WHERE nl > 0) AS nl_k,
           list(nl) FILTER (WHERE nl > 0) AS nl_n
    FROM ({prepared})
    GROUP BY ALL
    )
    """


BLANK_ROW = "blank-row"  # the reason of a row whose cells are all empty: not data, neither read nor skipped
QUOTE_DAY = 10_000_000_000  # quote_key = days since 1970 * QUOTE_DAY + ordinal; undated: days = -1e6


def decode_quote_key(key: int) -> tuple[int, dt.date | None]:
    """(ordinal, date) from a quote key."""
    days, ordinal = divmod(key, QUOTE_DAY)
    return ordinal, (None if days <= -1_000_000 else dt.date(1970, 1, 1) + dt.timedelta(days=days))


@dataclass
class FileGroups:
    """What the grouping query says of one file besides the tallies, by the file's own ordinals."""

    bad: dict[str, int] = field(default_factory=dict)
    first_bad: list[tuple[int, str]] = field(default_factory=list)  # (ordinal, reason), first few
    first_of: dict[str, int] = field(default_factory=dict)  # reason -> ordinal of its first row
    multiline: list[tuple[int, int]] = field(default_factory=list)  # (ordinal, newlines inside) of every such row
    blank: int = 0  # rows whose cells are all empty


@dataclass
class Groups:
    """The grouping query's rows besides the tallies: per file its bad rows, and the newest few
    comments of each cell over the batch (by their ordinal in the scan)."""

    files: dict[int, FileGroups] = field(default_factory=dict)
    quotes: dict[Key, list[tuple[int, int, str | None]]] = field(default_factory=dict)  # key -> (quote key, ordinal, persona)
    texts: dict[int, str] = field(default_factory=dict)  # ordinal -> comment (unredacted) of every row in quotes

    def of(self, index: int) -> FileGroups:
        """The FileGroups of the file at `index` in the scan, made empty on first use."""
        found = self.files.get(index)  # not setdefault: it made a FileGroups per row with a line break
        if found is None:
            self.files[index] = found = FileGroups()
        return found


SKIPPED_FILE = "file-failed"  # the reason of every row of a file that failed before pass 2: counted nowhere


def read_groups(rows: list[tuple[Any, ...]], tally: BatchTally, locate: Callable[[int], tuple[int, int]]) -> Groups:
    """Roll the fine groups up into the BatchTally: cells, months, channels, products.

    `locate`: an ordinal of the scan -> (file index, the file's own ordinal).
    """
    groups = Groups()
    candidates: dict[Key, list[tuple[int, str | None]]] = {}  # key -> (quote key, persona) of every candidate
    texts: dict[int, str] = {}  # quote key -> comment
    for fi, tp, persona, month, channel, product, reason, n, total, squares, top2, prom, detr, newest, quotes, first, nl_k, nl_n in rows:
        if reason == SKIPPED_FILE:
            continue
        for k, lines in zip(nl_k or (), nl_n or ()):
            index, own = locate(k)
            groups.of(index).multiline.append((own, lines))
        if reason == BLANK_ROW:
            groups.of(fi).blank += n
            continue
        if reason is not None:
            found_bad = groups.of(fi)
            own_first = [locate(k)[1] for k in first]
            found_bad.bad[reason] = found_bad.bad.get(reason, 0) + n
            found_bad.first_bad += [(k, reason) for k in own_first]
            found_bad.first_of[reason] = min(own_first + [found_bad.first_of.get(reason, min(own_first))])
            continue
        part = Tally(n, float(total), top2, prom, detr, float(squares))
        if quotes:
            found = [(quote["q"], persona) for quote in quotes]
            texts.update((quote["q"], quote["t"]) for quote in quotes)
        for who in (None, persona) if persona is not None else (None,):
            key = (tp, who)
            _add(tally.cells, key, part)
            if newest is not None and (key not in tally.newest or newest > tally.newest[key]):
                tally.newest[key] = newest
            for tallies, label in ((tally.months, month), (tally.channels, channel), (tally.products, product)):
                if label is not None:
                    _add(tallies, (tp, who, label), part)
            if quotes:
                candidates.setdefault(key, []).extend(found)
    for found_bad in groups.files.values():
        found_bad.first_bad = sorted(found_bad.first_bad)[:5]
    for key, found in candidates.items():
        kept = heapq.nlargest(QUOTES_PER_CELL, found)
        groups.quotes[key] = [(q, q % QUOTE_DAY, persona) for q, persona in kept]  # q % QUOTE_DAY: its ordinal
        groups.texts.update((q % QUOTE_DAY, texts[q]) for q, _ in kept)
    return groups


def _add(tallies: dict[Any, Tally], key: Any, part: Tally) -> None:
    """Add `part` to the tally under `key` (no Tally made for a key already there: the roll-up
    adds thousands of groups, each to eight tallies)."""
    found = tallies.get(key)
    if found is None:
        tallies[key] = found = Tally()
    found.add(part)


@dataclass
class SourceTally:
    """All files of one source added up, still in survey units."""

    source: FeedbackSource
    cells: dict[Key, Tally] = field(default_factory=dict)
    newest: dict[Key, dt.date] = field(default_factory=dict)
    months: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    channels: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    products: dict[tuple[str, str | None, str], Tally] = field(default_factory=dict)
    quotes: dict[Key, list[Candidate]] = field(default_factory=dict)

    def add(self, part: BatchTally) -> None:
        """Add one batch's tallies (cells, months, channels, products), newest dates and quote
        candidates to this source's."""
        # keyed by a cell's Key, or by (touchpoint, persona, month or label)
        pairs: tuple[tuple[dict[Any, Tally], dict[Any, Tally]], ...] = (
            (self.cells, part.cells),
            (self.months, part.months),
            (self.channels, part.channels),
            (self.products, part.products),
        )
        for own, theirs in pairs:
            for key, value in theirs.items():
                own.setdefault(key, Tally()).add(value)
        for key, day in part.newest.items():
            if key not in self.newest or day > self.newest[key]:
                self.newest[key] = day
        for key, found in part.quotes.items():
            self.quotes[key] = newest_candidates(self.quotes.get(key, []) + found)


def combine(sources: list[SourceTally], journey_scale: tuple[float, float], feedback: JourneyFeedback) -> None:
    """Put every source's tallies on the journey scale and build the Cells."""
    maps = [
        ScaleMap(s.source.survey_scale, journey_scale, reverse=not s.source.higher_is_better) for s in sources
    ]
    keys = sorted({key for s in sources for key in s.cells}, key=lambda k: (k[0], k[1] or ""))
    published = Published()
    months, channels, products = ([_by_cell(getattr(s, name)) for s in sources] for name in ("months", "channels", "products"))
    for key in keys:
        parts = [(s, m, s.cells[key]) for s, m in zip(sources, maps) if key in s.cells]
        count = sum(t.n for _, _, t in parts)
        mapped = sum(m.total(t.total, t.n) for _, m, t in parts)
        squares = sum(m.squares(t.total, t.squares, t.n) for _, m, t in parts)
        lead = max(parts, key=lambda p: p[2].n)[0].source  # max keeps the first on a tie
        metric = lead.metric
        alike = Tally()  # the metric's own figures: every source that asks it on the lead's scale
        for s, _, t in parts:
            if _alike(s.source, lead):
                alike.add(t)
        newest = max((s.newest[key] for s, _, _ in parts if key in s.newest), default=None)
        cell = Cell(
            count=count,
            mean=mapped / count,
            squares=squares,
            higher_is_better=lead.higher_is_better,
            metric=metric,
            metric_value=metric_value(metric, alike),
            top2box=top2box(metric, alike),
            newest=newest,
            monthly=_months([s.source for s in sources], maps, [m.get(key, []) for m in months], lead),
            quotes=published(newest_candidates([q for s, _, _ in parts for q in s.quotes.get(key, [])])),
            channels=_breakdown(maps, [c.get(key, []) for c in channels]),
            products=_breakdown(maps, [p.get(key, []) for p in products]),
        )
        feedback.cells[key] = cell
    feedback.redactions, feedback.redactions_by_file = published.counts()
    feedback.total_responses = sum(c.count for (tp, who), c in feedback.cells.items() if who is None)
    feedback.newest = max((c.newest for c in feedback.cells.values() if c.newest), default=None)


def _alike(source: FeedbackSource, lead: FeedbackSource) -> bool:
    """Whether `source`'s answers count in a cell's metric figures (NPS, CSAT and its top-two-box
    share, CES) beside those of `lead`, the source with the most answers in it: the same metric on
    the same survey scale, so their answers are in one unit. Every source counts in the mean."""
    return source.metric is lead.metric and source.survey_scale == lead.survey_scale


def _by_cell(tallies: dict[tuple[str, str | None, str], Tally]) -> dict[Key, list[tuple[str, Tally]]]:
    """(touchpoint, persona, label) -> Tally as touchpoint x persona -> [(label, Tally)], in the
    order of `tallies` (so sums add in the same order as a walk over all of them would)."""
    found: dict[Key, list[tuple[str, Tally]]] = {}
    for (tp, who, label), t in tallies.items():
        found.setdefault((tp, who), []).append((label, t))
    return found


def _breakdown(maps: list[ScaleMap], per_source: list[list[tuple[str, Tally]]]) -> dict[str, tuple[int, float]]:
    """A cell per channel or product, (count, mean on the journey scale), from each source's
    (label, Tally) of that cell."""
    sums: dict[str, list[float]] = {}
    for scale, labelled in zip(maps, per_source):
        for label, t in labelled:
            entry = sums.setdefault(label, [0, 0.0])
            entry[0] += t.n
            entry[1] += scale.total(t.total, t.n)
    return {label: (int(n), total / n) for label, (n, total) in sorted(sums.items())}


def _months(sources: list[FeedbackSource], maps: list[ScaleMap], per_source: list[list[tuple[str, Tally]]],
            lead: FeedbackSource) -> list[MonthPoint]:
    """The cell per month, from each source's (month, Tally) of the cell: every source on the
    journey scale (count, sum, sum of squares), plus the survey-unit tally of the sources alike to
    `lead` (_alike), so a window of months has its own NPS, shares and spread."""
    mapped: dict[str, list[float]] = {}
    tallies: dict[str, Tally] = {}
    for source, scale, monthly in zip(sources, maps, per_source):
        for month, t in monthly:
            entry = mapped.setdefault(month, [0, 0.0, 0.0])
            entry[0] += t.n
            entry[1] += scale.total(t.total, t.n)
            entry[2] += scale.squares(t.total, t.squares, t.n)
            if _alike(source, lead):
                tallies.setdefault(month, Tally()).add(t)
    return [
        MonthPoint(month, int(n), total / n, tallies.get(month), squares)
        for month, (n, total, squares) in sorted(mapped.items())
    ]
