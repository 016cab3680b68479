"""Which reader an input needs: by extension, by its first bytes, by HTTP content type."""

from __future__ import annotations

import json
from typing import Literal

Format = Literal["text", "html", "json", "jsonl", "warc", "arc", "feed", "opml"]

_EXTENSIONS: dict[str, Format | Literal["xml"]] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "arc",
    ".opml": "opml",
    ".xml": "xml",
    ".rss": "xml",
    ".atom": "xml",
}
_CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/warc": "warc",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "text/x-opml": "opml",
    "text/xml": "feed",
    "application/xml": "feed",
}
_FEED_TAGS = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_STARTS = (b"<!doctype html", b"<html")
_HTML_TAGS = (b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p>")


def detect_format(name: str, head: bytes, content_type: str | None = None) -> Format | None:
    """The format of an input from its name, its first bytes and (for URLs) its content type.

    A telling extension wins, except that ``.xml``/``.rss``/``.atom`` are sniffed to
    tell feeds from OPML; without one, the content decides, then the content type.

    Example:
        >>> detect_format("news.gz", b"WARC/1.0\\r\\n")
        'warc'
    """
    by_name = format_from_name(name)
    if by_name == "xml":
        sniffed = sniff_format(head)
        return sniffed if sniffed == "opml" else "feed"
    if by_name is not None:
        return by_name
    return sniff_format(head) or format_from_content_type(content_type)


def format_from_name(name: str) -> Format | Literal["xml"] | None:
    """The format an extension tells (``.gz`` looks at the extension under it)."""
    lowered = name.lower().removesuffix(".gz")
    stem = lowered.rsplit("/", 1)[-1]
    if "." not in stem:
        return None
    return _EXTENSIONS.get("." + stem.rsplit(".", 1)[-1])


def format_from_content_type(content_type: str | None) -> Format | None:
    """The format an HTTP ``Content-Type`` names, if any."""
    if not content_type:
        return None
    return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())


def sniff_format(head: bytes) -> Format | None:
    """The format the first bytes show, or None when they show nothing telling."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/1."):
        return "warc"
    if start.startswith(b"filedesc://"):  # an ARC file starts with its own description
        return "arc"
    if start.startswith(b"<"):
        return _sniff_markup(start)
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        return "jsonl" if _first_line_is_json(start) else "json"
    return None


def _sniff_markup(start: bytes) -> Format | None:
    if start.startswith(_HTML_STARTS):
        return "html"
    if b"<opml" in start:
        return "opml"
    if any(tag in start for tag in _FEED_TAGS):
        return "feed"
    if any(tag in start for tag in _HTML_TAGS):
        return "html"
    return None


def _first_line_is_json(start: bytes) -> bool:
    """A whole JSON object on the first line means JSON lines; a lone ``{`` means JSON."""
    line, newline, _ = start.partition(b"\n")
    if not newline:
        return False
    try:
        json.loads(line)
    except ValueError:
        return False
    return True
