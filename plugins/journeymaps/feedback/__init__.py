"""The feedback step: survey exports (CSV) -> redacted, validated scores per touchpoint x persona.

    from journeymaps.feedback import read_journey_feedback, FeedbackCache
    fb = read_journey_feedback(journey, journey_dir, root, cache)
    fb.cell("checkout", "sanne").mean      # on the journey scale; fb.problems for what went wrong

Modules: raw (bytes, encoding, hash), dialect (delimiter, decimal, dates), header (column names
and which is which), scores (numbers, labelled scale ends, score_labels), read (DuckDB, rows,
rejects; many files as one scan), sql (the reader's SQL), skipped (the warning of skipped
rows), lines (physical line numbers), labels (survey labels -> ids), redact (personal data),
metrics (CSAT, NPS, CES, scale mapping), aggregate (tallies -> Cells), cache, journey (entry),
themes (comment themes per touchpoint: theme_terms finds them on a sample, theme_sql counts them).
"""

from .cache import FeedbackCache
from .cells import Cell, JourneyFeedback, MonthPoint, Quote
from .journey import read_journey_feedback
from .redact import Redactor, redact

__all__ = [
    "Cell",
    "FeedbackCache",
    "JourneyFeedback",
    "MonthPoint",
    "Quote",
    "Redactor",
    "read_journey_feedback",
    "redact",
]
