"""JSON Schemas (draft 2020-12) of the YAML files teams write, generated from the models.

Editors use them to complete and check fields as people type (VS Code with the YAML extension,
JetBrains IDEs). They are a convenience, not the contract: the loader is stricter (references
between files, floors against targets, the journey scale). `journeymaps schema` writes them to
schemas/, and a test fails when the committed files no longer match the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from ..model import DecisionsFile, ImprovementsFile, Journey, PersonasFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# file kind -> (schema file name, model annotation, title, description)
KINDS: dict[str, tuple[str, Any, str, str]] = {
    "journey": (
        "journey.schema.json",
        Journey,
        "journey.yml",
        "One customer journey: journeys/<journey-id>/journey.yml. The folder name is the journey's id.",
    ),
    "personas": (
        "personas.schema.json",
        PersonasFile,
        "personas.yml",
        "The organisation's personas, shared by every journey: journeys/personas.yml (a list).",
    ),
    "improvements": (
        "improvements.schema.json",
        ImprovementsFile,
        "improvements.yml",
        "A journey's improvement backlog: journeys/<journey-id>/improvements.yml (a list).",
    ),
    "decisions": (
        "decisions.schema.json",
        DecisionsFile,
        "decisions.yml",
        "A journey's decision records: journeys/<journey-id>/decisions.yml (a list).",
    ),
}

# Which files each schema is for, relative to the site root, for editor settings and docs.
FILE_GLOBS: dict[str, str] = {
    "journey": "journeys/*/journey.yml",
    "personas": "journeys/personas.yml",
    "improvements": "journeys/*/improvements.yml",
    "decisions": "journeys/*/decisions.yml",
}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator without the auto-generated field titles ('Moment Of Truth'): editors show
    the description on hover, and a title made from the field name adds nothing to it."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind: 'journey', 'personas', 'improvements' or 'decisions';
    KeyError for any other kind."""
    filename, annotation, title, description = KINDS[kind]
    generated = TypeAdapter(annotation).json_schema(schema_generator=_Generator, mode="validation")
    _tighten(generated)
    schema: dict[str, Any] = {"$schema": DRAFT, "title": title, "description": description}
    schema.update({k: v for k, v in generated.items() if k not in ("title", "description")})
    return schema


def schemas() -> dict[str, str]:
    """Every schema as the text of its file, by file name (stable, so the committed files can be compared)."""
    return {KINDS[kind][0]: render(schema_for(kind)) for kind in KINDS}


def render(schema: dict[str, Any]) -> str:
    """A schema as the text of its file: indented JSON, non-ASCII kept, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _tighten(node: Any) -> None:
    """Maps keyed by ids (per-persona estimates) accept only id keys, like the loader."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if node.get("type") == "object" and patterns and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for value in node:
            _tighten(value)
