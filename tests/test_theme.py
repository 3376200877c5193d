"""The Material partial the plugin amends (plugins/journeymaps/theme/partials/search.html): the
search dialog has an accessible name on every page, in the site's language; a site's own partial
still wins; and the copy stays Material's, so an upgrade of Material cannot leave it stale."""

from __future__ import annotations

import re
from pathlib import Path

import material

from tests.helpers import make_site, mkdocs, write

OURS = Path(__file__).resolve().parent.parent / "plugins" / "journeymaps" / "theme" / "partials" / "search.html"
MATERIAL = Path(material.__file__).resolve().parent / "templates" / "partials" / "search.html"
DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"([^>]*)>')


def body(template: str) -> str:
    """A template without its leading {#- ... -#} comment."""
    return template.split("-#}\n", 1)[1]


def test_the_partial_is_materials_own_but_for_the_dialogs_name():
    ours, theirs = body(OURS.read_text(encoding="utf-8")), body(MATERIAL.read_text(encoding="utf-8"))
    assert ours != theirs
    named = ' aria-label="{{ lang.t(\'search.placeholder\') }}"'
    assert ours.replace(named, "", 1) == theirs, "Material's partials/search.html changed: copy it again"


def test_every_page_names_the_search_dialog_in_the_sites_language(tmp_path):
    for language, name in (("en", "Search"), ("nl", "Zoeken")):
        root = make_site(tmp_path / language, language=language)
        result = mkdocs(root, "build", "--strict")
        assert result.returncode == 0, result.stderr
        pages = list((root / "site").rglob("index.html"))
        assert len(pages) > 5
        for page in pages:
            found = DIALOG.findall(page.read_text(encoding="utf-8"))
            assert found == [f' aria-label="{name}"'], page


def test_a_sites_own_search_partial_wins(tmp_path):
    root = make_site(tmp_path, extra="", files={
        "overrides/partials/search.html": '<div class="md-search" data-md-component="search" role="dialog" '
                                          'aria-label="Find it">mine</div>\n',
    })
    yml = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(root, {"mkdocs.yml": yml})
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "journeys" / "webshop" / "index.html").read_text(encoding="utf-8")
    assert DIALOG.findall(page) == [' aria-label="Find it"']
