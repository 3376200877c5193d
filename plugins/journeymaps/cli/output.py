"""Problems as the commands print them: for people, as JSON, as GitHub annotations, as a GitLab
Code Quality report. Each formatter takes a problem and `display`, which turns the problem's file
(relative to the site) into the path to show (common.display_paths)."""

from __future__ import annotations

import hashlib
from typing import Any, Callable

from ..problems import Problem, Severity

Display = Callable[[str], str]


def as_human(p: Problem, display: Display) -> str:
    """One line: `file:line:column: severity: message (hint)`."""
    loc = p.location
    where = ":".join([display(loc.file)] + [str(n) for n in (loc.line, loc.column) if n is not None])
    text = f"{where}: {p.severity.value}: {p.message}"
    return text + (f" ({p.hint})" if p.hint else "")


def as_json(p: Problem, display: Display) -> dict[str, Any]:
    """A JSON object: file, line, column, severity, code, message, hint."""
    return {
        "file": display(p.location.file), "line": p.location.line, "column": p.location.column,
        "severity": p.severity.value, "code": p.code, "message": p.message, "hint": p.hint,
    }


def as_github(p: Problem, display: Display) -> str:
    """A workflow command: GitHub shows it as an annotation on the line of the pull request."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[p.severity]
    props = [f"file={_gh_property(display(p.location.file))}"]
    if p.location.line is not None:
        props.append(f"line={p.location.line}")
        if p.location.column is not None:
            props.append(f"col={p.location.column}")
    message = p.message + (f" ({p.hint})" if p.hint else "")
    return f"::{command} {','.join(props)}::{_gh_data(message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def as_code_quality(p: Problem, display: Display) -> dict[str, Any]:
    """GitLab's Code Quality report format: shown in the merge request widget and the diff."""
    file = display(p.location.file)
    fingerprint = hashlib.sha1(f"{file}\0{p.code}\0{p.message}".encode("utf-8")).hexdigest()
    severity = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}[p.severity]
    return {
        "description": p.message + (f" ({p.hint})" if p.hint else ""),
        "check_name": p.code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": file, "lines": {"begin": p.location.line or 1}},
    }
