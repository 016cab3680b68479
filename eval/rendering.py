"""The eval's own HTML → plain-text renderer (independent of the code under test).

Visible text only (no script/style/head), one line per block-level element, inline
whitespace collapsed: the plain text a browser's "select all, copy" gives, which is
how news arrives when it was scraped as text with the site chrome left in.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
             "canvas", "select"}  # fmt: skip
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre",
    "section", "summary", "table", "tbody", "td", "th", "thead", "title", "tr", "ul",
    "button", "label",
}  # fmt: skip


def render_visible_text(markup: str) -> str:
    """Visible text of a page with a line break at every block boundary."""
    try:
        root = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    pieces: list[str] = []
    _render(root, pieces)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _render(element: etree._Element, pieces: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in INVISIBLE:
        pieces.append(element.tail or "")
        return
    newline = "\n" if tag in BLOCKS else ""
    pieces.append(newline + (element.text or ""))
    for child in element:
        _render(child, pieces)
    pieces.append(newline + (element.tail or ""))
