"""Everything the analysis knows about a site, as the pages and the command line read it."""

from __future__ import annotations

from dataclasses import dataclass

from ..feedback import JourneyFeedback
from ..model import Site
from ..problems import Problem
from .backlog import RankedImprovement
from .states import AnalysisSettings, JourneyStates


@dataclass
class SiteAnalysis:
    """What pipeline.analyse makes of a site: the validated site, each journey's feedback, states
    and ranked backlog (all keyed by journey id), the settings used, and the check warnings at the
    levels the site chose (errors have stopped the analysis before)."""

    site: Site
    feedback: dict[str, JourneyFeedback]  # journey id -> its survey exports, read
    states: dict[str, JourneyStates]
    backlog: dict[str, list[RankedImprovement]]
    settings: AnalysisSettings
    warnings: list[Problem]
