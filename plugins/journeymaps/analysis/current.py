"""Which responses a touchpoint's current score is measured on
(docs/configuration.md, What a state means: `current_window`).

A map must show the effect of a redesign, so "current" is not the mean of every response ever
given: it is the mean over the current window, by default the 90 days up to the newest response
(or up to `today` when the site sets it). The window is counted in whole calendar months, the
grain the feedback step keeps: the months that start inside the window, and the month of its end.
When the window holds fewer than `min_responses` answers, every response counts instead, and the
site says so. The trend charts and an improvement's before/after keep the whole history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ..feedback import Cell
from ..feedback.metrics import Tally, metric_value, top2box
from ..model import Metric


@dataclass(frozen=True)
class Window:
    """The calendar months a current score may come from, as 'YYYY-MM' (inclusive)."""

    first: str
    last: str

    @classmethod
    def ending(cls, end: dt.date, days: int) -> "Window":
        """The months that start within `days` days before `end`, and the month of `end`."""
        start = end - dt.timedelta(days=days)
        first = start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = end.strftime("%Y-%m")
        return cls(min(first.strftime("%Y-%m"), last), last)


@dataclass(frozen=True)
class Measured:
    """The figures a measured state is decided on.

    count: responses; mean: on the journey scale (higher is better); metric_value: the metric's
    own figure (NPS -100..+100, CSAT/CES/score the mean answer on the survey scale); top2box: CSAT's
    share 0..1 of top-two-box answers, else None; first_month/last_month: the months the responses
    come from ('YYYY-MM', None when the export has no dates); whole_history: True when the window
    held fewer than min_responses answers (or no window applies) and every response counts.
    """

    count: int
    mean: float
    metric: Metric
    metric_value: float
    top2box: Optional[float]
    first_month: Optional[str]
    last_month: Optional[str]
    whole_history: bool
    interval: Optional[tuple[float, float]] = None  # 95% interval of `mean`, journey scale
    higher_is_better: bool = True  # the direction of metric_value, as the feedback source says
    promoters: Optional[float] = None  # NPS: share 0..1 of answers 9-10 (None for other metrics)
    detractors: Optional[float] = None  # NPS: share 0..1 of answers 0-6

    @property
    def passives(self) -> Optional[float]:
        """NPS: share 0..1 of answers 7-8."""
        if self.promoters is None or self.detractors is None:
            return None
        return max(0.0, 1.0 - self.promoters - self.detractors)


def _nps_shares(metric: Metric, tally: Tally) -> dict[str, Optional[float]]:
    if metric is not Metric.NPS or not tally.n:
        return {}
    return {"promoters": tally.promoters / tally.n, "detractors": tally.detractors / tally.n}


def mean_interval(n: int, total: float, squares: float, level: float = 0.95,
                  bounds: Optional[tuple[float, float]] = None) -> Optional[tuple[float, float]]:
    """The `level` confidence interval of a mean from n answers, their sum and sum of squares:
    Student's t with n-1 degrees of freedom (scipy.stats.t), the textbook interval for a mean of
    survey answers, cut to `bounds` (the scale's ends: no mean of its answers lies beyond them,
    while t's symmetric interval of a few spread answers can). None below two answers. Units:
    those of the answers."""
    if n < 2:
        return None
    mean = total / n
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    if variance == 0.0:
        return (mean, mean)
    from scipy import stats  # imported on first use: about 0.3 s

    low, high = stats.t.interval(level, n - 1, loc=mean, scale=(variance / n) ** 0.5)
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return (float(low), float(high))


def measure(cell: Optional[Cell], window: Optional[Window], min_responses: int,
            scale: Optional[tuple[float, float]] = None) -> Optional[Measured]:
    """The current figures of a feedback Cell: over `window` when it holds `min_responses`, else over
    all its responses when they are that many, else None (the estimate stands). `scale`: the
    journey scale's (low, high), which the 95% interval does not reach beyond."""
    if cell is None:
        return None
    if window is not None:
        months = [m for m in cell.monthly if window.first <= m.month <= window.last]
        count = sum(m.count for m in months)
        if count >= min_responses:
            tally = Tally()
            for m in months:
                if m.tally is not None:
                    tally.add(m.tally)
            total = sum(m.count * m.mean for m in months)
            return Measured(
                count, total / count, cell.metric,
                metric_value(cell.metric, tally) if tally.n else cell.metric_value,
                top2box(cell.metric, tally) if tally.n else cell.top2box,
                months[0].month, months[-1].month, whole_history=False,
                interval=mean_interval(count, total, sum(m.squares for m in months), bounds=scale),
                higher_is_better=cell.higher_is_better, **_nps_shares(cell.metric, tally),
            )
    if cell.count < min_responses:
        return None
    first = cell.monthly[0].month if cell.monthly else None
    last = cell.monthly[-1].month if cell.monthly else None
    every = Tally()
    for m in cell.monthly:
        if m.tally is not None:
            every.add(m.tally)
    return Measured(cell.count, cell.mean, cell.metric, cell.metric_value, cell.top2box, first, last,
                    whole_history=True, interval=mean_interval(cell.count, cell.mean * cell.count, cell.squares, bounds=scale),
                    higher_is_better=cell.higher_is_better, **_nps_shares(cell.metric, every))
