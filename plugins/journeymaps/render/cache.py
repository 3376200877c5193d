"""Rendered pages kept between `mkdocs serve` rebuilds, so an edit re-renders only what it changes.

MkDocs rebuilds every page after each save. The pages of one journey (its map, personas, phases,
backlog and decisions) are drawn from that journey alone: its folder's YAML, its survey exports,
the organisation's personas, the site's settings and the templates. Their HTML is kept with a
fingerprint of those inputs (each file's modification time and size, as the parse cache does),
and rendered again only when the fingerprint changes. Organisation-wide pages (backlog, decision
register, personas, teams, journeys) read every journey and are always rendered again.

Measured with benchmarks/serve_bench.py (360 pages, a one-line edit of one journey): see
docs/configuration.md, Editing with `mkdocs serve`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..analysis import SiteAnalysis
from .pages import GeneratedPage

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass
class RenderCache:
    """src_uri -> (fingerprint, HTML) of journey pages; `rendered` counts actual renders (tests, logs)."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    rendered: int = 0

    def get(self, page: GeneratedPage, fingerprint: Optional[str]) -> Optional[str]:
        """The page's HTML when it was rendered with this `fingerprint`; None when it must be
        rendered (always, when `fingerprint` is None)."""
        if fingerprint is None:
            return None
        hit = self.entries.get(page.src_uri)
        return hit[1] if hit is not None and hit[0] == fingerprint else None

    def put(self, page: GeneratedPage, fingerprint: Optional[str], html: str) -> None:
        """Keep the HTML just rendered for the page (counted in `rendered`), under `fingerprint`."""
        self.rendered += 1
        if fingerprint is not None:
            self.entries[page.src_uri] = (fingerprint, html)

    def keep_only(self, src_uris: set[str]) -> None:
        """Forget the pages a rebuild no longer has (a journey, persona or phase removed)."""
        self.entries = {uri: entry for uri, entry in self.entries.items() if uri in src_uris}


def page_fingerprints(analysis: SiteAnalysis, pages: Iterable[GeneratedPage], root: Path, journeys_dir: str,
                      settings: str, template_dirs: Iterable[Path]) -> dict[str, str]:
    """src_uri -> fingerprint of every journey page's inputs; organisation pages have none.

    `settings` is a text of everything else a page depends on (plugin options, analysis settings
    with `today`, language, URL style, edit links); `template_dirs` are the site's theme folders
    (overrides/ and the theme's), of which only the journeymaps/ subfolder holds our templates.
    """
    base = root / journeys_dir
    organisation = [path for path in base.iterdir() if path.is_file()] if base.is_dir() else []  # personas.yml
    templates = _files(folder / "journeymaps" for folder in [*template_dirs, PACKAGE_TEMPLATES])
    shared = _digest([settings, *_stats(templates), *_stats(sorted(organisation))])
    by_journey: dict[str, str] = {}
    for journey in analysis.site.journeys:
        feedback = analysis.feedback.get(journey.id)
        exports = [root / name for name in feedback.files] if feedback else []  # a glob may reach outside the folder
        inputs = _stats(_files([base / journey.id]) + exports)
        by_journey[journey.id] = _digest([shared, journey.id, *inputs])
    return {
        page.src_uri: by_journey[page.context["journey"].id]
        for page in pages
        if page.kind.of_one_journey and page.context.get("journey") is not None
    }


def _files(folders: Iterable[Path]) -> list[Path]:
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file())


def _stats(paths: Iterable[Path]) -> list[str]:
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append(f"{path}:missing")
            continue
        found.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return found


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
