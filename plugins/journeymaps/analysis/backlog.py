"""The improvement backlog in priority order, with the gap each item closes and, once delivered,
whether it worked: the mean score before and after its delivery date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from ..model import Improvement, ImprovementStatus, Journey
from .states import JourneyStates, TouchpointState

STATUS_ORDER = [
    ImprovementStatus.IN_PROGRESS,
    ImprovementStatus.PLANNED,
    ImprovementStatus.IDEA,
    ImprovementStatus.DONE,
    ImprovementStatus.DROPPED,
]


@dataclass
class BeforeAfter:
    """Mean score (journey scale) in the months before and after delivery, weighted by responses."""

    before: Optional[float]
    before_n: int
    after: Optional[float]
    after_n: int
    p_value: Optional[float] = None  # Welch's t-test of after against before; None below 2 answers a side

    @property
    def beyond_noise(self) -> Optional[bool]:
        """Whether the change is larger than the noise: p < 0.05 in Welch's t-test."""
        return None if self.p_value is None else self.p_value < 0.05

    @property
    def change(self) -> Optional[float]:
        """After minus before, in journey scale points (2 decimals); None without both sides."""
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


@dataclass
class RankedImprovement:
    """One improvement on the backlog, with what ranks it and what it is for.

    `reach` is the written reach (customers per quarter) or, with `reach_from_feedback`, the
    survey's responses per quarter on its touchpoints (reach_from_feedback()); `rice` its RICE score (rice_score); `closes` the
    touchpoint states it covers; `result` the scores before and after a done improvement."""

    improvement: Improvement
    journey: Journey
    reach: Optional[float]
    reach_from_feedback: bool
    rice: Optional[float]
    closes: list[TouchpointState]
    result: Optional[BeforeAfter]

    @property
    def gap(self) -> Optional[float]:
        """The largest gap to target among the touchpoint states it covers."""
        gaps = [s.gap for s in self.closes if s.gap is not None and s.gap > 0]
        return round(max(gaps), 2) if gaps else None


def rice_score(reach: Optional[float], impact: Optional[float], confidence: Optional[float], effort: Optional[float]) -> Optional[float]:
    """RICE = reach x impact x confidence / effort (Intercom's prioritisation score, Sean McBride
    2016: reach in customers per quarter, impact 0.25..3, confidence 0..1, effort in person-weeks);
    rounded to 2 decimals, None until every part is known or when effort is 0."""
    if None in (reach, impact, confidence, effort) or not effort:
        return None
    return round(reach * impact * confidence / effort, 2)  # type: ignore[operator]


def rank_backlog(journey: Journey, states: JourneyStates, feedback: Any) -> list[RankedImprovement]:
    """Group by status (work in progress first), then highest RICE first, items whose reach is the
    survey's responses per quarter after those with a written reach, items without RICE last."""
    ranked = []
    for item in journey.improvements:
        reach, from_feedback = item.reach, False
        if reach is None and feedback is not None:
            volume = reach_from_feedback(item, feedback)
            if volume is not None:
                reach, from_feedback = volume, True
        closes = [
            s
            for t in item.touchpoints
            for s in [states.of(t, p) for p in (item.personas or [])] or [states.of(t)]
            if s is not None
        ]
        result = None
        if item.status is ImprovementStatus.DONE and item.delivered and feedback is not None:
            result = before_after(feedback, item.touchpoints, item.delivered)
        ranked.append(
            RankedImprovement(
                item, journey, reach, from_feedback,
                rice_score(reach, item.impact, item.confidence, item.effort), closes, result,
            )
        )
    return sorted(ranked, key=_order)


def reach_from_feedback(item: Improvement, feedback: Any) -> Optional[float]:
    """Survey responses per quarter (a month's mean times 3, over the calendar months from the first
    to the last response) on the improvement's touchpoints, from its personas when it names any;
    the whole count for responses without dates. None without responses. Responses, not
    customers: a reach in another unit than a written one (see _order)."""
    who: list[Optional[str]] = [*item.personas] if item.personas else [None]
    cells = [c for t in item.touchpoints for p in who if (c := feedback.cell(t, p)) is not None]
    volume: int = sum(c.count for c in cells)
    if not volume:
        return None
    months = sorted({m.month for c in cells for m in c.monthly})
    if not months or sum(m.count for c in cells for m in c.monthly) < volume:
        return float(volume)  # some responses have no date: no rate to give
    first, last = months[0], months[-1]  # 'YYYY-MM'
    spanned = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    return round(float(volume) / spanned * 3, 1)


def _order(r: RankedImprovement) -> tuple[int, bool, bool, float, str, str]:
    """Status, then RICE with a written reach (customers per quarter), then RICE whose reach is only
    the survey's responses per quarter (another unit: never ranked between written ones), then no RICE."""
    return (STATUS_ORDER.index(r.improvement.status), r.rice is None, r.reach_from_feedback, -(r.rice or 0),
            r.journey.id, r.improvement.id)


def sort_backlog(items: list[RankedImprovement]) -> list[RankedImprovement]:
    """Items of several journeys in one backlog order (see rank_backlog), a new list."""
    return sorted(items, key=_order)


def before_after(feedback: Any, touchpoint_ids: list[str], delivered: dt.date) -> Optional[BeforeAfter]:
    """Compare whole months before the delivery month with whole months after it."""
    month = f"{delivered.year:04d}-{delivered.month:02d}"
    before_sum = after_sum = before_sq = after_sq = 0.0
    before_n = after_n = 0
    for touchpoint_id in touchpoint_ids:
        cell = feedback.cell(touchpoint_id)
        for point in getattr(cell, "monthly", None) or []:
            if point.month < month:
                before_sum += point.mean * point.count
                before_sq += point.squares
                before_n += point.count
            elif point.month > month:
                after_sum += point.mean * point.count
                after_sq += point.squares
                after_n += point.count
    if not before_n and not after_n:
        return None
    return BeforeAfter(
        round(before_sum / before_n, 2) if before_n else None, before_n,
        round(after_sum / after_n, 2) if after_n else None, after_n,
        welch_p((before_n, before_sum, before_sq), (after_n, after_sum, after_sq)),
    )


def welch_p(first: tuple[int, float, float], second: tuple[int, float, float]) -> Optional[float]:
    """Two-sided p-value of Welch's t-test (scipy.stats.ttest_ind_from_stats, unequal variances)
    for two groups given as (n, sum, sum of squares); None when a group has fewer than 2 answers
    or neither varies."""
    stats_of = []
    for n, total, squares in (first, second):
        if n < 2:
            return None
        mean = total / n
        stats_of.append((mean, max(0.0, (squares - n * mean * mean) / (n - 1)) ** 0.5, n))
    if stats_of[0][1] == 0.0 and stats_of[1][1] == 0.0:
        return None
    from scipy import stats

    (m1, s1, n1), (m2, s2, n2) = stats_of
    return float(stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False).pvalue)
