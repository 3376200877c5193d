"""Validate parsed YAML against the models, turning pydantic's errors into Problems a person can act on."""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ..model import Model
from ..problems import Problem, did_you_mean
from .strict_yaml import Document, Path_

T = TypeVar("T")


def validate(doc: Document, annotation: Any, base: Path_ = ()) -> tuple[Any, list[Problem]]:
    """Validate `doc.data` (or the part at `base`, a path of keys and list indexes) as `annotation`, any
    type pydantic accepts. Gives the value, with every model in it told where it was written, and no
    problems; on failure None and one Problem per error, in the file's words."""
    data = doc.data
    for key in base:
        data = data[key]
    try:
        value = _adapter(annotation).validate_python(data)
    except ValidationError as exc:
        return None, _problems(exc, doc, annotation, base, data)
    _attach_locations(value, doc, base)
    return value, []


_adapters: dict[Any, TypeAdapter[Any]] = {}


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    key = repr(annotation)
    if key not in _adapters:
        _adapters[key] = TypeAdapter(annotation)
    return _adapters[key]


def _attach_locations(value: Any, doc: Document, path: Path_) -> None:
    """Give every model object the place it was written, so later steps can point at it."""
    if isinstance(value, Model):
        value._location = doc.locate(path)
        places = value._private["_field_locations"]  # not value._field_locations: pydantic's __getattr__ raises and catches per read
        for name in type(value).model_fields:
            field_path = path + (name,)
            if field_path in doc.positions:
                places[name] = doc.locate(field_path)
                raw = getattr(value, name)
                for index in range(len(raw)) if isinstance(raw, list) else ():
                    places[(name, index)] = doc.locate(field_path + (index,))
                if isinstance(raw, dict):
                    for key in raw:
                        places[(name, key)] = doc.locate(field_path + (key,), key=True)
            _attach_locations(getattr(value, name), doc, field_path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _attach_locations(item, doc, path + (i,))


def _problems(exc: ValidationError, doc: Document, annotation: Any, base: Path_, data: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Path_, str, str | None]] = set()
    errors = exc.errors(include_url=False)
    paths = [_data_path(data, error["loc"])[0] for error in errors]
    # A value that may be one text (or number) or a mapping per persona, written as a mapping with a
    # wrong entry: the mapping's error at that entry says what is wrong, not "expected text, got a mapping".
    shadowed = {
        i for i, (error, path) in enumerate(zip(errors, paths))
        if isinstance(error.get("input"), (dict, list)) and error["type"].endswith("_type")
        and any(len(other) > len(path) and other[:len(path)] == path for other in paths)
    }
    for i, error in enumerate(errors):
        if i in shadowed:
            continue
        path, missing_key = _data_path(data, error["loc"])
        kind = error["type"]
        if kind == "missing" and missing_key is None:
            continue  # a union branch that did not apply
        dedupe = (path, kind if kind in ("missing", "extra_forbidden") else "value", missing_key)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        message, hint = _describe(error, path, missing_key, annotation)
        is_key = kind == "extra_forbidden"
        location = doc.locate(base + path, key=is_key)
        problems.append(Problem(location, message, hint))
    return problems


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[Path_, str | None]:
    """Follow pydantic's loc through the data, dropping union tags; report a key that is absent."""
    path: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and i == len(loc) - 1 and isinstance(part, str):
            return tuple(path), part  # a required key that is not there
        # else: a union member name such as 'Persona' or 'constrained-str': not in the data
    return tuple(path), None


def _describe(error: ErrorDetails, path: Path_, missing_key: str | None, annotation: Any) -> tuple[str, str | None]:
    kind = error["type"]
    value: Any = error.get("input")
    where = ".".join(str(p) for p in path)
    prefix = f"{where}: " if where else ""
    if kind == "missing":
        return f"{prefix}missing required field '{missing_key}'", None
    if kind == "extra_forbidden":
        field_name = path[-1]
        allowed = _fields_at(annotation, path[:-1])
        hint = did_you_mean(field_name, allowed) or (
            f"allowed fields: {', '.join(sorted(allowed))}" if allowed else None
        )
        return f"unknown field '{field_name}'", hint
    if kind == "string_type":
        if isinstance(value, bool):
            return f"{prefix}expected text, got {str(value).lower()}", "put the value in quotes"
        if isinstance(value, (int, float)):
            return f"{prefix}expected text, got the number {value}", f"put it in quotes if you mean the text '{value}'"
        if isinstance(value, (list, dict)):
            return f"{prefix}expected text, got a {'list' if isinstance(value, list) else 'mapping'}", None
        return f"{prefix}expected text", None
    if kind == "string_pattern_mismatch":
        if "https?" in str(error.get("ctx", {}).get("pattern", "")):
            return f"{prefix}'{value}' is not a web address", "start it with https:// or http://"
        return (
            f"{prefix}'{value}' is not a valid id",
            "use lowercase letters, digits and hyphens, such as 'first-time-buyer'",
        )
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return f"{prefix}expected a number, got {_shown(value)}", None
    if kind == "bool_type":
        return f"{prefix}expected true or false, got {_shown(value)}", None
    if kind in ("list_type",):
        return f"{prefix}expected a list, got {_shown(value)}", "write items as '- item' lines or [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{prefix}expected a mapping of fields, got {_shown(value)}", None
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        hint = did_you_mean(str(value), options) or f"allowed: {expected}"
        return f"{prefix}{_shown(value)} is not allowed", hint
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{prefix}{_shown(value)} is not a valid date", "write it as YYYY-MM-DD, such as 2026-03-01"
    bound = _BOUNDS.get(kind)
    if bound:
        word, key = bound
        limit = error.get("ctx", {}).get(key)
        shown = f"{limit:g}" if isinstance(limit, (int, float)) else str(limit)
        return f"{prefix}must be {word} {shown}, got {_shown(value)}", None
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"{prefix}is {len(value)} characters long; at most {limit} are allowed", "shorten it"
    if kind == "string_too_short":
        return f"{prefix}must not be empty", None
    if kind == "too_short":
        return f"{prefix}needs at least {error.get('ctx', {}).get('min_length', 1)} item(s)", None
    if kind == "too_long":
        return f"{prefix}has too many items", None
    if kind == "value_error":
        return f"{prefix}{error['msg'].removeprefix('Value error, ')}", None
    return f"{prefix}{error['msg']}", None


# pydantic's range errors, in our words (its own wording changes between releases)
_BOUNDS = {
    "greater_than": ("more than", "gt"),
    "greater_than_equal": ("at least", "ge"),
    "less_than": ("less than", "lt"),
    "less_than_equal": ("at most", "le"),
}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _fields_at(annotation: Any, path: Path_) -> set[str]:
    """The field names allowed at `path`: the models reachable there through lists, unions and Optional."""
    candidates = _models_in(annotation)
    for part in path:
        following: list[type[BaseModel]] = []
        for model in candidates:
            if isinstance(part, str) and part in model.model_fields:
                following.extend(_models_in(model.model_fields[part].annotation))
        if isinstance(part, int):
            following = candidates
        candidates = following
    return {name for model in candidates for name in model.model_fields}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found
