"""A journey's feedback sources -> one JourneyFeedback: the step's single entry point.

Files are read in a stable order (source order, then file name). A file that fails is an
error Problem and adds nothing; the others still count. Feedback older than `stale_after`
is the analysis step's concern, not this one's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..model import FeedbackSource, Journey
from ..paths import refuse_reason
from ..problems import Location, Problem, Severity, relative
from .aggregate import BatchTally, SourceTally, combine
from .cache import FeedbackCache
from .cells import JourneyFeedback
from .read import Context, read_exports
from .themes import JourneyThemes


def read_journey_feedback(
    journey: Journey, journey_dir: Path, root: Path, cache: FeedbackCache | None = None
) -> JourneyFeedback:
    """Read, validate, redact and aggregate every feedback file of a journey."""
    cache = cache if cache is not None else FeedbackCache()
    journey_dir, root = Path(journey_dir), Path(root)
    explicit = journey.feedback is not None
    sources = journey.feedback if journey.feedback is not None else [FeedbackSource()]
    feedback = JourneyFeedback()
    tallies: list[SourceTally] = []
    touchpoint_ids = [t.id for t in journey.touchpoints]
    persona_ids = [p.id for p in journey.all_personas]
    connection = None
    comment_files: list[str] = []
    with tempfile.TemporaryDirectory(prefix="journeymaps-feedback-") as work:
        seq = 0
        for source in sources:
            files = _files(source, journey_dir, root, explicit, feedback)
            context = Context.build(source, touchpoint_ids, persona_ids)
            context.comments = cache.comments
            source_tally = SourceTally(source)
            shown = [(path, relative(path, root)) for path in files]
            feedback.files.extend(display for _, display in shown)

            def read(missing: list[tuple[Path, str]], context: Context = context) -> list[BatchTally]:
                nonlocal connection, seq
                if connection is None:
                    import duckdb

                    connection = duckdb.connect()
                    connection.execute("SET enable_progress_bar = false")  # it writes to stdout
                seq += 1
                return read_exports(connection, missing, context, Path(work), seq)

            position = {display: i for i, (_, display) in enumerate(shown)}
            found: list[Problem] = []
            for tally in cache.tallies(shown, context.key, read):
                found += tally.problems
                feedback.notes.extend(tally.notes)
                feedback.rows_skipped += tally.skipped
                if tally.comments:
                    comment_files.append(tally.comments)
                source_tally.add(tally)
            # In the order of the files (batches group them by layout); sorted is stable within a file.
            feedback.problems += sorted(found, key=lambda p: position.get(p.location.file, len(position)))
            tallies.append(source_tally)
        if connection is not None:
            connection.close()
    combine(tallies, (journey.scale[0], journey.scale[1]), feedback)
    feedback.themes = JourneyThemes.find(comment_files, sources or [], cache.themes)
    cache.forget_comments()
    return feedback


def _files(source: FeedbackSource, journey_dir: Path, root: Path, explicit: bool, feedback: JourneyFeedback) -> list[Path]:
    pattern = Path(source.path)
    where = source.field_location("path") or Location(relative(journey_dir, root))
    if pattern.is_absolute() or ".." in pattern.parts:
        feedback.problems.append(
            Problem(where, f"feedback path '{source.path}' leaves the journey folder",
                    "use a path inside the journey folder, such as feedback/*.csv", Severity.ERROR, "feedback-path")
        )
        return []
    files = []
    for path in sorted(journey_dir.glob(source.path)):
        refused = refuse_reason(path, journey_dir.parent)
        if refused:
            shown = f"{relative(path.parent, root)}/{path.name}"  # the link itself, not where it points
            feedback.problems.append(Problem(Location(shown), refused[0], refused[1],
                                             Severity.ERROR, "feedback-path"))
        elif path.is_file():
            files.append(path)
    if explicit and not files:
        feedback.problems.append(
            Problem(where, f"feedback path '{source.path}' matches no files", "check the path and the file names",
                    Severity.WARNING, "feedback-path")
        )
    return files
