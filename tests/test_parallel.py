"""Pages rendered on every CPU (render/parallel.py): the same HTML as in one process, in the
same order, and a failing template still stops the build naming its page."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from mkdocs.exceptions import Abort

from tests.helpers import REPO, Serve, write

from journeymaps.analysis import AnalysisSettings
from journeymaps.pipeline import analyse
from journeymaps.render import Renderer
from journeymaps.render import parallel
from journeymaps.render.parallel import render_all

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


def _by_pid(render):
    """`render` with the id of the process that ran it in front, to tell workers' pages apart."""
    return lambda page: f"{os.getpid()}\n{render(page)}"


def test_pages_rendered_by_workers_are_the_pages_rendered_alone():
    renderer = Renderer(analyse(REPO, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23))), language="en")
    pages = renderer.pages()
    alone = [renderer.render(page) for page in pages]

    found = render_all(pages, _by_pid(renderer.render), workers=2, at_least=0)

    pids = {text.split("\n", 1)[0] for text in found}
    assert str(os.getpid()) not in pids and len(pids) == 2  # two forked workers rendered them all
    assert [text.split("\n", 1)[1] for text in found] == alone


def test_the_first_page_that_fails_raises_its_own_error_here():
    def render(n: int) -> str:
        if n in (13, 27):
            raise ValueError(f"page {n} failed")
        return f"<p>{n}</p>"

    with pytest.raises(ValueError, match="^page 13 failed$"):
        render_all(list(range(40)), render, workers=2, at_least=0)
    assert render_all(list(range(40)), lambda n: f"<p>{n}</p>", workers=2, at_least=0) == [f"<p>{n}</p>" for n in range(40)]


def test_progress_counts_up_to_every_page():
    seen: list[int] = []
    render_all(list(range(35)), str, workers=2, at_least=0, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 35 and len(seen) == -(-35 // parallel.CHUNK)


def test_few_pages_render_in_this_process():
    pids = render_all(list(range(5)), lambda n: str(os.getpid()), workers=2)  # fewer than PARALLEL_FROM
    assert set(pids) == {str(os.getpid())}


def test_a_broken_template_override_stops_the_build_naming_its_page(site, monkeypatch, caplog):
    """A template error inside a worker is the same error as without workers: the build stops
    before anything is written, naming the template and the page."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    text = (site / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(site, {"mkdocs.yml": text, "overrides/journeymaps/persona.html":
                 '{% extends "journeymaps/base.html" %}{% block body %}{{ persona.no_such_field }}{% endblock %}'})
    with pytest.raises(Abort):
        Serve(site).build()
    assert re.search(r"template journeymaps/persona\.html failed for journeys/webshop/personas/\w+\.md: .*no_such_field",
                     caplog.text)
    assert not (site / "site").exists()
