"""Plain-data YAML with source positions.

PyYAML's defaults are wrong for files that people edit by hand: a repeated key silently wins,
`NO` becomes False, `9:30` becomes 570 and `012345` an octal number. This loader keeps the
fast C parser (`CSafeLoader`, 3-4x faster than `safe_load`) but resolves scalars the YAML 1.2
way, builds the data itself so that duplicate keys, tags, anchors and aliases are errors, and
records where every value was written so later steps can point at it.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Location, Problem, SourceError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C parser with YAML 1.2 core-schema scalars: no yes/no/on/off, octal, sexagesimal or dates."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


_Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    FLOAT, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
)
_Loader.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


Path_ = tuple[Any, ...]


@dataclass
class Document:
    """A parsed YAML file: its data, and the line and column of every key and value in it."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_ = (), *, key: bool = False) -> Location:
        """The position of a value (or of its key), walking up to the nearest written parent."""
        path = tuple(path)
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                line, col = table[path]
                return Location(self.file, line, col)
            if key and path in self.positions:
                line, col = self.positions[path]
                return Location(self.file, line, col)
            path = path[:-1]
        line, col = self.positions.get((), (1, 1))
        return Location(self.file, line, col)


def parse_file(path: Path, display_name: str) -> Document:
    """Read one YAML file as plain data, or raise SourceError naming file, line and column."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(Location(display_name), f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise SourceError(
            [Problem(Location(display_name), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB", "split it up")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            [Problem(Location(display_name, line), "file is not UTF-8 text", "save it as UTF-8")]
        ) from None
    return parse_text(text, display_name)


def parse_text(text: str, display_name: str) -> Document:
    """Parse YAML text; see parse_file."""
    loader = _Loader(text)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the many small containers make cyclic GC cost more than the parse itself
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_syntax_problem(exc, display_name, text)]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(Location(display_name, 1, 1), f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise SourceError([Problem(Location(display_name, 1, 1), "nesting is too deep")]) from None
    finally:
        loader.dispose()
        if gc_was_enabled:
            gc.enable()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL):
        raise SourceError([Problem(Location(display_name, 1, 1), "file is empty", "write the fields this file needs")])
    builder = _Builder(display_name)
    data = builder.build(node, (), 0)
    return Document(display_name, data, builder.positions, builder.key_positions)


class _Builder:
    """Turns the composed node tree into plain data, refusing what hand-written data never needs."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.seen: set[int] = set()  # a node met twice was reached through an alias

    def _fail(self, node: yaml.Node, message: str, hint: str | None = None) -> SourceError:
        mark = node.start_mark
        return SourceError([Problem(Location(self.file, mark.line + 1, mark.column + 1), message, hint)])

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self._fail(node, "nesting is too deep", f"at most {MAX_DEPTH} levels")
        if id(node) in self.seen:
            raise self._fail(node, "anchors and aliases (& and *) are not allowed", "write the value out in full")
        self.seen.add(id(node))
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ:
                raise self._fail(node, f"YAML tags such as '{node.tag}' are not allowed", "remove the tag")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != MAP:
                raise self._fail(node, f"YAML tags such as '{node.tag}' are not allowed", "remove the tag")
            result: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "a key must be plain text, not a list or mapping")
                if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<" and key_node.style is None:
                    raise self._fail(key_node, "merge keys (<<) are not allowed", "write the fields out in full")
                key = self._scalar(key_node)
                if isinstance(key, bool) or key is None:
                    key = key_node.value  # a key written `no:` or `null:` means the word, not a value
                if key in result:
                    raise self._fail(
                        key_node,
                        f"duplicate key '{key}' (first defined on line {first_line[key]})",
                        "remove one of them",
                    )
                first_line[key] = key_node.start_mark.line + 1
                self.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        raise self._fail(node, "unsupported YAML node")  # pragma: no cover - yaml has only three kinds

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR or node.style in ("'", '"', "|", ">"):
            if tag not in (STR, "!"):
                raise self._fail(node, f"YAML tags such as '{tag}' are not allowed", "remove the tag")
            return value
        if tag == INT:
            return int(value)
        if tag == FLOAT:
            return float(value)
        if tag == BOOL:
            return value.lower() == "true"
        if tag == NULL:
            return None
        raise self._fail(node, f"YAML tags such as '{tag}' are not allowed", "remove the tag")


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    hint = None
    lines = text.splitlines()
    offending = lines[line - 1][column - 1 : column] if mark and line <= len(lines) else ""
    if offending == "\t" or "'\\t'" in problem:
        problem = "a tab character is not allowed here"
        hint = "indent with spaces"
    elif "expected a single document" in str(exc) or "but found another document" in problem:
        problem = "the file holds more than one document"
        hint = "remove the extra '---'"
    elif "found undefined alias" in problem or "found undefined tag handle" in problem:
        hint = "anchors, aliases and tags are not allowed"
    elif exc.context:
        problem = f"{exc.context}, {problem}"
    return Problem(Location(file, line, column), f"invalid YAML: {problem}", hint)
