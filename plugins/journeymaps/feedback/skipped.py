"""What a file says about the rows it could not use: one warning per file, naming the first
few rows by file:line and why, and what to change in the feedback source.

Messages name file, line and column, never a comment's text: comments carry personal data.
The labels, column names and header cells they do quote are redacted as comments are.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ..model import FeedbackSource
from ..problems import Location, Problem, Severity, did_you_mean
from .errors import FileError
from .header import Header
from .labels import LabelMap
from .labels import shown as file_text
from .lines import Reject
from .raw import RawFile
from .redact import Redactor
from .scores import word_labels


REASONS = {
    "no-touchpoint": ("touchpoint", "no touchpoint"),
    "unknown-touchpoint": ("touchpoint", "unknown touchpoint"),
    "no-score": ("score", "no score"),
    "not-a-number": ("score", "score is not a number"),
    "out-of-scale": ("score", "score outside the survey scale"),
    "bad-date": ("date", "not a valid date"),
    "future-date": ("date", "dated after the day of the build"),
    "unknown-persona": ("persona", "unknown persona"),
}

SHOWN_POSITIONS = 5
# Text of the file that a message quotes (labels, column names, a header) is redacted like a
# published comment and cut to this many characters (labels.shown, here file_text); Problem escapes line breaks.
LABEL_CHARS = 40
COLUMN_CHARS = 200  # column names are often the survey's whole question
MESSAGE_CHARS = 600


def no_rows(raw: RawFile, header: Header, duckdb_rows: int, display: str) -> list[Problem]:
    """A file with no data row is never silent: a warning when it holds none, an error when the
    reader found none in lines that hold some (it must not pass as an empty survey)."""
    if duckdb_rows == 0 and has_data_after_header(raw.path, header):
        raise FileError(
            f"no row could be read, though the file has lines with values after its header (line {header.lines})",
            "check the delimiter, quoting and header_rows settings of this feedback source",
            header.lines + 1,
        )
    return [
        Problem(
            Location(display, header.line),
            "no responses: the file has a header but no rows with values",
            "export the survey again once it has responses, or remove the file",
            Severity.WARNING,
            "feedback-rows",
        )
    ]


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


def score_hint(unread: dict[str, int]) -> str | None:
    """What to do about score cells written as words: name a few, point at score_labels."""
    labels = [Redactor().redact(label) for label in word_labels(unread)]
    if not labels:
        return None
    shown = ", ".join(f"'{label}'" for label in labels)
    example = ", ".join(f'"{label}": N' for label in labels[:2])
    return f"scores written as labels ({shown}): map each to its number with score_labels: {{{example}}} in the feedback source"


def describe(reason: str, header: Header, columns: dict[str, int], source: FeedbackSource, formats: list[str],
             decimal: str) -> str:
    """Why rows were skipped, for the warning: the reason (a key of REASONS) in words, with the
    scale, the date formats tried or the decimal mark where they explain it, and the column
    (1-based, its name shortened) when the file has it."""
    column, text = REASONS[reason]
    if reason == "out-of-scale":
        low, high = source.survey_scale
        text += f" {low:g}..{high:g}"
    elif reason == "bad-date" and formats:
        text += " (expected " + " or ".join(example(f) for f in formats[:3]) + ")"
    elif reason == "not-a-number" and decimal == ",":
        text += " (decimal mark ',')"
    if column in columns:
        i = columns[column]
        return f"column {i + 1} '{file_text(header.names[i], COLUMN_CHARS)}': {text}"
    return text


def describe_reject(reject: Reject) -> str:
    """A row DuckDB could not split, in words: the field count expected and found, a stray quote."""
    if reject.kind == "fields" and reject.expected is not None:
        return f"expected {reject.expected} fields, got {reject.found}"
    if reject.kind == "quote":
        return "a quote inside a field that is not quoted"
    return f"row cannot be read ({reject.kind})"


def example(fmt: str) -> str:
    """A strptime format shown as a date (31 March 2026), or as written if it is not one."""
    try:
        return dt.date(2026, 3, 31).strftime(fmt)
    except ValueError:
        return fmt


def label_hint(unknown: dict[str, list[str]], touchpoints: LabelMap, personas: LabelMap) -> str | None:
    """What to do about labels no id resolves: name a few (with the nearest id), point at the maps."""
    parts = []
    for kind, labels, resolver, setting in (
        ("touchpoint", unknown["touchpoint"], touchpoints, "touchpoints"),
        ("persona", unknown["persona"], personas, "personas"),
    ):
        if not labels:
            continue
        quoted = []
        for label in sorted(labels)[:5]:
            near = did_you_mean(label[:LABEL_CHARS * 2].lower(), resolver.candidates())
            quoted.append(f"'{file_text(label, LABEL_CHARS)}'" + (f" ({near})" if near else ""))
        parts.append(f"unknown {kind} labels {', '.join(quoted)}: map them with {setting}: in the feedback source")
    return "; ".join(parts) or None


def skipped_problem(display: str, rows: int, bad: dict[str, int], first_of: dict[str, int],
                    described: list[tuple[int, str]], unreadable: list[tuple[int, Reject]],
                    hints: list[str | None]) -> Problem:
    """The file's one warning: how many of its `rows` were skipped and why, the first few by
    file:line, and what to do. `bad` counts the rows per reason (see REASONS), `first_of` is the
    ordinal of each reason's first row (for the order of equal counts), `described` the
    (line, why) of the first bad rows, `unreadable` the (line, Reject) of rows DuckDB rejected."""
    skipped = sum(bad.values()) + len(unreadable)
    positions = sorted(described + [(line, describe_reject(r)) for line, r in unreadable])
    shown = "; ".join(f"{display}:{line}: {why}" for line, why in positions[:SHOWN_POSITIONS])
    more = ", ..." if skipped > SHOWN_POSITIONS else ""
    # Equal counts in the order the reasons first occur (the grouping query returns groups in
    # no set order); reject kinds after them.
    ordered = sorted(bad.items(), key=lambda item: first_of.get(item[0], 0))
    by_reason = {(REASONS[r][1] if r in REASONS else r): n for r, n in ordered}
    for _, r in unreadable:
        label = "wrong number of fields" if r.kind == "fields" else "unreadable row"
        by_reason[label] = by_reason.get(label, 0) + 1
    summary = ", ".join(f"{n} {why}" for why, n in sorted(by_reason.items(), key=lambda x: -x[1]))
    hint = "; ".join(h for h in hints if h) or (
        "no row of this file could be used: check the source's settings" if skipped == rows else None
    )
    return Problem(Location(display, positions[0][0] if positions else None),
                   f"{skipped} of {rows} rows skipped ({summary}): {shown}{more}", hint, Severity.WARNING, "feedback-rows")
