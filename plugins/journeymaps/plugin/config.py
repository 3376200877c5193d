"""The plugin's options in mkdocs.yml (`plugins: - journeymaps: ...`)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..analysis import Check, Level


class JourneymapsConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """Folder with personas.yml and one folder per journey, relative to mkdocs.yml."""

    language = c.Optional(c.Choice(("en", "nl")))
    """Language of the generated pages' labels. Default: theme.language, else English."""

    min_responses = c.Type(int, default=5)
    """Responses needed before a measured score replaces the estimate, and before quotes are shown."""

    stale_after = c.Type(int, default=365)
    """Warn when a journey's newest feedback is older than this many days (0: never)."""

    today = c.Optional(c.Type(str))
    """The date checks compare with (YYYY-MM-DD), for reproducible builds. Default: today,
    or the JOURNEYMAPS_TODAY environment variable."""

    checks = c.DictOfItems(c.Choice([level.value for level in Level]), default={})
    """Per check: off | info | warn | error (info: logged, but --strict does not fail). Names: """ + ", ".join(check.value for check in Check) + "."

    nav = c.Type(bool, default=True)
    """Add the generated pages to the navigation when mkdocs.yml has no nav of its own."""

    offline = c.Type(bool, default=True)
    """Keep the site free of requests to other hosts: turns off Material's Google Fonts."""

    charts = c.Type(bool, default=True)
    """Draw the interactive charts (plotly.js, copied into the site and loaded only on pages with a
    chart). False leaves them out, and `journeymap` blocks stay code blocks: for comparing build times."""
