"""Hostile and careless survey text (issue 13): personal data as people really write it is
neither published (pages, search index) nor printed (build log, `journeymaps validate`), text
from a file cannot start a line of CI output, and a 10 MB comment is no 10 MB quote.

Real sites are built with the real `mkdocs` and `journeymaps` commands from real CSV files.
Every expected value is computed here from the comment's own template; every check for a leak
looks for the personal data as written, as read (NFKC, invisible characters removed) and with
its separators squeezed out, in every file of the built site and in everything printed."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from journeymaps.feedback.cells import QUOTE_CHARS
from journeymaps.problems import Location, Problem
from tests.helpers import make_site, mkdocs

ZWSP, NBSP, WJ = "\u200b", "\u00a0", "\u2060"

# (touchpoint, comment template, personal data, kind): the examples, and their cousins.
EXAMPLES = [
    ("bsn-dashes", "mijn BSN is {} graag", "111-222-333", "BSN"),
    ("bsn-official", "BSN {} (zoals op mijn paspoort)", "1112.22.333", "BSN"),
    ("mobile-dots", "bel me op {} na vijven", "06.12.34.56.78", "PHONE"),
    ("mobile-slash", "mobiel {} graag terugbellen", "06/12345678", "PHONE"),
    ("mobile-nbsp", "nummer {} (werk)", f"06{NBSP}1234{NBSP}5678", "PHONE"),
    ("mobile-fullwidth", "bel {} aub", "０６-１２３４５６７８", "PHONE"),
    ("iban-dots", "terugstorten op {} svp", "NL91.ABNA.0417.1643.00", "IBAN"),
    ("iban-nbsp", "rekening {} klopt", NBSP.join(["NL91", "ABNA", "0417", "1643", "00"]), "IBAN"),
    ("email-zero-width", "mail {} even", f"piet.jansen{ZWSP}@{ZWSP}example.nl", "EMAIL"),
    ("email-word-joiner", "mail {} even", f"klaas{WJ}@{WJ}example.org", "EMAIL"),
    ("email-non-ascii", "schrijf naar {} als het kan", "jörg@müller.de", "EMAIL"),
    ("email-decomposed", "of naar {} dan", "jo\u0308rg.b@mu\u0308ller.de", "EMAIL"),
    ("postcode-nbsp", "ik woon in {} Utrecht", f"3511{NBSP}AB", "POSTCODE"),
    ("email-spelled", "bel me niet: {} graag", "jan punt jansen at gmail dot com", "EMAIL"),
    ("email-brackets", "contact {} thanks", "jan.jansen [at] gmail [dot] com", "EMAIL"),
    ("email-dutch", "mail {} svp", "piet apenstaartje ziggo punt nl", "EMAIL"),
    ("email-after-me-at", "mail me at {} please", "jan.jansen at live dot nl", "EMAIL"),
    ("mobile-belgian", "bel {} na vijven", "0470 12 34 56", "PHONE"),
    ("iban-belgian", "terug op {} graag", "BE 68 5390 0754 7034", "IBAN"),
    ("rrn-belgian", "rijksregisternummer {} ok", "85.07.30-033.28", "BSN"),
]

# Survey labels that are no touchpoint: personal data, and a GitHub workflow command behind
# every kind of line break a log or a runner may honour.
PII_LABEL = "piet@example.com 0687654321"
INJECTIONS = [  # short enough to be named whole (a label is cut at 40 characters)
    "C\n::error file=x.yml,line=1::pwned-lf",
    "C\r\n::error file=x.yml,line=1::pwned-crlf",
    "C\u2028::error file=x.yml,line=1::pwned-ls",
    "C\x85::error file=x.yml,line=1::pwned-nel",
    "C\x1b[2K\n::error file=x.yml::pwned-ansi",
]
# A lone carriage return is left out here: DuckDB refuses some files with one inside a quoted
# field ("cannot read the file (invalidinput)", a reading bug of its own); the Problem test
# below shows that one is escaped too.
# How a log line shows each of them: the control characters written as escapes.
ESCAPED = [label.replace("\n", "\\n").replace("\r", "\\r").replace("\u2028", "\\u2028").replace("\x1b", "\\x1b")
           .replace("\x85", "\\x85") for label in INJECTIONS]
PII_PERSONA = "Klant 06-87654321"


def as_read(text: str) -> str:
    """What the eye reads: NFKC, without zero-width, joiner and bidi characters."""
    text = re.sub("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", "", text)
    return unicodedata.normalize("NFKC", text)


def squeezed(text: str) -> str:
    """Letters, digits and '@' only, lower case: `06.12.34.56.78` and `0612345678` are one."""
    return "".join(c for c in as_read(text).casefold() if c.isalnum() or c == "@")


def forms(pii: str) -> list[str]:
    """The personal data as written, as read, and squeezed (checked against squeezed text)."""
    return [pii, as_read(pii)]


def leaked(pii: str, text: str) -> bool:
    return any(form in text for form in forms(pii)) or squeezed(pii) in squeezed(text)


def site_texts(out: Path) -> dict[str, str]:
    """Every text file of the built site as a reader sees it: HTML unescaped, JSON as its strings."""
    texts = {}
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".json", ".xml", ".txt", ".js", ".csv", ".md"}:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = html.unescape(raw)
        if path.suffix == ".json":
            text += "\n" + "\n".join(_strings(json.loads(raw)))
        texts[str(path.relative_to(out))] = text
    return texts


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def search_text(out: Path) -> str:
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    return "\n".join(html.unescape(doc.get("title", "") + "\n" + doc.get("text", "")) for doc in index["docs"])


def journey_yml(touchpoints: list[str]) -> str:
    lines = ["title: Webshop", "owner: Team Web", "phases:", "  - id: do", "    title: Do", "touchpoints:"]
    for tp in touchpoints:
        lines += [f"  - id: {tp}", "    phase: do", f"    title: Touchpoint {tp}", "    owner: Team Web",
                  "    target: 4", "    estimate: 4"]
    return "\n".join(lines) + "\n"


def survey_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "touchpoint", "persona", "score", "comment"])
    writer.writerows(rows)
    return buffer.getvalue()


def journeymaps(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "journeymaps", *args], cwd=root, capture_output=True, text=True,
                          timeout=300)


def printed_lines(output: str) -> list[str]:
    """Lines as a terminal or a CI runner splits them: at LF, CR, and the Unicode line breaks."""
    return re.split("\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]", output)


def assert_no_injection(output: str, *, ours: str = "") -> None:
    """No line a runner sees starts with a workflow command except our own annotations (which
    start with `ours`), and no escape sequence reaches the terminal."""
    for line in printed_lines(output):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            assert ours and stripped.startswith(ours), line
    assert "\x1b" not in output


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("hostile")
    rows = [["2026-11-02", tp, "sanne", "4", template.format(pii)] for tp, template, pii, _ in EXAMPLES]
    rows += [["2026-11-03", label, "sanne", "3", "geen"] for label in INJECTIONS]
    rows += [["2026-11-03", EXAMPLES[0][0], PII_PERSONA, "3", "geen"]]
    labels = [["2026-11-03", PII_LABEL, "sanne", "3", "geen"]]  # a file of its own: 5 labels are named per file
    make_site(root, {
        "journeys/webshop/journey.yml": journey_yml([tp for tp, *_ in EXAMPLES]),
        "journeys/webshop/feedback/survey.csv": survey_csv(rows),
        "journeys/webshop/feedback/labels.csv": survey_csv(labels),
    }, extra="      min_responses: 1")
    result = mkdocs(root, "build")
    assert result.returncode == 0, result.stderr
    return root, result


# -- personal data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("tp,template,pii,kind", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_personal_data_is_published_redacted_in_pages_and_search(hostile_site, tp, template, pii, kind):
    root, _ = hostile_site
    out = root / "site"
    expected = template.format(f"[{kind}]")
    pages = {name: text for name, text in site_texts(out).items() if name.endswith(".html")}
    assert any(expected in text for text in pages.values()), f"the quote {expected!r} is on no page"
    assert expected in search_text(out)
    for name, text in site_texts(out).items():
        assert not leaked(pii, text), (name, pii)


@pytest.mark.parametrize("tp,template,pii,kind", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_personal_data_is_not_in_the_build_log(hostile_site, tp, template, pii, kind):
    _, result = hostile_site
    assert not leaked(pii, result.stdout + result.stderr)


def test_unknown_labels_are_redacted_in_the_build_log_and_validate(hostile_site):
    root, result = hostile_site
    validate = journeymaps(root, "validate")
    github = journeymaps(root, "validate", "--format", "github")
    for output in (result.stderr, validate.stdout + validate.stderr, github.stdout + github.stderr):
        assert "unknown touchpoint labels" in output
        assert "unknown persona labels" in output
        assert "'[EMAIL] [PHONE]'" in output  # the label, redacted the way a quote is
        assert "'Klant [PHONE]'" in output
        for pii in ("piet@example.com", "0687654321", "06-87654321"):
            assert not leaked(pii, output), (pii, output)
    for text in site_texts(root / "site").values():
        assert not leaked("piet@example.com", text) and not leaked("0687654321", text)


def test_a_survey_without_header_row_does_not_print_its_first_response(tmp_path):
    """The header row is the first response when an export has none: the 'missing column'
    error quotes its cells, redacted."""
    body = "2026-11-02,checkout,sanne,4,mail piet@example.com of bel 06 87 65 43 21\n"
    root = make_site(tmp_path, {"journeys/webshop/feedback/survey.csv": body})
    build = mkdocs(root, "build")
    validate = journeymaps(root, "validate")
    for output in (build.stdout + build.stderr, validate.stdout + validate.stderr):
        assert "survey.csv" in output and "missing column" in output
        assert "mail [EMAIL] of bel [PHONE]" in output
        assert not leaked("piet@example.com", output)
        assert not leaked("06 87 65 43 21", output)
    assert build.returncode != 0 and validate.returncode == 1


# -- injection into CI --------------------------------------------------------------------------


def test_a_label_cannot_start_a_line_of_the_build_log(hostile_site):
    _, result = hostile_site
    output = result.stdout + result.stderr
    assert all(escaped in output for escaped in ESCAPED)  # each label is printed, on one line
    assert_no_injection(output)


def test_a_label_cannot_start_a_line_of_validate_output(hostile_site):
    root, _ = hostile_site
    human = journeymaps(root, "validate")
    assert all(escaped in human.stdout for escaped in ESCAPED)
    assert_no_injection(human.stdout + human.stderr)
    github = journeymaps(root, "validate", "--format", "github")
    assert_no_injection(github.stdout + github.stderr, ours="::warning file=journeys/webshop/feedback/")
    listed = json.loads(journeymaps(root, "validate", "--format", "json").stdout)
    messages = [p["message"] + (p["hint"] or "") for p in listed]
    assert all("\n" not in m and "\r" not in m and "\u2028" not in m for m in messages)


def test_a_problem_is_one_line_whatever_it_quotes():
    text = "a\nb\rc\td\x1be\x00f\x85g\u2028h\u2029i\u202ej\u2066k"
    problem = Problem(Location(f"journeys/x{text}.csv", 3), f"label '{text}'", f"hint '{text}'")
    printed = str(problem)
    assert len(printed_lines(printed)) == 1
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in printed)
    assert not any(c in printed for c in "\u202e\u2066")
    assert printed.startswith("journeys/xa\\nb\\rc\\td\\x1be\\x00f\\x85g\\u2028h\\u2029i\\u202ej\\u2066k.csv:3: ")
    assert problem.message == "label 'a\\nb\\rc\\td\\x1be\\x00f\\x85g\\u2028h\\u2029i\\u202ej\\u2066k'"
    # Plain text, accents and the euro sign included, is left as it is; escaping twice changes nothing.
    assert Problem(Location("a.csv"), "Één klik: € 5").message == "Één klik: € 5"
    assert Problem(problem.location, problem.message, problem.hint) == problem


# -- a comment of 10 MB ------------------------------------------------------------------------------


def test_a_10_mb_comment_is_a_short_quote(tmp_path):
    words = [f"woord{i}" for i in range(1_200_000)]  # about 10 MB
    comment = " ".join(words)
    assert len(comment) > 10_000_000
    rows = [["2026-11-02", "checkout", "sanne", "4", comment]] + [
        ["2026-11-0" + str(d), "checkout", "sanne", "4", "prima"] for d in range(3, 7)
    ]
    root = make_site(tmp_path, {"journeys/webshop/feedback/survey.csv": survey_csv(rows)})
    result = mkdocs(root, "build")
    assert result.returncode == 0, result.stderr
    out = root / "site"
    assert (out / "search/search_index.json").stat().st_size < 1_000_000
    quotes = set()
    for page in out.rglob("*.html"):
        quotes |= {html.unescape(q) for q in re.findall(r'<blockquote class="jm-quote">(.*?)</blockquote>',
                                                        page.read_text(encoding="utf-8"), re.S)}
        assert words[-1] not in page.read_text(encoding="utf-8")
    long = [q for q in quotes if q.startswith("woord0 ")]
    assert long, "the long comment is quoted"
    for quote in long:
        assert len(quote) <= QUOTE_CHARS + 1 and quote.endswith("…")
        kept = quote[:-1].split(" ")
        assert kept == words[: len(kept)]  # whole words, from the start, in order
        assert len(quote) > QUOTE_CHARS - len(max(kept, key=len)) - 2  # as many as fit
    assert words[-1] not in search_text(out)
