"""Storylines: events of one ongoing affair linked into a story, however far apart.

Events are compared through their articles: the similarity of two events is the
mean term similarity over every pair of their articles (computed from summed term
vectors, never pair by pair), and events are grouped by average linkage down to
:data:`STORY_SIMILARITY`, with no limit in time: a story can hold events years apart.
Recurring actors and places count through the names field of the term profiles, and
the articles' multilingual vectors add what the words do not carry (an affair told in
other words, or in another language).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.link.linkage import average_linkage, average_linkage_table
from storyline.link.matrix import ProfileMatrix, row_blocks
from storyline.link.terms import FIELDS, TermProfile, Terms
from storyline.model import Event, Story, content_hash

# Least mean article-pair similarity between the events of one story (average
# linkage), and how much each profile field counts in it: the lead weighed by corpus
# IDF (what the story is about, beyond the words every article here uses), and the
# names weighed by background IDF alone (recurring actors and places: in a corpus that
# is one story, corpus IDF would erase exactly them). Tuned on ECB+ (stories against
# `topic`, B³ F1: lead + 0.3 names at 0.04 0.927; lead + names at 0.05 0.901; lead
# alone at 0.03 0.925, but it splits the seeds' one story in three) and checked on
# 5,000 Reuters-21578 wires and the 2,225 BBC articles for runaway stories (biggest:
# 29 and 39 events; 411 on Reuters with background IDF on the lead). Re-run
# eval/test_ecbplus_events_gate.py and the seeds' tests before changing.
STORY_SIMILARITY = 0.04
STORY_FIELD_WEIGHTS = {"full": 0.0, "lead": 1.0, "names": 0.3}
STORY_WEIGHED_FIELDS = ("lead",)
# Each article pair also adds STORY_VECTOR_WEIGHT x (cosine - STORY_VECTOR_FLOOR) of its
# multilingual title-and-lead vectors (link/embed.py): events of one affair are about the
# same thing even where they share few telling words, and in another language share
# none (pairs lacking a vector add nothing). Tuned on ECB+ dev + train with the terms'
# weights and threshold above kept (stories B³ F1 against `topic`, all 771 articles,
# weight/floor: 0 -> 0.927; 0.05/0.3 0.938; 0.1/0.4 0.938; 0.2/0.3 0.925; 0.5/0.3 0.906):
# article pairs of two events of one topic have cosine 0.56 at the median, of two
# topics 0.20.
STORY_VECTOR_WEIGHT = 0.1
STORY_VECTOR_FLOOR = 0.4
# Heaviest terms of each event's summed vectors used to find candidate event pairs,
# and the most events one term may point at before it stops telling stories apart.
STORY_TOP_TERMS = 30
STORY_POSTING_CAP = 5000
# Events linked over a dense table of pair sums (average_linkage_table) up to this many
# (390 MB of float64: the whole stream's window relink, 6.5k events, 8.1 s -> 5.3 s in
# all with the Gram products below); more, over the edges' dictionaries.
DENSE_EVENTS = 7_000


@dataclass(slots=True)
class EventTerms:
    """An event's summed term vectors per field, and how many articles went in."""

    event_id: str
    sums: dict[str, Terms]
    size: int
    vector: np.ndarray | None = None  # the sum of the members' unit vectors
    with_vector: int = 0  # how many members have one

    @classmethod
    def of(
        cls, event_id: str, profiles: list[TermProfile], vectors: Sequence[np.ndarray] = ()
    ) -> EventTerms:
        sums = {name: _summed([getattr(p, name) for p in profiles]) for name in FIELDS}
        vector = None
        if len(vectors):
            vector = np.stack(vectors).astype(np.float64).sum(axis=0).astype(np.float32)
        return cls(event_id, sums, max(1, len(profiles)), vector, len(vectors))

    @classmethod
    def united(cls, parts: list[EventTerms]) -> EventTerms:
        """Several events' terms as one (a story): summed sums, vectors and sizes, which
        is what average linkage over their articles compares."""
        if len(parts) == 1:
            return parts[0]
        sums = {name: _summed([p.sums[name] for p in parts]) for name in FIELDS}
        vectors = [p.vector.astype(np.float64) for p in parts if p.vector is not None]
        vector = np.sum(vectors, axis=0).astype(np.float32) if vectors else None
        size, with_vector = sum(p.size for p in parts), sum(p.with_vector for p in parts)
        return cls(parts[0].event_id, sums, size, vector, with_vector)

    def top(self) -> list[int]:
        keys = [self.sums[n].top(STORY_TOP_TERMS) for n, w in STORY_FIELD_WEIGHTS.items() if w]
        return np.unique(np.concatenate(keys)).tolist() if keys else []


def _summed(vectors: list[Terms]) -> Terms:
    if not vectors:
        return Terms(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    keys = np.concatenate([v.keys for v in vectors])
    weights = np.concatenate([v.weights for v in vectors]).astype(np.float64)
    unique, inverse = np.unique(keys, return_inverse=True)
    summed = np.zeros(len(unique), dtype=np.float64)
    np.add.at(summed, inverse, weights)
    return Terms(unique, summed.astype(np.float32))


def group_events(events: list[EventTerms], threshold: float = STORY_SIMILARITY) -> list[int]:
    """Story labels (index of the story's first event) by weighted average linkage.

    Example:
        >>> from storyline.link.terms import TermProfile, weigh
        >>> def profile(text):
        ...     terms = weigh(text.split())
        ...     return TermProfile("x", terms, terms, terms)
        >>> events = [EventTerms.of("a", [profile("oder flood ostrava")]),
        ...           EventTerms.of("b", [profile("oder flood ostrava dam")]),
        ...           EventTerms.of("c", [profile("lohan rehab clinic")])]
        >>> group_events(events)
        [0, 0, 2]
    """
    rows, columns = _candidate_pairs(events)
    similarities = _similarities(events, rows, columns)
    # A pair with nothing in common adds nothing to any group's sum: leaving it out
    # changes no merge, and on a large corpus most candidate pairs are such.
    kept = similarities > 0
    sizes = [e.size for e in events]
    rows, columns, similarities = rows[kept], columns[kept], similarities[kept]
    if len(events) <= DENSE_EVENTS:
        weights = np.array(sizes, dtype=np.float64)
        sums = np.zeros((len(events), len(events)))
        # As average_linkage weighs an edge: similarity x one size x the other.
        sums[rows, columns] = sums[columns, rows] = similarities * weights[rows] * weights[columns]
        return average_linkage_table(sums, weights, threshold)
    edges = zip(rows.tolist(), columns.tolist(), similarities.tolist(), strict=True)
    return average_linkage(len(events), edges, threshold, sizes)


def _candidate_pairs(events: list[EventTerms]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(later, earlier)`` of events sharing one of their heaviest terms."""
    postings: dict[int, list[int]] = {}
    rows: list[np.ndarray] = []
    columns: list[np.ndarray] = []
    for position, event in enumerate(events):
        seen: set[int] = set()
        keys = event.top()
        for key in keys:
            posting = postings.get(key, [])
            if len(posting) <= STORY_POSTING_CAP:
                seen.update(posting)
        if seen:
            columns.append(np.array(sorted(seen), dtype=np.int64))
            rows.append(np.full(len(seen), position, dtype=np.int64))
        for key in keys:
            postings.setdefault(key, []).append(position)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(columns)


def _similarities(events: list[EventTerms], rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each pair's mean article-pair similarity: the weighted dot products of the two
    events' summed fields over the product of their sizes. In compiled code: a corpus of
    20k articles has millions of candidate pairs, and comparing them one by one took
    minutes."""
    if not len(rows):
        return np.zeros(0, dtype=np.float64)
    sums = [TermProfile(e.event_id, *(e.sums[name] for name in FIELDS)) for e in events]
    matrix = ProfileMatrix(sums, {n: w for n, w in STORY_FIELD_WEIGHTS.items() if w})
    sizes = np.array([e.size for e in events], dtype=np.float64)
    found = matrix.pairs(rows, columns) / (sizes[rows] * sizes[columns])
    return found + _vector_part(events, rows, columns) / (sizes[rows] * sizes[columns])


def _vector_part(events: list[EventTerms], rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each pair's summed STORY_VECTOR_WEIGHT x (cosine - STORY_VECTOR_FLOOR) over the
    article pairs with vectors: a dot product of the summed vectors, less the floor
    times the pairs counted."""
    width = next((len(e.vector) for e in events if e.vector is not None), 0)
    if not width:
        return np.zeros(len(rows), dtype=np.float64)
    matrix = np.zeros((len(events), width), dtype=np.float32)
    for position, event in enumerate(events):
        if event.vector is not None:
            matrix[position] = event.vector
    counts = np.array([e.with_vector for e in events], dtype=np.float64)
    found = _gathered_dots(matrix, rows, columns)
    return STORY_VECTOR_WEIGHT * (found - STORY_VECTOR_FLOOR * counts[rows] * counts[columns])


def _gathered_dots(matrix: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``matrix[rows[k]] . matrix[columns[k]]`` for every k, as block products of the
    rows involved: an event is in hundreds of candidate pairs, and copying its vector
    once per pair (a row-wise einsum) cost more than the arithmetic."""
    cells = len(matrix) ** 2
    if cells <= _GRAM_CELLS and cells <= _GRAM_SPREAD * len(rows):
        # Pairs covering much of a small table: every dot product at once is cheaper
        # than gathering blocks (a day's relink at 17k stored: 1.5M pairs of 2.6k events).
        return (matrix @ matrix.T)[rows, columns].astype(np.float64)
    found = np.zeros(len(rows), dtype=np.float64)
    for chunk, block in row_blocks(rows, columns, _PAIR_CHUNK):
        if block is None:  # too sparse for a block: pair by pair
            found[chunk] = np.einsum("ij,ij->i", matrix[rows[chunk]], matrix[columns[chunk]])
            continue
        wanted_rows, at_row, wanted_columns, at_column = block
        found[chunk] = (matrix[wanted_rows] @ matrix[wanted_columns].T)[at_row, at_column]
    return found


# Event pairs per vectorised batch of vector dot products (bounds the row copies).
_PAIR_CHUNK = 50_000
# All events' dot products at once when their table has at most this many cells (200 MB
# of float32) and at most this many per candidate pair.
_GRAM_CELLS, _GRAM_SPREAD = 50_000_000, 8


def story_id(first_event_id: str) -> str:
    return content_hash("story", first_event_id)


def summed_similarity(a: EventTerms, b: EventTerms) -> float:
    """The mean article-pair similarity of two events (or stories, as summed events)."""
    total = sum(STORY_FIELD_WEIGHTS.values())
    dot = sum(
        weight / total * _dot(a.sums[name], b.sums[name])
        for name, weight in STORY_FIELD_WEIGHTS.items()
        if weight
    )
    if a.vector is not None and b.vector is not None:
        cosines = float(np.dot(a.vector.astype(np.float64), b.vector))
        dot += STORY_VECTOR_WEIGHT * (cosines - STORY_VECTOR_FLOOR * a.with_vector * b.with_vector)
    return dot / (a.size * b.size)


def _dot(a: Terms, b: Terms) -> float:
    if not len(a.keys) or not len(b.keys):
        return 0.0
    shared, left, right = np.intersect1d(a.keys, b.keys, assume_unique=True, return_indices=True)
    if not len(shared):
        return 0.0
    return float(np.dot(a.weights[left].astype(np.float64), b.weights[right]))


def describe_story(story_id: str, events: list[Event]) -> Story:
    """A story record: titled after its most covered event, its most shared entities."""
    biggest = min(events, key=lambda e: (-len(e.article_ids), _date(e) or "9999", e.id))
    counts: Counter[str] = Counter()
    for event in events:
        counts.update(set(event.entity_ids))
    entity_ids = [e for e, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    ordered = sorted(events, key=lambda e: (_date(e) is None, _date(e) or "", e.id))
    return Story(story_id, biggest.title, [e.id for e in ordered], entity_ids[:20])


def _date(event: Event) -> str | None:
    return event.date or (event.date_range[0] if event.date_range else None)
