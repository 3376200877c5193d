"""History: a journey's committed past, read from git (issue #16).

    from journeymaps.history import HistoryCache, read_history
    histories = read_history(root, "journeys", analysis, cache, settings)
    histories["webshop"].quarters        # per calendar quarter: changes, measured score per touchpoint
    histories["webshop"].state_changes   # each touchpoint x persona state change, oldest first

Each commit that changed the journeys folder is analysed as it was committed (the whole site:
YAML and feedback CSVs, with the site's settings), so a state changes where a target, a
decision, an improvement or a committed export changed it. Modules: git (the git command line),
read (commits -> snapshots -> histories, the cache), changes (what changed between two versions),
quarters (calendar quarters, scores per quarter), records (what this step hands on).
"""

from .records import (
    Change, ChangeKind, Commit, JourneyHistory, Note, Quarter, QuarterScore, StateChange,
)
from .read import HistoryCache, read_history

__all__ = [
    "Change", "ChangeKind", "Commit", "HistoryCache", "JourneyHistory", "Note", "Quarter", "QuarterScore",
    "StateChange", "read_history",
]
