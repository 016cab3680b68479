"""Entities merged across the five seed articles (Russia–Belarus), through ingest and enrich."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import jobs
from storyline.graph import article_step_names
from storyline.link.entities import EntityMerge, merge_entities
from storyline.model import Entity
from storyline.store import SqliteStore


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    folder = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
    if not folder.exists():
        pytest.skip("../shared/corpora/seeds not found")
    store = jobs.open_store(tmp_path_factory.mktemp("seeds") / "seeds.db")
    jobs.ingest([str(folder)], store)
    jobs.analyze(store, steps=article_step_names())
    return store


@pytest.fixture(scope="module")
def merged(seed_store: SqliteStore) -> EntityMerge:
    return merge_entities(seed_store.enrichments())


def with_alias(merged: EntityMerge, alias: str) -> list[Entity]:
    return [entity for entity in merged.entities if alias in entity.aliases]


def test_seeds_fixture_points_at_the_same_corpus(seeds_dir: Path, seed_store: SqliteStore) -> None:
    assert {Path(a.source_path).parent for a in seed_store.articles()} == {seeds_dir}


def test_lukashenko_and_lukashenka_are_one_person(merged: EntityMerge) -> None:
    (entity,) = with_alias(merged, "Lukashenka")
    assert {"Lukashenko", "Lukashenka", "Alexander Lukashenko"} <= set(entity.aliases)
    assert entity.type == "PERSON"
    assert any("transliteration variant" in reason for reason in entity.evidence)


@pytest.mark.parametrize(
    ("one", "other"), [("Tikhanovskaya", "Tsikhanouskaya"), ("Lukashenko", "Lukashenka")]
)
def test_spellings_found_in_the_cleaned_texts_are_one_entity(
    seed_store: SqliteStore, merged: EntityMerge, one: str, other: str
) -> None:
    texts = " ".join(article.text for article in seed_store.articles())
    if one not in texts or other not in texts:
        pytest.skip(f"the cleaned seed texts do not use both {one} and {other}")
    holding = {
        entity.id
        for entity in merged.entities
        if any(one in alias or other in alias for alias in entity.aliases)
        and entity.type == "PERSON"
    }
    assert len(holding) == 1


def test_putin_is_one_entity_across_the_seeds(merged: EntityMerge) -> None:
    (entity,) = with_alias(merged, "Vladimir Putin")
    assert "Putin" in entity.aliases
    assert len({m.article_id for m in entity.mentions}) == 5


def test_every_chain_and_quote_speaker_has_an_entity(
    seed_store: SqliteStore, merged: EntityMerge
) -> None:
    ids = {entity.id for entity in merged.entities}
    for enrichment in seed_store.enrichments():
        for chain in enrichment.chains:
            assert merged.entity_of_chain[(chain.article_id, chain.index)] in ids
        for quote in enrichment.quotes:
            if quote.speaker_chain is not None:
                assert (quote.article_id, quote.speaker_chain) in merged.entity_of_chain
