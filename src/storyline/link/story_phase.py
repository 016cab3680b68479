"""The stories phase over a growing store: changed events are relinked where they land.

Story linking (:mod:`storyline.link.stories`) is average linkage over events, whose
similarity is the mean article-pair similarity: a dot product of the events' summed
term vectors over the product of their sizes. The phase keeps, as postings:

- ``st-sum``: each event's summed term vectors and size (weighed when it changed);
- ``st-term``: each event under the heaviest terms of its sums (for candidates);
- ``st-member``: each story's events;
- ``st-stat``: how many events are in stories, and how many were at the last relink.

For the events that changed or went, it gathers their *neighbourhood*: the stories
they were in, and the stories of the stored events most alike to each of them. It
links the changed events, the other events of the stories they were in, and each
neighbour story as one unit again by average linkage (as a full run would there, but
for the neighbours, which a batch does not split) and writes the stories that came out;
a story keeps its id when it keeps most of its events. Stories elsewhere are not read.

When the events phase has refitted since the last relink (it redraws the recent events
under today's corpus IDF once the articles have grown by a quarter), the neighbourhood is
instead every story of the :data:`RELINK_WINDOW` most recent events, weighed again with
today's corpus IDF. ``--full`` relinks every event.
"""

from __future__ import annotations

import struct
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np

from storyline.link.embed import MODEL, vector_from_bytes
from storyline.link.event_phase import BLOBS, refit_mark
from storyline.link.stories import (
    STORY_POSTING_CAP,
    STORY_WEIGHED_FIELDS,
    EventTerms,
    describe_story,
    group_events,
    story_id,
    summed_similarity,
)
from storyline.link.terms import FIELDS, CorpusWeights, Terms, stored_profiles
from storyline.model import Event, Story
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.kinds import EVENT
from storyline.store.update import PostingsWrite, Update

# Bump when the rules or thresholds change: the phase relinks on the next analyze.
STORIES_VERSION = "3"  # 3: event sums hold the members' summed vectors
SUMS, TERMS, MEMBERS, STATS = "st-sum", "st-term", "st-member", "st-stat"
# The events phase's refit mark (event_phase.refit_mark) at the last relink. Stories
# relink when the events refit (corpus IDF has moved, and attaching events one by one is
# only close to average linkage), not on a growth count of their own: with one, a batch
# growing the events by just under it was linked against stored sums weighed under the
# older IDF right after the events had been refitted under the new. In 2 of 20 shuffled
# orders of tests/test_incremental.py's 250 wires that put the stories at B³ 0.955 and
# 0.946 against --full where the full analysis itself hardly moves; 1.000 and 0.981 now
# (eval/batch_orders.py --reuters 250).
_EVENT_REFIT = "event-refit"
# A relink covers the stories of this many most recent events: a small corpus is
# relinked whole, an archive only where news arrives (as events' REFIT_WINDOW).
RELINK_WINDOW = 5_000
# A changed event is relinked with the stories of the NEIGHBOUR_STORIES stored events
# most alike to it, scored among the NEIGHBOUR_EVENTS sharing most of its heavy terms.
NEIGHBOUR_EVENTS, NEIGHBOUR_STORIES = 20, 3
# A stored story is relinked as one unit (its unchanged events together) when it holds
# no changed event (a neighbour: a batch changes the stories it lands in, not those
# around it, as in the events phase) or when it has this many events or more; a story a
# changed event was in, smaller, event by event. On Reuters-21578 (19k wires) the biggest
# story has 86 events and a handful pass 50; on a 200k archive of yearly recurring
# coverage (benchmarks/synthetic.py) stories reach thousands of events, and relinking
# them event by event took 230 s and 7.2 GB for a 1,000-article batch (15 s and 1.7 GB as
# units). Units for every story, those of changed events too, moved
# tests/test_incremental.py's story agreement to B³ 0.966 (< 0.98).
UNIT_EVENTS = 50


def update_stories(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Link the changed events again with the stories around them (average linkage)."""
    mark = refit_mark(store)
    if delta.full:
        update = _relink(store, None, set(), mark)
    else:
        changed = delta.ids(EVENT)
        if mark != store.counters(STATS, [_EVENT_REFIT]).get(_EVENT_REFIT, 0):
            recent = set(store.recent_events(RELINK_WINDOW)) | changed
            update = _relink(store, _stories_of(store, recent), changed, mark)
        else:
            weights = CorpusWeights.from_bytes(_df(store))
            own = _events_terms(store, store.events(sorted(changed)), weights)
            stories = _neighbourhood(store, changed, list(own.values()))
            update = _relink(store, stories, changed, None, known=(weights, own))
    reporter.advance(update.count)
    return update


def _df(store: Store) -> bytes | None:
    found = store.postings(BLOBS, ["df"])
    return found[0][3] if found else None


def _events_terms(
    store: Store, events: Iterable[Event], weights: CorpusWeights
) -> dict[str, EventTerms]:
    """Each event's terms (its members' profiles weighed and summed, and their vectors),
    read for many events at once: a batch changes hundreds, and two queries per event
    cost more than the sums."""
    found: dict[str, EventTerms] = {}
    pending = list(events)
    while pending:
        chunk: list[Event] = []
        size = 0
        while pending and (not chunk or size + len(pending[-1].article_ids) <= _READ_ARTICLES):
            chunk.append(pending.pop())
            size += len(chunk[-1].article_ids)
        ids = {a for event in chunk for a in event.article_ids}
        profiles = stored_profiles(store, ids)
        vectors = {a: vector_from_bytes(blob) for a, blob in store.vectors(MODEL, sorted(profiles))}
        for event in chunk:
            # Members in id order, as one event's own query returned them.
            own = [profiles[a] for a in sorted(set(event.article_ids)) if a in profiles]
            weighed = weights.weigh_all(own, STORY_WEIGHED_FIELDS)
            alike = [vectors[p.article_id] for p in own if p.article_id in vectors]
            found[event.id] = EventTerms.of(event.id, weighed, [v for v in alike if np.any(v)])
    return found


# Articles whose profiles and vectors one read of _events_terms holds at most.
_READ_ARTICLES = 20_000


def _stories_of(store: Store, events: set[str]) -> set[str]:
    return {str(key) for key, _, _, _ in store.postings_of(MEMBERS, events)}


def _neighbourhood(store: Store, changed: set[str], terms: list[EventTerms]) -> set[str]:
    """The stories a changed event was in, and those of the stored events most alike to
    each changed event (``terms``: theirs): the events sharing most of its heavy terms,
    scored by their sums. Postings are read once for all the changed events (a batch
    changes hundreds)."""
    keys_of = [[int(k) for k in t.top()] for t in terms]
    counts = store.counters(TERMS, sorted({k for keys in keys_of for k in keys}))
    holders: defaultdict[int, list[str]] = defaultdict(list)
    wanted = sorted({k for keys in keys_of for k in keys if counts.get(k, 0) <= STORY_POSTING_CAP})
    for key, member, _, _ in store.postings(TERMS, wanted):
        if member not in changed:
            holders[int(key)].append(member)
    nearest = [
        [
            e
            for e, _ in Counter(m for k in keys for m in holders.get(k, ())).most_common(
                NEIGHBOUR_EVENTS
            )
        ]
        for keys in keys_of
    ]
    sums = {
        str(key): terms_from_bytes(str(key), payload)
        for key, _, _, payload in store.postings(
            SUMS, sorted({e for found in nearest for e in found})
        )
        if payload is not None
    }
    alike: set[str] = set()
    for own, found in zip(terms, nearest, strict=True):
        scored = sorted(
            ((summed_similarity(own, sums[e]), e) for e in found if e in sums), reverse=True
        )
        alike |= {e for score, e in scored[:NEIGHBOUR_STORIES] if score > 0}
    return _stories_of(store, changed) | _stories_of(store, alike)


def _relink(
    store: Store,
    stories: set[str] | None,
    changed: set[str],
    mark: int | None,
    known: tuple[CorpusWeights, dict[str, EventTerms]] | None = None,
) -> Update:
    """Link the events of ``stories`` (every story when None) and the changed events
    again by average linkage, and write the stories that came out.

    With the events' refit ``mark`` (recorded), a fresh relink: every event's terms are
    weighed with today's corpus IDF; without, the stored sums of unchanged events are used
    (as they were weighed when their event changed). ``known``: today's corpus IDF, and
    the terms already weighed with it (the changed events'), so neither is read again.
    """
    fresh = mark is not None
    full = stories is None
    before: dict[str, set[str]] = defaultdict(set)
    rows = store.all_postings(MEMBERS) if full else store.postings(MEMBERS, sorted(stories or ()))
    for key, member, _, _ in rows:
        before[str(key)].add(member)
    found = store.events() if full else store.events(sorted(_members(before) | changed))
    # In order of their first article (not of their ids, which depend on the order events
    # were founded in): where similarities tie, average linkage then merges alike in any
    # store (two Reuters wires with the same words make such ties).
    events = sorted(found, key=lambda e: (min(e.article_ids, default=""), e.id))
    terms = _terms(store, events, changed, fresh, known)
    labels = group_events(terms) if fresh else _link_units(events, terms, before, changed)
    members: dict[int, list[Event]] = defaultdict(list)
    for event, label in zip(events, labels, strict=True):
        members[label].append(event)
    old_story = {e: story for story, own in before.items() for e in own}
    update = Update(count=len(events))
    taken: set[str] = set()
    linked: list[Story] = []
    for _, own in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        story = describe_story(_story_label(own, old_story, taken), own)
        linked.append(story)
        if full or before.get(story.id) != set(story.event_ids) or set(story.event_ids) & changed:
            update.stories.append(story)
        update.events_quiet += [
            replace(e, story_id=story.id) for e in own if e.story_id != story.id
        ]
    update.stories_deleted = sorted(set(before) - taken)
    if full:
        update.stories_deleted = sorted({s.id for s in store.stories()} - taken)
    _write_postings(store, update, terms, linked, before, changed, full, mark)
    return update


def _link_units(
    events: list[Event],
    terms: list[EventTerms],
    before: dict[str, set[str]],
    changed: set[str],
) -> list[int]:
    """Story labels of ``events`` (as :func:`group_events`), with the unchanged events of
    each stored story holding no changed event, or of :data:`UNIT_EVENTS` or more, kept
    together as one unit, and the other events linked one by one.

    A unit stands for its events by their summed vectors and article count, which is what
    average linkage over articles compares, so a changed event joins a story as it would
    join that story's events; but the story costs one item, not one an event. A batch
    does not split such a story (that is churn, not news); the periodic relinks can.
    """
    story_of = {
        event: story
        for story, own in before.items()
        if len(own) >= UNIT_EVENTS or not own & changed
        for event in own
        if event not in changed
    }
    grouped: dict[str, list[int]] = defaultdict(list)
    units: list[list[int]] = []
    for position, event in enumerate(events):
        story = story_of.get(event.id)
        if story is None:
            units.append([position])
            continue
        if story not in grouped:
            units.append(grouped[story])
        grouped[story].append(position)
    unit_labels = group_events([EventTerms.united([terms[p] for p in unit]) for unit in units])
    labels = [0] * len(events)
    for unit, label in zip(units, unit_labels, strict=True):
        for position in unit:
            labels[position] = units[label][0]
    return labels


def _members(stories: dict[str, set[str]]) -> set[str]:
    return {event for own in stories.values() for event in own}


def _terms(
    store: Store,
    events: list[Event],
    changed: set[str],
    fresh: bool,
    known: tuple[CorpusWeights, dict[str, EventTerms]] | None,
) -> list[EventTerms]:
    weights, stored = (known[0], dict(known[1])) if known else (None, {})
    if not fresh:
        keep = [e.id for e in events if e.id not in changed and e.id not in stored]
        for key, _, _, payload in store.postings(SUMS, keep):
            if payload is not None:
                stored[str(key)] = terms_from_bytes(str(key), payload)
    missing = [e for e in events if e.id not in stored]
    if missing:
        weights = weights or CorpusWeights.from_bytes(_df(store))
        stored.update(_events_terms(store, missing, weights))
    return [stored[e.id] for e in events]


def _write_postings(
    store: Store,
    update: Update,
    terms: list[EventTerms],
    linked: list[Story],
    before: dict[str, set[str]],
    changed: set[str],
    full: bool,
    mark: int | None,
) -> None:
    """File the relinked events' sums and heavy terms and the stories' members, and the
    refit ``mark`` of a fresh relink."""
    relinked = {t.event_id for t in terms}
    gone = ({e for own in before.values() for e in own} | changed) - relinked
    rewritten = [t for t in terms if mark is not None or t.event_id in changed]
    counts: Counter[Any] = Counter()
    if not full:
        for key, _, _, _ in store.postings_of(TERMS, {t.event_id for t in rewritten} | gone):
            counts[key] -= 1
    rows = [(int(key), t.event_id, None, None) for t in rewritten for key in t.top()]
    for key, _, _, _ in rows:
        counts[key] += 1
    stats = {}
    if mark is not None:  # counters add: the change from the stored mark
        current = store.counters(STATS, [_EVENT_REFIT]) if not full else {}
        stats[_EVENT_REFIT] = mark - current.get(_EVENT_REFIT, 0)
    moved = sorted(relinked | gone)
    update.postings += [
        PostingsWrite(
            SUMS, [(t.event_id, "", None, terms_to_bytes(t)) for t in rewritten],
            remove_keys=sorted({t.event_id for t in rewritten} | gone), clear=full,
        ),
        PostingsWrite(
            TERMS, rows, remove=sorted({t.event_id for t in rewritten} | gone), clear=full,
            counts=dict(counts),
        ),
        PostingsWrite(
            MEMBERS,
            [(s.id, e, None, None) for s in linked for e in s.event_ids],
            remove=moved, remove_keys=update.stories_deleted, clear=full,
        ),
        PostingsWrite(STATS, counts=stats, clear=full),
    ]  # fmt: skip


def _story_label(own: list[Event], old_story: dict[str, str], taken: set[str]) -> str:
    """The story id a new group keeps: the old story most of its events were in (if no
    bigger group took it), else one made from its first event."""
    votes = Counter(old_story[e.id] for e in own if e.id in old_story)
    for story, _ in sorted(votes.items(), key=lambda item: (-item[1], item[0])):
        if story not in taken:
            taken.add(story)
            return story
    first, count = min(e.id for e in own), 0
    found = story_id(first)
    while found in taken or found in old_story.values():
        count += 1  # the id its first event once founded is another story's now
        found = story_id(f"{first}~{count}")
    taken.add(found)
    return found


def terms_to_bytes(terms: EventTerms) -> bytes:
    parts = [struct.pack("<I3I", terms.size, *(len(terms.sums[n]) for n in FIELDS))]
    for name in FIELDS:
        field = terms.sums[name]
        parts += [field.keys.astype("<i8").tobytes(), field.weights.astype("<f4").tobytes()]
    vector = terms.vector if terms.vector is not None else np.zeros(0, dtype=np.float32)
    parts += [struct.pack("<2I", terms.with_vector, len(vector)), vector.astype("<f4").tobytes()]
    return b"".join(parts)


def terms_from_bytes(event_id: str, blob: bytes) -> EventTerms:
    size, *lengths = struct.unpack_from("<I3I", blob)
    offset, sums = 16, {}
    for name, length in zip(FIELDS, lengths, strict=True):
        keys = np.frombuffer(blob, "<i8", length, offset).astype(np.int64)
        offset += 8 * length
        weights = np.frombuffer(blob, "<f4", length, offset).astype(np.float32)
        offset += 4 * length
        sums[name] = Terms(keys, weights)
    with_vector, width = struct.unpack_from("<2I", blob, offset)
    vector = np.frombuffer(blob, "<f4", width, offset + 8).astype(np.float32) if width else None
    return EventTerms(event_id, sums, size, vector, with_vector)
