"""What every command shares: the usage error, the help layout, --root, and paths as they are shown."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Callable


class UsageError(Exception):
    """Something the user asked that cannot be done: printed as one line, exit code 2."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """The help layout of every command: descriptions and epilogs keep their line breaks."""


def add_root_option(parser: argparse.ArgumentParser) -> None:
    """Give a command the --root option (the site's folder, default the current one)."""
    parser.add_argument("--root", default=".", metavar="DIR",
                        help="the site's folder, where mkdocs.yml is (default: the current folder)")


def root_dir(value: str) -> Path:
    """The folder --root names; UsageError when it is not a folder."""
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"{value} is not a folder")
    return root


def shown_dir(root: Path) -> str:
    """A folder as messages name it: 'this folder', or its path relative to the current folder."""
    here = Path.cwd().resolve()
    resolved = root.resolve()
    if resolved == here:
        return "this folder"
    return Path(os.path.relpath(resolved, here)).as_posix()


def shown_path(path: Path) -> str:
    """A file as messages name it: its path relative to the current folder, with forward slashes."""
    return Path(os.path.relpath(path, Path.cwd())).as_posix()


def display_paths(root: Path) -> Callable[[str], str]:
    """A function from a path relative to the site at `root` (as problems give it) to the path relative
    to the current folder, so editors and CI can open the files the output names."""
    here = Path.cwd().resolve()
    resolved = root.resolve()

    def display(file: str) -> str:
        if resolved == here:
            return file
        return Path(os.path.relpath(resolved / file, here)).as_posix()

    return display
