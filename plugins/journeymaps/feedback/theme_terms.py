"""Redacted comments -> themes: lemmas (simplemma), stop words (stopwordsiso), topics (TF-IDF + NMF).

A theme is a topic of scikit-learn's NMF over TF-IDF of the comments' lemmas: its top terms
(lemmas) name it, and every written form of those lemmas seen in the comments ("bezorgd",
"bezorging" for "bezorgen") is what a comment must contain to mention it (themes.py counts
them over every comment with DuckDB). Chosen over YAKE on the labelled set in
tests/data/themes (benchmarks/themes_choice.py prints both): see docs/reference.md, Themes.

Only redacted text comes here (redact.py), and a term is letters only, never a placeholder such
as [EMAIL]: a theme's label cannot carry an address, a phone number, an IBAN, a BSN or a postcode.
Deterministic: a fixed NMF seed and init, terms sorted with their text as the tie-break.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Sequence

LANGUAGES = ("nl", "en")
PLACEHOLDER = re.compile(r"\[(?:EMAIL|IBAN|PHONE|BSN|POSTCODE)\]")
# Words: runs of letters (no digits: numbers are amounts, dates or what redaction left).
WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 3
TERMS_PER_THEME = 3
MAX_THEMES = 5
MIN_COMMENTS = 8  # fewer comments at a touchpoint than this: no themes (too few to say what recurs)
LANGUAGE_SHARE = 0.8  # a theme is in a language when this share of the comments that mention it are


@dataclass(frozen=True)
class ThemeTerms:
    """One theme as found: `terms` its top lemmas (best first, at most TERMS_PER_THEME), `forms`
    the lower-case written forms of those lemmas seen in the comments that the count can find
    (see `countable`; sorted), `weight` its
    share of the topic model's weight (0..1)."""

    terms: tuple[str, ...]
    forms: tuple[str, ...]
    weight: float
    shown: tuple[str, ...] = ()
    """Per term the written form seen most often ('app' for the lemma 'appen'), as the label shows it."""
    language: str | None = None
    """'nl' or 'en' when LANGUAGE_SHARE of the comments that mention it are in that language
    (see `language_of`), else None; always None unless the language setting is 'auto'."""

    @property
    def label(self) -> str:
        """The terms as written most often: 'levering · dagen · laat'."""
        return " · ".join(self.shown or self.terms)


@lru_cache(maxsize=8)
def stop_words(languages: tuple[str, ...], extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The packaged stop words (stopwordsiso) of `languages`, their lemmas, and `extra` (lower case)."""
    import stopwordsiso

    words: set[str] = {w.lower() for w in extra}
    for lang in languages:
        words |= {w.lower() for w in stopwordsiso.stopwords(lang)}
    return frozenset(words | {lemma(w, languages) for w in words})


@lru_cache(maxsize=200_000)
def lemma(token: str, languages: tuple[str, ...]) -> str:
    """The lemma of a lower-case token (simplemma, the languages in order), lower case, without
    the '_' simplemma writes in separable verbs ('op_lossen': 'oplossen'). Cached: comments
    repeat their words, and simplemma takes some 30 µs a word."""
    import simplemma

    return str(simplemma.lemmatize(token, lang=languages)).lower().replace("_", "")


@lru_cache(maxsize=1)
def _marker_words() -> tuple[frozenset[str], frozenset[str]]:
    """Stop words of one language only (Dutch, English): which language a comment is in."""
    import stopwordsiso

    dutch, english = set(stopwordsiso.stopwords("nl")), set(stopwordsiso.stopwords("en"))
    return frozenset(dutch - english), frozenset(english - dutch)


def language_of(tokens: Sequence[str], setting: str) -> tuple[str, ...]:
    """The languages to lemmatise a comment's lower-case words in, the likelier first:
    `setting` ('nl', 'en') alone, or for 'auto' both, English first when the comment has more
    English-only than Dutch-only stop words (simplemma's own detector took 25 µs a comment and
    lemmatised every word twice)."""
    if setting in LANGUAGES:
        return (setting,)
    dutch, english = _marker_words()
    score = sum(1 for t in tokens if t in english) - sum(1 for t in tokens if t in dutch)
    return ("en", "nl") if score > 0 else ("nl", "en")


def words(text: str) -> list[str]:
    """The lower-case words of a redacted comment, placeholders left out."""
    return WORD.findall(PLACEHOLDER.sub(" ", text).lower())


def lemmatised(texts: Sequence[str], setting: str, extra: Iterable[str] = ()) -> tuple[list[list[str]], dict[str, Counter[str]]]:
    """Per comment its content lemmas (stop words and short words out); and per lemma the
    written forms it was found as, with how often."""
    stops = stop_words(LANGUAGES, tuple(sorted(extra)))
    docs: list[list[str]] = []
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        tokens = words(text)
        languages = language_of(tokens, setting)
        doc = []
        for token in tokens:
            if len(token) < MIN_LETTERS or token in stops:
                continue
            base = lemma(token, languages)
            if len(base) < MIN_LETTERS or base in stops:
                continue
            doc.append(base)
            forms.setdefault(base, Counter())[token] += 1
        docs.append(doc)
    return docs, forms


def find_themes(texts: Sequence[str], setting: str = "auto", extra: Iterable[str] = (),
                max_themes: int = MAX_THEMES) -> list[ThemeTerms]:
    """The themes of one touchpoint's redacted comments, the strongest first; [] for fewer
    than MIN_COMMENTS different comments or too few shared words. `setting`: 'auto', 'nl' or 'en'.

    Each different text counts once here (spaces aside): one comment written 23 times is one
    voice in finding the themes, not 23; how often a theme is mentioned is counted later, over
    every comment (themes.py)."""
    distinct = list(dict.fromkeys(" ".join(text.split()) for text in texts))
    if len(distinct) < MIN_COMMENTS:
        return []
    docs, forms = lemmatised(distinct, setting, extra)
    tokens = [words(text) for text in distinct]
    sets = [set(t) for t in tokens]
    themes = without_same_comments(nmf_themes(docs, forms, max_themes), sets)
    return themes if setting in LANGUAGES else [with_language(theme, tokens, sets) for theme in themes]


def mentioning(theme: ThemeTerms, tokens: Sequence[set[str]]) -> list[int]:
    """The positions of the comments (`tokens`: each comment's set of words, see `words`) that
    mention the theme: that hold one of its forms. The rule themes.py's count applies in SQL."""
    forms = set(theme.forms)
    return [i for i, words_of in enumerate(tokens) if words_of & forms]


def with_language(theme: ThemeTerms, tokens: Sequence[list[str]], sets: Sequence[set[str]]) -> ThemeTerms:
    """The theme with its language: that of LANGUAGE_SHARE or more of the comments that mention
    it (`tokens` each comment's words, `sets` the same as sets). Words are not translated, so the
    same topic written in Dutch and in English makes two themes; the pages mark each with its language."""
    found = Counter(language_of(tokens[i], "auto")[0] for i in mentioning(theme, sets))
    total = sum(found.values())
    language = next((lang for lang, n in found.items() if total and n / total >= LANGUAGE_SHARE), None)
    return replace(theme, language=language)


def without_same_comments(themes: list[ThemeTerms], tokens: Sequence[set[str]]) -> list[ThemeTerms]:
    """The themes but those mentioned by exactly the comments of a stronger one (`tokens`: each
    comment's set of words): two themes that always come together are one thing customers said,
    and would show twice with the same counts."""
    seen: list[frozenset[int]] = []
    kept = []
    for theme in themes:
        mentioned = frozenset(mentioning(theme, tokens))
        if mentioned not in seen:
            seen.append(mentioned)
            kept.append(theme)
    return kept


def nmf_themes(docs: list[list[str]], forms: dict[str, Counter[str]], max_themes: int = MAX_THEMES) -> list[ThemeTerms]:
    """TF-IDF over the lemmas (a lemma in at least two comments), NMF with a fixed seed; per topic
    its top terms (a term belongs to the first topic that ranks it), weakest topics dropped."""
    from sklearn.decomposition import NMF  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    present = [doc for doc in docs if doc]
    if len(present) < MIN_COMMENTS:
        return []
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, min_df=2, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(present)
    except ValueError:  # no lemma in two comments
        return []
    vocabulary = vectorizer.get_feature_names_out()
    k = max(1, min(max_themes + 2, len(vocabulary) // 2, len(present) // 6))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
    with warnings.catch_warnings():  # not converged in 500 steps still ranks the terms; nothing to tell a reader
        warnings.simplefilter("ignore")
        weights = model.fit_transform(matrix)
    strength = weights.sum(axis=0)
    total = float(strength.sum()) or 1.0
    order = sorted(range(k), key=lambda i: (-round(float(strength[i]), 9), i))
    taken: set[str] = set()
    themes: list[ThemeTerms] = []
    for i in order:
        row = model.components_[i]
        ranked = sorted(range(len(vocabulary)), key=lambda j: (-round(float(row[j]), 9), str(vocabulary[j])))
        best = float(row[ranked[0]]) if ranked else 0.0
        if best <= 0:
            continue
        terms = [str(vocabulary[j]) for j in ranked[:TERMS_PER_THEME * 2]
                 if float(row[j]) >= best * 0.25 and str(vocabulary[j]) not in taken][:TERMS_PER_THEME]
        if not terms:
            continue
        taken |= set(terms)
        found = tuple(sorted({form for term in terms for form in forms.get(term, {term: 1}) if countable(form)}))
        shown = tuple(most_written(forms.get(term, Counter({term: 1}))) for term in terms)
        themes.append(ThemeTerms(tuple(terms), found, round(float(strength[i]) / total, 6), shown))
        if len(themes) == max_themes:
            break
    return themes


def most_written(forms: Counter[str]) -> str:
    """The form seen most often; on a tie the shortest, then the first in alphabetical order."""
    return min(forms.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def countable(form: str) -> bool:
    """A form the count can find: it begins and ends with an ASCII letter (theme_sql.py: RE2's
    word boundary knows no other letters)."""
    return form[:1].isascii() and form[-1:].isascii()
