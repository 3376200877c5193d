"""Personal data: each rule both ways, the counts per file, and hostile text kept as plain text."""

from __future__ import annotations

import pytest

from journeymaps.feedback import Redactor, redact
from journeymaps.feedback.redact import passes_elfproef

MUST = [
    ("jan.jansen+test@example.co.uk", "[EMAIL]"),
    ("mail: Piet@Bedrijf.NL graag", "mail: [EMAIL] graag"),
    ("06-12345678", "[PHONE]"),
    ("06 1234 5678", "[PHONE]"),
    ("0612345678", "[PHONE]"),
    ("+31 6 12345678", "[PHONE]"),
    ("+31 6 1234 5678", "[PHONE]"),
    ("+31612345678", "[PHONE]"),
    ("0031 6 1234 5678", "[PHONE]"),
    ("020-1234567", "[PHONE]"),
    ("010 123 45 67", "[PHONE]"),
    ("+31 (0)20 123 4567", "[PHONE]"),
    ("bel (020) 1234567 terug", "bel [PHONE] terug"),
    ("NL91 ABNA 0417 1643 00", "[IBAN]"),
    ("NL91ABNA0417164300", "[IBAN]"),
    ("rek NL12ABNA0417164300 (typo)", "rek [IBAN] (typo)"),  # bad checksum: still redacted
    ("DE89 3704 0044 0532 0130 00", "[IBAN]"),
    ("1234 AB", "[POSTCODE]"),
    ("1234ab Utrecht", "[POSTCODE] Utrecht"),
    ("111222333", "[BSN]"),
    ("BSN 123456782.", "BSN [BSN]."),
    ("12345672", "[BSN]"),  # 8 digits: leading 0 -> 012345672 passes the 11-proef
    ("123.456.782", "[BSN]"),
    (
        "Bel 06-12345678, mail jan@example.nl, NL91ABNA0417164300, BSN 111222333, 1234 AB",
        "Bel [PHONE], mail [EMAIL], [IBAN], BSN [BSN], [POSTCODE]",
    ),
]

MUST_NOT = [
    "Ordernummer 123456789 op 01-03-2024, € 12,50",
    "geleverd 2024-03-01 om 14:30",
    "kostte 12,50 euro, of EUR 1.250,-",
    "In 2024 EN 2025 ging het mis",
    "al sinds 2019 klant, 3 keer gebeld",
    "factuur 2025-0012",
    "bestelnummer 4001234567",
    "klantnummer 12345678",
    "1234 SS is geen postcode",
    "score 1.234,5",
    "01-03-2024 12:00",
    "versie 1.2.3",
]


@pytest.mark.parametrize("text,expected", MUST)
def test_personal_data_is_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", MUST_NOT)
def test_numbers_that_are_not_personal_stay(text):
    assert redact(text) == text


def test_elfproef():
    # 1*9 + 1*8 + 1*7 + 2*6 + 2*5 + 2*4 + 3*3 + 3*2 - 3 = 66 = 6 * 11
    assert passes_elfproef("111222333")
    # 123456789: 9+16+21+24+25+24+21+16-9 = 147, 147 % 11 = 4
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")


def test_counts_per_kind():
    r = Redactor()
    r.redact("06-12345678 en 0612345678, jan@x.nl")
    assert dict(r.counts) == {"PHONE": 2, "EMAIL": 1}


def test_quotes_are_redacted_and_counted_per_file(site):
    site.csv(
        "a.csv",
        "touchpoint,score,comment\n"
        'checkout,4,"Bel 06-12345678, mail jan@example.nl, NL91ABNA0417164300, BSN 111222333, 1234 AB"\n'
        "checkout,4,Ordernummer 123456789 op 01-03-2024\n",
    )
    site.csv("b.csv", "touchpoint,score,comment\ncheckout,2,bel me op 0612345678\n")
    fb = site.read()
    texts = sorted(q.text for q in fb.cell("checkout").quotes)
    assert texts == [
        "Bel [PHONE], mail [EMAIL], [IBAN], BSN [BSN], [POSTCODE]",
        "Ordernummer 123456789 op 01-03-2024",
        "bel me op [PHONE]",
    ]
    assert fb.redactions_by_file == {
        "journeys/webshop/feedback/a.csv": {"PHONE": 1, "EMAIL": 1, "IBAN": 1, "BSN": 1, "POSTCODE": 1},
        "journeys/webshop/feedback/b.csv": {"PHONE": 1},
    }
    assert fb.redactions == {"PHONE": 2, "EMAIL": 1, "IBAN": 1, "BSN": 1, "POSTCODE": 1}
    assert "0612345678" not in repr(fb)


def test_redaction_counts_every_comment_not_only_quotes(site):
    body = "date,touchpoint,score,comment\n" + "".join(
        f"2026-03-{d:02d},checkout,4,mail a{d}@example.nl\n" for d in range(1, 9)
    )
    site.csv("a.csv", body)
    fb = site.read()
    assert len(fb.cell("checkout").quotes) == 5
    assert fb.redactions == {"EMAIL": 8}


def test_hostile_comments_stay_plain_text(site):
    site.csv(
        "h.csv",
        "touchpoint,score,comment\n"
        'checkout,1,"<svg onload=alert(1)> [klik](javascript:alert(1)) {{ config }} **vet**"\n'
        'checkout,1,"=HYPERLINK(""http://evil"",""x"")"\n',
    )
    texts = {q.text for q in site.read().cell("checkout").quotes}
    assert texts == {
        "<svg onload=alert(1)> [klik](javascript:alert(1)) {{ config }} **vet**",
        '=HYPERLINK("http://evil","x")',
    }
