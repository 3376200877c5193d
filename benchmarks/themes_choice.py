"""TF-IDF + NMF (scikit-learn) against YAKE on the labelled comments in tests/data/themes:
the share of labelled themes found per touchpoint, and the time per 1,000 comments.

    PYTHONPATH=plugins python benchmarks/themes_choice.py

Needs yake (not a dependency of journeymaps: `pip install yake` in a scratch venv). Both get
the same input: redacted comments, lemmatised by simplemma, stop words of stopwordsiso out.
A labelled theme counts as found when one theme of its touchpoint has a top term, or a written
form of one, among the label's keywords (tests/test_themes.py uses the same rule).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from journeymaps.feedback.redact import redact
from journeymaps.feedback.theme_terms import (MAX_THEMES, TERMS_PER_THEME, ThemeTerms, lemmatised, nmf_themes)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "themes"


def labelled() -> tuple[dict[str, list[str]], dict[tuple[str, str], set[str]]]:
    comments: dict[str, list[str]] = {}
    with open(DATA / "labelled.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            comments.setdefault(row["touchpoint"], []).append(row["comment"])
    keywords = {}
    with open(DATA / "keywords.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            keywords[row["touchpoint"], row["theme"]] = set(row["keywords"].split())
    return comments, keywords


def yake_themes(docs: list[list[str]], forms: dict[str, set[str]], max_themes: int = MAX_THEMES) -> list[ThemeTerms]:
    import yake

    extractor = yake.KeywordExtractor(lan="nl", n=2, top=max_themes * 3, dedupLim=0.7)
    text = ". ".join(" ".join(doc) for doc in docs if doc)
    themes: list[ThemeTerms] = []
    taken: set[str] = set()
    for phrase, score in extractor.extract_keywords(text):
        terms = [t for t in phrase.lower().split() if t not in taken][:TERMS_PER_THEME]
        if not terms:
            continue
        taken |= set(terms)
        themes.append(ThemeTerms(tuple(terms), tuple(sorted({f for t in terms for f in forms.get(t, {t})})), float(score)))
        if len(themes) == max_themes:
            break
    return themes


def found_share(method, comments, keywords) -> tuple[int, int, float]:
    found = total = 0
    seconds = 0.0
    count = 0
    for tp, texts in sorted(comments.items()):
        start = time.perf_counter()
        docs, forms = lemmatised([redact(t) for t in texts], "auto")
        themes = method(docs, forms)
        seconds += time.perf_counter() - start
        count += len(texts)
        for (ktp, _), words in keywords.items():
            if ktp != tp:
                continue
            total += 1
            found += any(set(t.terms) & words or set(t.forms) & words for t in themes)
    return found, total, seconds / count * 1000


def main() -> int:
    comments, keywords = labelled()
    # Loads that every build pays once, whichever method (simplemma's dictionaries, the imports),
    # are not what is compared: done before the clock starts.
    lemmatised(["de bezorging was laat", "the delivery was late"], "auto")
    import sklearn.decomposition  # noqa: F401
    import yake  # noqa: F401
    start = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401
    print(f"(imports: scikit-learn {time.perf_counter() - start:.2f} s more)")
    for name, method in (("TF-IDF + NMF", nmf_themes), ("YAKE", yake_themes)):
        found, total, ms = found_share(method, comments, keywords)
        print(f"{name:14s} labelled themes found {found}/{total} ({found / total:.0%}), "
              f"{ms:.3f} s per 1,000 comments (redact + lemmatise + themes, libraries loaded)")
        for tp in sorted(comments):
            docs, forms = lemmatised([redact(t) for t in comments[tp]], "auto")
            print(f"    {tp}: " + " | ".join(t.label for t in method(docs, forms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
