"""The SQL that reads exports: DuckDB's CSV reader with nothing left to guess, and the small
expressions the passes of read.py are made of (each measured against the plain form it replaces).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

from .header import MAX_LINE, Header
from .lines import Reject


def scan_sql(paths: list[Path], header: Header, ncols: int, rejects: tuple[str, str], ordinality: bool = True) -> str:
    """DuckDB's reader with nothing left to guess: delimiter, quoting, header and columns given.

    Several files are one scan: their rows come in file order, each file's in its order, so
    the ordinal of a file's row is its ordinal in the scan less the rows of the files before it
    (the suite checks lines and quotes of files read together).
    """
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
    options = [
        f"delim={literal(header.delimiter)}",
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
    files = "[" + ", ".join(literal(str(path)) for path in paths) + "]"
    scan = f"read_csv({files}, {', '.join(options)})"
    if ordinality:
        return f"SELECT ordinality AS k, file_index, * FROM {scan} WITH ORDINALITY"
    return f"SELECT file_index, * FROM {scan}"


STORE_COMPRESSION = "uncompressed"  # see read.py's docstring for what the others cost


def copy_sql(scan: str, path: Path) -> str:
    """COPY a scan (scan_sql without ordinality) to a Parquet file at `path`, in the scan's order
    (preserve_insertion_order, DuckDB's default; themes.keep turns it off for its own COPY only):
    its rows' positions there (file_row_number) are their ordinals in the scan, less one."""
    return f"COPY ({scan}) TO {literal(str(path))} (FORMAT parquet, COMPRESSION {STORE_COMPRESSION})"


def stored_sql(path: Path, ncols: int, ordinality: bool = True) -> str:
    """The rows copied by copy_sql, as scan_sql gives them: `k` (with `ordinality`) their ordinal
    in the scan, from 1; file_index; c0.. Parallel, and `k` holds under any filter."""
    columns = ", ".join(f"c{i}" for i in range(ncols))
    source = f"read_parquet({literal(str(path))}, file_row_number=true)"
    if ordinality:
        return f"SELECT file_row_number + 1 AS k, file_index, {columns} FROM {source}"
    return f"SELECT file_index, {columns} FROM {source}"


def read_rejects(con: duckdb.DuckDBPyConnection, table: str) -> dict[int, list[Reject]]:
    """DuckDB's reject table -> per file (its index in the scan) one Reject per row (a row can
    have several errors)."""
    rows = con.execute(
        # A row short of fields has an error per missing column, at one byte_position: the first
        # column missing says how many were found (without column_idx the pick varied by run).
        f"SELECT file_id, line, error_type, error_message, csv_line FROM {table} "
        "ORDER BY file_id, line, byte_position, column_idx"
    ).fetchall()
    found: dict[int, dict[int, Reject]] = {}
    for file_id, line, kind, message, text in rows:
        rejects = found.setdefault(file_id, {})
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
    return {file_id: list(rejects.values()) for file_id, rejects in found.items()}


_BLANK_ROW = re.compile(r'[\s;,|]*')


def table(con: duckdb.DuckDBPyConnection, name: str, tables: list[str], columns: dict[str, tuple[list[Any], str]]) -> None:
    """A small lookup table from Python lists, in one statement (no row-by-row inserts); its
    name is added to `tables`, the ones to drop when the batch is read."""
    tables.append(name)
    names = list(columns)
    select = ", ".join(f"unnest(${i + 1}::{kind}[]) AS {n}" for i, (n, (_, kind)) in enumerate(columns.items()))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", [columns[n][0] for n in names])


def newline_count(columns: list[int]) -> str:
    """SQL: the line breaks inside a row's fields (of those `columns`; '0' for none)."""
    return " + ".join(
        f"CASE WHEN contains(c{i}, chr(10)) THEN length(c{i}) - length(replace(c{i}, chr(10), '')) ELSE 0 END"
        for i in columns
    ) or "0"


def blank_row(touchpoint: str, ncols: int) -> str:
    """SQL: every cell of the row is NULL or whitespace; checked in full only for rows whose
    touchpoint cell does not start with a printable character (so not per row)."""
    every = " AND ".join(f"coalesce(trim(c{i}), '') = ''" for i in range(ncols))
    return f"CASE WHEN {not_blank(touchpoint)} THEN false ELSE {every} END"


def printable(expr: str) -> str:
    """SQL: the first character is printable ASCII other than a space, so trim() keeps it."""
    return f"ord({expr}) BETWEEN 33 AND 126"


def date_key(c: str) -> str:
    """SQL: the date part of a date column: trimmed, cut at a space or a 'T' (a time follows).

    The plain value when it has neither and starts and ends with a character trim() keeps: the
    same result, without trim and two split_parts on every row (measured: 5% of pass 2).
    """
    full = f"split_part(split_part(trim({c}), ' ', 1), 'T', 1)"
    fast = f"NOT contains({c}, ' ') AND NOT contains({c}, 'T') AND {printable(c)} AND {printable(f'right({c}, 1)')}"
    return f"CASE WHEN {fast} THEN {c} ELSE {full} END"


def not_blank(c: str) -> str:
    """SQL: coalesce(trim(c), '') <> '', without trimming every comment (measured: 20% of pass 2)."""
    return f"CASE WHEN {c} IS NULL THEN false WHEN {printable(c)} THEN true ELSE trim({c}) <> '' END"


def literal(text: str) -> str:
    """`text` as an SQL string literal: in single quotes, a quote inside doubled."""
    return "'" + text.replace("'", "''") + "'"
