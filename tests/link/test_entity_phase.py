"""The entities phase keeps an entity's id as the entity grows or is renamed."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline import jobs
from storyline.link.entities import EntityMerge
from storyline.link.entity_phase import (
    BLOCKS,
    CHAIN_MAP,
    CHAINS,
    HASHES,
    NAMES,
    OUTCOME,
    SLOTS,
    keep_ids,
)
from storyline.model import Entity, RawDocument
from storyline.options import AnalyzeOptions


def doc(name: str, text: str) -> RawDocument:
    return RawDocument(source_path=name, format="text", body=text, external_id=name)


def merge(*entities: tuple[str, list[tuple[str, int]]]) -> EntityMerge:
    merged = EntityMerge(entities=[Entity(id=e, name=e, type="PERSON") for e, _ in entities])
    merged.entity_of_chain = {chain: e for e, chains in entities for chain in chains}
    return merged


def test_an_entity_keeps_the_id_most_of_its_chains_had() -> None:
    merged = merge(("new-name", [("a", 0), ("b", 0), ("c", 0)]))
    keep_ids(merged, {"a#0": "old", "b#0": "old", "c#0": "other"})
    assert [e.id for e in merged.entities] == ["old"]
    assert set(merged.entity_of_chain.values()) == {"old"}


def test_a_split_gives_the_old_id_to_the_larger_part_only() -> None:
    merged = merge(("x", [("a", 0), ("b", 0)]), ("y", [("c", 0)]))
    keep_ids(merged, {"a#0": "old", "b#0": "old", "c#0": "old"})
    ids = {e.name: e.id for e in merged.entities}
    assert ids["x"] == "old" and ids["y"] == "y"


def test_an_id_taken_by_another_entity_is_not_given_twice() -> None:
    merged = merge(("old", [("c", 0)]), ("x", [("a", 0), ("b", 0)]))
    keep_ids(merged, {"a#0": "old", "b#0": "old"})
    ids = [e.id for e in merged.entities]
    assert len(set(ids)) == 2 and ids[1] == "old"


def test_an_entity_renamed_by_new_articles_keeps_its_id(tmp_path: Path) -> None:
    store = jobs.open_store(tmp_path / "s.db")
    first = (
        "Oslo talks end\n\nThe Norwegian minister Berg said on Monday that the talks in Oslo "
        "had ended. Berg told reporters the government would publish its plan soon. "
        '"We are ready," Berg said.'
    )
    jobs.ingest_documents([doc("1", first), doc("2", first.replace("Monday", "Tuesday"))], store)
    jobs.analyze(store)
    (before,) = [e for e in store.entities() if e.name == "Berg"]
    later = (
        "Berg visits Bergen\n\nNorwegian minister Anna Berg visited Bergen on Friday. Anna Berg "
        'told workers that the plan was ready. "It is done," Anna Berg said.'
    )
    days = ["Friday", "Saturday", "Sunday"]
    jobs.ingest_documents([doc(day, later.replace("Friday", day)) for day in days], store)
    jobs.analyze(store)
    (after,) = [e for e in store.entities() if "Berg" in e.aliases]
    assert after.name == "Anna Berg" and after.id == before.id


def test_new_articles_leave_the_chain_map_of_other_entities_alone(tmp_path: Path) -> None:
    """An article's chains in entities a batch does not touch keep their map entries,
    and the article is not reported as having its entities moved."""

    store = jobs.open_store(tmp_path / "s.db")
    old = (
        "Talks in Oslo\n\nThe Norwegian minister Kari Berg met the Swedish envoy Lars Holm "
        "in Oslo on Monday. Berg said the talks went well, and Holm agreed with her."
    )
    jobs.ingest_documents([doc("old", old)], store)
    jobs.analyze(store)
    ids = [a.id for a in store.articles()]
    before = {m: p for _, m, _, p in store.postings(CHAIN_MAP, ids)}
    assert len(before) >= 2
    new = "Berg in Bergen\n\nKari Berg visited Bergen on Friday, where Berg opened a school."
    jobs.ingest_documents([doc("new", new)], store)
    jobs.analyze(store)
    after = {m: p for _, m, _, p in store.postings(CHAIN_MAP, ids)}
    assert {m: after.get(m) for m in before} == before


def test_the_index_written_batch_by_batch_is_the_index_a_rebuild_writes(tmp_path: Path) -> None:
    """The phase files only the slots, outcomes and chain map entries that changed; what
    it has filed after batches that add, regroup and take away chains is what a rebuild
    of everything files."""

    batches = [
        [("eu", "EU talks\n\nThe European Union said on Monday that EU ministers would "
                "meet in Brussels. The Union is ready, Ursula von der Leyen said."),
         ("ep", "Vote\n\nThe EP backed the plan on Tuesday. The EP will vote again in May."),
         # Two names spell "EP": it joins neither.
         ("parl", "Brussels vote\n\nThe European Parliament voted on Tuesday."),
         ("party", "Welcome\n\nThe European Party welcomed the vote on Wednesday.")],
        [("berg", "Berg in Oslo\n\nThe minister Kari Berg met Lars Holm in Oslo. Berg "
                  "said the talks went well.")],
        # Corrected: one name spells "EP" now, so two stored entities become one.
        [("party", "Welcome\n\nAnna Berg of Norway welcomed the vote on Wednesday.")],
        # Corrected: the European Union and the Union are gone from it.
        [("eu", "EU talks\n\nMinisters said on Monday that they would meet in Brussels. "
                "Lars Holm said he was ready.")],
    ]  # fmt: skip
    store = jobs.open_store(tmp_path / "s.db")
    for batch in batches:
        jobs.ingest_documents([doc(name, text) for name, text in batch], store)
        jobs.analyze(store)
    batched = _entity_index(store)
    jobs.analyze(store, options=AnalyzeOptions(full=True))
    assert _entity_index(store) == batched
    assert all(batched.values())


def _entity_index(store: jobs.SqliteStore) -> dict[str, object]:
    """The phase's index, with entities as the chains or groups they hold: a rebuild
    names entities afresh where the batches kept the ids entities had."""
    index: dict[str, object] = {
        space: sorted(store.all_postings(space)) for space in (SLOTS, BLOCKS, CHAINS, NAMES)
    }
    # ent-map: (article, "article#chain", -, entity); ent-entity: (group, entity, -, -).
    index[CHAIN_MAP] = _partition((row[1], row[3]) for row in store.all_postings(CHAIN_MAP))
    index[OUTCOME] = _partition((row[0], row[1]) for row in store.all_postings(OUTCOME))
    index[HASHES] = len(store.all_postings(HASHES))
    return index


def _partition(pairs: Iterable[tuple[Any, Any]]) -> set[frozenset[str]]:
    """The members of each whole, as sets (``(member, whole)`` pairs)."""
    found: dict[Any, set[str]] = {}
    for member, whole in pairs:
        found.setdefault(whole, set()).add(str(member))
    return {frozenset(members) for members in found.values()}
