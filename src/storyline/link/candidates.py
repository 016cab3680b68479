"""Which articles are worth comparing: shared telling terms, close enough in time.

Linking never compares a corpus pair by pair. Two items are candidates when they share
one of their heaviest terms (:func:`top_terms`) and their dates allow them to be one
event. A term carried by more than :data:`POSTING_CAP` items is too common to tell
happenings apart and yields no candidates. :func:`candidate_pairs` finds every pair
of a batch at once (vectorised, for fitting); :class:`TermIndex` answers for one new
item at a time (for incremental assignment). Both give the same pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np

from storyline.link.terms import TermProfile

# Heaviest terms per item that go into the index: 12 words of the whole text and 8 of
# the names. On ECB+, 99.3 % of same-event pairs share one of them (the linkage then
# checks every pair of the clusters it merges, so a few missing ones do no harm).
TOP_WORDS, TOP_NAMES = 12, 8
# A term in more items than this yields no candidates (a wire agency's name, "said").
POSTING_CAP = 2000

When = tuple[int, int] | None  # a publication date or estimated range, as day ordinals
# An estimated range wider than this bounds the publication date from below only: its
# upper end is the extractor's guess (a year past the latest date the text mentions),
# and an article naming "1935" may well be from 2012 (ECB+). Narrower ranges come from
# evidence on both sides ("seven months since the August 2020 election").
FIRM_RANGE_DAYS = 120
# Stand-ins for "no bound" in day ordinals (undated: compatible with every date).
NO_START, NO_END = -(10**9), 10**9
# Postings of the incremental index are bucketed by this many days of start date.
BUCKET_DAYS = 32
_LOOSE = -1  # the bucket of undated and open-ended items


def when_of(published: str | None, published_range: tuple[str, str] | None) -> When:
    """Day ordinals of a publication date, else of its estimated range, else None."""
    if published:
        day = _day(published)
        return (day, day) if day is not None else None
    if published_range:
        low, high = _day(published_range[0]), _day(published_range[1])
        if low is not None and high is not None:
            return (low, high if high - low <= FIRM_RANGE_DAYS else NO_END)
    return None


def _day(text: str) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def gap_days(a: When, b: When) -> int:
    """Days between two periods (0 when they overlap or either is unknown)."""
    if a is None or b is None:
        return 0
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def bounds(whens: list[When]) -> tuple[np.ndarray, np.ndarray]:
    """Low and high day ordinals as arrays (undated: no bounds)."""
    low = np.fromiter((w[0] if w else NO_START for w in whens), dtype=np.int64, count=len(whens))
    high = np.fromiter((w[1] if w else NO_END for w in whens), dtype=np.int64, count=len(whens))
    return low, high


def top_terms(profile: TermProfile) -> np.ndarray:
    """The keys an item is indexed (and looked up) by."""
    return np.unique(np.concatenate([profile.full.top(TOP_WORDS), profile.names.top(TOP_NAMES)]))


def top_keys(profile: TermProfile) -> list[int]:
    """:func:`top_terms` as a list, for one item at a time (``np.unique`` costs more than
    the few dozen keys it sorts: it was a tenth of placing a batch's articles)."""
    words = profile.full.top(TOP_WORDS).tolist()
    return sorted(set(words).union(profile.names.top(TOP_NAMES).tolist()))


def candidate_pairs(
    profiles: list[TermProfile], whens: list[When], max_gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate pair ``(i, j)``, ``i < j``, as two index arrays (sorted, unique)."""
    chunks = list(candidate_chunks(profiles, whens, max_gap))
    if not chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return unique_pairs(
        np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])
    )


def candidate_chunks(
    profiles: list[TermProfile],
    whens: list[When],
    max_gap: int,
    chunk: int = 1_000_000,
    unique: bool = True,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The candidate pairs in chunks of about ``chunk`` (``i < j``; a pair sharing several
    top terms may come in more than one chunk), so a large corpus never holds them all.
    With ``unique`` false, as found: either way round, once per top term shared."""
    tidy = unique_pairs if unique else _as_given
    tops = [top_terms(p) for p in profiles]
    if not tops:
        return
    keys = np.concatenate(tops)
    owners = np.repeat(np.arange(len(tops)), [len(t) for t in tops])
    low, high = bounds(whens)
    order = np.lexsort((owners, low[owners], keys))  # by term, then by start date
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    ends = np.concatenate([starts[1:], [len(keys)]])
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    pending = 0
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if 2 <= end - start <= POSTING_CAP:
            left, right = _window_pairs(owners[start:end], low, high, max_gap)
            lefts.append(left)
            rights.append(right)
            pending += len(left)
        if pending >= chunk:
            yield tidy(np.concatenate(lefts), np.concatenate(rights))
            lefts, rights, pending = [], [], 0
    if pending:
        yield tidy(np.concatenate(lefts), np.concatenate(rights))


def _as_given(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return first, second


def unique_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ordered ``(low, high)``, sorted, each once."""
    pairs = np.unique(np.stack([np.minimum(first, second), np.maximum(first, second)]), axis=1)
    return pairs[0], pairs[1]


def _window_pairs(
    members: np.ndarray, low: np.ndarray, high: np.ndarray, max_gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of ``members`` (sorted by start) at most ``max_gap`` days apart.

    With members sorted by start, member ``j`` after ``k`` is close enough exactly when
    it starts by ``high[k] + max_gap``: a prefix of the ones after ``k``.
    """
    starts = low[members]
    limits = np.searchsorted(starts, np.minimum(high[members], NO_END - max_gap) + max_gap, "right")
    counts = np.maximum(limits - np.arange(1, len(members) + 1), 0)
    left = np.repeat(np.arange(len(members)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    right = left + 1 + offsets
    return members[left], members[right]


class TermIndex:
    """Items by their top terms and month of publication, for candidate lookups.

    Postings are kept per term and per :data:`BUCKET_DAYS` of start date (undated and
    open-ended items apart), so a dated lookup reads only the buckets within reach:
    its cost stays flat as years of news pile up (benchmarks/link.py).
    """

    def __init__(self, max_gap: int) -> None:
        self.max_gap = max_gap
        self._postings: dict[int, dict[int, list[int]]] = {}
        self._counts: dict[int, int] = {}
        self._low = np.zeros(1024, dtype=np.int64)
        self._high = np.zeros(1024, dtype=np.int64)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, profile: TermProfile, when: When) -> int:
        """Index one item; returns its position."""
        position = self._size
        if position == len(self._low):
            self._low = np.concatenate([self._low, np.zeros_like(self._low)])
            self._high = np.concatenate([self._high, np.zeros_like(self._high)])
        (self._low[position], self._high[position]), self._size = _bounds(when), position + 1
        bucket = _bucket(when)
        for key in top_keys(profile):
            self._postings.setdefault(key, {}).setdefault(bucket, []).append(position)
            self._counts[key] = self._counts.get(key, 0) + 1
        return position

    def candidates(self, profile: TermProfile, when: When) -> list[int]:
        """Positions of indexed items sharing a top term, within ``max_gap`` days."""
        low, high = _bounds(when)
        found = []
        for key in top_keys(profile):
            buckets = self._postings.get(key)
            if not buckets or self._counts[key] >= POSTING_CAP:
                continue
            if _bucket(when) == _LOOSE:
                postings = list(buckets.values())
            else:
                reach = range(
                    (low - self.max_gap) // BUCKET_DAYS, (high + self.max_gap) // BUCKET_DAYS + 1
                )
                postings = [buckets[b] for b in (*reach, _LOOSE) if b in buckets]
            for posting in postings:
                positions = np.asarray(posting)
                close = (self._low[positions] <= high + self.max_gap) & (
                    self._high[positions] >= low - self.max_gap
                )
                found.append(positions[close])
        return np.unique(np.concatenate(found)).tolist() if found else []


def _bucket(when: When) -> int:
    if when is None or when[1] == NO_END:
        return _LOOSE
    return when[0] // BUCKET_DAYS


def _bounds(when: When) -> tuple[int, int]:
    return when if when else (NO_START, NO_END)
