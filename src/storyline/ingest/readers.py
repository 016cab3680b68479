"""Dispatch: each INPUT argument to the files or URL it names, each of those to its reader."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from storyline.errors import InputError
from storyline.ingest.arc import read_arc
from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import fetch
from storyline.ingest.formats import Format, detect_format, format_from_name
from storyline.ingest.opml import read_opml
from storyline.ingest.options import ReadOptions
from storyline.ingest.pages import PageFormat, page_document
from storyline.ingest.problems import one_line
from storyline.ingest.records import read_json, read_json_lines
from storyline.ingest.sources import (
    SNIFF_BYTES,
    STDIN,
    STDIN_NAME,
    expand_argument,
    is_url,
    open_binary,
    read_capped,
    sniff_head,
    stdin_stream,
)
from storyline.ingest.warc import read_warc
from storyline.model import RawDocument, ReadFailure

ReadResult = RawDocument | ReadFailure
STREAMED_FORMATS = frozenset({"jsonl", "warc", "arc"})


def read_argument(argument: str, options: ReadOptions) -> Iterator[ReadResult]:
    """Everything one INPUT argument yields; no error escapes, each becomes a ReadFailure."""
    if argument == STDIN:
        yield from _guarded(STDIN_NAME, partial(read_stdin, options))
    elif is_url(argument):
        yield from _guarded(argument, partial(read_url, argument, options))
    else:
        for found in expand_argument(argument):
            if isinstance(found, ReadFailure):
                yield found
            else:
                yield from _guarded(str(found), partial(read_file, found, options))


def _guarded(source: str, read: Callable[[], Iterator[ReadResult]]) -> Iterator[ReadResult]:
    """Run a reader; an error ends that input with one failure, never the whole batch."""
    try:
        yield from read()
    except InputError as error:
        yield ReadFailure(error.path, one_line(error.problem))
    except Exception as error:  # noqa: BLE001 - one bad input must not stop the batch
        yield ReadFailure(source, one_line(f"unexpected error: {type(error).__name__}: {error}"))


def read_file(path: Path, options: ReadOptions) -> Iterator[ReadResult]:
    """The documents in one local file, by its extension and first bytes."""
    source = str(path)
    head = sniff_head(path)
    if not head:
        raise InputError(source, "empty file")
    kind = detect_format(source, head) or "text"
    if kind in STREAMED_FORMATS:
        with open_binary(path) as stream:
            yield from _read_stream(kind, stream, source, options)
        return
    yield from read_bytes(kind, read_capped(path, options.max_bytes), source, options)


def read_stdin(options: ReadOptions) -> Iterator[ReadResult]:
    """JSON lines from standard input, named ``<stdin>#L1``, ``<stdin>#L2``, ..."""
    return read_json_lines(stdin_stream(), STDIN_NAME, options.max_bytes)


def read_url(url: str, options: ReadOptions) -> Iterator[ReadResult]:
    """The documents at a URL: a page, a feed, an OPML list, JSON or a WARC."""
    response = fetch(url, options)
    if not response.body:
        raise InputError(url, "empty response")
    head = response.body[:SNIFF_BYTES]
    kind = detect_format("", head, response.content_type)
    if kind is None:
        by_name = format_from_name(urlsplit(url).path)
        kind = "feed" if by_name == "xml" else by_name or "text"
    if kind in STREAMED_FORMATS:
        yield from _read_stream(kind, io.BytesIO(response.body), url, options)
        return
    yield from read_bytes(
        kind, response.body, url, options, final_url=response.final_url,
        content_type=response.content_type, declared=response.charset,
    )  # fmt: skip


def _read_stream(
    kind: Format, stream: io.BufferedIOBase, source: str, options: ReadOptions
) -> Iterator[ReadResult]:
    if kind == "warc":
        return read_warc(stream, source, options.max_bytes)
    if kind == "arc":
        return read_arc(stream, source, options.max_bytes)
    return read_json_lines(stream, source, options.max_bytes)


def read_bytes(
    kind: Format,
    data: bytes,
    source: str,
    options: ReadOptions,
    final_url: str | None = None,
    content_type: str | None = None,
    declared: str | None = None,
) -> Iterator[ReadResult]:
    """The documents in a whole input held in memory, read as ``kind``."""
    if kind == "feed":
        yield from read_feed(data, source, options)
    elif kind == "opml":
        yield from read_opml(data, source, options)
    elif kind == "json":
        yield from read_json(data, source, options.max_bytes)
    elif kind in STREAMED_FORMATS:
        yield from _read_stream(kind, io.BytesIO(data), source, options)
    else:
        page_kind: PageFormat = "html" if kind == "html" else "text"
        yield page_document(
            data, source, page_kind, url=final_url, content_type=content_type, declared=declared
        )
