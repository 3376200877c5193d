"""What the site's search reads of a generated page: the page without its charts and score grids.

A reader searches for touchpoints, personas, decisions and their rationale, not for the cells
of a persona-by-touchpoint matrix ("2.5 (estimate); Target 4.0; -1.5") or a chart's hover text.
Those parts are wrapped in the `m.unsearched()` macro (templates/journeymaps/macros.html),
which puts them between the two HTML comments below; `search_view` cuts them out.

Material's search plugin parses every page's HTML in Python (html.parser): on the benchmark site
of benchmarks/site_bench.py that was over half of the build, most of it in those grids and
charts. The MkDocs adapter hands the search plugin `search_view(page.content)` and puts the
whole page back, `without_markers`, before the theme renders it, so readers still see everything.
"""

from __future__ import annotations

import re

SKIP_START = "<!--jm:unsearched-->"
SKIP_END = "<!--/jm:unsearched-->"
_SKIPPED = re.compile(re.escape(SKIP_START) + ".*?" + re.escape(SKIP_END), re.DOTALL)


def without_markers(html: str) -> str:
    """`html` as readers get it: everything kept, the two markers gone (41 bytes a part)."""
    if SKIP_START not in html:
        return html
    return html.replace(SKIP_START, "").replace(SKIP_END, "")


def search_view(html: str) -> str:
    """`html` without every part between SKIP_START and SKIP_END (markers included).

    The marked parts do not nest (the macro is used around whole charts and tables only);
    customer text cannot forge a marker, since every label and comment is HTML-escaped.
    An unclosed SKIP_START cuts nothing.
    """
    if SKIP_START not in html:
        return html
    return _SKIPPED.sub("", html)
