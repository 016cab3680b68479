"""An input that gives no article always says why: never a silent "0 read" (issue 14)."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from test_arc import arc_record, build_arc, http
from test_feeds import atom, rss
from test_warc import response, warc_record
from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import RawDocument


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _empty_folder(folder: Path) -> Path:
    (folder / "empty" / ".hidden").mkdir(parents=True)
    (folder / "empty" / ".hidden" / "note.txt").write_text("hidden")
    return folder / "empty"


NOTHING_TO_READ: dict[str, tuple[Callable[[Path], Path], str]] = {
    "an RSS feed without items": (_write("news.rss", rss()), "feed has no entries"),
    "an Atom feed without entries": (_write("news.atom", atom()), "feed has no entries"),
    "a WARC without a page": (
        _write("crawl.warc.gz", gzip.compress(
            response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))),
        "no HTML or text page in this archive",
    ),
    "a WARC of requests only": (
        _write("requests.warc", warc_record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n",
                                            "application/http; msgtype=request")),
        "no HTML or text page in this archive (1 records: 1 request)",
    ),
    "an ARC without a page": (
        _write("crawl.arc", build_arc(arc_record("http://a.example/x.png", http(b"x", "image/png")))),
        "no HTML or text page in this archive",
    ),
    "JSON lines with blank lines only": (_write("empty.jsonl", b"\n  \n\n"), "no records (only blank lines)"),
    "an empty JSON array": (_write("empty.json", b"[]"), "no records (empty JSON array)"),
    "an OPML without feeds": (_write("subs.opml", b"<opml><body></body></opml>"), "OPML lists no feeds"),
    "an empty file": (_write("empty.txt", b""), "empty file"),
    "a folder with only hidden files": (_empty_folder, "no files in this folder"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(NOTHING_TO_READ))
def test_an_input_without_articles_is_a_failure_saying_why(tmp_path: Path, case: str) -> None:
    make, problem = NOTHING_TO_READ[case]
    path = make(tmp_path)
    results = list(read_inputs([str(path)], ReadOptions()))
    assert not any(isinstance(r, RawDocument) for r in results)
    assert [(r.source_path, r.problem[: len(problem)]) for r in results] == [(str(path), problem)]  # type: ignore[union-attr]


def test_ingest_of_an_empty_feed_exits_1_and_names_it(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes(rss())
    result = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and f"{feed}: feed has no entries" in result.output
