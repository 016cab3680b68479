"""Merged entities go through the store into the JSON export, evidence and speakers included."""

from __future__ import annotations

from storyline.export.json_export import build_export
from storyline.link.entities import merge_entities
from storyline.model import Article, Chain, Enrichment, Mention, Quote, RawDocument
from storyline.store import SqliteStore


def enrichment(article_id: str, name: str, quoted: bool = False) -> Enrichment:
    mentions = [Mention(article_id, 0, len(name), name, "PERSON")]
    chains = [
        Chain(article_id, 0, name, "PERSON", mentions),
        Chain(article_id, 1, "Minsk", "GPE", [Mention(article_id, 40, 45, "Minsk", "GPE")]),
    ]
    quotes = (
        [Quote(f"q{article_id}", article_id, "We won.", 20, 27, speaker_chain=0)] if quoted else []
    )
    return Enrichment(article_id, "1", chains=chains, quotes=quotes)


def add_article(store: SqliteStore, text: str) -> str:
    raw = RawDocument(source_path=f"{text[:10]}.txt", format="text", body=text, raw=text.encode())
    store.write_batch([Article(id=raw.id, source_path=raw.source_path, text=text)], [raw], [])
    return raw.id


def test_export_carries_evidence_and_maps_speakers_to_merged_entities(store: SqliteStore) -> None:
    a = add_article(store, "Alexander Lukashenko met officials in Minsk.")
    b = add_article(store, "Lukashenka said: We won. He spoke in Minsk.")
    enrichments = [enrichment(a, "Alexander Lukashenko"), enrichment(b, "Lukashenka", quoted=True)]
    merged = merge_entities(enrichments)
    store.write_enrichments(enrichments)
    store.replace_entities(merged.entities)
    exported = build_export(store)
    (person,) = [e for e in exported["entities"] if e["type"] == "PERSON"]
    assert set(person["aliases"]) == {"Alexander Lukashenko", "Lukashenka"}
    assert person["evidence"] and all(isinstance(reason, str) for reason in person["evidence"])
    assert {"id", "name", "type", "aliases", "mentions"} <= set(person)
    (quote,) = exported["quotes"]
    assert quote["speaker_id"] == person["id"] == merged.entity_of_chain[(b, 0)]
