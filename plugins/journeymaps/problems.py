"""Problems found in a site's sources: what every step reports, and how a person reads it.

Every message names a file, a line and a column, says what is wrong and, where we can tell,
what to do about it. No step raises a bare exception at a user: it collects Problems and the
caller decides whether they stop the build (errors) or only warn (warnings).

A message often quotes what a file says (a label, a column name, an id), and it is printed on
one line of a build log or a CI job, where a line that starts with `::error file=...` is a
command to the runner. So a Problem escapes every control character in its file, message and
hint when it is made (see `one_line`): whoever prints it, however, prints one line per problem.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable


class Severity(str, Enum):
    """How much a Problem matters: an error stops the build, a warning is logged as one (so
    `mkdocs build --strict` fails on it), info is logged and never fails a build."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# C0 and C1 controls and DEL (line feed, carriage return, escape...), the Unicode line and
# paragraph separators, and the bidi controls that make a log line read other than it is.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Text from a file made safe for one line of a log: control characters (line breaks
    included) written as escapes, `\\n` or `\\x1b` or `\\u2028`, so nothing it holds can start a line."""
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(0)) or _escape(m.group(0)), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Location:
    """Where something was written: a file relative to the site root, and a 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", one_line(str(self.file)))

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the sources, with where it is and what to do."""

    location: Location
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", one_line(str(self.message)))
        if self.hint is not None:
            object.__setattr__(self, "hint", one_line(str(self.hint)))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        """True for an error: the build stops."""
        return self.severity is Severity.ERROR


class SourceError(Exception):
    """The sources cannot be turned into a site. Carries every error found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Problems:
    """A collector: steps add to it and the caller raises once, so a user sees all errors in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Collect one problem as it is."""
        self.items.append(problem)

    def error(self, location: Location | None, message: str, hint: str | None = None, code: str = "invalid") -> None:
        """Collect an error at `location` (a model's location, None only for an item not read from a
        file, which is reported against the journeys folder)."""
        self.items.append(Problem(location or _JOURNEYS, message, hint, Severity.ERROR, code))

    def warning(self, location: Location | None, message: str, hint: str | None = None, code: str = "warning") -> None:
        """Collect a warning at `location` (None: the journeys folder, as for `error`)."""
        self.items.append(Problem(location or _JOURNEYS, message, hint, Severity.WARNING, code))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Collect problems another step found."""
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """The errors collected so far, in the order found."""
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings collected so far, in the order found."""
        return [p for p in self.items if p.severity is Severity.WARNING]

    def raise_errors(self) -> None:
        """Raise SourceError with every error collected, if there is one; warnings never raise."""
        if self.errors:
            raise SourceError(self.errors)


# Where a problem is reported when the item has no location of its own (see Problems.error).
_JOURNEYS = Location("journeys")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The hint for a misspelt field or id: the closest known name, if one is close enough."""
    word = str(word)
    cutoff = 0.5 if len(word) <= 4 else 0.6  # 'dp' -> 'do' is a typo, though half the letters differ
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=cutoff)
    if matches:
        return f"did you mean '{matches[0]}'?"
    return None


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (loc.file, loc.line or 0, loc.column or 0, problem.message)


def relative(path: Path, root: Path) -> str:
    """A path as a user sees it in messages and edit links: relative to the site root, with '/'."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
