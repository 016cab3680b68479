"""WARC through the Dask engine: streamed record by record, in parts, as the local engine reads it."""

from __future__ import annotations

import gzip
import json
import uuid
from itertools import islice
from pathlib import Path

import distributed

from storyline import jobs
from storyline.engines.dask import DaskEngine
from storyline.engines.parts import read_manifest
from storyline.engines.shards import ShardSizes
from storyline.ingest import ReadOptions

RECORDS = 100


def _record(kind: str, uri: str, block: bytes, content_type: str) -> bytes:
    headers = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return headers.encode() + block + b"\r\n\r\n"


def _response(uri: str, page: bytes, status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".encode()
    return _record("response", uri, head + page, "application/http; msgtype=response")


def _page(story: dict[str, str]) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in story["body"].split("\n\n") if p.strip())
    return (
        f"<html><head><title>{story['title']}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{story['title']}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _write_crawl(path: Path, reuters: Path) -> None:
    """Reuters stories as crawled pages, with a request and a 404 between them."""
    with reuters.open(encoding="utf-8") as lines:
        stories = [s for s in map(json.loads, islice(lines, 2 * RECORDS)) if s.get("body")]
    records = [_record("warcinfo", "", b"software: test\r\n", "application/warc-fields")]
    for number, story in enumerate(stories[:RECORDS]):
        uri = f"https://news.example/{number}"
        records.append(_record("request", uri, b"GET / HTTP/1.1\r\n\r\n", "application/http"))
        records.append(_response(uri, _page(story)))
    records.append(_response("https://news.example/gone", b"<html>gone</html>", "404 Not Found"))
    path.write_bytes(gzip.compress(b"".join(records)))


def test_warc_streams_through_workers_in_parts(
    client: distributed.Client, reuters_sample: Path, tmp_path: Path
) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _write_crawl(crawl, reuters_sample)
    # The cap is per record (the longest page is ~5 KB), far under the archive: a reader
    # that held the whole archive would refuse it.
    options = ReadOptions(max_bytes=8_192)
    assert len(gzip.decompress(crawl.read_bytes())) > 10 * options.max_bytes
    with jobs.open_store(":memory:") as local:
        expected = jobs.ingest([str(crawl)], local, options)
        local_articles = list(local.articles())
    engine = DaskEngine(client, ShardSizes(documents=32), tmp_path / "news.db.shards")
    with jobs.open_store(tmp_path / "news.db") as store:
        summary = jobs.ingest([str(crawl)], store, options, engine=engine)
        assert list(store.articles()) == local_articles
    assert (summary.read, summary.written, summary.failed) == (RECORDS, expected.written, 0)
    (shard,) = (tmp_path / "news.db.shards" / "ingest").iterdir()
    manifest = read_manifest(shard)
    assert manifest is not None and (manifest.parts, manifest.items) == (2, RECORDS)
