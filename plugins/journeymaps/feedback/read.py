"""One CSV export -> validated, tallied rows; every skipped row named by file:line and reason.

The engine is DuckDB (5 M rows/s, flat memory; see perf-baseline.md section 3), but never its
sniffer: the dialect is settled first (dialect.py), the text transcoded to UTF-8 (raw.py), and
DuckDB reads with an explicit delimiter, every column as text, strict quoting and a reject
table. So a row with the wrong field count is a counted reject with its line, and a quote that
is never closed stops the file instead of eating the rest of it. Scores, dates and labels are
then checked in SQL, so a bad value is a skipped row with a reason, not a failed file.

Two scans of the file. Pass 1 (parallel) collects the distinct labels, scores, dates and
comments that may hold personal data, and the rejects. Pass 2 (serial: it numbers the rows,
WITH ORDINALITY) tallies every group and keeps the newest comments with their text; the
redaction counts run in a thread beside it. At 5 M rows (benchmarks/feedback_bench.py) the
two scans take about 4 and 4.5 s of CPU; hashing, the UTF-8 check and the line count about 1 s.

Messages name file, line and column, never a comment's text: comments carry personal data.
The labels, column names and header cells they do quote are redacted as comments are.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import json
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..model import FeedbackSource
from ..problems import Location, Problem, Severity, did_you_mean
from .aggregate import BLANK_ROW, FileTally, decode_quote_key, grouping_query, read_groups
from .cells import Quote
from .dialect import choose_date_formats, choose_decimal, date_evidence, number_evidence, parse_date
from .errors import FileError
from .header import MAX_LINE, Header, header_copy, map_columns, read_header
from .labels import LabelMap
from .labels import shown as file_text
from .lines import LineMap, Reject, count_with_csv
from .raw import inspect
from .redact import KINDS, Redactor
from .scores import ScoreParser, word_labels

SHOWN_POSITIONS = 5
# Text of the file that a message quotes (labels, column names, a header) is redacted like a
# published comment and cut to this many characters (labels.shown, here file_text); Problem escapes line breaks.
LABEL_CHARS = 40
COLUMN_CHARS = 200  # column names are often the survey's whole question
MESSAGE_CHARS = 600


@dataclass
class Context:
    """What a file is read against: its source's settings and the journey's ids."""

    source: FeedbackSource
    touchpoints: LabelMap
    personas: LabelMap

    @classmethod
    def build(cls, source: FeedbackSource, touchpoint_ids: list[str], persona_ids: list[str]) -> "Context":
        return cls(source, LabelMap(touchpoint_ids, source.touchpoints), LabelMap(persona_ids, source.personas))

    @property
    def key(self) -> str:
        """Everything besides the bytes that changes what a file yields: the cache key's other half."""
        return json.dumps(
            [self.source.model_dump(mode="json"), sorted(self.touchpoints.ids), sorted(self.personas.ids)],
            sort_keys=True,
        )


_REASONS = {
    "no-touchpoint": ("touchpoint", "no touchpoint"),
    "unknown-touchpoint": ("touchpoint", "unknown touchpoint"),
    "no-score": ("score", "no score"),
    "not-a-number": ("score", "score is not a number"),
    "out-of-scale": ("score", "score outside the survey scale"),
    "bad-date": ("date", "not a valid date"),
    "future-date": ("date", "dated after the day of the build"),
    "unknown-persona": ("persona", "unknown persona"),
}


def read_export(con: duckdb.DuckDBPyConnection, path: Path, display: str, ctx: Context, workdir: Path, seq: int) -> FileTally:
    """Read one file; a file-level failure gives an error Problem and no rows, never an exception."""
    tally = FileTally(display)
    try:
        _read(con, path, display, ctx, workdir, seq, tally)
    except FileError as exc:  # RawError and DialectError are FileErrors too
        tally = FileTally(display, notes=tally.notes)
        tally.problems.append(
            Problem(Location(display, exc.line, exc.column), exc.message, exc.hint, Severity.ERROR, "feedback-file")
        )
    except duckdb.Error as exc:
        # DuckDB's messages quote the offending line, which may hold personal data: keep only its number.
        found = re.search(r"Line: (\d+)", str(exc))
        tally = FileTally(display, notes=tally.notes)
        tally.problems.append(
            Problem(
                Location(display, int(found.group(1)) if found else None),
                f"cannot read the file ({type(exc).__name__.replace('Exception', '').lower() or 'error'})",
                "check the delimiter, quoting and encoding settings of this feedback source",
                Severity.ERROR,
                "feedback-file",
            )
        )
    return tally


def _read(con, path: Path, display: str, ctx: Context, workdir: Path, seq: int, tally: FileTally) -> None:
    source = ctx.source
    raw = inspect(path, source.encoding, workdir)
    if raw.encoding == "cp1252" and source.encoding == "auto":
        tally.notes.append(f"{display}: not UTF-8, read as cp1252 (set encoding to silence this)")
    try:
        header = read_header(raw.path, source)
        if header.mixed_breaks:
            raw.path = header_copy(raw.path, header, workdir)
        columns = map_columns(header, source)
    except FileError as exc:  # these quote the header's cells: a file without one has a response there
        raise FileError(file_text(exc.message, MESSAGE_CHARS), exc.hint and file_text(exc.hint, MESSAGE_CHARS),
                        exc.line, exc.column) from None
    tally.has_channel = "channel" in columns
    tally.has_product = "product" in columns
    ncols = len(header.names)

    def col(name: str) -> str:
        return f"c{columns[name]}" if name in columns else "NULL::VARCHAR"

    # Every scan stores its rejects: DuckDB 2.0 with ignore_errors but without store_rejects
    # silently drops the row after a `"x"y` row (measured), so no scan runs without it.
    scans = itertools.count()

    def scan_query(ordinality: bool = True) -> str:
        n = next(scans)
        return scan_sql(raw.path, header, ncols, (f"rejects_{seq}_{n}", f"rejects_scan_{seq}_{n}"), ordinality)

    rejects_table = f"rejects_{seq}_0"
    first_scan = scan_query(ordinality=False)  # a GROUP BY: row numbers are not needed here

    # Pass 1: the distinct labels, scores and dates (few, however many rows), the reject table,
    # and the distinct comments that may hold personal data (see _SUSPECT), to count redactions
    # in Python while pass 2 runs. Parsing labels, scores and dates in Python keeps one set of
    # rules (dialect.py) and keeps regexes off the rows. Touchpoint, persona and score are
    # grouped as written and trimmed per distinct value, not per row; the lookup tables below
    # are keyed by the text as written, so pass 2 does not trim them either.
    date_key = _date_key(col("date")) if source.date_format == "auto" else f"trim({col('date')})"
    fields = {
        "tp_raw": col("touchpoint"),
        "persona_raw": col("persona"),
        "s": col("score"),
        "d": date_key,
    }
    selected = ", ".join(f"{expr} AS {name}" for name, expr in fields.items())
    c = col("comment")
    suspect = f"CASE WHEN {c} <> '' AND (contains({c}, '@') OR regexp_matches({c}, '{_SUSPECT}')) THEN {c} END"
    distinct = con.execute(
        f"""
        SELECT gid, tp_raw, persona_raw, s, d, sus, n, trim(tp_raw), trim(persona_raw), trim(s)
        FROM (
            SELECT grouping(tp_raw, persona_raw, s, d, sus) AS gid, tp_raw, persona_raw, s, d, sus, count(*) AS n
            FROM (SELECT {selected}, {suspect if "comment" in columns else "NULL::VARCHAR"} AS sus FROM ({first_scan}))
            GROUP BY GROUPING SETS ((tp_raw), (persona_raw), (s), (d), (sus))
        )
        """
    ).fetchall()
    values: dict[str, dict[str, int]] = {name: {} for name in fields}  # trimmed text -> rows
    written: dict[str, dict[str, str]] = {name: {} for name in ("tp_raw", "persona_raw", "s")}  # as written -> trimmed
    suspects: list[tuple[str, int]] = []
    accepted = 0
    for gid, *row, n, tp_trimmed, persona_trimmed, s_trimmed in distinct:
        position = [0b01111, 0b10111, 0b11011, 0b11101, 0b11110].index(gid)
        if position == 4:
            if row[4] is not None:
                suspects.append((row[4], n))
            continue
        name = list(fields)[position]
        value = (tp_trimmed, persona_trimmed, s_trimmed, row[3])[position]
        if name == "tp_raw":
            accepted += n
        if name in written and row[position] is not None:
            written[name][row[position]] = value
        if value:
            values[name][value] = values[name].get(value, 0) + n
    del distinct
    rejects = read_rejects(con, rejects_table)

    newline_count = " + ".join(
        f"CASE WHEN contains(c{i}, chr(10)) THEN length(c{i}) - length(replace(c{i}, chr(10), '')) ELSE 0 END"
        for i in range(ncols)
    )

    def line_map(multiline: list[tuple[int, int]] | None) -> LineMap:
        """Rows -> lines; `multiline` is every accepted row with newlines inside (None: not known yet)."""
        linemap = LineMap(header.lines, header.skip, rejects, lambda ordinals: {})
        if raw.lines - raw.trailing_blank == linemap.expected_lines(accepted, 0):
            return linemap
        if multiline is None:
            query = f"SELECT k, nl FROM (SELECT k, {newline_count} AS nl FROM ({scan_query()})) WHERE nl > 0"
            multiline = con.execute(query).fetchall()
        multiline = sorted(multiline)
        ks = [k for k, _ in multiline]
        sums = [0]
        for _, count in multiline:
            sums.append(sums[-1] + count)
        linemap.newlines_before = lambda ordinals: {o: sums[bisect.bisect_left(ks, o)] for o in ordinals}
        if raw.lines - raw.trailing_blank != linemap.expected_lines(accepted, sums[-1]):
            return _csv_counted(linemap, raw.path, header, ncols)  # blank lines between rows
        return linemap

    for index, reject in enumerate(rejects):
        if reject.kind == "unterminated":
            _, reject_lines = line_map(None).resolve(set())
            raise FileError(
                "a quoted field is never closed: the rest of the file would be read as one value",
                "close the quote (or double it: \"\") in this line",
                reject_lines[index],
            )

    decimal = choose_decimal(source.decimal, number_evidence(values["s"]))
    date_formats = choose_date_formats(source.date_format, date_evidence(values["d"])) if "date" in columns else []
    if source.date_format != "auto":
        try:
            dt.datetime.now().strftime(source.date_format)
            dt.datetime.strptime("x", source.date_format)
        except ValueError as exc:
            if "does not match" not in str(exc):
                raise FileError(
                    f"date_format '{source.date_format}' is not a strptime format", "use a format such as '%d-%m-%Y'"
                ) from None

    # Labels, scores and dates -> small lookup tables to join. Labels and scores are keyed by
    # every text as written (NULL-free), with `blank` for those that trim to ''; the id or score
    # is NULL where the trimmed text does not resolve, as a missing row was before.
    unknown: dict[str, list[str]] = {"touchpoint": [], "persona": []}
    for kind, resolver in (("touchpoint", ctx.touchpoints), ("persona", ctx.personas)):
        name = "tp_raw" if kind == "touchpoint" else "persona_raw"
        refs = {label: resolver.resolve(label) for label in values[name]}
        unknown[kind] = [label for label, ref in refs.items() if ref is None]
        as_written = written[name]
        _table(
            con,
            f"{kind}_map_{seq}",
            {
                "raw": (list(as_written), "VARCHAR"),
                "id": ([refs.get(trimmed) if trimmed else None for trimmed in as_written.values()], "VARCHAR"),
                "blank": ([not trimmed for trimmed in as_written.values()], "BOOLEAN"),
            },
        )
    low, high = source.survey_scale
    parse_score = ScoreParser(decimal, source.score_labels)
    scores = {text: parse_score(text) for text in values["s"]}
    as_written = written["s"]
    score_of = [scores.get(trimmed) if trimmed else None for trimmed in as_written.values()]
    _table(
        con,
        f"score_map_{seq}",
        {
            "raw": (list(as_written), "VARCHAR"),
            "score": (score_of, "DOUBLE"),
            "in_scale": ([v is not None and low <= v <= high for v in score_of], "BOOLEAN"),
            "blank": ([not trimmed for trimmed in as_written.values()], "BOOLEAN"),
        },
    )
    latest = dt.date.today()  # no response is dated after the day the site is built (a 2099 row is a typo)
    parsed = {text: parse_date(text, date_formats) for text in values["d"]}
    days = {text: (day if day <= latest else None) for text, day in parsed.items() if day is not None}
    _table(
        con,
        f"date_map_{seq}",
        {
            "raw": (list(days), "VARCHAR"),
            "day": (list(days.values()), "DATE"),
            "month": ([day.strftime("%Y-%m") if day else None for day in days.values()], "VARCHAR"),
            "days": ([(day - dt.date(1970, 1, 1)).days if day else None for day in days.values()], "BIGINT"),
            "future": ([day is None for day in days.values()], "BOOLEAN"),
        },
    )

    prepared = f"""
        SELECT k, nl, tm.id AS tp, pm.id AS persona, sm.score, dm.day, dm.month,
               nullif(channel, '') AS channel, nullif(product, '') AS product, has_comment, comment,
               coalesce(dm.days, -1000000) * 10000000000 + k AS quote_key,
               CASE WHEN tp_raw IS NULL OR tm.blank THEN (CASE WHEN blank_row THEN '{BLANK_ROW}' ELSE 'no-touchpoint' END)
                    WHEN tm.id IS NULL THEN 'unknown-touchpoint'
                    WHEN s IS NULL OR sm.blank THEN 'no-score'
                    WHEN sm.score IS NULL THEN 'not-a-number'
                    WHEN NOT sm.in_scale THEN 'out-of-scale'
                    WHEN d <> '' AND dm.day IS NULL THEN (CASE WHEN dm.future THEN 'future-date' ELSE 'bad-date' END)
                    WHEN NOT pm.blank AND pm.id IS NULL THEN 'unknown-persona'
               END AS reason
        FROM (
            SELECT k, {selected}, {_blank_row(col('touchpoint'), ncols)} AS blank_row,
                   trim({col('channel')}) AS channel, trim({col('product')}) AS product,
                   {_not_blank(col('comment'))} AS has_comment, {col('comment')} AS comment,
                   {newline_count} AS nl
            FROM ({scan_query()})
        ) r
        LEFT JOIN touchpoint_map_{seq} tm ON tm.raw = r.tp_raw
        LEFT JOIN persona_map_{seq} pm ON pm.raw = r.persona_raw
        LEFT JOIN score_map_{seq} sm ON sm.raw = r.s
        LEFT JOIN date_map_{seq} dm ON dm.raw = r.d
    """
    # Count personal data over every comment that may hold some (Python, holding the GIL) while
    # DuckDB runs pass 2 (which releases it): on two cores the counting costs no wall time.
    counting = _Counting(suspects) if "comment" in columns else None
    # DuckDB estimates a CSV scan at a few dozen rows, so it built the join hash tables on the
    # file's rows (every column, comments included) and probed them with the lookup tables:
    # 1.7 GB and 11 s at 5 M rows (measured). Keep the lookup tables, the small side, as builds.
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    try:
        groups = read_groups(con.execute(grouping_query(prepared, source.metric, source.survey_scale)).fetchall(), tally)
    finally:
        redactions = counting.result() if counting is not None else None
    bad = groups.bad
    bad_ordinals = [k for k, _ in groups.first_bad]
    quote_ordinals = {k for found in groups.quotes.values() for _, k, _ in found}
    lines, reject_lines = line_map(groups.multiline).resolve(set(bad_ordinals) | quote_ordinals)

    # Comments: the counts come from _Counting; every quote is redacted here, suspect or not.
    texts: dict[int, str] = {}
    if redactions is not None:
        quiet = Redactor()
        for k in quote_ordinals:
            texts[k] = quiet.redact(groups.texts[k]).replace("\r\n", "\n").strip()
        tally.redactions = redactions
    for key, found in groups.quotes.items():
        tally.quotes[key] = [
            Quote(text=texts.get(k, ""), date=decode_quote_key(q)[1], persona=persona, file=display, line=lines[k])
            for q, k, persona in found
        ]

    # Rows whose cells are all empty (Excel's trailing `;;;;`) are not data: not read, not skipped.
    unreadable = [(r, line) for r, line in zip(rejects, reject_lines) if r.kind != "blank"]
    skipped = sum(bad.values()) + len(unreadable)
    tally.rows = accepted - groups.blank + len(unreadable)
    tally.skipped = skipped
    if tally.rows == 0:
        _no_rows(raw, header, accepted + len(rejects), display, tally)
    if skipped:
        reason_of = dict(groups.first_bad)
        positions = [(lines[k], _describe(reason_of[k], header, columns, source, date_formats, decimal)) for k in bad_ordinals]
        positions += [(line, _describe_reject(r)) for r, line in unreadable]
        positions.sort()
        shown = "; ".join(f"{display}:{line}: {why}" for line, why in positions[:SHOWN_POSITIONS])
        more = ", ..." if skipped > SHOWN_POSITIONS else ""
        # Equal counts in the order the reasons first occur (the grouping query returns groups in
        # no set order); reject kinds after them, as before.
        ordered = sorted(bad.items(), key=lambda item: groups.first_of.get(item[0], 0))
        by_reason = {(_REASONS[r][1] if r in _REASONS else r): n for r, n in ordered}
        for r, _ in unreadable:
            label = "wrong number of fields" if r.kind == "fields" else "unreadable row"
            by_reason[label] = by_reason.get(label, 0) + 1
        summary = ", ".join(f"{n} {why}" for why, n in sorted(by_reason.items(), key=lambda x: -x[1]))
        unread = {text: n for text, n in values["s"].items() if scores.get(text) is None}
        hints = [_label_hint(unknown, ctx), _score_hint(unread) if "not-a-number" in bad else None]
        hint = "; ".join(h for h in hints if h) or (
            "no row of this file could be used: check the source's settings" if skipped == tally.rows else None
        )
        tally.problems.append(
            Problem(
                Location(display, positions[0][0] if positions else None),
                f"{skipped} of {tally.rows} rows skipped ({summary}): {shown}{more}",
                hint,
                Severity.WARNING,
                "feedback-rows",
            )
        )


def _no_rows(raw, header: Header, duckdb_rows: int, display: str, tally: FileTally) -> None:
    """A file with no data row is never silent: a warning when it holds none, an error when the
    reader found none in lines that hold some (it must not pass as an empty survey)."""
    if duckdb_rows == 0 and has_data_after_header(raw.path, header):
        raise FileError(
            f"no row could be read, though the file has lines with values after its header (line {header.lines})",
            "check the delimiter, quoting and header_rows settings of this feedback source",
            header.lines + 1,
        )
    tally.problems.append(
        Problem(
            Location(display, header.line),
            "no responses: the file has a header but no rows with values",
            "export the survey again once it has responses, or remove the file",
            Severity.WARNING,
            "feedback-rows",
        )
    )


def has_data_after_header(path: Path, header: Header) -> bool:
    """True when a record after the header has a cell with more than whitespace (csv module; used
    only when DuckDB found no row, so its cost does not matter)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        for _ in range(header.lines):
            f.readline()
        reader = csv.reader(f, delimiter=header.delimiter, quotechar='"', doublequote=True)
        try:
            return any(cell.strip() for record in reader for cell in record)
        except csv.Error:
            return True


def _blank_row(touchpoint: str, ncols: int) -> str:
    """SQL: every cell of the row is NULL or whitespace; checked in full only for rows whose
    touchpoint cell does not start with a printable character (so not per row)."""
    every = " AND ".join(f"coalesce(trim(c{i}), '') = ''" for i in range(ncols))
    return f"CASE WHEN {_not_blank(touchpoint)} THEN false ELSE {every} END"


def _score_hint(unread: dict[str, int]) -> str | None:
    """What to do about score cells written as words: name a few, point at score_labels."""
    labels = [Redactor().redact(label) for label in word_labels(unread)]
    if not labels:
        return None
    shown = ", ".join(f"'{label}'" for label in labels)
    example = ", ".join(f'"{label}": N' for label in labels[:2])
    return f"scores written as labels ({shown}): map each to its number with score_labels: {{{example}}} in the feedback source"


def _printable(expr: str) -> str:
    """SQL: the first character is printable ASCII other than a space, so trim() keeps it."""
    return f"ord({expr}) BETWEEN 33 AND 126"


def _date_key(c: str) -> str:
    """SQL: the date part of a date column: trimmed, cut at a space or a 'T' (a time follows).

    The plain value when it has neither and starts and ends with a character trim() keeps: the
    same result, without trim and two split_parts on every row (measured: 5% of pass 2).
    """
    full = f"split_part(split_part(trim({c}), ' ', 1), 'T', 1)"
    fast = f"NOT contains({c}, ' ') AND NOT contains({c}, 'T') AND {_printable(c)} AND {_printable(f'right({c}, 1)')}"
    return f"CASE WHEN {fast} THEN {c} ELSE {full} END"


def _not_blank(c: str) -> str:
    """SQL: coalesce(trim(c), '') <> '', without trimming every comment (measured: 20% of pass 2)."""
    return f"CASE WHEN {c} IS NULL THEN false WHEN {_printable(c)} THEN true ELSE trim({c}) <> '' END"


# A comment with no '@' and fewer than four digits holds nothing the redactor replaces (an
# e-mail needs an '@'; a postcode, the shortest other kind, four digits): only the others are
# counted in Python. RE2's \d is ASCII only; \p{Nd} is the Unicode class Python's \d matches.
_SUSPECT = r"\p{Nd}\P{Nd}*\p{Nd}\P{Nd}*\p{Nd}\P{Nd}*\p{Nd}"


class _Counting:
    """Redaction counts over distinct (text, rows) in a thread; result() waits and re-raises."""

    def __init__(self, suspects: list[tuple[str, int]]):
        self._suspects = suspects
        self._counts: Counter[str] = Counter()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="feedback-redaction-counts", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for text, rows in self._suspects:
                redactor = Redactor()
                redactor.redact(text)
                for kind, found in redactor.counts.items():
                    self._counts[kind] += found * rows
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> Counter[str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return Counter({kind: self._counts[kind] for kind in KINDS if self._counts[kind]})


def _table(con, name: str, columns: dict[str, tuple[list, str]]) -> None:
    """A small lookup table from Python lists, in one statement (no row-by-row inserts)."""
    names = list(columns)
    select = ", ".join(f"unnest(${i + 1}::{kind}[]) AS {n}" for i, (n, (_, kind)) in enumerate(columns.items()))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", [columns[n][0] for n in names])


def scan_sql(path: Path, header: Header, ncols: int, rejects: tuple[str, str], ordinality: bool = True) -> str:
    """DuckDB's reader with nothing left to guess: delimiter, quoting, header and columns given."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
    options = [
        f"delim={_literal(header.delimiter)}",
        "quote='\"'",
        "escape='\"'",
        "header=false",
        f"skip={header.skip}",
        "auto_detect=false",
        f"columns={columns}",
        "strict_mode=true",
        "ignore_errors=true",
        "null_padding=false",
        f"max_line_size={MAX_LINE}",
        # DuckDB's buffer defaults to 16 x max_line_size: 256 MiB per scan here, ~250 MiB of peak
        # memory (measured at 5 M rows). Two lines of the longest allowed length still fit.
        f"buffer_size={2 * MAX_LINE}",
        "store_rejects=true",
        f"rejects_table='{rejects[0]}'",
        f"rejects_scan='{rejects[1]}'",
    ]
    scan = f"read_csv({_literal(str(path))}, {', '.join(options)})"
    return f"SELECT ordinality AS k, * FROM {scan} WITH ORDINALITY" if ordinality else f"SELECT * FROM {scan}"


_BLANK_ROW = re.compile(r'[\s;,|]*')


def read_rejects(con, table: str) -> list[Reject]:
    """DuckDB's reject table -> one Reject per row (a row can have several errors)."""
    rows = con.execute(
        f"SELECT line, error_type, error_message, csv_line FROM {table} ORDER BY line, byte_position"
    ).fetchall()
    rejects: dict[int, Reject] = {}
    for line, kind, message, text in rows:
        if line in rejects:
            continue
        body = (text or "").lstrip("\r\n")
        if _BLANK_ROW.fullmatch(body):
            rejects[line] = Reject(line, body.count("\n"), "blank")  # only separators: not data, kept for line numbers
        elif kind == "UNQUOTED VALUE" and body.count('"') % 2:
            # DuckDB says "unterminated quote" for `"x"y` too; only an odd quote count is never closed
            rejects[line] = Reject(line, body.count("\n"), "unterminated")
        elif kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            numbers = re.findall(r"\d+", message or "")
            expected, got = (int(numbers[0]), int(numbers[1])) if len(numbers) >= 2 else (None, None)
            rejects[line] = Reject(line, body.count("\n"), "fields", expected, got)
        elif kind == "UNQUOTED VALUE":
            rejects[line] = Reject(line, body.count("\n"), "quote")
        else:
            rejects[line] = Reject(line, body.count("\n"), kind.lower())
    return list(rejects.values())


def _csv_counted(linemap: LineMap, path: Path, header: Header, ncols: int) -> LineMap:
    """A LineMap that asks the csv module, for files with blank lines between rows."""

    class Counted(LineMap):
        def resolve(self, ordinals: set[int]) -> tuple[dict[int, int], list[int]]:
            lines, rejects = count_with_csv(path, header.delimiter, header.skip - (1 if header.sep_line else 0),
                                            header.sep_line, ncols, set(ordinals))
            return lines, rejects

    return Counted(linemap.header_lines, linemap.skip, linemap.rejects, linemap.newlines_before)


def _describe(reason: str, header: Header, columns: dict[str, int], source, formats, decimal) -> str:
    column, text = _REASONS[reason]
    if reason == "out-of-scale":
        low, high = source.survey_scale
        text += f" {low:g}..{high:g}"
    elif reason == "bad-date" and formats:
        text += " (expected " + " or ".join(_example(f) for f in formats[:3]) + ")"
    elif reason == "not-a-number" and decimal == ",":
        text += " (decimal mark ',')"
    if column in columns:
        i = columns[column]
        return f"column {i + 1} '{file_text(header.names[i], COLUMN_CHARS)}': {text}"
    return text


def _describe_reject(reject: Reject) -> str:
    if reject.kind == "fields" and reject.expected is not None:
        return f"expected {reject.expected} fields, got {reject.found}"
    if reject.kind == "quote":
        return "a quote inside a field that is not quoted"
    return f"row cannot be read ({reject.kind})"


def _example(fmt: str) -> str:
    try:
        return dt.date(2026, 3, 31).strftime(fmt)
    except ValueError:
        return fmt


def _label_hint(unknown: dict[str, list[str]], ctx: Context) -> str | None:
    parts = []
    for kind, labels, resolver, setting in (
        ("touchpoint", unknown["touchpoint"], ctx.touchpoints, "touchpoints"),
        ("persona", unknown["persona"], ctx.personas, "personas"),
    ):
        if not labels:
            continue
        quoted = []
        for label in sorted(labels)[:5]:
            near = did_you_mean(label[:LABEL_CHARS * 2].lower(), resolver.candidates())
            quoted.append(f"'{file_text(label, LABEL_CHARS)}'" + (f" ({near})" if near else ""))
        parts.append(f"unknown {kind} labels {', '.join(quoted)}: map them with {setting}: in the feedback source")
    return "; ".join(parts) or None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
