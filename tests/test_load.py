"""Each class of bad input in journeys/ gets one message naming file, line, column and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymaps.load import ParseCache, load_site
from journeymaps.problems import SourceError

from tests.helpers import JOURNEY, make_site, write


def errors(root: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        load_site(root)
    return [str(p) for p in info.value.problems]


def journey_with(tmp_path: Path, text: str, **extra: str) -> Path:
    return make_site(tmp_path, {"journeys/webshop/journey.yml": text, **extra})


def test_valid_site_loads_with_positions(site):
    loaded = load_site(site)
    journey = loaded.journey("webshop")
    assert [p.id for p in journey.all_personas] == ["sanne", "ruud"]
    assert str(journey.touchpoints[1].location) == "journeys/webshop/journey.yml:15:5"
    assert journey.files == {"journey": "journeys/webshop/journey.yml"}


def test_misspelt_field_suggests_the_near_miss(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("    target: 4\n", "    traget: 4\n"))
    assert errors(root) == [
        "journeys/webshop/journey.yml:19:5: unknown field 'traget' (did you mean 'target'?)"
    ]


def test_unknown_phase_suggests_the_near_miss(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("phase: do", "phase: dp"))
    assert errors(root) == ["journeys/webshop/journey.yml:16:12: unknown phase 'dp' (did you mean 'do'?)"]


def test_unknown_persona_reference(tmp_path):
    text = JOURNEY.replace("    owner: Team Payments\n", "    owner: Team Payments\n    personas: [sanne, rud]\n")
    assert errors(journey_with(tmp_path, text)) == [
        "journeys/webshop/journey.yml:19:23: unknown persona 'rud' (did you mean 'ruud'?)"
    ]


def test_number_where_an_id_is_expected_is_not_guessed(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("  - id: see\n", "  - id: 2026\n").replace("phase: see", "phase: '2026'"))
    assert errors(root)[0] == (
        "journeys/webshop/journey.yml:4:9: phases.0.id: expected text, got the number 2026 "
        "(put it in quotes if you mean the text '2026')"
    )


def test_yes_no_words_are_not_booleans(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("title: Advert", "title: NO"))
    assert load_site(root).journey("webshop").touchpoints[0].title == "NO"


def test_wrong_type(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("target: 3\n", "target: high\n"))
    assert errors(root) == ["journeys/webshop/journey.yml:13:13: touchpoints.0.target: expected a number, got 'high'"]


def test_missing_required_field(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("    title: Advert\n", ""))
    assert errors(root) == ["journeys/webshop/journey.yml:9:5: touchpoints.0: missing required field 'title'"]


def test_duplicate_touchpoint_id(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("id: checkout", "id: ad"))
    assert errors(root) == [
        "journeys/webshop/journey.yml:15:5: duplicate touchpoint id 'ad' "
        "(first defined at journeys/webshop/journey.yml:9:5) (ids must be unique)"
    ]


def test_duplicate_key(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("    target: 3\n", "    target: 3\n    target: 5\n"))
    assert errors(root) == [
        "journeys/webshop/journey.yml:14:5: duplicate key 'target' (first defined on line 13) (remove one of them)"
    ]


def test_invalid_yaml_syntax(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("title: Webshop", "title: [Webshop"))
    (message,) = errors(root)
    assert message.startswith("journeys/webshop/journey.yml:") and "invalid YAML" in message


def test_invalid_id_is_rejected_before_it_becomes_a_path(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("id: checkout", "id: ../../etc/x"))
    assert errors(root) == [
        "journeys/webshop/journey.yml:15:9: touchpoints.1.id: '../../etc/x' is not a valid id "
        "(use lowercase letters, digits and hyphens, such as 'first-time-buyer')"
    ]


def test_item_defined_in_both_places(tmp_path):
    inline = JOURNEY + "improvements:\n  - id: faster\n    title: Faster\n    touchpoints: [checkout]\n"
    root = journey_with(
        tmp_path, inline,
        **{"journeys/webshop/improvements.yml": "- id: faster\n  title: Faster again\n  touchpoints: [checkout]\n"},
    )
    assert errors(root) == [
        "journeys/webshop/improvements.yml:1:3: improvement 'faster' is defined both here and in "
        "journeys/webshop/journey.yml:22:5 (keep it in one place)"
    ]


def test_separate_files_are_merged_and_remembered(tmp_path):
    root = journey_with(
        tmp_path, JOURNEY,
        **{"journeys/webshop/decisions.yml": (
            "- id: cheap-ads\n  title: Cheaper ads\n  touchpoints: [ad]\n  status: accepted\n  floor: 2\n"
        )},
    )
    journey = load_site(root).journey("webshop")
    assert [d.id for d in journey.decisions] == ["cheap-ads"]
    assert journey.files["decisions"] == "journeys/webshop/decisions.yml"
    assert str(journey.decisions[0].location) == "journeys/webshop/decisions.yml:1:3"


@pytest.mark.parametrize(
    "decisions, expected",
    [
        ("- {id: a, title: A, touchpoints: [ad], supersedes: a}\n", "decision 'a' supersedes itself"),
        ("- {id: a, title: A, touchpoints: [ad], supersedes: b}\n", "unknown decision 'b'"),
        (
            "- {id: a, title: A, touchpoints: [ad], supersedes: b}\n- {id: b, title: B, touchpoints: [ad], supersedes: a}\n",
            "decisions supersede each other in a cycle: a -> b -> a",
        ),
        ("- {id: a, title: A, touchpoints: [ad], status: accepted, floor: 3.5}\n", "floor 3.5 is above the target 3 of touchpoint 'ad'"),
        ("- {id: a, title: A, touchpoints: [ad], floor: 9}\n", "floor 9 is outside the journey scale 1..5"),
        ("- {id: a, title: A, touchpoints: [ad], decided: 2026-03-01, review: 2025-03-01}\n", "review date 2025-03-01 is before the decision date 2026-03-01"),
        ("- {id: a, title: A, touchpoints: [ad], status: acepted}\n", "'acepted' is not allowed (did you mean 'accepted'?)"),
        ("- {id: a, title: A, touchpoints: [ad], decided: 2025-02-30}\n", "'2025-02-30' is not a valid date"),
    ],
)
def test_bad_decisions(tmp_path, decisions, expected):
    root = journey_with(tmp_path, JOURNEY, **{"journeys/webshop/decisions.yml": decisions})
    found = errors(root)
    assert any(expected in message and message.startswith("journeys/webshop/decisions.yml:") for message in found), found


@pytest.mark.parametrize(
    "field, expected",
    [
        ("impact: 5", "impact: 5 is not allowed"),
        ("confidence: 1.5", "confidence: must be at most 1, got 1.5"),
        ("effort: 0", "effort: must be at least 0.1, got 0"),
        ("effort: 0.000001", "effort: must be at least 0.1, got 1e-06"),
        ("reach: -3", "reach: must be at least 0, got -3"),
    ],
)
def test_rice_fields_out_of_range(tmp_path, field, expected):
    improvements = f"- id: x\n  title: X\n  touchpoints: [ad]\n  {field}\n"
    root = journey_with(tmp_path, JOURNEY, **{"journeys/webshop/improvements.yml": improvements})
    (message,) = errors(root)
    assert message.startswith("journeys/webshop/improvements.yml:4:") and expected in message


def test_estimate_outside_the_scale(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("estimate: 4.5", "estimate: {sanne: 7}"))
    assert errors(root) == ["journeys/webshop/journey.yml:20:15: estimate 7 is outside the journey scale 1..5"]


def test_all_errors_of_all_files_are_reported_together(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("phase: do", "phase: dp"))
    write(root, {"journeys/other/journey.yml": "title: Other\nphases: []\n"})
    found = errors(root)
    assert len(found) == 2
    assert found[0].startswith("journeys/other/journey.yml:2:9: phases: needs at least 1 item")


def test_parse_cache_reads_only_changed_files(site):
    cache = ParseCache()
    load_site(site, cache=cache)
    assert cache.parsed == 2
    load_site(site, cache=cache)
    assert cache.parsed == 2
    path = site / "journeys/webshop/journey.yml"
    path.write_text(path.read_text().replace("Webshop", "Web shop!"))
    assert load_site(site, cache=cache).journey("webshop").title == "Web shop!"
    assert cache.parsed == 3


def test_an_overlong_team_name_is_an_error_at_its_line_not_a_crash(tmp_path):
    root = journey_with(tmp_path, JOURNEY.replace("owner: Team Web", "owner: " + "Team " * 40))
    owner = "Team " * 40
    assert errors(root) == [
        f"journeys/webshop/journey.yml:2:8: owner: is {len(owner.strip())} characters long; at most 150 are allowed "
        "(shorten it)"
    ]
