"""ECB+ events and stories: our partitions against the gold `subtopic` and `topic` (B³).

The store is the enriched ECB+ corpus (eval/ecbplus.build_store); this runs the
whole-corpus phases up to story linking the way `storyline analyze` does, then scores:

- events (article -> event id) against `subtopic`, the seminal event;
- stories (article -> story id) against `topic`;
- order: the event linker fitted on the articles in id order, against the same
  articles placed incrementally in a shuffled order (half fitted, the rest assigned
  one by one, no refit), the case the analyze phase meets between refits;
- with ``--batches N``: the same articles fed to a second store in N shuffled batches,
  an incremental ``analyze`` after each (as a living archive meets them), scored against
  the gold like the rebuild: whether keeping an archive current costs quality.

Run:  .venv/bin/python eval/ecbplus_events.py [--split train|dev|all] [--batches N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from batches import fed_in_batches
from ecbplus import (
    bcubed,
    build_store,
    doc_ids_by_article,
    documents,
    gold_partition,
    records,
)

from storyline import jobs
from storyline.graph import article_step_names
from storyline.link.candidates import when_of
from storyline.link.dating import own_ranges
from storyline.link.events import EventItem, EventLinker
from storyline.link.terms import CorpusWeights, stored_profiles
from storyline.store import SqliteStore

LINK_PHASES = ("duplicates", "entities", "dating", "events", "stories")


@dataclass(slots=True)
class LinkScores:
    events: tuple[float, float, float]
    stories: tuple[float, float, float]
    event_count: int
    story_count: int

    def lines(self) -> list[str]:
        return [
            f"events  {self.event_count:>4}  B3 P {self.events[0]:.3f} R {self.events[1]:.3f} F1 {self.events[2]:.3f}",
            f"stories {self.story_count:>4}  B3 P {self.stories[0]:.3f} R {self.stories[1]:.3f} F1 {self.stories[2]:.3f}",
        ]


def link(store: SqliteStore) -> None:
    """Run the whole-corpus phases up to story linking, as analyze does."""
    jobs.analyze(store, steps=[*article_step_names(), *LINK_PHASES])


def score(store: SqliteStore, split: str = "all") -> LinkScores:
    """B³ of the stored events and stories against ECB+'s gold (one split or all)."""
    wanted = {str(d["doc_id"]) for d in documents() if split in ("all", d["split"])}
    doc_of = doc_ids_by_article(store)
    story_of_event = {e.id: e.story_id for e in store.events()}
    events, stories = {}, {}
    for article in store.articles():
        doc = doc_of.get(article.id)
        if doc in wanted and article.event_id:
            events[doc] = article.event_id
            stories[doc] = story_of_event.get(article.event_id) or article.event_id
    subtopics = {d: t for d, t in gold_partition("subtopic").items() if d in wanted}
    topics = {d: t for d, t in gold_partition("topic").items() if d in wanted}
    return LinkScores(
        bcubed(events, subtopics), bcubed(stories, topics),
        len(set(events.values())), len(set(stories.values())),
    )  # fmt: skip


def order_agreement(
    store: SqliteStore, seed: int = 17, fitted_share: float = 0.5, refine: bool = True
) -> float:
    """B³ F1 between the fitted events and those placed incrementally in shuffled order.

    ``fitted_share`` of the shuffled articles is fitted, the rest assigned one by one
    and (with ``refine``, as the analyze phase does) their neighbourhood refitted.
    """
    profiles = stored_profiles(store)
    weights = CorpusWeights(profiles.values())
    articles = list(store.articles())
    items = [EventItem.from_article(a, weights.weigh(profiles[a.id])) for a in articles]
    own = own_ranges(store, articles)  # as the events phase places them
    for item in items:
        if item.id in own:
            item.when = when_of(None, own[item.id])
    reference = EventLinker().fit(items).labels_
    shuffled = items[:]
    random.Random(seed).shuffle(shuffled)
    cut = int(len(shuffled) * fitted_share)
    linker = EventLinker().fit(shuffled[:cut])
    for item in shuffled[cut:]:
        linker.assign(item)
    if refine:
        linker.refine(item.id for item in shuffled[cut:])
    return bcubed(linker.labels_, reference)[2]


def in_batches(enriched: SqliteStore, directory: Path, batches: int, seed: int = 13) -> SqliteStore:
    """A second store fed the ECB+ articles in ``batches`` shuffled batches, the link
    phases run after each."""
    shuffled = records()
    random.Random(seed).shuffle(shuffled)
    size = -(-len(shuffled) // batches)
    parts = [shuffled[start : start + size] for start in range(0, len(shuffled), size)]
    return fed_in_batches(enriched, directory, parts, link)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=("train", "dev", "all"))
    parser.add_argument("--store", type=Path, help="an enriched ECB+ store (default: build one)")
    parser.add_argument("--batches", type=int, help="also feed the articles in N batches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        store = SqliteStore(args.store) if args.store else build_store(Path(temporary))
        link(store)
        print("\n".join(score(store, args.split).lines()))
        if args.batches:
            batched = in_batches(store, Path(temporary), args.batches)
            print(f"fed in {args.batches} shuffled batches, linked after each:")
            print("\n".join(score(batched, args.split).lines()))
        for refine in (False, True):
            agreement = order_agreement(store, refine=refine)
            label = "assigned and refined" if refine else "assigned only"
            print(f"order   shuffled, half {label}, vs fitted: B3 F1 {agreement:.3f}")


if __name__ == "__main__":
    main()
