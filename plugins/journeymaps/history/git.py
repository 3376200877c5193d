"""Reading a site's committed history with the git command line.

Why the command line and not a library (dulwich, GitPython, pygit2): every CI image and developer
machine that checks the site out already has git, and git itself understands every repository it
made: shallow clones (GitHub Actions' and GitLab CI's default), partial clones, worktrees,
packed and alternate object stores, detached HEADs. GitPython runs this same command line
underneath; pygit2 brings a compiled libgit2 of its own; dulwich reads the objects in pure
Python. benchmarks/history_bench.py measured the work history needs, a path-limited log and the
journeys folder of each commit as files (docs/configuration.md, History, has the figures).

Each function takes the repository's top folder and returns plain data; a git that fails
raises GitError with git's own message, which read_history turns into words on the page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .records import Commit

_FIELD = "\x1f"  # between the fields of one commit in `git log --format`
_RECORD = "\x1e"  # before each commit
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1, or SHA-256 repositories


class GitError(Exception):
    """git is missing, or a git command failed: the message is git's own, on one line."""


@dataclass(frozen=True)
class Repository:
    """Where the site sits in git: the repository's top folder, the site folder's path inside it
    ('' at the top, else 'sub/folder/'), the commit HEAD names (None: no commits yet), the
    branch (None: detached HEAD) and the commits a shallow clone cuts the history at."""

    top: Path
    prefix: str
    head: Optional[str]
    branch: Optional[str]
    shallow: frozenset[str]


@dataclass(frozen=True)
class LoggedCommit:
    """One commit of a path-limited log: the commit, its parents' ids, the files it changed under
    the path and the renames among them (old path -> new path), repository-relative."""

    commit: Commit
    parents: tuple[str, ...]
    renames: tuple[tuple[str, str], ...]
    paths: tuple[str, ...] = ()


def run(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """`git ARGS` in `cwd`, finished (stdout as text, or bytes with `binary`). Raises GitError when
    git is not installed. Never prompts: no terminal, no pager, no credential helper."""
    env_args = ["-c", "core.quotepath=off", "-c", "log.showSignature=false"]
    try:
        return subprocess.run(
            ["git", "--no-pager", *env_args, *args], cwd=cwd, capture_output=True, text=not binary,
            stdin=subprocess.DEVNULL, env=_environment(),
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise GitError(f"git could not run: {exc}") from None


def _environment() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    return env


def _checked(cwd: Path, *args: str) -> str:
    result = run(cwd, *args)
    if result.returncode != 0:
        raise GitError(f"git {args[0]} failed: {' '.join(result.stderr.split())}")
    return str(result.stdout)


def open_repository(root: Path) -> Optional[Repository]:
    """The repository the folder `root` is in, or None when it is in none. Raises GitError when
    git is missing or the repository cannot be read."""
    probe = run(root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    if probe.returncode != 0:
        if "not a git repository" in probe.stderr:
            return None
        raise GitError(f"git rev-parse failed: {' '.join(probe.stderr.split())}")
    lines = str(probe.stdout).split("\n")
    top, prefix, shallow = Path(lines[0]), lines[1], lines[2].strip() == "true"
    head_probe = run(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    head = head_probe.stdout.strip() if head_probe.returncode == 0 else None
    branch_probe = run(top, "symbolic-ref", "--quiet", "--short", "HEAD")
    branch = branch_probe.stdout.strip() if branch_probe.returncode == 0 else None
    cut: frozenset[str] = frozenset()
    if shallow:
        path = _checked(top, "rev-parse", "--git-path", "shallow").strip()
        shallow_file = Path(path) if Path(path).is_absolute() else top / path
        try:
            cut = frozenset(shallow_file.read_text(encoding="ascii").split())
        except OSError:
            cut = frozenset()
    return Repository(top, prefix, head, branch, cut)


def log(repo: Repository, path: str) -> list[LoggedCommit]:
    """The commits of HEAD's first-parent line that changed `path` (repository-relative), oldest
    first, each with the files it changed and the renames among them (git's rename detection,
    -M). First parent: a merged branch counts as its merge commit, compared with the line it was
    merged into, so two branches' commits never read as undoing each other. Raises GitError."""
    if repo.head is None:
        return []
    out = _checked(
        repo.top, "log", "--first-parent", "-M", "--name-status", "-z", "--no-color",
        f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%P{_FIELD}%s", repo.head, "--", path,
    )
    commits = []
    for record in out.split(_RECORD)[1:]:
        head, _, files = record.partition("\n")
        fields = head.split(_FIELD, 3)
        if len(fields) < 4:
            continue
        sha, date, parents, subject = fields
        subject = subject.rstrip("\x00")
        tokens = [t for t in files.split("\x00")]
        renames, paths = [], []
        n = 0
        while n < len(tokens):
            status = tokens[n].strip("\n")
            if status.startswith(("R", "C")) and n + 2 < len(tokens):
                if status.startswith("R"):
                    renames.append((tokens[n + 1], tokens[n + 2]))
                paths += [tokens[n + 1], tokens[n + 2]]
                n += 3
            elif status and n + 1 < len(tokens):
                paths.append(tokens[n + 1])
                n += 2
            else:
                n += 1
        if not _SHA.fullmatch(sha):
            continue  # a record a stray separator in a subject broke: skip rather than guess
        try:
            date_time = dt.datetime.fromisoformat(date)
        except ValueError:
            continue
        commit = Commit(sha, date_time, subject)
        commits.append(LoggedCommit(commit, tuple(parents.split()), tuple(renames), tuple(paths)))
    commits.reverse()
    return commits


def folder_entries(repo: Repository, sha: str, path: str) -> dict[str, tuple[str, str]]:
    """The entries of the folder `path` (repository-relative) in commit `sha`: name -> (type
    'blob' or 'tree', object id). The id changes exactly when the content does, so it keys a
    cache. Empty when the commit has no such folder; raises GitError when git fails."""
    result = run(repo.top, "ls-tree", "-z", sha, "--", f"{path}/" if path else ".")
    if result.returncode != 0:
        raise GitError(f"git ls-tree failed: {' '.join(result.stderr.split())}")
    entries = {}
    for line in str(result.stdout).split("\x00"):
        info, tab, name = line.partition("\t")
        fields = info.split()
        if tab and len(fields) == 3:
            entries[name.rsplit("/", 1)[-1]] = (fields[1], fields[2])
    return entries


def extract(repo: Repository, sha: str, paths: list[str], into: Path) -> bool:
    """Write the files and folders `paths` (repository-relative) as commit `sha` has them under
    `into`, at the same relative paths. False when there is nothing to write; raises GitError
    when git fails (a path the commit does not have, too)."""
    if not paths:
        return False
    result = run(repo.top, "archive", "--format=tar", sha, "--", *paths, binary=True)
    if result.returncode != 0:
        raise GitError(f"git archive failed: {' '.join(result.stderr.decode(errors='replace').split())}")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter="data")  # no absolute paths, no links out of `into`
    return True
