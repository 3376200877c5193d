"""Analysis: states per touchpoint x persona (docs/configuration.md, What a state means),
backlog priorities and the checks."""

from .backlog import BeforeAfter, RankedImprovement, rank_backlog, rice_score, sort_backlog
from .checks import Check, Level, apply_levels, run_checks
from .messages import Message, PhaseMessages, message_grid, message_plan, uses_messages
from .site import SiteAnalysis
from .states import AnalysisSettings, JourneyStates, ScoreSource, State, TouchpointState

__all__ = [
    "AnalysisSettings", "BeforeAfter", "Check", "JourneyStates", "Level", "Message", "PhaseMessages",
    "RankedImprovement", "ScoreSource", "SiteAnalysis", "State", "TouchpointState", "apply_levels",
    "message_grid", "message_plan", "rank_backlog", "rice_score", "run_checks", "sort_backlog", "uses_messages",
]
