"""Numbers that tell the truth (docs/reference.md, Feedback source; docs/configuration.md, What a state means): a current score is measured over the current
window, NPS is shown as NPS and CSAT with its top-two-box share, and a score is shown with the
digits that explain its state. Every expected figure is computed here from the rows written."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
from statistics import mean, stdev

import pytest

from journeymaps.analysis import AnalysisSettings, State
from journeymaps.pipeline import analyse

from tests.helpers import make_site, mkdocs
from tests.test_charts import charts_in

JOURNEY = """\
title: Webshop
owner: Team Web
phases:
  - id: do
    title: Do
touchpoints:
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: {target}
    estimate: 3
{improvements}{feedback}"""

DELIVERED = """\
improvements:
  - id: one-tap
    title: One-tap payment
    touchpoints: [checkout]
    status: done
    delivered: 2026-06-01
"""


def rows_csv(rows: list[tuple[str, int]]) -> str:
    return "date,touchpoint,score,comment\n" + "".join(f"{day},checkout,{score},\n" for day, score in rows)


def site(tmp_path, rows, *, target=4, feedback="", improvements=DELIVERED, window=None):
    extra = f"      current_window: {window}\n" if window is not None else ""
    journey = JOURNEY.format(target=target, improvements=improvements, feedback=feedback)
    return make_site(tmp_path, {"journeys/webshop/journey.yml": journey,
                                "journeys/webshop/feedback/survey.csv": rows_csv(rows)}, extra=extra)


def state_of(root, **settings):
    analysis = analyse(root, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23), **settings))
    return analysis.states["webshop"].of("checkout")


# Before the redesign (January to May) every answer is 3; since June they are 4 and 5.
BEFORE = [(f"2026-0{m}-1{d}", 3) for m in range(1, 6) for d in range(5)]
AFTER = [(f"2026-{m:02d}-0{d}", 4 + d % 2) for m in range(6, 12) for d in range(1, 5)]


def test_a_fix_that_worked_is_on_target_now_not_averaged_away(tmp_path):
    root = site(tmp_path, BEFORE + AFTER)
    whole_year = mean(score for _, score in BEFORE + AFTER)
    assert whole_year < 4  # the mean of everything would still be a gap
    window = [score for day, score in AFTER if day >= "2026-09-01"]  # 90 days up to 2026-11-23: Sep-Nov
    s = state_of(root, window_end=dt.date(2026, 11, 23))
    assert s.state is State.ON_TARGET
    assert s.responses == len(window) and s.current == round(mean(window), 4)
    assert (s.measured.first_month, s.measured.last_month, s.measured.whole_history) == ("2026-09", "2026-11", False)


def test_without_a_date_the_window_ends_at_the_newest_response(tmp_path):
    root = site(tmp_path, BEFORE + AFTER[:8])  # June and July only: newest response 2026-07-04
    window = [score for day, score in AFTER[:8] if "2026-05" <= day[:7] <= "2026-07"]  # Apr 5 .. Jul 4
    s = state_of(root)
    assert s.measured.first_month == "2026-05" and s.measured.last_month == "2026-07"
    assert s.responses == len(window + [3] * 5)  # May's five answers of 3 are inside it
    assert s.current == round(mean(window + [3] * 5), 4)


def test_a_window_with_too_few_responses_widens_to_every_response_and_says_so(tmp_path):
    rows = BEFORE + [("2026-11-02", 5), ("2026-11-03", 5)]  # two answers in the window, min_responses 5
    root = site(tmp_path, rows)
    s = state_of(root, window_end=dt.date(2026, 11, 23))
    assert s.measured.whole_history and s.responses == len(rows)
    assert s.current == round(mean(score for _, score in rows), 4)


def test_current_window_zero_means_every_response(tmp_path):
    root = site(tmp_path, BEFORE + AFTER)
    s = state_of(root, window_end=dt.date(2026, 11, 23), current_window_days=None)
    assert s.responses == len(BEFORE + AFTER) and s.measured.whole_history
    assert s.current == round(mean(score for _, score in BEFORE + AFTER), 4)


def page_text(root, page: str) -> str:
    html = (root / "site" / page).read_text(encoding="utf-8")
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_page_says_which_months_a_score_covers(tmp_path):
    root = site(tmp_path, BEFORE + AFTER)
    assert mkdocs(root, "build", "--strict").returncode == 0
    window = [score for day, score in AFTER if day >= "2026-09-01"]
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"{mean(window):.1f} measured, n={len(window)}, Sep – Nov 2026" in text


NPS_SOURCE = """\
feedback:
  - path: feedback/*.csv
    metric: nps
"""


def test_nps_is_shown_as_nps_over_the_window(tmp_path):
    outside = [("2026-03-01", 0)] * 6  # six detractors before the window
    inside = [("2026-10-01", 10), ("2026-10-02", 10), ("2026-10-03", 9), ("2026-10-04", 8), ("2026-10-05", 5)]
    root = site(tmp_path, outside + inside, feedback=NPS_SOURCE, improvements="", target=3)
    scores = [score for _, score in inside]
    promoters, detractors = sum(s >= 9 for s in scores), sum(s <= 6 for s in scores)
    nps = round(100 * (promoters - detractors) / len(scores))
    assert nps == 40
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    shares = [round(100 * k / len(scores)) for k in (promoters, len(scores) - promoters - detractors, detractors)]
    assert f"NPS +{nps} ({shares[0]}% promoters / {shares[1]}% passives / {shares[2]}% detractors)" in text
    mapped = 1 + mean(scores) / 10 * 4  # 0..10 mapped onto the journey scale 1..5
    assert f"{mapped:.1f} measured, n={len(scores)}" in text
    # the curve keeps the mapped value; its hover shows the NPS beside it
    html = (root / "site/journeys/webshop/index.html").read_text(encoding="utf-8")
    hovers = [text for chart in charts_in(html) for trace in chart["figure"]["data"] for text in trace.get("text", [])
              if isinstance(text, str) and "Checkout" in text]
    assert any(f"NPS +{nps} (" in text and f"{mapped:.1f} (measured, n={len(scores)}" in text for text in hovers)


CSAT_SOURCE = """\
feedback:
  - path: feedback/*.csv
    metric: csat
"""


def test_csat_shows_its_mean_and_top_two_box_share(tmp_path):
    rows = [("2026-10-01", 5), ("2026-10-02", 4), ("2026-10-03", 4), ("2026-10-04", 2), ("2026-10-05", 1)]
    root = site(tmp_path, rows, feedback=CSAT_SOURCE, improvements="", target=3)
    scores = [score for _, score in rows]
    share = round(100 * sum(s >= 4 for s in scores) / len(scores))
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"CSAT {mean(scores):.1f} · {share}% top-2" in text


def test_a_score_just_below_target_is_shown_with_the_digits_that_explain_its_state(tmp_path):
    # 15 answers in October: seven 5s and eight 4s (mean 4.4667), against a target of 4.5
    rows = [(f"2026-10-{d:02d}", 5) for d in range(1, 8)] + [(f"2026-10-{d:02d}", 4) for d in range(8, 16)]
    root = site(tmp_path, rows, target=4.5, improvements="")
    current = mean(score for _, score in rows)
    assert round(current, 1) == 4.5 and current < 4.5
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/index.html")
    gaps = text[text.index("Gaps in this journey"):]
    assert f"{current:.2f} measured" in gaps
    assert f" {4.5 - current:.2f} " in gaps  # the gap, not 0.0
    assert "Unaddressed gap" in gaps


def test_an_export_without_a_persona_column_measures_every_persona_on_all_respondents(tmp_path):
    root = site(tmp_path, AFTER)
    window = [score for day, score in AFTER if day >= "2026-09-01"]
    analysis = analyse(root, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23), window_end=dt.date(2026, 11, 23)))
    for persona in ("sanne", "ruud"):
        s = analysis.states["webshop"].of("checkout", persona)
        assert s.everyone and s.responses == len(window) and s.current == round(mean(window), 4)
    assert mkdocs(root, "build", "--strict").returncode == 0
    text = page_text(root, "journeys/webshop/personas/sanne/index.html")
    assert f"n={len(window)} (all respondents)" in text


def test_a_reach_taken_from_survey_volume_is_never_ranked_among_written_reaches(tmp_path):
    improvements = """\
improvements:
  - {id: written, title: Written reach, touchpoints: [checkout], status: planned,
     reach: 12000, impact: 1, confidence: 0.5, effort: 20}
  - {id: volume, title: Volume reach, touchpoints: [checkout], status: planned,
     impact: 3, confidence: 1, effort: 0.1}
"""
    root = site(tmp_path, AFTER, improvements=improvements)
    months = len({day[:7] for day, _ in AFTER})  # June to November, each with answers
    per_quarter = len(AFTER) / months * 3  # reach is per quarter: responses per month, times 3
    written, volume = 12000 * 1 * 0.5 / 20, round(round(per_quarter, 1) * 3 * 1 / 0.1, 2)
    assert volume > written  # a higher RICE, in another unit: it must not come first
    analysis = analyse(root, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23)))
    ranked = analysis.backlog["webshop"]
    assert [(r.improvement.id, r.rice, r.reach_from_feedback) for r in ranked] == [
        ("written", written, False), ("volume", volume, True)]
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/backlog/index.html")
    assert "reach from survey volume" in text and "not comparable with a written reach" in text


def test_a_measured_score_says_how_sure_it_is(tmp_path):
    root = site(tmp_path, BEFORE + AFTER)
    window = [score for day, score in AFTER if day >= "2026-09-01"]
    n, m, sd = len(window), mean(window), stdev(window)
    assert n == 12
    t_975_df11 = 2.201  # Student's t, 97.5th percentile, 11 degrees of freedom (printed tables)
    low, high = m - t_975_df11 * sd / n ** 0.5, m + t_975_df11 * sd / n ** 0.5
    s = state_of(root, window_end=dt.date(2026, 11, 23))
    assert s.measured.interval == pytest.approx((low, high), abs=1e-3)
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"95%: {low:.1f}–{high:.1f}" in text


TWO_SOURCES = """\
feedback:
  - {path: feedback/a-*.csv, metric: csat, scale: [1, 5]}
  - {path: feedback/b-*.csv, metric: csat, scale: [1, 5]}
"""


def test_a_reach_from_feedback_counts_the_improvements_personas_per_quarter(tmp_path):
    """An improvement for Sanne alone reaches Sanne's respondents, not Ruud's or those who gave
    no persona; per quarter, as a written reach is (found by a review: 200 for 28)."""
    improvements = """\
improvements:
  - {id: for-sanne, title: For Sanne, touchpoints: [checkout], personas: [sanne], status: planned,
     impact: 1, confidence: 1, effort: 1}
"""
    rows = [("2026-03-02", "sanne"), ("2026-03-09", "sanne"), ("2026-05-04", "sanne"), ("2026-08-17", "sanne"),
            ("2026-04-01", "ruud"), ("2026-04-02", "ruud"), ("2026-06-01", ""), ("2026-09-30", "")]
    body = "date,touchpoint,persona,score\n" + "".join(f"{day},checkout,{who},3\n" for day, who in rows)
    journey = JOURNEY.format(target=4, improvements=improvements, feedback="")
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey, "journeys/webshop/feedback/survey.csv": body})
    sanne = [day for day, who in rows if who == "sanne"]
    months = 8 - 3 + 1  # March to August 2026: her first and last answers' months
    assert (min(sanne)[:7], max(sanne)[:7]) == ("2026-03", "2026-08")
    analysis = analyse(root, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23)))
    (ranked,) = analysis.backlog["webshop"]
    assert ranked.reach_from_feedback and ranked.reach == round(len(sanne) / months * 3, 1)


@pytest.mark.parametrize("window", [0, 90])
def test_csat_and_its_top_two_share_count_every_source(tmp_path, window):
    """Two exports of one CSAT survey, each a feedback source of its own: the CSAT and its
    top-two-box share beside the mean count the same answers the mean does (they came from the
    larger source alone), over every response (window 0) and over the current window."""
    first, second = [5, 5, 4, 3], [1, 2]
    journey = JOURNEY.format(target=4, improvements="", feedback=TWO_SOURCES)
    root = make_site(tmp_path, {
        "journeys/webshop/journey.yml": journey,
        "journeys/webshop/feedback/a-1.csv": rows_csv([(f"2026-10-0{i + 1}", a) for i, a in enumerate(first)]),
        "journeys/webshop/feedback/b-1.csv": rows_csv([(f"2026-10-1{i + 1}", a) for i, a in enumerate(second)]),
    }, extra=f"      current_window: {window}\n")
    answers = first + second
    csat, top2 = mean(answers), sum(a >= 4 for a in answers) / len(answers)  # top two of 1..5: 4 and 5
    s = state_of(root, window_end=dt.date(2026, 10, 31), current_window_days=window or None)
    assert s.measured.count == len(answers) and s.measured.whole_history == (window == 0)
    assert s.measured.metric_value == pytest.approx(csat) and s.measured.top2box == pytest.approx(top2)
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"CSAT {csat:.1f} · {round(100 * top2)}% top-2" in text


def test_the_interval_stops_at_the_ends_of_the_scale(tmp_path):
    """Six spread NPS answers: t's interval of their mapped mean reaches past 5, which no mean of
    answers on a 1..5 scale can; the page shows it cut at 5 (found on case 05's site)."""
    answers = [10, 9, 8, 8, 7, 2]
    rows = [(f"2026-10-0{i + 1}", a) for i, a in enumerate(answers)]
    root = site(tmp_path, rows, feedback=NPS_SOURCE, improvements="", target=3)
    mapped = [1 + a / 10 * 4 for a in answers]  # 0..10 onto the journey scale 1..5
    m, sd = mean(mapped), stdev(mapped)
    t_975_df5 = 2.571  # Student's t, 97.5th percentile, 5 degrees of freedom (printed tables)
    low, high = m - t_975_df5 * sd / len(mapped) ** 0.5, m + t_975_df5 * sd / len(mapped) ** 0.5
    assert high > 5  # the uncut interval would claim a mean above the top of the scale
    s = state_of(root, window_end=dt.date(2026, 10, 31))
    assert s.measured.interval == pytest.approx((low, 5.0), abs=1e-3)
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"95%: {low:.1f}–5.0" in text
    assert "Mean score in 2026-10 for Checkout." in text  # one month: not "from 2026-10 to 2026-10"


def test_a_delivered_improvement_says_whether_its_change_is_beyond_the_noise(tmp_path):
    # delivered 2026-06-01: the months before (all 3s) against the months after June (4s and 5s)
    root = site(tmp_path, BEFORE + AFTER)
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/backlog/index.html")
    after = [score for day, score in AFTER if day >= "2026-07"]
    assert f"{mean(after) - 3:+.2f} larger than the noise (p < 0.001)" in text
    # the same answers before and after: no change, within the noise
    same = [(f"2026-0{m}-0{d}", 3 + d % 2) for m in (3, 4, 5, 7, 8, 9) for d in range(1, 5)]
    root = site(tmp_path / "same", same)
    assert mkdocs(root, "build").returncode == 0
    assert "within the noise (p = 1.000)" in page_text(root, "journeys/webshop/backlog/index.html")


CES_SOURCE = """\
feedback:
  - path: feedback/*.csv
    metric: ces
    scale: [1, 7]
    higher_is_better: false
"""


def test_ces_shows_its_mean_with_its_direction(tmp_path):
    rows = [("2026-10-01", 2), ("2026-10-02", 1), ("2026-10-03", 3), ("2026-10-04", 2), ("2026-10-05", 6)]
    root = site(tmp_path, rows, feedback=CES_SOURCE, improvements="", target=3)
    scores = [score for _, score in rows]
    mapped = mean(1 + (1 - (s - 1) / 6) * 4 for s in scores)  # 1..7, reversed, onto 1..5
    assert mkdocs(root, "build").returncode == 0
    text = page_text(root, "journeys/webshop/phases/do/index.html")
    assert f"{mapped:.1f} measured" in text and f"CES {mean(scores):.1f} (lower is better)" in text
