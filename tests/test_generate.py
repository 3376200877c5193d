"""`journeymaps generate`, the adapter for engines without the plugin: real runs on copies of the
example site in temporary folders, then real builds with Zensical and with MkDocs without the
plugin, compared page by page with the plugin's own build; re-runs, the manifest, hand-written
files that must survive, and bad input that must leave docs/ as it was.

Zensical is a test dependency (pyproject's `test` extra, locked): the one installed beside
sys.executable, as `make test` installs it, or $JM_ZENSICAL. A missing Zensical fails the tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, generate, make_site, mkdocs, write, zensical

MANIFEST = ".journeymaps-generated.json"
FIGURE = re.compile(r"data-jm-figure=")


def copy_example(into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", into / "mkdocs.yml")
    for folder in ("docs", "journeys", "overrides"):
        shutil.copytree(REPO / folder, into / folder)
    return into


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def generated_pages(root: Path) -> list[str]:
    """The docs-relative paths of the pages the manifest lists."""
    files = json.loads((root / MANIFEST).read_text(encoding="utf-8"))["files"]
    return sorted(rel.removeprefix("docs/") for rel in files if rel.startswith("docs/") and rel.endswith(".md"))


def html_of(site: Path, src_uri: str) -> Path:
    stem = src_uri[:-3]
    return site / (stem[: -len("index")] if stem.endswith("index") else stem + "/") / "index.html"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The example site built three ways: the plugin (mkdocs), generate + Zensical, generate + MkDocs
    without the plugin; and the generated site folder itself."""
    base = tmp_path_factory.mktemp("generate")
    plugin_site = base / "plugin-site"
    assert mkdocs(copy_example(base / "with-plugin"), "build", "--site-dir", str(plugin_site)).returncode == 0
    root = copy_example(base / "generated")
    result = generate(root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    built = zensical(root, "-f", "mkdocs.journeymaps.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    write(root, {"mkdocs.noplugin.yml": (
        "INHERIT: mkdocs.yml\nplugins: [search]\n"
        "extra_css: [assets/journeymaps/journeymaps.css, assets/journeymaps/charts.css]\n"
        "extra_javascript: [assets/journeymaps/journeymaps.js]\n")})
    plain = mkdocs(root, "build", "-f", "mkdocs.noplugin.yml", "--site-dir", str(base / "mkdocs-site"))
    assert plain.returncode == 0, plain.stderr
    return {"root": root, "plugin": plugin_site, "zensical": root / "site", "mkdocs": base / "mkdocs-site"}


def test_every_page_the_plugin_generates_is_built_by_zensical_and_plain_mkdocs(builds):
    pages = generated_pages(builds["root"])
    assert "journeys/webshop/index.md" in pages and "teams/index.md" in pages and len(pages) > 30
    for engine in ("plugin", "zensical", "mkdocs"):
        missing = [uri for uri in pages if not html_of(builds[engine], uri).is_file()]
        assert missing == [], f"{engine} lacks {missing}"
    plugin_urls = {p.relative_to(builds["plugin"]).as_posix() for p in builds["plugin"].rglob("index.html")}
    zensical_urls = {p.relative_to(builds["zensical"]).as_posix() for p in builds["zensical"].rglob("index.html")}
    assert plugin_urls <= zensical_urls


def test_generated_pages_keep_their_content_and_charts(builds):
    for uri in generated_pages(builds["root"]):
        expected = len(FIGURE.findall(html_of(builds["plugin"], uri).read_text(encoding="utf-8")))
        for engine in ("zensical", "mkdocs"):
            html = html_of(builds[engine], uri).read_text(encoding="utf-8")
            assert len(FIGURE.findall(html)) == expected, f"{engine}: charts of {uri}"
    journey = html_of(builds["zensical"], "journeys/webshop/index.md").read_text(encoding="utf-8")
    assert 'class="jm-grid"' in journey and "jm-grid__tp" in journey
    assert "assets/journeymaps/journeymaps.js" in journey and "assets/journeymaps/charts.css" in journey
    for asset in ("journeymaps.css", "charts.css", "journeymaps.js", "plotly.min.js"):
        assert (builds["zensical"] / "assets/journeymaps" / asset).is_file()


def test_zensical_edit_links_point_at_the_yaml(builds):
    journey = html_of(builds["zensical"], "journeys/webshop/index.md").read_text(encoding="utf-8")
    edit = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit"', journey)
    assert edit and edit.group(1) == "https://git.example/klantbeleving/klantreizen/edit/main/journeys/webshop/journey.yml"
    plugin = html_of(builds["plugin"], "journeys/webshop/index.md").read_text(encoding="utf-8")
    assert edit.group(1) in plugin  # the same link the plugin gives
    home = (builds["zensical"] / "index.html").read_text(encoding="utf-8")
    assert "klantreizen/edit/main/docs/index.md" in home  # hand-written pages keep theirs


def test_zensical_nav_has_the_generated_sections_after_the_sites_own(builds):
    home = (builds["zensical"] / "index.html").read_text(encoding="utf-8")
    tabs = [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', home)]
    assert tabs[:2] == ["Home", "For leadership"] and tabs[-2:] == ["Journeys", "Organisation"], tabs


def test_a_chart_block_in_a_hand_written_page_is_drawn_by_zensical(builds):
    page = (builds["zensical"] / "embedding-charts" / "index.html").read_text(encoding="utf-8")
    plugin = (builds["plugin"] / "embedding-charts" / "index.html").read_text(encoding="utf-8")
    assert len(FIGURE.findall(page)) == len(FIGURE.findall(plugin)) > 0
    assert "language-journeymap" not in page


def test_a_rerun_changes_nothing_and_a_removed_page_goes(tmp_path):
    root = make_site(tmp_path)
    assert generate(root).returncode == 0
    before = snapshot(root)
    again = generate(root)
    assert again.returncode == 0 and "0 file(s) written, 0 removed" in again.stdout
    assert snapshot(root) == before
    manifest = json.loads((root / MANIFEST).read_text())["files"]
    assert all((root / rel).is_file() for rel in manifest)
    assert "docs/journeys/webshop/phases/do.md" in manifest and "mkdocs.journeymaps.yml" in manifest
    journey = (root / "journeys/webshop/journey.yml").read_text()
    write(root, {"journeys/webshop/journey.yml": journey.replace("id: do", "id: doen").replace("phase: do", "phase: doen")})
    third = generate(root)
    assert third.returncode == 0, third.stderr
    assert not (root / "docs/journeys/webshop/phases/do.md").exists()
    assert (root / "docs/journeys/webshop/phases/doen.md").is_file()
    assert generate(root, "--clean").returncode == 0
    assert sorted(snapshot(root)) == sorted(k for k in before if k not in manifest and k != MANIFEST)


def test_a_hand_written_file_at_a_generated_path_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path, {"docs/journeys/webshop/index.md": "# Our own page\n"})
    before = snapshot(root)
    result = generate(root)
    assert result.returncode == 1
    assert "docs/journeys/webshop/index.md" in result.stderr and "journeys/webshop/journey.yml" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root) == before  # nothing written, not even the manifest


def test_a_generated_page_changed_by_hand_is_never_overwritten_or_deleted(tmp_path):
    root = make_site(tmp_path)
    assert generate(root).returncode == 0
    page = root / "docs/journeys/webshop/phases/see.md"
    page.write_text("# See\n\nNotes we keep by hand.\n", encoding="utf-8")  # the marker is gone
    result = generate(root)
    assert result.returncode == 1 and "docs/journeys/webshop/phases/see.md" in result.stderr
    assert page.read_text(encoding="utf-8") == "# See\n\nNotes we keep by hand.\n"
    assert generate(root, "--clean").returncode == 0
    assert page.is_file()


def test_bad_input_gives_file_and_line_and_leaves_docs_as_it_was(tmp_path):
    root = make_site(tmp_path)
    assert generate(root).returncode == 0
    before = snapshot(root)
    journey = (root / "journeys/webshop/journey.yml").read_text()
    write(root, {"journeys/webshop/journey.yml": journey.replace("phase: do", "phase: nowhere")})
    result = generate(root)
    assert result.returncode == 1
    assert re.search(r"journeys/webshop/journey\.yml:\d+", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    after = snapshot(root)
    after.pop("journeys/webshop/journey.yml")
    before.pop("journeys/webshop/journey.yml")
    assert after == before


def test_a_site_without_nav_gets_its_own_pages_and_the_generated_sections(tmp_path):
    root = make_site(tmp_path, {"docs/guide/setup.md": "# Setup\n"})
    assert generate(root).returncode == 0
    text = (root / "mkdocs.journeymaps.yml").read_text(encoding="utf-8")
    config = json.loads(text[text.index("{"):])
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["nav"][0] == "index.md" and config["nav"][1] == {"Guide": ["guide/setup.md"]}
    assert [next(iter(e)) for e in config["nav"][2:]] == ["Journeys", "Organisation"]
    assert config["theme"] == {"custom_dir": ".journeymaps/theme"}  # the site has none: edit links need one
    assert (root / ".journeymaps/theme/partials/actions.html").is_file()


def test_the_plugin_and_validate_still_build_a_site_after_generate(tmp_path):
    """generate's pages and assets in docs/ are its own: the plugin build replaces them with its
    own (no collision, no warning) and validate does not report them as hand-written pages."""
    root = copy_example(tmp_path / "site")
    assert generate(root).returncode == 0
    built = mkdocs(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "DeprecationWarning" not in built.stderr and "WARNING" not in built.stderr
    validated = subprocess.run([sys.executable, "-m", "journeymaps", "validate", "--strict"], cwd=root,
                               capture_output=True, text=True, timeout=300)
    assert validated.returncode == 0, validated.stdout


def toc_anchors(html: str) -> list[str]:
    """The anchors of the page's "On this page" navigation, in order."""
    found = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S)
    return re.findall(r'<a href="#([^"]+)" class="md-nav__link">', found.group(0)) if found else []


def test_generated_pages_have_the_plugins_table_of_contents_in_zensical(builds):
    """Its headings sit in one raw-HTML block, which Zensical's toc does not read: the journeymaps
    Markdown extension gives it the same headings the plugin gives MkDocs."""
    checked = 0
    for uri in generated_pages(builds["root"]):
        plugin = toc_anchors(html_of(builds["plugin"], uri).read_text(encoding="utf-8"))
        if not plugin:
            continue
        assert toc_anchors(html_of(builds["zensical"], uri).read_text(encoding="utf-8")) == plugin, uri
        checked += 1
    assert checked > 20


HREF = re.compile(r"""<a\s[^>]*?href=(["'])(.*?)\1""", re.S)
CHART_LINKS = re.compile(r"""data-jm-figure='([^']*)'""")


def broken_links(site: Path) -> dict[str, list[str]]:
    """Per page URL, its links (an <a href>, a chart point's link) that lead to no file of the site:
    a folder link needs its index.html. Links out of the site (a scheme), and bare anchors, are not checked."""
    import html as html_module
    from urllib.parse import unquote, urljoin, urlparse

    broken: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        url = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        text = page.read_text(encoding="utf-8")
        links = [html_module.unescape(m.group(2)) for m in HREF.finditer(text)]
        for figure in CHART_LINKS.findall(text):
            links += [c for trace in json.loads(html_module.unescape(figure))["data"]
                      for c in trace.get("customdata") or [] if isinstance(c, str)]
        for link in links:
            if not link or link.startswith("#") or re.match(r"[a-z][a-z0-9+.-]*:", link):
                continue
            path = unquote(urlparse(urljoin("http://site" + url, link)).path).lstrip("/")
            target = site / path / "index.html" if path.endswith("/") or not path else site / path
            if not target.is_file():
                broken.setdefault(url, []).append(link)
    return broken


def test_every_link_of_the_zensical_site_leads_to_a_page(builds):
    """Zensical reads a link in a page's HTML as relative to the page's .md file (`personas/x.md`,
    published at personas/x/), so generate writes them so: with links relative to the URL, every
    persona, phase and decision page pointed one folder too high (88 broken links)."""
    assert broken_links(builds["plugin"]) == {}  # the checker itself, on the plugin's build
    assert broken_links(builds["zensical"]) == {}


def test_a_chart_block_in_tabs_or_a_note_is_named_by_a_warning(tmp_path):
    """generate draws top-level blocks only (docs/zensical.md); a block in a tab or a note would
    stand as code on the Zensical page, so generate says where it is (case 12's shape)."""
    page = ('# Memo\n\n=== "Curve"\n\n    ```journeymap\n    journey: webshop\n    chart: curve\n    ```\n\n'
            '??? note "Gap"\n\n    ```journeymap\n    journey: webshop\n    chart: gap\n    ```\n\n'
            '```journeymap\njourney: webshop\nchart: gap\n```\n')
    root = make_site(tmp_path, {"docs/memo.md": page})
    result = generate(root)
    assert result.returncode == 0, result.stderr
    nested = [n + 1 for n, line in enumerate(page.split("\n")) if line.startswith("    ```journeymap")]
    assert nested == [5, 12]
    for line in nested:
        assert f"docs/memo.md:{line}: warning: journeymap block inside tabs, a note or a list" in result.stderr, result.stderr
    assert result.stderr.count("journeymap block inside tabs") == 2  # not the top-level one
