"""Real survey exports read whole: labelled scale ends, label-only answers, headers with line
breaks (Microsoft Forms), Excel's empty trailing rows, and headers that cannot be used.

Shaped like ../shared/cases/03, 04 and 07; every expected figure is worked out from the rows
written in the test.
"""

from __future__ import annotations

import pytest

from journeymaps.problems import Severity, SourceError

F = "journeys/webshop/feedback/{}"


def one_problem(fb, severity):
    (problem,) = fb.problems
    assert problem.severity is severity
    return problem


# --- 1. labelled scale ends and score_labels -----------------------------------------------------

def google_forms(scores: list[str]) -> str:
    """A Google Forms 'Download responses (.csv)': every cell quoted, AM/PM timestamps with a zone."""
    lines = ['"Timestamp","Waar gaat het over?","Hoe tevreden bent u?","Wie bent u?"']
    for day, score in enumerate(scores, start=1):
        lines.append(f'"2026/03/{day:02d} 1:10:42 PM GMT+1","Checkout","{score}","Sanne"')
    return "\n".join(lines) + "\n"


GOOGLE_SOURCE = (
    "  - metric: csat\n"
    "    columns: {date: Timestamp, touchpoint: Waar gaat het over?, score: Hoe tevreden bent u?, persona: Wie bent u?}\n"
)


def test_google_forms_labelled_scale_ends_read_as_their_number(site):
    site.csv("forms.csv", google_forms(["1 - Zeer ontevreden", "4", "2", "5 - Zeer tevreden", "3", "5 - Zeer tevreden"]),
             newline="\r\n")
    fb = site.read(GOOGLE_SOURCE)
    assert fb.problems == []
    cell = fb.cell("checkout", "sanne")
    assert cell.count == 6  # the two ends are no longer dropped
    assert cell.metric_value == pytest.approx((1 + 4 + 2 + 5 + 3 + 5) / 6)
    assert cell.top2box == pytest.approx(3 / 6)  # 4, 5, 5


@pytest.mark.parametrize(
    "cell, number",
    [
        ("10 – Extremely likely", 10),     # en dash
        ("0 - Not at all likely", 0),
        ("10—Zeer waarschijnlijk", 10),    # em dash, no spaces
        ("9-Waarschijnlijk", 9),           # hyphen, no spaces
        ("1   -   Zeer onwaarschijnlijk", 1),
    ],
)
def test_any_dash_and_spacing_between_number_and_label(site, cell, number):
    site.csv("nps.csv", google_forms([cell, "7"]))
    fb = site.read(GOOGLE_SOURCE.replace("metric: csat", "metric: nps"))
    assert fb.problems == []
    assert fb.cell("checkout").mean == pytest.approx(1 + (number + 7) / 2 / 10 * 4)  # 0..10 onto 1..5


def test_a_number_without_a_label_after_the_dash_is_not_a_score(site):
    site.csv("x.csv", google_forms(["1-5", "4"]))
    fb = site.read(GOOGLE_SOURCE)
    problem = one_problem(fb, Severity.WARNING)
    assert problem.location.line == 2
    assert "column 3 'Hoe tevreden bent u?': score is not a number" in problem.message
    assert fb.cell("checkout").count == 1


def test_score_labels_for_a_tool_that_writes_only_labels(site):
    answers = ["Zeer tevreden", "Tevreden", "neutraal", "ZEER  ONTEVREDEN", "Tevreden", "Weet niet"]
    site.csv("labels.csv", google_forms(answers))
    fb = site.read(
        GOOGLE_SOURCE
        + '    score_labels: {"Zeer ontevreden": 1, "Ontevreden": 2, "Neutraal": 3, "Tevreden": 4, "Zeer tevreden": 5}\n'
    )
    cell = fb.cell("checkout")
    assert cell.count == 5  # 'Weet niet' (don't know) is no score
    assert cell.metric_value == pytest.approx((5 + 4 + 3 + 1 + 4) / 5)
    problem = one_problem(fb, Severity.WARNING)
    assert problem.location.line == 7  # header + sixth answer
    assert "1 of 6 rows skipped (1 score is not a number)" in problem.message
    assert f"{F.format('labels.csv')}:7: column 3 'Hoe tevreden bent u?'" in problem.message


def test_labels_without_a_map_say_how_to_map_them(site):
    site.csv("labels.csv", google_forms(["Tevreden", "Zeer tevreden", "Tevreden", "4", "Zeer tevreden"]))
    problem = one_problem(site.read(GOOGLE_SOURCE), Severity.WARNING)
    assert problem.location.line == 2
    assert problem.message.startswith("4 of 5 rows skipped (4 score is not a number)")
    assert "score_labels" in problem.hint
    assert "'Tevreden'" in problem.hint and "'Zeer tevreden'" in problem.hint


def test_free_text_in_the_score_column_is_not_echoed_in_the_hint(site):
    site.csv("x.csv", google_forms(["bel me op 0612345678", "4"]))
    problem = one_problem(site.read(GOOGLE_SOURCE), Severity.WARNING)
    assert "0612345678" not in str(problem)


@pytest.mark.parametrize(
    "labels, says",
    [
        ('{"Zeer tevreden": 7}', "'Zeer tevreden' is 7, outside the survey scale 1..5"),
        ('{"5": 5}', "'5' is a number"),
        ('{"Tevreden": 4, "tevreden ": 3}', "same label written twice"),
    ],
)
def test_score_labels_are_validated_at_their_line(site, labels, says):
    site.csv("x.csv", google_forms(["4"]))
    with pytest.raises(SourceError) as info:
        site.read(GOOGLE_SOURCE + f"    score_labels: {labels}\n")
    (problem,) = info.value.problems
    assert says in problem.message
    text = (site.dir / "journey.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, start=1) if "score_labels" in row)
    assert (problem.location.file, problem.location.line) == ("journeys/webshop/journey.yml", line)
    assert problem.location.column == text[line - 1].index("{") + 1  # where the map starts


# --- 2. Microsoft Forms: a header cell with line breaks -------------------------------------------

MS_TITLE = "Hoe tevreden bent u?\n\n1 - Zeer ontevreden\n5 - Zeer tevreden"


def microsoft_forms(scores: list[str]) -> bytes:
    """BOM, CRLF after each row, but plain LF inside the quoted question title (as Forms writes it)."""
    header = f'\ufeffID,Start time,Completion time,Email,Name,Waar?,"{MS_TITLE}",Toelichting\r\n'
    rows = "".join(
        f"{i},3/{i}/26 9:00:12,3/{i}/26 9:10:40,anonymous,,Checkout,{score},{'Prima' if i == 2 else ''}\r\n"
        for i, score in enumerate(scores, start=1)
    )
    return (header + rows).encode("utf-8")


MS_SOURCE = (
    "  - metric: csat\n"
    '    date_format: "%m/%d/%y %H:%M:%S"\n'
    "    columns:\n"
    "      date: Completion time\n"
    "      touchpoint: Waar?\n"
    "      score: {score}\n"
    "      comment: Toelichting\n"
)


@pytest.mark.parametrize(
    "written",
    [
        '"Hoe tevreden bent u?\\n\\n1 - Zeer ontevreden\\n5 - Zeer tevreden"',  # as in the header
        "hoe tevreden bent u? 1 - zeer ontevreden 5 - zeer tevreden",  # case and whitespace differ
    ],
)
def test_microsoft_forms_header_with_line_breaks_reads_every_row(site, written):
    site.csv("msforms.csv", microsoft_forms(["1", "4", "2", "5", "3"]))
    fb = site.read(MS_SOURCE.format(score=written))
    assert fb.problems == []
    cell = fb.cell("checkout")
    assert cell.count == 5
    assert cell.metric_value == pytest.approx((1 + 4 + 2 + 5 + 3) / 5)
    # the header takes physical lines 1-4, so the second response is on line 6
    assert [(q.text, q.line) for q in cell.quotes] == [("Prima", 6)]


def test_microsoft_forms_bad_row_is_named_at_its_physical_line(site):
    site.csv("msforms.csv", microsoft_forms(["1", "4", "x", "5"]))
    problem = one_problem(site.read(MS_SOURCE.format(score=f'"{MS_TITLE}"'.replace("\n", "\\n"))), Severity.WARNING)
    # header lines 1-4, responses on lines 5, 6, 7, 8: the third one is bad
    assert problem.location.line == 7
    assert "column 7 'Hoe tevreden bent u? 1 - Zeer ontevreden 5 - Zeer tevreden': score is not a number" in problem.message


def test_the_first_line_of_a_long_title_points_at_the_whole_name(site):
    site.csv("msforms.csv", microsoft_forms(["4"]))
    fb = site.read(MS_SOURCE.format(score="Hoe tevreden bent u?"))
    (problem,) = fb.problems
    assert problem.is_error and problem.location.line == 1
    assert "missing column 'Hoe tevreden bent u?' (columns: score)" in problem.message
    assert "'Toelichting'" in problem.message  # the file's columns are listed
    assert problem.hint.startswith("column 7 is named 'Hoe tevreden bent u? 1 - Zeer ontevreden")


def test_zero_rows_from_the_reader_is_an_error_not_an_empty_survey(site, monkeypatch):
    """Without the header copy DuckDB reads nothing from such a file: that must never pass silently."""
    from journeymaps.feedback import read

    monkeypatch.setattr(read, "header_copy", lambda path, header, workdir: path)
    site.csv("msforms.csv", microsoft_forms(["4", "5"]))
    fb = site.read(MS_SOURCE.format(score="hoe tevreden bent u? 1 - zeer ontevreden 5 - zeer tevreden"))
    (problem,) = fb.problems
    assert problem.is_error
    assert problem.location.file == F.format("msforms.csv") and problem.location.line == 5  # after 4 header lines
    assert "no row could be read" in problem.message
    assert fb.cells == {}


# --- 3. Excel's empty trailing rows ---------------------------------------------------------------

def test_excel_empty_trailing_rows_are_not_rejected_rows(site):
    site.csv(
        "excel.csv",
        "Datum;Contactmoment;Klanttype;Cijfer;Toelichting;;\n"
        "1-3-2026;Checkout;Sanne;6;;;\n"
        "2-3-2026;Checkout;Vaste klant;7,5;\"Bezorger was te laat.\nWel vriendelijk; € 5 korting\";;\n"
        "3-3-2026;Delivery;Sanne;8;;;\n"
        ";;;;;;\n"
        ";;;;;;\n"
        ";;;;\n"   # Excel also writes shorter ones when the last columns were never used
        " ; ;;;;;\n",
        encoding="cp1252",
        newline="\r\n",
    )
    fb = site.read(
        "  - metric: score\n    scale: [1, 10]\n"
        "    columns: {date: Datum, touchpoint: Contactmoment, persona: Klanttype, score: Cijfer, comment: Toelichting}\n"
    )
    assert fb.problems == []
    assert fb.rows_skipped == 0
    assert fb.total_responses == 3
    assert fb.cell("checkout").metric_value == pytest.approx((6 + 7.5) / 2)
    assert fb.cell("delivery").count == 1


def test_empty_rows_between_responses_keep_later_line_numbers_right(site):
    site.csv("x.csv", "touchpoint;score;comment\ncheckout;4;a\n;;\n;\ncheckout;x;\ncheckout;5;\"b\nc\"\n;;\n")
    fb = site.read()
    problem = one_problem(fb, Severity.WARNING)
    assert problem.message.startswith("1 of 3 rows skipped (1 score is not a number): ")
    assert problem.location.line == 5
    assert [(q.text, q.line) for q in fb.cell("checkout").quotes] == [("b\nc", 6), ("a", 2)]


@pytest.mark.parametrize("body", ["touchpoint;score;comment\n", "touchpoint;score;comment\n;;\n;;\n"])
def test_a_file_without_responses_is_never_silent(site, body):
    site.csv("x.csv", body, newline="\r\n")
    fb = site.read()
    problem = one_problem(fb, Severity.WARNING)
    assert problem.location.file == F.format("x.csv") and problem.location.line == 1
    assert "no responses" in problem.message
    assert fb.total_responses == 0 and fb.rows_skipped == 0


# --- 4. headers that cannot be used ---------------------------------------------------------------

def test_a_column_named_twice_is_reported_by_name_and_position(site):
    site.csv("x.csv", "touchpoint;Score;comment;score\ncheckout;4;ok;5\n")
    fb = site.read()
    (problem,) = fb.problems
    assert problem.is_error and fb.cells == {}
    assert (problem.location.file, problem.location.line, problem.location.column) == (F.format("x.csv"), 1, 4)
    assert "'Score' 2 times (columns 2 and 4)" in problem.message
    assert "rename" in problem.hint


def test_a_column_named_twice_that_is_not_read_is_no_problem(site):
    site.csv("x.csv", "touchpoint;score;Vraag;Vraag;;\ncheckout;4;a;b;;\n")
    fb = site.read()
    assert fb.problems == []
    assert fb.cell("checkout").count == 1


QUALTRICS = (
    "StartDate,Touchpoint,Q1,Q2_TEXT\n"
    '"Start Date","Where was it?","How satisfied are you?","Tell us more"\n'
    '"{""ImportId"":""startDate""}","{""ImportId"":""tp""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n'
    "2026-03-01 10:00:00,checkout,5,\n"
)


def test_question_text_from_a_second_header_row_suggests_header_rows(site):
    site.csv("q.csv", QUALTRICS)
    fb = site.read("  - columns: {score: How satisfied are you?}\n")
    (problem,) = fb.problems
    assert problem.is_error and problem.location.line == 1
    assert "missing column 'How satisfied are you?' (columns: score); the file has 'StartDate', 'Touchpoint', 'Q1'" in problem.message
    assert "set header_rows: to at least 2" in problem.hint
    assert "score: 'Q1'" in problem.hint


def test_question_text_on_a_header_row_says_to_map_by_the_first_row(site):
    site.csv("q.csv", QUALTRICS)
    (problem,) = site.read("  - header_rows: 3\n    columns: {score: How satisfied are you?}\n").problems
    assert "header row 2" in problem.hint and "score: 'Q1'" in problem.hint


def test_label_that_looks_like_a_question_suggests_header_rows(site):
    site.csv("q.csv", "touchpoint,Q7\ncheckout,4\n")
    (problem,) = site.read("  - columns: {score: Hoe waarschijnlijk is het dat u ons aanbeveelt?}\n").problems
    assert problem.is_error
    assert "the file has 'touchpoint', 'Q7'" in problem.message
    assert "header_rows" in problem.hint


def test_labels_in_other_scripts_match_only_what_they_name(site):
    """Cyrillic and Chinese labels have no ASCII slug; each must reach its own touchpoint, and a
    label nobody mapped is unknown, not the first non-Latin label's touchpoint."""
    site.csv("s.csv", "touchpoint,score\nОплата,2\nОплата,2\n送货,5\n送货,5\nДоставка,3\n")
    fb = site.read("  - path: feedback/*.csv\n    touchpoints:\n      Оплата: checkout\n      送货: delivery\n")
    assert fb.cell("checkout").count == 2 and fb.cell("checkout").mean == 2
    assert fb.cell("delivery").count == 2 and fb.cell("delivery").mean == 5
    assert fb.rows_skipped == 1  # Доставка is mapped to nothing


def test_a_row_dated_in_the_future_is_skipped_and_never_the_newest_quote(site):
    """A response cannot be dated after the day the site is built: 2099 is a typo, not news."""
    rows = ["date,touchpoint,score,comment", "2026-10-01,checkout,4,Prima", "2026-10-02,checkout,2,Traag",
            "2099-01-01,checkout,5,Uit de toekomst"]
    site.csv("s.csv", "\n".join(rows) + "\n")
    fb = site.read()
    cell = fb.cell("checkout")
    assert cell.count == 2 and cell.mean == (4 + 2) / 2
    assert cell.newest.isoformat() == "2026-10-02"
    assert [q.text for q in cell.quotes] == ["Traag", "Prima"]
    (problem,) = [p for p in fb.problems if "dated after the day of the build" in str(p)]
    assert "s.csv:4:" in str(problem)
