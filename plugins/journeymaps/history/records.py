"""What the history step hands to render and to the team feeds: plain, frozen records.

Texts that come from git (a commit's subject) or from the YAML (a title) are untrusted: the
templates escape them, as every other text of a journey.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Optional, Union

from ..analysis import State



def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter 1..4) of a date; a commit's date is taken as its committer wrote it."""
    return day.year, (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class Commit:
    """One commit: its full 40-hex id, committer date (timezone-aware) and the first line of its
    message (untrusted text: escape it wherever it is shown)."""

    sha: str
    date: dt.datetime
    subject: str

    @property
    def short(self) -> str:
        """The first 7 hex digits, as git shows a commit."""
        return self.sha[:7]


@dataclass(frozen=True)
class StateChange:
    """A touchpoint's state for one persona changed at `commit`: `before` is its state at the
    previous commit that touched the journey (None: the touchpoint or persona did not exist),
    `after` its state from this commit on (None: removed)."""

    commit: Commit
    journey_id: str
    touchpoint_id: str
    persona_id: str
    before: Optional[State]
    after: Optional[State]


class ChangeKind(str, Enum):
    """What a commit changed in a journey's YAML, as the history page lists it."""

    JOURNEY_ADDED = "journey-added"
    RENAMED = "renamed"
    TOUCHPOINT_ADDED = "touchpoint-added"
    TOUCHPOINT_REMOVED = "touchpoint-removed"
    TARGET_SET = "target-set"
    TARGET_RAISED = "target-raised"
    TARGET_LOWERED = "target-lowered"
    TARGET_REMOVED = "target-removed"
    DECISION_PROPOSED = "decision-proposed"
    DECISION_TAKEN = "decision-taken"
    DECISION_SUPERSEDED = "decision-superseded"
    DECISION_RETIRED = "decision-retired"
    DECISION_REMOVED = "decision-removed"
    IMPROVEMENT_ADDED = "improvement-added"
    IMPROVEMENT_PLANNED = "improvement-planned"
    IMPROVEMENT_STARTED = "improvement-started"
    IMPROVEMENT_DELIVERED = "improvement-delivered"
    IMPROVEMENT_DROPPED = "improvement-dropped"
    IMPROVEMENT_REMOVED = "improvement-removed"
    EDITED = "edited"  # the commit changed the journey's files, but none of the above


Value = Union[float, str, None]


@dataclass(frozen=True)
class Change:
    """One change to a journey at a commit: what kind, which item (a touchpoint, decision or
    improvement id; the old folder name for RENAMED) and its title as written (untrusted), with
    the value before and after where one changed (a target: scale points; a status: its name)."""

    commit: Commit
    kind: ChangeKind
    item_id: str
    title: str
    before: Value = None
    after: Value = None


@dataclass(frozen=True)
class Note:
    """Something the history could not see or skipped, as a key and values, so the page can say
    it in the site's language (render: label `history_note_<key>`); `text` is the same in English
    (for logs and JourneyHistory.skipped)."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        """The values as a mapping, for the label's {placeholders}."""
        return dict(self.values)

    @property
    def text(self) -> str:
        """The note in English (NOTE_TEXTS), for the build log and JourneyHistory.skipped."""
        return NOTE_TEXTS[self.key].format(**self.params)


NOTE_TEXTS = {
    "not_git": "This site is not in a git repository, so there is no history to read.",
    "git_missing": "git could not be run ({error}), so there is no history to read.",
    "git_failed": "git could not read the history ({error}).",
    "no_commits": "The repository has no commits yet: there is no history to show.",
    "not_committed": "This journey has not been committed yet: its history starts with its first commit.",
    "shallow": "This is a shallow clone: history before {date} (commit {sha}) is not in it, so the changes "
               "that commit made are not shown. Fetch the whole history to see them "
               "(GitHub Actions: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0).",
    "detached": "HEAD is detached at commit {sha}: the history is that commit's.",
    "invalid_commit": "Commit {sha} ({date}) is skipped: its journeys did not load ({error}).",
    "renamed": "Until commit {sha} ({date}) this journey was in the folder {old}; its history there is included.",
    "uncommitted": "Edits not yet committed are not part of the history.",
    "failed": "The history could not be read ({error}).",
}


@dataclass(frozen=True)
class QuarterScore:
    """A touchpoint's measured score in one calendar quarter, from the site's current feedback,
    everyone together: `count` responses, `mean` on the journey scale (higher is better), the
    metric's own figure computed from that quarter's answers (`metric_value`: NPS from the
    quarter's promoters and detractors, CSAT/CES/score the mean answer on the survey scale; None
    when the quarter's answers hold none of the cell's metric), `enough` when count reaches
    min_responses (below it the page shows the count only)."""

    touchpoint_id: str
    title: str
    count: int
    mean: Optional[float]
    metric: str
    metric_value: Optional[float]
    target: Optional[float]
    enough: bool


@dataclass(frozen=True)
class Quarter:
    """One calendar quarter of a journey's history: its label ('2026-Q3'), the changes committed
    in it (newest first) and the measured score of each touchpoint that had responses in it."""

    year: int
    number: int
    changes: tuple[Change, ...]
    scores: tuple[QuarterScore, ...]

    @property
    def label(self) -> str:
        """'2026-Q3': a stable id for the quarter (the page shows it in words, in the site's language)."""
        return f"{self.year}-Q{self.number}"

    @property
    def by_commit(self) -> list[tuple[Commit, list[Change]]]:
        """The quarter's changes per commit, newest commit first, each commit's in its order."""
        grouped: dict[str, tuple[Commit, list[Change]]] = {}
        for change in self.changes:
            grouped.setdefault(change.commit.sha, (change.commit, []))[1].append(change)
        return list(grouped.values())


@dataclass
class JourneyHistory:
    """A journey's committed history: its changes and state changes (oldest first), the commits
    that touched it (oldest first), the quarters the page shows (newest first), and what could not
    be seen (`notes`; `skipped` is the same in English words)."""

    journey_id: str
    state_changes: list[StateChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    quarters: list[Quarter] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    head: Optional[Commit] = None  # the newest commit that changed the journeys folder

    def before_git(self, quarter: Quarter) -> bool:
        """True for a quarter before the journey's first commit, or for any quarter when git shows
        no commit of it: git cannot say what changed in the journey then."""
        return not self.commits or (quarter.year, quarter.number) < quarter_of(self.commits[0].date.date())

    def note(self, key: str, **values: str) -> None:
        """Record that something could not be seen: as a Note for the page, in words in `skipped`."""
        item = Note(key, tuple(values.items()))
        if item not in self.notes:
            self.notes.append(item)
            self.skipped.append(item.text)
