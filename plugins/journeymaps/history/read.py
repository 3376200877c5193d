"""A site's journeys at each commit that changed them, and what changed between those commits.

For each commit that changed the journeys folder (git log, oldest first), the folder as that
commit has it is written to a temporary folder and analysed by pipeline.analyse with the site's
own settings, so every YAML rule and every feedback rule of today applies to the past too. A
commit whose journeys did not load is skipped, and the page says so. What one commit gives is
kept in HistoryCache under its id: `mkdocs serve` analyses a commit once, and a new commit costs
one analysis.
"""

from __future__ import annotations

import copy
import posixpath
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..analysis import AnalysisSettings, SiteAnalysis, State
from ..feedback import FeedbackCache
from ..model import Journey
from ..pipeline import Caches, analyse
from ..problems import SourceError, one_line
from .changes import StateMap, journey_changes, state_changes
from .git import GitError, LoggedCommit, Repository, extract, folder_entries, log, open_repository, run
from .quarters import quarter_scores, quarters
from .records import Change, ChangeKind, Commit, JourneyHistory

PERSONAS_FILE = "personas.yml"
JOURNEY_FILE = "journey.yml"
ERROR_CHARS = 300  # a commit's load error as the page quotes it


@dataclass(frozen=True)
class Snapshot:
    """The journeys at one commit: by folder name, each journey and its states per (touchpoint,
    persona), and `errors`, the first problem that stopped a journey loading (one line); `error`
    when git could not show the commit at all."""

    journeys: dict[str, Journey] = field(default_factory=dict)
    states: dict[str, StateMap] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    error: Optional[str] = None


Analysed = Union[tuple[Journey, StateMap], str]
"""One journey folder analysed: the journey and its states, or the first problem (one line)."""


@dataclass
class HistoryCache:
    """Kept across `mkdocs serve` rebuilds (the plugin holds one): each commit's Snapshot by its id,
    each journey folder analysed by its git tree id (with personas.yml's, the folder name and the
    settings, which shape it: a commit that changes one journey analyses that one alone), the
    histories of one HEAD, and the feedback already read (by content, so a CSV unchanged across
    commits is read once). `analysed` counts the commits read, `journeys_analysed` the journey
    folders actually analysed (tests, logs)."""

    snapshots: dict[tuple[str, str, str], Snapshot] = field(default_factory=dict)
    journeys: dict[tuple[str, str, str, str], Optional[Analysed]] = field(default_factory=dict)
    histories: dict[tuple[str, ...], dict[str, JourneyHistory]] = field(default_factory=dict)
    feedback: FeedbackCache = field(default_factory=FeedbackCache)
    analysed: int = 0
    journeys_analysed: int = 0


def read_history(root: Path, journeys_dir: str, analysis: SiteAnalysis, cache: HistoryCache,
                 settings: AnalysisSettings) -> dict[str, JourneyHistory]:
    """Journey id -> its committed history, for every journey of `analysis` (the site as built).

    Never raises: what git cannot show (no repository, no commits, a shallow clone, a commit whose
    YAML did not load) is a Note on the journey's history. Scores per quarter come from the site's
    current feedback (`analysis.feedback`), with `settings.min_responses`."""
    ids = [j.id for j in analysis.site.journeys]
    try:
        histories = _committed(Path(root), journeys_dir, ids, cache, settings)
    except GitError as exc:
        histories = {jid: JourneyHistory(jid) for jid in ids}
        for history in histories.values():
            history.note("git_failed", error=_short(str(exc)))
    except Exception as exc:  # noqa: BLE001 - the build never fails because of history
        histories = {jid: JourneyHistory(jid) for jid in ids}
        for history in histories.values():
            history.note("failed", error=_short(f"{type(exc).__name__}: {exc}"))
    for journey in analysis.site.journeys:
        history = histories[journey.id]
        scores = quarter_scores(journey, analysis.feedback.get(journey.id), settings.min_responses)
        history.quarters = quarters(history.changes, scores)
    return histories


def _committed(root: Path, journeys_dir: str, ids: list[str], cache: HistoryCache,
               settings: AnalysisSettings) -> dict[str, JourneyHistory]:
    """The git part of read_history, a fresh copy per call (the page adds quarters to it)."""
    fresh = {jid: JourneyHistory(jid) for jid in ids}
    try:
        repo = open_repository(root)
    except GitError as exc:
        for history in fresh.values():
            history.note("git_missing", error=_short(str(exc)))
        return fresh
    if repo is None:
        for history in fresh.values():
            history.note("not_git")
        return fresh
    if repo.head is None:
        for history in fresh.values():
            history.note("no_commits")
        return fresh
    path = _repository_path(repo, journeys_dir)
    key = (repo.head, str(repo.top), path, repr(settings), *ids)
    kept = cache.histories.get(key)
    if kept is None:
        kept = _histories(repo, path, ids, cache, settings)
        cache.histories = {key: kept}  # one HEAD at a time: a new commit replaces the old
    histories = {jid: copy.deepcopy(history) for jid, history in kept.items()}
    if _uncommitted(repo, path):
        for history in histories.values():
            history.note("uncommitted")
    return histories


def _repository_path(repo: Repository, journeys_dir: str) -> str:
    """The journeys folder relative to the repository's top, in git's spelling ('site/journeys')."""
    joined = posixpath.normpath(posixpath.join(repo.prefix, Path(journeys_dir).as_posix()))
    return "" if joined == "." else joined


def _uncommitted(repo: Repository, path: str) -> bool:
    result = run(repo.top, "status", "--porcelain", "--untracked-files=normal", "--", path or ".")
    return result.returncode == 0 and bool(result.stdout.strip())


def _histories(repo: Repository, path: str, ids: list[str], cache: HistoryCache,
               settings: AnalysisSettings) -> dict[str, JourneyHistory]:
    histories = {jid: JourneyHistory(jid) for jid in ids}
    logged = log(repo, path)
    if not logged:
        for history in histories.values():
            history.note("not_committed")
        return histories
    head = logged[-1].commit
    for history in histories.values():
        history.head = head
        if repo.branch is None:
            history.note("detached", sha=(repo.head or "")[:7])
    snapshots = [(entry, _snapshot(repo, path, entry.commit, cache, settings)) for entry in logged]
    names = _names_at(logged, path, ids)
    for jid in ids:
        _journey_history(histories[jid], snapshots, names, path, repo)
    return histories


def _names_at(logged: list[LoggedCommit], path: str, ids: list[str]) -> dict[str, dict[str, str]]:
    """Commit id -> journey id (its folder at HEAD) -> its folder name at that commit, following
    folder renames back from HEAD."""
    current = {jid: jid for jid in ids}
    names: dict[str, dict[str, str]] = {}
    for entry in reversed(logged):  # newest first
        names[entry.commit.sha] = dict(current)
        for old, new in entry.renames:
            if not (old.endswith(f"/{JOURNEY_FILE}") and new.endswith(f"/{JOURNEY_FILE}")):
                continue  # a survey export moved between journeys does not move a journey
            old_folder, new_folder = _folder(old, path), _folder(new, path)
            if old_folder and new_folder and old_folder != new_folder:
                for jid, name in current.items():
                    if name == new_folder:
                        current[jid] = old_folder
    return names


def _folder(file: str, path: str) -> Optional[str]:
    """The journey folder a repository path is in ('journeys/webshop/journey.yml' -> 'webshop')."""
    inside = file[len(path) + 1:] if path else file
    if path and not file.startswith(path + "/"):
        return None
    head, sep, _ = inside.partition("/")
    return head if sep else None


def _touches(entry: LoggedCommit, path: str, name: str) -> bool:
    prefix = f"{path}/" if path else ""
    return any(p.startswith(f"{prefix}{name}/") or p == f"{prefix}{PERSONAS_FILE}" for p in entry.paths)


def _journey_history(history: JourneyHistory, snapshots: list[tuple[LoggedCommit, Snapshot]],
                     names: dict[str, dict[str, str]], path: str, repo: Repository) -> None:
    jid = history.journey_id
    previous: Optional[Journey] = None
    previous_states: Optional[StateMap] = None
    previous_name: Optional[str] = None
    seen = False
    for entry, snapshot in snapshots:
        commit = entry.commit
        name = names[commit.sha][jid]
        touched = _touches(entry, path, name) or (previous_name is not None and _touches(entry, path, previous_name))
        error = snapshot.error or snapshot.errors.get(name)
        if error is not None:
            if touched:
                history.note("invalid_commit", sha=commit.short, date=commit.date.date().isoformat(), error=error)
            continue
        journey = snapshot.journeys.get(name)
        if journey is None:
            if previous is not None:  # the journey was removed here (it may come back later)
                history.state_changes += state_changes(previous_states, {}, commit, jid)
                history.commits.append(commit)
            previous, previous_states, previous_name = None, None, name
            continue
        states = snapshot.states[name]
        if not seen and commit.sha in repo.shallow:  # the oldest commit of a shallow clone: a baseline
            history.note("shallow", sha=commit.short, date=commit.date.date().isoformat())
        else:
            made = []
            if previous is not None and previous_name != name:
                made.append(Change(commit, ChangeKind.RENAMED, str(previous_name), journey.title, previous_name, name))
                history.note("renamed", sha=commit.short, date=commit.date.date().isoformat(),
                             old=f"{path}/{previous_name}" if path else str(previous_name))
            made += journey_changes(previous, journey, commit)
            if not made and touched:
                made = [Change(commit, ChangeKind.EDITED, journey.id, journey.title)]
            history.changes += made
            history.state_changes += state_changes(previous_states, states, commit, jid)
        if touched or not seen:
            history.commits.append(commit)
        seen = True
        previous, previous_states, previous_name = journey, states, name
    if not seen:
        history.note("not_committed")


def _snapshot(repo: Repository, path: str, commit: Commit, cache: HistoryCache,
              settings: AnalysisSettings) -> Snapshot:
    key = (commit.sha, path, repr(settings))
    kept = cache.snapshots.get(key)
    if kept is not None:
        return kept
    cache.analysed += 1
    snapshot = _analyse_commit(repo, path, commit, cache, settings)
    cache.snapshots[key] = snapshot
    return snapshot


def _analyse_commit(repo: Repository, path: str, commit: Commit, cache: HistoryCache,
                    settings: AnalysisSettings) -> Snapshot:
    """The journeys as `commit` has them, analysed with the site's settings: each journey folder
    whose content (git tree id) and personas.yml were analysed before is taken from the cache, the
    others are written to a temporary folder and analysed together (one by one when that fails,
    so the problem is the right journey's)."""
    try:
        entries = folder_entries(repo, commit.sha, path)
    except GitError as exc:
        return Snapshot(error=_short(str(exc)))
    personas = entries.get(PERSONAS_FILE, ("", ""))[1]
    folders = {name: oid for name, (kind, oid) in entries.items() if kind == "tree"}
    keys = {name: (oid, name, personas, repr(settings)) for name, oid in folders.items()}
    todo = [name for name in sorted(folders) if keys[name] not in cache.journeys]
    if todo:
        results = _analyse_folders(repo, path, commit, todo, bool(personas), cache, settings)
        for name in todo:
            cache.journeys[keys[name]] = results.get(name)  # None: a folder that holds no journey
    snapshot = Snapshot()
    for name in sorted(folders):
        kept = cache.journeys.get(keys[name])
        if isinstance(kept, str):
            snapshot.errors[name] = kept
        elif kept is not None:
            snapshot.journeys[name], snapshot.states[name] = kept
    return snapshot


def _analyse_folders(repo: Repository, path: str, commit: Commit, names: list[str], personas: bool,
                     cache: HistoryCache, settings: AnalysisSettings) -> dict[str, Analysed]:
    """Journey folder name -> what analysing it at `commit` gives (a folder that holds no journey
    gives nothing)."""
    together = _analyse_some(repo, path, commit, names, personas, cache, settings)
    if not isinstance(together, str) or len(names) == 1:
        if isinstance(together, str):
            return {names[0]: together}
        return together
    found: dict[str, Analysed] = {}
    for name in names:
        alone = _analyse_some(repo, path, commit, [name], personas, cache, settings)
        if isinstance(alone, str):
            found[name] = alone
        else:
            found.update(alone)
    return found


def _analyse_some(repo: Repository, path: str, commit: Commit, names: list[str], personas: bool,
                  cache: HistoryCache, settings: AnalysisSettings) -> Union[dict[str, Analysed], str]:
    """The journeys in folders `names` (with personas.yml) at `commit`, analysed; or the first
    problem that stopped them, on one line."""
    cache.journeys_analysed += len(names)
    prefix = f"{path}/" if path else ""
    paths = [f"{prefix}{name}" for name in names] + ([f"{prefix}{PERSONAS_FILE}"] if personas else [])
    with tempfile.TemporaryDirectory(prefix="journeymaps-history-") as folder:
        tmp = Path(folder)
        try:
            extract(repo, commit.sha, paths, tmp)
        except GitError as exc:
            return _short(str(exc))
        journeys = tmp / path if path else tmp
        try:
            analysis = analyse(journeys.parent, journeys.name, settings, {}, Caches(feedback=cache.feedback))
        except SourceError as exc:
            first = exc.problems[0] if exc.problems else None
            return _short(str(first) if first else str(exc))
        except Exception as exc:  # noqa: BLE001 - a commit that breaks the loader is skipped, not fatal
            return _short(f"{type(exc).__name__}: {exc}")
    found: dict[str, Analysed] = {}
    for journey in analysis.site.journeys:
        by_persona: dict[tuple[str, str], State] = {
            key: state.state for key, state in analysis.states[journey.id].by_persona.items()}
        found[journey.id] = (journey, by_persona)
    return found


def _short(text: str) -> str:
    text = one_line(" ".join(text.split()))
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"
