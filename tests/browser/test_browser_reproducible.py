"""Two builds of the same input give byte-identical pages: no build times, random ids or ordering
from sets in the output. SOURCE_DATE_EPOCH fixes the one date MkDocs writes (sitemap lastmod and
the gzip header of sitemap.xml.gz); mkdocs honours it (mkdocs.utils.get_build_datetime)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib

from .conftest import REPO, SOURCE_DATE_EPOCH, build_site


def digests(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    first = build_site(REPO, tmp_path / "a")
    second = build_site(REPO, tmp_path / "b")
    a, b = digests(first), digests(second)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    pages = [f for f in a if f.endswith(".html")]
    assert len(pages) > 40 and "search/search_index.json" in a
    differ = [f for f in a if a[f] != b[f]]
    assert differ == [], f"{len(differ)} files differ between two builds of the same input: {differ[:20]}"


def test_mkdocs_honours_source_date_epoch(tmp_path):
    """The dates MkDocs writes come from SOURCE_DATE_EPOCH, not the clock (so the test above means
    something on any day); the gzip header of sitemap.xml.gz carries the same timestamp."""
    site = build_site(REPO, tmp_path / "site")
    day = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.timezone.utc).strftime("%Y-%m-%d")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{day}</lastmod>" in sitemap
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == int(SOURCE_DATE_EPOCH)  # gzip MTIME
    assert gzip.decompress(raw).decode("utf-8") == sitemap
