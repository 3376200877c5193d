"""Fixtures shared by every test; the helpers behind them are in tests/helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)
