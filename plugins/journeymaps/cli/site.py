"""The site a command works on: the journeymaps options in its mkdocs.yml, and the build's pipeline
run with them.

mkdocs.yml is read with a plain YAML loader (its `!!python/name:` and `!ENV` tags are ignored or
read as MkDocs reads them): the command line never imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import yaml
from yaml_env_tag import construct_env_tag

from ..options import PluginOptions, parse_options
from ..problems import Location, Problem, SourceError
from .common import UsageError, shown_dir

if TYPE_CHECKING:  # the pipeline is imported where it runs: `journeymaps --help` stays fast
    from ..analysis import SiteAnalysis

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading as MkDocs loads mkdocs.yml: `!ENV` reads the environment (with the same
    package MkDocs uses); every other tag it does not know (!!python/name:, !relative) is None."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An unquoted date such as 2026-02-30 makes PyYAML raise a bare ValueError: say where instead."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a date: {exc}", node.start_mark) from None


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class SiteOptions:
    """The journeymaps plugin's options in a site's mkdocs.yml, validated as the build validates them."""

    config_file: str
    plugin: PluginOptions
    warnings: list[Problem] = field(default_factory=list)  # unknown option names
    docs_dir: str = "docs"  # mkdocs.yml's docs_dir, where a hand-written page could take a generated one's path
    theme_language: Optional[str] = None  # mkdocs.yml's theme.language (or theme.locale)

    @property
    def language(self) -> str:
        """The language of the labels, as the build picks it: the plugin's language option, else
        the theme's language, else English."""
        return str(self.plugin.language or self.theme_language or "en")

    @property
    def journeys_dir(self) -> str:
        """The journeys folder, relative to the site's folder (the plugin's journeys_dir)."""
        return self.plugin.journeys_dir


def find_config(root: Path) -> Optional[Path]:
    """The site's mkdocs.yml (or mkdocs.yaml) in the folder `root`, None when there is none."""
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def load_config(config: Path) -> Any:
    """The whole of mkdocs.yml as data, with the tags MkDocs adds read as MkDocs reads them (or as
    None); raises yaml.YAMLError or UnicodeDecodeError when it does not read."""
    return yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)


def read_options(root: Path) -> SiteOptions:
    """The plugin options of the site at `root`; raise UsageError when it is not a site, SourceError
    when the options are wrong (the build would stop on them too)."""
    config = find_config(root)
    if config is None:
        raise UsageError(f"{shown_dir(root)} is not a site: there is no mkdocs.yml (use --root to point at the site)")
    name = config.name
    try:
        data = load_config(config)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise SourceError([Problem(location, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    found, raw = _plugin_entry(data)
    if not found:
        raise UsageError(f"{shown_dir(root)}/{name} does not enable the journeymaps plugin (add it under plugins:)")
    plugin, warnings = parse_options(raw, name)
    docs_dir = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    theme_language = theme.get("language") or theme.get("locale")
    return SiteOptions(name, plugin, warnings, docs_dir, str(theme_language) if theme_language else None)


def _plugin_entry(data: Any) -> tuple[bool, Any]:
    """Whether mkdocs.yml's plugins enable journeymaps, and its raw options (the last entry wins)."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries: list[Any] = list(plugins.items()) if isinstance(plugins, dict) else list(plugins or [])
    raw: Any = None
    found = False
    for entry in entries:
        if isinstance(entry, tuple) and entry[0] == "journeymaps":
            raw, found = entry[1], True
        elif entry == "journeymaps":
            raw, found = {}, True
        elif isinstance(entry, dict) and "journeymaps" in entry:
            raw, found = entry["journeymaps"], True
    return found, raw


def options_or_usage(root: Path) -> SiteOptions:
    """read_options for commands that only need the folders: wrong options are a UsageError too."""
    try:
        return read_options(root)
    except SourceError as exc:
        raise UsageError(f"mkdocs.yml: {exc.problems[0].message}") from None


def run_pipeline(root: Path, options: SiteOptions) -> SiteAnalysis:
    """pipeline.analyse with the settings the build uses, then the page list the build
    would publish (two pages at one address stop the build, so they stop validate too); gives the
    analysis, raises SourceError."""
    from ..pipeline import analyse
    from ..i18n import labels
    from ..render import build_pages

    settings = options.plugin.analysis_settings(config_file=options.config_file)
    analysis = analyse(root, options.journeys_dir, settings, options.plugin.check_levels())
    # the history pages' addresses only: validate reads no git (an empty history per journey)
    pages = build_pages(analysis, labels(options.plugin.language or "en"), {} if options.plugin.history else None)
    from ..generate import is_generated_text

    taken = [p.src_uri for p in pages if (root / options.docs_dir / p.src_uri).is_file()
             and not is_generated_text((root / options.docs_dir / p.src_uri).read_text(encoding="utf-8", errors="replace"))]
    if taken:
        raise SourceError([
            Problem(Location(f"{options.docs_dir}/{uri}"), "has the same path as a page journeymaps generates",
                    "rename or remove it (write intro text in docs/index.md or another page)")
            for uri in taken
        ])
    return analysis
