"""Every reader, fed hostile bytes, gives documents or one-line failures, never an exception
(issue 14). No test reaches the network: fetching is replaced by a refusal."""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from hostile_strategies import hostile_bytes, hostile_text, json_lines, json_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import FetchError, InputError
from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.arc import read_arc
from storyline.ingest.decode import decode_bytes
from storyline.ingest.feeds import read_feed
from storyline.ingest.formats import detect_format
from storyline.ingest.http_payload import decode_http_body
from storyline.ingest.opml import feed_urls
from storyline.ingest.records import read_json, read_json_lines, record_document
from storyline.ingest.warc import read_warc
from storyline.model import RawDocument, ReadFailure

# Examples per test: cheap readers get more. The whole module runs in about 20 s.
MANY = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
OPTIONS = ReadOptions(max_bytes=200_000)


def _refused(url: str, *args: object, **kwargs: object) -> None:
    raise FetchError(url, "fetching is off in the fuzz tests")


@contextmanager
def offline() -> Iterator[None]:
    with (
        mock.patch("storyline.ingest.feeds.fetch_page", _refused),
        mock.patch("storyline.ingest.opml.fetch", _refused),
        mock.patch("storyline.ingest.readers.fetch", _refused),
    ):
        yield


def assert_documents_or_failures(results: Iterable[object]) -> list[object]:
    found = list(results)
    for item in found:
        assert isinstance(item, RawDocument | ReadFailure), item
        if isinstance(item, ReadFailure):
            assert item.problem.strip() and "\n" not in item.problem, item
        else:
            item.body.encode("utf-8")  # storable: no lone surrogate
            assert item.body.strip()
    return found


def _raises_only_input_error(read: object) -> list[object]:
    try:
        return assert_documents_or_failures(read())  # type: ignore[operator]
    except InputError as error:
        assert "\n" not in error.problem and error.problem.strip()
        return []


@MANY
@given(hostile_bytes(), st.sampled_from([None, "utf-8", "latin-1", "x-unknown", "utf-16"]))
def test_decode_bytes_gives_text_or_a_one_line_input_error(
    data: bytes, declared: str | None
) -> None:
    try:
        text = decode_bytes(data, "f.txt", declared)
    except InputError as error:
        assert "\n" not in error.problem
    else:
        text.encode("utf-8", "surrogatepass")


@MANY
@given(json_lines())
def test_json_lines_never_raise(data: bytes) -> None:
    assert_documents_or_failures(read_json_lines(io.BytesIO(data), "f.jsonl", 10_000))


@MANY
@given(st.one_of(json_lines(), hostile_bytes()))
def test_json_files_give_documents_failures_or_one_input_error(data: bytes) -> None:
    _raises_only_input_error(lambda: read_json(data, "f.json", 10_000))


@MANY
@given(json_records())
def test_a_json_record_is_a_document_or_an_input_error(record: dict[str, object]) -> None:
    _raises_only_input_error(lambda: [record_document(record, "f#1", b"{}", "f:1")])


def _feed(items: list[tuple[str, str, str]], atom: bool) -> bytes:
    if atom:
        entries = "".join(
            f"<entry><title>{t}</title><link href='{link}'/><content type='html'>{c}</content></entry>"
            for t, link, c in items
        )
        return (
            f"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title>{entries}</feed>".encode()
        )
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{c}</description></item>"
        for t, link, c in items
    )
    return f"<rss version='2.0'><channel><title>x</title>{entries}</channel></rss>".encode()


@FEW
@given(
    st.lists(st.tuples(hostile_text(6), hostile_text(2), hostile_text(60)), max_size=4),
    st.booleans(),
    st.one_of(st.none(), hostile_bytes()),
)
def test_feeds_never_raise_but_input_errors(
    items: list[tuple[str, str, str]], atom: bool, noise: bytes | None
) -> None:
    data = noise if noise is not None else _feed(items, atom)
    with offline():
        _raises_only_input_error(lambda: read_feed(data, "f.xml", OPTIONS))


@MANY
@given(
    st.one_of(
        hostile_bytes(),
        hostile_text().map(lambda t: f"<opml><body><outline xmlUrl='{t}'/></body></opml>".encode()),
    )
)
def test_opml_lists_give_urls_or_an_input_error(data: bytes) -> None:
    try:
        urls = feed_urls(data, "f.opml")
    except InputError as error:
        assert "\n" not in error.problem
    else:
        assert all(isinstance(url, str) and url for url in urls)


def _warc(body: bytes, encoding: str) -> bytes:
    block = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + (f"Content-Encoding: {encoding}\r\n" if encoding else "").encode()
        + b"\r\n"
        + body
    )
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def _mutated(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in cuts:
        if mutable:
            mutable[position % len(mutable)] = value
    return bytes(mutable)


@FEW
@given(
    hostile_bytes(),
    st.sampled_from(["", "gzip", "deflate", "br", "zstd", "gzip, br"]),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=6),
    st.integers(min_value=0, max_value=400),
)
def test_warc_records_damaged_anyhow_never_raise(
    body: bytes, encoding: str, cuts: list[tuple[int, int]], cut_end: int
) -> None:
    data = _mutated(_warc(gzip.compress(body) if encoding == "gzip" else body, encoding) * 2, cuts)
    data = data[: len(data) - cut_end]
    assert_documents_or_failures(read_warc(io.BytesIO(data), "f.warc", 100_000))


@FEW
@given(
    hostile_bytes(), st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=6)
)
def test_arc_files_damaged_anyhow_never_raise(body: bytes, cuts: list[tuple[int, int]]) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    record = f"http://a.example/ 127.0.0.1 20050614070159 text/html {len(http)}\n".encode() + http
    head = b"filedesc://f.arc 0.0.0.0 20050614070159 text/plain 0\n\n"
    data = _mutated(head + record + b"\n" + record, cuts)
    assert_documents_or_failures(read_arc(io.BytesIO(data), "f.arc", 100_000))


@MANY
@given(
    hostile_bytes(),
    st.sampled_from([None, "chunked", "Chunked, gzip"]),
    st.sampled_from([None, "gzip", "x-gzip", "deflate", "br", "identity", "gzip, deflate", "zstd"]),
)
def test_http_bodies_decode_or_give_an_input_error(
    body: bytes, transfer: str | None, encoding: str | None
) -> None:
    for data in (body, gzip.compress(body)):
        try:
            decoded = decode_http_body(data, transfer, encoding, "r#1", 50_000)
        except InputError as error:
            assert "\n" not in error.problem
        else:
            assert len(decoded) <= 50_000


@MANY
@given(st.text(max_size=30), st.binary(max_size=300), st.one_of(st.none(), st.text(max_size=30)))
def test_format_detection_never_raises(name: str, head: bytes, content_type: str | None) -> None:
    detect_format(name, head, content_type)


SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".warc", ".arc", ".xml", ".rss", ".opml", "",
            ".txt.gz", ".warc.gz", ".jsonl.gz", ".gz"]  # fmt: skip


@FEW
@given(st.one_of(hostile_bytes(), json_lines()), st.sampled_from(SUFFIXES), st.booleans())
def test_any_file_through_read_inputs_never_raises(
    data: bytes, suffix: str, compress: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(gzip.compress(data) if compress or suffix.endswith(".gz") else data)
        with offline():
            found = assert_documents_or_failures(read_inputs([str(path)], OPTIONS))
    assert found, "an input gave nothing and said nothing"
