"""Files that cannot be used: a clear error naming the file (and line), never a silent misread."""

from __future__ import annotations

from tests.feedback.conftest import messages


def only_error(fb):
    (problem,) = fb.problems
    assert problem.is_error
    assert fb.cells == {}
    return str(problem)


def test_unclosed_quote_fails_at_its_line_not_eating_997_rows(site):
    body = "touchpoint;score;comment\ncheckout;2;ok\ncheckout;3;\"unterminated;7\n"
    body += "".join(f"checkout;{i % 5 + 1};row {i}\n" for i in range(997))
    site.csv("broken.csv", body)
    message = only_error(site.read())
    assert message.startswith("journeys/webshop/feedback/broken.csv:3: a quoted field is never closed")


def test_unclosed_quote_after_multiline_comment_reports_physical_line(site):
    site.csv("broken.csv", 'touchpoint,score,comment\ncheckout,2,"a\nb\nc"\ncheckout,3,"open\ncheckout,4,x\n', newline="\r\n")
    assert only_error(site.read()).startswith("journeys/webshop/feedback/broken.csv:5: a quoted field is never closed")


def test_missing_required_columns_lists_the_columns_found(site):
    site.csv("x.csv", "Datum;Contactmoment;Cijfer\n01-03-2026;checkout;4\n")
    message = only_error(site.read())
    assert message == (
        "journeys/webshop/feedback/x.csv:1: missing columns 'touchpoint', 'score'; "
        "the file has 'Datum', 'Contactmoment', 'Cijfer' "
        "(name the columns in the export, or map them with columns: in the feedback source)"
    )


def test_mapped_column_missing_is_named(site):
    site.csv("x.csv", "touchpoint;Score\ncheckout;4\n")
    message = only_error(site.read("  - columns: {score: Cijfer}\n"))
    assert "missing column 'Cijfer' (columns: score); the file has 'touchpoint', 'Score'" in message


def test_empty_file(site):
    site.csv("empty.csv", b"")
    site.csv("bom-only.csv", b"\xef\xbb\xbf\r\n")
    fb = site.read()
    assert messages(fb) == [
        "journeys/webshop/feedback/bom-only.csv: file is empty (export the survey again, or remove the file)",
        "journeys/webshop/feedback/empty.csv: file is empty (export the survey again, or remove the file)",
    ]


def test_png_renamed_csv(site):
    site.csv("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "not a CSV file: this is a PNG image" in only_error(site.read())


def test_xlsx_renamed_csv_says_so(site):
    site.csv("book.csv", b"PK\x03\x04" + b"\x00" * 100)
    assert "an Excel .xlsx workbook" in only_error(site.read())


def test_one_column_text_file(site):
    site.csv("notes.csv", "Dit is geen tabel\nmaar gewoon tekst\n")
    message = only_error(site.read())
    assert message.startswith("journeys/webshop/feedback/notes.csv:1: not a CSV table: the header line has no")


def test_declared_encoding_wrong(site):
    site.csv("x.csv", "touchpoint;score;comment\ncheckout;4;ok\ncheckout;4;snel – goed\n", encoding="cp1252")
    message = only_error(site.read("  - encoding: utf-8\n"))
    assert message.startswith("journeys/webshop/feedback/x.csv:3: the file is not valid utf-8 (byte 0x96 on line 3)")


def test_ambiguous_delimiter_asks_for_the_setting(site):
    site.csv("x.csv", "touchpoint;score,comment\ncheckout;4,x\n")
    message = only_error(site.read())
    assert "cannot tell the delimiter" in message and "set delimiter" in message


def test_declared_delimiter_contradicted_by_header(site):
    site.csv("x.csv", "touchpoint,score\ncheckout,4\n")
    message = only_error(site.read("  - delimiter: \";\"\n"))
    assert "the header line has no ';' but 1 ','" in message


def test_month_first_dates_refused(site):
    site.csv("x.csv", "date;touchpoint;score\n03-25-2026;checkout;4\n03-04-2026;checkout;4\n")
    message = only_error(site.read())
    assert "dates look month-first" in message and "date_format: '%m-%d-%Y'" in message


def test_slash_dates_without_evidence_refused(site):
    site.csv("x.csv", "date,touchpoint,score\n03/04/2026,checkout,4\n01/02/2026,checkout,4\n")
    message = only_error(site.read())
    assert "cannot tell the date order" in message and "'%d/%m/%Y'" in message


def test_slash_dates_with_evidence_accepted(site):
    site.csv("x.csv", "date,touchpoint,score\n03/04/2026,checkout,4\n25/02/2026,checkout,4\n")
    fb = site.read()
    assert fb.problems == [] and str(fb.cell("checkout").newest) == "2026-04-03"


def test_slash_dates_read_day_first_when_the_files_dash_dates_prove_it(site):
    site.csv("x.csv", "date;touchpoint;score\n31-01-2026;checkout;4\n02/08/2026;checkout;3\n")
    fb = site.read()
    assert fb.problems == [] and fb.cell("checkout").count == 2
    assert str(fb.cell("checkout").newest) == "2026-08-02"  # 2 August, as the 31-01 beside it reads


def test_a_few_unclear_slash_dates_are_skipped_by_line_not_the_file(site):
    rows = ["01-02-2026;checkout;4", "03-02-2026;checkout;5", "02/08/2026;checkout;1", "05-02-2026;checkout;4"]
    site.csv("x.csv", "date;touchpoint;score\n" + "\n".join(rows) + "\n")
    fb = site.read()
    assert fb.cell("checkout").count == 3 and fb.rows_skipped == 1
    (problem,) = fb.problems
    assert not problem.is_error and problem.location.line == 4  # the header is line 1
    assert "not a valid date" in problem.message


def test_a_decimal_mark_three_times_as_common_is_the_files(site):
    rows = ["checkout;8,0", "checkout;7,5", "checkout;9,0", "checkout;1.000"]
    site.csv("x.csv", "touchpoint;score\n" + "\n".join(rows) + "\n")
    fb = site.read("  - scale: [1, 10]\n")
    assert fb.rows_skipped == 1 and fb.cell("checkout").count == 3
    (problem,) = fb.problems
    assert not problem.is_error and problem.location.line == 5 and "not a number" in problem.message


def test_mixed_decimal_marks_refused(site):
    site.csv("x.csv", 'touchpoint,score\ncheckout,"3,5"\ncheckout,4.5\n')
    message = only_error(site.read())
    assert "cannot tell the decimal mark" in message and "set decimal" in message


def test_one_bad_file_does_not_stop_the_others(site):
    site.csv("a.csv", "touchpoint;score\ncheckout;4\n")
    site.csv("b.csv", b"")
    fb = site.read()
    assert fb.files == ["journeys/webshop/feedback/a.csv", "journeys/webshop/feedback/b.csv"]
    assert fb.cell("checkout").count == 1
    assert [p.is_error for p in fb.problems] == [True]


def test_explicit_source_matching_nothing_warns(site):
    fb = site.read("  - path: feedback/nps-*.csv\n    metric: nps\n")
    (problem,) = fb.problems
    assert not problem.is_error and "matches no files" in problem.message
    assert problem.location.file == "journeys/webshop/journey.yml"


def test_path_leaving_the_journey_folder_is_an_error(site):
    fb = site.read("  - path: ../../secret/*.csv\n")
    assert fb.problems[0].is_error and "leaves the journey folder" in fb.problems[0].message


def test_rows_ending_in_crlf_and_lf_by_turns_are_read_with_their_lines(site):
    """An Excel export (CRLF) with rows pasted in by hand (LF): DuckDB refuses such a file, so it
    is read from a copy whose lines all end in LF; every row counts, and a bad row keeps its line."""
    lines = ["touchpoint,score,comment", "checkout,4,ok", "checkout,2,\"two\r\nlines\"", "checkout,zeven,typed",
             "checkout,5,pasted"]
    ends = ["\r\n", "\n", "\r\n", "\n", "\r\n"]
    site.csv("mixed.csv", "".join(line + end for line, end in zip(lines, ends)))
    fb = site.read()
    assert fb.cell("checkout").count == 3 and fb.rows_skipped == 1
    (problem,) = fb.problems
    assert problem.location.line == 5  # the header, two rows, a row on two lines: 'zeven' is on line 5
    assert not problem.is_error and "not a number" in problem.message
