"""Helpers: a real site on disk (journeys/<id>/journey.yml + feedback CSVs), loaded by the real loader."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from journeymaps.feedback import FeedbackCache, JourneyFeedback, read_journey_feedback
from journeymaps.load import load_site

JOURNEY = """\
title: Online bestellen
scale: [1, 5]
phases:
  - id: do
    title: Do
personas:
  - id: sanne
    name: Sanne
  - id: vaste-klant
    name: Vaste klant
touchpoints:
  - id: checkout
    phase: do
    title: Afrekenen
  - id: delivery
    phase: do
    title: Bezorging
"""


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "journeys" / "webshop"
        (self.dir / "feedback").mkdir(parents=True)
        self.cache = FeedbackCache()
        self.feedback_yaml = ""
        self.scale = "[1, 5]"

    def csv(self, name: str, content: str | bytes, encoding: str = "utf-8", newline: str = "\n") -> Path:
        path = self.dir / "feedback" / name
        if isinstance(content, str):
            content = content.replace("\n", newline).encode(encoding)
        path.write_bytes(content)
        return path

    def read(self, feedback_yaml: str | None = None, cache: FeedbackCache | None = None) -> JourneyFeedback:
        text = JOURNEY.replace("scale: [1, 5]", f"scale: {self.scale}")
        if feedback_yaml is not None:
            text += "feedback:\n" + feedback_yaml
        (self.dir / "journey.yml").write_text(text, encoding="utf-8")
        site = load_site(self.root)
        journey = site.journey("webshop")
        return read_journey_feedback(journey, self.dir, self.root, cache if cache is not None else self.cache)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def messages(fb: JourneyFeedback) -> list[str]:
    return [str(p) for p in fb.problems]
