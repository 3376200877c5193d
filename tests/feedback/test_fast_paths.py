"""The shortcuts taken for speed give the same answers as the plain way.

- Redactor skips a rule when the text cannot hold what it replaces: checked against the
  unconditional pipeline over tricky and random text.
- A comment quoted in several cells (the touchpoint's and its persona's) is redacted and
  counted once.
- has_comment and the date key skip trim()/split_part() for plain values, same results.
"""

from __future__ import annotations

import random

import pytest

from journeymaps.feedback import Redactor


def reference(text: str) -> tuple[str, dict[str, int]]:
    """Every rule on every text, in order: what Redactor.redact must equal."""
    redactor = Redactor(shortcuts=False)
    return redactor.redact(text), dict(redactor.counts)


TRICKY = [
    "bel 06-12345678 of 020-1234567 na 14:30 uur",
    "op 01-03-2024 betaald € 12,50 en 1234 AB",
    "1-2-34 5678ab",
    "12-03-2024ab",
    "€1 €2 €3 €4 €5 €6 €7 €8 €9 €10 €11 1234 AB",
    "NL91ABNA0417164300 en 111222333",
    "mail a@b.nl, +31 (0)20 123 4567",
    "١١١٢٢٢٣٣٣",
    "１２３４ AB",
    "In 2024 EN 2025",
    "abc",
    "123",
    "x@y",
    "\ue000 0 \ue000 1234 AB",
    "06.12.34.56.78 en 06/12345678",
    "BSN 111-222-333, NL91\u00a0ABNA\u00a00417\u00a01643\u00a000",
    "jan\u200b@\u200bexample.nl, jörg@müller.de",
]


def test_redactor_skips_change_nothing():
    rng = random.Random(20260301)
    pieces = list("0123456789 -./:+()€@,eEURuroNLABS\n") + [
        "EUR", "euro", " uur", "06-", "+31 ", "0031 ", "NL91", "@x.nl", "2024", "1234 AB", "111222333", "١٢٣", "\ue000",
        "\u00a0", "\u200b", "/", "\u2013", "06.", "111-222-", "０６",
    ]
    texts = TRICKY + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    for text in texts:
        redactor = Redactor()
        assert (redactor.redact(text), dict(redactor.counts)) == reference(text), text


def test_counts_are_per_quote_published_once_however_many_cells_show_it(site):
    # Seven rows say the same; five are quoted, in the touchpoint's cell and in the persona's.
    body = "date,touchpoint,persona,score,comment\n" + "".join(
        f"2026-03-{d:02d},checkout,sanne,4,bel me op 06-12345678\n" for d in range(1, 8)
    )
    site.csv("a.csv", body)
    fb = site.read()
    assert fb.redactions == {"PHONE": 5}
    assert {q.text for q in fb.cell("checkout").quotes} == {"bel me op [PHONE]"}
    assert {q.text for q in fb.cell("checkout", "sanne").quotes} == {"bel me op [PHONE]"}


def test_non_ascii_digits_are_redacted_and_counted_too(site):
    body = "date,touchpoint,score,comment\n2026-03-07,checkout,4,BSN ١١١٢٢٢٣٣٣\n" + "".join(
        f"2026-03-{d:02d},checkout,4,prima\n" for d in range(1, 7)
    )
    site.csv("a.csv", body)
    fb = site.read()
    assert fb.redactions == {"BSN": 1}
    assert "BSN [BSN]" in {q.text for q in fb.cell("checkout").quotes}
    assert all("١" not in q.text for q in fb.cell("checkout").quotes)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_and_padded_comments_and_dates(site, newline):
    site.csv(
        "a.csv",
        "date,touchpoint,score,comment\n"
        "2026-03-01,checkout,4,   \n"
        '2026-03-02 10:00,checkout,4,"\tnetjes "\n'
        "2026-03-03T09:15,checkout,4,é mooi\n"
        " 2026-04-04 ,checkout,4,\u00a0 \n"
        "04-04-2026,checkout,4,\n",
        newline=newline,
    )
    fb = site.read()
    cell = fb.cell("checkout")
    assert cell.count == 5
    assert [(m.month, m.count) for m in cell.monthly] == [("2026-03", 3), ("2026-04", 2)]
    texts = [q.text for q in cell.quotes]
    assert "netjes" in texts and "é mooi" in texts
    assert "" not in texts
    assert fb.problems == []
