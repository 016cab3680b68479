"""OPML subscription lists: every ``<outline xmlUrl=...>`` is a feed to fetch and read."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from storyline.errors import InputError
from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import fetch
from storyline.ingest.options import ReadOptions
from storyline.ingest.problems import one_line
from storyline.model import RawDocument, ReadFailure


def feed_urls(data: bytes, source: str) -> list[str]:
    """The feed URLs an OPML document lists, in document order, each once.

    Raises:
        InputError: the document is not parsable XML.

    Example:
        >>> feed_urls(b'<opml><body><outline xmlUrl="https://a.example/rss"/></body></opml>', "")
        ['https://a.example/rss']
    """
    # No entity expansion and no network: an OPML file is as untrusted as a feed.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:  # ValueError: undecodable bytes
        raise InputError(source, f"malformed OPML ({one_line(str(error))})") from None
    if root is None:
        raise InputError(source, "malformed OPML (no XML element found)")
    try:
        urls = [_feed_url(outline) for outline in root.iter("{*}outline")]
    except ValueError as error:  # lxml decodes attribute values lazily
        raise InputError(source, f"malformed OPML ({one_line(str(error))})") from None
    return list(dict.fromkeys(url for url in urls if url))


def _feed_url(outline: etree._Element) -> str | None:
    for name, value in outline.attrib.items():
        if str(name).lower() == "xmlurl" and str(value).strip():
            return str(value).strip()
    return None


def read_opml(
    data: bytes, source: str, options: ReadOptions
) -> Iterator[RawDocument | ReadFailure]:
    """Read every feed an OPML file lists; a feed that fails is one failure, named by its URL."""
    urls = feed_urls(data, source)
    if not urls:
        yield ReadFailure(source, "OPML lists no feeds (no outline with xmlUrl)")
    for url in urls:
        try:
            response = fetch(url, options)
            yield from read_feed(response.body, url, options)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)
