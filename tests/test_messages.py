"""What we tell whom, and when (issue 17): a touchpoint's `messages:`, the checks that find what we
forget to tell, each persona's communication plan and the journey's persona x phase table.

Expectations are computed from the YAML itself (read as plain data, not through the models), so
the pages are compared with what the files say rather than with the code that drew them."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from journeymaps.analysis import AnalysisSettings, Check, Level
from journeymaps.pipeline import analyse
from journeymaps.load import load_site
from journeymaps.load.strict_yaml import parse_file
from journeymaps.options import CHECK_NAMES, parse_options
from journeymaps.problems import SourceError
from tests.helpers import JOURNEY, REPO, make_site, mkdocs

TODAY = dt.date(2026, 11, 23)
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> **bold** [x](javascript:alert(3)) {{ 7*7 }}'


def with_messages(**by_touchpoint: str) -> str:
    """JOURNEY with a `messages:` block (YAML text, indented under the key) added to touchpoints."""
    text = JOURNEY
    for tp_id, block in by_touchpoint.items():
        anchor = f"  - id: {tp_id}\n"
        start = text.index(anchor)
        end = text.find("\n  - id:", start + 1)
        end = len(text) if end == -1 else end + 1
        text = text[:end].rstrip("\n") + "\n    messages:" + block + "\n" + text[end:]
    return text


def errors(root: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        load_site(root)
    return [str(p) for p in info.value.problems]


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def run(tmp_path: Path, journey: str, levels=None):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey})
    return analyse(root, settings=AnalysisSettings(today=TODAY), levels=levels)


def found(analysis, code: str) -> list[str]:
    return [str(p) for p in analysis.warnings if p.code == code]


# -- the model ------------------------------------------------------------------------------------


def test_one_message_is_for_every_persona(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": with_messages(checkout=" Free returns in any store.")})
    checkout = load_site(root).journey("webshop").touchpoints[1]
    assert checkout.messages == "Free returns in any store."
    assert checkout.message_for("sanne") == checkout.message_for("ruud") == "Free returns in any store."


def test_a_mapping_gives_each_persona_their_own_message(tmp_path):
    journey = with_messages(checkout="\n      sanne: |\n        Pay with iDEAL.\n        No account needed.\n      ruud: One click.")
    checkout = load_site(make_site(tmp_path, {"journeys/webshop/journey.yml": journey})).journey("webshop").touchpoints[1]
    assert checkout.messages == {"sanne": "Pay with iDEAL.\nNo account needed.", "ruud": "One click."}
    assert checkout.message_for("sanne") == "Pay with iDEAL.\nNo account needed."
    assert checkout.message_for("nobody") is None
    assert load_site(make_site(tmp_path / "none")).journey("webshop").touchpoints[1].message_for("sanne") is None


def test_unknown_persona_in_messages_is_an_error_at_its_key(tmp_path):
    journey = with_messages(checkout="\n      sanne: Pay with iDEAL.\n      rud: One click.")
    line, column = position(journey, "rud: One click.")
    assert errors(make_site(tmp_path, {"journeys/webshop/journey.yml": journey})) == [
        f"journeys/webshop/journey.yml:{line}:{column}: unknown persona 'rud' (did you mean 'ruud'?)"
    ]


def test_unknown_persona_without_a_near_miss_names_who_it_could_be_for(tmp_path):
    journey = with_messages(checkout="\n      kim: Hello.")
    line, column = position(journey, "kim: Hello.")
    assert errors(make_site(tmp_path, {"journeys/webshop/journey.yml": journey})) == [
        f"journeys/webshop/journey.yml:{line}:{column}: unknown persona 'kim' "
        "(messages here can be for: sanne, ruud)"
    ]


def test_a_message_for_a_persona_who_does_not_meet_the_touchpoint_is_an_error(tmp_path):
    journey = with_messages(checkout="\n      sanne: Pay.\n      ruud: One click.").replace(
        "    owner: Team Payments\n", "    owner: Team Payments\n    personas: [sanne]\n")
    line, column = position(journey, "ruud: One click.")
    assert errors(make_site(tmp_path, {"journeys/webshop/journey.yml": journey})) == [
        f"journeys/webshop/journey.yml:{line}:{column}: persona 'ruud' does not meet touchpoint 'checkout', so no "
        "message can reach them here (add 'ruud' to the touchpoint's personas, or move the message to a "
        "touchpoint they meet)"
    ]


@pytest.mark.parametrize("block, says", [
    (' ""', "touchpoints.1.messages: must not be empty"),
    ("\n      sanne: '   '", "touchpoints.1.messages.sanne: must not be empty"),
    (" 5", "touchpoints.1.messages: expected text, got the number 5 (put it in quotes if you mean the text '5')"),
    ("\n      Sanne: Hi.", "'Sanne' is not a valid id"),
])
def test_a_message_must_be_text_for_a_valid_persona_id(tmp_path, block, says):
    problems = errors(make_site(tmp_path, {"journeys/webshop/journey.yml": with_messages(checkout=block)}))
    assert len(problems) == 1 and says in problems[0], problems
    assert problems[0].startswith("journeys/webshop/journey.yml:")


# -- the checks -----------------------------------------------------------------------------------


def test_a_journey_without_messages_is_not_told_about_them(tmp_path):
    journey = JOURNEY.replace("    estimate: 4.5\n", "    estimate: 4.5\n    moment_of_truth: true\n")
    a = run(tmp_path, journey)
    assert found(a, "message_missing") == [] and found(a, "moment_of_truth_without_message") == []


def test_message_missing_where_a_persona_meets_us_and_hears_nothing(tmp_path):
    journey = with_messages(ad=" Beautiful and delivered tomorrow.")
    line, column = position(journey, "id: checkout")
    a = run(tmp_path, journey)
    assert found(a, "message_missing") == [
        f"journeys/webshop/journey.yml:{line}:{column}: journey 'webshop': nothing to tell persona '{p}' in "
        f"phase 'do': no message for them at 'checkout' (what should they hear here? add messages: to touchpoint "
        f"'checkout', as one text or as '{p}: ...')"
        for p in ("sanne", "ruud")
    ]
    assert found(a, "moment_of_truth_without_message") == []  # no moment of truth in this journey


def test_message_missing_points_at_the_messages_that_leave_a_persona_out(tmp_path):
    journey = with_messages(ad=" Hello.", checkout="\n      sanne: Pay with iDEAL.")
    line, column = position(journey, "sanne: Pay with iDEAL.")
    assert found(run(tmp_path, journey), "message_missing") == [
        f"journeys/webshop/journey.yml:{line}:{column}: journey 'webshop': nothing to tell persona 'ruud' in "
        "phase 'do': no message for them at 'checkout' (what should they hear here? add messages: to touchpoint "
        "'checkout', as one text or as 'ruud: ...')"
    ]


def test_no_message_missing_where_the_persona_has_no_touchpoint(tmp_path):
    journey = with_messages(ad=" Hello.", checkout=" Pay.").replace(
        "    owner: Team Marketing\n", "    owner: Team Marketing\n    personas: [ruud]\n")
    a = run(tmp_path, journey)
    assert found(a, "message_missing") == []  # sanne meets nobody in 'see': persona_missing_in_phase says so
    assert [p for p in found(a, "persona_missing_in_phase") if "'sanne'" in p]


def test_moment_of_truth_without_a_message_for_some_of_its_personas(tmp_path):
    journey = with_messages(ad=" Hello.", checkout="\n      sanne: Pay with iDEAL.").replace(
        "    estimate: 4.5\n", "    estimate: 4.5\n    moment_of_truth: true\n")
    line, column = position(journey, "sanne: Pay with iDEAL.")
    a = run(tmp_path, journey)
    assert found(a, "moment_of_truth_without_message") == [
        f"journeys/webshop/journey.yml:{line}:{column}: journey 'webshop': moment of truth 'checkout' has no message "
        "for ruud (a moment that makes or breaks the relationship needs something to say: add 'ruud: ...' to its "
        "messages)"
    ]
    # a moment of truth with one message for everyone, or one for each of its personas, is fine
    for block in (" Pay.", "\n      sanne: Pay.\n      ruud: One click."):
        fine = with_messages(ad=" Hello.", checkout=block).replace(
            "    estimate: 4.5\n", "    estimate: 4.5\n    moment_of_truth: true\n")
        assert found(run(tmp_path / f"fine{len(block)}", fine), "moment_of_truth_without_message") == []


def test_a_silent_moment_of_truth_is_reported_at_its_flag(tmp_path):
    journey = with_messages(checkout=" Pay.").replace(
        "    estimate: 4\n", "    estimate: 4\n    moment_of_truth: true\n")
    line, column = position(journey, "moment_of_truth: true")
    a = run(tmp_path, journey)
    (problem,) = [p for p in a.warnings if p.code == "moment_of_truth_without_message"]
    assert (problem.location.line, problem.location.column) == (line, column + len("moment_of_truth: "))
    assert "moment of truth 'ad' has no message for sanne, ruud" in problem.message
    assert problem.hint == ("a moment that makes or breaks the relationship needs something to say: "
                            "add messages: to it, one text for everyone or one per persona")


def test_the_message_checks_are_configurable_like_the_others(tmp_path):
    assert {"message_missing", "moment_of_truth_without_message"} <= set(CHECK_NAMES)
    options, _ = parse_options({"checks": {"message_missing": False, "moment_of_truth_without_message": "error"}})
    assert options.check_levels() == {"message_missing": Level.OFF, "moment_of_truth_without_message": Level.ERROR}
    journey = with_messages(checkout="\n      sanne: Pay.").replace(
        "    estimate: 4.5\n", "    estimate: 4.5\n    moment_of_truth: true\n")
    quiet = run(tmp_path / "a", journey, levels={"message_missing": Level.OFF,
                                                 "moment_of_truth_without_message": Level.INFO})
    assert found(quiet, "message_missing") == []
    assert [p.severity.value for p in quiet.warnings if p.code == "moment_of_truth_without_message"] == ["info"]
    with pytest.raises(SourceError) as info:
        run(tmp_path / "b", journey, levels={"moment_of_truth_without_message": Level.ERROR})
    assert "moment of truth 'checkout' has no message for ruud" in str(info.value)


def test_warn_by_default_so_strict_fails_and_info_keeps_it_in_the_log(tmp_path):
    journey = with_messages(ad=" Hello.")
    warned = make_site(tmp_path / "warn", {"journeys/webshop/journey.yml": journey})
    strict = mkdocs(warned, "build", "--strict")
    assert strict.returncode == 1 and "nothing to tell persona 'sanne' in phase 'do'" in strict.stderr
    logged = make_site(tmp_path / "info", {"journeys/webshop/journey.yml": journey},
                       extra="      checks:\n        message_missing: info\n")
    result = mkdocs(logged, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert re.search(r"INFO\s+-\s+journeymaps: .*nothing to tell persona 'sanne' in phase 'do'", result.stderr)


def test_every_check_is_documented_in_the_configuration_page():
    text = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    table = text[text.index("## The checks"):text.index("## What a state means")]
    assert [c.value for c in Check if f"| `{c.value}` |" not in table] == []
    assert "once it uses `messages:`" in table


# -- the pages ------------------------------------------------------------------------------------


class Tables(HTMLParser):
    """The tables of a page with a given class: rows of (cell tag, classes, text) as a reader sees
    the text: screen-reader-only text and decoration hidden from assistive technology left out."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}

    def __init__(self, table_class: str) -> None:
        super().__init__()
        self.table_class = table_class
        self.tables: list[list[list[tuple[str, str, str]]]] = []
        self.depth = 0  # >0 inside a wanted table
        self.cell: list[str] | None = None
        self.cell_kind = self.cell_class = ""
        self.stack: list[tuple[str, bool]] = []  # open elements inside a cell: (tag, hides its text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table":
            if self.depth or self.table_class in classes:
                self.depth += 1
                if self.depth == 1:
                    self.tables.append([])
        elif not self.depth:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell, self.cell_kind, self.cell_class, self.stack = [], tag, attrs.get("class") or "", []
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
        elif tag not in self.VOID and self.cell is not None:
            self.stack.append((tag, "jm-sr" in classes or attrs.get("aria-hidden") == "true"))

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip().replace(" ,", ",")
            self.tables[-1][-1].append((self.cell_kind, self.cell_class, text))
            self.cell = None
        elif self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.depth and self.cell is not None and not any(hides for _, hides in self.stack):
            self.cell.append(data)


def tables(html: str, table_class: str) -> list[list[list[tuple[str, str, str]]]]:
    parser = Tables(table_class)
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = mkdocs(REPO, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def example_journeys() -> list[dict]:
    """The example journeys as plain YAML data, with their personas resolved by hand."""
    org = parse_file(REPO / "journeys/personas.yml", "personas.yml").data
    found = []
    for path in sorted((REPO / "journeys").glob("*/journey.yml")):
        data = parse_file(path, path.name).data
        personas = []
        for entry in data.get("personas") or [p["id"] for p in org]:
            personas.append(entry if isinstance(entry, dict) else next(p for p in org if p["id"] == entry))
        found.append({**data, "id": path.parent.name, "persona_list": personas})
    return found


def said(tp: dict, persona_id: str) -> str | None:
    messages = tp.get("messages")
    text = messages.get(persona_id) if isinstance(messages, dict) else messages
    return text.strip() if text else None


def meets(tp: dict, persona_id: str) -> bool:
    return "personas" not in tp or persona_id in tp["personas"]


def expected_plan(journey: dict, persona_id: str) -> list[tuple[str, str, str, str]]:
    """(phase, what we tell them, touchpoint, channel) per row of the persona's plan."""
    rows = []
    for phase in journey["phases"]:
        mine = [tp for tp in journey["touchpoints"] if tp["phase"] == phase["id"] and meets(tp, persona_id)]
        if not mine:
            rows.append((phase["title"], "No touchpoint in this phase", "", ""))
        elif not any(said(tp, persona_id) for tp in mine):
            channels = list(dict.fromkeys(tp["channel"] for tp in mine if tp.get("channel")))
            rows.append((phase["title"], "Hears nothing from us", ", ".join(tp["title"] for tp in mine),
                         ", ".join(channels) or "–"))
        else:
            for tp in mine:
                text = said(tp, persona_id)
                if text or tp.get("moment_of_truth"):
                    rows.append((phase["title"], text or "Hears nothing from us at this moment of truth", tp["title"],
                                 tp.get("channel") or "–"))
    return rows


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


EXAMPLES = [(j["id"], p["id"]) for j in example_journeys() for p in j["persona_list"]]


@pytest.mark.parametrize("journey_id, persona_id", EXAMPLES, ids=[f"{j}-{p}" for j, p in EXAMPLES])
def test_the_persona_page_lists_what_we_tell_them_phase_by_phase(example_site, journey_id, persona_id):
    journey = next(j for j in example_journeys() if j["id"] == journey_id)
    html = (example_site / f"journeys/{journey_id}/personas/{persona_id}/index.html").read_text(encoding="utf-8")
    assert 'id="communication-plan"' in html
    (table,) = tables(html, "jm-plan")
    header, *rows = table
    assert [text for _, _, text in header] == ["Phase", "What we tell them", "Touchpoint", "Channel"]
    shown = []
    for row in rows:
        texts = [text for _, _, text in row]
        if len(texts) == 2:  # a phase without a touchpoint: one cell across the other columns
            texts += ["", ""]
        shown.append(tuple(texts))
    expected = expected_plan(journey, persona_id)
    assert shown == [(p, squeeze(m), t, c) for p, m, t, c in expected]
    # silences are marked by words and an icon, not by colour alone
    for row in rows:
        if any(text.startswith("Hears nothing from us") for _, _, text in row):
            assert any("jm-msg--missing" in cls or "jm-msg--silent" in cls for _, cls, _ in row)


def test_the_example_shows_messages_for_every_persona_and_one_forgotten_on_purpose(example_site):
    for journey in example_journeys():
        for persona in journey["persona_list"]:
            told_in = {tp["phase"] for tp in journey["touchpoints"] if meets(tp, persona["id"]) and said(tp, persona["id"])}
            assert len(told_in) >= 2, (journey["id"], persona["id"])
    webshop = (example_site / "journeys/webshop/personas/nieuwe-klant/index.html").read_text(encoding="utf-8")
    care = [row for row in tables(webshop, "jm-plan")[0] if row[0][2] == "Care"]
    assert len(care) == 1 and care[0][1][2].startswith("Hears nothing from us")


def test_the_journey_page_has_a_persona_by_phase_table_of_messages(example_site):
    for journey in example_journeys():
        html = (example_site / f"journeys/{journey['id']}/index.html").read_text(encoding="utf-8")
        (table,) = tables(html, "jm-messages")
        header, *rows = table
        assert [text for _, _, text in header] == ["Phase"] + [p["name"] for p in journey["persona_list"]]
        assert [row[0][2] for row in rows] == [phase["title"] for phase in journey["phases"]]
        for phase, row in zip(journey["phases"], rows):
            assert row[0][0] == "th"
            for persona, (kind, cls, text) in zip(journey["persona_list"], row[1:]):
                mine = [tp for tp in journey["touchpoints"] if tp["phase"] == phase["id"] and meets(tp, persona["id"])]
                messages = [(tp, said(tp, persona["id"])) for tp in mine if said(tp, persona["id"])]
                where = (journey["id"], phase["id"], persona["id"])
                if mine and not messages:  # where message_missing warns: marked, in words
                    assert "jm-msg--missing" in cls and text.startswith("Hears nothing from us"), where
                    assert all(tp["title"] in text for tp in mine), where
                else:
                    assert "jm-msg--missing" not in cls and "Hears nothing from us " not in text + " ", where
                for tp, message in messages:
                    assert f"{squeeze(message)} {tp['title']}" in text, where
                if not mine:
                    assert text == "", where  # a dash hidden from screen readers, which hear the words instead
    marked = tables((example_site / "journeys/webshop/index.html").read_text(encoding="utf-8"), "jm-messages")[0]
    assert sum("jm-msg--missing" in cls for row in marked for _, cls, _ in row) == 1  # the one on purpose


def test_the_phase_page_shows_a_touchpoints_messages(example_site):
    html = (example_site / "journeys/webshop/phases/care/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="tp-retour"'):]
    section = squeeze(re.sub(r"<[^>]+>", " ", section[:section.index("</section>")]))
    assert "Messages Sanne, nieuwe klant : ! Hears nothing from us at this moment of truth" in section
    assert "Ruud, vaste klant : Terugbrengen is gratis in elke winkel." in section


@pytest.mark.parametrize("language, says", [
    ("en", "This journey has no messages yet"),
    ("nl", "Deze klantreis zegt nog nergens wat we vertellen"),
])
def test_a_journey_without_messages_says_what_to_add(tmp_path, language, says):
    root = make_site(tmp_path, language=language)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    journey = (root / "site/journeys/webshop/index.html").read_text(encoding="utf-8")
    persona = (root / "site/journeys/webshop/personas/sanne/index.html").read_text(encoding="utf-8")
    assert says in journey and says in persona
    assert "journeys/webshop/journey.yml" in persona and "messages:" in persona
    assert "{sanne: ...}" in persona
    assert "jm-messages" not in journey and "jm-plan" not in persona


def test_dutch_labels_of_the_plan_and_the_table(tmp_path):
    journey = with_messages(ad=" Hallo.")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey}, language="nl",
                     extra="      checks:\n        message_missing: info\n")
    assert mkdocs(root, "build", "--strict").returncode == 0
    persona = (root / "site/journeys/webshop/personas/sanne/index.html").read_text(encoding="utf-8")
    header = [text for _, _, text in tables(persona, "jm-plan")[0][0]]
    assert header == ["Fase", "Wat we vertellen", "Contactmoment", "Kanaal"]
    assert "Hoort niets van ons" in persona and "Wat we deze persona vertellen" in persona
    assert "Wat we wie vertellen, en wanneer" in (root / "site/journeys/webshop/index.html").read_text(encoding="utf-8")


def test_hostile_message_text_is_escaped_everywhere(tmp_path):
    quoted = json.dumps(HOSTILE)  # a JSON string is a YAML scalar
    journey = with_messages(ad=f"\n      ruud: {quoted}", checkout=f"\n      sanne: {quoted}\n      ruud: {quoted}")
    journey = journey.replace("    estimate: 4\n", "    estimate: 4\n    moment_of_truth: true\n")
    # sanne, with a hostile name, hears nothing in 'see' and at its moment of truth: the marks name her
    personas = f"- id: sanne\n  name: {quoted}\n- id: ruud\n  name: Ruud\n"
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey, "journeys/personas.yml": personas},
                     extra="      checks:\n        message_missing: info\n        moment_of_truth_without_message: info\n")
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    out = root / "site"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert not re.search(r"(href|src)=[\"']?\s*javascript:", html, re.I), page
        assert "<strong>bold</strong>" not in html, page  # plain text: never rendered as Markdown
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; **bold**"
    for page in ("journeys/webshop/index.html", "journeys/webshop/personas/sanne/index.html",
                 "journeys/webshop/personas/ruud/index.html", "journeys/webshop/phases/do/index.html",
                 "journeys/webshop/phases/see/index.html"):
        assert escaped in (out / page).read_text(encoding="utf-8"), page
    sanne = (out / "journeys/webshop/personas/sanne/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in sanne
    see = (out / "journeys/webshop/phases/see/index.html").read_text(encoding="utf-8")
    unsaid = re.search(r'<p class="jm-msg--missing jm-unsaid">(.*?)</p>', see, re.S)
    assert unsaid and "Hears nothing from us in this phase" in unsaid.group(1)
    assert f"{escaped} [x](javascript:alert(3)) {{{{ 7*7 }}}}</a>" in unsaid.group(1)  # the hostile name, as text
    assert "Hears nothing from us at this moment of truth" in (out / "journeys/webshop/phases/see/index.html").read_text(
        encoding="utf-8")
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any("<img src=x" in doc.get("text", "") for doc in index["docs"])


# -- schema, reference and the scaffold ------------------------------------------------------------


def journey_schema() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((REPO / "schemas/journey.schema.json").read_text(encoding="utf-8")))


def data(text: str):
    from journeymaps.load.strict_yaml import _Loader
    import yaml

    return yaml.load(text, Loader=_Loader)


@pytest.mark.parametrize("block", [" Free returns in any store.", "\n      sanne: Pay.\n      ruud: One click."])
def test_the_schema_accepts_messages(block):
    assert list(journey_schema().iter_errors(data(with_messages(checkout=block)))) == []


@pytest.mark.parametrize("block", ["\n      Sanne: Pay.", ' ""', " 5", "\n      sanne: [a, b]"])
def test_the_schema_rejects_bad_messages(block):
    assert list(journey_schema().iter_errors(data(with_messages(checkout=block))))


def test_the_format_reference_documents_messages():
    text = (REPO / "docs/reference.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `messages` |"))
    assert "text or mapping of text to text" in row and "one per persona" in row


def test_new_journey_shows_the_field_and_still_validates(tmp_path):
    from tests.test_cli import journeymaps

    root = make_site(tmp_path)
    assert journeymaps(root, "new", "journey", "verhuizen").returncode == 0
    path = root / "journeys/verhuizen/journey.yml"
    text = path.read_text(encoding="utf-8")
    assert "    # messages: " in text
    assert journeymaps(root, "validate", "--strict").returncode == 0
    path.write_text(text.replace("    # messages: ", "    messages: "), encoding="utf-8")  # the hint, taken up
    validated = journeymaps(root, "validate")
    assert validated.returncode == 0, validated.stdout
    assert "nothing to tell persona 'sanne' in phase 'think'" in validated.stdout  # now the plan is checked
    assert list(journey_schema().iter_errors(parse_file(path, "journey.yml").data)) == []


def test_a_phase_page_names_who_hears_nothing_from_us_there(example_site):
    """The phase page says which personas meet us in the phase and hear nothing: the same silences
    as the journey page's table and the message_missing check, computed here from the YAML."""
    for journey in example_journeys():
        for phase in journey["phases"]:
            html = (example_site / f"journeys/{journey['id']}/phases/{phase['id']}/index.html").read_text(encoding="utf-8")
            expected = [p["id"] for p in journey["persona_list"]
                        if (mine := [tp for tp in journey["touchpoints"] if tp["phase"] == phase["id"] and meets(tp, p["id"])])
                        and not any(said(tp, p["id"]) for tp in mine)]
            line = re.search(r'<p class="jm-msg--missing jm-unsaid">(.*?)</p>', html, re.S)
            named = re.findall(r'href="[^"]*/personas/([^/"]+)/"', line.group(1)) if line else []
            assert named == expected, (journey["id"], phase["id"])
    care = (example_site / "journeys/webshop/phases/care/index.html").read_text(encoding="utf-8")
    assert "Hears nothing from us in this phase" in care


def test_the_pull_request_comment_shows_a_changed_message_before_and_after(tmp_path):
    """Reviewers of a pull request read the words themselves, not 'edited messages'."""
    from journeymaps.pipeline import analyse
    from journeymaps.analysis.compare import compare
    from journeymaps.cli.diff_markdown import DiffReport, render_diff

    base = make_site(tmp_path / "base", {"journeys/webshop/journey.yml": JOURNEY.replace(
        "    estimate: 4\n", "    estimate: 4\n    messages: Free returns in any store.\n", 1)})
    head = make_site(tmp_path / "head", {"journeys/webshop/journey.yml": JOURNEY.replace(
        "    estimate: 4\n", "    estimate: 4\n    messages: Free returns in any store, or picked up for 9.95.\n", 1).replace(
        "title: Advert", "title: Instagram advert")})
    diff = compare(analyse(base), analyse(head))
    text = render_diff(DiffReport("main", "branch", diff=diff))
    assert "title Advert → Instagram advert" in text
    assert "messages Free returns in any store. → Free returns in any store, or picked up for 9.95." in text


def test_search_finds_the_plan_in_words_not_glued_cells(example_site):
    """Material's search joins the text of adjacent cells as written: a touchpoint and its channel
    must reach the index as two words ('Nieuwsbrief mail', not 'Nieuwsbriefmail')."""
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if "/personas/" in doc["location"])
    webshop = next(j for j in example_journeys() if j["id"] == "webshop")
    for tp in webshop["touchpoints"]:
        if tp.get("channel") and tp.get("messages"):
            assert f"{tp['title']}{tp['channel']}" not in text, tp["id"]
    assert any(f"{tp['title']} {tp['channel']}" in text for tp in webshop["touchpoints"] if tp.get("messages"))
