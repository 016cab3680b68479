"""Cross-document entity merging scored against ECB+ entity clusters (B³ over gold mentions).

Gold: HUMAN, NON_HUMAN and LOC mentions of the selected sentences (where ECB+ clusters
are complete), located in the article text by ``ecbplus.token_offsets``. Each gold
mention takes the cluster of the predicted mention that overlaps it (the smallest one
enclosing it, else the smallest one overlapping it); a gold mention with no predicted
mention is a singleton. Three partitions of the same predicted mentions are scored:

- ``merged``: :func:`storyline.link.entities.merge_entities`;
- ``exact names``: chains merged across articles when their names are the same string;
- ``per article``: every article's chains on their own (no cross-document merging).

Run ``python eval/ecbplus_entities.py STORE.db`` on a store built by
``ecbplus.build_store`` to print the figures without pytest.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from ecbplus import (
    GoldMention,
    bcubed,
    doc_ids_by_article,
    documents,
    gold_entity_mentions,
    token_offsets,
)

from storyline.link.entities import merge_entities
from storyline.model import Enrichment
from storyline.store import SqliteStore

Spans = dict[str, list[tuple[int, int, str]]]  # article id -> sorted (start, end, cluster)


@dataclass(slots=True)
class EntityScores:
    gold: int
    located: int
    covered: int
    scores: dict[str, tuple[float, float, float]]

    def lines(self) -> list[str]:
        found = [
            f"ECB+ entity mentions: {self.gold} gold, {self.located} located in the text, "
            f"{self.covered} on a predicted mention ({self.covered / max(self.gold, 1):.1%})"
        ]
        for name, (p, r, f1) in self.scores.items():
            found.append(f"  {name:<12} B3 P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
        return found


def evaluate(store: SqliteStore) -> EntityScores:
    """B³ of the three partitions over the gold entity mentions of ECB+."""
    enrichments = [e for e in store.enrichments() if not e.skipped]
    located = _locate(store)
    partitions = {
        "merged": _merged_spans(enrichments),
        "exact names": _chain_spans(enrichments, lambda e, c: f"name:{c.name}"),
        "per article": _chain_spans(enrichments, lambda e, c: f"{e.article_id}:{c.index}"),
    }
    gold = {key: mention.cluster_id for key, (mention, _) in located.items()}
    gold.update({_key(m): m.cluster_id for m in gold_entity_mentions() if _key(m) not in gold})
    scores, covered = {}, 0
    for name, spans in partitions.items():
        predicted = {key: c for key, (_, at) in located.items() if (c := _cluster(spans, at))}
        covered = max(covered, len(predicted))
        scores[name] = bcubed(predicted, gold)
    return EntityScores(len(gold), len(located), covered, scores)


def _key(mention: GoldMention) -> str:
    return f"{mention.doc_id}:{mention.sentence}:{mention.token_ids}"


def _locate(store: SqliteStore) -> dict[str, tuple[GoldMention, tuple[str, int, int]]]:
    """Gold mentions found in the article text: key -> (mention, (article id, start, end))."""
    docs = {str(doc["doc_id"]): doc for doc in documents()}
    article_of = {doc_id: article_id for article_id, doc_id in doc_ids_by_article(store).items()}
    offsets = {}
    for doc_id, article_id in article_of.items():
        article = store.article(article_id)
        if article is not None:
            offsets[doc_id] = (article_id, token_offsets(article, docs[doc_id]))
    located = {}
    for mention in gold_entity_mentions():
        if mention.doc_id not in offsets:
            continue
        article_id, positions = offsets[mention.doc_id]
        spans = [positions.get((mention.sentence, t)) for t in mention.token_ids]
        if spans and all(spans):
            start, end = min(s[0] for s in spans if s), max(s[1] for s in spans if s)
            located[_key(mention)] = (mention, (article_id, start, end))
    return located


def _merged_spans(enrichments: list[Enrichment]) -> Spans:
    spans: Spans = defaultdict(list)
    for entity in merge_entities(enrichments).entities:
        for m in entity.mentions:
            spans[m.article_id].append((m.start, m.end, entity.id))
    return {article: sorted(found) for article, found in spans.items()}


def _chain_spans(enrichments: list[Enrichment], cluster_of) -> Spans:  # type: ignore[no-untyped-def]
    spans: Spans = defaultdict(list)
    for enrichment in enrichments:
        for chain in enrichment.chains:
            for m in chain.mentions:
                spans[m.article_id].append((m.start, m.end, cluster_of(enrichment, chain)))
    return {article: sorted(found) for article, found in spans.items()}


def _cluster(spans: Spans, at: tuple[str, int, int]) -> str | None:
    """Cluster of the smallest predicted mention enclosing the gold span, else overlapping it."""
    article_id, start, end = at
    found = spans.get(article_id, [])
    window = found[max(0, bisect_left(found, (start - 200,))) :]
    overlapping = [s for s in window if s[0] < end and s[1] > start and s[0] < end + 1]
    if not overlapping:
        return None
    enclosing = [s for s in overlapping if s[0] <= start and s[1] >= end]
    best = min(enclosing or overlapping, key=lambda s: s[1] - s[0])
    return best[2]


if __name__ == "__main__":
    from storyline.jobs import open_store

    print("\n".join(evaluate(open_store(sys.argv[1])).lines()))
