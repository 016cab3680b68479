import gzip
import io
import random
import uuid
from collections import Counter
from pathlib import Path

from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.warc import no_page_problem, read_warc
from storyline.model import RawDocument, ReadFailure

PAGE_ONE = b"<html><head><title>One</title></head><body><p>First story.</p></body></html>"
PAGE_TWO = "<html><body><p>Zweite Geschichte über Größe.</p></body></html>".encode("cp1252")


def warc_record(kind: str, uri: str, block: bytes, content_type: str) -> bytes:
    headers = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return headers.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def response(
    uri: str, body: bytes, content_type: str = "text/html", status: str = "200 OK"
) -> bytes:
    block = http_response(body, content_type, status)
    return warc_record("response", uri, block, "application/http; msgtype=response")


def build_warc() -> bytes:
    return b"".join([
        warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields"),
        warc_record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n",
                    "application/http; msgtype=request"),
        response("https://a.example/1", PAGE_ONE, "text/html; charset=utf-8"),
        response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        response("https://a.example/gone", b"<html>gone</html>", status="404 Not Found"),
        response("https://b.example/2", PAGE_TWO, "text/html; charset=windows-1252"),
    ])  # fmt: skip


def _read(data: bytes, max_bytes: int = 10_000) -> list[RawDocument | ReadFailure]:
    return list(read_warc(io.BytesIO(data), "crawl.warc", max_bytes))


def test_html_responses_become_documents_and_the_rest_is_skipped() -> None:
    results = _read(build_warc())
    assert all(isinstance(r, RawDocument) for r in results)
    first, second = results
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.url, first.format, first.raw) == ("https://a.example/1", "html", PAGE_ONE)
    assert second.body == "<html><body><p>Zweite Geschichte über Größe.</p></body></html>"
    assert first.source_path.startswith("crawl.warc#") and first.source_path != second.source_path


def test_warc_date_is_not_taken_as_the_publication_date() -> None:
    assert all(isinstance(r, RawDocument) and r.published is None for r in _read(build_warc()))


def test_truncated_warc_yields_records_so_far_then_one_failure() -> None:
    data = build_warc()
    results = _read(data[:-40])
    documents = [r for r in results if isinstance(r, RawDocument)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [d.url for d in documents] == ["https://a.example/1"]
    assert len(failures) == 1 and failures[0].problem.startswith("truncated or corrupt WARC (")


def test_warc_cut_inside_a_record_header_is_detected() -> None:
    data = build_warc()
    cut = data.rindex(b"WARC-Target-URI: https://b.example")
    results = _read(data[:cut])
    assert (
        isinstance(results[-1], ReadFailure) and "truncated or corrupt WARC" in results[-1].problem
    )
    assert sum(isinstance(r, RawDocument) for r in results) == 1


def test_record_over_the_cap_is_a_failure_and_the_next_still_reads() -> None:
    big = response("https://a.example/big", b"<p>" + b"x" * 500 + b"</p>")
    results = _read(big + response("https://a.example/small", b"<p>small</p>"), max_bytes=200)
    assert (
        isinstance(results[0], ReadFailure) and "larger than the 200-byte cap" in results[0].problem
    )
    assert isinstance(results[1], RawDocument) and results[1].url == "https://a.example/small"


def test_warc_gz_file_reads_through_read_inputs(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(build_warc()))
    results = list(read_inputs([str(path)], ReadOptions()))
    assert [r.url for r in results if isinstance(r, RawDocument)] == [
        "https://a.example/1", "https://b.example/2",
    ]  # fmt: skip


def test_truncated_warc_gz_keeps_earlier_records_and_reports_the_damage(tmp_path: Path) -> None:
    noise = random.Random(1).randbytes(8000).hex().encode()  # does not compress
    data = build_warc() + response("https://c.example/3", b"<p>" + noise + b"</p>")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(data)[:-200])
    results = list(read_inputs([str(path)], ReadOptions()))
    assert [r.url for r in results if isinstance(r, RawDocument)][:2] == [
        "https://a.example/1", "https://b.example/2",
    ]  # fmt: skip
    assert isinstance(results[-1], ReadFailure)
    assert "truncated gzip data" in results[-1].problem


def test_warc_without_telling_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "download.gz"
    path.write_bytes(gzip.compress(build_warc()))
    results = list(read_inputs([str(path)], ReadOptions()))
    assert len([r for r in results if isinstance(r, RawDocument)]) == 2


# Issue 14, item 1 and smaller items: compressed and chunked responses, resource records,
# and an archive with no page in it.
def encoded_response(uri: str, body: bytes, headers: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n"
    return warc_record("response", uri, head.encode() + body, "application/http; msgtype=response")


def _chunked(body: bytes, size: int = 100) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def test_gzip_and_deflate_and_brotli_responses_are_decoded() -> None:
    import zlib

    import brotli

    page = PAGE_ONE * 20
    records = [
        encoded_response("https://a.example/gz", gzip.compress(page), "Content-Encoding: gzip\r\n"),
        encoded_response("https://a.example/df", zlib.compress(page), "Content-Encoding: deflate\r\n"),
        encoded_response("https://a.example/br", brotli.compress(page), "Content-Encoding: br\r\n"),
        encoded_response(
            "https://a.example/ch", _chunked(gzip.compress(page)),
            "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        ),
        # Stored decoded by the crawler, the header kept: taken as it is.
        encoded_response("https://a.example/kept", page, "Content-Encoding: gzip\r\n"),
    ]  # fmt: skip
    results = _read(b"".join(records), max_bytes=100_000)
    assert all(isinstance(r, RawDocument) for r in results), results
    assert [r.body for r in results] == [page.decode()] * 5  # type: ignore[union-attr]


def test_a_chunked_response_loses_its_chunk_framing() -> None:
    record = encoded_response(
        "https://a.example/c", _chunked(PAGE_ONE, 17), "Transfer-Encoding: chunked\r\n"
    )
    (document,) = _read(record)
    assert isinstance(document, RawDocument) and document.body == PAGE_ONE.decode()


def test_a_compressed_record_expanding_past_the_cap_is_a_failure() -> None:
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000 + b"</p>")
    record = encoded_response("https://a.example/bomb", bomb, "Content-Encoding: gzip\r\n")
    (failure,) = _read(record + response("https://a.example/1", PAGE_ONE), max_bytes=100_000)[:1]
    assert isinstance(failure, ReadFailure) and "larger than the 100000-byte cap" in failure.problem


def test_resource_records_holding_html_are_documents() -> None:
    resource = warc_record("resource", "https://a.example/r", PAGE_ONE, "text/html; charset=utf-8")
    image = warc_record("resource", "https://a.example/i.png", b"\x89PNG\r\n\x1a\n", "image/png")
    (document,) = _read(resource + image)
    assert isinstance(document, RawDocument)
    assert (document.url, document.format, document.body) == (
        "https://a.example/r",
        "html",
        PAGE_ONE.decode(),
    )


def test_an_archive_without_a_page_says_what_it_held() -> None:
    data = b"".join([
        warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields"),
        warc_record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n",
                    "application/http; msgtype=request"),
        response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        response("https://a.example/gone", b"<html>gone</html>", status="404 Not Found"),
    ])  # fmt: skip
    (failure,) = _read(data)
    assert isinstance(failure, ReadFailure) and failure.source_path == "crawl.warc"
    assert failure.problem.startswith("no HTML or text page in this archive (4 records: ")
    for part in ("1 warcinfo", "1 request", "1 response image/png", "1 response HTTP 404"):
        assert part in failure.problem


def test_the_reason_an_archive_gave_nothing_is_one_printable_line() -> None:
    problem = no_page_problem(Counter({"response text/html\x00\ncontent-encoding: zstd": 1}))
    assert problem == (
        "no HTML or text page in this archive (1 records: 1 response text/html "
        "content-encoding: zstd)"
    )
