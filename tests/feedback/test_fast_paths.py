"""The shortcuts taken for speed give the same answers as the plain way.

- Redactor skips a rule when the text cannot hold what it replaces: checked against the
  unconditional pipeline over tricky and random text.
- Redaction counts come from the distinct suspect comments times their rows.
- The SQL prefilter for suspects counts every digit Python's \\d does, not only ASCII ones.
- has_comment and the date key skip trim()/split_part() for plain values, same results.
"""

from __future__ import annotations

import random
import re

import pytest

from journeymaps.feedback import Redactor
from journeymaps.feedback.redact import (
    _BSN,
    _EMAIL,
    _IBAN,
    _PHONE,
    _POSTCODE,
    _PROTECTED,
    _SHIELD,
    _enough_phone_digits,
    _looks_like_iban,
    _not_a_year_and_word,
    passes_elfproef,
)


def reference(text: str) -> tuple[str, dict[str, int]]:
    """Every rule on every text, in order: what Redactor.redact must equal."""
    counts: dict[str, int] = {}

    def sub(pattern, kind, text, accept=None):
        def replace(match):
            if accept is not None and not accept(match.group(0)):
                return match.group(0)
            counts[kind] = counts.get(kind, 0) + 1
            return f"[{kind}]"

        return pattern.sub(replace, text)

    if not text:
        return text, counts
    text = text.replace(_SHIELD, "")
    text = sub(_EMAIL, "EMAIL", text)
    text = sub(_IBAN, "IBAN", text, _looks_like_iban)
    shielded: list[str] = []

    def shield(match):
        shielded.append(match.group(0))
        return f"{_SHIELD}{len(shielded) - 1}{_SHIELD}"

    text = _PROTECTED.sub(shield, text)
    text = sub(_PHONE, "PHONE", text, _enough_phone_digits)
    text = sub(_BSN, "BSN", text, lambda s: passes_elfproef(re.sub(r"\D", "", s)))
    text = sub(_POSTCODE, "POSTCODE", text, _not_a_year_and_word)
    if shielded:
        text = re.sub(f"{_SHIELD}(\\d+){_SHIELD}", lambda m: shielded[int(m.group(1))], text)
    return text, counts


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
]


def test_redactor_skips_change_nothing():
    rng = random.Random(20260301)
    pieces = list("0123456789 -./:+()€@,eEURuroNLABS\n") + [
        "EUR", "euro", " uur", "06-", "+31 ", "0031 ", "NL91", "@x.nl", "2024", "1234 AB", "111222333", "١٢٣", "\ue000",
    ]
    texts = TRICKY + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    for text in texts:
        redactor = Redactor()
        assert (redactor.redact(text), dict(redactor.counts)) == reference(text), text


def test_counts_are_per_row_for_repeated_comments(site):
    body = "date,touchpoint,score,comment\n" + "".join(
        f"2026-03-{d:02d},checkout,4,bel me op 06-12345678\n" for d in range(1, 8)
    )
    site.csv("a.csv", body)
    fb = site.read()
    assert fb.redactions == {"PHONE": 7}
    assert {q.text for q in fb.cell("checkout").quotes} == {"bel me op [PHONE]"}


def test_non_ascii_digits_are_counted_too(site):
    # The oldest row is no quote, so only the count shows that its BSN was seen.
    body = "date,touchpoint,score,comment\n2026-03-01,checkout,4,BSN ١١١٢٢٢٣٣٣\n" + "".join(
        f"2026-03-{d:02d},checkout,4,prima\n" for d in range(2, 8)
    )
    site.csv("a.csv", body)
    fb = site.read()
    assert fb.redactions == {"BSN": 1}
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
