"""Generated pages without the theme's indentation: the same page, fewer bytes.

Material's templates indent their navigation and header for readability of the template source;
on a phase page of a 20-journey site that indentation was 9.9 KB of 62 KB (benchmarks/
scale_bench.py). A browser collapses a run of spaces after a line break to nothing it draws,
outside preformatted text, so removing the spaces and tabs that start a line changes no pixel:
line breaks stay (a `white-space: pre-line` quote keeps its lines), and `<pre>`, `<textarea>`,
`<script>` and `<style>` are left exactly as they are. Hand-written pages are not touched.
"""

from __future__ import annotations

import re

# The elements whose text is kept byte for byte: preformatted, or code and styles.
_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_BLANKS = " \t"


def _trimmed(text: str) -> str:
    """`text` without the spaces and tabs on either side of each line break; its own first and
    last characters stay (a space before `<pre>` still separates two words). Splitting lines is
    three times as fast as a regex here: `[ \t]+\n` tries every space of the page."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    last = len(lines) - 1
    return "\n".join(line.rstrip(_BLANKS) if i == 0 else line.lstrip(_BLANKS) if i == last else line.strip(_BLANKS)
                     for i, line in enumerate(lines))


def without_indentation(html: str) -> str:
    """The page with the spaces and tabs around its line breaks removed, outside `<pre>`,
    `<textarea>`, `<script>` and `<style>`. Takes and gives a whole HTML document (str)."""
    parts = _KEPT.split(html)
    # re.split with two groups yields [text, element, tag name, text, element, tag name, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_trimmed(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
