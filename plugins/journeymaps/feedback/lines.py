"""Row numbers -> physical line numbers, the ones a person sees in an editor.

DuckDB numbers rows, not lines: a comment spanning three lines is one row, and its reject
table counts rows. People open the file at a line. So the physical line of a row is its row
number plus every newline inside quoted fields before it (and in the header rows).

That sum needs one cheap pass, and only when the file has multi-line fields at all. It is
exact when every physical line is part of a row; blank lines between rows break it, and no
parser reports them. So the total is checked against the file's own line count, and when
they differ the lines are counted again with Python's csv module (slower, but rare).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Reject:
    """A row DuckDB could not split into the right number of fields."""

    row: int          # DuckDB's line: rows before it (header rows included), plus one
    newlines: int     # inside the row itself
    kind: str         # 'fields' | 'quote' | other DuckDB error type
    expected: int | None = None
    found: int | None = None


@dataclass
class LineMap:
    """Where the data starts, and how to find the line of an accepted row or a reject."""

    header_lines: int     # physical lines taken by the sep= line and the header rows
    skip: int             # rows DuckDB skipped for them
    rejects: list[Reject]
    newlines_before: Callable[[set[int]], dict[int, int]]  # ordinal -> newlines in accepted rows before it

    def resolve(self, ordinals: set[int]) -> tuple[dict[int, int], list[int]]:
        """Physical lines of accepted rows (by ordinal) and of every reject (in file order)."""
        rejects = sorted(self.rejects, key=lambda r: r.row)
        wanted = set(ordinals)
        accepted_before_reject = []
        for index, reject in enumerate(rejects):
            ordinal = reject.row - self.skip - index  # the next accepted row's ordinal
            accepted_before_reject.append(ordinal)
            wanted.add(ordinal)
        before = self.newlines_before(wanted) if wanted else {}
        shift = self.header_lines - self.skip
        reject_lines = []
        reject_newlines = 0
        for index, reject in enumerate(rejects):
            reject_lines.append(reject.row + shift + before.get(accepted_before_reject[index], 0) + reject_newlines)
            reject_newlines += reject.newlines
        # A reject shifts every later row by one: walk the ordinals in order alongside the rejects.
        lines = {}
        index, extra = 0, 0
        for ordinal in sorted(ordinals):
            row = self.skip + ordinal + index
            while index < len(rejects) and rejects[index].row <= row:
                extra += rejects[index].newlines
                index += 1
                row += 1
            lines[ordinal] = row + shift + before.get(ordinal, 0) + extra
        return lines, reject_lines

    def expected_lines(self, accepted: int, newlines_in_accepted: int) -> int:
        """The physical line count the file must have if no line went uncounted."""
        return self.header_lines + accepted + len(self.rejects) + newlines_in_accepted + sum(
            r.newlines for r in self.rejects
        )


def count_with_csv(
    path: Path, delimiter: str, header_records: int, sep_line: bool, columns: int, ordinals: set[int]
) -> tuple[dict[int, int], list[int]]:
    """The slow, sure way: walk the file with the csv module, as DuckDB splits it."""
    lines: dict[int, int] = {}
    rejects: list[int] = []
    last = max(ordinals, default=0)
    with path.open(encoding="utf-8-sig", newline="") as f:
        if sep_line:
            f.readline()
        reader = csv.reader(f, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        offset = 1 if sep_line else 0
        ordinal = 0
        previous = 0
        records = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                rejects.append(previous + 1 + offset)
                previous = reader.line_num
                continue
            start = previous + 1 + offset
            previous = reader.line_num
            records += 1
            if records <= header_records or not record:
                continue
            if len(record) != columns:
                rejects.append(start)
                continue
            ordinal += 1
            if ordinal in ordinals:
                lines[ordinal] = start
            if ordinal >= last and len(lines) == len(ordinals):
                # every wanted row found; keep walking only while rejects may still be reported
                if len(rejects) >= 10:
                    break
    return lines, rejects
