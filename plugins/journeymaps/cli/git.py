"""git, as the commands that read revisions run it (diff, and codeowners for the site's path)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from .common import UsageError


def git(cwd: Path, *args: str, check: bool = True, binary: bool = False) -> subprocess.CompletedProcess[Any]:
    """Run `git ARGS` in `cwd` and give the finished process (stdout as text, or bytes with `binary`).
    Raises UsageError when git is missing, or with `check` when it fails."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        err = result.stderr.decode(errors="replace") if binary else result.stderr
        raise UsageError(f"git {' '.join(args)} failed: {err.strip()}")
    return result


def repo_prefix(root: Path) -> str:
    """The site's folder relative to the git repository root ('' at the top, or outside git)."""
    result = git(root, "rev-parse", "--show-prefix", check=False)
    return result.stdout.strip().strip("/") if result.returncode == 0 else ""


def verify_revision(top: Path, revision: str) -> str:
    """The commit id a revision (branch, tag, commit) names in the repository at `top`; raises
    UsageError for an unknown one, or one that looks like an option."""
    if revision.startswith("-"):
        raise UsageError(f"unknown revision '{revision}'")
    result = git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    if result.returncode != 0:
        raise UsageError(f"unknown revision '{revision}' (not a commit, branch or tag in this repository)")
    return str(result.stdout).strip()


def extract(top: Path, commit: str, paths: list[str], into: Path) -> None:
    """Write the files and folders at `paths` (relative to the repository root `top`) as they are in
    `commit` into the folder `into`; paths the commit does not have are skipped. Raises UsageError
    when git fails."""
    existing = [p for p in paths if git(top, "cat-file", "-e", f"{commit}:{p}", check=False).returncode == 0]
    if not existing:
        return
    result = git(top, "archive", "--format=tar", commit, "--", *existing, binary=True)
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(into, filter="data")
        else:  # Python < 3.11.4: git archive writes no absolute paths or links out of the tree
            archive.extractall(into)
