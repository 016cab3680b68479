"""storyline watch against feeds served on 127.0.0.1 by the test itself."""

import threading
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from ingest.loopback import LoopbackServer
from typer.testing import CliRunner

from storyline import watch as watch_module
from storyline.cli import app
from storyline.ingest import ReadOptions
from storyline.jobs import open_store
from storyline.store import SqliteStore
from storyline.watch import Round, WatchOptions, backoff, feed_list, watch_round
from storyline.workers import spawns_last

LONG = "The council met on Monday to discuss the budget for the coming year. " * 10
PAGE = (
    b"<html><body><article><h1>Linked story</h1><p>"
    + LONG.encode()
    + b"</p></article></body></html>"
)


def _feed(server: LoopbackServer, *titles: str) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>{server.url('/a/' + str(i))}</link>"
        f"<description>{t}. {LONG}</description></item>"
        for i, t in enumerate(titles)
    )
    teaser = server.url("/page")
    items += (
        f"<item><title>Teaser</title><link>{teaser}</link><description>Short.</description></item>"
    )
    channel = f"<channel><title>Loop News</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer()
    running.start()
    running.add("/page", PAGE)
    yield running
    running.stop()


@pytest.fixture
def options() -> WatchOptions:
    return WatchOptions(
        interval=60, max_backoff=600, read=ReadOptions(allow_private=True, timeout=5)
    )


def _requests(server: LoopbackServer, path: str) -> list[dict[str, str]]:
    return [headers for seen, headers in server.requests if seen == path]


def test_first_round_ingests_then_conditional_get_sees_not_modified(
    server: LoopbackServer, store: SqliteStore, options: WatchOptions
) -> None:
    url = server.add(
        "/rss", _feed(server, "One", "Two"), etag='"v1"', content_type="application/rss+xml"
    )
    first = watch_round(store, [url], options, now=1000)
    assert first.polls[0].status == "new" and first.written == 3
    assert first.analysis is not None
    assert watch_round(store, [url], options, now=1030).polls == []  # not due yet
    second = watch_round(store, [url], options, now=1060)
    assert second.polls[0].status == "not modified" and second.written == 0
    assert _requests(server, "/rss")[-1]["If-None-Match"] == '"v1"'


def test_changed_feed_adds_new_entries_without_refetching_known_pages(
    server: LoopbackServer, store: SqliteStore, options: WatchOptions
) -> None:
    url = server.add("/rss", _feed(server, "One"), etag='"v1"', content_type="application/rss+xml")
    watch_round(store, [url], options, now=0)
    server.add("/rss", _feed(server, "One", "Two"), etag='"v2"', content_type="application/rss+xml")
    result = watch_round(store, [url], options, now=60)
    assert result.polls[0].written == 1 and store.counts()["articles"] == 3
    assert len(_requests(server, "/page")) == 1


def test_failures_back_off_exponentially_up_to_the_cap(
    server: LoopbackServer, store: SqliteStore, options: WatchOptions
) -> None:
    url = server.add("/down", b"oops", status=503, content_type="text/plain")
    waits = []
    now = 0.0
    for _ in range(5):
        poll = watch_round(store, [url], options, now=now).polls[0]
        assert poll.status == "error" and "HTTP 503" in poll.failures[0].problem
        waits.append(poll.next_check - now)
        now = poll.next_check
    assert waits == [120, 240, 480, 600, 600]
    state = store.feed_states([url])[0]
    assert state.errors == 5 and "503" in (state.last_error or "")


def test_state_survives_a_restart(
    server: LoopbackServer, tmp_path: Path, options: WatchOptions
) -> None:
    url = server.add("/rss", _feed(server, "One"), etag='"v1"', content_type="application/rss+xml")
    with open_store(tmp_path / "w.db") as store:
        watch_round(store, [url], options, now=0)
    with open_store(tmp_path / "w.db") as store:
        state = store.feed_states([url])[0]
        assert state.etag == '"v1"' and state.next_check == 60 and state.articles == 2
        assert watch_round(store, [url], options, now=60).polls[0].status == "not modified"


def test_private_addresses_are_refused_without_allow_private(
    server: LoopbackServer, store: SqliteStore
) -> None:
    url = server.add("/rss", _feed(server, "One"), content_type="application/rss+xml")
    poll = watch_round(store, [url], WatchOptions(), now=0).polls[0]
    assert poll.status == "error" and "--allow-private" in poll.failures[0].problem


def test_feed_list_reads_opml_files_and_keeps_urls(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml><body><outline xmlUrl="https://a.example/rss"/></body></opml>')
    urls, problems = feed_list(
        ["https://b.example/feed", str(opml), str(tmp_path / "nope.opml")], ReadOptions()
    )
    assert urls == ["https://b.example/feed", "https://a.example/rss"]
    assert problems[0].source_path.endswith("nope.opml")


def test_backoff_doubles_from_the_interval() -> None:
    options = WatchOptions(interval=10, max_backoff=70)
    assert [backoff(n, options) for n in range(5)] == [10, 20, 40, 70, 70]


def test_watch_command_runs_one_round_and_exits(server: LoopbackServer, tmp_path: Path) -> None:
    url = server.add("/rss", _feed(server, "One"), content_type="application/rss+xml")
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(app, ["watch", url, "--once", "--allow-private", "--db", db])
    assert result.exit_code == 0, result.output
    assert f"{url}: 2 new, 0 unchanged" in result.output
    down = server.add("/down", b"", status=500)
    result = CliRunner().invoke(app, ["watch", down, "--once", "--allow-private", "--db", db])
    assert result.exit_code == 1 and "HTTP 500" in result.output


def test_a_watcher_keeps_its_workers_between_rounds_but_one_round_starts_none_to_keep(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Rounds after the first reuse the story analyses' worker (workers.lasting_spawns);
    ``--once`` (cron) has no later round to pay a kept worker's start back."""
    kept: list[bool] = []
    retried: list[bool] = []
    stop = threading.Event()

    def round_(
        store: SqliteStore, urls: list[str], options: WatchOptions, pending: bool = False
    ) -> Round:
        kept.append(spawns_last())
        retried.append(pending)
        if len(kept) == 3:
            stop.set()
        return Round(analysis_error="disk full" if len(kept) == 1 else None)

    monkeypatch.setattr(watch_module, "watch_round", round_)
    monkeypatch.setattr(watch_module, "next_due", lambda store, urls: 0.0)
    monkeypatch.setattr(stop, "wait", lambda seconds: False)
    with open_store(tmp_path / "w.db") as store:
        watch_module.watch(store, ["https://example.org/rss"], WatchOptions(), stop=stop)
        assert kept == [True, True, True] and not spawns_last()
        assert retried == [False, True, False]  # the round after a failed analysis retries
        watch_module.watch(store, ["https://example.org/rss"], WatchOptions(), once=True)
    assert kept[-1] is False


def test_a_failed_analysis_is_recorded_and_the_next_round_analyses_again(
    server: LoopbackServer,
    store: SqliteStore,
    options: WatchOptions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A watcher runs for days: an analysis that fails (a worker process killed, the disk
    full) is reported and retried, and what the round ingested stays stored."""
    url = server.add("/rss", _feed(server, "One"), etag='"v1"', content_type="application/rss+xml")
    real = watch_module.jobs.run

    def killed(store: SqliteStore, **kwargs: object) -> object:
        if "documents" not in kwargs:  # the analysis, not an ingest
            raise BrokenProcessPool("A child process terminated abruptly")
        return real(store, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watch_module.jobs, "run", killed)
    first = watch_round(store, [url], options, now=1000)
    assert first.written == 2 and first.analysis is None
    assert first.analysis_error == "A child process terminated abruptly"
    monkeypatch.setattr(watch_module.jobs, "run", real)
    assert watch_round(store, [url], options, now=1010).analysis is None  # nothing new
    again = watch_round(store, [url], options, now=1020, pending=True)
    assert again.written == 0 and again.analysis is not None and again.analysis_error is None
    assert list(store.events())
