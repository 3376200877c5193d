"""The MkDocs adapter: wires the journeymaps pipeline into a build, and nothing more.

on_config  runs load -> feedback -> analysis and stops the build on the first error, before
           anything is written, so a bad pull request never leaves half a site behind;
on_pre_build renders every generated page up front, or has worker processes start drawing
           them (every check that would stop the build on the site's input runs before MkDocs
           empties site/);
on_files   adds each as a generated MkDocs file with an edit link to the YAML it came from,
           plus the nav when the site has none;
on_page_content swaps in the pre-rendered HTML (our own autoescaping templates, not Markdown);
on_page_context takes the HTML of a page the workers drew meanwhile, hands the search plugin
           the page without its charts and score grids (render/search.py) and puts the whole
           page back for the theme.
The plugin object survives `mkdocs serve` rebuilds (it has on_startup), so unchanged YAML and
CSV files are not parsed again, and the pages of unchanged journeys are not drawn again
(render/cache.py).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import nest_paths

from .. import __version__
from ..analysis import SiteAnalysis
from ..history import HistoryCache, JourneyHistory, read_history
from ..pipeline import Caches, analyse
from ..generate import is_generated_text
from ..options import PluginOptions
from ..problems import Severity, SourceError
from ..render import GeneratedPage, Renderer, nav_entries, toc_entries
from ..render.navigation import nav_mentions
from ..render.cache import RenderCache, page_fingerprints
from ..render.parallel import Drawing, draw_ahead, forks, render_all
from ..render.compact import without_indentation
from ..render.search import search_view, without_markers
from ..render.urls import edit_link
from ..render.feeds import TeamFeed, feed_link_tag, team_feeds
from ..render.assets import CHARTS_CSS_URI, CHARTS_JS_URI, CSS_URI, AssetError, site_assets
from ..render.embed import (
    LANGUAGE, PLACEHOLDER, PLACEHOLDER_RE, ChartRequest, EmbedProblem, FencedBlock, block_for_source, find_blocks,
    parse_block, problem_html, replace_blocks,
)
from .config import JourneymapsConfig

log = get_plugin_logger("journeymaps")

PROGRESS_FROM = 200  # pages: smaller sites build in a few seconds and log no progress
PROGRESS_SECONDS = 2.0  # reading journeys and feedback took this long: say what was read
PROGRESS_EVERY = 100
TAKE_PRIORITY = 100  # on_page_context: a page drawn ahead gets its HTML, before search (priority 0) reads it


class JourneymapsPlugin(BasePlugin[JourneymapsConfig]):
    """The `journeymaps` plugin of mkdocs.yml. Its MkDocs events (documented by MkDocs):

    - on_startup: only defined, so the object, and its caches, lives across serve rebuilds;
    - on_config: reads the options and runs the pipeline (load -> feedback -> analysis), logs the
      warnings, adds the stylesheet and chart scripts and the theme partials it amends (theme/:
      the search dialog's name); raises PluginError for any error in the
      journeys or a chart asset missing from the package, before anything is written;
    - on_pre_build: renders every generated page, or on a large site has forked workers draw
      them while MkDocs reads the site (`_draws_ahead`); raises PluginError on a page address
      taken twice, a broken template override, or (with --strict) a bad journeymap block;
    - on_files: adds the generated pages, downloads and assets as MkDocs files (and the nav when
      the site has none); raises PluginError when a hand-written page takes a generated address;
    - on_page_markdown and on_page_content: journeymap blocks in hand-written pages become charts;
      on_page_content gives a generated page its pre-rendered HTML and table of contents;
    - on_page_context: a page drawn ahead gets its HTML and table of contents (waiting for its
      worker; PluginError when its template fails); the search plugin reads a page without its
      charts and grids;
    - on_post_build, on_build_error, on_shutdown: the workers drawing ahead stop;
    - on_post_page: generated pages without the theme's indentation, progress on large sites.

    With `enabled: false` every event leaves the site as it is.
    """

    def __init__(self) -> None:
        self.caches = Caches()
        self.options = PluginOptions()
        self.analysis: Optional[SiteAnalysis] = None
        self.renderer: Optional[Renderer] = None
        self.html: dict[str, str] = {}
        self.pages: dict[str, GeneratedPage] = {}
        self.downloads: dict[str, str] = {}  # site path -> text: the CSV files the organisation pages offer
        self.embeds: dict[str, list[tuple[Optional[ChartRequest], list[EmbedProblem], int]]] = {}
        self.render_cache = RenderCache()  # journey pages whose inputs did not change, across serve rebuilds
        self.history_cache = HistoryCache()  # each commit analysed once, across serve rebuilds
        self.histories: Optional[dict[str, JourneyHistory]] = None
        self._unsearched: dict[str, str] = {}  # src_uri -> the whole page while search reads search_view()
        self.superfences = False  # journeymap blocks are a custom fence of pymdownx.superfences
        self._fenced: tuple[str, list[FencedBlock], set[int]] = ("", [], set())  # the page being rendered
        self._ahead: Optional[_DrawnAhead] = None  # pages workers draw while MkDocs reads the site
        self.built = 0
        self.feeds: dict[str, TeamFeed] = {}  # team page src_uri -> its Atom feed (render/feeds.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining on_startup makes MkDocs keep this object across serve rebuilds: the caches live here."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.options = PluginOptions.model_validate(dict(self.config))  # validated by config.py already
        if not self.options.enabled:
            self.analysis = None  # every other hook checks this: the site builds without the journeys
            return config
        started = time.perf_counter()
        try:
            settings = self.options.analysis_settings(config_file=Path(config.config_file_path or "mkdocs.yml").name)
            self.analysis = analyse(root, self.options.journeys_dir, settings, self.options.check_levels(), self.caches)
        except SourceError as exc:
            count = len(exc.problems)
            raise PluginError(
                f"{count} error{'s' if count != 1 else ''} in the journeys; nothing was built:\n{exc}"
            ) from None
        seconds = time.perf_counter() - started
        if seconds >= PROGRESS_SECONDS:  # a long build says what it is doing
            feedback = self.analysis.feedback.values()
            log.info(f"read {len(self.analysis.site.journeys)} journeys and "
                     f"{sum(f.total_responses for f in feedback)} survey responses "
                     f"({sum(len(f.files) for f in feedback)} files) in {seconds:.1f} s")
        for journey_id, journey_feedback in sorted(self.analysis.feedback.items()):
            redacted = journey_feedback.redactions
            if redacted:
                counts = ", ".join(f"{count} {kind}" for kind, count in sorted(redacted.items()))
                log.info(f"journey '{journey_id}': personal data redacted from the survey comments quoted: {counts}")
        for problem in self.analysis.warnings:
            if problem.severity is Severity.INFO:
                log.info(str(problem))
            else:
                log.warning(str(problem))
        self.histories = None
        if self.options.history:
            started = time.perf_counter()
            self.histories = read_history(root, self.options.journeys_dir, self.analysis, self.history_cache,
                                          self.analysis.settings)
            seconds = time.perf_counter() - started
            if seconds >= PROGRESS_SECONDS:
                log.info(f"read the journeys' history from git in {seconds:.1f} s "
                         f"({self.history_cache.analysed} commits analysed so far)")
        journeys_path = str(root / self.options.journeys_dir)
        if journeys_path not in [str(Path(w).resolve()) for w in config.watch]:
            config.watch.append(journeys_path)
        if self.options.offline:
            config.theme["font"] = False
        _add_theme_partials(config)
        _add_once(config.extra_css, CSS_URI)
        try:
            self.assets = site_assets(self.options.charts)
        except AssetError as exc:
            raise PluginError(f"journeymaps: {exc}") from None
        if self.options.charts:
            _add_once(config.extra_css, CHARTS_CSS_URI)
            _add_once(config.extra_javascript, CHARTS_JS_URI)
            self.superfences = _register_fence(config, self._fence)
        self.root = root
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Render every generated page, and find every error that would stop the build, before
        MkDocs empties site/: a failed build leaves the previous site as it was. On a large site
        the workers go on drawing while MkDocs reads the site (`_draws_ahead`: only where no
        template of the site's own can fail)."""
        self._stop_ahead()  # a build before that stopped without on_post_build or on_build_error
        if self.analysis is None:  # enabled: false
            return
        language = self.options.language or config.theme.get("language") or config.theme.get("locale") or "en"
        self.renderer = Renderer(
            self.analysis,
            language=str(language),
            use_directory_urls=config.use_directory_urls,
            edit_url=self._edit_url_factory(config),
            override_dirs=list(config.theme.dirs),
            charts=self.options.charts,
            histories=self.histories,
            repo_url=config.repo_url,
        )
        try:
            pages = self.renderer.pages()
        except SourceError as exc:
            raise PluginError(f"{len(exc.problems)} error(s) in the journeys; nothing was built:\n{exc}") from None
        docs = get_files(config)  # listed again by MkDocs once site/ is emptied: every check must come first
        if config.strict and self.options.charts:
            self._refuse_block_problems(docs, config)
        generated = {page.src_uri for page in pages}
        _refuse_collisions(pages, {f.src_uri for f in docs if f.src_uri in generated
                                   and not _made_by_generate(f.abs_src_path)})  # reads only colliding files
        fingerprints = self._fingerprints(pages, config, str(language))
        self.html = self._rendered(pages, fingerprints, config)  # before a single page is written, or ahead
        self.render_cache.keep_only(set(fingerprints))
        self.pages = {p.src_uri: p for p in pages}
        self.downloads = self.renderer.downloads()
        self.feeds = self._team_feeds(config, str(language))

    def _rendered(self, pages: list[GeneratedPage], fingerprints: dict[str, str],
                  config: MkDocsConfig) -> dict[str, str]:
        """src_uri -> HTML of every page: kept by the render cache, or rendered now, on every CPU
        when there are many (render/parallel.py). Raises PluginError naming the page whose
        template fails. Pages drawn ahead (see `_draws_ahead`) are left out: they come in as
        MkDocs writes them (`_take_ahead`)."""
        html = {page.src_uri: self.render_cache.get(page, fingerprints.get(page.src_uri)) for page in pages}
        todo = [page for page in pages if html[page.src_uri] is None]
        progress = self._progress(len(pages), len(pages) - len(todo))
        render = self._render_function()
        workers = forks(len(todo))
        if workers and self._draws_ahead(config):
            drawing = draw_ahead(todo, render, workers, note=log.info)
            if drawing is not None:
                # progress: on_post_page's "built N of M pages" says it, as each page comes in
                self._ahead = _DrawnAhead(drawing, {page.src_uri: i for i, page in enumerate(todo)}, fingerprints)
                return {uri: text for uri, text in html.items() if text is not None}
        for page, text in zip(todo, render_all(todo, render, workers, progress=progress, note=log.info)):
            self.render_cache.put(page, fingerprints.get(page.src_uri), text)
            html[page.src_uri] = text
        return {uri: text for uri, text in html.items() if text is not None}

    def _render_function(self) -> Callable[[GeneratedPage], str]:
        """The renderer's `render`, with a failing template as a PluginError naming it and the page."""
        renderer = self.renderer
        assert renderer is not None

        def render(page: GeneratedPage) -> str:
            try:
                return renderer.render(page)
            except TemplateError as exc:
                raise PluginError(f"template {page.template} failed for {page.src_uri}: {exc}") from None

        return render

    def _progress(self, total: int, kept: int) -> Callable[[int], None]:
        """progress(done): logs 'rendered N of M generated pages' every PROGRESS_EVERY pages of a
        large site, counting the `kept` pages the render cache had as rendered."""
        logged = kept

        def progress(done: int) -> None:
            nonlocal logged
            n = kept + done
            if total >= PROGRESS_FROM and (n // PROGRESS_EVERY > logged // PROGRESS_EVERY or n == total):
                log.info(f"rendered {n} of {total} generated pages")
                logged = n

        return progress

    def _draws_ahead(self, config: MkDocsConfig) -> bool:
        """Whether the workers may go on drawing while MkDocs reads and lays out the site, each
        page's HTML taken when MkDocs writes it (on_page_context), rather than all of them before
        site/ is emptied. Only when nothing can fail on the site's own input once site/ is emptied
        (no template of the site's overrides/journeymaps/: a broken override must leave the old
        site as it was), and when no other plugin or hook could read a generated page before its
        HTML is in: none with on_page_content or on_env, nor with an on_page_context that may run
        before this plugin's (priority TAKE_PRIORITY or more)."""
        assert self.renderer is not None
        if self.renderer.has_overrides:
            return False
        events = config.plugins.events

        def others(name: str, from_priority: float = float("-inf")) -> bool:
            return any(getattr(event, "__self__", None) is not self
                       and getattr(event, "mkdocs_priority", 0) >= from_priority for event in events[name])

        # An on_page_context of priority 100 may run before this plugin's too: MkDocs keeps the
        # order in which the plugins are listed.
        return not (others("page_content") or others("env") or others("page_context", from_priority=TAKE_PRIORITY))

    def _take_ahead(self, page: Page) -> None:
        """Give a page drawn ahead its HTML and table of contents, waiting for its worker; raises
        PluginError naming the page whose template fails."""
        ahead = self._ahead
        src_uri = page.file.src_uri
        if ahead is None or src_uri not in ahead.index:
            return
        text = ahead.drawing.html(ahead.index[src_uri])
        self.render_cache.put(self.pages[src_uri], ahead.fingerprints.get(src_uri), text)
        self.html[src_uri] = text
        page.content = text
        page.toc = get_toc(toc_entries(text))

    def _stop_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.drawing.close()
            self._ahead = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_ahead()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_ahead()  # the workers stop with the build

    def on_shutdown(self) -> None:
        self._stop_ahead()  # after Ctrl-C too, for which MkDocs calls no on_build_error

    def _team_feeds(self, config: MkDocsConfig, language: str) -> dict[str, TeamFeed]:
        """Each team's feed (render/feeds.py), with the state changes git shows (history; none
        with `history: false`)."""
        assert self.analysis is not None
        feeds = team_feeds(self.analysis, self.histories or {}, language=language, site_name=config.site_name,
                           site_url=config.site_url, use_directory_urls=config.use_directory_urls)
        return {feed.page: feed for feed in feeds}

    def _fingerprints(self, pages: list[GeneratedPage], config: MkDocsConfig, language: str) -> dict[str, str]:
        """Each journey page's inputs, for the render cache (render/cache.py)."""
        assert self.analysis is not None
        settings = json.dumps([
            self.options.model_dump(mode="json"), repr(self.analysis.settings), language, config.use_directory_urls,
            config.docs_dir, config.repo_url, config.edit_uri, config.edit_uri_template, __version__,
        ], default=str)
        return page_fingerprints(self.analysis, pages, self.root, self.options.journeys_dir, settings,
                                 [Path(d) for d in config.theme.dirs])

    def _refuse_block_problems(self, docs: Files, config: MkDocsConfig) -> None:
        """With --strict a journeymap block's problem stops the build: find them all now, before
        MkDocs empties site/, rather than as warnings after every page was written."""
        assert self.analysis is not None
        found = []
        for file in docs.documentation_pages():
            if _made_by_generate(file.abs_src_path):
                continue
            text = file.content_string.replace("\r\n", "\n")
            if LANGUAGE not in text:
                continue
            path = _source_path(file.src_uri, config)
            for block in find_blocks(text, nested=self.superfences):
                found += [problem.text(path) for problem in parse_block(block, self.analysis.site)[1]]
        if found:
            raise PluginError(f"{len(found)} problem(s) in journeymap blocks; with --strict nothing was built "
                              "and site/ is as it was:\n" + "\n".join(found))

    @event_priority(-50)  # late, so that files other plugins generate are already there
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.analysis is None:  # enabled: false
            return files
        assert self.renderer is not None
        pages = list(self.pages.values())
        for stale in [f for f in files if f.src_uri in self.pages and _made_by_generate(f.abs_src_path)]:
            files.remove(stale)  # a copy `journeymaps generate` wrote for Zensical: the plugin's page wins
        _refuse_collisions(pages, {f.src_uri for f in files})  # files other plugins generated since
        self.built = 0
        self.total = len(files.documentation_pages()) + len(pages)
        user_pages = [f.src_uri for f in files.documentation_pages()]
        for page in pages:
            generated = File.generated(
                config, page.src_uri, content=_stub(page),
                inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
            )
            generated.edit_uri = self._edit_uri(page.source, config)
            files.append(generated)
        for uri, text in self.downloads.items():
            copy = files.get_file_from_path(uri)  # the copy `journeymaps generate` left in docs/
            if copy is not None:
                files.remove(copy)
            files.append(File.generated(config, uri, content=text))
        for uri, content in [item for feed in self.feeds.values() for item in feed.files().items()]:
            copy = files.get_file_from_path(uri)  # /teams/<team>/feed.xml: the copy generate left in docs/
            if copy is not None:
                files.remove(copy)
            files.append(File.generated(config, uri, content=content))
        for uri, path in self.assets.items():
            copy = files.get_file_from_path(uri)  # e.g. the copy `journeymaps generate` left in docs/
            if copy is not None:
                files.remove(copy)  # the installed package's asset is the one that matches this build
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if self.options.nav:
            generated_nav = nav_entries(pages, self.analysis.site, self.renderer.labels)
            if not config.nav:
                config.nav = nest_paths(user_pages) + generated_nav
            elif not nav_mentions(config.nav, set(self.pages)):
                config.nav = list(config.nav) + generated_nav  # a nav of hand-written pages only
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Hand-written pages: each ```journeymap block becomes a placeholder, filled in on_page_content.
        With superfences the blocks stay in the Markdown and `_fence` places the placeholders."""
        if self.analysis is None:  # enabled: false
            return markdown
        src_uri = page.file.src_uri
        self.embeds.pop(src_uri, None)
        if not self.options.charts or page.file.generated_by is not None or LANGUAGE not in markdown:
            return markdown
        blocks = find_blocks(markdown, nested=self.superfences)
        hidden = 0 if self.superfences else len(find_blocks(markdown, nested=True)) - len(blocks)
        if hidden:
            log.warning(
                f"{_page_path(page, config)}: {hidden} journeymap block(s) inside a tab, note or list cannot be "
                "drawn: add pymdownx.superfences to markdown_extensions (or, to show a block as an example, "
                "put it inside a longer ```` fence)"
            )
        if not blocks:
            return markdown
        offset = _front_matter_lines(page, markdown)
        if not self.superfences:
            markdown, blocks = replace_blocks(markdown)
        self.embeds[src_uri] = [self._parse(block, page, config, offset) for block in blocks]
        self._fenced = (src_uri, blocks, set())
        return markdown

    def _parse(self, block: FencedBlock, page: Page, config: MkDocsConfig,
               offset: int) -> tuple[Optional[ChartRequest], list[EmbedProblem], int]:
        assert self.analysis is not None
        request, problems = parse_block(block, self.analysis.site)
        for problem in problems:
            log.warning(problem.text(_page_path(page, config), offset))
        return request, problems, offset

    def _fence(self, source: str, language: str, class_name: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
        """pymdownx.superfences' formatter for ```journeymap: the placeholder of the block whose body
        this is, in the page on_page_markdown just read (Markdown renders one page at a time)."""
        _, blocks, taken = self._fenced
        n = block_for_source(blocks, source, taken)
        if n is None:  # a block on_page_markdown did not see (a page no plugin event announced): draw nothing
            return ""
        taken.add(n)
        return PLACEHOLDER.format(n=n)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.analysis is None:  # enabled: false
            return html
        if self._ahead is not None and page.file.src_uri in self._ahead.index:
            return html  # drawn ahead: the HTML comes in on_page_context (_take_ahead)
        generated = self.html.get(page.file.src_uri)
        if generated is None or page.file.generated_by is None:
            embeds = self.embeds.get(page.file.src_uri)
            html = self._fill_embeds(html, page, config, embeds) if embeds else html
            if self.options.charts and _UNDRAWN.search(html):
                log.warning(f"{_page_path(page, config)}: a journeymap block was left as code, not drawn")
            return html
        page.toc = get_toc(toc_entries(generated))
        return generated

    @event_priority(TAKE_PRIORITY)  # before Material's search plugin (priority 0) indexes page.content
    def _on_page_context_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Search reads the page without its charts and score grids (render/search.py); the
        whole page is kept aside and put back once search has read it. A page drawn ahead gets
        its HTML first."""
        self._take_ahead(page)
        if self.analysis is not None and page.content:
            view = search_view(page.content)
            if view is not page.content:
                self._unsearched[page.file.src_uri] = without_markers(page.content)
                page.content = view
        return context

    @event_priority(-100)  # after every plugin that reads page.content for search
    def _on_page_context_restore(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        whole = self._unsearched.pop(page.file.src_uri, None)
        if whole is not None:
            page.content = whole
        return context

    on_page_context = CombinedEvent(_on_page_context_search, _on_page_context_restore)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Progress for large sites, which take long enough to wonder whether anything happens.
        Generated pages lose the theme's indentation (render/compact.py: fewer bytes, same pixels)."""
        if self.analysis is None:  # enabled: false
            return output
        feed = self.feeds.get(page.file.src_uri)
        if feed is not None:  # feed readers find a team's feed in the head of its page
            output = output.replace("</head>", feed_link_tag(feed, _page_url(page, config)) + "</head>", 1)
        if page.file.src_uri in self.html:
            output = without_indentation(output)
        self.built += 1
        total = getattr(self, "total", 0)
        if total >= PROGRESS_FROM and (self.built % PROGRESS_EVERY == 0 or self.built == total):
            log.info(f"built {self.built} of {total} pages")
        return output

    def _fill_embeds(self, html: str, page: Page, config: MkDocsConfig,
                     embeds: list[tuple[Optional[ChartRequest], list[EmbedProblem], int]]) -> str:
        renderer = self.renderer
        assert renderer is not None
        here = renderer.chart_maker(_page_url(page, config))
        where = _page_path(page, config)

        def fill(match: re.Match[str]) -> str:
            n = int(match.group(1))
            if n >= len(embeds):
                return match.group(0)
            request, problems, offset = embeds[n]
            if request is None:
                return problem_html(renderer.t("embed_problem"), problems, where, offset)
            try:
                return renderer.render_embed(request, page.file.src_uri, here)
            except TemplateError as exc:
                log.warning(f"{where}: journeymap block: the chart failed to render: {exc}")
                return ""

        return PLACEHOLDER_RE.sub(fill, html)

    # -- helpers -------------------------------------------------------------------------------

    def _edit_uri(self, source: Optional[str], config: MkDocsConfig) -> Optional[str]:
        """The YAML file's path relative to docs_dir, which MkDocs joins onto edit_uri like any page."""
        if not source:
            return None
        return Path(os.path.relpath(self.root / source, config.docs_dir)).as_posix()

    def _edit_url_factory(self, config: MkDocsConfig) -> Callable[[str], Optional[str]]:
        """Edit links for single items (a touchpoint, a decision) on pages built from many files."""
        def edit_url(source: str) -> Optional[str]:
            src = self._edit_uri(source, config)
            if src is None or not (config.edit_uri or config.edit_uri_template):
                return None
            return edit_link(config.repo_url, config.edit_uri, config.edit_uri_template, src)

        return edit_url


@dataclass
class _DrawnAhead:
    """Pages forked workers draw while MkDocs reads the site (JourneymapsPlugin._draws_ahead)."""

    drawing: Drawing
    index: dict[str, int]  # src_uri -> the page's index in the drawing
    fingerprints: dict[str, str]  # for the render cache, as each page comes in


_UNDRAWN = re.compile(r'<code[^>]*class="[^"]*\blanguage-journeymap\b')


def _register_fence(config: MkDocsConfig, formatter: Any) -> bool:
    """Make ```journeymap a custom fence of pymdownx.superfences, if the site uses it; whether it does."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        return False
    settings = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = [f for f in settings.get("custom_fences", []) if f.get("name") != LANGUAGE]
    settings["custom_fences"] = [*fences, {"name": LANGUAGE, "class": LANGUAGE, "format": formatter}]
    return True


def _made_by_generate(path: Optional[str]) -> bool:
    """Whether a docs file is a page `journeymaps generate` wrote (it carries generate's marker)."""
    try:
        return path is not None and is_generated_text(Path(path).read_text(encoding="utf-8", errors="replace")[:2000])
    except OSError:
        return False


def _refuse_collisions(pages: list[GeneratedPage], taken: set[str]) -> None:
    """A hand-written page at the path of a generated one is an error: never overwrite either."""
    clashes = sorted(page.src_uri for page in pages if page.src_uri in taken)
    if clashes:
        raise PluginError(
            f"docs/{clashes[0]} has the same path as a page journeymaps generates "
            f"({len(clashes)} such page{'s' if len(clashes) != 1 else ''}); rename or remove it "
            "(write intro text in docs/index.md or another page); nothing was built"
        )


def _add_once(assets: list[Any], uri: str) -> None:
    """Add a stylesheet or script to extra_css/extra_javascript unless the site lists it already."""
    if uri not in [str(asset) for asset in assets]:
        assets.append(uri)


def _page_url(page: Page, config: MkDocsConfig) -> str:
    from ..render.urls import page_url

    return page_url(page.file.src_uri, config.use_directory_urls)


def _page_path(page: Page, config: MkDocsConfig) -> str:
    """The page as its author finds it: docs/embedding-charts.md."""
    return _source_path(page.file.src_uri, config)


def _source_path(src_uri: str, config: MkDocsConfig) -> str:
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path or ".").resolve().parent
    try:
        prefix = docs.resolve().relative_to(root).as_posix()
    except ValueError:
        prefix = docs.name
    return f"{prefix}/{src_uri}" if prefix not in ("", ".") else src_uri


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the file come before the Markdown MkDocs hands us (its YAML front matter)."""
    try:
        source = page.file.content_string
    except Exception:  # a file we cannot read again: line numbers count from the body
        return 0
    source = source.replace("\r\n", "\n")
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


THEME_PARTIALS = Path(__file__).resolve().parent.parent / "theme"


def _add_theme_partials(config: MkDocsConfig) -> None:
    """Material's templates that the plugin amends (theme/partials/: the search dialog gets its
    accessible name), after the site's custom_dir, so a site's own partial still wins."""
    folder = str(THEME_PARTIALS)
    if folder not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, folder)


def _stub(page: GeneratedPage) -> str:
    """The Markdown MkDocs reads for a generated page: only its title. The body is swapped in later,
    so no YAML text ever passes through Markdown. JSON is valid YAML and keeps any title quoted."""
    from markupsafe import escape

    return f"---\ntitle: {json.dumps(str(escape(page.title)))}\n---\n"
