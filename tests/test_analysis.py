"""States and checks (docs/configuration.md) and backlog order, on small journeys built for each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymaps.analysis import AnalysisSettings, Level, ScoreSource, State, rice_score
from journeymaps.pipeline import analyse
from journeymaps.problems import SourceError

from tests.helpers import make_site

TODAY = dt.date(2026, 11, 23)

BASE = """\
title: States
phases:
  - {id: see, title: See}
  - {id: do, title: Do}
touchpoints:
  - {id: ad, phase: see, title: Ad, target: 3, estimate: 4}
  - {id: pay, phase: do, title: Pay, target: 4, estimate: {sanne: 2, ruud: 3}}
"""


def run(tmp_path: Path, journey: str = BASE, feedback: dict[str, str] | None = None, **settings):
    files = {"journeys/webshop/journey.yml": journey}
    for name, text in (feedback or {}).items():
        files[f"journeys/webshop/feedback/{name}"] = text
    root = make_site(tmp_path, files)
    levels = settings.pop("levels", None)
    return analyse(root, settings=AnalysisSettings(today=TODAY, **settings), levels=levels)


def state(analysis, touchpoint: str, persona: str | None = None):
    return analysis.states["webshop"].of(touchpoint, persona)


def codes(analysis) -> list[str]:
    return [p.code for p in analysis.warnings]


def test_on_target_and_unaddressed_from_estimates(tmp_path):
    a = run(tmp_path)
    assert state(a, "ad", "sanne").state is State.ON_TARGET
    pay = state(a, "pay", "sanne")
    assert (pay.state, pay.current, pay.source, pay.gap) == (State.UNADDRESSED, 2, ScoreSource.ESTIMATE, 2)
    assert state(a, "pay", "ruud").current == 3
    assert state(a, "pay").current == 2.5  # all personas: the mean of their estimates


def test_accepted_and_floor_breached_per_persona(tmp_path):
    journey = BASE + "decisions:\n  - {id: cheap, title: Cheap, touchpoints: [pay], status: accepted, floor: 2.5}\n"
    a = run(tmp_path, journey)
    assert state(a, "pay", "ruud").state is State.ACCEPTED  # 3 >= floor 2.5
    breached = state(a, "pay", "sanne")
    assert breached.state is State.FLOOR_BREACHED and breached.decision.id == "cheap"
    assert "floor_breached" in codes(a)
    assert "unaddressed_gap" not in codes(a)


def test_only_accepted_decisions_in_force_count(tmp_path):
    journey = BASE + (
        "decisions:\n"
        "  - {id: old, title: Old, touchpoints: [pay], status: superseded, floor: 1}\n"
        "  - {id: proposal, title: Proposal, touchpoints: [pay], status: proposed, floor: 1}\n"
    )
    a = run(tmp_path, journey)
    assert state(a, "pay", "ruud").state is State.UNADDRESSED


def test_improving_when_an_open_improvement_covers_the_persona(tmp_path):
    journey = BASE + (
        "improvements:\n"
        "  - {id: fast, title: Fast, touchpoints: [pay], personas: [sanne], status: in-progress}\n"
        "  - {id: gone, title: Gone, touchpoints: [pay], status: dropped}\n"
    )
    a = run(tmp_path, journey)
    assert state(a, "pay", "sanne").state is State.IMPROVING
    assert state(a, "pay", "ruud").state is State.UNADDRESSED  # the open item is for sanne only


def test_measured_score_replaces_the_estimate_from_min_responses_on(tmp_path):
    rows = "touchpoint,persona,score\n" + "pay,sanne,4\n" * 4 + "pay,sanne,5\n"
    a = run(tmp_path, feedback={"survey.csv": rows}, min_responses=5)
    measured = state(a, "pay", "sanne")
    assert (measured.source, measured.responses, measured.current, measured.state) == (
        ScoreSource.MEASURED, 5, 4.2, State.ON_TARGET
    )
    b = run(tmp_path / "more", feedback={"survey.csv": rows}, min_responses=6)
    estimate = state(b, "pay", "sanne")
    assert (estimate.source, estimate.responses, estimate.current) == (ScoreSource.ESTIMATE, 5, 2)


def test_end_of_journey_below_target(tmp_path):
    a = run(tmp_path)
    messages = [str(p) for p in a.warnings if p.code == "end_below_target"]
    assert messages == [
        "journeys/webshop/journey.yml:7:5: journey 'webshop': the journey of persona 'sanne' ends below target "
        "at 'pay' (2 < 4) (customers remember the end best)",
        "journeys/webshop/journey.yml:7:5: journey 'webshop': the journey of persona 'ruud' ends below target "
        "at 'pay' (3 < 4) (customers remember the end best)",
    ]


def test_persona_without_touchpoint_in_a_phase(tmp_path):
    journey = BASE.replace("title: Ad,", "title: Ad, personas: [ruud],")
    a = run(tmp_path, journey)
    found = [str(p) for p in a.warnings if p.code == "persona_missing_in_phase"]
    assert found == [
        "journeys/webshop/journey.yml:3:5: journey 'webshop': persona 'sanne' has no touchpoint in phase 'see' "
        "(who do we forget? add a touchpoint for them or list them in an existing one)"
    ]


def test_review_overdue_uses_the_injected_date(tmp_path):
    journey = BASE + "decisions:\n  - {id: d, title: D, touchpoints: [ad], status: accepted, floor: 2, review: 2026-11-22}\n"
    assert "review_overdue" in codes(run(tmp_path, journey))
    a = analyse(tmp_path, settings=AnalysisSettings(today=dt.date(2026, 11, 22)))
    assert "review_overdue" not in codes(a)


def test_done_without_delivery_date_and_superseded_still_in_force(tmp_path):
    journey = BASE + (
        "improvements:\n  - {id: x, title: X, touchpoints: [ad], status: done}\n"
        "decisions:\n"
        "  - {id: old, title: Old, touchpoints: [ad], status: accepted, floor: 2}\n"
        "  - {id: new, title: New, touchpoints: [ad], status: accepted, floor: 2, supersedes: old}\n"
    )
    a = run(tmp_path, journey)
    found = {p.code: str(p) for p in a.warnings}
    assert "improvement 'x' is done but has no delivery date" in found["done_without_date"]
    assert "decision 'old' is superseded by 'new' but its status is still 'accepted'" in found["superseded_in_force"]


def test_checks_can_be_switched_off_or_made_errors(tmp_path):
    off = run(tmp_path, levels={"unaddressed_gap": Level.OFF, "end_below_target": Level.OFF})
    assert "unaddressed_gap" not in codes(off) and "end_below_target" not in codes(off)
    with pytest.raises(SourceError) as info:
        analyse(tmp_path, settings=AnalysisSettings(today=TODAY), levels={"unaddressed_gap": Level.ERROR})
    assert "touchpoint 'pay' is below target for sanne, ruud" in str(info.value)


def test_rice_and_backlog_order(tmp_path):
    journey = BASE + (
        "improvements:\n"
        # RICE = reach x impact x confidence / effort
        "  - {id: a, title: A, touchpoints: [pay], status: planned, reach: 1000, impact: 2, confidence: 0.5, effort: 4}\n"   # 250
        "  - {id: b, title: B, touchpoints: [pay], status: planned, reach: 3000, impact: 1, confidence: 0.8, effort: 6}\n"   # 400
        "  - {id: c, title: C, touchpoints: [pay], status: planned, reach: 200, impact: 3, confidence: 1, effort: 1}\n"      # 600
        "  - {id: d, title: D, touchpoints: [pay], status: planned}\n"                                                      # none
        "  - {id: e, title: E, touchpoints: [pay], status: in-progress, reach: 10, impact: 0.25, confidence: 0.1, effort: 5}\n"  # 0.05
        "  - {id: f, title: F, touchpoints: [pay], status: done, delivered: 2026-05-01, reach: 9999, impact: 3, confidence: 1, effort: 1}\n"
    )
    ranked = run(tmp_path, journey).backlog["webshop"]
    assert [(r.improvement.id, r.rice) for r in ranked] == [
        ("e", 0.05), ("c", 600.0), ("b", 400.0), ("a", 250.0), ("d", None), ("f", 29997.0),
    ]
    assert rice_score(1000, 2, 0.5, 4) == 250.0


def test_reach_defaults_to_feedback_volume_and_delivered_shows_before_after(tmp_path):
    journey = BASE + (
        "improvements:\n"
        "  - {id: f, title: F, touchpoints: [pay], status: done, delivered: 2026-05-15, impact: 1, confidence: 1, effort: 2}\n"
    )
    rows = "date,touchpoint,score\n" + "".join(
        f"2026-0{m}-10,pay,{s}\n" for m, s in [(3, 2), (3, 3), (4, 2), (5, 5), (6, 4), (6, 5), (7, 5)]
    )
    (ranked,) = run(tmp_path, journey, feedback={"survey.csv": rows}).backlog["webshop"]
    per_quarter = round(7 / 5 * 3, 1)  # 7 responses from March to July: 5 months; reach is per quarter
    assert ranked.reach == per_quarter and ranked.reach_from_feedback and ranked.rice == round(per_quarter * 1 * 1 / 2, 2)
    # before: March-April (2, 3, 2) -> mean 2.33; after: June-July (4, 5, 5) -> 4.67; May is left out
    assert (ranked.result.before, ranked.result.before_n, ranked.result.after, ranked.result.after_n) == (2.33, 3, 4.67, 3)
    assert ranked.result.change == 2.34
