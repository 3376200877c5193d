"""Every class of bad row: skipped, counted, and named by its physical line in one warning per file."""

from __future__ import annotations

import re

from journeymaps.problems import Severity

F = "journeys/webshop/feedback/x.csv"


def positions(message: str) -> list[str]:
    return re.findall(re.escape(F) + r":(\d+): ([^;]*?)(?=; |, \.\.\.|$)", message)


def warning(fb):
    (problem,) = fb.problems
    assert problem.severity is Severity.WARNING
    return problem


def test_score_problems_each_with_line(site):
    site.csv(
        "x.csv",
        "touchpoint;score;comment\n"
        "checkout;11;te hoog\n"         # 2 outside 1..10
        "checkout;-1;\n"                # 3 outside
        "checkout;zeven;\n"             # 4 not a number
        "checkout;1.234,5;\n"           # 5 not a number (thousands mark)
        "checkout;;\"leeg\n"            # 6-7 no score, comment over two lines
        "nog steeds leeg\"\n"
        "checkout;8;goed\n",            # 8 fine
    )
    fb = site.read("  - metric: csat\n    scale: [1, 10]\n    decimal: \",\"\n")
    problem = warning(fb)
    assert problem.location.line == 2
    assert problem.message.startswith("5 of 6 rows skipped (")
    assert positions(problem.message) == [
        ("2", "column 2 'score': score outside the survey scale 1..10"),
        ("3", "column 2 'score': score outside the survey scale 1..10"),
        ("4", "column 2 'score': score is not a number (decimal mark ',')"),
        ("5", "column 2 'score': score is not a number (decimal mark ',')"),
        ("6", "column 2 'score': no score"),
    ]
    assert "2 score outside the survey scale, 2 score is not a number, 1 no score" in problem.message
    assert fb.cell("checkout").count == 1 and fb.rows_skipped == 5
    assert "te hoog" not in str(problem) and "leeg" not in str(problem)  # never comment text


def test_date_label_and_field_count_problems(site):
    site.csv(
        "x.csv",
        "date,touchpoint,persona,score,comment\n"
        '2026-03-01,checkout,sanne,4,"a\r\nb"\n'    # 2-3 fine
        "2026-02-30,checkout,sanne,4,\n"           # 4 invalid date
        "2026-03-02,Kasa,sanne,4,\n"               # 5 unknown touchpoint
        "2026-03-02,checkout,Sane,4,\n"            # 6 unknown persona
        "2026-03-02,checkout,sanne,4\n"            # 7 one field short
        "2026-03-02,checkout,sanne,4,,extra\n"     # 8 one field too many
        ",checkout,,4,\n"                          # 9 fine: no date, no persona
        ",,,4,\n",                                 # 10 no touchpoint
        newline="\r\n",
    )
    fb = site.read("  - touchpoints: {Kassa: checkout}\n")
    problem = warning(fb)
    assert problem.message.startswith("6 of 8 rows skipped (")
    assert positions(problem.message) == [
        ("4", "column 1 'date': not a valid date (expected 2026-03-31)"),
        ("5", "column 2 'touchpoint': unknown touchpoint"),
        ("6", "column 3 'persona': unknown persona"),
        ("7", "expected 5 fields, got 4"),
        ("8", "expected 5 fields, got 6"),
    ]
    assert problem.message.endswith(", ...")
    assert "2 wrong number of fields" in problem.message
    assert problem.hint == (
        "unknown touchpoint labels 'Kasa' (did you mean 'Kassa'?): map them with touchpoints: in the feedback source; "
        "unknown persona labels 'Sane' (did you mean 'sanne'?): map them with personas: in the feedback source"
    )
    assert fb.cell("checkout").count == 2
    assert fb.cell("checkout", "sanne").count == 1


def test_a_row_several_fields_short_says_how_many_it_has(site):
    # DuckDB stores one reject per missing column, all at the row's byte position: the message
    # must come from the first (found 2), not from whichever the reject table lists first.
    rows = "".join(f"2026-03-01;checkout;;4;ok {i};web\n" + ("a;b\n" if i % 60 == 0 else "") for i in range(300))
    site.csv("x.csv", "date;touchpoint;persona;score;comment;channel\n" + rows)
    for _ in range(5):
        assert {text for _, text in positions(warning(site.read()).message)} == {"expected 6 fields, got 2"}


def test_stray_quote_in_unquoted_field(site):
    site.csv("x.csv", 'touchpoint;score;comment\ncheckout;4;ok\ncheckout;4;"x"y\ncheckout;5;ok\n')
    fb = site.read()
    problem = warning(fb)
    assert positions(problem.message) == [("3", "a quote inside a field that is not quoted")]
    assert fb.cell("checkout").count == 2


def test_blank_lines_between_rows_keep_line_numbers_right(site):
    site.csv(
        "x.csv",
        'touchpoint;score;comment\n\ncheckout;4;"a\n\nb"\n\ncheckout;x;\ncheckout;4\ncheckout;5;z\n',
    )
    fb = site.read()
    problem = warning(fb)
    assert positions(problem.message) == [
        ("7", "column 2 'score': score is not a number"),
        ("8", "expected 3 fields, got 2"),
    ]
    quotes = fb.cell("checkout").quotes
    assert [(q.text, q.line) for q in quotes] == [("z", 9), ("a\n\nb", 3)]


def test_only_the_first_five_positions_are_listed(site):
    rows = "".join(f"checkout;{'x' if i % 2 else '3'};\n" for i in range(40))
    site.csv("x.csv", "touchpoint;score;comment\n" + rows)
    problem = warning(site.read())
    assert problem.message.startswith("20 of 40 rows skipped (20 score is not a number): ")
    assert [line for line, _ in positions(problem.message)] == ["3", "5", "7", "9", "11"]


def test_all_rows_bad_says_check_settings(site):
    site.csv("x.csv", "touchpoint;score\ncheckout;zeven\n")
    problem = warning(site.read())
    assert problem.hint == "no row of this file could be used: check the source's settings"
