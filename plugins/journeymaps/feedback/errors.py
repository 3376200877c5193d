"""The one way a feedback file fails as a whole: a message, what to do, and the line (and column) if known.
read.read_exports turns it into an error Problem of that file; nothing else escapes the feedback step."""

from __future__ import annotations


class FileError(Exception):
    """The file as a whole cannot be used. `column` is a 1-based field number of the CSV row."""

    def __init__(self, message: str, hint: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
