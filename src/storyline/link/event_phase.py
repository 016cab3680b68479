"""The events phase over a growing store: new articles are placed where they land.

:class:`~storyline.link.events.EventLinker` does the linking; this module keeps what it
needs between runs as postings, so a batch never costs a pass over the archive:

- ``ev-term``: each placed article under its heaviest terms, tagged with its month
  bucket (the linker's :class:`~storyline.link.candidates.TermIndex`, on disk), with a
  counter per term for the posting cap;
- ``ev-member``: each event's label and its member articles;
- ``ev-blob``: the corpus's document frequencies (corpus IDF weights), and counters
  of how many articles are placed and how many were at the last refit.

For the articles that changed (new, re-ingested, re-dated, become or stopped being a
copy) the phase loads only their *neighbourhood*: every stored article sharing a heavy
term within reach in time, and all members of those articles' events and of the events
the changed ones leave. There it does what the linker does in memory: take the
neighbourhood as it is, assign each changed article (arrival order) and refit the
events around them (``refine``). Events whose members changed are described again;
the others are not read.

Corpus IDF moves as the corpus grows (fast while it is small), so once the placed
articles have grown by :data:`REFIT_GROWTH` since the last refit, the phase refits the
:data:`REFIT_WINDOW` most recent articles (and every event they are in) instead: a
small corpus is refitted whole, a large archive only where news arrives. ``--full``
refits everything (``EventLinker.fit``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.link.candidates import (
    BUCKET_DAYS,
    NO_END,
    POSTING_CAP,
    When,
    gap_days,
    top_terms,
    when_of,
)
from storyline.link.dating import own_ranges
from storyline.link.embed import MODEL, vector_from_bytes
from storyline.link.event_records import describe_events
from storyline.link.events import (
    CROSS_LINGUAL_FLOOR,
    EVENT_MAX_GAP_DAYS,
    EventItem,
    EventLinker,
    base_language,
    event_id,
)
from storyline.link.terms import (
    PROFILE_MODEL,
    CorpusWeights,
    TermProfile,
    stored_profiles,
)
from storyline.link.vector_index import VectorIndex
from storyline.model import Article, Event
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.kinds import (
    ARTICLE,
    DUPLICATE,
    ENRICHMENT,
    ENTITY_ARTICLE,
    ESTIMATE,
    vector_kind,
)
from storyline.store.update import PostingsWrite, Update

# Bump when the rules or thresholds change: the phase refits on the next analyze.
# 3: pairs in two languages count their multilingual vectors; 4: a re-placed article
# staying in its event keeps its posting; 5: an article is placed by its own dates, not
# by the range it inherited from its event's coverage
EVENTS_VERSION = "5"
TERMS, MEMBERS, BLOBS, STATS = "ev-term", "ev-member", "ev-blob", "ev-stat"
_DF, _PLACED, _REFITTED = "df", "placed", "refitted"
_LOOSE = -1  # the bucket of undated and open-ended articles (as candidates.TermIndex)
# Refit once the placed articles have grown by this share since the last refit: corpus
# IDF has moved enough by then to change what is alike (seeds: three articles fitted
# alone split the video summit's two reports, which four articles' IDF joins).
REFIT_GROWTH = 0.25
# Nearest stored articles of each other language looked up for a changed article (its
# cross-lingual candidates; as duplicate_phase.TRANSLATION_NEIGHBOURS).
CROSS_LINGUAL_NEIGHBOURS = 20
# Most recent articles a refit covers (plus every event they are in), so a refit never
# costs the whole archive: on Reuters-21578 + BBC + Timeline17 a fit of 10k takes
# ~5 s (benchmarks/link.py). A corpus this small or smaller is refitted whole.
REFIT_WINDOW = 10_000


def update_events(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Place the changed articles into events, and describe the events that changed."""
    moved = delta.ids(ARTICLE, vector_kind(PROFILE_MODEL), vector_kind(MODEL), DUPLICATE)
    redated = delta.ids(ESTIMATE) - moved
    if not delta.full:
        redated -= _in_reach_of_their_events(store, redated)
    placing = moved | redated
    describing = delta.ids(ENRICHMENT, ENTITY_ARTICLE, ESTIMATE) - placing
    weights = CorpusWeights.from_bytes(_blob(store)) if not delta.full else None
    if delta.full:
        work = _full_refit(store)
    else:
        assert weights is not None
        work = _Work(store, placing, weights)
        stats = store.counters(STATS, [_PLACED, _REFITTED])
        grown = stats.get(_PLACED, 0) + work.net_placed()
        if grown > (1 + REFIT_GROWTH) * max(stats.get(_REFITTED, 0), 1):
            work.refit_window(REFIT_WINDOW)
        else:
            work.place()
    update = work.write(describing)
    reporter.advance(update.count)
    return update


def refit_mark(store: Store) -> int:
    """How many articles were placed at the last refit (changes with every refit)."""
    return store.counters(STATS, [_REFITTED]).get(_REFITTED, 0)


@dataclass(slots=True)
class _Work:
    """The events one run touches: the stored ones around the changes, and the result."""

    store: Store
    placing: set[str]
    weights: CorpusWeights
    full: bool = False
    articles: dict[str, Article] = field(default_factory=dict)
    items: list[EventItem] = field(default_factory=list)  # changed originals to place
    was_placed: set[str] = field(default_factory=set)
    stored: dict[str, list[str]] = field(default_factory=dict)  # label -> members before
    groups: dict[str, list[str]] = field(default_factory=dict)  # label -> members after
    posted: list[EventItem] = field(default_factory=list)  # items filed under terms again
    refitted: int | None = None  # placed articles at a refit done now

    def __post_init__(self) -> None:
        if self.full:
            return
        self.articles = self.store.articles_by_id(self.placing)
        self.was_placed = {m for _, m, _, _ in self.store.postings_of(MEMBERS, self.placing)}
        originals = self._originals(self.articles)
        # Document frequencies count each placed original once, before anything is
        # weighed: newly placed ones count now, ones no longer placed (a copy now, or
        # gone with their profile) no more.
        placed = {a.id for a in originals}
        self.weights.add(_unweighed(self.store, self.was_placed - placed), sign=-1)
        self.weights.add(_unweighed(self.store, placed - self.was_placed))
        self.items = self._items(originals)

    def _originals(self, articles: dict[str, Article]) -> list[Article]:
        present = {a.duplicate_of for a in articles.values() if a.duplicate_of}
        present = self.store.existing(present)
        return [a for a in articles.values() if a.duplicate_of not in present]

    def _items(self, articles: Iterable[Article]) -> list[EventItem]:
        return _event_items(self.store, articles, self.weights)

    def net_placed(self) -> int:
        """How many more articles are placed after this run than before."""
        placed = {item.id for item in self.items}
        return len(placed - self.was_placed) - len(self.was_placed - placed)

    # Incremental placement --------------------------------------------------------

    def place(self) -> None:
        """Assign the changed articles within their stored neighbourhood, then refine."""
        labels = self._labels_of(self.placing) | self._candidate_labels()
        self.stored = self._members_of(labels)
        linker = self._linker(self.stored)
        new = sorted(self.items, key=_arrival)
        for item in new:
            linker.assign(item)
        linker.refine(item.id for item in new)
        self.groups = linker.groups()
        self.posted = new

    def _candidate_labels(self) -> set[str]:
        """Labels of the stored events with a member sharing a heavy term within reach."""
        counts = self.store.counters(TERMS, {k for i in self.items for k in _keys(i)})
        fresh = Counter(k for item in self.items for k in _keys(item))
        found: set[str] = set()
        for item in self.items:
            keys = [k for k in _keys(item) if counts.get(k, 0) + fresh[k] < POSTING_CAP]
            found |= {m for _, m, _, _ in self.store.postings(TERMS, keys, _reach(item.when))}
        found |= self._cross_lingual_neighbours()
        return self._labels_of(found - self.placing)

    def _cross_lingual_neighbours(self) -> set[str]:
        """Stored articles in another language whose vectors are close to a changed
        article's (the linker's cross-lingual candidates); none in a one-language store."""
        languages = sorted(self.store.article_languages())
        wanted = [i for i in self.items if i.vector is not None and i.language]
        if len(languages) < 2 or not wanted:
            return set()
        found: set[str] = set()
        for language in languages:
            index = VectorIndex.for_store(self.store, MODEL, language=language)
            for item in wanted:
                if item.language == base_language(language):
                    continue
                assert item.vector is not None
                hits = index.search(item.vector, CROSS_LINGUAL_NEIGHBOURS)
                found |= {other for other, cosine in hits if cosine > CROSS_LINGUAL_FLOOR}
        return found

    def _labels_of(self, articles: set[str]) -> set[str]:
        return {str(key) for key, _, _, _ in self.store.postings_of(MEMBERS, articles)}

    def _members_of(self, labels: set[str]) -> dict[str, list[str]]:
        """Stored members of the events ``labels``."""
        members: dict[str, list[str]] = {}
        for key, member, _, _ in self.store.postings(MEMBERS, sorted(labels)):
            members.setdefault(str(key), []).append(member)
        return {label: sorted(found) for label, found in members.items()}

    def _linker(self, stored: dict[str, list[str]]) -> EventLinker:
        """A linker holding the stored events as they are, the changed articles left out."""
        labels = {a: label for label, ms in stored.items() for a in ms if a not in self.placing}
        # Headers (no text): the linker reads stored profiles, and ~100 stored members
        # come with each new article of a spread-out batch.
        known = self.store.article_headers(set(labels) - set(self.articles))
        self.articles.update(known)
        linker = EventLinker()
        linker.extend(self._items(known.values()), labels)
        return linker

    # Refits -----------------------------------------------------------------------

    def refit_window(self, size: int) -> None:
        """Fit the ``size`` most recent articles, the changed ones and their events again."""
        recent = set(self.store.recent_originals(size)) | {i.id for i in self.items}
        labels = self._labels_of(recent | self.placing)
        self.stored = self._members_of(labels)
        involved = recent | {m for ms in self.stored.values() for m in ms}
        self.articles.update(self.store.article_headers(involved - set(self.articles)))
        originals = self._originals({a: self.articles[a] for a in involved if a in self.articles})
        self.posted = self._items(originals)
        linker = EventLinker().fit(self.posted)
        previous = {m: label for label, ms in self.stored.items() for m in ms}
        linker.relabel({a: label for a, label in previous.items() if a in linker.labels_})
        self.groups = linker.groups()
        before = self.store.counters(STATS, [_PLACED]).get(_PLACED, 0)
        self.refitted = before + self.net_placed()

    # Writing ------------------------------------------------------------------------

    def write(self, describing: set[str]) -> Update:
        update = Update(count=len(self.posted))
        changed = {
            label: members
            for label, members in self.groups.items()
            if self.stored.get(label) != members
        }
        gone = [label for label in self.stored if label not in self.groups]
        changed.update(self._redescribed(describing, changed))
        _write_events(self.store, update, changed, gone, self.articles)
        if self.full:  # events of an older store no label knows of go too
            kept = {event_id(label) for label in self.groups}
            stale = {e.id for e in self.store.events()} - kept
            update.events_deleted = sorted(set(update.events_deleted) | stale)
        update.event_ids = self._article_events(self.groups if self.full else changed)
        self._write_postings(update, self.groups if self.full else changed, gone)
        return update

    def _redescribed(
        self, describing: set[str], changed: dict[str, list[str]]
    ) -> dict[str, list[str]]:
        """Events to describe again because a member's enrichment or entities changed."""
        labels = self._labels_of(describing) - set(changed)
        found = {label: self.groups[label] for label in labels if label in self.groups}
        found.update(self._members_of(labels - set(self.groups) - set(self.stored)))
        return found

    def _article_events(self, changed: dict[str, list[str]]) -> dict[str, str | None]:
        """``event_id`` of every member of a changed event, of its copies, and of the
        changed articles that are copies now (their original's event)."""
        label_of = {m: label for label, ms in self.groups.items() for m in ms}
        wanted: dict[str, str | None] = {}
        for label in changed:
            for member in self.groups.get(label, []):
                wanted[member] = event_id(label)
        for article_id in self.placing & set(label_of):
            wanted[article_id] = event_id(label_of[article_id])
        copies = self.store.articles_by_id(self.store.copies_of(wanted))
        copies.update({a: art for a, art in self.articles.items() if a in self.placing})
        originals = {art.duplicate_of for art in copies.values() if art.duplicate_of}
        stored = {m: str(k) for k, m, _, _ in self.store.postings_of(MEMBERS, originals)}
        for article in copies.values():
            if article.id in wanted or not article.duplicate_of:
                continue
            found = label_of.get(article.duplicate_of) or stored.get(article.duplicate_of)
            wanted[article.id] = event_id(found) if found else None
        for article_id in self.placing & set(self.articles):
            wanted.setdefault(article_id, None)
        current = self.store.articles_by_id(wanted)
        return {a: e for a, e in wanted.items() if a in current and current[a].event_id != e}

    def _write_postings(
        self, update: Update, changed: dict[str, list[str]], gone: list[str]
    ) -> None:
        reposted = {item.id for item in self.posted} | self.placing
        counts: Counter[Any] = Counter()
        if not self.full:
            for key, _, _, _ in self.store.postings_of(TERMS, reposted):
                counts[key] -= 1
        terms = [(k, i.id, _bucket(i.when), None) for i in self.posted for k in _keys(i)]
        for key, _, _, _ in terms:
            counts[key] += 1
        members = {m for ms in changed.values() for m in ms} | self.placing
        # A changed article placed back into an unchanged event (re-dated, same event)
        # loses its posting with the others' removal above: file it again.
        label_of = {m: label for label, ms in self.groups.items() for m in ms}
        stayed = sorted(
            (label_of[a], a) for a in self.placing if a in label_of and label_of[a] not in changed
        )
        stats = self._stats({item.id for item in self.items})
        update.postings += [
            PostingsWrite(TERMS, terms, remove=sorted(reposted), counts=dict(counts),
                          clear=self.full),
            PostingsWrite(
                MEMBERS,
                [(label, m, None, None) for label, ms in changed.items() for m in ms]
                + [(label, m, None, None) for label, m in stayed],
                remove=sorted(members),
                remove_keys=sorted(gone),
                clear=self.full,
            ),
            PostingsWrite(BLOBS, [(_DF, "", None, self.weights.to_bytes())]),
            PostingsWrite(STATS, counts=stats, clear=self.full),
        ]  # fmt: skip

    def _stats(self, placed: set[str]) -> dict[str, int]:
        """Changes to the placed and last-refit counts (absolute on a full refit)."""
        if self.full:
            return {_PLACED: len(placed), _REFITTED: len(placed)}
        stats = {_PLACED: len(placed - self.was_placed) - len(self.was_placed - placed)}
        if self.refitted is not None:
            before = self.store.counters(STATS, [_REFITTED]).get(_REFITTED, 0)
            stats[_REFITTED] = self.refitted - before
        return stats


def _in_reach_of_their_events(store: Store, redated: set[str]) -> set[str]:
    """The re-dated articles whose new dates keep them within the time gap of every
    other member of their event: they stay where they are.

    Only time moved for them, and complete linkage asks of time only that gap, so the
    event they are in still holds them. Placing them again would feed a loop: dating
    takes an undated article's range from its event's coverage, and a move to another
    event gives it another range (one Reuters wire went back and forth every analyze).
    """
    if not redated:
        return set()
    label_of = {m: str(k) for k, m, _, _ in store.postings_of(MEMBERS, redated)}
    members: dict[str, list[str]] = {}
    for key, member, _, _ in store.postings(MEMBERS, sorted(set(label_of.values()))):
        members.setdefault(str(key), []).append(member)
    wanted = set(label_of) | {m for label in label_of.values() for m in members.get(label, [])}
    whens = {
        a.id: when_of(a.published, a.published_range) for a in store.articles_by_id(wanted).values()
    }
    staying = set()
    for article_id, label in label_of.items():
        when = whens.get(article_id)
        others = [m for m in members.get(label, []) if m != article_id and m in whens]
        if when is not None and all(gap_days(when, whens[m]) <= EVENT_MAX_GAP_DAYS for m in others):
            staying.add(article_id)
    return staying


def _event_items(
    store: Store,
    articles: Iterable[Article],
    weights: CorpusWeights,
    profiles: dict[str, TermProfile] | None = None,
) -> list[EventItem]:
    """The linker's items of the profiled ``articles`` (id order), with their vectors."""
    articles = sorted(articles, key=lambda a: a.id)
    ids = [a.id for a in articles]
    profiles = profiles if profiles is not None else stored_profiles(store, ids)
    vectors = {a: vector_from_bytes(blob) for a, blob in store.vectors(MODEL, ids)}
    profiled = [a for a in articles if a.id in profiles]
    weighed = weights.weigh_all([profiles[a.id] for a in profiled])
    items = [
        EventItem.from_article(a, profile, _unit(vectors.get(a.id)))
        for a, profile in zip(profiled, weighed, strict=True)
    ]
    own = own_ranges(store, profiled)
    for item in items:
        if item.id in own:  # placed by its own evidence, not by what it inherited
            item.when = when_of(None, own[item.id])
    return items


def _unit(vector: np.ndarray | None) -> np.ndarray | None:
    """A stored vector, or None for a missing or empty one (a text with no words)."""
    return vector if vector is not None and bool(np.any(vector)) else None


def _unweighed(store: Store, ids: set[str]) -> list[TermProfile]:
    return list(stored_profiles(store, ids).values()) if ids else []


def _full_refit(store: Store) -> _Work:
    """``--full`` (or a new version): every event fitted again from the whole corpus."""
    articles = {a.id: a for a in store.articles()}
    originals = [a for a in articles.values() if a.duplicate_of not in articles]
    profiles = stored_profiles(store, [a.id for a in originals])
    weights = CorpusWeights(profiles.values())
    work = _Work(store, set(articles), weights, full=True, articles=articles)
    work.items = _event_items(store, originals, weights, profiles)
    work.stored = work._members_of({str(k) for k, _, _, _ in store.all_postings(MEMBERS)})
    linker = EventLinker().fit(work.items)
    previous = {m: label for label, ms in work.stored.items() for m in ms}
    linker.relabel({a: label for a, label in previous.items() if a in linker.labels_})
    work.groups = linker.groups()
    work.posted = work.items
    # Counted from scratch above; the writer must not count the corpus twice.
    work.was_placed = {item.id for item in work.items}
    return work


def _keys(item: EventItem) -> list[int]:
    return [int(k) for k in top_terms(item.profile).tolist()]


def _bucket(when: When) -> int:
    if when is None or when[1] == NO_END:
        return _LOOSE
    return when[0] // BUCKET_DAYS


def _reach(when: When) -> list[int] | None:
    """Buckets a dated article may find candidates in (None: every bucket)."""
    if when is None or _bucket(when) == _LOOSE:
        return None
    low, high = when
    gap = EVENT_MAX_GAP_DAYS
    return [*range((low - gap) // BUCKET_DAYS, (high + gap) // BUCKET_DAYS + 1), _LOOSE]


def _arrival(item: EventItem) -> tuple[bool, int, str]:
    """Changed articles are placed in publication order (undated last), then by id."""
    return (item.when is None, item.when[0] if item.when else 0, item.id)


def _write_events(
    store: Store,
    update: Update,
    changed: dict[str, list[str]],
    gone: list[str],
    articles: dict[str, Article],
) -> None:
    ids = {label: event_id(label) for label in changed}
    previous = {e.id: e for e in store.events(list(ids.values()))}
    groups = {ids[label]: members for label, members in changed.items() if members}
    for event in describe_events(store, groups, articles):
        before = previous.get(event.id)
        if before is not None:
            event.story_id, event.summary = before.story_id, before.summary
        if before is None or _record(before) != _record(event):
            update.events.append(event)
    empty = [ids[label] for label, members in changed.items() if not members]
    deleted = {event_id(label) for label in gone} | set(empty)
    update.events_deleted = sorted(deleted - set(groups))


def _record(event: Event) -> tuple[Any, ...]:
    return (event.title, event.article_ids, event.date, event.date_range, event.entity_ids,
            event.places)  # fmt: skip


def _blob(store: Store) -> bytes | None:
    found = store.postings(BLOBS, [_DF])
    return found[0][3] if found else None
