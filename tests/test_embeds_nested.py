"""`journeymap` blocks wherever Markdown can hold them: content tabs, collapsible notes,
admonitions and lists, as Material sites write them (pymdownx.superfences), in real builds.
Without superfences such blocks cannot be drawn, and the build says so instead of staying silent."""

from __future__ import annotations

import re

from tests.helpers import make_site, mkdocs
from tests.test_charts import charts_in

SUPERFENCES = """\
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

PAGE = """\
---
title: Memo
---
# Memo

=== "Curve"

    ```journeymap
    journey: webshop
    persona: sanne
    chart: curve
    ```

=== "Heatmap"

    ```journeymap
    journey: webshop
    chart: heatmap
    ```

??? note "Gap chart (click to open)"

    ```journeymap
    journey: webshop
    chart: gap
    ```

!!! info "The grid"

    ```journeymap
    journey: webshop
    chart: grid
    ```

- a list item with a chart:

    ```journeymap
    journey: webshop
    persona: ruud
    chart: curve
    ```

!!! warning "A typo stays visible"

    ```journeymap
    journey: webshop
    persona: sane
    ```

````markdown
    ```journeymap
    journey: webshop
    ```
````
"""


def build(tmp_path, markdown_extensions: str):
    root = make_site(tmp_path, {"docs/memo.md": PAGE}, extra=markdown_extensions)
    result = mkdocs(root, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return (root / "site/memo/index.html").read_text(encoding="utf-8"), result.stderr


def container_of(html: str, figure_id: str) -> str:
    """The class of the nearest tab, details or admonition around a figure."""
    before = html[: html.index(f'id="{figure_id}"')]
    opened = re.findall(r'<(?:div|details) class="([^"]*(?:tabbed-block|admonition)[^"]*)"|<details class="([^"]*)"', before)
    return " ".join(a or b for a, b in opened[-1:])


def test_blocks_in_tabs_notes_admonitions_and_lists_are_drawn(tmp_path):
    html, log = build(tmp_path, SUPERFENCES)
    figures = re.findall(r'<figure class="jm-chart[^"]*" id="([^"]+)"', html)
    assert figures == ["jm-chart-webshop-sanne-curve", "jm-chart-webshop-heatmap", "jm-chart-webshop-gap",
                       "jm-chart-webshop-ruud-curve"]
    assert 'class="jm-embed jm-embed--grid"' in html  # the grid is a table, not a figure
    assert "tabbed-block" in container_of(html, "jm-chart-webshop-heatmap")
    assert "note" in container_of(html, "jm-chart-webshop-gap")
    assert len(charts_in(html)) == 4
    assert "language-journeymap" not in html and "jm-embed-slot" not in html
    assert "```journeymap" in html  # the example inside a longer fence stays code, shown as written


def test_a_bad_block_in_a_container_warns_with_its_line(tmp_path):
    _, log = build(tmp_path, SUPERFENCES)
    warnings = [line for line in log.splitlines() if "journeymap block" in line]
    line = PAGE.splitlines().index("    persona: sane") + 1  # front matter included: lines of the file
    assert warnings == [
        f"WARNING -  journeymaps: docs/memo.md:{line}: journeymap block: unknown persona 'sane' in journey "
        "'webshop' (did you mean 'sanne'?)"
    ]


def test_without_superfences_nested_blocks_are_a_warning_not_silence(tmp_path):
    html, log = build(tmp_path, "markdown_extensions:\n  - admonition\n")
    assert "jm-chart" not in html
    (warning,) = [line for line in log.splitlines() if "cannot be drawn" in line]
    assert "docs/memo.md: 6 journeymap block(s)" in warning and "pymdownx.superfences" in warning
    root = make_site(tmp_path / "strict", {"docs/memo.md": PAGE}, extra="markdown_extensions:\n  - admonition\n")
    assert mkdocs(root, "build", "--strict").returncode != 0


def bomb(levels: int) -> str:
    lines = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines)


def test_hostile_blocks_are_refused_with_their_line_not_expanded(tmp_path):
    """An alias bomb (10^8 values if expanded) and 5,000 levels of nesting in a journeymap block:
    each is one warning at its line, the page is written, the rest of the site builds."""
    deep = "journey: " + "[" * 5000 + "]" * 5000
    page = "\n".join(["# Hostile", "", "```journeymap", "journey: webshop", bomb(8), "```", "",
                      "```journeymap", deep, "```", "", "After."])
    lines = page.split("\n")
    anchor_line = lines.index("a0: &a0 [x,x,x,x,x,x,x,x,x,x]") + 1  # an alias is its anchored node
    deep_line = lines.index(deep) + 1
    root = make_site(tmp_path, {"docs/hostile.md": page})
    result = mkdocs(root, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    warnings = [line for line in result.stderr.splitlines() if "journeymap block" in line]
    assert len(warnings) == 2
    assert f"docs/hostile.md:{anchor_line}: journeymap block: anchors and aliases" in warnings[0]
    assert re.search(rf"docs/hostile\.md:{deep_line}: journeymap block: .*(nesting|depth)", warnings[1])
    html = (root / "site/hostile/index.html").read_text(encoding="utf-8")
    assert "After." in html and len(html) < 200_000
