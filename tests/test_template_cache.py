"""Compiled page templates kept between builds (render/template_cache.py): a fresh process loads
them instead of compiling them, an edited template is compiled again, and a cache that cannot
be used costs a compile, never the build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile

import jinja2
import pytest

from tests.helpers import REPO, make_site, mkdocs, write

from journeymaps.analysis import AnalysisSettings
from journeymaps.pipeline import analyse
from journeymaps.render import Renderer
from journeymaps.render.template_cache import template_cache


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    """A temporary directory of this test's own, where the cache folder is made."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def analysis():
    return analyse(REPO, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23)))


def _compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source from now on."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def _render_all(analysis) -> list[str]:
    renderer = Renderer(analysis, language="en")
    return [renderer.render(page) for page in renderer.pages()]


def test_a_new_build_loads_the_templates_an_earlier_one_compiled(temp_dir, analysis, monkeypatch):
    compiled = _compiles(monkeypatch)
    first = _render_all(analysis)
    assert "journeymaps/persona.html" in compiled
    compiled.clear()

    again = _render_all(analysis)  # a new Renderer: a new Jinja environment, as in a new build

    assert compiled == [] and again == first


def test_a_cache_that_cannot_be_used_costs_a_compile_not_the_build(temp_dir, analysis, monkeypatch):
    expected = _render_all(analysis)
    shutil.rmtree(next(temp_dir.glob("_jinja2-cache-*")))
    (temp_dir / f"_jinja2-cache-{os.getuid()}").symlink_to(temp_dir)  # unsafe: Jinja will not use it
    assert template_cache(jinja2.Environment()) is None
    assert _render_all(analysis) == expected

    (temp_dir / f"_jinja2-cache-{os.getuid()}").unlink()
    renderer = Renderer(analysis, language="en")
    assert renderer.env.bytecode_cache is not None
    shutil.rmtree(next(temp_dir.glob("_jinja2-cache-*")))  # removed under a running build: nothing to write to
    assert [renderer.render(page) for page in renderer.pages()] == expected


def test_an_edited_template_override_is_used_by_the_next_build(tmp_path):
    root = make_site(tmp_path / "site", extra="")
    text = (root / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    override = '{% extends "journeymaps/base.html" %}{% block body %}<p id="ours">Layout NUMBER</p>{% endblock %}'
    page = root / "site/journeys/webshop/personas/sanne/index.html"
    for number in ("one", "two"):
        write(root, {"mkdocs.yml": text, "overrides/journeymaps/persona.html": override.replace("NUMBER", number)})
        result = mkdocs(root, "build")
        assert result.returncode == 0, result.stderr
        assert f'<p id="ours">Layout {number}</p>' in page.read_text()


def test_an_environment_set_up_otherwise_never_loads_another_ones_code(temp_dir):
    """Jinja writes the whitespace rules and autoescaping into the compiled code: an environment
    set up otherwise (a later version of journeymaps, say) must compile its own."""
    source = "{% if true %}\nA\n{% endif %}\n<{{ x }}>"

    def render(**options) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": source}), **options)
        env.bytecode_cache = template_cache(env)
        return env.get_template("t.html").render(x="<b>")

    assert render() == "\nA\n\n<<b>>"
    assert render(trim_blocks=True, autoescape=True) == "A\n<&lt;b&gt;>"
    assert render() == "\nA\n\n<<b>>"
