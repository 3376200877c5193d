"""Shared test helpers: write a real site (mkdocs.yml, docs/, journeys/) into a temporary folder and build it,
with MkDocs (the plugin) or with `journeymaps generate` + Zensical.

Import them as `from tests.helpers import make_site`; fixtures live in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import journeymaps
from journeymaps.render.charts import HOVER_KEYS

REPO = Path(__file__).resolve().parent.parent
PACKAGE_PARENT = str(Path(journeymaps.__file__).resolve().parent.parent)
TODAY = "2026-11-23"

MKDOCS_YML = """\
site_name: Test site
site_url: http://127.0.0.1:8000/
repo_url: https://git.example/org/site
edit_uri: edit/main/docs/
theme:
  name: material
  language: {language}
  font: false
  features: [content.action.edit, navigation.instant]
plugins:
  - search
  - journeymaps:
      today: "{today}"
{extra}
"""

PERSONAS = """\
- id: sanne
  name: Sanne
  description: First-time buyer.
- id: ruud
  name: Ruud
  description: Regular customer.
"""

JOURNEY = """\
title: Webshop
owner: Team Web
phases:
  - id: see
    title: See
  - id: do
    title: Do
touchpoints:
  - id: ad
    phase: see
    title: Advert
    owner: Team Marketing
    target: 3
    estimate: 4
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: 4
    estimate: 4.5
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


def make_site(root: Path, files: dict[str, str | bytes] | None = None, *, language: str = "en",
              extra: str = "", today: str = TODAY) -> Path:
    """A complete small site; `files` add to or replace the defaults."""
    defaults: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS_YML.format(language=language, today=today, extra=extra),
        "docs/index.md": "# Home\n\nWelcome.\n",
        "journeys/personas.yml": PERSONAS,
        "journeys/webshop/journey.yml": JOURNEY,
    }
    defaults.update(files or {})
    return write(root, {k: v for k, v in defaults.items() if v is not None})


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the mkdocs command line exactly as a user would, in the site's folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=root, capture_output=True, text=True, env=env, timeout=300
    )


class Serve:
    """Rebuilds like `mkdocs serve`: the config loaded anew each time, the plugin object kept."""

    def __init__(self, root: Path):
        self.root = root
        self.plugin = None
        self.config = None  # the config of the last build (its watch list, say)

    def build(self):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        self.config = config
        plugin = config.plugins["journeymaps"]
        assert self.plugin is None or plugin is self.plugin
        self.plugin = plugin
        return plugin

    def rendered_by(self, change) -> set[str]:
        """The generated pages rendered again after `change()`, by src_uri."""
        before = dict(self.plugin.render_cache.entries)
        renders = self.plugin.render_cache.rendered
        change()
        plugin = self.build()
        again = {uri for uri, entry in plugin.render_cache.entries.items() if before.get(uri) is not entry}
        organisation = {uri for uri, page in plugin.pages.items() if uri not in plugin.render_cache.entries}
        assert plugin.render_cache.rendered - renders == len(again) + len(organisation)
        return again


# -- the second engine: `journeymaps generate`, then Zensical ---------------------------------------


def zensical_executable() -> str:
    """Zensical is a test dependency (pyproject's `test` extra, locked): the one installed beside
    sys.executable, as `make test` installs it, or $JM_ZENSICAL. A missing Zensical fails the test."""
    found = os.environ.get("JM_ZENSICAL") or str(Path(sys.executable).parent / "zensical")
    if not (Path(found).is_file() and os.access(found, os.X_OK)):
        pytest.fail(f"Zensical is missing ({found}): run `make test`, which installs the locked test extra",
                    pytrace=False)
    return found


def generate(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`journeymaps generate` in the site's folder, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "journeymaps", "generate", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


def zensical(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`zensical build` in the site's folder (it builds into <root>/site: it has no --site-dir)."""
    executable = zensical_executable()
    # journeymaps' Markdown extension must import in Zensical's Python, wherever that is
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(
        [PACKAGE_PARENT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    return subprocess.run([executable, "build", *args], cwd=root, capture_output=True, text=True, env=env,
                          timeout=600)


def unshared(figure: dict) -> dict:
    """A chart's figure as plotly gets it: the hover texts that render/charts.shared_lines sends as
    `{"l": [i, ...]}` into `figure["jm_lines"]`, joined back with `<br>` as assets/journeymaps.js does."""
    lines = figure.pop("jm_lines", None)
    if lines is None:
        return figure

    def join(value):
        if isinstance(value, list):
            return [join(item) for item in value]
        if isinstance(value, dict) and isinstance(value.get("l"), list):
            return "<br>".join(lines[i] for i in value["l"])
        return value

    for trace in figure.get("data", []):
        for key in HOVER_KEYS:
            if key in trace:
                trace[key] = join(trace[key])
    return figure
