"""The docs that are generated from the code must match it."""

from __future__ import annotations

from journeymaps.cli.reference import reference_markdown

from tests.helpers import REPO


def test_format_reference_matches_the_models():
    committed = (REPO / "docs/reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/reference.md is out of date: run `python -m journeymaps.cli.reference > docs/reference.md`"
    )


def test_reference_documents_every_field_of_a_touchpoint():
    from journeymaps.model import Touchpoint

    text = reference_markdown()
    section = text[text.index("## Touchpoint"):text.index("## Feedback source")]
    assert all(f"| `{name}` |" in section for name in Touchpoint.model_fields)
