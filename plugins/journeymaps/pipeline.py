"""The pipeline up to analysis, shared by the MkDocs build, `journeymaps generate` and the command
line so they never disagree: load the journeys, read their feedback, compute states, rank backlogs
and run the checks. The adapters (plugin/, generate.py, cli/) call `analyse`; render/ reads the
SiteAnalysis it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from .analysis import AnalysisSettings, Level, SiteAnalysis, apply_levels, rank_backlog, run_checks
from .analysis.states import site_states
from .feedback import FeedbackCache, read_journey_feedback
from .load import ParseCache, load_site
from .problems import Problem, SourceError


@dataclass
class Caches:
    """What a long-running `mkdocs serve` keeps between rebuilds."""

    parse: ParseCache = field(default_factory=ParseCache)
    feedback: FeedbackCache = field(default_factory=FeedbackCache)


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
