"""ECB+ (Cybulska & Vossen 2014) as storyline input, its gold partitions and B³ scoring.

The documents are fed through the real ingest path as JSON records (first sentence as
the headline, as a news page would have it); they carry no publication dates, so
clustering must work without them. Gold mentions are given by sentence and token; they
are mapped to character offsets of the cleaned article text by locating each sentence.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from batches import write_jsonl
from corpora import corpus

from storyline import jobs
from storyline.graph import article_step_names
from storyline.model import Article
from storyline.store import SqliteStore


@dataclass(slots=True)
class GoldMention:
    doc_id: str
    sentence: int
    token_ids: list[int]
    text: str
    tag: str
    cluster_id: str


def documents() -> list[dict[str, object]]:
    """The 772 documents as the corpus ships them (sentences, topic, subtopic)."""
    with (corpus("ecbplus") / "docs.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def records() -> list[dict[str, object]]:
    """The documents as records storyline ingests (``id`` = ECB+ doc id)."""
    found = []
    for doc in documents():
        text = str(doc["text"])
        found.append({"id": doc["doc_id"], "title": text.split("\n", 1)[0], "text": text})
    return found


def write_records(path: Path) -> Path:
    """The records as a JSONL input file."""
    return write_jsonl(path, records())


def build_store(directory: Path, enrich: bool = True, n_process: int = 1) -> SqliteStore:
    """A store holding the ECB+ articles, with the per-article steps run when ``enrich``."""
    store = jobs.open_store(directory / "ecbplus.db")
    jobs.ingest([str(write_records(directory / "ecbplus.jsonl"))], store)
    if enrich:
        options = jobs.AnalyzeOptions(n_process=n_process)
        jobs.analyze(store, options=options, steps=article_step_names())
    return store


def gold_partition(level: str) -> dict[str, str]:
    """doc id -> gold cluster at ``level`` ("topic" for stories, "subtopic" for events)."""
    return {str(doc["doc_id"]): str(doc[level]) for doc in documents()}


def doc_ids_by_article(store: SqliteStore) -> dict[str, str]:
    """storyline article id -> ECB+ doc id."""
    return {a.id: a.external_id for a in store.articles() if a.external_id}


def gold_entity_mentions(
    kinds: tuple[str, ...] = ("HUMAN", "NON_HUMAN", "LOC"),
) -> list[GoldMention]:
    """Entity mentions in the selected sentences (where ECB+ clusters are complete)."""
    found = []
    with (corpus("ecbplus") / "mentions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["kind"] != "entity" or not row["in_selected_sentence"]:
                continue
            if not row["tag"].startswith(kinds):
                continue
            found.append(
                GoldMention(
                    row["doc_id"],
                    row["sentence"],
                    row["tokens_in_sentence"],
                    row["text"],
                    row["tag"],
                    row["cluster_id"],
                )
            )
    return found


def token_offsets(
    article: Article, doc: Mapping[str, object]
) -> dict[tuple[int, int], tuple[int, int]]:
    """(sentence, token index) -> (start, end) in ``article.text`` for sentences found there.

    Sentences the extractor moved into the headline are absent (not in the text).
    """
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    cursor = 0
    sentences = doc["sentences"]
    assert isinstance(sentences, list)
    for sentence in sentences:
        at = article.text.find(sentence["text"], cursor)
        if at < 0:
            continue
        cursor = at + len(sentence["text"])
        position = at
        for index, token in enumerate(sentence["text"].split(" ")):
            offsets[(sentence["sentence"], index)] = (position, position + len(token))
            position += len(token) + 1
    return offsets


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over the gold items; one missing from ``predicted`` is a singleton."""
    predicted = {item: predicted.get(item, f"missing:{item}") for item in gold}
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    by_predicted = _members(items, predicted)
    by_gold = _members(items, gold)
    precision = recall = 0.0
    for item in items:
        same_predicted = by_predicted[predicted[item]]
        same_gold = by_gold[gold[item]]
        overlap = len(same_predicted & same_gold)
        precision += overlap / len(same_predicted)
        recall += overlap / len(same_gold)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _members(items: Iterable[str], partition: Mapping[str, str]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for item in items:
        members[partition[item]].add(item)
    return members
