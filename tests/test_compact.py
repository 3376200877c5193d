"""Generated pages lose the theme's indentation (render/compact.py) and nothing a browser draws."""

from __future__ import annotations

import re

from journeymaps.render.compact import without_indentation


def reference(html: str) -> str:
    """The rule written plainly: outside pre, textarea, script and style, every run of spaces and
    tabs touching a line break goes."""
    kept = re.compile(r"(<(?:pre|textarea|script|style)\b.*?</(?:pre|textarea|script|style)>)", re.S | re.I)
    return "".join(part if kept.fullmatch(part) else re.sub(r"[ \t]*\n[ \t]*", "\n", part)
                   for part in kept.split(html))


PAGE = (
    "  <html>\n    <body>\t\n  <p>two  words <b>a</b> <i>b</i></p> \n"
    "<pre>  keep\n    this  \n</pre> <span>x</span>\n\t<textarea>\n  typed\n</textarea>\n"
    "  <script>\n  var a = 1;   \n</script>\n <STYLE>\n  p { }\n</STYLE>  \n  end  "
)


def test_indentation_goes_and_what_a_browser_draws_stays():
    out = without_indentation(PAGE)
    assert out == reference(PAGE)
    assert "<pre>  keep\n    this  \n</pre> <span>" in out  # preformatted text, and the space after it
    assert "<textarea>\n  typed\n</textarea>" in out and "  var a = 1;   \n" in out and "\n  p { }\n" in out
    assert "two  words <b>a</b> <i>b</i>" in out  # spaces inside a line are the browser's to collapse
    assert out.startswith("  <html>\n<body>\n<p>") and out.endswith("\nend  ")


def test_every_line_break_keeps_its_place():
    for html in (PAGE, "\n", " \n ", "a\n\n  b", "<pre>\n</pre>\n  x", ""):
        assert without_indentation(html).count("\n") == html.count("\n")
        assert without_indentation(html) == reference(html)
