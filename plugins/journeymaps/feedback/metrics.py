"""Survey answers -> the metric people quote, and -> the one number the journey curve needs.

Every metric is tallied in survey units (count, sum, top-two-box, promoters, detractors), which
add up across files. Two figures come out of a tally:

- the metric's own figure (`metric_value`): CSAT and CES and score as the mean answer on the
  survey scale, NPS as % promoters (9-10) minus % detractors (0-6), -100..+100, never a mean;
- the curve value (`mean`): the mean answer mapped linearly from the survey scale onto the
  journey scale (docs/reference.md, Feedback source: `scale`). That holds for NPS too: the mean 0..10 answer, mapped, with the
  NPS shown beside it. When `higher_is_better` is false (CES "how much effort") the mapping is
  reversed, so higher is better on every map. The mapping is linear, so the mean of mapped
  answers equals the mapped mean, and tallies of different scales combine on the journey scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Metric


@dataclass
class Tally:
    """What one group of answers adds up to, in survey units. Tallies of one source add."""

    n: int = 0
    total: float = 0.0
    top2: int = 0
    promoters: int = 0
    detractors: int = 0
    squares: float = 0.0  # the sum of the squared answers, for the spread (a 95% interval)

    def add(self, other: "Tally") -> None:
        """Add another tally's answers to this one (in place)."""
        self.n += other.n
        self.total += other.total
        self.top2 += other.top2
        self.promoters += other.promoters
        self.detractors += other.detractors
        self.squares += other.squares


@dataclass(frozen=True)
class ScaleMap:
    """Linear map from the survey scale onto the journey scale, reversed when lower is better."""

    survey: tuple[float, float]
    journey: tuple[float, float]
    reverse: bool = False

    def __call__(self, answer: float) -> float:
        s_lo, s_hi = self.survey
        j_lo, j_hi = self.journey
        share = (answer - s_lo) / (s_hi - s_lo)
        if self.reverse:
            share = 1.0 - share
        return j_lo + share * (j_hi - j_lo)

    def total(self, total: float, n: int) -> float:
        """The sum of n mapped answers, from the sum of the answers."""
        return self(total / n) * n if n else 0.0

    def squares(self, total: float, squares: float, n: int) -> float:
        """The sum of the n mapped answers squared, from the sum and the sum of squares of the
        answers: y = a + b*x, so sum(y^2) = n*a^2 + 2*a*b*sum(x) + b^2*sum(x^2)."""
        a = self(0.0)
        b = self(1.0) - a
        return n * a * a + 2 * a * b * total + b * b * squares


def thresholds(metric: Metric, survey: tuple[float, float]) -> tuple[float, float, float]:
    """(top-two-box from, promoter from, detractor up to) on the survey scale.

    Top-two-box is the top two points of the scale (4 and 5 of 1..5). NPS uses its fixed
    0..10 bands (promoters 9-10, detractors 0-6), shifted with the top if a survey's scale differs.
    """
    low, high = survey
    return high - 1, high - 1, high - 4


def metric_value(metric: Metric, tally: Tally) -> float:
    """The metric's own figure, on its own terms (see the module docstring)."""
    if not tally.n:
        return 0.0
    if metric is Metric.NPS:
        return round(100.0 * (tally.promoters - tally.detractors) / tally.n, 1)
    return tally.total / tally.n


def top2box(metric: Metric, tally: Tally) -> float | None:
    """CSAT's share (0..1) of answers in the top two points of the survey scale; None otherwise."""
    if metric is not Metric.CSAT or not tally.n:
        return None
    return tally.top2 / tally.n
