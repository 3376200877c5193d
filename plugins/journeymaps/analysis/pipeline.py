"""The pipeline up to analysis, shared by the MkDocs build and the command line so they never disagree:
load the journeys, read their feedback, compute states, rank backlogs and run the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from ..feedback import FeedbackCache, JourneyFeedback, read_journey_feedback
from ..load import ParseCache, load_site
from ..model import Site
from ..problems import Problem, SourceError
from .backlog import RankedImprovement, rank_backlog
from .checks import Level, apply_levels, run_checks
from .states import AnalysisSettings, JourneyStates, site_states


@dataclass
class Caches:
    """What a long-running `mkdocs serve` keeps between rebuilds."""

    parse: ParseCache = field(default_factory=ParseCache)
    feedback: FeedbackCache = field(default_factory=FeedbackCache)


@dataclass
class SiteAnalysis:
    site: Site
    feedback: dict[str, JourneyFeedback]  # journey id -> its survey exports, read
    states: dict[str, JourneyStates]
    backlog: dict[str, list[RankedImprovement]]
    settings: AnalysisSettings
    warnings: list[Problem]


def analyse(
    root: Path,
    journeys_dir: str = "journeys",
    settings: Optional[AnalysisSettings] = None,
    levels: Optional[Mapping[str, Level]] = None,
    caches: Optional[Caches] = None,
) -> SiteAnalysis:
    """Run load -> feedback -> analysis; raise SourceError with every error, return the warnings."""
    root = Path(root)
    settings = settings or AnalysisSettings()
    caches = caches or Caches()
    site = load_site(root, journeys_dir, caches.parse)
    feedback = {}
    errors: list[Problem] = []
    for journey in site.journeys:
        result = read_journey_feedback(journey, root / journeys_dir / journey.id, root, caches.feedback)
        errors.extend(p for p in result.problems if p.is_error)
        feedback[journey.id] = result
    if errors:
        raise SourceError(errors)
    states = site_states(site, feedback, settings)
    backlog = {j.id: rank_backlog(j, states[j.id], feedback.get(j.id)) for j in site.journeys}
    problems = apply_levels(run_checks(site, states, feedback, settings), levels or {})
    errors = [p for p in problems if p.is_error]
    if errors:
        raise SourceError(errors)
    return SiteAnalysis(site, feedback, states, backlog, settings, problems)
