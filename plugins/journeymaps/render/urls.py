"""Where each generated page lives and how pages link to each other, without MkDocs.

MkDocs rewrites links only in Markdown; our pages are HTML, so we compute relative URLs
ourselves, the same way MkDocs maps a source path to a URL in both `use_directory_urls` modes.
Links are always relative, so a site served under a sub-path (https://intranet/cx/) works.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urljoin, urlsplit


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """'journeys/x/personas/p.md' -> 'journeys/x/personas/p/' (or '.html'); 'a/index.md' -> 'a/'."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    directory, name = posixpath.split(stem)
    if not use_directory_urls:
        return f"{stem}.html" if name not in ("index", "README") else posixpath.join(directory, "index.html")
    if name in ("index", "README"):
        return f"{directory}/" if directory else ""
    return f"{stem}/"


@lru_cache(maxsize=65536)  # a site links the same few hundred pages from every page
def relative_url(target: str, current: str) -> str:
    """A link from the page at URL `current` to the page at URL `target`, both site-relative."""
    current_dir = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath(target or ".", current_dir.rstrip("/") or ".")
    if (target.endswith("/") or not target) and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def slugify(text: str) -> str:
    """A URL path segment for free text such as a team name, keeping letters of every script:
    'Team Payments & Co' -> 'team-payments-co', 'Служба доставки' -> 'служба-доставки'. Text with
    no letter or digit at all (emoji) gets 'team-' and a short hash of the text, so distinct names
    stay distinct; names that differ only in case, accents written apart or spacing share a slug."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[\W_]+", "-", normal).strip("-")
    if slug:
        return slug
    return "team-" + hashlib.sha1(normal.encode("utf-8")).hexdigest()[:8]


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """The web page of commit `sha` on the site's forge, from mkdocs.yml's repo_url: GitHub's
    '<repo>/commit/<sha>', GitLab's '<repo>/-/commit/<sha>' (recognised by 'github' or 'gitlab' in
    the host name, so GitHub Enterprise and self-hosted GitLab count); None for any other host or
    no repo_url (the page then shows the short id as text). Only http and https URLs are used."""
    if not repo_url:
        return None
    parts = urlsplit(str(repo_url).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    base = f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/").removesuffix(".git")
    host = (parts.hostname or "").lower()
    if "github" in host:
        return f"{base}/commit/{sha}"
    if "gitlab" in host:
        return f"{base}/-/commit/{sha}"
    return None


def edit_link(repo_url: str | None, edit_uri: str | None, template: str | None, src: str) -> str | None:
    """The edit URL of `src` (a path relative to docs_dir, such as '../journeys/x/journey.yml') as
    MkDocs builds one: edit_uri_template formatted, else edit_uri + src, joined onto repo_url (as a
    folder: 'https://git.example/org/site' keeps its last segment); None without either."""
    if template:
        path = str(template).format(path=src, path_noext=posixpath.splitext(src)[0])
    elif edit_uri:
        path = str(edit_uri).rstrip("/") + "/" + src
    else:
        return None
    return urljoin(repo_url.rstrip("/") + "/" if repo_url else "", path)
