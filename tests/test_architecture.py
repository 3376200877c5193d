"""The pipeline's direction is a rule, not a habit: each step imports only the steps before it,
and only the plugin adapter imports mkdocs, so the core outlives MkDocs 1.x and Material 9."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "journeymaps"

# Each step and what it may import from the package. options and the two adapters beside plugin
# (generate, and the cli package with the modules only it uses: JSON Schemas, CODEOWNERS, the diff
# comment) drive the pipeline; nothing imports them back. A package is one step: cli/diff.py is "cli".
ORDER = ["problems", "paths", "model", "load", "feedback", "analysis", "pipeline", "history", "i18n", "render",
         "options", "plugin", "generate", "cli", "__init__", "__main__"]
ALLOWED = {
    "problems": set(),
    "paths": set(),
    "model": {"problems"},
    "load": {"problems", "paths", "model"},
    "feedback": {"problems", "paths", "model"},
    "analysis": {"problems", "model", "load", "feedback"},
    # pipeline runs load -> feedback -> analysis for the adapters (and for history, at each commit)
    "pipeline": {"problems", "model", "load", "feedback", "analysis"},
    "history": {"problems", "paths", "model", "load", "feedback", "analysis", "pipeline"},
    "i18n": set(),
    "render": {"problems", "model", "load", "analysis", "history", "i18n"},
    "options": {"problems", "analysis", "i18n"},
    "plugin": {"problems", "model", "load", "feedback", "analysis", "i18n", "render", "options", "generate", "pipeline", "history"},
    "generate": {"problems", "model", "load", "feedback", "analysis", "i18n", "render", "options", "pipeline", "history"},
    "cli": {"problems", "model", "load", "analysis", "i18n", "render", "options", "generate", "pipeline", "history"},
    "__init__": set(),
    "__main__": {"cli"},
}

def imports_of(path: Path, package: Path = PACKAGE) -> set[str]:
    """Top-level names imported by a module: 'mkdocs', or a sibling step such as 'analysis'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative_to_package = len(path.relative_to(package).parts) - 1
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


def step_of(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package).parts
    return parts[0].removesuffix(".py")


def violations(package: Path = PACKAGE) -> list[str]:
    """Each import of a step that its step may not import, as 'path imports step'."""
    found = []
    for path in sorted(package.rglob("*.py")):
        step = step_of(path, package)
        for name in sorted(imports_of(path, package) & set(ORDER)):
            if name != step and name not in ALLOWED[step]:
                found.append(f"{path.relative_to(package).as_posix()} imports {name}")
    return found


def test_only_the_plugin_adapter_imports_mkdocs():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if step_of(path) != "plugin" and "mkdocs" in imports_of(path)
    ]
    assert offenders == []


def test_each_step_imports_only_the_steps_before_it():
    assert violations() == []


def test_the_rule_sees_imports_of_the_cli_package(tmp_path):
    """The check itself: the cli package's modules are step "cli" (their imports of each other are
    not imports of a step), and any other step that imports cli, relatively or by name, is caught."""
    files = {
        "cli/__init__.py": "from .parser import main\n",
        "cli/parser.py": "from . import diff\nfrom .. import __version__\n",
        "cli/diff.py": "from ..analysis.compare import compare\nfrom .site import read_options\n",
        "render/pages.py": "from ..cli.diff_markdown import render_diff\n",
        "analysis/compare.py": "from journeymaps.cli import main\n",
        "model.py": "from . import cli\n",
        "__main__.py": "from .cli import main\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert step_of(tmp_path / "cli" / "diff.py", tmp_path) == "cli"
    assert violations(tmp_path) == [
        "analysis/compare.py imports cli", "model.py imports cli", "render/pages.py imports cli"]


def test_every_module_belongs_to_a_step():
    unplaced = sorted({step_of(path) for path in PACKAGE.rglob("*.py")} - set(ALLOWED))
    assert unplaced == [], "add each new module or package to ORDER and ALLOWED"
