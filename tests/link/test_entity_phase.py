"""The entities phase keeps an entity's id as the entity grows or is renamed."""

from pathlib import Path

from storyline import jobs
from storyline.link.entities import EntityMerge
from storyline.link.entity_phase import CHAIN_MAP, keep_ids
from storyline.model import Entity, RawDocument


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
