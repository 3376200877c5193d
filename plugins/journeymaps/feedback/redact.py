"""Personal data out of survey comments, before anything is cached, charted or logged.

Comments are shown to the whole organisation, which has no need to know who wrote them
(GDPR art. 5(1)(c)); a BSN must never be published at all (art. 46 UAVG). A model-based
recogniser (Presidio) downloads models and knows no Dutch formats, so this is regexes plus
checksums, tested both ways: what must be caught and what must be left alone.

Order matters. E-mail and IBAN go first (they contain digits the later rules would nibble
at); then dates, times and amounts are protected, so `01-03-2024` or `€ 12,50` are never
taken for a phone number; then phone numbers, BSNs (only 9-digit runs passing the 11-proef,
so order numbers stay) and postcodes. Names are not found: that needs human curation.
"""

from __future__ import annotations

import re
from collections import Counter

KINDS = ("EMAIL", "IBAN", "PHONE", "BSN", "POSTCODE")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# Two letters, two check digits, then 11-30 letters/digits, optionally in groups of four.
# Redacted whatever its checksum: a mistyped IBAN is still someone's bank account.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])")

# Spans that look like numbers but are not personal: dates, times, amounts.
_PROTECTED = re.compile(
    r"""
      (?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)          # 2024-03-01
    | (?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d) # 01-03-2024, 1/3/24
    | (?<!\d)\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:uur|u\b)     # 14.30 uur
    | (?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)                # 14:30
    | (?:€|EUR|eur)\s?-?\d[\d.,]*(?:-)?                    # € 12,50, EUR 1.250,-
    | (?<![\d.,])\d[\d.,]*\s?(?:€|euro|EUR)                # 12,50 euro
    """,
    re.VERBOSE,
)

_PHONE = re.compile(
    r"""
      (?<![\w+])(?:\+|00)\s?31[\s\-]?(?:\(0\)[\s\-]?)?[1-9](?:[\s\-]?\d){8}(?!\d)    # +31 6 1234 5678, 0031..., +31 (0)20 ...
    | (?<![\w+])\+\d{1,3}[\s\-]?(?:\(0\)[\s\-]?)?\d(?:[\s\-]?\d){6,11}(?!\d)       # other countries
    | (?<![\w+])\(?0[1-9]\d{0,2}\)?(?:[\s\-]?\d){6,8}(?!\d)                       # 06-12345678, 020-1234567
    """,
    re.VERBOSE,
)

_BSN = re.compile(r"(?<![\w.,])(?:\d{3}[ .]\d{3}[ .]\d{3}|\d{8,9})(?![\w]|[.,]\d)")

# 1234 AB (capitals, with a space) or 1234ab (no space, any case). SA, SD and SS are never issued.
_POSTCODE = re.compile(r"(?<![\w.,])[1-9]\d{3}(?: (?!SA|SD|SS)[A-Z]{2}|(?!(?i:sa|sd|ss))[A-Za-z]{2})(?![\w])")
_CAPS_WORDS = {"EN", "OF", "IN", "OP", "TE", "TOT", "ET", "DE", "EU"}

# A necessary part of every _PROTECTED alternative: a digit before - / . or :, or a currency word.
_PROTECTED_HINT = re.compile(r"\d[-/.:]|€|EUR|eur")
_DIGIT = re.compile(r"\d")

_SHIELD = "\ue000"  # a private-use character: never in real text, marks a protected span


def passes_elfproef(digits: str) -> bool:
    """The BSN checksum: 9 digits (8 get a leading 0), weights 9..2 and -1, sum divisible by 11."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


class Redactor:
    """Replaces personal data with [EMAIL] [IBAN] [PHONE] [BSN] [POSTCODE]; counts what it replaced."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def redact(self, text: str) -> str:
        if not text:
            return text
        text = text.replace(_SHIELD, "")
        # Each rule is skipped when it cannot replace anything: an e-mail needs an '@', and every
        # other rule needs digits (\d, as the patterns count them): an IBAN and a BSN 8, a phone
        # number 9, a postcode 4. Counted on the text as it stands before each rule, so skipping
        # changes nothing but the time (most comments that get here hold one kind, or none).
        if "@" in text:
            text = self._sub(_EMAIL, "EMAIL", text)
        digits = _digits(text)
        if digits >= 8:
            text = self._sub(_IBAN, "IBAN", text, _looks_like_iban)
            digits = _digits(text)
        if digits < 4:
            return text  # at most 3 protected spans, so shielding adds no digits: nothing below can match
        shielded: list[str] = []

        def shield(match: re.Match[str]) -> str:
            shielded.append(match.group(0))
            return f"{_SHIELD}{len(shielded) - 1}{_SHIELD}"

        if _PROTECTED_HINT.search(text):  # what every protected span contains; without it, no span
            text = _PROTECTED.sub(shield, text)
            digits = _digits(text)
        if digits >= 9:
            text = self._sub(_PHONE, "PHONE", text, _enough_phone_digits)
            digits = _digits(text)
        if digits >= 8:
            text = self._sub(_BSN, "BSN", text, lambda s: passes_elfproef(re.sub(r"\D", "", s)))
            digits = _digits(text)
        if digits >= 4:
            text = self._sub(_POSTCODE, "POSTCODE", text, _not_a_year_and_word)
        if shielded:
            text = re.sub(f"{_SHIELD}(\\d+){_SHIELD}", lambda m: shielded[int(m.group(1))], text)
        return text

    def _sub(self, pattern: re.Pattern[str], kind: str, text: str, accept=None) -> str:
        def replace(match: re.Match[str]) -> str:
            found = match.group(0)
            if accept is not None and not accept(found):
                return found
            self.counts[kind] += 1
            return f"[{kind}]"

        return pattern.sub(replace, text)


def _digits(text: str) -> int:
    return len(_DIGIT.findall(text))


def _looks_like_iban(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    return 15 <= len(compact) <= 34 and sum(c.isdigit() for c in compact) >= 8 and compact[:2].isalpha()


def _enough_phone_digits(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip("(").startswith("0") and not candidate.startswith("00"):
        return len(digits) == 10  # Dutch national numbers are 10 digits: 06-12345678, 020-1234567
    return 9 <= len(digits) <= 15


def _not_a_year_and_word(candidate: str) -> bool:
    """`In 2024 EN 2025` is shouting, not an address: a year followed by a short capital word."""
    number, _, letters = candidate.partition(" ")
    return not (letters in _CAPS_WORDS and number[:2] in ("19", "20"))


def redact(text: str) -> str:
    """Redact one text; for callers who do not need the counts."""
    return Redactor().redact(text)
