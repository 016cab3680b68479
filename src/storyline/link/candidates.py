"""Which articles are worth comparing: shared telling terms, close enough in time.

Linking never compares a corpus pair by pair. :class:`TermIndex` is an inverted index
over each item's heaviest terms (its :data:`TOP_TERMS` heaviest words and names); two
items are candidates when they share one of them and their dates allow it. A term
carried by more than :data:`POSTING_CAP` items is too common to tell happenings apart
and stops producing candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from storyline.link.terms import TermProfile

# Heaviest terms per item that go into the index: 12 words of the whole text and 8 of
# the names. On ECB+, every same-event pair shares at least one of them at 12 + 8
# (eval/test_ecbplus_events_gate.py checks the clustering, not just the candidates).
TOP_WORDS, TOP_NAMES = 12, 8
# A term in more items than this yields no candidates (a wire agency's name, "said").
POSTING_CAP = 2000

When = tuple[int, int] | None  # a publication date or estimated range, as day ordinals
# An estimated range wider than this bounds the publication date from below only: its
# upper end is the extractor's guess (a year past the latest date the text mentions),
# and an article naming "1935" may well be from 2012 (ECB+). Narrower ranges come from
# evidence on both sides ("seven months since the August 2020 election").
FIRM_RANGE_DAYS = 120
OPEN_END = date.max.toordinal()


def when_of(published: str | None, published_range: tuple[str, str] | None) -> When:
    """Day ordinals of a publication date, else of its estimated range, else None."""
    if published:
        day = _day(published)
        return (day, day) if day is not None else None
    if published_range:
        low, high = _day(published_range[0]), _day(published_range[1])
        if low is not None and high is not None:
            return (low, high if high - low <= FIRM_RANGE_DAYS else OPEN_END)
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


def top_terms(profile: TermProfile) -> np.ndarray:
    """The keys an item is indexed (and looked up) by."""
    return np.unique(np.concatenate([profile.full.top(TOP_WORDS), profile.names.top(TOP_NAMES)]))


class TermIndex:
    """Items by their top terms, for candidate lookups within a time gap."""

    def __init__(self, max_gap: int) -> None:
        self.max_gap = max_gap
        self._postings: dict[int, list[int]] = {}
        self._whens: list[When] = []

    def __len__(self) -> int:
        return len(self._whens)

    def add(self, profile: TermProfile, when: When) -> int:
        """Index one item; returns its position."""
        position = len(self._whens)
        self._whens.append(when)
        for key in top_terms(profile).tolist():
            self._postings.setdefault(key, []).append(position)
        return position

    def candidates(self, profile: TermProfile, when: When) -> list[int]:
        """Positions of indexed items sharing a top term, within ``max_gap`` days."""
        found: set[int] = set()
        for key in top_terms(profile).tolist():
            posting = self._postings.get(key)
            if posting and len(posting) <= POSTING_CAP:
                found.update(posting)
        return sorted(p for p in found if gap_days(when, self._whens[p]) <= self.max_gap)


def candidate_pairs(
    profiles: list[TermProfile], whens: list[When], max_gap: int
) -> Iterable[tuple[int, int]]:
    """Every candidate pair ``(i, j)``, ``j < i``, of the given items."""
    index = TermIndex(max_gap)
    for position, (profile, when) in enumerate(zip(profiles, whens, strict=True)):
        for other in index.candidates(profile, when):
            yield position, other
        index.add(profile, when)
