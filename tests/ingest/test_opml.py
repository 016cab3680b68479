from pathlib import Path

import pytest
from loopback import LoopbackServer

from storyline.errors import InputError
from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.opml import feed_urls
from storyline.model import RawDocument, ReadFailure

LOCAL = ReadOptions(allow_private=True, timeout=5.0)


def opml(*urls: str) -> bytes:
    outlines = "".join(
        f'<outline type="rss" text="f{i}" xmlUrl="{url}"/>' for i, url in enumerate(urls)
    )
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head>'
        f'<body><outline text="News">{outlines}</outline></body></opml>'
    ).encode()


def _feed(link: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Loop News</title>'
        f"<item><title>Story</title><link>{link}</link></item></channel></rss>"
    ).encode()


def test_feed_urls_are_listed_once_in_order() -> None:
    data = opml("https://a.example/rss", "https://b.example/atom", "https://a.example/rss")
    assert feed_urls(data, "subs.opml") == ["https://a.example/rss", "https://b.example/atom"]


def test_unparsable_opml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="malformed OPML"):
        feed_urls(b"\x00\x01 not xml", "subs.opml")


def test_opml_file_reads_every_listed_feed(server: LoopbackServer, tmp_path: Path) -> None:
    story = server.add("/story", b"<html><body><p>Loop story.</p></body></html>")
    feed = server.add("/feed.xml", _feed(story), content_type="application/rss+xml")
    path = tmp_path / "subs.opml"
    path.write_bytes(opml(feed, server.url("/missing.xml")))
    results = list(read_inputs([str(path)], LOCAL))
    documents = [r for r in results if isinstance(r, RawDocument)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [(d.url, d.outlet) for d in documents] == [(story, "Loop News")]
    assert [(f.source_path, f.problem) for f in failures] == [
        (server.url("/missing.xml"), "HTTP 404 Not Found"),
    ]


def test_opml_without_feeds_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.opml"
    path.write_bytes(opml())
    [failure] = read_inputs([str(path)], ReadOptions())
    assert isinstance(failure, ReadFailure) and "lists no feeds" in failure.problem
