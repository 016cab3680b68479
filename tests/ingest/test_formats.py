import pytest

from storyline.ingest.formats import detect_format, format_from_content_type, sniff_format


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("crawl.warc", "warc"),
        ("crawl.warc.gz", "warc"),
        ("subscriptions.opml", "opml"),
        ("news.rss", "feed"),
        ("news.atom", "feed"),
        ("news.xml", "feed"),
    ],
)
def test_extension_decides_when_it_is_telling(name: str, expected: str) -> None:
    assert detect_format(name, b"whatever") == expected


def test_xml_extension_is_sniffed_for_opml() -> None:
    assert detect_format("list.xml", b'<?xml version="1.0"?><opml version="2.0">') == "opml"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "feed"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
        (b"<HTML><head><title>x</title>", "html"),
        (b"<div><p>fragment</p></div>", "html"),
        (b'[{"text": "a"}]', "json"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{\n  "text": "a"\n}\n', "json"),
        (b"Just a plain article.", None),
    ],
)
def test_content_sniffing_without_a_telling_extension(head: bytes, expected: str | None) -> None:
    assert sniff_format(head) == expected
    assert detect_format("download.gz", head) == expected


def test_content_type_decides_last() -> None:
    assert detect_format("", b"Plain words.", "text/plain; charset=utf-8") == "text"
    assert format_from_content_type("application/rss+xml") == "feed"
    assert format_from_content_type(None) is None
