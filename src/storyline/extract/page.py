"""What an HTML page states about its article besides the body: one parse, every source.

Structured data (:mod:`storyline.extract.structured`), the browser title, the visible
headlines (``<h1>``) and the date printed with the headline (the first ``<time>`` after
the first ``<h1>``: the page's own date line, "30 August 2023 • 4:45pm").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from storyline.extract.structured import PageData, read_page_data
from storyline.extract.titles import squash


@dataclass(slots=True)
class PageFacts:
    """The page's statements about its article, each as the page gives it."""

    data: PageData = field(default_factory=PageData)
    browser_title: str | None = None
    headlines: list[str] = field(default_factory=list)
    header_date: str | None = None
    meta_authors: list[str] = field(default_factory=list)
    byline_authors: list[str] = field(default_factory=list)


def page_facts(markup: str, url: str | None) -> PageFacts:
    """Parse the page once and collect what it states; unparsable markup states nothing."""
    try:
        tree = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return PageFacts()
    return PageFacts(
        data=read_page_data(tree, url),
        browser_title=_browser_title(tree),
        headlines=_headlines(tree),
        header_date=_header_date(tree),
        meta_authors=_meta_authors(tree),
        byline_authors=_byline_authors(tree),
    )


def _browser_title(tree: etree._Element) -> str | None:
    found = tree.find(".//title")
    text = squash(found.text_content()) if found is not None else ""
    return text or None


def _headlines(tree: etree._Element) -> list[str]:
    texts = (squash(h.text_content()) for h in tree.iter("h1"))
    return [text for text in texts if text]


def _header_date(tree: etree._Element) -> str | None:
    """The ``datetime`` of the first ``<time>`` after the first headline."""
    seen_headline = False
    for element in tree.iter("h1", "time"):
        if element.tag == "h1":
            seen_headline = True
        elif seen_headline and element.get("datetime"):
            return str(element.get("datetime")).strip() or None
    return None


# Meta tags publishers and their analytics put the byline in.
_AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "cxenseparse:author",
    "dc.creator", "dcterms.creator", "byl",
)  # fmt: skip
# Byline elements: short texts (a name or two), not the author box's biography.
BYLINE_MAX_WORDS = 8


def _meta_authors(tree: etree._Element) -> list[str]:
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").casefold()
        content = squash(meta.get("content") or "")
        if key in _AUTHOR_META and content and "://" not in content:
            found.append(content)
    return found


def _byline_authors(tree: etree._Element) -> list[str]:
    """Names in ``rel=author`` links and elements whose class names the byline."""
    found: list[str] = []
    for element in tree.iter("a", "span", "div", "p", "address"):
        marks = f"{element.get('rel') or ''} {element.get('class') or ''}".casefold()
        if "author" not in marks and "byline" not in marks:
            continue
        text = squash(element.text_content())
        if text and len(text.split()) <= BYLINE_MAX_WORDS and text not in found:
            found.append(text)
    return found
