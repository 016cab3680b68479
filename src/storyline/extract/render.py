"""Visible text of an HTML page with a line break at every block boundary."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul", "title", "option", "button", "label",
}  # fmt: skip


def visible_lines(markup: str | bytes) -> list[str]:
    """The page's visible text, one block per line, inline whitespace collapsed."""
    try:
        root = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    pieces: list[str] = []
    _walk(root, pieces)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def _walk(element: etree._Element, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP or not tag or element.get("hidden") is not None:
        pieces.append(element.tail or "")
        return
    block = tag in _BLOCK
    if block:
        pieces.append("\n")
    pieces.append(element.text or "")
    for child in element:
        _walk(child, pieces)
    if block:
        pieces.append("\n")
    pieces.append(element.tail or "")


def removed_lines(markup: str | bytes, kept_text: str) -> list[str]:
    """Visible lines of the page that the extracted text does not contain."""
    kept = _squash(kept_text)
    return [line for line in visible_lines(markup) if _squash(line) not in kept]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
