"""Events: the articles that report one real-world happening, grouped.

:class:`EventLinker` groups articles by complete linkage over their term profiles
(:mod:`storyline.link.terms`): two groups merge only if every pair of articles across
them is at least :data:`EVENT_SIMILARITY` alike and at most :data:`EVENT_MAX_GAP_DAYS`
apart in time (where both are dated). Complete linkage keeps the same actors meeting
again months later apart, and two happenings of one kind (two rehab check-ins) apart
when their specifics differ, where average or single linkage would chain them.

It works without dates (ECB+ has none) and uses them where known: the publication
date, else the estimated range.

Incremental: :meth:`EventLinker.assign` puts a new article into the event whose every
member it matches best, or starts a new event, without recomputing the corpus; the
analyze phase (:func:`link_events`) refits everything when the corpus has grown by
:data:`REFIT_GROWTH` since the last fit, and the fit itself does not depend on input
order (items are taken in id order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.link.candidates import TermIndex, When, bounds, candidate_pairs, gap_days, when_of
from storyline.link.event_records import describe_events
from storyline.link.linkage import complete_linkage
from storyline.link.matrix import ProfileMatrix
from storyline.link.terms import CorpusWeights, TermProfile, profile_article, stored_profiles
from storyline.model import Article, Event, content_hash

if TYPE_CHECKING:
    from storyline.jobs import AnalyzeOptions, Reporter
    from storyline.store import Store

# Bump when the rules or thresholds change: the phase refits on the next analyze.
EVENTS_VERSION = "1"
# Least term similarity (mean cosine of full text, lead and names) of every pair of
# articles in one event. Tuned on the ECB+ train split (B³ F1 against `subtopic`:
# 0.12 -> ..., see eval/test_ecbplus_events_gate.py); re-run that gate before changing.
EVENT_SIMILARITY = 0.09
# Most days between the publication dates of two articles of one event. News reports
# a happening within days; coverage a week or more apart reports a new development
# (a verdict after the arrest), which is a new event of the same story.
EVENT_MAX_GAP_DAYS = 14
# Refit all events once the corpus has grown by this share since the last fit: between
# refits new articles are placed incrementally, which depends on arrival order.
REFIT_GROWTH = 0.25
_STATE = "events-linker"  # results kind holding the linker's bookkeeping


@dataclass(slots=True)
class EventItem:
    """What event linking needs of an article."""

    id: str
    profile: TermProfile
    when: When = None

    @classmethod
    def from_article(cls, article: Article, profile: TermProfile | None = None) -> EventItem:
        profile = profile or profile_article(article)
        return cls(article.id, profile, when_of(article.published, article.published_range))


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

    def fit(self, items: Iterable[EventItem]) -> EventLinker:
        """Group ``items`` from scratch (the result does not depend on their order)."""
        ordered = sorted(items, key=lambda item: item.id)
        whens = [item.when for item in ordered]
        matrix = ProfileMatrix([item.profile for item in ordered])
        low, high = bounds(whens)
        left, right = candidate_pairs([item.profile for item in ordered], whens, self.max_gap)
        similarities = matrix.pairs(left, right)

        def weakest(first: list[int], second: list[int]) -> float:
            # Pairs that were no candidates share no top term: usually the first one
            # checked is already too weak, so this stops early, pair by pair.
            found = 1.0
            for i in first:
                for j in second:
                    if max(low[i], low[j]) - min(high[i], high[j]) > self.max_gap:
                        return 0.0
                    found = min(found, ordered[i].profile.similarity(ordered[j].profile))
                    if found < self.threshold:
                        return found
            return found

        edges = zip(left.tolist(), right.tolist(), similarities.tolist(), strict=True)
        roots = complete_linkage(len(ordered), edges, self.threshold, weakest)
        self._reset()
        for item, root in zip(ordered, roots, strict=True):
            self._place(item, ordered[root].id)
        return self

    def extend(self, items: Iterable[EventItem], labels: dict[str, str]) -> EventLinker:
        """Take already-grouped items as they are (``labels``: article id -> label)."""
        if self._index is None:
            self._reset()
        for item in sorted(items, key=lambda item: item.id):
            self._place(item, labels[item.id])
        return self

    def assign(self, item: EventItem) -> str:
        """Put one new article into the best-matching event, or found one; its label."""
        if self._index is None:
            self._reset()
        best: tuple[float, str] | None = None
        for label in self._candidate_labels(item):
            score = self._complete_score(item, label)
            if score >= self.threshold and (best is None or (-score, label) < (-best[0], best[1])):
                best = (score, label)
        label = best[1] if best else item.id
        self._place(item, label)
        return label

    def refine(self, ids: Iterable[str]) -> None:
        """Refit the neighbourhood of the articles ``ids``: their events and the events
        they had as candidates.

        :meth:`assign` only ever adds an article to an event; refitting where new articles
        landed also merges and splits what they connect, as a full fit would there.
        Events keep their labels where they keep most of their members.
        """
        position_of = {item.id: position for position, item in enumerate(self._items)}
        labels: set[str] = set()
        for article_id in ids:
            labels.add(self.labels_[article_id])
            labels.update(self._candidate_labels(self._items[position_of[article_id]]))
        old = {label: [self._items[p].id for p in self._members.pop(label)] for label in labels}
        members = [self._items[position_of[a]] for group in old.values() for a in group]
        local = EventLinker(self.threshold, self.max_gap).fit(members).groups()
        for label, group in _keep_labels(local, old).items():
            self._members[label] = [position_of[a] for a in group]
            self.labels_.update((a, label) for a in group)

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
        assert self._index is not None
        positions = self._index.candidates(item.profile, item.when)
        return sorted({self.labels_[self._items[p].id] for p in positions})

    def _complete_score(self, item: EventItem, label: str) -> float:
        """The weakest similarity of ``item`` to any member (complete linkage)."""
        weakest = 1.0
        for position in self._members[label]:
            member = self._items[position]
            if gap_days(item.when, member.when) > self.max_gap:
                return 0.0
            weakest = min(weakest, item.profile.similarity(member.profile))
            if weakest < self.threshold:
                return weakest
        return weakest

    def _place(self, item: EventItem, label: str) -> None:
        assert self._index is not None
        position = self._index.add(item.profile, item.when)
        self._items.append(item)
        self._members.setdefault(label, []).append(position)
        self.labels_[item.id] = label

    def _reset(self) -> None:
        self.labels_, self._items, self._members = {}, [], {}
        self._index = TermIndex(self.max_gap)


def _keep_labels(new: dict[str, list[str]], old: dict[str, list[str]]) -> dict[str, list[str]]:
    """``new`` groups relabelled with the old label each shares most members with.

    A group with no old label left gets its first member's id (one no old event uses);
    old labels starting with ``new:`` stand for "no label before".
    """
    owner = {article: label for label, group in old.items() for article in group}
    taken: set[str] = set()
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


def event_id(label: str) -> str:
    """The stored id of the event labelled ``label``."""
    return content_hash("event", label)


def link_events(store: Store, reporter: Reporter, options: AnalyzeOptions) -> None:
    """A whole-corpus phase: set every article's ``event_id`` and write the events.

    Duplicates and reposts join the event of their original. New articles are placed
    incrementally; everything is refitted when the corpus has grown by
    :data:`REFIT_GROWTH` since the last fit or the phase's version changed.
    """
    articles = {a.id: a for a in store.articles()}
    stored = stored_profiles(store)
    originals = [a for a in articles.values() if a.duplicate_of not in articles]
    profiles = {a.id: stored.get(a.id) or profile_article(a) for a in originals}
    weights = CorpusWeights(profiles.values())
    items = [EventItem.from_article(a, weights.weigh(profiles[a.id])) for a in originals]
    state = _linker_state(store)
    previous = _previous_labels(store, state, {item.id for item in items})
    linker = EventLinker()
    if state.get("version") != EVENTS_VERSION or len(items) > (1 + REFIT_GROWTH) * max(
        1, int(state.get("fitted", 0))
    ):
        linker.fit(items)
        linker.relabel(previous)
        state = {"version": EVENTS_VERSION, "fitted": len(items)}
    else:
        known = [item for item in items if item.id in previous]
        linker.extend(known, previous)
        new = sorted((i for i in items if i.id not in previous), key=_arrival)
        for item in new:
            linker.assign(item)
        linker.refine(item.id for item in new)
    groups = linker.groups()
    ids = {label: event_id(label) for label in groups}
    by_id = {ids[label]: members for label, members in groups.items()}
    events = describe_events(store, by_id, articles, profiles)
    _write(store, articles, linker.labels_, ids, events)
    state["labels"] = linker.labels_
    store.replace_results(_STATE, [("state", None, None, state)])
    reporter.advance(len(items))


def _arrival(item: EventItem) -> tuple[bool, int, str]:
    """New articles are placed in publication order (undated last), then by id."""
    return (item.when is None, item.when[0] if item.when else 0, item.id)


def _linker_state(store: Store) -> dict[str, Any]:
    found = store.results(_STATE, dict)
    return dict(found[0]) if found else {}


def _previous_labels(store: Store, state: dict[str, Any], current: set[str]) -> dict[str, str]:
    """The labels of articles still present from the last run."""
    labels = state.get("labels") or {}
    return {article_id: label for article_id, label in labels.items() if article_id in current}


def _write(
    store: Store,
    articles: dict[str, Article],
    labels: dict[str, str],
    ids: dict[str, str],
    events: list[Event],
) -> None:
    """Write the events, drop the vanished ones, and link every article to its event."""
    old = {event.id for event in store.events()}
    store.write_events(events, deleted=old - {event.id for event in events})
    changed = []
    for article in articles.values():
        original = article.duplicate_of if article.duplicate_of in articles else article.id
        label = labels.get(original or article.id)
        event = ids.get(label) if label else None
        if event != article.event_id:
            changed.append((article.id, article.duplicate_of, event))
    store.set_links(changed)
