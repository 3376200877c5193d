"""Rendering pages to HTML with Jinja2: autoescaping, overridable templates, localised formatting.

MkDocs' own Jinja environment does not autoescape, and every text in a journey is written by
someone else, so the plugin's pages render in an environment of their own. A site overrides a
template by placing a file of the same name under its `overrides/journeymaps/`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, TypedDict, Union

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..analysis import SiteAnalysis
from ..history import JourneyHistory
from ..i18n import labels as load_labels
from ..i18n import plural
from .charts import ChartMaker
from .markdown import render_markdown
from .template_cache import template_cache
from .downloads import downloads
from . import routes
from .pages import GeneratedPage, PageKind, build_pages, decision_rows
from .urls import commit_url, page_url, relative_url, slugify

_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


class Renderer:
    """Turns an analysed site into pages and their HTML."""

    def __init__(
        self,
        analysis: SiteAnalysis,
        language: str = "en",
        use_directory_urls: bool = True,
        edit_url: Callable[[str], Optional[str]] = lambda path: None,
        override_dirs: Sequence[Union[str, Path]] = (),
        charts: bool = True,
        histories: Optional[Mapping[str, JourneyHistory]] = None,
        repo_url: Optional[str] = None,
        files_from_source: bool = False,
    ):
        """`histories`: journey id -> its history from git (history/), which adds a history page
        per journey; None (`history: false`) leaves them out. `repo_url`: mkdocs.yml's, for links
        to commits (GitHub and GitLab)."""
        self.analysis = analysis
        self.histories = histories
        self.repo_url = repo_url
        # Links (`url()`, and `file()`: a download, a team's feed) relative to the page's source file
        # rather than its URL: Zensical reads a generated page's links as Markdown's, from teams/x.md,
        # not /teams/x/. A chart's links stay relative to the URL: they are data, which it leaves alone.
        self.files_from_source = files_from_source
        self.language = (language or "en").split("_")[0].split("-")[0]
        self.labels = load_labels(self.language)
        self.use_directory_urls = use_directory_urls
        self.edit_url = edit_url
        self.charts_enabled = charts
        loaders: list[BaseLoader] = [FileSystemLoader(str(d)) for d in override_dirs if Path(d).is_dir()]
        self.has_overrides = any((Path(d) / "journeymaps").is_dir() for d in override_dirs)
        """Whether a folder of `override_dirs` holds templates of its own for the pages (journeymaps/)."""
        loaders.append(PackageLoader("journeymaps.render", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.bytecode_cache = template_cache(self.env)
        self.env.globals.update(
            t=self.t, tn=self.count, fmt=self.number, fmt_score=self.score, period=self.period,
            metric_figure=self.metric_figure, fmt_interval=self.interval, fmt_date=self.date,
            fmt_share=self.share, fmt_month=self.month, md=render_markdown, slugify=slugify,
            route=routes,  # every address a template links to: url(route.phase(journey, phase.id))
            settings=analysis.settings, site=analysis.site, edit=self.edit_url, language=self.language,
            commit_url=lambda sha: commit_url(self.repo_url, sha), quarter=self.quarter,
        )

    def t(self, key: str, **values: Any) -> str:
        """The label `key` in the site's language (i18n/*.yml), with `values` filled into its
        {placeholders}; the key itself when no label has it."""
        text = self.labels.get(key, key)
        return text.format(**values) if values else text

    def count(self, key: str, n: int) -> str:
        """A count with its noun in the right plural form: '1 touchpoint', '3 contactmomenten'."""
        return plural(self.language, key, n)

    def score(self, current: Optional[float], target: Optional[float] = None) -> str:
        """A score with one decimal, or as many more (up to 3) as it takes to show why its state
        differs from the target: 4.47 beside a target of 4.5 reads 4.47, not 4.5."""
        digits = 1
        if current is not None and target is not None and current != target:
            while digits < 3 and round(current, digits) == round(target, digits):
                digits += 1
        return self.number(current, digits)

    def period(self, measured: Any) -> str:
        """Which months a measured score covers, in the site's language: 'Sep – Nov 2026'; with
        'all responses' when the current window held too few."""
        from babel.dates import format_date

        if measured is None or measured.first_month is None:
            return self.t("all_responses") if measured is not None else ""

        def month(text: str, pattern: str) -> str:
            return format_date(dt.date.fromisoformat(text + "-01"), pattern, locale=self.language)

        first, last = measured.first_month, measured.last_month
        if first == last:
            text = month(last, "LLL y")
        elif first[:4] == last[:4]:
            text = f"{month(first, 'LLL')} – {month(last, 'LLL y')}"
        else:
            text = f"{month(first, 'LLL y')} – {month(last, 'LLL y')}"
        return f"{self.t('all_responses')}, {text}" if measured.whole_history else text

    def interval(self, measured: Any) -> str:
        """'95%: 3.7–4.1', the 95% interval of a measured score, with a second decimal when one
        would show the same number twice; '' without one."""
        if measured is None or measured.interval is None:
            return ""
        low, high = measured.interval
        digits = 1 if round(low, 1) != round(high, 1) else 2
        return f"95%: {self.number(low, digits)}–{self.number(high, digits)}"

    def metric_figure(self, measured: Any) -> str:
        """The metric's own figure beside the mapped score (feedback/metrics.py): 'NPS +23',
        'CSAT 4.2 · 78% top-2', 'CES 2.1'; '' for a plain score."""
        if measured is None:
            return ""
        metric = measured.metric.value
        if metric == "nps":
            value = round(measured.metric_value)
            text = f"NPS {'+' if value > 0 else ''}{value}"
            if measured.promoters is not None:
                shares = (measured.promoters, measured.passives, measured.detractors)
                text += " (" + " / ".join(f"{round(100 * share)}% {self.t(key)}" for share, key in
                                          zip(shares, ("promoters", "passives", "detractors"))) + ")"
            return text
        if metric == "csat":
            text = f"CSAT {self.number(measured.metric_value)}"
            if measured.top2box is not None:
                text += f" · {round(100 * measured.top2box)}% {self.t('top2box')}"
            return text
        if metric == "ces":
            direction = "higher_is_better" if measured.higher_is_better else "lower_is_better"
            return f"CES {self.number(measured.metric_value)} ({self.t(direction)})"
        return ""

    def quarter(self, year: int, number: int) -> str:
        """A calendar quarter in the site's language: 'Q3 2026', '3e kwartaal 2026'."""
        return self.t("quarter", n=number, year=year)

    def number(self, value: Optional[float], digits: int = 1) -> str:
        """A score as people in the site's language write it: 3.5 or 3,5."""
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.language == "nl" else text

    def share(self, value: Optional[float]) -> str:
        """A share 0..1 as a whole percentage in the site's language: '34%', '34 %'; '–' for None."""
        if value is None:
            return "–"
        from babel.numbers import format_percent

        return format_percent(value, "#,##0%", locale=self.language)

    def month(self, text: str) -> str:
        """'2026-03' as the site's language writes a month: 'Mar 2026', 'mrt 2026'."""
        from babel.dates import format_date

        return format_date(dt.date.fromisoformat(text + "-01"), "LLL y", locale=self.language)

    def date(self, value: Optional[dt.date]) -> str:
        """A date in the site's language, babel's medium format ('Mar 1, 2026', '1 mrt 2026'), ISO
        when babel cannot format it, and '–' for None."""
        if value is None:
            return "–"
        from babel.core import UnknownLocaleError
        from babel.dates import format_date

        try:
            return format_date(value, format="medium", locale=self.language)
        except (UnknownLocaleError, ValueError):  # a language babel has no data for: ISO is always understood
            return value.isoformat()

    def pages(self) -> list[GeneratedPage]:
        """Every generated page of the site (render/pages.build_pages). Raises SourceError when two
        pages would share an address."""
        return build_pages(self.analysis, self.labels, self.histories)

    def downloads(self) -> dict[str, str]:
        """Site path -> text of the files the pages offer for download (render/downloads.py)."""
        return downloads(self.analysis, self.t, self.language, lambda journey: decision_rows(self.analysis, journey))

    def url_of(self, page: GeneratedPage) -> str:
        """The page's URL in the built site, as MkDocs makes it with `use_directory_urls`."""
        return page_url(page.src_uri, self.use_directory_urls)

    def linker(self, here: str) -> Callable[[str], str]:
        """Links from the page at URL `here` to other pages, named by their source path
        (render/routes.py), with an anchor if it has one: 'journeys/x/phases/p.md#tp-t'."""

        def url(link: str) -> str:
            src_uri, anchor = routes.split(link)
            relative = relative_url(page_url(src_uri, self.use_directory_urls), here)
            return f"{relative}#{anchor}" if anchor else relative

        return url

    def render(self, page: GeneratedPage) -> str:
        """The page's body HTML: its template with its context, links made relative to its URL (to its
        source file with files_from_source; a chart's to its URL always).
        Raises jinja2's errors (TemplateError) for a broken template override."""
        here = self.url_of(page)
        template = self.env.get_template(page.template)
        source = f"{posixpath.dirname(page.src_uri)}/".lstrip("/") if self.files_from_source else here
        return template.render(**page.context, page=page, url=self.linker(source), charts=self.chart_maker(here),
                               file=lambda path: relative_url(path, source))

    def chart_maker(self, here: str) -> Optional[ChartMaker]:
        """The charts of the page at URL `here` (None with `charts: false`): links relative to it."""
        if not self.charts_enabled:
            return None
        return ChartMaker(
            self.analysis, self.t, self.number, self.linker(here), self.language, score=self.score,
            measured_details=lambda m: [text for text in (self.period(m), self.interval(m)) if text],
            metric_figure=self.metric_figure, count=self.count,
        )

    def render_embed(self, request: Any, src_uri: str, maker: Optional[ChartMaker] = None) -> str:
        """The HTML of one fenced `journeymap` block (render/embed.py) on the hand-written page `src_uri`.

        Pass the same `maker` for every block of a page, so that chart ids stay unique on it."""
        here = page_url(src_uri, self.use_directory_urls)
        maker = maker or self.chart_maker(here)
        if maker is None:
            return ""
        journey = request.journey
        context: dict[str, Any] = {
            "journey": journey, "states": self.analysis.states[journey.id], "url": self.linker(here),
            "page": GeneratedPage(src_uri, "", "journeymaps/chart.html", {}, kind=PageKind.EMBED),
        }
        if request.chart == "grid":
            context["embed"] = {"kind": "grid", "chart": None}
        else:
            context["embed"] = {"kind": request.chart, "chart": request.make(maker)}
        return self.env.get_template("journeymaps/chart.html").render(**context)


class TocEntry(TypedDict):
    """A heading in a table of contents, in the shape of MkDocs' toc tokens (mkdocs.structure.toc)."""

    level: int  # 2 or 3
    id: str  # the anchor
    name: str  # the heading's text, HTML-escaped
    children: list[TocEntry]


def toc_entries(html: str) -> list[TocEntry]:
    """The h2/h3 headings of a rendered page, nested, for MkDocs' table of contents."""
    entries: list[TocEntry] = []
    for level, anchor, inner in _HEADING.findall(html):
        name = str(escape(Markup(_TAG.sub("", inner)).unescape())).strip()
        entry: TocEntry = {"level": int(level), "id": anchor, "name": name, "children": []}
        if entry["level"] == 3 and entries:
            entries[-1]["children"].append(entry)
        else:
            entries.append(entry)
    return entries
