"""Bylines linked to the corpus's PERSON entities of the same full name."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import jobs
from storyline.export.json_export import build_export
from storyline.link.authors import AuthorIndex
from storyline.model import Entity

PEOPLE = [
    Entity("roth", "Andrew Roth", "PERSON", ["Roth", "Andrew Roth"]),
    Entity("philip", "Philip Roth", "PERSON"),
    Entity("lukashenko", "Alexander Lukashenko", "PERSON", ["Lukashenka"]),
    Entity("guardian", "Andrew Roth", "ORG"),
]


def test_a_byline_links_to_the_person_of_its_full_name() -> None:
    index = AuthorIndex(PEOPLE)
    assert index.links(["Andrew Roth", "Philip Roth"]) == ["roth", "philip"]


def test_spelling_script_and_case_do_not_matter() -> None:
    index = AuthorIndex(PEOPLE)
    assert index.entity_of("ALEXANDER LUKASHENKO") == "lukashenko"
    assert index.entity_of("Александр Лукашенко") == "lukashenko"


def test_a_surname_or_an_unknown_name_links_to_nobody() -> None:
    index = AuthorIndex(PEOPLE)
    assert index.links(["Roth", "Mary Smith", "Reuters"]) == [None, None, None]


def test_two_people_of_one_name_are_not_told_apart() -> None:
    twins = [*PEOPLE, Entity("roth2", "Andrew Roth", "PERSON")]
    assert AuthorIndex(twins).entity_of("Andrew Roth") is None


def test_the_export_links_authors_and_entities_both_ways(tmp_path: Path) -> None:
    records = [
        {"id": "a", "author": "Andrew Roth", "published": "2021-11-05",
         "text": "Putin meets Lukashenko\n\nVladimir Putin met Alexander Lukashenko in Moscow."},
        {"id": "b", "published": "2021-11-06",
         "text": "Reporters react\n\nAndrew Roth, a reporter in Moscow, said the talks were long."},
    ]  # fmt: skip
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    store = jobs.open_store(tmp_path / "s.db")
    jobs.ingest([str(path)], store)
    jobs.analyze(store)
    export = build_export(store)
    article = next(a for a in export["articles"] if a["external_id"] == "a")
    (author_id,) = article["author_ids"]
    entity = next(e for e in export["entities"] if e["id"] == author_id)
    assert entity["name"] == "Andrew Roth" and entity["authored"] == [article["id"]]
