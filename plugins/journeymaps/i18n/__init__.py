"""Labels of the generated pages in English and Dutch, chosen by the site's language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "nl")


@lru_cache(maxsize=None)
def labels(language: str = "en") -> dict[str, str]:
    """All labels for a language ('nl', 'nl_NL' or 'en'); missing keys fall back to English."""
    base = _read("en")
    code = (language or "en").replace("-", "_").split("_")[0].lower()
    if code != "en" and code in LANGUAGES:
        return {**base, **_read(code)}
    return base


def _read(code: str) -> dict[str, str]:
    text = (Path(__file__).parent / f"{code}.yml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)).items()}
