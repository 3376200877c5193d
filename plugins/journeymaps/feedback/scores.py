"""Score cells -> numbers: plain numbers, labelled scale ends, and the source's own label map.

Survey tools write the ends of a scale with their label: Google Forms `1 - Zeer ontevreden`,
Typeform `10 – Extremely likely`. Such a cell is its leading number. Tools that write only
labels (`Zeer tevreden`) need `score_labels:` in the feedback source; a label matches there
exactly, else ignoring case and runs of whitespace. Parsing runs once per distinct text.
"""

from __future__ import annotations

import re
from typing import Mapping

_NUMBER = {",": r"[+-]?[0-9]+(?:,[0-9]+)?", ".": r"[+-]?[0-9]+(?:\.[0-9]+)?"}
# a number, a hyphen or dash with any spacing, then a label that starts with a letter
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_LABELLED = {
    mark: re.compile(rf"({number})\s*[{_DASHES}]\s*[^\W\d_].*", re.DOTALL) for mark, number in _NUMBER.items()
}
_PLAIN = {mark: re.compile(number) for mark, number in _NUMBER.items()}


def label_key(text: str) -> str:
    """A label as matched: case folded, runs of whitespace (line breaks too) as one space."""
    return " ".join(text.split()).casefold()


class ScoreParser:
    """Reads one source's score texts (already trimmed) with its decimal mark and label map."""

    def __init__(self, decimal: str, labels: Mapping[str, float] | None = None):
        self._plain = _PLAIN[decimal]
        self._labelled = _LABELLED[decimal]
        self._exact = dict(labels or {})
        self._folded = {label_key(label): score for label, score in self._exact.items()}

    def __call__(self, text: str) -> float | None:
        """'4' -> 4.0, '7,5' -> 7.5 (decimal ','), '5 - Zeer tevreden' -> 5.0, a mapped label -> its
        score; None for anything else ('1.234,5', 'zeven' unless mapped)."""
        if self._plain.fullmatch(text):
            return _number(text)
        if text in self._exact:
            return float(self._exact[text])
        folded = self._folded.get(label_key(text))
        if folded is not None:
            return float(folded)
        match = self._labelled.fullmatch(text)
        return _number(match.group(1)) if match else None


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def word_labels(unread: Mapping[str, int], shown: int = 3) -> list[str]:
    """Score texts that look like answer labels: with a letter, short, on two rows or more
    (free text rarely repeats, and may hold personal data); the most frequent first."""
    labels = [
        (n, text) for text, n in unread.items()
        if n >= 2 and len(text) <= 40 and re.search(r"[^\W\d_]", text)
    ]
    return [text for _, text in sorted(labels, key=lambda item: (-item[0], item[1]))[:shown]]
