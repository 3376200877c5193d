"""Generated pages lose the theme's indentation (render/compact.py) and look exactly the same.

The proof is the layout Chromium computes: a page as Material writes it and the same page through
without_indentation are loaded at a desktop and a phone width, light and dark, and every box and
every line of text on them must be at the same place with the same size, and the whitespace the
browser draws (a space between two links, say) the same. Pixels were tried first: the same page
screenshotted twice differs by itself (a code block's scroll bar fading, the search field
brightening once the index is in), so geometry is the stable measure. The pages are hand-written
ones of the example site, which the build leaves indented: Material's full chrome (header,
navigation, search, footer), code blocks in <pre>, tables, admonitions and inline markup.
"""

from __future__ import annotations

import re

import pytest

from journeymaps.render.compact import without_indentation

from .conftest import PALETTES, PHONE

pytestmark = pytest.mark.browser

PAGES = ["configuration/", "contributing/"]
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": PHONE}

# Every element's box and every drawn piece of text (whitespace included where it takes room),
# in document order, to a hundredth of a pixel.
LAYOUT = """() => {
  const r = b => [b.x, b.y, b.width, b.height].map(v => Math.round(v * 100) / 100).join(",");
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      out.push(node.tagName + " " + r(node.getBoundingClientRect()));
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = Array.from(range.getClientRects()).filter(b => b.width > 0 && b.height > 0);
    if (boxes.length) out.push(JSON.stringify(node.data.replace(/\\s+/g, " ").trim()) + " " + boxes.map(r).join(" "));
  }
  return out;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_a_page_without_its_indentation_is_laid_out_the_same(browser, example_server, path):
    folder = example_server.root / path
    indented = (folder / "index.html").read_text(encoding="utf-8")
    compact = without_indentation(indented)
    assert re.search(r"\n[ \t]+<", indented), "the page had no indentation to remove: test nothing"
    assert len(compact) < len(indented) * 0.95
    pre = re.compile(r"<pre.*?</pre>", re.S)
    assert pre.findall(indented) and pre.findall(indented) == pre.findall(compact)
    (folder / "compact.html").write_text(compact, encoding="utf-8")
    for palette in PALETTES:
        for size, viewport in SIZES.items():
            context = browser.new_context(palette, viewport)
            try:
                page = context.new_page()
                layouts = []
                for name in ("index.html", "compact.html"):
                    page.goto(example_server.url(f"/{path}{name}"), wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                    # Material slides its tabs in: measure once every transition has ended
                    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
                    layouts.append(page.evaluate(LAYOUT))
                assert len(layouts[0]) > 200
                differ = [(a, b) for a, b in zip(*layouts) if a != b]
                assert layouts[0] == layouts[1], f"{path} ({palette}, {size}) is laid out differently: {differ[:5]}"
            finally:
                context.close()


def test_generated_pages_are_built_without_indentation_and_hand_written_ones_as_they_are(example_server):
    site = example_server.root
    generated = (site / "journeys/webshop/phases/do/index.html").read_text(encoding="utf-8")
    outside_code = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "", generated, flags=re.S)
    assert not re.search(r"\n[ \t]+", outside_code)
    assert re.search(r"\n[ \t]+<", (site / "reference/index.html").read_text(encoding="utf-8"))
