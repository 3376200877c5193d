"""The format reference (docs/reference.md), generated from the models so it cannot drift from them.

Run `python -m journeymaps.cli.reference > docs/reference.md`; a test fails when the
committed page no longer matches the models. It sits with the command line because only
maintainers run it (like `journeymaps schema`); no page of the site reads it.
"""

from __future__ import annotations

import enum
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..model import Decision, FeedbackColumns, FeedbackSource, Improvement, Journey, Persona, Phase, ThemeSettings, Touchpoint

SECTIONS: list[tuple[str, type[BaseModel], str]] = [
    ("journey.yml", Journey, "One file per journey, in `journeys/<journey-id>/journey.yml`. The folder name is the journey's id."),
    ("Phase", Phase, "An item of `phases:`."),
    ("Persona", Persona, "An item of `journeys/personas.yml` (a list), or a local persona in `personas:` of a journey."),
    ("Touchpoint", Touchpoint, "An item of `touchpoints:`."),
    ("Feedback source", FeedbackSource, "An item of `feedback:`. The sources of a journey add up: every answer "
     "counts in a touchpoint's mean on the journey scale, and its metric figures (NPS, CSAT and its top-two share, "
     "CES) count the answers of every source that asks the same metric on the same scale as the source with the "
     "most answers there."),
    ("Feedback columns", FeedbackColumns, "The `columns:` of a feedback source."),
    ("Themes", ThemeSettings,
     "The `themes:` of a feedback source: what customers keep mentioning in its comments, shown per "
     "touchpoint on the phase, journey and team pages. `themes: off` turns it off. Themes are found on "
     "a fixed sample of up to 1,000 comments per touchpoint (chosen by a hash of the row, so the same "
     "every build), with personal data removed first; each different text counts once there, so a "
     "comment written many times is one voice, not a theme of its own. The words are lemmatised "
     "(simplemma, Dutch and English), stop words left out (stopwordsiso), and TF-IDF with NMF "
     "(scikit-learn) groups the words that recur together; a theme is named by its top three words as "
     "written most often, and a theme mentioned by exactly the comments of a stronger one is left out "
     "(one thing said, not two). Words are not translated: the same topic in Dutch and in English "
     "comments makes two themes, so with language auto each theme carries its language (that of 80% "
     "or more of the comments that mention it), marked NL or EN where a touchpoint has themes in "
     "both. A theme fewer than `min_responses` comments mention is not shown. Then every "
     "comment is counted: a comment mentions a theme when one of its words' written forms stands in it "
     "with no ASCII letter, digit or underscore on either side (a form that begins or ends with another "
     "letter, such as `café`, is not counted). Low scores are the bottom two points of the survey scale "
     "(the top two where lower is better; NPS: 0-6), high scores the top two (NPS: 9-10); a share among "
     "them is shown from `min_responses` such comments on, below that the count alone ('1 of 1'). Up "
     "to three example comments per theme are shown, each marked Low score or High score when its score "
     "was one. A touchpoint needs 8 different comments for themes, a persona 30 comments for counts of its own. "
     "Several sources at one journey "
     "share their themes: one language if they agree (else auto), the stop words of all."),
    ("Improvement", Improvement, "An item of `improvements:` in journey.yml, or of the list in `improvements.yml`."),
    ("Decision", Decision, "An item of `decisions:` in journey.yml, or of the list in `decisions.yml`."),
]


def type_name(annotation: Any) -> str:
    """A field's type in the reference's words: 'text', 'list of Persona', 'idea \\| planned'."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        names = [type_name(a) for a in args]
        return " or ".join(dict.fromkeys(names))
    if origin is list:
        return f"list of {type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
    if origin is typing.Literal:
        return " \\| ".join(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return " \\| ".join(m.value for m in annotation)
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        return {"str": "text", "float": "number", "int": "whole number", "bool": "true or false", "date": "date (YYYY-MM-DD)"}.get(
            annotation.__name__, annotation.__name__
        )
    return str(annotation)


def _default(field: Any) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()
        return f"`{value}`" if value not in ([], {}) and not isinstance(value, BaseModel) else "empty"
    if field.default is None or field.default is PydanticUndefined:
        return "none"
    value = field.default.value if isinstance(field.default, enum.Enum) else field.default
    return f"`{value}`" if value != "" else "empty"


def reference_markdown() -> str:
    """docs/reference.md: one table of fields (type, default, meaning) per file format, from the models."""
    lines = [
        "# Format reference",
        "",
        "<!-- Generated from plugins/journeymaps/model.py by `python -m journeymaps.cli.reference`. Do not edit. -->",
        "",
        "Every file under `journeys/` is checked against these fields. An unknown field, a wrong type or an",
        "unknown id stops the build with a message naming the file, line and column. Ids are lowercase",
        "letters, digits and hyphens. Text that looks like a number, such as `'2026'`, must be quoted.",
        "",
    ]
    for title, model, intro in SECTIONS:
        lines += [f"## {title}", "", intro, "", "| field | type | default | meaning |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            description = (field.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {type_name(field.annotation)} | {_default(field)} | {description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown(), end="")
