"""The package type-checks under `mypy --strict` (settings in pyproject.toml, [tool.mypy]), so a
change that passes a None where a score is needed, or a JourneyFeedback where a Cell is, fails
here rather than in a build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_mypy_strict_passes_on_the_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],  # no arguments: pyproject.toml names the files and the settings
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"
