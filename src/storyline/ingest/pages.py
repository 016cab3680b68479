"""Single pages: a text or HTML file, or a fetched web page, as one RawDocument."""

from __future__ import annotations

from typing import Literal

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.fetch import fetch
from storyline.ingest.formats import detect_format
from storyline.ingest.options import ReadOptions
from storyline.model import RawDocument

PageFormat = Literal["text", "html"]
_DEFAULT_CONTENT_TYPES = {"text": "text/plain", "html": "text/html"}


def page_document(
    data: bytes,
    source: str,
    kind: PageFormat,
    url: str | None = None,
    content_type: str | None = None,
    declared: str | None = None,
) -> RawDocument:
    """One text or HTML document from its bytes.

    Raises:
        InputError: empty, binary or undecodable bytes.

    Example:
        >>> page_document(b"Headline\\n\\nBody.", "a.txt", "text").body
        'Headline\\n\\nBody.'
    """
    body = decode_bytes(data, source, declared)
    if not body.strip():
        raise InputError(source, "empty file (only whitespace)")
    return RawDocument(
        source_path=source,
        format=kind,
        body=body,
        raw=data,
        content_type=content_type or _DEFAULT_CONTENT_TYPES[kind],
        url=url,
    )


def fetch_page(url: str, options: ReadOptions) -> RawDocument:
    """Fetch an article page (a feed entry's link) as one document.

    Raises:
        FetchError: the fetch failed or was refused.
        InputError: the response is not text or HTML, or cannot be decoded.
    """
    response = fetch(url, options)
    if not response.body:
        raise InputError(url, "empty response")
    kind = detect_format("", response.body[:4096], response.content_type)
    if kind is None and not response.content_type:
        kind = "text"
    if kind != "text" and kind != "html":
        shown = response.content_type or "unknown content type"
        raise InputError(url, f"not an article page ({shown})")
    return page_document(
        response.body,
        url,
        kind,
        url=response.final_url,
        content_type=response.content_type,
        declared=response.charset,
    )
