"""Markdown fields from YAML, rendered and then sanitised.

Python-Markdown passes raw HTML and `javascript:` links through untouched, so every
Markdown-typed field (descriptions, rationales) goes Markdown -> HTML -> nh3 allowlist.
Plain-text fields never go through Markdown at all: the templates escape them.
"""

from __future__ import annotations

from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Untrusted Markdown -> safe HTML: only formatting tags, only http(s)/mailto and relative links."""
    if not text:
        return Markup("")
    html = _markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)  # nosec: sanitised by nh3 above
