"""The header of one export: delimiter, column names, how many lines it takes, and which column is which.

Header names match the source's `columns:` ignoring case and runs of whitespace, line breaks
included: Microsoft Forms writes a question's scale legend on extra lines inside the quoted
header cell. A name the reader needs that occurs twice is an error naming it; a name not found
lists the file's columns and, when the label looks like question text, points at `header_rows`.

DuckDB guesses a file's line ending from the first line break it meets. When that break is
inside a quoted header cell and differs from the rows' own (`\\n` in a header, `\\r\\n` after
each row), DuckDB 2.0 reads no row and reports nothing (measured). Such a file is read from a
copy whose header breaks are the rows' own: same lines, same line numbers.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..model import FeedbackSource
from ..problems import did_you_mean
from .dialect import choose_delimiter, excel_sep_line
from .errors import FileError
from .raw import temporary_csv
from .scores import label_key

STANDARD = ("date", "touchpoint", "persona", "score", "comment", "channel", "product")
REQUIRED = ("touchpoint", "score")
MAX_LINE = 16 << 20
PREVIEW = 3  # records read below the header rows, only to find question text for a hint
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Header:
    """What read_header found of a file's header: its column names, delimiter and the lines it takes."""

    names: list[str]  # first header row, runs of whitespace as one space: for matching and messages
    delimiter: str
    sep_line: bool
    lines: int  # physical lines of the sep= line and the header rows
    skip: int   # rows DuckDB skips: the sep= line and the header rows
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells) of every header row and a few more
    mixed_breaks: bool = False  # header cells break lines unlike the rows do: read a copy (see above)

    @property
    def line(self) -> int:
        """The physical line of the column names."""
        return 2 if self.sep_line else 1


def read_header(path: Path, source: FeedbackSource) -> Header:
    """The column names (first header row), the delimiter, and how many lines the header takes."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        second = f.readline()
    sep = excel_sep_line(first.rstrip("\r\n"))
    header_line = second if sep else first
    if sep and source.delimiter == "auto":
        delimiter = sep
    else:
        delimiter = choose_delimiter(header_line.rstrip("\r\n"), source.delimiter, 2 if sep else 1)
    offset = 1 if sep else 0
    rows, lines = _records(path, delimiter, source.header_rows, offset)
    names = [" ".join(name.replace("\ufeff", " ").split()) for name in rows[0][1]]
    mixed = _mixed_breaks(path, lines, [cell for _, cells in rows[: source.header_rows] for cell in cells])
    return Header(names, delimiter, bool(sep), lines, source.header_rows + offset, rows, mixed)


def _records(path: Path, delimiter: str, wanted: int, offset: int) -> tuple[list[tuple[int, list[str]]], int]:
    """(line, cells) of the header rows and up to PREVIEW rows after them; the header's line count."""
    csv.field_size_limit(MAX_LINE)
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        if offset:
            f.readline()
        reader = csv.reader(f, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        lines = offset
        try:
            while len(rows) < wanted:
                start = reader.line_num + 1 + offset
                rows.append((start, next(reader)))
            lines = reader.line_num + offset
            for _ in range(PREVIEW):
                start = reader.line_num + 1 + offset
                rows.append((start, next(reader)))
        except StopIteration:
            if len(rows) < wanted:
                raise FileError(
                    f"the file has {len(rows)} header row(s), the source expects {wanted}",
                    "check header_rows in this feedback source",
                ) from None
        except csv.Error as exc:
            if len(rows) < wanted:
                raise FileError(f"the header cannot be read: {exc}", None, reader.line_num + offset) from None
    return rows, lines


def _mixed_breaks(path: Path, lines: int, cells: list[str]) -> bool:
    """True when a header cell breaks a line unlike the header's last line ends."""
    inside = {found for cell in cells for found in _BREAK.findall(cell)}
    return bool(inside) and inside != {_ending(path, lines)}


def _ending(path: Path, lines: int) -> str:
    """How physical line `lines` ends: '\\r\\n', '\\n' or '\\r' ('\\n' at the end of the file)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        last = ""
        for _ in range(lines):
            last = f.readline()
    found = _BREAK.search(last[-2:]) if last else None
    return found.group(0) if found else "\n"


def header_copy(path: Path, header: Header, workdir: Path) -> Path:
    """A UTF-8 copy of the file in `workdir` whose header line breaks are the rows' own."""
    ending = _ending(path, header.lines)
    target = temporary_csv(workdir)
    with path.open(encoding="utf-8-sig", newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        for _ in range(header.lines):
            dst.write(_BREAK.sub(ending, src.readline()))
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def map_columns(header: Header, source: FeedbackSource) -> dict[str, int]:
    """Standard column -> index, by configured or standard header name (see label_key)."""
    where: dict[str, list[int]] = {}
    for i, name in enumerate(header.names):
        where.setdefault(label_key(name), []).append(i)
    found: dict[str, int] = {}
    missing: list[tuple[str, str, bool]] = []  # (column, header name wanted, configured)
    for column in STANDARD:
        configured = getattr(source.columns, column)
        wanted = configured or column
        at = where.get(label_key(wanted), [])
        if len(at) > 1:
            raise _twice(header, column, at)
        if at:
            found[column] = at[0]
        elif configured or column in REQUIRED:
            missing.append((column, wanted, bool(configured)))
    if missing:
        raise _missing(header, source, missing)
    return found


def _twice(header: Header, column: str, at: list[int]) -> FileError:
    name = header.names[at[0]]
    numbers = ", ".join(str(i + 1) for i in at[:-1]) + f" and {at[-1] + 1}"
    return FileError(
        f"the header names column '{name}' {len(at)} times (columns {numbers}): "
        f"cannot tell which one holds the {column}",
        f"rename all but one in the export's header, or map {column} to a column named once with columns: "
        "in the feedback source",
        header.line,
        at[1] + 1,
    )


def _missing(header: Header, source: FeedbackSource, missing: list[tuple[str, str, bool]]) -> FileError:
    names = header.names
    shown = ", ".join(f"'{n}'" for n in names[:30]) + (", ..." if len(names) > 30 else "")
    what = ", ".join(f"'{wanted}'" + (f" (columns: {column})" if configured else "") for column, wanted, configured in missing)
    hints = (_hint(header, source, column, wanted) for column, wanted, _ in missing)
    return FileError(
        f"missing column{'s' if len(missing) > 1 else ''} {what}; the file has {shown}",
        next((h for h in hints if h), None)
        or "name the columns in the export, or map them with columns: in the feedback source",
        header.line,
    )


def _hint(header: Header, source: FeedbackSource, column: str, wanted: str) -> str | None:
    """What to do about one missing column: the likeliest fix first."""
    key = label_key(wanted)
    names = header.names
    for index, (line, cells) in enumerate(header.rows[1:], start=2):
        for i, cell in enumerate(cells):
            if label_key(cell) == key and i < len(names):
                named = f"map {column}: '{names[i]}' (the name of column {i + 1} on line {header.line})"
                if index <= source.header_rows:
                    return f"'{wanted}' is on header row {index} (line {line}); columns are named by the first: {named}"
                return (
                    f"'{wanted}' is on line {line}, a further header row: set header_rows: to at least {index} "
                    f"and {named}"
                )
    for i, name in enumerate(names):
        if key and label_key(name).startswith(key):
            return f"column {i + 1} is named '{_short(name)}': map {column} by the whole name in columns:"
    near = did_you_mean(wanted, names)
    if near:
        return near
    if wanted.rstrip().endswith("?") or len(wanted.split()) >= 4:
        return (
            f"'{_short(wanted)}' looks like question text: if the export has the questions on a row below "
            "the column names (Qualtrics writes three header rows), set header_rows: and map the column by "
            "its name on the first row"
        )
    return None


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
