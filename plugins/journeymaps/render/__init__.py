"""Render: the generated pages (page objects, Jinja2 templates, sanitised Markdown) and their URLs."""

from .environment import Renderer, toc_entries
from .navigation import nav_entries
from .pages import GeneratedPage, PageKind, build_pages

__all__ = ["GeneratedPage", "PageKind", "Renderer", "build_pages", "nav_entries", "toc_entries"]
