"""CSV exports -> validated, tallied rows; every skipped row named by file:line and reason.

The engine is DuckDB (a bare GROUP BY reads 5 M rows/s in flat memory; benchmarks/feedback_bench.py
prints it beside this reader), but never its
sniffer: the dialect is settled first (dialect.py), the text transcoded to UTF-8 (raw.py), and
DuckDB reads with an explicit delimiter, every column as text, strict quoting and a reject
table. So a row with the wrong field count is a counted reject with its line, and a quote that
is never closed stops the file instead of eating the rest of it. Scores, dates and labels are
then checked in SQL, so a bad value is a skipped row with a reason, not a failed file.

Files of one layout are read together, up to BATCH_BYTES per batch: one scan of them all,
`file_index` telling their rows apart. Per file stay its decimal mark, date formats, rejects,
line numbers and problems; the tallies and candidate quotes are the batch's.
5,000 exports of 200 rows took 138 s of CPU and 4.8 GB read one by one, 11 s and 334 MiB in
batches (benchmarks/feedback_bench.py --files 5000).

Two passes over a batch. Pass 1 (parallel) collects per file the distinct labels, scores and
dates, the row count and the rejects. Pass 2 (serial over CSV text: it numbers the rows, WITH
ORDINALITY) tallies every group and keeps the newest comments with their text. No comment is
looked for personal data here: only the quotes chosen are redacted and counted
(aggregate.Published). At 1 M rows (benchmarks/feedback_bench.py) pass 1 takes about 0.3 s of
CPU and pass 2 0.55 s, of which the serial scan itself is 0.25 s; the hash, taken in a thread
beside the read (cache.py), 0.06 s, and the UTF-8 check and line count 0.05 s. So ingestion is
about 4x the bare GROUPING SETS query (0.87 s against 0.20 s on 2 CPUs; issue 15 asks for 2x).
The floor of this design: the serial scan that numbers the rows costs as much as the whole bare
query (0.20 s), and pass 1 must have read every label, score and date before it (0.17 s), so the
two are 1.85x before pass 2 joins or groups a row (0.28 s more, serial) and before the Python
around them (0.2 s). 2x needs one parallel scan, which needs row positions without WITH
ORDINALITY (for the quotes, ordered by line within a day, the skipped rows and all their lines)
and the lookup tables without a first pass; DuckDB 2.0's read_csv gives neither (no
file_row_number, no rowid: "not supported by this reader"). And one scan would not be enough:
pass 2 run in parallel without row numbers (every row joined to the lookup tables and given its
reason, grouped, counted and summed; no quotes, no lines) took 0.30 s against the bare query's
0.18 s in the same run (1.65x), before a first pass, DuckDB's import (0.04 s) or the UTF-8 check
(0.05 s): on 2 CPUs, 2x is out of reach while every row is checked and every skipped row has its line.

A batch of at most BATCH_BYTES (hundreds of small exports, or one of up to 4 MiB) is scanned
once, in parallel, to a Parquet file in its order (_scans), and pass 1, pass 2 (its ordinal the
row's file_row_number, in parallel), the line-break counts and themes.keep read that: DuckDB's
CSV scan of many files costs per file, and every pass paid it. Themes off: 100,000 rows in 500
exports 0.91 -> 0.71 s (0.99 -> 0.80 s of CPU, peak 157 -> 176 MiB), 1 M rows in 5,000 exports
8.4 -> 6.5 s (9.5 -> 7.5 s of CPU, 309 -> 326 MiB); themes on, 500 exports 2.49 -> 2.19 s.
A larger file is a batch of its own, scanned by each pass as above: see below for why.

Tried for issue 15 and left out (measured at 1 M rows): pass 1 as histogram() or list(DISTINCT)
aggregates instead of GROUPING SETS (no faster: pass 1 costs what its scan costs); two
aggregates instead of the struct in max_by (no faster); row numbers without WITH ORDINALITY
(read_csv has no file_row_number, and row_number() OVER () keeps every row, comments included).
Pass 2 of a large file in two parts at once, on two cursors (branch ingest-split-experiment):
outputs identical where sums do not depend on their order (scores a multiple of 1/16; a mean of
3.3s changed in its last bits otherwise), but 30% more CPU (1.29 -> 1.67 s: the second part
numbers the rows before its own), 60 MiB more at 5 M rows (315 -> 374), and slower on a busy
machine (3.4 -> 4.2 s at load 6); DuckDB's `skip`, to spare the second part those rows, held
them in memory (526 MiB at 5 M rows) and lost its place after a blank line or a `"x"y` row.
The Parquet file for a large file too (branch ingest-parquet-experiment): outputs
byte-identical (benchmarks/ingest_outputs.py), pass 1 0.18 -> 0.05 s and pass 2 0.57 -> 0.22 s,
but the COPY itself takes 0.39 s (0.65 s of CPU: writing Parquet costs twice what parsing the
CSV does), so 0.91 -> 0.80 s at 1 M rows for 1.12 -> 1.28 s of CPU. And DuckDB's order-keeping
COPY holds in memory the rows it cannot write yet (the writer is slower than the reader): peak
462 MiB at 1 M rows (252 now), 905 MiB at 5 M (319). With memory_limit 200MB around the COPY
the peak was 325 MiB, but 0.94 s at 1 M rows and 4.98 s at 5 M (3.88 s now). Uncompressed,
snappy, lz4 and zstd, smaller row groups and no dictionaries all wrote within 10% of each
other; a DuckDB table instead of Parquet keeps every row in memory (rowid is in order too).

Messages name file, line and column, never a comment's text: comments carry personal data.
The labels, column names and header cells they do quote are redacted as comments are.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from ..model import FeedbackSource
from ..problems import Location, Problem, Severity
from .aggregate import (BLANK_ROW, QUOTE_DAY, SKIPPED_FILE, BatchTally, Candidate, FileGroups, decode_quote_key,
                        grouping_query, read_groups)
from .dialect import choose_date_formats, choose_decimal, date_evidence, number_evidence, parse_date
from .errors import FileError
from .header import Header, header_copy, map_columns, read_header
from .labels import LabelMap
from .labels import shown as file_text
from .lines import LineMap, Reject, count_with_csv
from .raw import RawFile, inspect, lf_endings
from .scores import ScoreParser
from .skipped import MESSAGE_CHARS, describe, label_hint, no_rows, score_hint, skipped_problem
from . import sql
from . import themes
from .themes import CommentStore

if TYPE_CHECKING:  # imported where a file is read: a site without survey exports never loads DuckDB (50 ms)
    import duckdb

BATCH_BYTES = 4 << 20  # files read in one scan, at most (see _batches)


@dataclass
class Context:
    """What a file is read against: its source's settings and the journey's ids."""

    source: FeedbackSource
    touchpoints: LabelMap
    personas: LabelMap
    comments: CommentStore | None = None  # where themes.keep writes each batch's comments

    @classmethod
    def build(cls, source: FeedbackSource, touchpoint_ids: list[str], persona_ids: list[str]) -> "Context":
        """The context of `source` in a journey with these touchpoint and persona ids (in the
        journey's order), its label maps resolving the texts a file writes to those ids."""
        return cls(source, LabelMap(touchpoint_ids, source.touchpoints), LabelMap(persona_ids, source.personas))

    @property
    def key(self) -> str:
        """Everything besides the bytes that changes what a file yields: the cache key's other half."""
        return json.dumps(
            [self.source.model_dump(mode="json"), sorted(self.touchpoints.ids), sorted(self.personas.ids)],
            sort_keys=True,
        )


_FIELDS = ("tp_raw", "persona_raw", "s", "d")  # what pass 1 collects the distinct values of


@dataclass
class _Export:
    """One file of a batch: what is known of it before and after pass 1, and what it says."""

    index: int  # DuckDB's file_index in the batch's scan
    display: str
    raw: RawFile
    header: Header
    columns: dict[str, int]
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, dict[str, int]] = field(default_factory=lambda: {name: {} for name in _FIELDS})  # trimmed -> rows
    written: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in _FIELDS[:3]})  # as written -> trimmed
    accepted: int = 0
    offset: int = 0  # rows of the files before it in the scan: its ordinals there start at offset + 1
    rejects: list[Reject] = field(default_factory=list)
    decimal: str = "."
    date_formats: list[str] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    failed: bool = False

    def spare_lines(self) -> int:
        """Physical lines no row starts: line breaks inside accepted rows, and blank lines between
        rows (known once pass 1 has counted the rows and the rejects)."""
        linemap = LineMap(self.header.lines, self.header.skip, self.rejects, lambda ordinals: {})
        return self.raw.lines - self.raw.trailing_blank - linemap.expected_lines(self.accepted, 0)

    def line_map(self, multiline: list[tuple[int, int]]) -> LineMap:
        """Rows -> lines; `multiline` is every accepted row with newlines inside, by its own ordinal."""
        linemap = LineMap(self.header.lines, self.header.skip, self.rejects, lambda ordinals: {})
        if self.raw.lines - self.raw.trailing_blank == linemap.expected_lines(self.accepted, 0):
            return linemap
        multiline = sorted(multiline)
        ks = [k for k, _ in multiline]
        sums = [0]
        for _, count in multiline:
            sums.append(sums[-1] + count)
        linemap.newlines_before = lambda ordinals: {o: sums[bisect.bisect_left(ks, o)] for o in ordinals}
        if self.raw.lines - self.raw.trailing_blank != linemap.expected_lines(self.accepted, sums[-1]):
            return _csv_counted(linemap, self.raw.path, self.header, len(self.header.names))  # blank lines between rows
        return linemap

    def fail(self, exc: FileError) -> None:
        """A file-level failure: one error Problem, and nothing of the file counts."""
        self.failed = True
        self.rows = self.skipped = 0
        self.problems = [_file_error(self.display, exc)]

    def reset(self) -> None:
        """Forget what a failed batch read, to read the file again alone."""
        self.problems = []
        self.values = {name: {} for name in _FIELDS}
        self.written = {name: {} for name in _FIELDS[:3]}
        self.rejects = []
        self.accepted = self.offset = self.rows = self.skipped = 0
        self.failed = False


def _file_error(display: str, exc: FileError) -> Problem:
    return Problem(Location(display, exc.line, exc.column), exc.message, exc.hint, Severity.ERROR, "feedback-file")


def read_exports(con: duckdb.DuckDBPyConnection, files: list[tuple[Path, str]], ctx: Context, workdir: Path,
                 seq: int) -> list[BatchTally]:
    """Read the files of one source, (path, path shown in messages) -> BatchTallies covering them.

    Files that share a layout (delimiter, header rows, columns) go through DuckDB together, up
    to BATCH_BYTES per scan, so 5,000 small exports cost a few dozen scans, not 10,000, and
    keep one set of tallies per batch. A file-level failure is an error Problem of that file
    and none of its rows, never an exception; the other files still count.
    """
    exports: list[_Export] = []
    tallies: list[BatchTally] = []
    for path, display in files:
        notes: list[str] = []
        try:
            exports.append(_prepare(path, display, ctx, workdir, notes))
        except FileError as exc:  # RawError and DialectError are FileErrors too
            tallies.append(BatchTally([display], problems=[_file_error(display, exc)], notes=notes))
    for number, batch in enumerate(_batches(exports)):
        tallies += _read_batch_or_each(con, batch, ctx, f"{seq}_{number}", workdir)
    return tallies


# (delimiter, header lines skipped, column count, standard column -> its index): files alike in these share a scan
_Layout = tuple[str, int, int, tuple[tuple[str, int], ...]]


def _batches(exports: list[_Export]) -> list[list[_Export]]:
    """Files of one layout, in the order of their names, up to BATCH_BYTES of text per scan (a
    larger file is a scan of its own): a batch's comments are in memory together while it is tallied."""
    by_layout: dict[_Layout, list[list[_Export]]] = {}
    sizes: dict[_Layout, int] = {}
    for export in sorted(exports, key=lambda e: e.display):  # the scan's order is the quotes' order within a day
        layout = (export.header.delimiter, export.header.skip, len(export.header.names), tuple(export.columns.items()))
        size = export.raw.path.stat().st_size
        batches = by_layout.setdefault(layout, [[]])
        if batches[-1] and sizes[layout] + size > BATCH_BYTES:
            batches.append([])
            sizes[layout] = 0
        batches[-1].append(export)
        sizes[layout] = sizes.get(layout, 0) + size
    return [batch for batches in by_layout.values() for batch in batches]


def _prepare(path: Path, display: str, ctx: Context, workdir: Path, notes: list[str]) -> _Export:
    """Decode the file and read its header: everything known before DuckDB reads it."""
    source = ctx.source
    raw = inspect(path, source.encoding, workdir)
    if raw.encoding == "cp1252" and source.encoding == "auto":
        notes.append(f"{display}: not UTF-8, read as cp1252 (set encoding to silence this)")
    try:
        header = read_header(raw.path, source)
        if header.mixed_breaks:
            raw.path = header_copy(raw.path, header, workdir)
        columns = map_columns(header, source)
    except FileError as exc:  # these quote the header's cells: a file without one has a response there
        raise FileError(file_text(exc.message, MESSAGE_CHARS), exc.hint and file_text(exc.hint, MESSAGE_CHARS),
                        exc.line, exc.column) from None
    return _Export(0, display, raw, header, columns, notes=notes)


def _read_batch_or_each(con: duckdb.DuckDBPyConnection, batch: list[_Export], ctx: Context, name: str,
                        workdir: Path) -> list[BatchTally]:
    """One scan of the batch; when DuckDB fails on it, each file alone, so the error has its file."""
    import duckdb

    for index, export in enumerate(batch):
        export.index = index
    tally = BatchTally([export.display for export in batch])
    tables: list[str] = []
    stored = workdir / f"rows_{name}.parquet"  # the batch's rows, when scanned once (see _scans)
    try:
        _read_batch(con, batch, ctx, name, tables, tally, _scans(con, batch, name, tables, stored))
    except FileError as exc:  # a setting of the source: every file of it fails alike
        tally = BatchTally(tally.files)
        for export in batch:
            export.fail(exc)
    except duckdb.Error as exc:
        if len(batch) > 1:
            tallies = []
            for number, export in enumerate(batch):
                export.reset()
                tallies += _read_batch_or_each(con, [export], ctx, f"{name}_{number}", workdir)
            return tallies
        lf_copy = None if batch[0].raw.one_line_end else lf_endings(batch[0].raw.path, workdir)
        if lf_copy is not None:
            # DuckDB refuses rows that end in CRLF and LF by turns (a few rows pasted into an Excel
            # export by hand): read a copy whose lines all end in LF, numbered as the file's own.
            batch[0].reset()
            batch[0].raw.path, batch[0].raw.one_line_end = lf_copy, True
            return _read_batch_or_each(con, batch, ctx, f"{name}_lf", workdir)
        # DuckDB's messages quote the offending line, which may hold personal data: keep only its number.
        found = re.search(r"Line: (\d+)", str(exc))
        what = type(exc).__name__.replace("Exception", "").lower() or "error"
        tally = BatchTally(tally.files)
        batch[0].fail(FileError(f"cannot read the file ({what})",
                                "check the delimiter, quoting and encoding settings of this feedback source",
                                int(found.group(1)) if found else None))
    finally:
        for table in tables:  # kept, 5,000 files' lookup and reject tables held 1.5 GB
            con.execute(f"DROP TABLE IF EXISTS {table}")
        stored.unlink(missing_ok=True)
    for export in batch:
        tally.problems += export.problems
        tally.notes += export.notes
        tally.rows += export.rows
        tally.skipped += export.skipped
    return [tally]


class _Scan(Protocol):
    def __call__(self, ordinality: bool = True) -> str:
        """SQL of the batch's rows; see _scans."""


def _scans(con: duckdb.DuckDBPyConnection, batch: list[_Export], name: str, tables: list[str], stored: Path) -> _Scan:
    """The batch's rows for each pass: scan(ordinality) -> SQL of `k` (with ordinality: the row's
    ordinal in the scan, from 1), file_index, c0.. Every scan of the CSV text stores its rejects
    (the first scan's are rejects_{name}_0): DuckDB 2.0 with ignore_errors but without
    store_rejects silently drops the row after a `"x"y` row (measured).

    A batch of at most BATCH_BYTES is scanned once, in parallel, to a Parquet file at `stored`
    in its order, and every pass reads that, the ordinal from file_row_number: the scan of a
    multi-file CSV costs per file, and a batch holds hundreds. A larger one (a file alone) is
    scanned by each pass: an order-keeping COPY holds in memory the rows it cannot write yet.
    """
    header, ncols = batch[0].header, len(batch[0].header.names)
    paths = [export.raw.path for export in batch]
    scans = itertools.count()

    def csv_scan(ordinality: bool = True) -> str:
        n = next(scans)
        rejects = (f"rejects_{name}_{n}", f"rejects_scan_{name}_{n}")
        tables.extend(rejects)
        return sql.scan_sql(paths, header, ncols, rejects, ordinality)

    if sum(path.stat().st_size for path in paths) > BATCH_BYTES:
        return csv_scan
    con.execute(sql.copy_sql(csv_scan(ordinality=False), stored))

    def stored_scan(ordinality: bool = True) -> str:
        return sql.stored_sql(stored, ncols, ordinality)

    return stored_scan


def _read_batch(con: duckdb.DuckDBPyConnection, batch: list[_Export], ctx: Context, name: str, tables: list[str],
                tally: BatchTally, scan_query: _Scan) -> None:
    source = ctx.source
    first = batch[0]
    columns, ncols = first.columns, len(first.header.names)

    def col(column: str) -> str:
        return f"c{columns[column]}" if column in columns else "NULL::VARCHAR"

    date_expr = sql.date_key(col("date")) if source.date_format == "auto" else f"trim({col('date')})"
    fields = dict(zip(_FIELDS, (col("touchpoint"), col("persona"), col("score"), date_expr)))
    selected = ", ".join(f"{expr} AS {field_name}" for field_name, expr in fields.items())
    _pass_one(con, batch, scan_query(ordinality=False), selected)
    _place(batch, sql.read_rejects(con, f"rejects_{name}_0"))
    for export in batch:
        _refuse_unterminated(con, export, scan_query, ncols)
    live = [export for export in batch if not export.failed]
    if not live:
        return
    _choose_dialects(live, source, "date" in columns)
    unknown = _lookup_tables(con, batch, ctx, name, tables)

    # The line breaks inside rows are counted only where there are any (pass 1's row count and
    # the file's line count say so), and in the comment column only: a break in another column is
    # rare, and shows as lines left over, which a full count (_multiline) then finds.
    spare = {export.index: export.spare_lines() for export in live}
    nl_columns = ([] if not any(spare.values()) else
                  [columns["comment"]] if "comment" in columns else list(range(ncols)))
    alike = len(live) == len(batch) and len({(export.decimal, tuple(export.date_formats)) for export in batch}) == 1
    prepared = _rows_sql(name, selected, col, sql.newline_count(nl_columns), ncols, scan_query(), alike)
    # DuckDB estimates a CSV scan at a few dozen rows, so it built the join hash tables on the
    # file's rows (every column, comments included) and probed them with the lookup tables:
    # 1.7 GB and 11 s at 5 M rows (measured). Keep the lookup tables, the small side, as builds.
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    rows = con.execute(grouping_query(prepared, source.metric, source.survey_scale)).fetchall()
    tally.comments = themes.keep(con, lambda: _rows_sql(name, selected, col, "0", ncols, f"SELECT 0 AS k, * FROM ({scan_query(False)})", alike),
                                 source, ctx.comments, "comment" in columns)

    every: list[dict[int, list[tuple[int, int]]]] = []  # the full count, once per batch if needed

    def multiline(export: _Export, counted: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if len(nl_columns) == ncols or sum(n for _, n in counted) == spare[export.index]:
            return counted  # every break inside a row is one of these
        if not every:
            every.append(_multiline(con, scan_query(), ncols, batch))
        return every[0][export.index]

    _tally(batch, rows, unknown, ctx, tally, multiline)


def _place(batch: list[_Export], rejects: dict[int, list[Reject]]) -> None:
    """Each file's rejects (by its index in the scan), and the rows of the files before it."""
    offset = 0
    for export in batch:
        export.rejects = rejects.get(export.index, [])
        export.offset = offset
        offset += export.accepted


def _choose_dialects(live: list[_Export], source: FeedbackSource, dated: bool) -> None:
    """Each file's decimal mark and date formats, from its own scores and dates (pass 1).

    Raises FileError (DialectError) when the source's date_format is not a strptime format, or
    when `auto` would have to guess."""
    _check_date_format(source)
    for export in live:
        export.decimal = choose_decimal(source.decimal, number_evidence(export.values["s"]))
        export.date_formats = choose_date_formats(source.date_format, date_evidence(export.values["d"])) if dated else []


def _tally(batch: list[_Export], rows: list[tuple[Any, ...]], unknown: dict[str, list[str]], ctx: Context,
           tally: BatchTally, multiline: Callable[[_Export, list[tuple[int, int]]], list[tuple[int, int]]]) -> None:
    """The grouping query's rows -> the batch's tallies, each file's warning, and the quotes
    with the file and line they come from. `multiline`: a file's rows with line breaks inside,
    from those pass 2 counted (see _read_batch)."""
    offsets = [export.offset for export in batch]

    def locate(k: int) -> tuple[int, int]:
        index = bisect.bisect_left(offsets, k) - 1  # the last file whose rows start before k
        return index, k - offsets[index]

    groups = read_groups(rows, tally, locate)
    quoted: dict[int, set[int]] = {}  # file index -> own ordinals of the quotes chosen
    for found in groups.quotes.values():
        for _, k, _ in found:
            index, own = locate(k)
            quoted.setdefault(index, set()).add(own)
    lines_of: dict[int, dict[int, int]] = {}
    for export in (export for export in batch if not export.failed):
        file_groups = groups.of(export.index)
        try:
            file_groups.multiline = multiline(export, file_groups.multiline)
            lines_of[export.index] = _finish(export, file_groups, quoted.get(export.index, set()), unknown, ctx)
        except FileError as exc:
            export.fail(exc)
    for key, found in groups.quotes.items():
        tally.quotes[key] = []
        for q, k, persona in found:
            index, own = locate(k)
            tally.quotes[key].append(Candidate(decode_quote_key(q)[1], batch[index].display, lines_of[index][own],
                                               groups.texts[k], persona))


def _refuse_unterminated(con: duckdb.DuckDBPyConnection, export: _Export, scan_query: Callable[[], str], ncols: int) -> None:
    """A quote that is never closed fails the file at the line it opens (the rest of the file
    would be one value)."""
    for index, reject in enumerate(export.rejects):
        if reject.kind == "unterminated":
            multiline = _multiline(con, scan_query(), ncols, [export])[export.index]
            _, reject_lines = export.line_map(multiline).resolve(set())
            export.fail(FileError(
                "a quoted field is never closed: the rest of the file would be read as one value",
                "close the quote (or double it: \"\") in this line",
                reject_lines[index],
            ))
            return


def _rows_sql(name: str, selected: str, col: Callable[[str], str], nl: str, ncols: int, scan: str,
              alike: bool) -> str:
    """Pass 2's rows: ids, score, day and the reason a row is skipped (NULL: it counts), joined
    from the batch's lookup tables; `k` is the row's ordinal in the scan.

    `alike`: every file of the batch is live and has the same decimal mark and date formats (the
    usual case), so the scores and dates are joined on their text alone, without the file_map
    join (measured: 8% of pass 2). Channel and product go as written: grouping_query trims them
    per group, not per row.
    """
    live, decimal, formats = ("true", "", "") if alike else (
        "fm.live", "sm.decimal = fm.decimal AND ", "dm.formats = fm.formats AND ")
    file_map = "" if alike else f"JOIN file_map_{name} fm ON fm.fi = r.fi"
    return f"""
        SELECT r.fi, k, nl, tm.id AS tp, pm.id AS persona, sm.score, dm.day, dm.month,
               channel, product, has_comment, comment,
               coalesce(dm.days, -1000000) * {QUOTE_DAY} + k AS quote_key,
               CASE WHEN NOT {live} THEN '{SKIPPED_FILE}'
                    WHEN tp_raw IS NULL OR tm.blank THEN (CASE WHEN blank_row THEN '{BLANK_ROW}' ELSE 'no-touchpoint' END)
                    WHEN tm.id IS NULL THEN 'unknown-touchpoint'
                    WHEN s IS NULL OR sm.blank THEN 'no-score'
                    WHEN sm.score IS NULL THEN 'not-a-number'
                    WHEN NOT sm.in_scale THEN 'out-of-scale'
                    WHEN d <> '' AND dm.day IS NULL THEN (CASE WHEN dm.future THEN 'future-date' ELSE 'bad-date' END)
                    WHEN NOT pm.blank AND pm.id IS NULL THEN 'unknown-persona'
               END AS reason
        FROM (
            SELECT k, file_index AS fi, {selected}, {sql.blank_row(col('touchpoint'), ncols)} AS blank_row,
                   {col('channel')} AS channel, {col('product')} AS product,
                   {sql.not_blank(col('comment'))} AS has_comment, {col('comment')} AS comment,
                   {nl} AS nl
            FROM ({scan})
        ) r
        {file_map}
        LEFT JOIN touchpoint_map_{name} tm ON tm.raw = r.tp_raw
        LEFT JOIN persona_map_{name} pm ON pm.raw = r.persona_raw
        LEFT JOIN score_map_{name} sm ON {decimal}sm.raw = r.s
        LEFT JOIN date_map_{name} dm ON {formats}dm.raw = r.d
    """


def _pass_one(con: duckdb.DuckDBPyConnection, batch: list[_Export], scan: str, selected: str) -> None:
    """Pass 1: per file, the distinct labels, scores and dates (few, however many rows) and the
    row count.

    Parsing labels, scores and dates in Python keeps one set of rules (dialect.py) and keeps
    regexes off the rows. Touchpoint, persona and score are grouped as written and trimmed per
    distinct value, not per row; the lookup tables are keyed by the text as written, so pass 2
    does not trim them either. No comment is looked at here: only the quotes chosen are redacted
    (and counted), in aggregate.combine.
    """
    distinct = con.execute(
        f"""
        SELECT gid, fi, tp_raw, persona_raw, s, d, n, trim(tp_raw), trim(persona_raw), trim(s)
        FROM (
            SELECT grouping(tp_raw, persona_raw, s, d) AS gid, fi, tp_raw, persona_raw, s, d, count(*) AS n
            FROM (SELECT file_index AS fi, {selected} FROM ({scan}))
            GROUP BY GROUPING SETS ((fi, tp_raw), (fi, persona_raw), (fi, s), (fi, d))
        )
        """
    ).fetchall()
    by_index = {export.index: export for export in batch}
    for gid, fi, *row, n, tp_trimmed, persona_trimmed, s_trimmed in distinct:
        export = by_index[fi]
        position = [0b0111, 0b1011, 0b1101, 0b1110].index(gid)
        name = _FIELDS[position]
        value = (tp_trimmed, persona_trimmed, s_trimmed, row[3])[position]
        if name == "tp_raw":
            export.accepted += n
        if name in export.written and row[position] is not None:
            export.written[name][row[position]] = value
        if value:
            export.values[name][value] = export.values[name].get(value, 0) + n


def _multiline(con: duckdb.DuckDBPyConnection, scan: str, ncols: int, batch: list[_Export]) -> dict[int, list[tuple[int, int]]]:
    """Per file index, (ordinal, newlines inside) of its accepted rows that span lines, every
    column counted (another scan; rare)."""
    # file_index is compared in Python: a filter on it could reach the scan and renumber the rows.
    rows = con.execute(
        f"SELECT file_index, k, nl FROM (SELECT file_index, k, {sql.newline_count(list(range(ncols)))} AS nl "
        f"FROM ({scan})) WHERE nl > 0"
    ).fetchall()
    offsets = {export.index: export.offset for export in batch}
    found: dict[int, list[tuple[int, int]]] = {index: [] for index in offsets}
    for fi, k, nl in rows:
        if fi in found:
            found[fi].append((k - offsets[fi], nl))
    return found


def _check_date_format(source: FeedbackSource) -> None:
    if source.date_format == "auto":
        return
    try:
        dt.datetime.now().strftime(source.date_format)
        dt.datetime.strptime("x", source.date_format)
    except ValueError as exc:
        if "does not match" not in str(exc):
            raise FileError(
                f"date_format '{source.date_format}' is not a strptime format", "use a format such as '%d-%m-%Y'"
            ) from None


def _lookup_tables(con: duckdb.DuckDBPyConnection, batch: list[_Export], ctx: Context, name: str, tables: list[str]) -> dict[str, list[str]]:
    """Labels, scores and dates -> small lookup tables to join; the labels no id resolves.

    Labels and scores are keyed by every text as written (NULL-free), with `blank` for those
    that trim to ''; the id or score is NULL where the trimmed text does not resolve, as a
    missing row was before. Scores are keyed by the file's decimal mark too, dates by its date
    formats, as each file's own values decide them.
    """
    live = [export for export in batch if not export.failed]
    unknown: dict[str, list[str]] = {"touchpoint": [], "persona": []}
    for kind, resolver in (("touchpoint", ctx.touchpoints), ("persona", ctx.personas)):
        field_name = "tp_raw" if kind == "touchpoint" else "persona_raw"
        as_written = {raw: trimmed for export in live for raw, trimmed in export.written[field_name].items()}
        refs = {trimmed: resolver.resolve(trimmed) for trimmed in set(as_written.values()) if trimmed}
        unknown[kind] = [label for label, ref in refs.items() if ref is None]
        sql.table(con, f"{kind}_map_{name}", tables, {
            "raw": (list(as_written), "VARCHAR"),
            "id": ([refs.get(trimmed) if trimmed else None for trimmed in as_written.values()], "VARCHAR"),
            "blank": ([not trimmed for trimmed in as_written.values()], "BOOLEAN"),
        })
    low, high = ctx.source.survey_scale
    scores: dict[tuple[str, str], tuple[float | None, bool]] = {}  # (decimal, as written) -> score, blank
    for export in live:
        parse_score = ScoreParser(export.decimal, ctx.source.score_labels)
        for raw, trimmed in export.written["s"].items():
            if (export.decimal, raw) not in scores:
                scores[export.decimal, raw] = (parse_score(trimmed) if trimmed else None, not trimmed)
    score_of = [score for score, _ in scores.values()]
    sql.table(con, f"score_map_{name}", tables, {
        "decimal": ([decimal for decimal, _ in scores], "VARCHAR"),
        "raw": ([raw for _, raw in scores], "VARCHAR"),
        "score": (score_of, "DOUBLE"),
        "in_scale": ([v is not None and low <= v <= high for v in score_of], "BOOLEAN"),
        "blank": ([blank for _, blank in scores.values()], "BOOLEAN"),
    })
    latest = dt.date.today()  # no response is dated after the day the site is built (a 2099 row is a typo)
    days: dict[tuple[str, str], dt.date | None] = {}  # (formats, text) -> day, None when after `latest`
    for export in live:
        formats = "\n".join(export.date_formats)
        for text in export.values["d"]:
            if (formats, text) not in days:
                day = parse_date(text, export.date_formats)
                if day is not None:
                    days[formats, text] = day if day <= latest else None
    sql.table(con, f"date_map_{name}", tables, {
        "formats": ([formats for formats, _ in days], "VARCHAR"),
        "raw": ([text for _, text in days], "VARCHAR"),
        "day": (list(days.values()), "DATE"),
        "month": ([day.strftime("%Y-%m") if day else None for day in days.values()], "VARCHAR"),
        "days": ([(day - dt.date(1970, 1, 1)).days if day else None for day in days.values()], "BIGINT"),
        "future": ([day is None for day in days.values()], "BOOLEAN"),
    })
    sql.table(con, f"file_map_{name}", tables, {
        "fi": ([export.index for export in batch], "BIGINT"),
        "live": ([not export.failed for export in batch], "BOOLEAN"),
        "decimal": ([export.decimal for export in batch], "VARCHAR"),
        "formats": (["\n".join(export.date_formats) for export in batch], "VARCHAR"),
    })
    return unknown


def _finish(export: _Export, groups: FileGroups, quoted: set[int], unknown: dict[str, list[str]],
            ctx: Context) -> dict[int, int]:
    """One file's rows, skipped rows and their warning; the lines of its `quoted` ordinals."""
    display, header, columns = export.display, export.header, export.columns
    bad = groups.bad
    bad_ordinals = [k for k, _ in groups.first_bad]
    lines, reject_lines = export.line_map(groups.multiline).resolve(set(bad_ordinals) | quoted)

    # Rows whose cells are all empty (Excel's trailing `;;;;`) are not data: not read, not skipped.
    unreadable = [(r, line) for r, line in zip(export.rejects, reject_lines) if r.kind != "blank"]
    skipped = sum(bad.values()) + len(unreadable)
    export.rows = export.accepted - groups.blank + len(unreadable)
    export.skipped = skipped
    if export.rows == 0:
        export.problems += no_rows(export.raw, header, export.accepted + len(export.rejects), display)
    if not skipped:
        return lines
    scores_of = ScoreParser(export.decimal, ctx.source.score_labels)
    unread = {text: n for text, n in export.values["s"].items() if scores_of(text) is None} if "not-a-number" in bad else {}
    own = {kind: [label for label in labels if label in export.values[field_name]]
           for (kind, labels), field_name in zip(unknown.items(), ("tp_raw", "persona_raw"))}
    described = [(lines[k], describe(reason, header, columns, ctx.source, export.date_formats, export.decimal))
                 for k, reason in groups.first_bad]
    export.problems.append(skipped_problem(
        display, export.rows, bad, groups.first_of, described, [(line, r) for r, line in unreadable],
        [label_hint(own, ctx.touchpoints, ctx.personas), score_hint(unread)],
    ))
    return lines


def _csv_counted(linemap: LineMap, path: Path, header: Header, ncols: int) -> LineMap:
    """A LineMap that asks the csv module, for files with blank lines between rows."""

    class Counted(LineMap):
        def resolve(self, ordinals: set[int]) -> tuple[dict[int, int], list[int]]:
            lines, rejects = count_with_csv(path, header.delimiter, header.skip - (1 if header.sep_line else 0),
                                            header.sep_line, ncols, set(ordinals))
            return lines, rejects

    return Counted(linemap.header_lines, linemap.skip, linemap.rejects, linemap.newlines_before)
