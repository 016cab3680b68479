"""Pages of JSON-ready records, and a small memo for results computed over the whole store."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storyline.errors import QueryError
from storyline.store import Store

T = TypeVar("T")
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# The largest offset a page may start at: the largest integer JSON clients (JavaScript)
# hold exactly, far beyond any store, and well inside SQLite's 64-bit integers.
MAX_OFFSET = 2**53 - 1


@dataclass(slots=True)
class Page:
    """Records ``offset`` to ``offset + limit`` of ``total``; ``notes`` say what is missing."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    notes: list[str] = field(default_factory=list)

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        return following if following < self.total else None


def check_page(limit: int, offset: int) -> None:
    """Raise QueryError unless ``1 <= limit <= MAX_LIMIT`` and ``0 <= offset <= MAX_OFFSET``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}")


def page_of(
    records: Sequence[dict[str, Any]], limit: int, offset: int, notes: Sequence[str] = ()
) -> Page:
    """The page of an in-memory list of records."""
    check_page(limit, offset)
    return Page(list(records[offset : offset + limit]), len(records), limit, offset, list(notes))


_MEMO_LOCK = threading.Lock()
_MEMO: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
_COMPUTING: dict[tuple[str, str, str], threading.Lock] = {}
_MEMO_SIZE = 1024  # entries kept (records and rendered pages); least recently used go first


def memo(store: Store, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered until the store's articles, enrichments or phases change.

    In-memory stores are never memoised (every one is called ``:memory:``).
    """
    path = str(getattr(store, "path", ":memory:"))
    if path == ":memory:":
        return compute()
    key = (path, store.state_token(), name)
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]  # type: ignore[no-any-return]
        computing = _COMPUTING.setdefault(key, threading.Lock())
    # One computation per key: concurrent requests for a cold page wait for the first
    # instead of all doing the same seconds of work at once (benchmarks/serve.py).
    with computing:
        with _MEMO_LOCK:
            if key in _MEMO:
                return _MEMO[key]  # type: ignore[no-any-return]
        value = compute()
        with _MEMO_LOCK:
            while len(_MEMO) >= _MEMO_SIZE:
                _MEMO.popitem(last=False)
            _MEMO[key] = value
            _COMPUTING.pop(key, None)
    return value
