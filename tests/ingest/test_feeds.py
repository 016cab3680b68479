from pathlib import Path

from loopback import LoopbackServer

from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.feeds import FULL_CONTENT_MIN_CHARS, read_feed, strip_tags
from storyline.model import RawDocument, ReadFailure

LOCAL = ReadOptions(allow_private=True, timeout=5.0)
LONG_BODY = "<p>" + "The council approved the budget after a long debate. " * 15 + "</p>"


def rss(*items: str, title: str = "Daily Planet") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://planet.example/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def rss_item(title: str, link: str | None, summary: str = "", content: str = "") -> str:
    parts = [f"<title>{title}</title>", "<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate>"]
    parts += [f"<link>{link}</link>"] if link else []
    parts += [f"<description><![CDATA[{summary}]]></description>"] if summary else []
    parts += [f"<content:encoded><![CDATA[{content}]]></content:encoded>"] if content else []
    return "<item>" + "".join(parts) + "</item>"


def atom(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Times</title><id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def atom_entry(title: str, link: str, content: str = "", summary: str = "") -> str:
    body = f'<content type="html"><![CDATA[{content}]]></content>' if content else ""
    body += f"<summary>{summary}</summary>" if summary else ""
    return (
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>2024-05-01T08:30:00Z</updated><author><name>Ann Writer</name></author>"
        f"{body}</entry>"
    )


def test_rss_entry_with_full_content_becomes_a_document_directly() -> None:
    feed = rss(rss_item("Budget passes", "https://planet.example/budget", "Teaser.", LONG_BODY))
    [document] = read_feed(feed, "planet.rss", ReadOptions())
    assert isinstance(document, RawDocument)
    assert (document.format, document.url, document.title) == (
        "html", "https://planet.example/budget", "Budget passes",
    )  # fmt: skip
    assert (document.outlet, document.published) == ("Daily Planet", "2021-09-06T16:45:00+00:00")
    assert "The council approved the budget" in document.body
    assert document.source_path == "https://planet.example/budget"


def test_long_summary_counts_as_full_content() -> None:
    feed = rss(rss_item("Budget passes", "https://planet.example/b", summary=LONG_BODY))
    [document] = read_feed(feed, "planet.rss", ReadOptions())
    assert isinstance(document, RawDocument) and "long debate" in document.body


def test_atom_entry_with_full_content_becomes_a_document(tmp_path: Path) -> None:
    path = tmp_path / "times.atom"
    path.write_bytes(atom(atom_entry("Atom story", "https://atom.example/1", LONG_BODY)))
    [document] = read_inputs([str(path)], ReadOptions())
    assert isinstance(document, RawDocument)
    assert (document.outlet, document.author, document.published) == (
        "Atom Times", "Ann Writer", "2024-05-01T08:30:00+00:00",
    )  # fmt: skip


def test_link_only_entries_are_fetched_from_their_link(server: LoopbackServer) -> None:
    article = server.add("/story", b"<html><body><p>The whole story.</p></body></html>")
    feed = rss(rss_item("Short teaser", article, "Only a teaser."))
    [document] = read_feed(feed, "planet.rss", LOCAL)
    assert isinstance(document, RawDocument)
    assert (document.source_path, document.url, document.format) == (article, article, "html")
    assert (document.title, document.outlet) == ("Short teaser", "Daily Planet")
    assert "The whole story." in document.body


def test_feed_url_with_link_only_entries_fetches_them_from_the_same_server(
    server: LoopbackServer,
) -> None:
    first = server.add("/a", b"<html><body><p>First story.</p></body></html>")
    second = server.add("/b", b"<html><body><p>Second story.</p></body></html>")
    items = [rss_item("A", first), rss_item("B", second), rss_item("C", server.url("/gone"))]
    feed_url = server.add("/feed", rss(*items), content_type="application/rss+xml")
    results = list(read_inputs([feed_url], LOCAL))
    assert [r.url for r in results if isinstance(r, RawDocument)] == [first, second]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [(f.source_path, f.problem) for f in failures] == [
        (server.url("/gone"), "HTTP 404 Not Found")
    ]


def test_link_only_entries_are_refused_on_private_addresses_by_default(
    server: LoopbackServer,
) -> None:
    feed = rss(rss_item("Teaser", server.add("/story", b"<p>x</p>")))
    [failure] = read_feed(feed, "planet.rss", ReadOptions())
    assert isinstance(failure, ReadFailure) and "loopback address" in failure.problem
    assert server.requests == []


def test_entry_without_link_or_content_is_a_failure() -> None:
    [failure] = read_feed(rss(rss_item("Nothing", None, "Tiny.")), "planet.rss", ReadOptions())
    assert isinstance(failure, ReadFailure)
    assert failure.source_path == "planet.rss#0"


def test_malformed_feed_without_entries_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<rss><channel><title>Broken</ti")
    [failure] = read_inputs([str(path)], ReadOptions())
    assert isinstance(failure, ReadFailure) and failure.problem.startswith("malformed feed (")


def test_malformed_feed_with_entries_still_yields_them() -> None:
    feed = rss(rss_item("Budget passes", "https://planet.example/b", content=LONG_BODY))[:-20]
    results = list(read_feed(feed, "planet.rss", ReadOptions()))
    assert [type(r) for r in results] == [RawDocument]


def test_full_content_threshold_counts_visible_text_only() -> None:
    markup = "<p>" + "&amp;" * FULL_CONTENT_MIN_CHARS + "</p>"
    assert strip_tags(markup) == "&" * FULL_CONTENT_MIN_CHARS
    assert strip_tags("<p>a</p>\n<p>b</p>") == "a b"
