"""The YAML loader accepts plain data only and says where a file goes wrong."""

from __future__ import annotations

import time

import pytest

from journeymaps.load.strict_yaml import parse_text
from journeymaps.problems import SourceError


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


def test_alias_bomb_is_rejected_quickly():
    levels = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]")
    started = time.perf_counter()
    assert "anchors and aliases" in error_of("\n".join(levels) + "\n")
    assert time.perf_counter() - started < 1.0


def test_deep_nesting_is_a_clean_error():
    assert "nesting is too deep" in error_of("a: " + "[" * 5000 + "]" * 5000 + "\n")


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
