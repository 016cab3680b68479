"""What a page says about itself in structured data: JSON-LD, microdata and OpenGraph.

Publishers describe the article for search engines and social sites: ``NewsArticle``
objects with ``headline``, ``author``, ``datePublished``, ``dateModified``,
``articleBody`` and ``publisher``; ``og:title``, ``og:site_name`` and
``article:published_time`` tags. extruct reads all three syntaxes; this module picks
the object that describes *this* page (pages also carry objects for related articles,
live-blog updates and breadcrumbs) and flattens it into :class:`PageData`.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import extruct
from lxml import etree

logging.getLogger("extruct").setLevel(logging.CRITICAL)

# schema.org types whose object is an article (CreativeWork subtypes news sites use).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
    "BlogPosting", "Report", "ScholarlyArticle", "SocialMediaPosting", "TechArticle",
    "SatiricalArticle", "AskPublicNewsArticle", "WebPage", "Blog",
})  # fmt: skip
# Types that never describe the page's own article even when they carry a headline.
_NOT_ARTICLE = frozenset({"WebSite", "VideoObject", "AudioObject", "ImageObject", "ListItem"})
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class PageData:
    """The page's own statements about its article (empty fields: not stated)."""

    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    body: str | None = None
    publisher: str | None = None
    og_title: str | None = None
    site_name: str | None = None
    section: str | None = None
    og_published: str | None = None
    og_modified: str | None = None

    @property
    def site_names(self) -> list[str]:
        """Names the site goes by, for recognising them in title affixes."""
        return [name for name in (self.site_name, self.publisher) if name]


def read_page_data(tree: etree._Element, url: str | None) -> PageData:
    """Structured data of a parsed page; a page without any gives an empty record."""
    try:
        found = extruct.extract(
            tree,
            base_url=url,
            syntaxes=["json-ld", "microdata", "opengraph"],
            uniform=True,
            errors="ignore",
        )
    except Exception:  # noqa: BLE001 - broken markup in a script must not cost the page
        found = {}
    data = PageData()
    _read_opengraph(found.get("opengraph") or [], data)
    objects = list(_objects(found.get("json-ld") or [])) + list(
        _objects(found.get("microdata") or [])
    )
    main = _main_article(objects, url, data.og_title)
    if main is not None:
        _read_article(main, data)
    return data


def _read_opengraph(items: list[dict[str, Any]], data: PageData) -> None:
    for item in items:
        data.og_title = data.og_title or _text(item.get("og:title"))
        data.site_name = data.site_name or _text(item.get("og:site_name"))
        data.og_published = data.og_published or _text(item.get("article:published_time"))
        data.og_modified = data.og_modified or _text(item.get("article:modified_time"))
        data.section = data.section or _text(item.get("article:section"))


def _objects(items: Any) -> Iterator[dict[str, Any]]:
    """Every object in the data, nested ones (``@graph``, ``mainEntity``) included."""
    if isinstance(items, list):
        for item in items:
            yield from _objects(item)
    elif isinstance(items, dict):
        yield items
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement"):
            if isinstance(items.get(key), (list, dict)):
                yield from _objects(items[key])


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def _main_article(
    objects: list[dict[str, Any]], url: str | None, og_title: str | None
) -> dict[str, Any] | None:
    """The object describing this page: its URL is the page's, or its headline the page's."""
    candidates = [
        item
        for item in objects
        if _types(item) & ARTICLE_TYPES
        and not _types(item) & _NOT_ARTICLE
        and (item.get("headline") or item.get("articleBody"))
    ]
    if not candidates:
        return None
    return max(enumerate(candidates), key=lambda pair: _score(pair[1], pair[0], url, og_title))[1]


def _score(item: dict[str, Any], order: int, url: str | None, og_title: str | None) -> tuple:
    """Same URL first, then the og:title's headline, then a real article type, then order."""
    ids = [item.get("url"), item.get("@id"), item.get("mainEntityOfPage")]
    same_url = bool(url) and any(_same_url(_text(i) or _id(i), url) for i in ids)
    same_title = bool(og_title) and _squash(_text(item.get("headline"))) == _squash(og_title)
    article = bool(_types(item) - {"WebPage", "Blog"})
    return (same_url, same_title, article, bool(item.get("datePublished")), -order)


def _id(value: Any) -> str | None:
    return _text(value.get("@id") or value.get("url")) if isinstance(value, dict) else None


def _same_url(found: str | None, url: str | None) -> bool:
    if not found or not url:
        return False
    return _url_key(found) == _url_key(url)


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/")


def _read_article(item: dict[str, Any], data: PageData) -> None:
    data.headline = _text(item.get("headline")) or _text(item.get("name"))
    data.authors = _names(item.get("author") or item.get("creator"))
    data.published = _text(item.get("datePublished")) or _text(item.get("dateCreated"))
    data.modified = _text(item.get("dateModified"))
    data.body = _text(item.get("articleBody"), keep_lines=True)
    publisher = item.get("publisher") or item.get("sourceOrganization")
    data.publisher = _names(publisher)[0] if _names(publisher) else None
    data.section = data.section or _text(item.get("articleSection"))


def _names(value: Any) -> list[str]:
    """Names of the people or organisations in an ``author``-like value."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def _text(value: Any, keep_lines: bool = False) -> str | None:
    """A string value with HTML entities decoded (publishers double-encode them)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = html.unescape(html.unescape(value))
    if keep_lines:
        lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
        text = "\n".join(line for line in lines if line)
    else:
        text = _SPACES.sub(" ", text).strip()
    return text or None


def _squash(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip().casefold()
