"""Every public function, class and method of the package says what it takes and gives.

Public means no leading underscore: module-level functions and classes, and the methods and
properties of public classes. Dunder methods (``__init__``) start with an underscore and are
exempt; the class docstring describes construction. One more exemption: MkDocs event handlers
(``on_config``, ``on_page_markdown``...) override ``BasePlugin`` methods that MkDocs documents, so a
handler may go without a docstring of its own when its class docstring names it (and says what
it does there).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Union

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "journeymaps"

Definition = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]


def _definitions(body: list[ast.stmt]) -> Iterator[Definition]:
    """Functions and classes defined in a body, looking inside top-level ``if`` and ``try`` blocks."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node
        elif isinstance(node, ast.If):
            yield from _definitions(node.body)
            yield from _definitions(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _definitions(block)


def undocumented(source: str, module: str) -> list[str]:
    """``module:line name`` for each public definition in ``source`` without a docstring."""
    missing: list[str] = []
    for node in _definitions(ast.parse(source).body):
        if node.name.startswith("_"):
            continue
        if ast.get_docstring(node) is None:
            missing.append(f"{module}:{node.lineno} {node.name}")
        if not isinstance(node, ast.ClassDef):
            continue
        class_doc = ast.get_docstring(node) or ""
        for method in _definitions(node.body):
            if method.name.startswith("_") or ast.get_docstring(method) is not None:
                continue
            if method.name.startswith("on_") and method.name in class_doc:
                continue  # an MkDocs event, documented upstream and listed in the class docstring
            missing.append(f"{module}:{method.lineno} {node.name}.{method.name}")
    return missing


def package_undocumented(package: Path = PACKAGE) -> list[str]:
    """The public definitions of every module in ``package`` that have no docstring."""
    missing: list[str] = []
    for path in sorted(package.rglob("*.py")):
        missing += undocumented(path.read_text(encoding="utf-8"), str(path.relative_to(package)))
    return missing


def test_every_public_definition_has_a_docstring() -> None:
    missing = package_undocumented()
    assert not missing, f"{len(missing)} public definitions without a docstring:\n" + "\n".join(missing)


def test_the_walk_finds_what_it_should() -> None:
    source = '''
def documented():
    """Yes."""
def bare(): pass
def _private(): pass
class Plugin:
    """Handles on_config."""
    def on_config(self): pass
    def on_files(self): pass
    def run(self): pass
    def __init__(self): pass
    @property
    def size(self):
        """Bytes."""
class _Hidden:
    def shown(self): pass
'''
    assert undocumented(source, "m.py") == ["m.py:4 bare", "m.py:9 Plugin.on_files", "m.py:10 Plugin.run"]
