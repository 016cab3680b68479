"""RSS and Atom feeds: entries that carry the article become documents, the rest are fetched."""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from storyline.errors import InputError
from storyline.ingest.options import ReadOptions
from storyline.ingest.pages import fetch_page
from storyline.ingest.problems import one_line
from storyline.ingest.records import without_surrogates
from storyline.model import RawDocument, ReadFailure

# An entry whose content (or summary) has at least this much text once tags are stripped
# is taken as the article itself; shorter ones are teasers, and the linked page is fetched.
# Teasers in news feeds run one to three sentences (roughly 100-400 characters); a full
# article rarely has under 500. Not tuned on a corpus yet: check real feeds before changing.
FULL_CONTENT_MIN_CHARS = 500
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TAG = re.compile(r"<[^>]*>")


def read_feed(
    data: bytes, source: str, options: ReadOptions
) -> Iterator[RawDocument | ReadFailure]:
    """Documents from an RSS/Atom feed's bytes; link-only entries are fetched.

    Args:
        data: the feed document.
        source: the feed's path or URL.
        options: limits for fetching link-only entries.

    Raises:
        InputError: the feed is malformed and has no entries ("malformed feed (...)"), or
            well-formed without entries ("feed has no entries").
    """
    parsed = parse_feed(data, source)
    if not parsed.entries:
        raise InputError(source, "feed has no entries")
    outlet = _text(parsed.feed.get("title"))
    for index, entry in enumerate(parsed.entries):
        try:
            yield entry_document(entry, source, index, outlet, options)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)


def parse_feed(data: bytes, source: str) -> Any:
    """Parse with feedparser; a feed flagged as broken *and* without entries is an error."""
    # A stream, never bytes or str: feedparser would try those as a file name or URL.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - feedparser fails on some hostile bytes
        raise InputError(source, f"malformed feed ({type(error).__name__})") from None
    if parsed.bozo and not parsed.entries:
        reason = one_line(str(parsed.get("bozo_exception", "")) or "not RSS or Atom")
        raise InputError(source, f"malformed feed ({reason})")
    return parsed


def entry_document(
    entry: Any, source: str, index: int, outlet: str | None, options: ReadOptions
) -> RawDocument:
    """One entry as a document: its own content when it is the article, else the fetched link.

    Raises:
        InputError: the entry has neither enough content nor a link, or its link failed.
    """
    link = _text(entry.get("link"))
    content, content_type = _best_content(entry)
    if content is not None and len(strip_tags(content)) >= FULL_CONTENT_MIN_CHARS:
        document = _content_document(content, content_type, link or f"{source}#{index}", link)
    elif link:
        document = fetch_page(link, options)
    else:
        raise InputError(f"{source}#{index}", "feed entry has no link and too little content")
    _add_entry_metadata(document, entry, outlet)
    return document


def _best_content(entry: Any) -> tuple[str | None, str]:
    """The longest of the entry's content blocks and its summary, with its type."""
    blocks = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        blocks.append(entry["summary_detail"])
    blocks = [block for block in blocks if _text(block.get("value"))]
    if not blocks:
        return None, "text/plain"
    best = max(blocks, key=lambda block: len(block["value"]))
    return without_surrogates(best["value"]), str(best.get("type") or "text/html")


def _content_document(content: str, content_type: str, name: str, link: str | None) -> RawDocument:
    is_html = content_type in HTML_TYPES
    # Wrapped as a page so HTML extraction sees one article, as on the site itself.
    body = f"<html><body><article>{content}</article></body></html>" if is_html else content
    return RawDocument(
        source_path=name,
        format="html" if is_html else "text",
        body=body,
        raw=content.encode("utf-8"),
        content_type="text/html" if is_html else "text/plain",
        url=link,
    )


def _add_entry_metadata(document: RawDocument, entry: Any, outlet: str | None) -> None:
    document.title = document.title or _text(entry.get("title"))
    document.published = document.published or entry_date(entry)
    document.outlet = document.outlet or outlet
    document.author = document.author or _text(entry.get("author"))


def entry_date(entry: Any) -> str | None:
    """The entry's ``published`` (else ``updated``) date, as ISO 8601 in UTC when parsable."""
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
        if entry.get(key):
            return _text(entry[key])
    return None


def strip_tags(markup: str) -> str:
    """Visible text of an HTML fragment, roughly: no tags, entities decoded, spaces squeezed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _text(value: object) -> str | None:
    # feedparser turns "&#xD800;" into a lone surrogate, which no stored text can hold.
    return without_surrogates(value.strip()) or None if isinstance(value, str) else None
