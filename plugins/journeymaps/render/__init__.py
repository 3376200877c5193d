"""Render: the generated pages (page objects, Jinja2 templates, sanitised Markdown) and their URLs."""

from .environment import Renderer, toc_entries
from .navigation import nav_entries
from .pages import GeneratedPage, build_pages

__all__ = ["GeneratedPage", "Renderer", "build_pages", "nav_entries", "toc_entries"]
