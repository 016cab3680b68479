"""The names CRF: decoding, features, and the German and Russian pipelines with and without
their models."""

from pathlib import Path

import pytest

from storyline.enrich.de import pipeline as german
from storyline.enrich.de.pipeline import find_names, parse, rule_names
from storyline.enrich.multilingual import names_crf
from storyline.enrich.ru import pipeline as russian

TEXT = (
    "Angela Merkel besuchte am Montag die Siemens AG in München. Danach sprach sie mit dem "
    "Bürgermeister von Hamburg, Olaf Scholz, über die Deutsche Bahn."
)


def test_bio_labels_decode_to_spans_and_an_inside_after_outside_opens_one() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-PER", "B-OTH"]
    assert names_crf.decode(labels) == [
        (0, 1, "PERSON"), (3, 3, "LOC"), (4, 4, "ORG"), (5, 5, "PERSON"), (6, 6, "MISC"),
    ]  # fmt: skip


def test_word_shapes_collapse_runs() -> None:
    shapes = [names_crf._shape(w) for w in ("Merkel", "SPD", "2014", "Baden-Baden", "iPhone")]
    assert shapes == ["Xx", "X", "d", "Xx-Xx", "xXx"]


def test_each_token_sees_its_neighbours_and_the_rules_label() -> None:
    parsed = parse("Olaf Scholz sprach in Hamburg.")
    tags = names_crf.rule_tags(parsed, rule_names(parsed))
    (tokens,) = names_crf.sentences(parsed)
    rows = names_crf.features(parsed, tokens, tags, lambda token: [])
    assert "rule=B-PER" in rows[0] and "1:rule=I-PER" in rows[0] and "first" in rows[0]
    assert "-2:edge" in rows[0] and "w=hamburg" in rows[4] and "-1:w=in" in rows[4]


def test_the_packaged_german_model_types_people_places_and_organisations() -> None:
    assert german.NAMES_MODEL.exists()
    parsed = parse(TEXT)
    found = {(TEXT[n.start : n.end], n.label) for n in find_names(parsed)}
    assert {
        ("Angela Merkel", "PERSON"), ("Olaf Scholz", "PERSON"), ("München", "LOC"),
        ("Hamburg", "LOC"), ("Siemens AG", "ORG"), ("Deutsche Bahn", "ORG"),
    } <= found  # fmt: skip


def test_without_the_model_the_rules_names_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(german, "NAMES_MODEL", Path("/nonexistent/names.crfsuite"))
    parsed = parse(TEXT)
    assert find_names(parsed) == rule_names(parsed)


RUSSIAN = (
    "Президент Белоруссии Александр Лукашенко встретился с Владимиром Путиным в Сочи. "
    "Лукашенку поддержали в «Газпроме», сообщили в администрации Краснодарского края."
)


def _names(parsed: object) -> set[tuple[str, str, str]]:
    return {(RUSSIAN[n.start : n.end], n.label, n.normal) for n in parsed.names}  # type: ignore[attr-defined]


def test_the_packaged_russian_model_keeps_slovnets_names_in_the_nominative() -> None:
    assert russian.NAMES_MODEL.exists()
    found = _names(russian.parse(RUSSIAN))
    assert {
        ("Александр Лукашенко", "PERSON", "Александр Лукашенко"),
        ("Владимиром Путиным", "PERSON", "Владимир Путин"),
        ("Сочи", "LOC", "Сочи"),
        ("Лукашенку", "PERSON", "Лукашенко"),
    } <= found


def test_without_the_model_slovnets_names_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    with_model = _names(russian.parse(RUSSIAN))
    monkeypatch.setattr(russian, "NAMES_MODEL", Path("/nonexistent/names.crfsuite"))
    without = _names(russian.parse(RUSSIAN))
    assert ("Лукашенку", "PERSON", "Лукашенко") in without
    assert {n for n, label, _ in with_model if label == "PERSON"} == {
        n for n, label, _ in without if label == "PERSON"
    }
