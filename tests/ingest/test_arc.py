"""ARC archives: pages become documents, the ARC header never becomes an article (issue 14,
item 9)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.arc import read_arc
from storyline.model import RawDocument, ReadFailure

PAGE = b"<html><head><title>ARC page</title></head><body><p>The dam held.</p></body></html>"


def arc_record(
    url: str, block: bytes, content_type: str = "text/html", ip: str = "127.0.0.1"
) -> bytes:
    return f"{url} {ip} 20050614070159 {content_type} {len(block)}\n".encode() + block + b"\n"


def http(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    extra: str = "",
    status: str = "200 OK",
) -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}\r\n".encode() + body


def build_arc(*records: bytes) -> bytes:
    description = b"1 0 Internet Archive\nURL IP-address Archive-date Content-type Archive-length\n"
    return (
        arc_record("filedesc://crawl.arc", description, "text/plain", "0.0.0.0")
        + b"\n"
        + b"\n".join(records)
    )


def test_arc_pages_become_documents_and_the_header_does_not(tmp_path: Path) -> None:
    data = build_arc(
        arc_record("http://a.example/1", http(PAGE)),
        arc_record(
            "http://a.example/2", http(gzip.compress(PAGE), extra="Content-Encoding: gzip\r\n")
        ),
        arc_record("http://a.example/logo.png", http(b"\x89PNG\r\n", "image/png")),
    )
    path = tmp_path / "crawl.arc.gz"
    path.write_bytes(gzip.compress(data))
    results = list(read_inputs([str(path)], ReadOptions()))
    assert all(isinstance(r, RawDocument) for r in results), results
    assert [(r.url, r.body) for r in results] == [  # type: ignore[union-attr]
        ("http://a.example/1", PAGE.decode()), ("http://a.example/2", PAGE.decode()),
    ]  # fmt: skip


def test_an_arc_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_bytes(build_arc(arc_record("http://a.example/1", http(PAGE))))
    (document,) = read_inputs([str(path)], ReadOptions())
    assert (
        isinstance(document, RawDocument)
        and document.title is None
        and "filedesc" not in document.body
    )


def test_an_arc_without_pages_says_what_it_held() -> None:
    data = build_arc(arc_record("http://a.example/gone", http(b"gone", status="404 Not Found")))
    (failure,) = read_arc(io.BytesIO(data), "crawl.arc", 10_000)
    assert isinstance(failure, ReadFailure)
    assert failure.problem.startswith("no HTML or text page in this archive (")
    assert "1 response HTTP 404" in failure.problem


def test_a_truncated_arc_keeps_what_was_read_then_fails_once() -> None:
    data = build_arc(
        arc_record("http://a.example/1", http(PAGE)),
        arc_record("http://a.example/2", http(PAGE * 5)),
    )
    first, second = read_arc(io.BytesIO(data[:-100]), "crawl.arc", 10_000)
    assert isinstance(first, RawDocument) and isinstance(second, ReadFailure)
    assert second.problem == "truncated or corrupt ARC (the record ends 99 bytes early)"
