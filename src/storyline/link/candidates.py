"""Which articles are worth comparing: shared telling terms, close enough in time.

Linking never compares a corpus pair by pair. Two items are candidates when they share
one of their heaviest terms (:func:`top_terms`) and their dates allow them to be one
event. A term carried by more than :data:`POSTING_CAP` items is too common to tell
happenings apart and yields no candidates. :func:`candidate_pairs` finds every pair
of a batch at once (vectorised, for fitting); :class:`TermIndex` answers for one new
item at a time (for incremental assignment). Both give the same pairs.
"""

from __future__ import annotations

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


def candidate_pairs(
    profiles: list[TermProfile], whens: list[When], max_gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate pair ``(i, j)``, ``i < j``, as two index arrays (sorted, unique)."""
    tops = [top_terms(p) for p in profiles]
    if not tops:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.concatenate(tops)
    owners = np.repeat(np.arange(len(tops)), [len(t) for t in tops])
    low, high = bounds(whens)
    order = np.lexsort((owners, low[owners], keys))  # by term, then by start date
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    ends = np.concatenate([starts[1:], [len(keys)]])
    lefts, rights = [], []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if 2 <= end - start <= POSTING_CAP:
            left, right = _window_pairs(owners[start:end], low, high, max_gap)
            lefts.append(left)
            rights.append(right)
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first, second = np.concatenate(lefts), np.concatenate(rights)
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
    """Items by their top terms, for candidate lookups within a time gap."""

    def __init__(self, max_gap: int) -> None:
        self.max_gap = max_gap
        self._postings: dict[int, list[int]] = {}
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
        for key in top_terms(profile).tolist():
            self._postings.setdefault(key, []).append(position)
        return position

    def candidates(self, profile: TermProfile, when: When) -> list[int]:
        """Positions of indexed items sharing a top term, within ``max_gap`` days."""
        low, high = _bounds(when)
        found = []
        for key in top_terms(profile).tolist():
            posting = self._postings.get(key)
            if posting and len(posting) < POSTING_CAP:
                positions = np.asarray(posting)
                close = (self._low[positions] <= high + self.max_gap) & (
                    self._high[positions] >= low - self.max_gap
                )
                found.append(positions[close])
        return np.unique(np.concatenate(found)).tolist() if found else []


def _bounds(when: When) -> tuple[int, int]:
    return when if when else (NO_START, NO_END)
