"""Events: the articles that report one real-world happening, grouped.

:class:`EventLinker` groups articles by complete linkage over their term profiles
(:mod:`storyline.link.terms`): two groups merge only if every pair of articles across
them is at least :data:`EVENT_SIMILARITY` alike and at most :data:`EVENT_MAX_GAP_DAYS`
apart in time (where both are dated). Complete linkage keeps the same actors meeting
again months later apart, and two happenings of one kind (two rehab check-ins) apart
when their specifics differ, where average or single linkage would chain them.

It works without dates (ECB+ has none) and uses them where known: the publication
date, else the estimated range (the events phase passes the range of the article's own
evidence, never one inherited from its event's coverage: see ``dating.own_ranges``).
Reports in two languages share few terms, so a pair in different languages also counts
its multilingual vectors (:func:`cross_lingual`), and such pairs are candidates when
their vectors are close.

Incremental: :meth:`EventLinker.assign` puts a new article into the event whose every
member it matches best, or starts a new event, without recomputing the corpus, and
:meth:`EventLinker.refine` refits the events around new articles. The analyze phase
(:mod:`storyline.link.event_phase`) does that over a stored neighbourhood; the fit
itself does not depend on input order (items are taken in id order).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from storyline.link.candidates import (
    NO_END,
    NO_START,
    TermIndex,
    When,
    bounds,
    candidate_chunks,
    gap_days,
    when_of,
)
from storyline.link.linkage import complete_linkage, complete_linkage_table
from storyline.link.matrix import ProfileMatrix
from storyline.link.terms import TermProfile, profile_article
from storyline.model import Article, content_hash

# Least term similarity (mean cosine of full text, lead and names) of every pair of
# articles in one event. Tuned on the ECB+ train split (B³ F1 against `subtopic`:
# 0.12 -> ..., see eval/test_ecbplus_events_gate.py); re-run that gate before changing.
EVENT_SIMILARITY = 0.09
# Most days between the publication dates of two articles of one event. News reports
# a happening within days; coverage a week or more apart reports a new development
# (a verdict after the arrest), which is a new event of the same story.
EVENT_MAX_GAP_DAYS = 14
# Reports of one happening in two languages share next to no terms (only names, where
# romanised alike), so a pair in different languages also counts the cosine of their
# multilingual title-and-lead vectors (link/embed.py) past CROSS_LINGUAL_FLOOR, times
# CROSS_LINGUAL_WEIGHT. Set on the hand-written en/ru/de reports of
# tests/test_cross_lingual.py (one meeting: cosines 0.71-0.85, term similarity
# 0.02-0.13; unrelated reports 0.09-0.14) and bounded by ECB+ (English, where the
# vectors of two happenings of one kind reach 0.72 at the 90th percentile while terms
# keep them apart: adding the vectors to every pair, as 0.5 x (cosine - 0.6), cost
# 0.008 event B³ F1 on dev + train, so same-language pairs do not get it). A pair
# needs cosine 0.68 with no shared term to reach EVENT_SIMILARITY.
CROSS_LINGUAL_FLOOR = 0.5
CROSS_LINGUAL_WEIGHT = 0.5
# Items linked in one go by a fit; more are linked block by block (consecutive dates)
# and the seams refitted. Bounds a fit's memory: on Reuters-21578 + BBC + Timeline17
# (23.5k) one block peaks at ~1.1 GiB with the profiles (benchmarks/link.py).
FIT_BLOCK = 30_000
# A new article's refit takes in the REFINE_NEIGHBOURS events it is most alike to (a
# member at the threshold). All of them made one neighbourhood of the recent archive on
# Reuters, whose earnings tables are alike to hundreds of other companies' tables (a
# day's batch at 8k: 1,435 events, 5,722 articles in one linkage; 1,020 and 4,603 with
# 10), where complete linkage can only join an article to an event it is alike to all
# members of. 5 cost tests/test_incremental.py its story agreement (B³ 0.958).
REFINE_NEIGHBOURS = 10
# Items placed since the linker's profile matrix was built that are compared pair by
# pair before it is built again (with a quarter of its size more).
MATRIX_SLACK = 256
# Similarities a refit keeps in memory at most (4 bytes each: 256 MiB).
ROW_CACHE = 64_000_000
# Blocks up to this size get a dense similarity table (4 bytes a pair, and one for the
# candidates: 690 MiB at 12,000). A refit of the REFIT_WINDOW most recent articles and
# their events' other members takes ~11k on Reuters; linked lazily, pair by pair, where
# the table is not kept, its ~7k at the 8k stream's last refit took 13.6 s, not 8.5 s.
DENSE_BLOCK = 12_000
# The same for a refit's units, which also holds a table of units by items: 144 MiB twice
# at 6,000.
DENSE_UNITS = 6_000
# Rows (items of a fit, units of a refit) whose similarities to the whole block a dense
# linkage computes at once (bounds the temporaries: 256 by 6,000 columns).
ROW_CHUNK_UNITS = 256


@dataclass(slots=True)
class EventItem:
    """What event linking needs of an article."""

    id: str
    profile: TermProfile
    when: When = None
    language: str | None = None  # base code ("en"), for cross-lingual pairs
    vector: np.ndarray | None = None  # multilingual title-and-lead vector (unit length)

    @classmethod
    def from_article(
        cls, article: Article, profile: TermProfile | None = None, vector: np.ndarray | None = None
    ) -> EventItem:
        profile = profile or profile_article(article)
        when = when_of(article.published, article.published_range)
        return cls(article.id, profile, when, base_language(article.language), vector)


def base_language(code: str | None) -> str | None:
    """ "en" for "en-GB"; None when unknown."""
    return code.split("-")[0].lower() if code else None


def similarity(a: EventItem, b: EventItem) -> float:
    """Term similarity, plus the vectors' say for a pair in two languages."""
    return a.profile.similarity(b.profile) + cross_lingual(a, b)


def cross_lingual(a: EventItem, b: EventItem) -> float:
    """What the multilingual vectors add to a pair in different languages (else 0)."""
    if a.vector is None or b.vector is None or not _across(a.language, b.language):
        return 0.0
    cosine = float(np.dot(a.vector, b.vector))
    return CROSS_LINGUAL_WEIGHT * max(0.0, cosine - CROSS_LINGUAL_FLOOR)


def _across(first: str | None, second: str | None) -> bool:
    return first is not None and second is not None and first != second


@dataclass(slots=True)
class EventLinker:
    """Articles into events; ``labels_`` maps each article id to its event's label.

    A label is the id of the event's founding article (its first in id order when
    fitted), so it stays put as the event grows.

    Example:
        >>> from storyline.model import Article
        >>> texts = ["Floods in Ostrava: the Oder burst its banks on Monday.",
        ...          "The Oder burst its banks in Ostrava, flooding streets.",
        ...          "Lindsay Lohan checked into Betty Ford rehab clinic."]
        >>> items = [EventItem.from_article(Article(f"a{i}", "x", t)) for i, t in enumerate(texts)]
        >>> sorted(EventLinker().fit(items).labels_.items())
        [('a0', 'a0'), ('a1', 'a0'), ('a2', 'a2')]
    """

    threshold: float = EVENT_SIMILARITY
    max_gap: int = EVENT_MAX_GAP_DAYS
    labels_: dict[str, str] = field(default_factory=dict)
    _items: list[EventItem] = field(default_factory=list)
    _index: TermIndex | None = None
    _members: dict[str, list[int]] = field(default_factory=dict)
    _merged: dict[str, str] = field(default_factory=dict)  # label -> the label it joined
    _vectors: _VectorShelf | None = None  # the items with a vector, for cross-lingual lookups
    _matrix: ProfileMatrix | None = None  # profiles of the first _matrix_size items
    _matrix_size: int = 0

    def fit(self, items: Iterable[EventItem]) -> EventLinker:
        """Group ``items`` from scratch (the result does not depend on their order).

        Up to :data:`FIT_BLOCK` items are linked in one go (exact complete linkage).
        More are cut into blocks of consecutive dates, each linked on its own, and the
        events a cut split merged back where every pair across them is alike; the
        undated are linked among themselves, then each of their events joins the dated
        event every member of which it matches (complete linkage again). Memory stays
        bounded by the block size.
        """
        ordered = sorted(items, key=lambda item: item.id)
        self._reset()
        if len(ordered) <= FIT_BLOCK:
            for item, label in zip(ordered, self._link_block(ordered), strict=True):
                self._place(item, label)
            return self
        dated = sorted((i for i in ordered if _firm(i)), key=_start)
        loose = [i for i in ordered if not _firm(i)]
        for block in _chunks(dated) + _chunks(loose):
            for item, label in zip(block, self._link_block(block), strict=True):
                self._place(item, label)
        for cut in range(FIT_BLOCK, len(dated), FIT_BLOCK):
            self._stitch(_start(dated[cut])[0], dated)
        self._attach({self.labels_[i.id] for i in loose})
        return self

    def _stitch(self, day: int, dated: list[EventItem]) -> None:
        """Merge the events a cut at ``day`` split: an event reaching within the time
        gap before it and one starting within the gap after it merge when every pair
        across them is alike (complete linkage, as one fit would have judged them)."""
        assert self._index is not None
        after = [i for i in dated if day <= i.when[0] <= day + self.max_gap]  # type: ignore[index]
        pairs: set[tuple[str, str]] = set()
        for item in after:
            for position in self._candidates(item):
                other = self._items[position]
                if other.when is not None and other.when[0] < day:
                    pairs.add((self.labels_[other.id], self.labels_[item.id]))
        for before_label, after_label in sorted(pairs):
            self._merge_if_complete(before_label, after_label)

    def _attach(self, labels: set[str]) -> None:
        """Merge each of these events into the other event all its members match best."""
        for label in sorted(labels):
            members = [self._items[p] for p in self._members.get(label, [])]
            candidates = {c for m in members for c in self._candidate_labels(m)} - {label}
            best: tuple[float, str] | None = None
            for other in sorted(candidates):
                score = self._pair_score(label, other)
                if score >= self.threshold and (best is None or score > best[0]):
                    best = (score, other)
            if best is not None:
                self._merge(best[1], label)

    def _merge_if_complete(self, keep: str, other: str) -> None:
        keep, other = self._current(keep), self._current(other)
        if keep != other and self._pair_score(keep, other) >= self.threshold:
            self._merge(keep, other)

    def _pair_score(self, label: str, other: str) -> float:
        """The weakest similarity between the members of two events."""
        weakest = 0.0 if not self._members.get(label) else 1.0
        for position in self._members.get(label, []):
            weakest = min(weakest, self._complete_score(self._items[position], other))
            if weakest < self.threshold:
                break
        return weakest

    def _merge(self, keep: str, other: str) -> None:
        moved = self._members.pop(other)
        self._members[keep] += moved
        self.labels_.update((self._items[p].id, keep) for p in moved)
        self._merged[other] = keep

    def _current(self, label: str) -> str:
        """The label an event merged into goes by now."""
        while label in self._merged:
            label = self._merged[label]
        return label

    def _link_block(self, ordered: list[EventItem]) -> list[str]:
        """Complete linkage of one block; each item's label (its cluster's first id)."""
        whens = [item.when for item in ordered]
        profiles = [item.profile for item in ordered]
        matrix = ProfileMatrix(profiles)
        low, high = bounds(whens)
        vectors = _VectorTable(ordered)
        dense = len(ordered) <= DENSE_BLOCK
        # A dense table marks its candidates in a mask, where a pair given twice costs
        # nothing: they need not be made unique (a sort of millions of pairs).
        chunks = candidate_chunks(profiles, whens, self.max_gap, unique=not dense)
        pairs = itertools.chain(chunks, vectors.cross_pairs(low, high, self.max_gap))
        if dense:
            # Small enough for every pair's similarity at once (sparse products): the
            # linkage is then a vector minimum per merge, not a comparison per pair.
            table = np.empty((len(ordered), len(ordered)), dtype=np.float32)
            for start in range(0, len(ordered), ROW_CHUNK_UNITS):
                rows = np.arange(start, min(len(ordered), start + ROW_CHUNK_UNITS))
                table[rows] = self._row_similarities(matrix, vectors, low, high, rows)
            candidates = np.zeros(table.shape, dtype=bool)
            for left, right in pairs:
                candidates[left, right] = True
            roots = complete_linkage_table(table, candidates, self.threshold)
            return [ordered[root].id for root in roots]

        edges: list[tuple[int, int, float]] = []
        for left, right in pairs:
            similarities = matrix.pairs(left, right) + vectors.bonus(left, right)
            strong = similarities >= self.threshold
            found = (left[strong].tolist(), right[strong].tolist(), similarities[strong].tolist())
            edges += zip(*found, strict=True)

        def weakest(first: list[int], second: list[int]) -> float:
            # Pairs that were no candidates share no top term: usually the first one
            # checked is already too weak, so this stops early, pair by pair.
            found = 1.0
            for i in first:
                for j in second:
                    if max(low[i], low[j]) - min(high[i], high[j]) > self.max_gap:
                        return 0.0
                    found = min(found, similarity(ordered[i], ordered[j]))
                    if found < self.threshold:
                        return found
            return found

        roots = complete_linkage(len(ordered), edges, self.threshold, weakest)
        return [ordered[root].id for root in roots]

    def _row_similarities(
        self,
        matrix: ProfileMatrix,
        vectors: _VectorTable,
        low: np.ndarray,
        high: np.ndarray,
        rows: np.ndarray,
    ) -> np.ndarray:
        """:func:`similarity` of ``rows`` to every item (float32); -1 for the pairs
        too far apart in time to be one event."""
        found = matrix.block(rows)
        if vectors.multilingual:
            found += vectors.block_bonus(rows, np.arange(len(low)))
        # Periods more than max_gap apart: one ends that long before the other starts.
        far = high[None, :] < (low[rows] - self.max_gap)[:, None]
        far |= low[None, :] > (high[rows] + self.max_gap)[:, None]
        found[far] = -1.0
        return found  # type: ignore[no-any-return]

    def extend(self, items: Iterable[EventItem], labels: dict[str, str]) -> EventLinker:
        """Take already-grouped items as they are (``labels``: article id -> label)."""
        if self._index is None:
            self._reset()
        shelved = []
        for item in sorted(items, key=lambda item: item.id):
            position = self._file(item, labels[item.id])
            if _has_vector(item):
                shelved.append((position, item))
        # Shelved at once: a batch's linker takes in every stored member of its
        # candidate events (17k on Reuters' 1 % batch), one array write each.
        self._shelve(shelved)
        return self

    def assign(self, item: EventItem) -> str:
        """Put one new article into the best-matching event, or found one; its label."""
        if self._index is None:
            self._reset()
        best: tuple[float, str] | None = None
        for label, score in self._complete_scores(item, self._candidate_labels(item)).items():
            if score >= self.threshold and (best is None or (-score, label) < (-best[0], best[1])):
                best = (score, label)
        label = best[1] if best else self._free_label(item.id)
        self._place(item, label)
        return label

    def _free_label(self, label: str) -> str:
        """``label``, or a variant of it no event goes by (an article placed again may
        have founded an event that lives on without it)."""
        found, count = label, 0
        while found in self._members or found in self._merged:
            count += 1
            found = f"{label}~{count}"
        return found

    def refine(self, ids: Iterable[str]) -> None:
        """Refit where the articles ``ids`` landed: complete linkage again over their
        events and the events holding an article they are alike to (at the threshold,
        within the time gap), with those events' other members kept together.

        :meth:`assign` places articles one by one, in arrival order; linking again the
        new articles, the members of the events they went to and of the event holding
        each one's nearest article, one by one, next to the other events around them
        (units), regroups them as complete linkage would (new articles grouping with one
        another first, say, or taking their nearest article out of its event). The
        other old events are not split: a refit of a neighbourhood alone would regroup
        them too (the merge order of complete linkage depends on all the block), which
        is churn, not news; drift is mended by the periodic refits. Events keep their
        labels where they keep most of their members. Each article takes in its
        :data:`REFINE_NEIGHBOURS` most alike events; neighbourhoods sharing no event are
        linked each on its own. A neighbourhood past :data:`FIT_BLOCK` articles is left
        as it is.
        """
        position_of = {item.id: position for position, item in enumerate(self._items)}
        linked = self._linked_labels(sorted(set(ids)), position_of)
        for article_id, alike in linked.items():
            strongest = sorted(alike.items(), key=lambda kv: (-kv[1], kv[0]))[:REFINE_NEIGHBOURS]
            linked[article_id] = dict(strongest)
        for labels, loose in self._neighbourhoods(linked):
            self._refit(labels, loose, position_of)

    def _neighbourhoods(
        self, linked: dict[str, dict[str, float]]
    ) -> list[tuple[set[str], set[str]]]:
        """The refits a batch needs: the events the new articles went to or are alike
        to, in groups that share an event (no article links two groups, so each is
        linked on its own: a batch landing in a hundred places costs a hundred small
        linkages, not one over all of them), each with the articles linked one by one."""
        edges = [(self.labels_[a], label) for a, alike in linked.items() for label in alike]
        names = sorted({self.labels_[a] for a in linked} | {label for _, label in edges})
        index = {label: n for n, label in enumerate(names)}
        graph = sparse.coo_matrix(
            (np.ones(len(edges)), ([index[a] for a, _ in edges], [index[b] for _, b in edges])),
            shape=(len(names), len(names)),
        )
        _, component = connected_components(graph, directed=False)
        groups: dict[int, tuple[set[str], set[str]]] = {}
        for article_id, alike in linked.items():
            own = self.labels_[article_id]
            labels, loose = groups.setdefault(int(component[index[own]]), (set(), set()))
            labels.update({own, *alike})
            nearest = max(alike, key=lambda label: (alike[label], label), default=own)
            loose.add(article_id)
            for label in {own, nearest}:
                loose.update(self._items[p].id for p in self._members[label])
        return [groups[key] for key in sorted(groups)]

    def _refit(self, labels: set[str], loose: set[str], position_of: dict[str, int]) -> None:
        """Complete linkage again over the events ``labels``, with the articles ``loose``
        linked one by one and the other members of each event kept together."""
        if sum(len(self._members[label]) for label in labels) > FIT_BLOCK:
            return
        if len(loose) < 2 and len(labels) < 2:
            return  # one article alone: nothing to regroup
        old = {label: [self._items[p].id for p in self._members.pop(label)] for label in labels}
        units = [sorted(a for a in group if a not in loose) for _, group in sorted(old.items())]
        singles = sorted(a for group in old.values() for a in group if a in loose)
        units = [unit for unit in units if unit] + [[a] for a in singles]
        items = [[self._items[position_of[a]] for a in unit] for unit in units]
        local: dict[str, list[str]] = {}
        first_single = len(units) - len(singles)
        for unit, root in zip(units, self._link_units(items, first_single), strict=True):
            local.setdefault(units[root][0], []).extend(unit)
        for label, group in _keep_labels(local, old, self._members).items():
            self._members[label] = [position_of[a] for a in group]
            self.labels_.update((a, label) for a in group)

    def _link_units(self, units: list[list[EventItem]], first_single: int) -> list[int]:
        """Complete linkage over groups of items that stay together (``units``); the
        units from ``first_single`` on are single items, linked one by one. Each unit's
        root unit."""
        items = [item for unit in units for item in unit]
        starts = np.cumsum([0] + [len(unit) for unit in units])
        matrix = ProfileMatrix([item.profile for item in items])
        vectors = _VectorTable(items)
        low, high = bounds([item.when for item in items])

        def similar(rows: np.ndarray) -> np.ndarray:
            return self._row_similarities(matrix, vectors, low, high, rows)

        if len(items) <= DENSE_UNITS:
            return self._link_units_dense(len(units), starts, similar, first_single)

        def rows_of(group: list[int]) -> np.ndarray:
            return np.concatenate([np.arange(starts[u], starts[u + 1]) for u in group])

        # Each item's similarities to the whole block, computed once when first needed
        # (clusters are compared many times as they grow), within a memory budget.
        cache: dict[int, np.ndarray] = {}

        def table_rows(wanted: np.ndarray) -> np.ndarray:
            missing = [i for i in wanted.tolist() if i not in cache]
            if missing and (len(cache) + len(missing)) * len(items) > ROW_CACHE:
                cache.clear()
                missing = wanted.tolist()
            if missing:
                computed = similar(np.array(missing))
                cache.update(zip(missing, computed.astype(np.float32), strict=True))
            return np.stack([cache[i] for i in wanted.tolist()])

        def weakest(first: list[int], second: list[int]) -> float:
            left, right = rows_of(first), rows_of(second)
            if len(left) > len(right):
                left, right = right, left
            return float(table_rows(left)[:, right].min())

        edges: list[tuple[int, int, float]] = []
        rows_at_once = max(1, ROW_CACHE // (4 * max(len(items), 1)))  # a quarter of the budget
        for start in range(first_single, len(units), rows_at_once):
            singles = np.arange(start, min(start + rows_at_once, len(units)))
            per_unit = np.minimum.reduceat(table_rows(starts[singles]), starts[:-1], axis=1)
            for row, unit in enumerate(singles.tolist()):
                for other in np.flatnonzero(per_unit[row] >= self.threshold).tolist():
                    if other != unit:
                        edges.append((unit, other, float(per_unit[row, other])))
        return complete_linkage(len(units), edges, self.threshold, weakest)

    def _link_units_dense(
        self,
        count: int,
        starts: np.ndarray,
        similar: Callable[[np.ndarray], np.ndarray],
        first_single: int,
    ) -> list[int]:
        """:meth:`_link_units` with every unit pair's weakest similarity computed up
        front (a table of units, from one of items): the linkage then costs a vector
        minimum per merge instead of a computation per pair of clusters compared."""
        size = int(starts[-1])
        per_item = np.empty((count, size), dtype=np.float32)
        for start in range(0, count, ROW_CHUNK_UNITS):
            group = np.arange(start, min(start + ROW_CHUNK_UNITS, count))
            rows = np.arange(starts[group[0]], starts[group[-1] + 1])
            found = similar(rows)
            per_item[group] = np.minimum.reduceat(found, starts[group] - rows[0], axis=0)
        table = np.minimum.reduceat(per_item, starts[:-1], axis=1)
        del per_item
        # Every pair with a single unit is a candidate (old units join through them).
        candidates = np.zeros(table.shape, dtype=bool)
        candidates[first_single:] = True
        return complete_linkage_table(table, candidates, self.threshold)

    def relabel(self, previous: dict[str, str]) -> None:
        """Give each event the label it had before (``previous``: article id -> label)
        where it keeps most of those members, so ids survive a refit."""
        groups = self.groups()
        old: dict[str, list[str]] = {}
        for article_id in self.labels_:
            old.setdefault(previous.get(article_id, f"new:{article_id}"), []).append(article_id)
        kept = _keep_labels(groups, old)
        position_of = {item.id: position for position, item in enumerate(self._items)}
        self._members = {label: [position_of[a] for a in group] for label, group in kept.items()}
        self.labels_ = {a: label for label, group in kept.items() for a in group}

    def groups(self) -> dict[str, list[str]]:
        """Label -> member article ids (sorted)."""
        return {
            label: sorted(self._items[p].id for p in members)
            for label, members in self._members.items()
        }

    def _candidate_labels(self, item: EventItem) -> list[str]:
        return sorted({self.labels_[self._items[p].id] for p in self._candidates(item)})

    def _candidates(self, item: EventItem) -> list[int]:
        """Positions sharing a top term within reach, and in another language those
        whose vectors are close enough to count (cosine past the floor)."""
        assert self._index is not None
        found = self._index.candidates(item.profile, item.when)
        if self._vectors is None or not _has_vector(item):
            return found
        close = self._vectors.close(item, self.max_gap)
        return sorted(set(found) | set(close)) if close else found

    def _linked_labels(
        self, ids: list[str], position_of: dict[str, int]
    ) -> dict[str, dict[str, float]]:
        """For each article of ``ids``, the events with a member it is alike to (an edge
        of the linkage graph), with the best similarity to one of their members. All
        candidate pairs are scored at once (sparse products), not pair by pair."""
        left: list[int] = []
        right: list[int] = []
        for article_id in ids:
            position = position_of[article_id]
            found = [c for c in self._candidates(self._items[position]) if c != position]
            left += [position] * len(found)
            right += found
        rows, columns = np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
        wanted = sorted(set(left) | set(right))
        local = {position: row for row, position in enumerate(wanted)}
        block = [self._items[p] for p in wanted]
        at_left = np.array([local[p] for p in left], dtype=np.int64)
        at_right = np.array([local[p] for p in right], dtype=np.int64)
        scores = ProfileMatrix([item.profile for item in block]).pairs(at_left, at_right)
        scores += _VectorTable(block).bonus(at_left, at_right)
        low, high = bounds([item.when for item in block])
        keep = (scores >= self.threshold) & (_gap(low, high, at_left, at_right) <= self.max_gap)
        linked: dict[str, dict[str, float]] = {article_id: {} for article_id in ids}
        for row, column, score in zip(
            rows[keep].tolist(), columns[keep].tolist(), scores[keep].tolist(), strict=True
        ):
            best = linked[self._items[row].id]
            label = self.labels_[self._items[column].id]
            best[label] = max(best.get(label, 0.0), score)
        return linked

    def _complete_scores(self, item: EventItem, labels: list[str]) -> dict[str, float]:
        """:meth:`_complete_score` of ``item`` for each event of ``labels``, all members
        scored at once against the linker's matrix of profiles (not pair by pair);
        events with a member too far apart in time score -1."""
        if not labels:
            return {}
        positions = np.array([p for label in labels for p in self._members[label]])
        scores = self._scores(item, positions)
        low, high = bounds([item.when, *(self._items[p].when for p in positions.tolist())])
        first, others = np.zeros(len(positions), dtype=np.int64), np.arange(1, len(low))
        scores[_gap(low, high, first, others) > self.max_gap] = -1.0
        starts = np.cumsum([0] + [len(self._members[label]) for label in labels[:-1]])
        weakest = np.minimum.reduceat(scores, starts)
        return dict(zip(labels, weakest.tolist(), strict=True))

    def _scores(self, item: EventItem, positions: np.ndarray) -> np.ndarray:
        """:func:`similarity` of ``item`` to the items at ``positions``."""
        unindexed = len(self._items) - self._matrix_size
        if self._matrix is None or unindexed > MATRIX_SLACK + self._matrix_size // 4:
            self._matrix = ProfileMatrix([i.profile for i in self._items])
            self._matrix_size = len(self._items)
        indexed = positions < self._matrix_size
        scores = np.zeros(len(positions), dtype=np.float64)
        scores[indexed] = self._matrix.against(item.profile, positions[indexed])
        for at in np.flatnonzero(~indexed).tolist():  # placed since the matrix was built
            scores[at] = item.profile.similarity(self._items[positions[at]].profile)
        if self._vectors is not None and len(self._vectors.codes) > 1 and _has_vector(item):
            # Only the few members in another language: a candidate event's members are
            # ~1,000 per article on a day of Reuters, with a stray page or two elsewhere.
            for at in np.flatnonzero(self._vectors.across(item, positions)).tolist():
                scores[at] += cross_lingual(item, self._items[int(positions[at])])
        return scores

    def _complete_score(self, item: EventItem, label: str) -> float:
        """The weakest similarity of ``item`` to any member (complete linkage)."""
        weakest = 1.0
        for position in self._members[label]:
            member = self._items[position]
            if gap_days(item.when, member.when) > self.max_gap:
                return 0.0
            weakest = min(weakest, similarity(item, member))
            if weakest < self.threshold:
                return weakest
        return weakest

    def _place(self, item: EventItem, label: str) -> None:
        position = self._file(item, label)
        if _has_vector(item):
            self._shelve([(position, item)])

    def _file(self, item: EventItem, label: str) -> int:
        """Index ``item`` under ``label`` (its vector aside); its position."""
        assert self._index is not None
        position = self._index.add(item.profile, item.when)
        self._items.append(item)
        self._members.setdefault(label, []).append(position)
        self.labels_[item.id] = label
        return position

    def _shelve(self, shelved: list[tuple[int, EventItem]]) -> None:
        if not shelved:
            return
        if self._vectors is None:
            self._vectors = _VectorShelf()
        self._vectors.add(shelved)

    def _reset(self) -> None:
        self.labels_, self._items, self._members, self._merged = {}, [], {}, {}
        self._vectors = None
        self._matrix, self._matrix_size = None, 0
        self._index = TermIndex(self.max_gap)


class _VectorShelf:
    """The linker's items with a vector, in growing arrays (vector, language, dates), so
    the cross-lingual candidates of an item are one matrix product."""

    def __init__(self) -> None:
        self.size = 0
        self.positions = np.zeros(64, dtype=np.int64)
        self.language = np.zeros(64, dtype=np.int64)
        self.low = np.zeros(64, dtype=np.int64)
        self.high = np.zeros(64, dtype=np.int64)
        self.matrix: np.ndarray | None = None
        self.codes: dict[str, int] = {}
        self.code_at = np.full(64, -1, dtype=np.int64)  # by linker position; -1: no vector

    def add(self, shelved: list[tuple[int, EventItem]]) -> None:
        """Shelve items with a vector, each at its linker position."""
        count, first = len(shelved), shelved[0][1].vector
        assert first is not None
        if self.matrix is None:
            self.matrix = np.zeros((64, len(first)), dtype=np.float32)
        if self.size + count > len(self.positions):
            grow = max(len(self.positions), self.size + count - len(self.positions))
            self.positions, self.language, self.low, self.high = (
                np.concatenate([a, np.zeros(grow, dtype=np.int64)])
                for a in (self.positions, self.language, self.low, self.high)
            )
            more = np.zeros((grow, self.matrix.shape[1]), dtype=np.float32)
            self.matrix = np.concatenate([self.matrix, more])
        # Bounds as plain ints, not through bounds() (50 µs an item).
        spans = [item.when or (NO_START, NO_END) for _, item in shelved]
        codes = [self.codes.setdefault(item.language or "", len(self.codes)) for _, item in shelved]
        positions = np.array([position for position, _ in shelved], dtype=np.int64)
        at = slice(self.size, self.size + count)
        self.positions[at] = positions
        self.low[at] = [low for low, _ in spans]
        self.high[at] = [high for _, high in spans]
        self.language[at] = codes
        self.matrix[at] = np.stack([item.vector for _, item in shelved])  # type: ignore[arg-type, misc]
        self.size += count
        if positions.max() >= len(self.code_at):
            grown = np.full(max(2 * len(self.code_at), positions.max() + 1), -1, dtype=np.int64)
            grown[: len(self.code_at)] = self.code_at
            self.code_at = grown
        self.code_at[positions] = codes

    def across(self, item: EventItem, positions: np.ndarray) -> np.ndarray:
        """Which of the linker's ``positions`` hold a vector in another language."""
        codes = np.full(len(positions), -1, dtype=np.int64)
        inside = positions < len(self.code_at)
        codes[inside] = self.code_at[positions[inside]]
        return (codes >= 0) & (codes != self.codes.get(item.language or "", -1))  # type: ignore[no-any-return]

    def close(self, item: EventItem, max_gap: int) -> list[int]:
        """Positions in another language within ``max_gap`` days, cosine past the floor."""
        if self.matrix is None or not self.size:
            return []
        low, high = bounds([item.when])
        code = self.codes.get(item.language or "", -1)
        size = self.size
        gap = np.maximum(self.low[:size], low[0]) - np.minimum(self.high[:size], high[0])
        # The cosines of the other languages' items within reach only: in a store of one
        # main language that is a few rows, not the whole shelf.
        rows = np.flatnonzero((self.language[:size] != code) & (gap <= max_gap))
        cosine = self.matrix[rows] @ item.vector
        return self.positions[rows[cosine > CROSS_LINGUAL_FLOOR]].tolist()  # type: ignore[no-any-return]


class _VectorTable:
    """The vectors and languages of one block's items, for cross-lingual pairs."""

    def __init__(self, items: list[EventItem]) -> None:
        codes: dict[str, int] = {}
        found = [codes.setdefault(i.language or "", len(codes)) if _has_vector(i) else -1
                 for i in items]  # fmt: skip
        self.language = np.array(found, dtype=np.int64)
        self.rows = np.flatnonzero(self.language >= 0)
        width = next((len(i.vector) for i in items if i.vector is not None), 0)
        self.matrix = np.zeros((len(items), width), dtype=np.float32)
        for row in self.rows.tolist():
            self.matrix[row] = items[row].vector
        self.multilingual = len(set(self.language[self.rows].tolist())) > 1

    def bonus(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """:func:`cross_lingual` of each pair ``(left[k], right[k])``."""
        if not self.multilingual or not len(left):
            return np.zeros(len(left), dtype=np.float64)
        across = (self.language[left] != self.language[right]) & (self.language[left] >= 0)
        across &= self.language[right] >= 0
        found = np.zeros(len(left), dtype=np.float64)
        rows = np.flatnonzero(across)  # few pairs cross languages: weigh only those
        if len(rows):
            pairs = self.matrix[left[rows]], self.matrix[right[rows]]
            cosine = np.einsum("ij,ij->i", *pairs).astype(np.float64)
            found[rows] = CROSS_LINGUAL_WEIGHT * np.maximum(0.0, cosine - CROSS_LINGUAL_FLOOR)
        return found

    def block_bonus(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """:meth:`bonus` of every pair of ``rows`` by ``columns``, as a dense block:
        only the cells across languages are computed (a store of one main language
        with a few stray pages has a handful)."""
        found = np.zeros((len(rows), len(columns)), dtype=np.float64)
        row_language, column_language = self.language[rows], self.language[columns]
        for code in np.unique(row_language[row_language >= 0]).tolist():
            left = np.flatnonzero(row_language == code)
            right = np.flatnonzero((column_language >= 0) & (column_language != code))
            if len(right):
                cosine = (self.matrix[rows[left]] @ self.matrix[columns[right]].T).astype(
                    np.float64
                )
                bonus = CROSS_LINGUAL_WEIGHT * np.maximum(0.0, cosine - CROSS_LINGUAL_FLOOR)
                found[np.ix_(left, right)] = bonus
        return found

    def cross_pairs(
        self, low: np.ndarray, high: np.ndarray, max_gap: int, chunk: int = 2048
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Pairs ``(i, j)``, ``i < j``, in different languages with cosine past the floor
        and within ``max_gap`` days (a corpus in one language has none: no work)."""
        if not self.multilingual:
            return []
        found = []
        language = self.language[self.rows]
        codes = np.unique(language).tolist()
        # Language by language: a store of one main language with a few stray pages
        # compares the strays with the rest, not every pair of the main language.
        for at, first in enumerate(codes):
            ones = self.rows[language == first]
            others = self.rows[np.isin(language, codes[at + 1 :])]
            for start in range(0, len(ones) if len(others) else 0, chunk):
                left = ones[start : start + chunk]
                cosine = self.matrix[left] @ self.matrix[others].T
                close = cosine > CROSS_LINGUAL_FLOOR
                close &= _gap(low, high, left[:, None], others[None, :]) <= max_gap
                i, j = np.nonzero(close)
                if len(i):
                    pair = left[i], others[j]
                    found.append((np.minimum(*pair), np.maximum(*pair)))
        return found


def _gap(low: np.ndarray, high: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Days between the periods of items ``left`` and ``right`` (broadcast; 0 when they
    overlap), from the items' ``bounds``."""
    return np.maximum(low[left], low[right]) - np.minimum(high[left], high[right])  # type: ignore[no-any-return]


def _has_vector(item: EventItem) -> bool:
    return item.vector is not None and item.language is not None


def _keep_labels(
    new: dict[str, list[str]], old: dict[str, list[str]], in_use: Iterable[str] = ()
) -> dict[str, list[str]]:
    """``new`` groups relabelled with the old label each shares most members with.

    A group with no old label left gets its first member's id that no old event and no
    event in ``in_use`` is labelled with; old labels starting with ``new:`` stand for
    "no label before".
    """
    owner = {article: label for label, group in old.items() for article in group}
    taken: set[str] = set(in_use)
    relabelled = {}
    for label, group in sorted(new.items(), key=lambda item: (-len(item[1]), item[0])):
        votes: dict[str, int] = {}
        for article in group:
            votes[owner[article]] = votes.get(owner[article], 0) + 1
        free = [o for o in votes if o not in taken and not o.startswith("new:")]
        if free:
            keep = max(free, key=lambda o: (votes[o], o))
        else:
            unused = [a for a in sorted(group) if a not in taken and a not in old]
            keep = unused[0] if unused else f"{label}+{len(taken)}"
        taken.add(keep)
        relabelled[keep] = group
    return relabelled


def _start(item: EventItem) -> tuple[int, str]:
    return (item.when[0] if item.when else 0, item.id)


def _chunks(items: list[EventItem]) -> list[list[EventItem]]:
    return [items[start : start + FIT_BLOCK] for start in range(0, len(items), FIT_BLOCK)]


def _firm(item: EventItem) -> bool:
    """Dated on both ends (a day or a firm range), so it can be placed in time."""
    return item.when is not None and item.when[1] != NO_END


def event_id(label: str) -> str:
    """The stored id of the event labelled ``label``."""
    return content_hash("event", label)
