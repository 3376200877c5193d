"""The site search finds what people look for (touchpoints, their expectations and pain points, the
words of hand-written pages) and not the cells of charts and score grids, which stay on the page."""

from __future__ import annotations

import json
import re

from tests.helpers import make_site, mkdocs

JOURNEY = """\
title: Webshop
owner: Team Web
phases:
  - id: see
    title: See
  - id: do
    title: Do
touchpoints:
  - id: ad
    phase: see
    title: Advert
    owner: Team Marketing
    target: 4
    estimate: {sanne: 2, ruud: 4.5}
    expectation: Sees the spring sale on social media
    pain_points: [Too many adverts in one week]
  - id: checkout
    phase: do
    title: Checkout
    owner: Team Payments
    target: 4
    estimate: {sanne: 3, ruud: 3.5}
"""

EMBED_PAGE = """\
# Quarterly review

The checkout work went to the payments team.

```journeymap
journey: webshop
chart: heatmap
```
"""


def built(tmp_path):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY, "docs/review.md": EMBED_PAGE})
    result = mkdocs(root, "build")  # not --strict: the gaps below warn, on purpose
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    out = root / "site"
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    return out, {doc["location"]: doc for doc in index["docs"]}


def test_search_skips_charts_and_score_grids_that_readers_still_see(tmp_path):
    out, docs = built(tmp_path)
    phase = (out / "journeys/webshop/phases/see/index.html").read_text(encoding="utf-8")
    # Readers see the heatmap's data table, the persona matrix and the gaps on the page ...
    assert 'class="jm-table jm-matrix"' in phase and "jm-chart--heatmap" in phase
    assert re.search(r"<td[^>]*>.*?2\.0.*?Unaddressed gap", phase, re.S)
    # ... but the search entries of those sections hold no cells.
    for anchor in ("heatmap", "persona-matrix"):
        assert docs[f"journeys/webshop/phases/see/#{anchor}"]["text"] == "", anchor
    journey = docs["journeys/webshop/#gaps"]["text"]
    assert "Advert" not in journey and "Unaddressed" not in journey
    assert all("; Target 4.0;" not in doc["text"] for doc in docs.values())  # a cell of the heatmap's table


def test_search_finds_touchpoints_and_the_words_around_charts(tmp_path):
    out, docs = built(tmp_path)
    advert = docs["journeys/webshop/phases/see/#tp-ad"]
    assert advert["title"].startswith("Advert")
    assert "Sees the spring sale on social media" in advert["text"]
    assert "Too many adverts in one week" in advert["text"]
    review = [doc for location, doc in docs.items() if location.startswith("review/")]
    assert any("went to the payments team" in doc["text"] for doc in review)
    assert not any("Target" in doc["text"] for doc in review)  # the embedded chart's table is not indexed
    page = (out / "review/index.html").read_text(encoding="utf-8")
    assert "jm-chart--heatmap" in page and "data-jm-figure" in page


def test_every_page_closes_what_it_leaves_out_of_search(tmp_path):
    """The templates' markers pair up, never nest, and readers never get them."""
    from journeymaps.pipeline import analyse
    from journeymaps.render import Renderer

    out, _ = built(tmp_path)
    for page in out.rglob("*.html"):
        assert "jm:unsearched" not in page.read_text(encoding="utf-8"), page
    renderer = Renderer(analyse(tmp_path, "journeys"))
    for page in renderer.pages():
        html = renderer.render(page)
        starts = [m.start() for m in re.finditer("<!--jm:unsearched-->", html)]
        ends = [m.start() for m in re.finditer("<!--/jm:unsearched-->", html)]
        assert len(starts) == len(ends), page.src_uri
        assert all(s < e for s, e in zip(starts, ends)), page.src_uri
        assert all(e < s for e, s in zip(ends, starts[1:])), page.src_uri  # none nested
    assert any("<!--jm:unsearched-->" in renderer.render(page) for page in renderer.pages())
