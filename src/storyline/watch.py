"""``storyline watch``: poll feeds on a schedule, ingest and analyze what is new.

Each feed is fetched with a conditional GET (the ``ETag``/``Last-Modified`` of the last
answer), so an unchanged feed costs one ``304``. A feed that fails waits twice as long
after each failure in a row (capped), and its state lives in the store, so a restarted
watcher sends the same validators and keeps the back-off.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline import jobs
from storyline.errors import InputError
from storyline.ingest import ReadOptions
from storyline.ingest.feeds import FULL_CONTENT_MIN_CHARS, entry_document, parse_feed, strip_tags
from storyline.ingest.fetch import fetch
from storyline.ingest.opml import feed_urls
from storyline.ingest.problems import one_line
from storyline.ingest.sources import is_url, read_capped
from storyline.model import RawDocument, ReadFailure
from storyline.store import Store
from storyline.store.feeds import FeedState
from storyline.workers import lasting_spawns

log = logging.getLogger(__name__)

# Fifteen minutes between polls of a healthy feed: news feeds update every few minutes
# to hours, and most publishers ask for no more than a few polls an hour.
DEFAULT_INTERVAL = 900.0
# Back-off doubles per failure in a row up to six hours, so a feed that is down for a
# day costs a handful of requests, and one that comes back is seen the same day.
MAX_BACKOFF = 6 * 3600.0


@dataclass(slots=True)
class WatchOptions:
    """Schedule and limits: seconds between polls, back-off cap, reader limits, analyze."""

    interval: float = DEFAULT_INTERVAL
    max_backoff: float = MAX_BACKOFF
    read: ReadOptions = field(default_factory=ReadOptions)
    analyze: bool = True


@dataclass(slots=True)
class PollResult:
    """What one poll of one feed did; ``status`` is ``new``, ``not modified`` or ``error``."""

    url: str
    status: str
    written: int = 0
    unchanged: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    next_check: float = 0.0

    def describe(self, now: float) -> str:
        """One line for a log: ``URL: 3 new, 0 unchanged`` or ``URL: error: … (next try …)``."""
        if self.status == "error":
            problem = self.failures[0].problem if self.failures else "failed"
            minutes = max(self.next_check - now, 0) / 60
            return f"{self.url}: error: {problem} (next try in {minutes:.0f} min)"
        if self.status == "new":
            failed = f", {len(self.failures)} failed" if self.failures else ""
            return f"{self.url}: {self.written} new, {self.unchanged} unchanged{failed}"
        return f"{self.url}: not modified"


@dataclass(slots=True)
class Round:
    """One round over the due feeds; ``analysis`` has the steps analyze ran (if it ran),
    ``analysis_error`` why it failed (if it did)."""

    polls: list[PollResult] = field(default_factory=list)
    analysis: dict[str, int] | None = None
    analysis_error: str | None = None

    @property
    def written(self) -> int:
        return sum(poll.written for poll in self.polls)


def feed_list(arguments: list[str], options: ReadOptions) -> tuple[list[str], list[ReadFailure]]:
    """Feed URLs from the arguments: a URL is a feed, a file is an OPML subscription list.

    Returns:
        The URLs (each once, in order) and a failure per unreadable OPML file.
    """
    urls: list[str] = []
    problems: list[ReadFailure] = []
    for argument in arguments:
        if is_url(argument):
            urls.append(argument)
            continue
        try:
            urls += feed_urls(read_capped(Path(argument), options.max_bytes), argument)
        except InputError as error:
            problems.append(ReadFailure(error.path, error.problem))
    return list(dict.fromkeys(urls)), problems


def backoff(errors: int, options: WatchOptions) -> float:
    """Seconds to wait after ``errors`` failures in a row (0 means healthy)."""
    return float(min(options.interval * 2**errors, max(options.max_backoff, options.interval)))


def poll_feed(store: Store, state: FeedState, options: WatchOptions, now: float) -> PollResult:
    """Fetch one feed (conditionally), ingest its new entries, record the feed's state."""
    try:
        response = fetch(state.url, options.read, state.etag, state.last_modified)
        result = PollResult(state.url, "not modified" if response.not_modified else "new")
        if not response.not_modified:
            _ingest(store, state, response.body, options, result)
            state.etag, state.last_modified = response.etag, response.last_modified
    except InputError as error:
        return _failed(store, state, one_line(error.problem), options, now)
    state.errors, state.last_error, state.last_status = 0, None, result.status
    _schedule(store, state, options, now)
    result.next_check = state.next_check
    return result


def _ingest(
    store: Store, state: FeedState, body: bytes, options: WatchOptions, result: PollResult
) -> None:
    items = feed_items(body, state.url, store, options.read)
    summary = jobs.run(store, documents=items, analyze_after=False).ingest
    result.written, result.unchanged = summary.written, summary.unchanged
    result.failures = summary.failures
    state.articles += summary.written


def _failed(
    store: Store, state: FeedState, problem: str, options: WatchOptions, now: float
) -> PollResult:
    state.errors += 1
    state.last_error, state.last_status = problem, "error"
    _schedule(store, state, options, now)
    failure = ReadFailure(state.url, problem)
    return PollResult(state.url, "error", failures=[failure], next_check=state.next_check)


def _schedule(store: Store, state: FeedState, options: WatchOptions, now: float) -> None:
    state.checked_at = now
    state.next_check = now + backoff(state.errors, options)
    store.write_feed_state(state)


def feed_items(
    data: bytes, url: str, store: Store, options: ReadOptions
) -> Iterator[RawDocument | ReadFailure]:
    """The feed's entries as documents; a link-only entry already stored is not fetched again.

    Raises:
        InputError: the feed is malformed.
    """
    parsed = parse_feed(data, url)
    outlet = parsed.feed.get("title") if isinstance(parsed.feed.get("title"), str) else None
    known = store.known_urls(str(entry.get("link")) for entry in parsed.entries)
    for index, entry in enumerate(parsed.entries):
        if entry.get("link") in known and _needs_fetch(entry):
            continue
        try:
            yield entry_document(entry, url, index, outlet, options)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)


def _needs_fetch(entry: Any) -> bool:
    """True when the entry's own text is a teaser, so reading it means fetching its link."""
    blocks = [block.get("value") or "" for block in entry.get("content") or []]
    blocks.append(entry.get("summary") or "")
    return max(len(strip_tags(block)) for block in blocks) < FULL_CONTENT_MIN_CHARS


def watch_round(
    store: Store,
    urls: list[str],
    options: WatchOptions,
    now: float | None = None,
    pending: bool = False,
) -> Round:
    """Poll every feed that is due, then analyze once if anything new came in (or is
    ``pending``: the last round's analysis failed).

    A failed analysis does not end the watch: what the round ingested is stored, each
    phase's results are written in one transaction or not at all, and the next round
    analyses again; the round records why (a worker process killed, the disk full).
    """
    now = time.time() if now is None else now
    result = Round()
    for state in store.feed_states(urls):
        if state.next_check <= now:
            result.polls.append(poll_feed(store, state, options, now))
    if (result.written or pending) and options.analyze:
        try:
            analysis = jobs.run(store).analysis
        except Exception as error:  # noqa: BLE001 - recorded; the watcher goes on
            log.exception("analysis failed; the next round analyses again")
            result.analysis_error = one_line(str(error)) or type(error).__name__
        else:
            result.analysis = analysis.steps if analysis else None
    return result


def next_due(store: Store, urls: list[str]) -> float:
    """When the earliest of the feeds is due (Unix seconds)."""
    return min((state.next_check for state in store.feed_states(urls)), default=time.time())


def watch(
    store: Store,
    urls: list[str],
    options: WatchOptions,
    on_round: Callable[[Round], None] = lambda _: None,
    once: bool = False,
    stop: threading.Event | None = None,
) -> None:
    """Poll until ``stop`` is set (or one round with ``once``), sleeping until a feed is due.

    Example:
        >>> urls = ["https://example.org/rss"]
        >>> watch(open_store("news.db"), urls, WatchOptions())  # doctest: +SKIP
    """
    stop = stop or threading.Event()
    # The story analyses' worker, once started, serves every round (lasting_spawns); one
    # round alone (cron) has no later round to pay its start back.
    with contextlib.nullcontext() if once else lasting_spawns():
        pending = False
        while not stop.is_set():
            result = watch_round(store, urls, options, pending=pending)
            pending = result.analysis_error is not None
            on_round(result)
            if once:
                return
            stop.wait(max(next_due(store, urls) - time.time(), 1.0))
