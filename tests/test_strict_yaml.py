"""The YAML loader accepts plain data only and says where a file goes wrong."""

from __future__ import annotations

import re

import pytest

from journeymaps.load import strict_yaml
from journeymaps.load.strict_yaml import parse_text
from journeymaps.problems import SourceError
from tests.helpers import make_site
from tests.test_cli import journeymaps


def error_of(text: str) -> str:
    with pytest.raises(SourceError) as info:
        parse_text(text, "f.yml")
    return str(info.value)


def test_values_stay_the_strings_they_look_like():
    data = parse_text("country: NO\nchannel: on\nopening: 9:30\npostcode: '1234'\nid: 012345\nwhen: 2026-03-01\n", "f.yml").data
    assert data == {
        "country": "NO", "channel": "on", "opening": "9:30", "postcode": "1234", "id": "012345", "when": "2026-03-01",
    }


def test_yaml_12_numbers_and_booleans_still_work():
    data = parse_text("a: 3\nb: 2.5\nc: true\nd: False\ne: -1\nf: ~\n", "f.yml").data
    assert data == {"a": 3, "b": 2.5, "c": True, "d": False, "e": -1, "f": None}


def test_duplicate_key_names_both_lines():
    assert error_of("persona: starter\npersona: expert\n") == (
        "f.yml:2:1: duplicate key 'persona' (first defined on line 1) (remove one of them)"
    )


def test_python_tags_are_rejected_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    message = error_of(f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert message.startswith("f.yml:1:4: YAML tags")
    assert not marker.exists()


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: &x [*x]\n", "a: &x {b: 1}\nc:\n  <<: *x\n"])
def test_anchors_and_aliases_are_rejected(text):
    assert "anchors and aliases" in error_of(text)


def test_alias_bomb_is_refused_at_its_first_alias_without_expanding_it():
    """Nine levels of ten aliases each expand to 10^9 values; the loader must stop at the first alias.
    How fast that is, is measured in benchmarks/yaml_bench.py, not here."""
    levels = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]")
    visited = []

    class CountingBuilder(strict_yaml._Builder):
        def build(self, node, path, depth):
            visited.append(node)
            return super().build(node, path, depth)

    text = "\n".join(levels) + "\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strict_yaml, "_Builder", CountingBuilder)
        with pytest.raises(SourceError) as info:
            parse_text(text, "f.yml")
    (problem,) = info.value.problems
    anchor = levels[0].index("&a0") + 1  # an alias is the anchored node itself: it points there
    assert (problem.location.line, problem.location.column) == (1, anchor)
    assert "anchors and aliases" in problem.message
    written_nodes = 1 + 2 * len(levels) + 10 * len(levels)  # the document, each key and list, each item
    assert len(visited) <= written_nodes  # nothing was visited twice, let alone expanded


@pytest.mark.parametrize("depth", [65, 1000, 5000])
def test_deep_nesting_is_a_clean_error_naming_file_and_position(depth):
    """Whoever stops it (our depth limit or PyYAML's own), the user gets one problem with a position."""
    text = "a: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(SourceError) as info:
        parse_text(text, "f.yml")
    (problem,) = info.value.problems
    assert problem.location.file == "f.yml"
    assert problem.location.line == 1
    assert 4 <= problem.location.column <= 4 + depth  # inside the opening brackets
    assert problem.is_error and "Traceback" not in str(problem)


def test_deep_nesting_in_a_journey_file_is_reported_by_validate(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": "title: " + "[" * 5000 + "]" * 5000 + "\n"})
    result = journeymaps(root, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert re.match(r"journeys/webshop/journey\.yml:1:\d+: error: ", result.stdout)


def test_tab_indentation_names_the_line():
    assert error_of("a:\n\tb: 1\n") == "f.yml:2:1: invalid YAML: a tab character is not allowed here (indent with spaces)"


@pytest.mark.parametrize("text", ["", "---\n", "# only a comment\n"])
def test_empty_file(text):
    assert "file is empty" in error_of(text)


def test_two_documents():
    assert "more than one document" in error_of("a: 1\n---\nb: 2\n")


def test_positions_of_keys_and_values():
    doc = parse_text("title: x\nphases:\n  - id: see\n    title: See\n", "f.yml")
    assert str(doc.locate(("phases", 0, "title"))) == "f.yml:4:12"
    assert str(doc.locate(("phases", 0, "title"), key=True)) == "f.yml:4:5"
    assert str(doc.locate(("phases", 0, "missing"))) == "f.yml:3:5"
