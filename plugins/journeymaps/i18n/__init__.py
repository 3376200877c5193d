"""Labels of the generated pages in English and Dutch, chosen by the site's language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "nl")


def language_code(language: str) -> str:
    """'nl_NL', 'nl-BE' or 'NL' -> 'nl'; a language without labels of its own gets English."""
    code = (language or "en").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=None)
def labels(language: str = "en") -> dict[str, str]:
    """All plain labels for a language ('nl', 'nl_NL' or 'en'); missing keys fall back to English."""
    return {k: v for k, v in _merged(language_code(language)).items() if isinstance(v, str)}


@lru_cache(maxsize=None)
def plural_labels(language: str = "en") -> dict[str, dict[str, str]]:
    """Labels of counts: key -> {CLDR plural category ('one', 'other', ...): text with {n}}."""
    return {k: v for k, v in _merged(language_code(language)).items() if isinstance(v, dict)}


def plural(language: str, key: str, n: int, shown: str | None = None) -> str:
    """The label `key` for a count of `n` in the language's plural form (CLDR rules, via babel);
    `shown` is how the number is written (default: str(n)). Raises KeyError for an unknown key."""
    from babel import Locale

    code = language_code(language)
    forms = plural_labels(code)[key]
    category = Locale.parse(code).plural_form(n)
    return forms.get(category, forms["other"]).format(n=shown if shown is not None else n)


@lru_cache(maxsize=None)  # labels() and plural_labels() both read it: parse each YAML file once
def _merged(code: str) -> dict[str, object]:
    base = _read("en")
    return base if code == "en" else {**base, **_read(code)}


def _read(code: str) -> dict[str, object]:
    text = (Path(__file__).parent / f"{code}.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {str(k): ({str(f): str(t) for f, t in v.items()} if isinstance(v, dict) else str(v)) for k, v in data.items()}
