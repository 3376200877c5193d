"""Personal data out of survey comments and labels, before anything is published, charted or logged.

What is redacted is what can be shown: the quotes chosen for a cell (aggregate.Published), the
labels and cells a message quotes. Nothing else of a comment reaches a page, a log or the search
index, so the other comments are not looked at (issue 15: counting personal data in every
comment cost a regex over each row and a Python pass over the suspects, 0.2 s of CPU per million
rows). The candidates a build keeps in memory stay as written until they are chosen; the counts
in the build log are of what was replaced in the quotes shown, each quote once.

Comments are shown to the whole organisation, which has no need to know who wrote them
(GDPR art. 5(1)(c)); a BSN must never be published at all (art. 46 UAVG). A model-based
recogniser (Presidio) downloads models and knows no Dutch formats, so this is candidates found
by small patterns, confirmed by well-kept validators: `phonenumbers` (Google's libphonenumber)
says whether digits are a phone number, `python-stdnum` checks IBANs and BSNs. Tested both
ways: what must be caught and what must be left alone.

Matching runs on the text as the eye reads it: NFKC (full-width digits, a non-breaking space
or a full-width '@' become their plain forms) with invisible characters (zero-width spaces,
joiners, bidi controls, soft hyphens) removed. What is found there is replaced in the text as
written, so a quote keeps its own characters everywhere else. Digits may be grouped by what
people really write between them: a space, dot, dash (any of the Unicode dashes), slash or a
non-breaking space.

E-mail addresses are also found spelled out (`jan punt jansen at gmail dot com`, `jan(at)x.nl`).
Order matters. E-mail and IBAN go first (they contain digits the later rules would nibble
at); then dates, times and amounts are protected, so `01-03-2024` or `€ 12,50` are never
taken for a phone number (but `06.12.34.56.78`, which starts like a date and goes on, is not
a date); then phone numbers (without a country code, Dutch or Belgian), BSNs (only digits passing
the 11-proef, so order numbers stay; the Belgian national register number, checked by
python-stdnum, goes with the IBANs, before dates could take its first part) and postcodes. Names are not found: that needs human curation.

Every rule works on a copy of the text in which what was already found or protected is masked
by as many private-use characters, so positions never move and the result is the same
whatever the order of the matches: deterministic, and linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from functools import lru_cache
from typing import Callable, Optional, Union

import phonenumbers
from stdnum import iban as _iban
from stdnum.be import nn as _be_nn
from stdnum.nl import bsn as _bsn

KINDS = ("EMAIL", "IBAN", "PHONE", "BSN", "POSTCODE")

# Characters with no glyph of their own (Unicode's Default_Ignorable_Code_Point, less the
# variation selectors' planes): zero-width space and (non-)joiners, word joiner, bidi marks,
# embeddings, overrides and isolates, soft hyphen, BOM, Hangul fillers, tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff]"
)

# What people write between groups of digits (after NFKC, which makes a non-breaking, thin or
# figure space a plain space): space, dot, slash, and the hyphen, the Unicode dashes and minus.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEP = f" ./{_DASHES}"

_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]+ ?@ ?[\w\-]+(?:\.[\w\-]+)*\.(?:[^\W\d_]{2,}|xn--[\w\-]+)"
)

# An address spelled out so that forms and spam filters let it through: `jan punt jansen at
# gmail dot com`, `jan.jansen(at)gmail.com`, `jan [at] gmail [dot] com`, `jan apenstaartje
# ziggo punt nl`, `jan%40gmail.com`. The '@' as a word in brackets, `apenstaartje` (Dutch),
# `%40` (as in a link), or `at` alone; the dots as '.', ' . ', or `dot` or `punt` alone or in
# brackets. A bare `at` is also an ordinary English word ("I ordered at bol.com", "look at the
# dot on the map"), so with it the address must show more (see _spelled_email).
_AT_WORD = r"\s*[(\[{<]\s*(?i:at|apenstaartje)\s*[)\]}>]\s*|\s+(?i:apenstaartje)\s+|%40|\s*@\s*"
_SPELLED_AT = rf"(?:{_AT_WORD}|\s+(?P<bare>(?i:at))\s+)"
_SPELLED_DOT = r"(?:\s*[(\[{<]\s*(?i:dot|punt)\s*[)\]}>]\s*|\s+(?i:dot|punt)\s+|\s+\.\s+)"
# Parts and labels are bounded (a mailbox is at most 64 characters, a label 63), and a label
# holds no '.', '%', '+' or '_', the marks between the parts of a mailbox: so a text splits into
# parts one way only, and the work at each place in it is bounded (`a_b_c_...` took 28 s for one
# comment when a label could also hold '_'). A dot is '.' with no space after it (`gmail .com`,
# but not the end of a sentence: "at home. It was fine") or spelled out.
_LABEL = r"[^\W_](?:[^\W_]|-){0,62}"
_DOT = rf"(?:\s?\.(?!\s)|{_SPELLED_DOT})"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.%+\-])(?P<local>{_LABEL}(?:(?:[.%+_]|{_SPELLED_DOT}){_LABEL}){{0,15}})"
    rf"{_SPELLED_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}"
    rf"(?:{_DOT}(?P<tld>[^\W\d_]{{2,24}}|xn--[\w\-]{{1,59}})|\s+(?i:dot|punt)(?P<joined>(?i:com|nl|be|org|net|eu))))"
    rf"(?![\w\-])"
)
_SPELLED_HINT = re.compile(r"(?i)@|\bat\b|apenstaartje|%40")  # what every spelled '@' contains
_SPELLED_DOT_WORD = re.compile(_SPELLED_DOT)
# With a bare `at`: the free mail services people in the Netherlands and Belgium write, so that
# `jan at gmail.com` is an address and `ordered at bol.com` a shop; the top-level domains the
# address must end in; and the words that are no mailbox before `at` ("me at", "was at",
# "look at") and no domain after it ("at the", "at de").
_MAIL_SERVICES = {
    "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "icloud", "me", "ziggo",
    "kpnmail", "kpnplanet", "planet", "xs4all", "hetnet", "home", "casema", "upcmail", "telenet",
    "skynet", "proton", "protonmail", "pm", "gmx", "web", "freeler", "zonnet", "chello", "quicknet",
}
_COMMON_TLDS = {
    "com", "nl", "be", "de", "org", "net", "eu", "info", "fr", "uk", "co", "io", "biz", "nu", "me",
    "tv", "ch", "es", "it", "lu", "email", "online", "frl", "amsterdam", "brussels", "vlaanderen",
}
_NOT_A_MAILBOX = {
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "am", "is", "are",
    "was", "were", "be", "been", "being", "look", "looked", "looking", "point", "pointed", "pointing",
    "arrive", "arrived", "stay", "stayed", "ordered", "bought", "shop", "shopped", "only", "just",
}
_NOT_A_DOMAIN = {
    "the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "his", "her", "their",
    "its", "de", "het", "een", "mijn", "jouw", "uw", "onze", "ons",
}

# Two letters, two check digits, then 11-30 letters/digits, optionally in groups of four (and
# `BE 68 5390 ...`: a space after the country code too).
_IBAN = re.compile(
    rf"(?<![^\W_])[A-Za-z]{{2}}[{_SEP}]?\d{{2}}(?:[{_SEP}]?[A-Za-z0-9]{{4}}){{2,7}}(?:[{_SEP}]?[A-Za-z0-9]{{1,3}})?(?![^\W_])"
)
_IBAN_GROUP = re.compile(r"[A-Za-z0-9]+")

# Spans that look like numbers but are not personal: dates, times, amounts. A date is only a
# date when it does not go on with the same kind of group: `06.12.34.56.78` is a phone number.
_PROTECTED = re.compile(
    r"""
      (?<!\d)(?<!\d[-/.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d|[-/.]\d)          # 2024-03-01
    | (?<!\d)(?<!\d[-/.])\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d|[-/.]\d) # 01-03-2024, 1/3/24
    | (?<!\d)\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:uur|u\b)             # 14.30 uur
    | (?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)                        # 14:30
    | (?:€|(?<![^\W\d_])(?:EUR|eur))\s?-?\d[\d.,]*(?:-)?            # € 12,50, EUR 1.250,- (not: monteur 06...)
    | (?<![\d.,])\d[\d.,]*\s?(?:€|euro|EUR)                        # 12,50 euro
    """,
    re.VERBOSE,
)

# A run of digits in groups, possibly with a leading '+' or '(' and a '(0)' inside; the
# candidates inside a run (see _phones) are confirmed by phonenumbers.
_RUN = re.compile(rf"(?<![\d+])\+?\(?\d(?:(?:[{_SEP}()]{{1,3}})?\d)*\)?")
_GROUP = re.compile(r"\d+")

# 9 digits as 3-3-3 or 4-2-3 (the official notation, 1112.22.333), or 8-9 digits in one run.
_BSN = re.compile(
    rf"(?<![\w.,])(?:\d{{3}}([{_SEP}])\d{{3}}\1\d{{3}}|\d{{4}}([{_SEP}])\d{{2}}\2\d{{3}}|\d{{8,9}})"
    rf"(?!\w|[.,{_DASHES}/]\d)"
)

# The Belgian national register number (rijksregisternummer), YY.MM.DD-XXX.CC or 11 digits,
# confirmed by python-stdnum (birth date and the 97-check): Belgium's BSN, replaced as [BSN].
_BE_NN = re.compile(rf"(?<![\w.,])\d{{2}}\.?\d{{2}}\.?\d{{2}}[{_SEP}]?\d{{3}}\.?\d{{2}}(?!\w|[.,{_DASHES}/]\d)")

# 1234 AB (capitals, with a space) or 1234ab (no space, any case). SA, SD and SS are never issued.
_POSTCODE = re.compile(r"(?<![\w.,])[1-9]\d{3}(?: (?!SA|SD|SS)[A-Z]{2}|(?!(?i:sa|sd|ss))[A-Za-z]{2})(?![\w])")
_CAPS_WORDS = {"EN", "OF", "IN", "OP", "TE", "TOT", "ET", "DE", "EU"}

# A necessary part of every _PROTECTED alternative: a digit before - / . or :, or a currency word.
_PROTECTED_HINT = re.compile(r"\d[-/.:]|€|EUR|eur")
_DIGIT = re.compile(r"\d")

_MASK = "\ue000"  # a private-use character: never in real text; stands for what was found or protected
_REGIONS = ("NL", "BE")  # how a number without a country code is read: 06-12345678 is Dutch, 0470 12 34 56 Belgian

# phonenumbers takes some 30 µs a number. In a text with more candidates than this (only a
# hostile one does) the rest are redacted by their length alone, so it cannot stall the build.
PHONE_CHECKS_PER_TEXT = 2000


def passes_elfproef(digits: str) -> bool:
    """The BSN checksum (python-stdnum): 9 digits (8 get a leading 0), weights 9..2 and -1, sum divisible by 11."""
    return len(digits) in (8, 9) and digits.isdigit() and _bsn.is_valid(digits)


class Redactor:
    """Replaces personal data with [EMAIL] [IBAN] [PHONE] [BSN] [POSTCODE]; counts what it replaced."""

    def __init__(self, *, shortcuts: bool = True) -> None:
        self.counts: Counter[str] = Counter()
        self._shortcuts = shortcuts  # False: every rule on every text (tests compare the two)

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def redact(self, text: str) -> str:
        """`text` with every e-mail address, IBAN, phone number, BSN and postcode replaced by its
        [KIND], counted in `counts`; text without any comes back as it was."""
        if not text:
            return text
        text = text.replace(_MASK, "")
        work, origin = _as_read(text)
        spans: list[tuple[int, int, str]] = []  # (start, end, kind) in `work`

        # Each rule is skipped when it cannot replace anything: an e-mail needs an '@', and every
        # other rule needs digits (\d, as the patterns count them): an IBAN, a phone number and a
        # BSN 8, a postcode 4. Counted on the text as it stands before each rule, so skipping
        # changes nothing but the time (most comments that get here hold one kind, or none).
        every = not self._shortcuts
        if every or "@" in work:
            work = self._mask(_EMAIL, "EMAIL", work, spans)
        if every or _SPELLED_HINT.search(work):
            work = self._mask(_SPELLED_EMAIL, "EMAIL", work, spans, _spelled_email)
        digits = _digits(work)
        if every or digits >= 8:
            work = self._mask(_IBAN, "IBAN", work, spans, _iban_span)
            digits = _digits(work)
        if every or digits >= 11:  # before dates and phone numbers, which would take parts of it
            work = self._mask(_BE_NN, "BSN", work, spans, lambda m: _be_nn.is_valid(_digits_of(m.group(0))))
            digits = _digits(work)
        if not every and digits < 4:
            return _replace(text, spans, origin)
        if every or _PROTECTED_HINT.search(work):  # what every protected span contains
            work = _PROTECTED.sub(lambda m: _MASK * len(m.group(0)), work)
            digits = _digits(work)
        if every or digits >= 8 and ("0" in work or "+" in work):  # a phone number starts with one
            phones = _phones(work)
            if phones:
                work = self._record("PHONE", work, spans, phones)
                digits = _digits(work)
        if every or digits >= 8:
            work = self._mask(_BSN, "BSN", work, spans, lambda m: passes_elfproef(_digits_of(m.group(0))))
            digits = _digits(work)
        if every or digits >= 4:
            self._mask(_POSTCODE, "POSTCODE", work, spans, lambda m: _not_a_year_and_word(m.group(0)))
        return _replace(text, spans, origin)

    def _mask(self, pattern: re.Pattern[str], kind: str, text: str, spans: list[tuple[int, int, str]],
              accept: Optional[Callable[[re.Match[str]], Union[bool, tuple[int, int], None]]] = None) -> str:
        """Mask every accepted match (`accept` may also return a shorter span); record and count it.
        A match turned down gives its text back: the search goes on from its second character, so
        what begins inside it is still found (an IBAN after `XX12 ...`, an address after `me at`)."""
        found: list[tuple[int, int]] = []
        position = 0
        while (match := pattern.search(text, position)) is not None:
            span = accept(match) if accept is not None else True
            if not span:
                position = match.start() + 1
                continue
            start, end = span if isinstance(span, tuple) else match.span()
            found.append((start, end))
            position = max(end, start + 1)
        return self._record(kind, text, spans, found)

    def _record(self, kind: str, text: str, spans: list[tuple[int, int, str]], found: list[tuple[int, int]]) -> str:
        """`text` with the spans `found` (sorted, not overlapping) masked, recorded and counted as `kind`."""
        if not found:
            return text
        spans += [(start, end, kind) for start, end in found]
        self.counts[kind] += len(found)
        return _masked(text, found)


def _spelled_email(match: re.Match[str]) -> bool:
    """Whether a spelled-out address is one. With an '@' as a word (in brackets, `apenstaartje`,
    `%40`, '@') it is. With a bare `at`, when the word before it can be a mailbox (with a letter:
    "ordered 2 at bol.com" names none), the word after it a domain (with a letter), the address
    ends in a common top-level domain, and then: a dot
    is spelled out (`gmail dot com`), or the mailbox has a dot, digit, '_', '%' or '+' in it
    (`jan.jansen at ...`), or the domain is a mail service (`jan at gmail.com`)."""
    if match.group("bare") is None:
        return True
    local, domain = match.group("local"), match.group("domain")
    first_of_local = re.split(r"[.%+_\s(\[{<]", local, maxsplit=1)[0].lower()
    last_of_local = re.split(r"[.%+_\s)\]}>]", local)[-1].lower()
    first_of_domain = re.split(r"[.\s(\[{<]", domain, maxsplit=1)[0].lower()
    tld = (match.group("tld") or match.group("joined")).lower()
    if (last_of_local in _NOT_A_MAILBOX or first_of_local in _NOT_A_MAILBOX or first_of_domain in _NOT_A_DOMAIN
            or not re.search(r"[^\W\d_]", first_of_domain) or not re.search(r"[^\W\d_]", local)
            or tld not in _COMMON_TLDS):
        return False
    return bool(_SPELLED_DOT_WORD.search(local) or _SPELLED_DOT_WORD.search(domain) or match.group("joined")
                or re.search(r"[.%+_\d]", local) or first_of_domain in _MAIL_SERVICES)


def _masked(text: str, found: list[tuple[int, int]]) -> str:
    """The text with every (start, end) span (sorted, not overlapping) masked."""
    out, position = [], 0
    for start, end in found:
        out += [text[position:start], _MASK * (end - start)]
        position = end
    out.append(text[position:])
    return "".join(out)


def redact(text: str) -> str:
    """Redact one text; for callers who do not need the counts."""
    return Redactor().redact(text)


# Longer than any real e-mail address (254), IBAN or phone number: what starts in a text's
# first part and is personal data ends within this many characters.
LONGEST = 300
# The most a replacement can shrink: a 254-character e-mail address becomes [EMAIL].
SHRINK = 40


def redact_head(text: str, chars: int) -> str:
    """The redacted text, or (for a text that cannot fit in `chars` characters once redacted)
    at least its first `chars` characters, redacted as if the whole text were: only the head is
    read, long enough that whatever personal data starts in those characters is found whole.
    For a caller that shows at most `chars` characters of a text of any length."""
    if len(text) <= chars * SHRINK + LONGEST:
        return redact(text)
    return redact(text[: chars * SHRINK + LONGEST])


# -- the text as read ---------------------------------------------------------------------------

_NOT_ASCII = re.compile(r"[\s\S]?[^\x00-\x7f]+")  # with the character before: a mark may sit on it


def _as_read(text: str) -> tuple[str, array[int] | None]:
    """The text as the eye reads it and, for each of its characters, the index in `text` of the
    written character it comes from; (text, None) when it reads as written, the usual case."""
    if text.isascii() or (not _INVISIBLE.search(text) and unicodedata.is_normalized("NFKC", text)):
        return text, None
    parts: list[str] = []
    origin = array("i")  # 4 bytes a character: a 10 MB comment needs 40 MB while it is read
    done = 0
    for segment in _NOT_ASCII.finditer(text):
        if segment.start() > done:  # plain ASCII reads as written
            parts.append(text[done : segment.start()])
            origin.extend(range(done, segment.start()))
        i, n = segment.start(), segment.end()
        while i < n:
            j = _cluster_end(text, i)
            piece = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text[i:j]))
            parts.append(piece)
            origin.extend([i] * len(piece))
            i = j
        done = n
    if done < len(text):
        parts.append(text[done:])
        origin.extend(range(done, len(text)))
    return "".join(parts), origin


def _cluster_end(text: str, i: int) -> int:
    """Past the character at i and the marks on it: they read as one (o + \u0308 is ö)."""
    j = i + 1
    while j < len(text) and unicodedata.combining(text[j]):
        j += 1
    return j


def _replace(text: str, spans: list[tuple[int, int, str]], origin: array[int] | None) -> str:
    """Put [KIND] in place of every span, in the text as written: from the first written
    character a span comes from to the last (invisible characters inside it go with it)."""
    if not spans:
        return text
    if len(spans) == 1 and origin is None:  # the usual case, without the bookkeeping
        start, end, kind = spans[0]
        return f"{text[:start]}[{kind}]{text[end:]}"
    out: list[str] = []
    position = 0
    for start, end, kind in sorted(spans):
        if origin is not None:
            start, end = origin[start], _cluster_end(text, origin[end - 1])
        out.append(text[position:max(start, position)])
        out.append(f"[{kind}]")
        position = max(position, end)
    out.append(text[position:])
    return "".join(out)


# -- rules --------------------------------------------------------------------------------------


def _digits(text: str) -> int:
    """How many characters \\d matches (ASCII text: counted without a list of them)."""
    if text.isascii():
        return sum(map(text.count, "0123456789"))
    return len(_DIGIT.findall(text))


def _digits_of(text: str) -> str:
    """The digits of a text as ASCII (\\d also matches ١ or ٣, which NFKC leaves as they are)."""
    digits = "".join(_DIGIT.findall(text))
    return digits if digits.isascii() else "".join(str(unicodedata.digit(d)) for d in digits)


def _iban_span(match: re.Match[str]) -> tuple[int, int] | None:
    """The longest IBAN at the start of a match, ending between groups: the pattern may have
    taken a group of the next word (`NL91 ABNA 0417 1643 00 1234 AB`)."""
    whole = match.group(0)
    for group in reversed(list(_IBAN_GROUP.finditer(whole))):
        if _is_iban(re.sub(r"[^A-Za-z0-9]", "", whole[: group.end()]).upper()):
            return match.start(), match.start() + group.end()
    return None


@lru_cache(maxsize=4096)
def _is_iban(compact: str) -> bool:
    """An IBAN (python-stdnum), or one with its check digits mistyped: the length and layout of
    its country's account numbers are right. A mistyped IBAN is still someone's bank account."""
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if _iban.is_valid(compact, check_country=False):
        return True
    fixed = compact[:2] + _iban.calc_check_digits(compact) + compact[4:]
    return _iban.is_valid(fixed, check_country=False)


def _phones(text: str) -> list[tuple[int, int]]:
    """Phone numbers in a text: in each run of digit groups, from each group that can start a
    number (after a '+', or with '00' or '0'), the longest stretch of whole groups that
    phonenumbers calls a valid number."""
    found: list[tuple[int, int]] = []
    budget = [PHONE_CHECKS_PER_TEXT]
    for run in _RUN.finditer(text):
        groups = [(run.start() + m.start(), run.start() + m.end(), m.group(0)) for m in _GROUP.finditer(run.group(0))]
        i = 0
        while i < len(groups):
            hit = _phone_from(text, groups, i, budget)
            if hit is None:
                i += 1
            else:
                found.append(hit[:2])
                i = hit[2] + 1
    return found


def _phone_from(text: str, groups: list[tuple[int, int, str]], i: int, budget: list[int]) -> tuple[int, int, int] | None:
    """(start, end, index of its last group) of the longest phone number from group i, or None."""
    start, _, first = groups[i]
    if text.endswith("+", 0, start) or text.endswith("+(", 0, start):
        start -= 1 if text[start - 1] == "+" else 2
        low, high = 8, 15  # country code and number: E.164 allows 15 digits
    elif first.startswith("00"):
        low, high = 10, 17  # the same after 00
    elif first.startswith("0"):
        low, high = 9, 12  # a national number (10 digits in the Netherlands)
    else:
        return None
    opened = start - 1 if text.endswith("(", 0, start) else start  # (020) 1234567, (+31) 6 ...
    best: tuple[int, int, int] | None = None
    count = 0
    for j in range(i, len(groups)):
        count += len(groups[j][2])
        if count > high:
            break
        if count < low:
            continue
        end = groups[j][1]
        if opened < start and ")" not in text[opened:end] and text.startswith(")", end):
            end += 1  # (06-12345678)
        begin = opened if ")" in text[opened:end] else start  # a parenthesis goes only with its pair
        if _is_phone(text[begin:end], budget):
            best = (begin, end, j)
    return best


def _is_phone(candidate: str, budget: list[int]) -> bool:
    """phonenumbers' verdict, for at most PHONE_CHECKS_PER_TEXT candidates of one text; later
    ones (only in a hostile text) are taken for numbers, so a text cannot stall the build."""
    budget[0] -= 1
    return budget[0] < 0 or _is_phone_number(candidate.translate(_TO_ASCII_DASH))


_TO_ASCII_DASH = str.maketrans({c: "-" for c in _DASHES[2:]})


@lru_cache(maxsize=4096)
def _is_phone_number(candidate: str) -> bool:
    """A number in its country's numbering plan (libphonenumber's metadata); without a country
    code, a Dutch or a Belgian one (0470 12 34 56, 02 511 22 33: Belgian customers of Dutch firms),
    a Belgian one only when written as a phone number (_WRITTEN_AS_PHONE)."""
    for region in _REGIONS:
        if region != _REGIONS[0] and not _WRITTEN_AS_PHONE.search(candidate):
            break  # 012345678 is a Dutch reference number sooner than a Belgian phone number
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate, region)):
                return True
        except phonenumbers.NumberParseException:
            return False
    return False


# A number taken as Belgian (not Dutch) is written as one: in groups, or a mobile (04..), or
# with its country code.
_WRITTEN_AS_PHONE = re.compile(rf"[\s./(){_DASHES}]|^\+|^00|^04")


def _not_a_year_and_word(candidate: str) -> bool:
    """`In 2024 EN 2025` is shouting, not an address: a year followed by a short capital word."""
    number, _, letters = candidate.partition(" ")
    return not (letters in _CAPS_WORDS and number[:2] in ("19", "20"))
