"""`mkdocs serve` re-renders only the journey pages whose inputs changed (render/cache.py), and
what it keeps is byte for byte what a full build of the edited files makes; a long build says
what it is doing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journeymaps

from tests.helpers import Serve, make_site, mkdocs, write

RETURNS = """\
title: Returns
owner: Team Service
phases:
  - id: ask
    title: Ask
  - id: send
    title: Send back
touchpoints:
  - id: form
    phase: ask
    title: Return form
    owner: Team Service
    target: 4
    estimate: 4.5
  - id: label
    phase: send
    title: Shipping label
    owner: Team Logistics
    target: 4
    estimate: 4.2
"""

SURVEY = "touchpoint,persona,score,comment\n" + "checkout,sanne,4,Fine\n" * 6


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        "journeys/returns/journey.yml": RETURNS,
        "journeys/webshop/feedback/survey.csv": SURVEY,
    })


def html_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in site_dir.rglob("*.html")}


def full_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same sources built from scratch in a fresh process, elsewhere."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    result = mkdocs(copy, "build")
    assert result.returncode == 0, result.stderr
    return html_files(copy / "site")


def journey_pages(plugin, journey_id: str) -> set[str]:
    return {uri for uri in plugin.render_cache.entries if uri.startswith(f"journeys/{journey_id}/")}


def test_an_edit_re_renders_only_its_journey_and_keeps_the_rest_as_a_full_build_would(site, tmp_path):
    serve = Serve(site)
    plugin = serve.build()
    returns, webshop = journey_pages(plugin, "returns"), journey_pages(plugin, "webshop")
    assert returns and webshop and not returns & webshop

    path = site / "journeys/returns/journey.yml"
    edited = RETURNS.replace("title: Return form", "title: Online return form").replace(
        "owner: Team Logistics", "owner: Team Parcels")
    assert serve.rendered_by(lambda: path.write_text(edited, encoding="utf-8")) == returns
    assert html_files(site / "site") == full_build(site, tmp_path)

    csv = site / "journeys/webshop/feedback/survey.csv"
    assert serve.rendered_by(lambda: csv.write_text(SURVEY + "checkout,ruud,2,Slow\n" * 6)) == webshop
    assert html_files(site / "site") == full_build(site, tmp_path)

    assert serve.rendered_by(lambda: None) == set()

    shutil.rmtree(site / "journeys/returns")
    assert serve.rendered_by(lambda: None) == set()
    assert set(serve.plugin.render_cache.entries) == webshop  # a removed journey's pages are forgotten
    assert html_files(site / "site") == full_build(site, tmp_path)


def test_what_every_journey_reads_re_renders_every_journey(site, tmp_path):
    serve = Serve(site)
    plugin = serve.build()
    everything = set(plugin.render_cache.entries)
    personas = site / "journeys/personas.yml"
    renamed = personas.read_text(encoding="utf-8").replace("name: Ruud", "name: Ruud de Vries")
    assert serve.rendered_by(lambda: personas.write_text(renamed, encoding="utf-8")) == everything
    assert html_files(site / "site") == full_build(site, tmp_path)

    package = Path(journeymaps.__file__).parent / "render/templates/journeymaps/journey.html"
    override = package.read_text(encoding="utf-8").replace("{% block body %}", "{% block body %}<p>Our own map.</p>", 1)
    yml = site / "mkdocs.yml"
    themed = yml.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    assert serve.rendered_by(lambda: (yml.write_text(themed, encoding="utf-8"),
                                      write(site, {"overrides/journeymaps/journey.html": override}))) == everything
    assert "Our own map." in (site / "site/journeys/webshop/index.html").read_text(encoding="utf-8")
    assert html_files(site / "site") == full_build(site, tmp_path)


def test_a_changed_setting_re_renders_every_journey(site):
    serve = Serve(site)
    plugin = serve.build()
    everything = set(plugin.render_cache.entries)
    yml = site / "mkdocs.yml"
    dutch = yml.read_text(encoding="utf-8").replace("language: en", "language: nl")
    assert serve.rendered_by(lambda: yml.write_text(dutch, encoding="utf-8")) == everything
    assert "Contactmomenten" in (site / "site/journeys/webshop/index.html").read_text(encoding="utf-8")


def test_a_long_build_says_what_it_is_doing(site, monkeypatch, caplog):
    """Progress at info level (thresholds lowered here: a real site logs it from 200 pages, or once
    reading journeys and feedback took 2 s)."""
    import logging

    from journeymaps.plugin import plugin as adapter

    monkeypatch.setattr(adapter, "PROGRESS_FROM", 5)
    monkeypatch.setattr(adapter, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(adapter, "PROGRESS_SECONDS", 0.0)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeymaps"):
        plugin = Serve(site).build()
    lines = [r.getMessage().removeprefix("journeymaps: ") for r in caplog.records if r.name == "mkdocs.plugins.journeymaps"]
    pages = len(plugin.pages)
    assert "read 2 journeys and 6 survey responses (1 files) in" in "\n".join(lines)
    assert f"rendered {pages} of {pages} generated pages" in lines
    assert any(line.startswith("rendered 5 of ") for line in lines)
    assert any(line.startswith("built ") and line.endswith(f" of {pages + 1} pages") for line in lines)  # + docs/index.md
