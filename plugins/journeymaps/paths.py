"""Which files under the journeys folder may be read at all: the first step's guard, used by
load (YAML) and feedback (CSV) alike. Nothing is read through a link that leaves the folder."""

from __future__ import annotations

from pathlib import Path


def refuse_reason(path: Path, journeys: Path) -> tuple[str, str] | None:
    """Why a file found under the journeys folder must not be read, as (message, hint), or None:
    a link that resolves outside the journeys folder (its rows would be published, /proc files
    hang the build), a link to nothing, or something that is not a regular file (FIFO, device)."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "this link points to a file that does not exist", "fix or remove the link"
    if not resolved.is_relative_to(journeys.resolve()):
        return "this file links outside the journeys folder and is not read", "copy the file into the journey folder"
    if not (resolved.is_file() or resolved.is_dir()):
        return "this is not a regular file (a FIFO or a device) and is not read", "replace it with a regular file"
    return None
