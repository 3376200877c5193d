"""Calendar quarters: which quarter a commit falls in, and each touchpoint's measured score per
quarter from the site's current feedback.

The score of a quarter is computed the way the current score is (analysis/current.py) but over
that quarter's three months: the months' counts and journey-scale sums add up to the mean, and
the months' survey-unit tallies add up to the metric's own figure, so an NPS is that quarter's
promoters minus detractors, never a mean of monthly NPS figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ..feedback import JourneyFeedback
from ..feedback.metrics import Tally, metric_value
from ..model import Journey
from .records import Change, Quarter, QuarterScore, quarter_of


def quarter_of_month(month: str) -> tuple[int, int]:
    """(year, quarter) of a month written 'YYYY-MM'."""
    year, number = month.split("-")
    return int(year), (int(number) - 1) // 3 + 1


def quarter_scores(journey: Journey, feedback: Optional[JourneyFeedback],
                   min_responses: int) -> dict[tuple[int, int], list[QuarterScore]]:
    """(year, quarter) -> the measured score of each touchpoint with responses in that quarter, in
    the journey's touchpoint order, everyone together (persona None)."""
    found: dict[tuple[int, int], list[QuarterScore]] = {}
    if feedback is None:
        return found
    for touchpoint in journey.touchpoints:
        cell = feedback.cell(touchpoint.id)
        if cell is None:
            continue
        counts: dict[tuple[int, int], tuple[int, float, Tally]] = {}
        for point in cell.monthly:
            key = quarter_of_month(point.month)
            count, total, tally = counts.get(key, (0, 0.0, Tally()))
            if point.tally is not None:
                tally.add(point.tally)
            counts[key] = (count + point.count, total + point.count * point.mean, tally)
        for key, (count, total, tally) in counts.items():
            if not count:
                continue
            found.setdefault(key, []).append(QuarterScore(
                touchpoint.id, touchpoint.title, count, total / count, cell.metric.value,
                metric_value(cell.metric, tally) if tally.n else None, touchpoint.target,
                count >= min_responses,
            ))
    return found


def quarters(changes: list[Change], scores: dict[tuple[int, int], list[QuarterScore]]) -> list[Quarter]:
    """The quarters with a change or a score, newest first; each quarter's changes newest first
    (in the order each commit made them)."""
    by_quarter: dict[tuple[int, int], list[Change]] = {}
    for change in changes:
        by_quarter.setdefault(quarter_of(change.commit.date.date()), []).append(change)
    keys = sorted(set(by_quarter) | set(scores), reverse=True)
    result = []
    for key in keys:
        by_commit: dict[str, list[Change]] = {}
        for change in by_quarter.get(key, []):  # oldest commit first, each commit's changes in its order
            by_commit.setdefault(change.commit.sha, []).append(change)
        newest_first = [c for sha in reversed(list(by_commit)) for c in by_commit[sha]]
        result.append(Quarter(key[0], key[1], tuple(newest_first), tuple(scores.get(key, []))))
    return result
