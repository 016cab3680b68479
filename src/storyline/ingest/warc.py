"""WARC archives (``.warc``, ``.warc.gz``): each HTML or text page record is one document.

Streamed with FastWARC, one record at a time, so the size cap applies to each record's
payload rather than to the archive. Successful (2xx) ``response`` records with an HTML or
plain-text payload become documents, their body decoded as a browser would (chunked
transfer and gzip/deflate/brotli content encoding undone, :mod:`.http_payload`), and so
do ``resource`` records holding HTML or text. Requests, metadata, revisits, redirects,
empty bodies, images and PDFs are skipped without counting as failures, but an archive
that holds no page at all is one failure saying what it held instead.

``published`` is left empty on purpose: ``WARC-Date`` is when the page was *crawled*,
not when it was published, and taking it would hide the page's own date (which
extraction finds with htmldate) behind a confident wrong one.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.http_payload import charset_parameter, decode_http_body
from storyline.ingest.problems import one_line, too_large
from storyline.ingest.sources import Readable
from storyline.model import RawDocument, ReadFailure

PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
# A well-formed archive ends with the blank line that closes its last record.
_RECORD_ENDS = (b"\r\n\r\n", b"\n\n")


class _TailStream(io.RawIOBase):
    """Passes bytes through, remembering the last few so the archive's end can be checked."""

    def __init__(self, inner: Readable) -> None:
        super().__init__()
        self._inner = inner
        self.tail = b""
        self.total = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # FastWARC asks for the position before reading
        return self.total

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read1(len(buffer))  # one chunk: data before damage comes through
        buffer[: len(data)] = data
        if data:
            self.tail = (self.tail + data)[-4:]
            self.total += len(data)
        return len(data)

    def ends_cleanly(self) -> bool:
        """True when everything was read and the last record was closed."""
        while self.read(1 << 20):
            pass
        return self.total == 0 or self.tail.endswith(_RECORD_ENDS)


def read_warc(stream: Readable, source: str, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Documents from a WARC stream; a damaged archive yields what was read, then one failure.

    Args:
        stream: the (already decompressed) archive.
        source: the archive's path; documents are named ``path#N`` (N = record index).
        max_bytes: cap on each record's payload.
    """
    tracked = _TailStream(stream)
    try:
        yield from _records(tracked, source, max_bytes)
    except (OSError, _Truncated) as error:
        yield ReadFailure(source, f"truncated or corrupt WARC ({one_line(str(error))})")
        return
    except BaseException as error:
        # FastWARC reports internal failures as pyo3's PanicException, a BaseException;
        # one damaged archive must not stop the batch. Anything else goes on up.
        if type(error).__name__ != "PanicException":
            raise
        yield ReadFailure(
            source, f"truncated or corrupt WARC (parser failed: {one_line(str(error))})"
        )
        return
    if not tracked.ends_cleanly():
        yield ReadFailure(source, "truncated or corrupt WARC (the last record is cut off)")


class _Truncated(Exception):
    """A record's payload ended before its declared length."""


def _records(
    stream: _TailStream, source: str, max_bytes: int
) -> Iterator[RawDocument | ReadFailure]:
    archive = ArchiveIterator(stream, parse_http=True, fsspec_args=False)
    skipped: Counter[str] = Counter()
    yielded = 0
    for index, record in enumerate(archive):
        kind, reason = _page_kind(record)
        if kind is None or record.content_length == 0:
            skipped[reason or "empty record"] += 1
            continue
        yielded += 1
        name = f"{source}#{index}"
        if record.content_length > max_bytes:
            yield ReadFailure(name, "record " + too_large(max_bytes))
            continue
        try:
            yield _document(record, kind, name, max_bytes)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)
    if not yielded:
        yield ReadFailure(source, no_page_problem(skipped))


def no_page_problem(skipped: Counter[str]) -> str:
    """Why an archive gave nothing: ``no HTML or text page in this archive (4 records: …)``."""
    total = sum(skipped.values())
    if not total:
        return "no records in this archive"
    # A reason quotes the record's own headers, which may hold any byte: one line, printable.
    kinds = ", ".join(f"{count} {_printable(reason)}" for reason, count in skipped.most_common(6))
    more = ", …" if len(skipped) > 6 else ""
    return f"no HTML or text page in this archive ({total} records: {kinds}{more})"


def _printable(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _page_kind(record: WarcRecord) -> tuple[str | None, str | None]:
    """The page kind ("html", "text") of a record to read, else None and why it is skipped."""
    if record.record_type == WarcRecordType.resource:
        content_type = _media_type(record.headers.get("Content-Type"))
        kind = PAGE_TYPES.get(content_type)
        return kind, None if kind else f"resource {content_type or 'without content type'}"
    if record.record_type != WarcRecordType.response:
        return None, _type_name(record)
    if record.http_headers is None:
        return None, "response without HTTP headers"
    status = record.http_headers.status_code or 0
    if not 200 <= status < 300:
        return None, f"response HTTP {status}"
    content_type = (record.http_content_type or "").lower()
    kind = PAGE_TYPES.get(content_type)
    return kind, None if kind else f"response {content_type or 'without content type'}"


def _type_name(record: WarcRecord) -> str:
    name = getattr(record.record_type, "name", str(record.record_type))
    return str(name).rsplit(".", 1)[-1]


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _content_type(record: WarcRecord) -> str:
    headers = record.http_headers if record.record_type == WarcRecordType.response else None
    if headers is None:
        return record.headers.get("Content-Type") or "text/html"
    return headers.get("Content-Type") or "text/html"


def _charset(record: WarcRecord) -> str | None:
    if record.record_type == WarcRecordType.response:
        return record.http_charset  # type: ignore[no-any-return]
    return charset_parameter(record.headers.get("Content-Type"))


def _document(record: WarcRecord, kind: str, name: str, max_bytes: int) -> RawDocument:
    expected = record.content_length
    payload = record.reader.read()
    if len(payload) < expected:
        raise _Truncated(f"record {name} ends after {len(payload)} of {expected} bytes")
    headers = record.http_headers if record.record_type == WarcRecordType.response else None
    if headers is not None:
        payload = decode_http_body(
            payload, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"), name,
            max_bytes,
        )  # fmt: skip
    body = decode_bytes(payload, name, _charset(record))
    if not body.strip():
        raise InputError(name, "empty response (only whitespace)")
    return RawDocument(
        source_path=name,
        format="html" if kind == "html" else "text",
        body=body,
        raw=payload,
        content_type=_content_type(record),
        url=record.headers.get("WARC-Target-URI"),
    )
