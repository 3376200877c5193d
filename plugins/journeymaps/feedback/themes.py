"""Comment themes per touchpoint: found on a sample, counted over every comment.

    themes = JourneyThemes.find(sources, cache)   # after the files are read (journey.py)
    themes.of("bezorging", None)                   # [Theme(label='levering · dag · laat', mentions=...), ...]

Three steps, so the costly part (NMF) sees a sample and only one scan sees every comment
(benchmarks/feedback_bench.py --themes prints the added time: at 1 M comments 2.3 s against 0.9 s
of reading, where issue 17 asks for no more than reading; see the figures below):

1. While a batch of files is read (read.py calls `keep`), its accepted comments go to a Parquet
   file beside the feedback cache: touchpoint, persona, month, whether the score is low or high
   (bottom or top two points of the scale, the bad end first where lower is better; NPS:
   detractors 0-6, promoters 9-10), and the comment as written. One parallel DuckDB scan.
2. A deterministic sample per touchpoint (the SAMPLE comments with the smallest DuckDB hash of
   the row: the same rows every build) is redacted (redact.py), lemmatised and stop-worded, and
   TF-IDF + NMF finds its themes (theme_terms.py). Only redacted text reaches a theme.
3. One DuckDB query counts, over every stored comment, those that contain a written form of a
   theme's terms (a whole word of lower(comment)), per touchpoint, persona, month and low/high.

Results are kept in the FeedbackCache under the Parquet files they come from: a rebuild whose
files did not change reuses them. Example quotes come from the redacted sample.

Measured at 1 M comments (benchmarks/feedback_bench.py --themes, 2 CPUs): keep 0.36 s (0.63 s
of CPU; its COPY need not keep the rows' order), sample 0.06 s, count 0.46 s (0.9 s of CPU), the
rest NMF, redaction and the first import of scikit-learn and simplemma's dictionaries (1.1 s of
CPU, 170 MiB: they load when themes are first found, after the files are read, not in a thread
beside the read, where they raised the peak at 5 M rows from 324 to 538 MiB, over issue 15's
400, and saved no time on 2 busy CPUs).
A build with themes is CPU-bound (4.6 s of CPU in 2.5 s on 2 CPUs), so keep on a cursor of its
own in a thread beside pass 2 (serial) was no faster (2.68 s against 2.65), nor was NMF of two
touchpoints at once in threads; only less work pays.
Of the count, the regex is 0.58 s of CPU and lower() 0.06 s; matching with (?i) instead of
lower(), list_distinct before the lookup, splitting into words, or list_has_any per slot were no
faster (list_has_any: 1.7 s); looking the forms up in a list, not a MAP, took 10% off.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ..model import FeedbackSource, Metric
from .cells import QUOTE_CHARS
from .redact import Redactor
from .theme_sql import count_sql, keep_sql, sample_sql
from .theme_terms import MIN_COMMENTS, ThemeTerms, find_themes, mentioning, words

if TYPE_CHECKING:
    import duckdb

SAMPLE = 1000  # comments per touchpoint the themes are found on
QUOTES_PER_THEME = 3
MIN_PERSONA_COMMENTS = 30  # a persona's own counts are shown from this many comments at a touchpoint


@dataclass(frozen=True)
class ThemeQuote:
    """An example comment of a theme, redacted, with its score's band: 'low' or 'high' as in
    Theme (bottom or top two points of the scale; NPS detractors or promoters), None between."""

    text: str
    band: str | None = None


@dataclass(frozen=True)
class Theme:
    """One theme at a touchpoint (for one persona or all): how many comments mention it.

    `mentions` of `comments`; `low_mentions` of `low_comments` (comments with a low score: the
    bottom two points of the survey scale, the bad end where lower is better, NPS detractors),
    `high_mentions` of `high_comments` likewise at the top; `months` ('YYYY-MM', mentions) in
    order, every calendar month from the first to the last with comments (0 where none mentions it,
    or where the touchpoint had no comments at all), undated comments in no month; `quotes` up to QUOTES_PER_THEME redacted
    comments that mention it (ThemeQuote: the text and whether its score was low or high);
    `language` 'nl' or 'en' when its comments are in that language."""

    label: str
    terms: tuple[str, ...]
    forms: tuple[str, ...]
    mentions: int
    comments: int
    low_mentions: int
    low_comments: int
    high_mentions: int
    high_comments: int
    months: tuple[tuple[str, int], ...]
    quotes: tuple[ThemeQuote, ...]
    language: str | None = None  # 'nl' or 'en' when the comments that mention it are (theme_terms.py)

    @property
    def share(self) -> float:
        """Mentions per comment, 0..1."""
        return self.mentions / self.comments if self.comments else 0.0

    @property
    def low_share(self) -> float | None:
        """Share of low-score comments that mention it, 0..1; None without low scores."""
        return self.low_mentions / self.low_comments if self.low_comments else None

    @property
    def high_share(self) -> float | None:
        """Share of high-score comments that mention it, 0..1; None without high scores."""
        return self.high_mentions / self.high_comments if self.high_comments else None


Key = tuple[str, "str | None"]


class CommentStore:
    """A folder of Parquet files, one per batch of files read, that lives as long as its owner
    (the FeedbackCache); `forget` removes the files no batch refers to any more."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="journeymaps-comments-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.folder), True)
        self._seq = 0
        self._lock = threading.Lock()

    def new_path(self) -> Path:
        """A fresh file name in the folder."""
        with self._lock:
            self._seq += 1
            return self.folder / f"batch-{self._seq}.parquet"

    def forget(self, keep: set[str]) -> None:
        """Delete the stored files not in `keep` (paths as strings)."""
        for path in self.folder.glob("*.parquet"):
            if str(path) not in keep:
                path.unlink(missing_ok=True)


def bands(source: FeedbackSource) -> tuple[str, str]:
    """SQL conditions on `score` (survey units) for a low and a high score of this source."""
    low, high = source.survey_scale
    if source.metric is Metric.NPS:
        bad, good = f"score <= {high - 4:g}", f"score >= {high - 1:g}"
    else:
        bad, good = f"score <= {low + 1:g}", f"score >= {high - 1:g}"
    return (good, bad) if not source.higher_is_better else (bad, good)


def keep(con: "duckdb.DuckDBPyConnection", rows_sql: Callable[[], str], source: FeedbackSource,
         store: CommentStore | None, has_comment: bool) -> str | None:
    """Write a batch's accepted comments to the store (read.py, once per batch); the file's path,
    or None when themes are off, there is no comment column or no store. `rows_sql` gives pass 2's
    rows (tp, persona, month, score, has_comment, comment, reason) without row numbers."""
    if store is None or source.themes.off or not has_comment:
        return None
    path = store.new_path()
    low, high = bands(source)
    # No query of the store depends on its rows' order (the sample is by hash, the counts are
    # sums), and DuckDB's order-keeping COPY held rows in memory until it could write them in turn.
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(keep_sql(rows_sql(), low, high, str(path)))
    finally:
        con.execute("RESET preserve_insertion_order")
    return str(path)


@dataclass
class _Found:
    terms: list[ThemeTerms]
    quotes: list[list[ThemeQuote]]
    sampled: int


@dataclass
class JourneyThemes:
    """The themes of a journey, per (touchpoint, persona or None): what render shows."""

    by_key: dict[Key, list[Theme]] = field(default_factory=dict)
    sampled: int = 0  # comments redacted and lemmatised (the sample), for tests and logs
    counted: int = 0  # comments counted

    def of(self, touchpoint: str, persona: str | None = None) -> list[Theme]:
        """The themes of a touchpoint (persona None: every comment), most mentioned first; []
        when it has too few comments."""
        return self.by_key.get((touchpoint, persona), [])

    @classmethod
    def find(cls, files: Sequence[str], sources: Sequence[FeedbackSource],
             cache: dict[tuple[tuple[str, ...], str, tuple[str, ...]], "JourneyThemes"] | None = None,
             ) -> "JourneyThemes":
        """Themes over the stored comment files of a journey's sources (their themes settings:
        the language when they agree, else auto; the extra stop words of all). Cached under the
        files and the settings: files are new whenever a batch is read again."""
        on = [s for s in sources if not s.themes.off]
        if not files or not on:
            return cls()
        languages = {s.themes.language for s in on}
        language = languages.pop() if len(languages) == 1 else "auto"
        extra = tuple(sorted({w.lower() for s in on for w in s.themes.stop_words}))
        key = (tuple(sorted(files)), language, extra)
        if cache is not None and key in cache:
            return cache[key]
        import duckdb

        con = duckdb.connect()
        try:
            con.execute("SET enable_progress_bar = false")
            found = _themes_of_sample(con, list(key[0]), language, extra)
            result = _count(con, list(key[0]), found)
        finally:
            con.close()
        result.sampled = sum(f.sampled for f in found.values())
        if cache is not None:
            cache[key] = result
        return result


def _themes_of_sample(con: "duckdb.DuckDBPyConnection", files: list[str], language: str,
                      extra: tuple[str, ...]) -> dict[str, _Found]:
    """Per touchpoint: the sample, redacted; its themes; per theme the quotes that mention it."""
    found: dict[str, _Found] = {}
    for tp, sampled in con.execute(sample_sql(files, SAMPLE)).fetchall():
        redactor = Redactor()
        texts = [redactor.redact(row["comment"]).replace("\r\n", "\n").strip() for row in sampled]
        band_of = ["low" if row["low"] else "high" if row["high"] else None for row in sampled]
        terms = find_themes(texts, language, extra)
        tokens = [set(words(t)) for t in texts]
        quotes: list[list[ThemeQuote]] = []
        used: set[str] = set()  # a comment is an example of one theme only, the strongest it mentions
        for theme in terms:
            chosen: list[ThemeQuote] = []
            for i in mentioning(theme, tokens):
                if texts[i] not in used and len(texts[i]) <= QUOTE_CHARS:
                    chosen.append(ThemeQuote(texts[i], band_of[i]))
                    used.add(texts[i])
                    if len(chosen) == QUOTES_PER_THEME:
                        break
            quotes.append(chosen)
        found[tp] = _Found(terms, quotes, len(texts))
    return found


def _count(con: "duckdb.DuckDBPyConnection", files: list[str], found: dict[str, _Found]) -> JourneyThemes:
    """Every stored comment: per (touchpoint, persona, month, low, high) the comments and the
    mentions of each theme of its touchpoint; rolled up per touchpoint and per persona."""
    patterns = {tp: [f.forms for f in entry.terms] for tp, entry in found.items() if entry.terms}
    result = JourneyThemes()
    if not patterns:
        return result
    slots = max(len(p) for p in patterns.values())
    # per key: [comments, low, high, per slot [mentions, low, high, {month: mentions}]]
    totals: dict[Key, list[Any]] = {}
    for tp, persona, month, low, high, n, *mentions in con.execute(count_sql(files, patterns, slots)).fetchall():
        result.counted += n
        for key in ((tp, None), (tp, persona)) if persona is not None else ((tp, None),):
            entry = totals.setdefault(key, [0, 0, 0, [[0, 0, 0, {}] for _ in range(slots)]])
            entry[0] += n
            entry[1] += n if low else 0
            entry[2] += n if high else 0
            for slot, m in enumerate(mentions):
                counts = entry[3][slot]
                counts[0] += m
                counts[1] += m if low else 0
                counts[2] += m if high else 0
                if month is not None:  # every month with comments, so a trend shows its zeros
                    counts[3][month] = counts[3].get(month, 0) + m
    for (tp, persona), (n, low_n, high_n, slots_of) in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if persona is not None and n < MIN_PERSONA_COMMENTS:
            continue
        of_tp = found[tp]
        themes = [
            Theme(t.label, t.terms, t.forms, m, n, lm, low_n, hm, high_n, _every_month(months),
                  tuple(of_tp.quotes[slot]), t.language)
            for slot, (t, (m, lm, hm, months)) in enumerate(zip(of_tp.terms, slots_of))
            if m
        ]
        themes.sort(key=lambda t: (-t.mentions, t.label))
        if themes and n >= MIN_COMMENTS:
            result.by_key[(tp, persona)] = themes
    return result


def _every_month(months: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """('YYYY-MM', mentions) for every calendar month from the first to the last of `months`, 0 for
    a month it lacks: a trend has no silent gaps (a month without comments is a month, too)."""
    if not months:
        return ()
    year, month = int(min(months)[:4]), int(min(months)[5:7])
    last = max(months)
    found = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        found.append((key, months.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(found)
