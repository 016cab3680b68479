"""Entities merged across articles, on chains written by hand (no spaCy)."""

from __future__ import annotations

from storyline.link.entities import EntityMerge, merge_entities
from storyline.model import Chain, Enrichment, Entity, Mention

ChainSpec = tuple[str, str, list[str]]  # (chain name, type, mention texts)


def article(article_id: str, *specs: ChainSpec, descriptors: list[str] | None = None) -> Enrichment:
    """An enrichment whose chains have the given names, types and mention texts."""
    chains, position = [], 0
    for index, (name, entity_type, texts) in enumerate(specs):
        mentions = []
        for text in texts:
            label = "PRONOUN" if text in ("he", "she") else entity_type
            mentions.append(Mention(article_id, position, position + len(text), text, label))
            position += len(text) + 10
        chains.append(
            Chain(article_id, index, name, entity_type, mentions, list(descriptors or []))
        )
    return Enrichment(article_id, "1", chains=chains)


def person(name: str, *texts: str) -> ChainSpec:
    return (name, "PERSON", list(texts) or [name])


def named(merged: EntityMerge, alias: str) -> list[Entity]:
    return [e for e in merged.entities if alias in e.aliases]


def test_transliteration_variants_of_one_person_merge() -> None:
    minsk = ("Minsk", "GPE", ["Minsk"])
    merged = merge_entities(
        [
            article(
                "a", person("Alexander Lukashenko", "Alexander Lukashenko", "Lukashenko"), minsk
            ),
            article("b", person("Alyaksandr Lukashenka", "Alyaksandr Lukashenka", "Lukashenka")),
            article("c", person("Lukashenka"), minsk),
            article("d", person("Lukashenko"), minsk),
        ]
    )
    (entity,) = named(merged, "Lukashenka")
    assert set(entity.aliases) == {
        "Alexander Lukashenko", "Lukashenko", "Alyaksandr Lukashenka", "Lukashenka",
    }  # fmt: skip
    assert {m.article_id for m in entity.mentions} == {"a", "b", "c", "d"}


def test_belarusian_and_russian_spellings_of_a_name_merge() -> None:
    merged = merge_entities(
        [
            article("a", person("Svetlana Tikhanovskaya")),
            article("b", person("Svyatlana Tsikhanouskaya")),
            article("c", person("Sviatlana Tsikhanouskaya")),
        ]
    )
    (entity,) = named(merged, "Svetlana Tikhanovskaya")
    assert "Svyatlana Tsikhanouskaya" in entity.aliases
    assert "Sviatlana Tsikhanouskaya" in entity.aliases


def test_spellings_of_zelensky_merge_even_as_bare_surnames() -> None:
    merged = merge_entities(
        [
            article("a", person("Zelensky")),
            article("b", person("Zelenskyy")),
            article("c", person("Zelenskiy")),
        ]  # fmt: skip
    )
    assert len(merged.entities) == 1
    assert merged.entities[0].evidence


def test_surname_joins_the_only_full_name_sharing_context() -> None:
    kremlin = ("Kremlin", "ORG", ["Kremlin"])
    merged = merge_entities(
        [article("a", person("Vladimir Putin"), kremlin), article("b", person("Putin"), kremlin)]
    )
    (entity,) = named(merged, "Putin")
    assert entity.name == "Vladimir Putin"
    assert any(e.startswith("Putin: shorter form of Vladimir Putin") for e in entity.evidence)


def test_surname_from_an_unrelated_story_stays_apart() -> None:
    merged = merge_entities(
        [
            article("a", person("George W. Bush"), ("White House", "ORG", ["White House"])),
            article("b", person("Bush"), ("Saints", "ORG", ["Saints"])),
        ]
    )
    assert len(named(merged, "Bush")) == 1
    assert named(merged, "Bush")[0].name == "Bush"


def test_titles_and_honorifics_do_not_count_as_names() -> None:
    merged = merge_entities(
        [
            article("a", person("Vladimir Putin"), ("Russia", "GPE", ["Russia"])),
            article("b", person("President Putin"), ("Russia", "GPE", ["Russia"])),
            article("c", person("Mr. Putin"), ("Russia", "GPE", ["Russia"])),
        ]
    )
    people = [e for e in merged.entities if e.type == "PERSON"]
    assert len(people) == 1
    assert people[0].name == "Vladimir Putin"


def test_two_bushes_stay_apart() -> None:
    merged = merge_entities(
        [article("a", person("George W. Bush")), article("b", person("George H. W. Bush"))]
    )
    assert len(merged.entities) == 2


def test_two_clintons_stay_apart_and_a_bare_clinton_follows_its_context() -> None:
    state = ("State Department", "ORG", ["State Department"])
    obama = person("Barack Obama")
    arkansas = ("Arkansas", "GPE", ["Arkansas"])
    monica = person("Monica Lewinsky")
    merged = merge_entities(
        [
            article("a", person("Hillary Clinton"), state, obama),
            article("b", person("Bill Clinton"), arkansas, monica),
            article("c", person("Clinton"), state, obama),
            article("d", person("Clinton"), ("Paris", "GPE", ["Paris"])),
        ]
    )
    hillary, bill = named(merged, "Hillary Clinton")[0], named(merged, "Bill Clinton")[0]
    assert hillary.id != bill.id
    assert {m.article_id for m in hillary.mentions} == {"a", "c"}
    assert {m.article_id for m in bill.mentions} == {"b"}
    (bare,) = [e for e in merged.entities if e.name == "Clinton"]
    assert {m.article_id for m in bare.mentions} == {"d"}
    assert any("chosen by context" in reason for reason in hillary.evidence)


def test_different_given_names_with_one_surname_stay_apart() -> None:
    merged = merge_entities(
        [article("a", person("John Smith")), article("b", person("Jane Smith"))]
    )
    assert len(merged.entities) == 2


def test_similar_surnames_alone_never_merge() -> None:
    merged = merge_entities([article("a", person("Clinton")), article("b", person("Clifton"))])
    assert len(merged.entities) == 2


def test_types_must_be_compatible() -> None:
    merged = merge_entities(
        [
            article("a", person("Jordan")),
            article("b", ("Jordan", "GPE", ["Jordan"])),
            article("c", ("Jordan", "LOC", ["Jordan"])),
        ]
    )
    assert sorted(e.type for e in merged.entities) == ["GPE", "PERSON"]


def test_acronym_joins_the_name_it_stands_for() -> None:
    merged = merge_entities(
        [
            article("a", ("European Union", "ORG", ["European Union", "EU"])),
            article("b", ("EU", "ORG", ["EU"])),
            article("c", ("NATO", "ORG", ["NATO"])),
            article(
                "d",
                (
                    "North Atlantic Treaty Organization",
                    "ORG",
                    ["North Atlantic Treaty Organization"],
                ),
            ),
        ]
    )
    names = sorted(e.name for e in merged.entities)
    assert names == ["European Union", "North Atlantic Treaty Organization"]
    (eu,) = named(merged, "EU")
    assert any("acronym of European Union" in reason for reason in eu.evidence)


def test_evidence_names_the_variant_and_its_similarity() -> None:
    merged = merge_entities(
        [
            article("a", person("Svetlana Tikhanovskaya")),
            article("b", person("Svetlana Tsikhanouskaya")),
        ]
    )
    (reason,) = [r for r in merged.entities[0].evidence if "~" in r]
    assert reason.startswith("Svetlana Tikhanovskaya ~ Svetlana Tsikhanouskaya")
    assert "similarity 0.93" in reason


def test_every_chain_maps_to_its_entity() -> None:
    enrichments = [
        article(
            "a", person("Vladimir Putin", "Vladimir Putin", "he"), ("Russia", "GPE", ["Russia"])
        ),
        article("b", person("Putin"), ("Russia", "GPE", ["Russia"])),
    ]
    merged = merge_entities(enrichments)
    putin = named(merged, "Putin")[0]
    assert merged.entity_of_chain[("a", 0)] == merged.entity_of_chain[("b", 0)] == putin.id
    assert merged.entity_of_chain[("a", 1)] != putin.id
    assert "he" not in putin.aliases
    assert any(m.text == "he" for m in putin.mentions)


def test_ids_are_stable_content_hashes() -> None:
    russia = ("Russia", "GPE", ["Russia"])
    first = merge_entities(
        [article("a", person("Vladimir Putin"), russia), article("b", person("Putin"), russia)]
    )
    again = merge_entities(
        [article("c", person("Vladimir Putin")), article("a", person("Vladimir Putin"))]
    )
    assert named(first, "Putin")[0].id == named(again, "Vladimir Putin")[0].id
    assert len({e.id for e in first.entities}) == len(first.entities)


def test_skipped_articles_are_passed_over() -> None:
    skipped = Enrichment("x", "1", skipped="language de: English-only stage")
    assert merge_entities([skipped]).entities == []


def test_one_person_across_scripts_and_languages_with_evidence() -> None:
    from storyline.link.entities import merge_entities
    from storyline.model import Chain, Enrichment, Mention

    def article(identifier: str, name: str) -> Enrichment:
        mention = Mention(identifier, 0, len(name), name, "PERSON")
        return Enrichment(identifier, "3", chains=[Chain(identifier, 0, name, "PERSON", [mention])])

    names = [
        "Александр Лукашенко",
        "Alexander Lukashenko",
        "Alexander Lukaschenko",
        "Aleksander Łukaszenka",
    ]
    merged = merge_entities([article(f"a{i}", name) for i, name in enumerate(names)])
    assert len(merged.entities) == 1
    entity = merged.entities[0]
    assert set(entity.aliases) == set(names)
    assert any("Лукашенко" in line for line in entity.evidence)
