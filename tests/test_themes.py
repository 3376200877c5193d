"""Comment themes (feedback/themes.py): found on the labelled set, counted by hand from the CSV,
deterministic, free of personal data, configurable per feedback source, shown on the pages."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from journeymaps.feedback import FeedbackCache, read_journey_feedback
from journeymaps.feedback.themes import MIN_PERSONA_COMMENTS, JourneyThemes, Theme
from journeymaps.load import load_site
from tests.helpers import REPO, make_site, mkdocs

DATA = REPO / "tests" / "data" / "themes"
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]

LABELLED_JOURNEY = """\
title: Webshop
phases:
  - id: do
    title: Do
  - id: care
    title: Care
touchpoints:
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: 2
  - id: bezorging
    phase: do
    title: Bezorging
    owner: Team Logistiek
    target: 2
  - id: telefoon
    phase: care
    title: Telefoon
    owner: Team Service
    target: 2
  - id: retour
    phase: care
    title: Retour
    owner: Team Logistiek
    target: 2
feedback:
  - path: feedback/*.csv
    metric: csat
{themes}"""


def labelled_rows() -> list[dict[str, str]]:
    with open(DATA / "labelled.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def keywords() -> dict[tuple[str, str], set[str]]:
    with open(DATA / "keywords.csv", encoding="utf-8", newline="") as f:
        return {(row["touchpoint"], row["theme"]): set(row["keywords"].split()) for row in csv.DictReader(f)}


def export(rows: list[dict[str, str]]) -> str:
    """The labelled comments as a survey export: a date (months in turn), a persona (in turn)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "touchpoint", "persona", "score", "comment"])
    for i, row in enumerate(rows):
        writer.writerow([f"{MONTHS[i % len(MONTHS)]}-{1 + i % 27:02d}", row["touchpoint"],
                         ("sanne", "ruud")[i % 2], row["score"], row["comment"]])
    return out.getvalue()


def labelled_site(root: Path, themes: str = "", rows: list[dict[str, str]] | None = None) -> Path:
    return make_site(root, {
        "journeys/webshop/journey.yml": LABELLED_JOURNEY.format(themes=themes),
        "journeys/webshop/feedback/survey.csv": export(rows if rows is not None else labelled_rows()),
    })


def themes_of(root: Path, cache: FeedbackCache | None = None) -> JourneyThemes:
    journey = load_site(root).journey("webshop")
    feedback = read_journey_feedback(journey, root / "journeys" / "webshop", root, cache)
    assert not [p for p in feedback.problems if p.is_error], feedback.problems
    assert feedback.themes is not None
    return feedback.themes


def mentions(comment: str, theme: Theme) -> bool:
    """By hand: a comment mentions a theme when a form of the theme stands in it, lower case,
    with no ASCII letter, digit or underscore on either side (docs/reference.md, Themes)."""
    text = comment.lower()
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(form)}(?![A-Za-z0-9_])", text) for form in theme.forms)


def found_share(themes: JourneyThemes) -> tuple[int, int]:
    """(labelled themes found, labelled themes): a labelled theme is found when a theme of its
    touchpoint has a term or a form among the label's keywords."""
    found = total = 0
    for (tp, _), words in keywords().items():
        total += 1
        found += any(set(t.terms) & words or set(t.forms) & words for t in themes.of(tp))
    return found, total


def test_the_labelled_set_is_large_enough_and_bilingual() -> None:
    rows = labelled_rows()
    assert len(rows) >= 200
    labels = {(row["touchpoint"], label) for row in rows for label in row["themes"].split(";") if label}
    assert labels == set(keywords())
    dutch = sum(1 for row in rows if re.search(r"\b(de|het|een|niet|te)\b", row["comment"].lower()))
    assert 60 < dutch < len(rows) - 60


def test_themes_cover_the_labelled_themes(tmp_path: Path) -> None:
    themes = themes_of(labelled_site(tmp_path))
    found, total = found_share(themes)
    print(f"labelled themes found: {found}/{total} = {found / total:.0%}")
    assert found / total >= 0.8
    # Themes per touchpoint are that touchpoint's own: none of checkout's keywords name a delivery theme.
    delivery = {w for (tp, _), words in keywords().items() if tp == "bezorging" for w in words}
    assert any(set(t.forms) & delivery for t in themes.of("bezorging"))


def band(score: int) -> str | None:
    """The band of a score on the labelled set's 1-5 scale: the bottom two points low, the top two high."""
    return "low" if score <= 2 else "high" if score >= 4 else None


def test_counts_match_the_csv_by_hand(tmp_path: Path) -> None:
    rows = labelled_rows()
    themes = themes_of(labelled_site(tmp_path))
    checked = banded = 0
    for tp in ("bezorging", "checkout", "telefoon", "retour"):
        at = [(i, row) for i, row in enumerate(rows) if row["touchpoint"] == tp]
        assert themes.of(tp), tp
        examples = [q.text for theme in themes.of(tp) for q in theme.quotes]
        assert len(examples) == len(set(examples))  # a comment is an example of one theme only
        for theme in themes.of(tp):
            hits = [(i, row) for i, row in at if mentions(row["comment"], theme)]
            low = [row for _, row in at if int(row["score"]) <= 2]
            high = [row for _, row in at if int(row["score"]) >= 4]
            assert theme.comments == len(at)
            assert theme.mentions == len(hits), theme.label
            assert (theme.low_comments, theme.high_comments) == (len(low), len(high))
            assert theme.low_mentions == sum(1 for _, row in hits if int(row["score"]) <= 2)
            assert theme.high_mentions == sum(1 for _, row in hits if int(row["score"]) >= 4)
            by_month: dict[str, int] = {}
            for i, _ in at:
                by_month.setdefault(MONTHS[i % len(MONTHS)], 0)
            for i, _ in hits:
                by_month[MONTHS[i % len(MONTHS)]] += 1
            assert dict(theme.months) == by_month
            for quote in theme.quotes:
                assert mentions(quote.text, theme)
                # the band beside an example is its own score's: 1-2 low, 4-5 high, 3 neither
                written = {band(int(row["score"])) for _, row in hits if row["comment"].strip() == quote.text}
                assert quote.band in written, (quote, written)
                banded += quote.band is not None
            assert 1 <= len(theme.quotes) <= 3 or len(hits) < 2
            checked += 1
        # per persona: the same themes, counted over that persona's comments
        for persona, turn in (("sanne", 0), ("ruud", 1)):
            own = [(i, row) for i, row in at if i % 2 == turn]
            if len(own) < MIN_PERSONA_COMMENTS:
                assert not themes.of(tp, persona)
                continue
            for theme in themes.of(tp, persona):
                assert theme.comments == len(own)
                assert theme.mentions == sum(1 for _, row in own if mentions(row["comment"], theme))
    assert checked >= 12
    assert banded  # examples with a low or a high score say so


def test_the_same_input_gives_the_same_themes_and_pages(tmp_path: Path) -> None:
    first = themes_of(labelled_site(tmp_path / "a"))
    second = themes_of(labelled_site(tmp_path / "b"))
    assert first.by_key == second.by_key
    pages = []
    for name in ("a", "b"):
        result = mkdocs(tmp_path / name, "build", "--strict")
        assert result.returncode == 0, result.stderr
        pages.append((tmp_path / name / "site" / "journeys" / "webshop" / "phases" / "care" / "index.html").read_bytes())
    assert pages[0] == pages[1]
    assert b'id="themes"' in pages[0]


PERSONAL = [
    "Mail me op jan.jansen@example.nl over de bezorging",
    "bezorging mislukt, bel 06-12345678 of +31 6 1234 5678",
    "Stort het terug op NL91ABNA0417164300 graag, bezorging kapot",
    "Mijn BSN is 111222333, waarom vraagt de bezorger dat",
    "Postcode 1234 AB klopt niet, bezorging kwam op 1234ab",
    "Refund to NL91 ABNA 0417 1643 00 please, parcel damaged",
    "call me on 020-1234567 about the delivery, j.jansen@example.nl",
    "bsn 1112.22.333 stond op het pakket, bezorging",
]


def test_themes_carry_no_personal_data(tmp_path: Path) -> None:
    rows = [{"touchpoint": "bezorging", "score": str(1 + i % 5), "comment": PERSONAL[i % len(PERSONAL)]}
            for i in range(80)]
    themes = themes_of(labelled_site(tmp_path, rows=rows))
    found = themes.of("bezorging")
    assert found
    shown = " ".join(t.label + " " + " ".join(t.terms + t.forms) for t in found).lower()
    for secret in ("jansen", "example", "abna", "12345678", "1234", "111222333", "nl91", "ab "):
        assert secret not in shown + " ", secret
    assert not re.search(r"\d", shown)
    words = {w for t in found for w in t.terms + t.forms}
    assert not words & {"email", "phone", "iban"}  # the placeholders redaction leaves are no words of a theme
    quotes = " ".join(q.text for t in found for q in t.quotes)
    assert quotes
    for secret in ("jansen", "12345678", "ABNA", "111222333", "1234 AB", "1112.22.333", "1234567"):
        assert secret not in quotes, secret
    assert "[EMAIL]" in quotes or "[PHONE]" in quotes or "[IBAN]" in quotes


def test_themes_off_and_extra_stop_words(tmp_path: Path) -> None:
    assert not themes_of(labelled_site(tmp_path / "off", "    themes: off\n")).by_key
    on = themes_of(labelled_site(tmp_path / "on"))
    word = on.of("bezorging")[0].terms[0]
    without = themes_of(labelled_site(tmp_path / "stop", f"    themes:\n      stop_words: [{word}]\n"))
    assert all(word not in t.terms for t in without.of("bezorging"))
    dutch = themes_of(labelled_site(tmp_path / "nl", "    themes:\n      language: nl\n"))
    assert dutch.of("bezorging")


@pytest.mark.parametrize("themes, column, words", [
    ("    themes:\n      language: fr\n", 17, "auto"),
    ("    themes:\n      off: 'yes'\n", 12, "true or false"),
    ("    themes:\n      stopwords: [x]\n", 7, "stopwords"),
    ("    themes: sometimes\n", 13, "themes"),
])
def test_bad_theme_settings_name_file_line_and_column(tmp_path: Path, themes: str, column: int, words: str) -> None:
    root = labelled_site(tmp_path, themes)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    line = LABELLED_JOURNEY.count("\n") + themes.count("\n")
    assert re.search(rf"journeys/webshop/journey\.yml:{line}:{column}\b", result.stderr), result.stderr
    assert words in result.stderr
    assert not (root / "site" / "index.html").exists()


def test_rebuilds_reuse_the_themes_until_a_file_changes(tmp_path: Path) -> None:
    root = labelled_site(tmp_path)
    cache = FeedbackCache()
    first = themes_of(root, cache)
    assert first.sampled > 0
    assert themes_of(root, cache) is first
    stored = sorted(cache.comments.folder.glob("*.parquet"))
    assert len(stored) == 1
    rows = labelled_rows()
    (root / "journeys/webshop/feedback/survey.csv").write_text(export(rows[:-20]), encoding="utf-8")
    third = themes_of(root, cache)
    assert third is not first
    assert third.of("checkout")[0].comments == sum(1 for row in rows[:-20] if row["touchpoint"] == "checkout")
    assert sorted(cache.comments.folder.glob("*.parquet")) != stored  # the old batch's file is gone
    assert len(list(cache.comments.folder.glob("*.parquet"))) == 1


MIN_RESPONSES = 5  # the plugin's default: a theme fewer comments mention is not shown


def label_html(theme: Theme) -> str:
    """A theme's label as the pages write it: in a span of its language when it has one."""
    return f'<span lang="{theme.language}">{theme.label}</span>' if theme.language else f">{theme.label}<"


def test_pages_show_the_themes(tmp_path: Path) -> None:
    root = labelled_site(tmp_path)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    found = themes_of(root)

    def of(tp: str, persona: str | None = None) -> list[Theme]:
        return [t for t in found.of(tp, persona) if t.mentions >= MIN_RESPONSES]

    site = root / "site"
    phase = (site / "journeys/webshop/phases/care/index.html").read_text(encoding="utf-8")
    journey = (site / "journeys/webshop/index.html").read_text(encoding="utf-8")
    team = (site / "teams/team-logistiek/index.html").read_text(encoding="utf-8")
    for theme in of("telefoon") + of("retour"):
        assert label_html(theme) in phase
    for theme in of("bezorging")[:3] + of("checkout")[:3]:
        assert label_html(theme) in journey
        m, n = theme.low_mentions, theme.low_comments  # by hand: a share from MIN_RESPONSES comments on
        low = (f"{round(100 * m / n)}% of low scores ({m}/{n})" if n >= MIN_RESPONSES else
               f"in {m} of {n} low-score comments" if n else "no low scores")
        assert f"{theme.mentions} comments · {low}" in journey
    for theme in of("bezorging") + of("retour"):
        assert label_html(theme) in team
    assert not any(t.label in team for t in of("checkout") if t.label not in
                   {x.label for x in of("bezorging") + of("retour")})
    rare = [t for tp in ("telefoon", "retour") for t in found.of(tp) if t.mentions < MIN_RESPONSES]
    assert not any(label_html(t) in phase for t in rare)  # mentioned by fewer than min_responses: noise
    persona = (site / "journeys/webshop/personas/sanne/index.html").read_text(encoding="utf-8")
    shown = [tp for tp in ("bezorging", "checkout", "telefoon", "retour") if of(tp, "sanne")]
    assert shown  # sanne left 30 comments or more somewhere
    for tp in shown:
        for theme in of(tp, "sanne")[:3]:
            assert label_html(theme) in persona
            assert f"{theme.mentions} comments · " in persona
    index = " ".join(doc["text"] for doc in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])
    assert of("telefoon")[0].label in index  # labels are searchable
    assert "▁" not in index and f"({of('telefoon')[0].low_mentions}/" not in index  # trend and figures are not
    quote = of("retour")[0].quotes[0]
    shown_quote = quote.text.replace("'", "&#39;").replace('"', "&#34;") + "</blockquote>"
    assert shown_quote in phase
    after = phase[phase.index(shown_quote) + len(shown_quote):].split("</li>")[0]
    assert {"low": "Low score", "high": "High score", None: "Middle score"}[quote.band] in after


ENGLISH = re.compile(r"\b(the|was|and|my|it|to|of|no|not|for|is|with)\b")
DUTCH = re.compile(r"\b(de|het|een|niet|geen|van|en|ik|te|met|is|was)\b")


def test_the_same_topic_in_two_languages_is_two_themes_each_marked(tmp_path: Path) -> None:
    """Words are not translated: Dutch and English comments about one topic make two themes. Each
    carries its language (the comments that mention it, checked here by their function words), and
    a touchpoint with themes in both marks each on the page; with one language set, none is marked."""
    root = labelled_site(tmp_path)
    themes = themes_of(root)
    marked = [t for tp in ("bezorging", "checkout", "telefoon", "retour") for t in themes.of(tp)]
    assert {t.language for t in marked} >= {"nl", "en"}
    rows = labelled_rows()
    for theme in marked:
        said = [row["comment"].lower() for row in rows if mentions(row["comment"], theme)]
        english = sum(1 for text in said if len(ENGLISH.findall(text)) > len(DUTCH.findall(text)))
        dutch = sum(1 for text in said if len(DUTCH.findall(text)) > len(ENGLISH.findall(text)))
        if theme.language == "en":  # (a comment with as many of both, or neither, says nothing here)
            assert dutch <= 0.2 * len(said) < english, (theme.label, said)
        elif theme.language == "nl":
            assert english <= 0.2 * len(said) < dutch, (theme.label, said)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    journey = (root / "site/journeys/webshop/index.html").read_text(encoding="utf-8")
    both = next(tp for tp in ("bezorging", "checkout", "telefoon", "retour")
                if len({t.language for t in themes.of(tp)[:3]}) > 1)
    for theme in themes.of(both)[:3]:
        if theme.mentions >= MIN_RESPONSES and theme.language:
            assert f'{label_html(theme)} <abbr class="jm-lang" title="{"English" if theme.language == "en" else "Dutch"}">' \
                   f"{theme.language.upper()}</abbr>" in journey
    dutch_only = themes_of(labelled_site(tmp_path / "nl", themes="    themes:\n      language: nl\n"))
    assert all(t.language is None for tp in ("bezorging", "checkout") for t in dutch_only.of(tp))


def test_a_month_without_comments_is_on_the_trend_as_zero(tmp_path: Path) -> None:
    """A touchpoint with no comments at all in one month: the month is still on its trend, with 0
    (a row of bars with a month silently missing reads as continuous)."""
    gap = MONTHS[1]
    lines = export(labelled_rows()).splitlines(keepends=True)
    kept = [line for line in lines if not (line.startswith(gap) and ",bezorging," in line)]
    assert len(kept) < len(lines)
    root = make_site(tmp_path, {
        "journeys/webshop/journey.yml": LABELLED_JOURNEY.format(themes=""),
        "journeys/webshop/feedback/survey.csv": "".join(kept),
    })
    themes = themes_of(root).of("bezorging")
    assert themes
    for theme in themes:
        months = [month for month, _ in theme.months]
        assert dict(theme.months)[gap] == 0, theme.label
        assert months == sorted(months) and len(months) == len(set(MONTHS) & set(months)) == len(MONTHS)


def test_a_comment_written_many_times_is_one_voice(tmp_path: Path) -> None:
    """One comment repeated 23 times beside the labelled set: it makes at most one theme (its words
    do not split into two themes with the same counts), and a touchpoint with many comments but
    fewer than eight different ones has no themes at all."""
    repeated = "Mandje onthouden tussen app en laptop, handig"
    rows = labelled_rows() + [{"touchpoint": "checkout", "score": "5", "comment": repeated, "themes": ""}] * 23
    rows += [{"touchpoint": "telefoon", "score": "4", "comment": text, "themes": ""}
             for text in ["Goed geholpen aan de telefoon", "Lang in de wacht gestaan"] * 20]
    rows = [row for row in rows if row["touchpoint"] != "telefoon" or not row["themes"]]
    themes = themes_of(labelled_site(tmp_path, rows=rows))
    words = set(repeated.lower().replace(",", "").split())
    about_it = [t for t in themes.of("checkout") if set(t.forms) & words - {"en", "tussen"}]
    assert len(about_it) <= 1, [t.label for t in about_it]
    by_hand = sum(1 for row in rows if row["touchpoint"] == "checkout" and about_it and mentions(row["comment"], about_it[0]))
    assert not about_it or about_it[0].mentions == by_hand
    assert themes.of("telefoon") == []
    mention_sets = {}
    for theme in themes.of("checkout"):
        key = frozenset(i for i, row in enumerate(rows) if row["touchpoint"] == "checkout" and mentions(row["comment"], theme))
        assert key not in mention_sets, (theme.label, mention_sets.get(key))
        mention_sets[key] = theme.label
