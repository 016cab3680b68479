"""ARC archives (``.arc``, ``.arc.gz``), the Internet Archive's format before WARC.

Read with warcio, which turns each ARC record into its WARC equivalent; from there the
rules are the WARC reader's: successful HTML or text responses become documents, their
bodies decoded (:mod:`.http_payload`), everything else is skipped, and an archive with
no page is one failure saying what it held. Streamed, with the size cap on each record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.http_payload import charset_parameter, decode_http_body
from storyline.ingest.problems import one_line, too_large
from storyline.ingest.sources import Readable
from storyline.ingest.warc import PAGE_TYPES, no_page_problem
from storyline.model import RawDocument, ReadFailure


def read_arc(stream: Readable, source: str, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Documents from an ARC stream; a damaged archive yields what was read, then one failure.

    Args:
        stream: the (already decompressed) archive.
        source: the archive's path; documents are named ``path#N`` (N = record index).
        max_bytes: cap on each record.
    """
    skipped: Counter[str] = Counter()
    yielded = 0
    try:
        records = ArchiveIterator(stream, arc2warc=True)
        for index, record in enumerate(records):
            kind, reason = _page_kind(record)
            if kind is None:
                skipped[reason] += 1
                continue
            yielded += 1
            yield _read_record(record, kind, f"{source}#{index}", max_bytes)
    except (ArchiveLoadFailed, ValueError, OSError) as error:
        reason = one_line(str(error)) or "unreadable"
        yield ReadFailure(source, f"truncated or corrupt ARC ({reason})")
        return
    if not yielded:
        yield ReadFailure(source, no_page_problem(skipped))


def _page_kind(record: Any) -> tuple[str | None, str]:
    if record.rec_type != "response":
        return None, str(record.rec_type)
    headers = record.http_headers
    if headers is None:
        return None, "response without HTTP headers"
    status = headers.get_statuscode() or "0"
    if not status.startswith("2"):
        return None, f"response HTTP {status}"
    content_type = (headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    kind = PAGE_TYPES.get(content_type)
    return kind, "" if kind else f"response {content_type or 'without content type'}"


def _read_record(record: Any, kind: str, name: str, max_bytes: int) -> RawDocument | ReadFailure:
    if record.length > max_bytes:
        return ReadFailure(name, "record " + too_large(max_bytes))
    headers = record.http_headers
    payload = record.raw_stream.read(max_bytes + 1)
    missing = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: bytes never read
    if missing:
        problem = f"truncated or corrupt ARC (the record ends {missing} bytes early)"
        return ReadFailure(name, problem)
    try:
        payload = decode_http_body(
            payload, headers.get_header("Transfer-Encoding"),
            headers.get_header("Content-Encoding"), name, max_bytes,
        )  # fmt: skip
        body = decode_bytes(payload, name, charset_parameter(headers.get_header("Content-Type")))
    except InputError as error:
        return ReadFailure(error.path, error.problem)
    if not body.strip():
        return ReadFailure(name, "empty response")
    return RawDocument(
        source_path=name,
        format="html" if kind == "html" else "text",
        body=body,
        raw=payload,
        content_type=headers.get_header("Content-Type") or "text/html",
        url=record.rec_headers.get_header("WARC-Target-URI"),
    )
