"""Each real export form, written as real bytes: Dutch Excel, BOM, CRLF, Qualtrics, scripts."""

from __future__ import annotations

import datetime as dt

from tests.feedback.conftest import messages

CSAT10 = "  - metric: csat\n    scale: [1, 10]\n"


def test_dutch_excel_cp1252_semicolon_decimal_comma_crlf(site):
    site.csv(
        "excel.csv",
        "Datum;Contactmoment;Klanttype;Cijfer;Toelichting\n"
        "01-03-2026;Kassa;Vaste klant;7,5;Snel – maar € 2,50 duurder\n"
        "15-03-2026;Kassa;Vaste klant;9;\"Twee regels,\nprima\"\n"
        "02-04-2026;Kassa;;6;\n",
        encoding="cp1252",
        newline="\r\n",
    )
    fb = site.read(
        CSAT10
        + "    columns: {date: Datum, touchpoint: Contactmoment, persona: Klanttype, score: Cijfer, comment: Toelichting}\n"
        + "    touchpoints: {Kassa: checkout}\n"
    )
    assert fb.problems == []
    assert fb.notes == ["journeys/webshop/feedback/excel.csv: not UTF-8, read as cp1252 (set encoding to silence this)"]
    all_ = fb.cell("checkout")
    assert all_.count == 3
    assert all_.metric_value == (7.5 + 9 + 6) / 3  # 7.5 on the survey scale
    # journey scale 1..5 from survey 1..10: 1 + (x - 1) / 9 * 4
    assert abs(all_.mean - (1 + ((7.5 + 9 + 6) / 3 - 1) / 9 * 4)) < 1e-9
    assert fb.cell("checkout", "vaste-klant").count == 2  # "Vaste klant" -> vaste-klant by slug
    assert [m.month for m in all_.monthly] == ["2026-03", "2026-04"]
    assert fb.newest == dt.date(2026, 4, 2)
    texts = [q.text for q in all_.quotes]
    assert texts == ["Twee regels,\nprima", "Snel – maar € 2,50 duurder"]  # no mojibake, newest first
    assert [q.line for q in all_.quotes] == [3, 2]


def test_utf8_bom_first_column_matched_by_name(site):
    site.csv("bom.csv", "\ufeffdate;touchpoint;score\n2026-03-01;checkout;4\n", encoding="utf-8", newline="\r\n")
    fb = site.read()
    assert fb.problems == []
    cell = fb.cell("checkout")
    assert cell.count == 1 and cell.newest == dt.date(2026, 3, 1)
    assert fb.notes == []


def test_excel_sep_line_is_honoured(site):
    site.csv("sep.csv", "sep=;\ntouchpoint;score;comment\ncheckout;4;a, b, c\ncheckout;x;d\n")
    fb = site.read()
    assert fb.cell("checkout").count == 1
    assert "sep.csv:4: column 2 'score': score is not a number" in messages(fb)[0]


def test_qualtrics_three_header_rows_and_multiline_comments(site):
    site.csv(
        "qualtrics.csv",
        "\ufeffStartDate,Touchpoint,Segment,Q1,Q2_TEXT,Channel\n"
        '"Start Date","Where was it?","Who are you?","How satisfied?\n(1-5)","Tell us more",Channel\n'
        '"{""ImportId"":""startDate""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}",'
        '"{""ImportId"":""QID3""}","{""ImportId"":""QID4""}","{""ImportId"":""ch""}"\n'
        '2026-03-01 10:00:00,Afrekenen,Sanne,5,"Heel fijn\nen snel",web\n'
        "2026-03-02 11:00:00,Afrekenen,Sanne,4,,app\n"
        '2026-03-03 12:00:00,Afrekenen,Sanne,zes,"nee",web\n'
        "2026-03-04 09:00:00,Bezorging,Sanne,2,,web\n",
        newline="\r\n",
    )
    fb = site.read(
        "  - metric: csat\n    header_rows: 3\n"
        "    columns: {date: StartDate, persona: Segment, score: Q1, comment: Q2_TEXT}\n"
        "    touchpoints: {Afrekenen: checkout, Bezorging: delivery}\n"
    )
    checkout = fb.cell("checkout", "sanne")
    assert checkout.count == 2  # the two extra header rows are not responses
    assert checkout.channels == {"app": (1, 4.0), "web": (1, 5.0)}
    assert checkout.quotes[0].line == 5  # physical: header rows take lines 1-4
    assert fb.total_responses == 3
    (warning,) = fb.problems
    # line 8: header 1-4, row 5-6, row 7, row 8
    assert "1 of 4 rows skipped" in warning.message
    assert "qualtrics.csv:8: column 4 'Q1': score is not a number" in warning.message


def test_script_export_comma_iso(site):
    site.csv(
        "script.csv",
        "date,touchpoint,persona,score,comment,product\n"
        "2026-01-31,checkout,sanne,3,\"ok, I guess\",boek\n"
        "2026-02-01,checkout,sanne,5,,film\n"
        "2026-02-03,checkout,sanne,4,,boek\n",
    )
    fb = site.read()
    cell = fb.cell("checkout", "sanne")
    assert cell.metric.value == "score" and cell.metric_value == 4.0
    assert cell.products == {"boek": (2, 3.5), "film": (1, 5.0)}
    assert [(m.month, m.count, m.mean) for m in cell.monthly] == [("2026-01", 1, 3.0), ("2026-02", 2, 4.5)]
    assert cell.channels == {}


def test_settings_override_detection(site):
    site.csv("tab.csv", "touchpoint\tscore\tdate\ncheckout\t4.5\t03/04/2026\n", encoding="utf-16")
    fb = site.read("  - delimiter: \"\\t\"\n    decimal: \".\"\n    encoding: utf-16\n    date_format: '%m/%d/%Y'\n")
    assert fb.problems == []
    assert fb.cell("checkout").newest == dt.date(2026, 3, 4)


def test_utf16_with_bom_is_detected(site):
    site.csv("u16.csv", "touchpoint;score\ncheckout;4\n", encoding="utf-16")
    fb = site.read()
    assert fb.problems == [] and fb.cell("checkout").count == 1


def test_dutch_dates_are_day_first(site):
    site.csv("d.csv", "date;touchpoint;score\n03-04-2026;checkout;4\n1-5-2026;checkout;4\n")
    fb = site.read()
    assert fb.cell("checkout").newest == dt.date(2026, 5, 1)
    assert [m.month for m in fb.cell("checkout").monthly] == ["2026-04", "2026-05"]
