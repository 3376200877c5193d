"""The pipeline's direction is a rule, not a habit: each step imports only the steps before it,
and only the plugin adapter imports mkdocs, so the core outlives MkDocs 1.x and Material 9."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "journeymaps"

# Each step and what it may import from the package. options, cli and the modules only the CLI
# uses (schema, codeowners) sit beside plugin: they drive the pipeline, nothing imports them back.
ORDER = ["problems", "paths", "model", "load", "feedback", "analysis", "i18n", "render", "options",
         "schema", "codeowners", "plugin", "generate", "cli", "__init__", "__main__"]
ALLOWED = {
    "problems": set(),
    "paths": set(),
    "model": {"problems"},
    "load": {"problems", "paths", "model"},
    "feedback": {"problems", "paths", "model"},
    "analysis": {"problems", "model", "load", "feedback"},
    "i18n": set(),
    "render": {"problems", "model", "load", "analysis", "i18n"},
    "options": {"problems", "analysis", "i18n"},
    "schema": {"model"},
    "codeowners": {"model", "render"},
    "plugin": {"problems", "model", "load", "feedback", "analysis", "i18n", "render", "options", "generate"},
    "generate": {"problems", "model", "load", "feedback", "analysis", "i18n", "render", "options"},
    "cli": {"problems", "model", "load", "analysis", "i18n", "render", "options", "schema", "codeowners", "generate"},
    "__init__": set(),
    "__main__": {"cli"},
}

def imports_of(path: Path) -> set[str]:
    """Top-level names imported by a module: 'mkdocs', or a sibling step such as 'analysis'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative_to_package = len(path.relative_to(PACKAGE).parts) - 1
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                parts = node.module.split(".")
                found.add(parts[1] if parts[0] == "journeymaps" and len(parts) > 1 else parts[0])
            elif node.level == relative_to_package + 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
    return found


def step_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py")


def test_only_the_plugin_adapter_imports_mkdocs():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if step_of(path) != "plugin" and "mkdocs" in imports_of(path)
    ]
    assert offenders == []


def test_each_step_imports_only_the_steps_before_it():
    violations = []
    for path in PACKAGE.rglob("*.py"):
        step = step_of(path)
        for name in imports_of(path) & set(ORDER):
            if name != step and name not in ALLOWED[step]:
                violations.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert violations == []


def test_every_module_belongs_to_a_step():
    unplaced = sorted({step_of(path) for path in PACKAGE.rglob("*.py")} - set(ALLOWED))
    assert unplaced == [], "add each new module or package to ORDER and ALLOWED"
