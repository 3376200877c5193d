"""Survey labels -> journey ids: 'Vaste klant' is persona `vaste-klant` without anyone writing a map.

Survey tools export what respondents saw ("Afrekenen", "Vaste klant"), not our ids. A label
resolves, in this order: the source's explicit map (`touchpoints:` / `personas:`, keys matched
exactly, then case-insensitively, then by slug), then an id equal to the label's slug. The
explicit map goes first because it is what someone wrote on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

from .cells import shorten
from .redact import redact_head


def slugify(label: str) -> str:
    """'Vaste klant' -> 'vaste-klant', 'Één klik!' -> 'een-klik': the id a label would have."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def shown(text: str, chars: int = 40) -> str:
    """A survey file's text (a label, a column name) as a message may quote it: redacted as a
    published comment is, and at most `chars` characters. Build logs and CI output are read by
    more people than the site (GDPR: personal data is no more welcome there)."""
    return shorten(redact_head(text, chars), chars)


class LabelMap:
    """Resolves the labels of one column (touchpoint or persona) of one source."""

    def __init__(self, ids: Iterable[str], explicit: Mapping[str, str]):
        self.ids = set(ids)
        self._exact = dict(explicit)
        self._folded: dict[str, str] = {}
        for label, ref in explicit.items():
            self._folded.setdefault(" ".join(label.split()).casefold(), ref)
            if slugify(label):  # a label of no Latin letter has no slug: it must not match every other such label
                self._folded.setdefault(slugify(label), ref)

    def resolve(self, label: str) -> str | None:
        """The id for a label, or None if nothing matches."""
        if label in self._exact:
            return self._exact[label]
        key = label.strip()
        for candidate in (" ".join(key.split()).casefold(), slugify(key)):
            if candidate and candidate in self._folded:
                return self._folded[candidate]
        slug = slugify(key)
        if slug in self.ids:
            return slug
        return None

    def candidates(self) -> list[str]:
        """What a label could have been: ids and explicit labels, for 'did you mean'."""
        return sorted(self.ids | set(self._exact))
