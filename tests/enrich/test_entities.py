from tests.enrich.conftest import Enrich, chain_named


def test_entities_resolve_title_surname_honorific_and_pronoun_to_one_chain(
    enrich: Enrich,
) -> None:
    e = enrich(
        "Russian President Vladimir Putin met the Belarusian ruler Alexander Lukashenko. "
        "Mr Putin promised a loan. The Russian president said he was sure of success."
    )
    putin = chain_named(e, "Vladimir Putin")
    assert putin.type == "PERSON"
    texts = [(m.text, m.label) for m in putin.mentions]
    assert ("Vladimir Putin", "PERSON") in texts
    assert ("Putin", "PERSON") in texts
    assert ("The Russian president", "TITLE") in texts
    assert ("he", "PRONOUN") in texts
    assert "Russian President" in putin.descriptors


def test_entities_collect_descriptors_of_a_person(enrich: Enrich) -> None:
    e = enrich(
        "Moscow is a close ally of the Belarusian ruler Alexander Lukashenko. "
        "Kremlin chief Vladimir Putin reaffirmed his loyalty. Putin is his last important ally."
    )
    assert "Belarusian ruler" in chain_named(e, "Alexander Lukashenko").descriptors
    putin = chain_named(e, "Vladimir Putin")
    assert "Kremlin chief" in putin.descriptors
    assert "last important ally" in putin.descriptors


def test_entities_pronoun_inside_a_quote_is_not_resolved(enrich: Enrich) -> None:
    e = enrich("John Smith arrived late. “He never listens to me,” said Mary Jones.")
    smith = chain_named(e, "John Smith")
    assert [m.label for m in smith.mentions] == ["PERSON"]


def test_entities_group_places_and_organisations_by_name(enrich: Enrich) -> None:
    e = enrich(
        "The European Union imposed sanctions on Belarus. The EU said Belarus must "
        "release prisoners, and the European Union will meet again in Brussels."
    )
    union = chain_named(e, "European Union")
    assert len(union.mentions) == 3
    assert len([c for c in e.chains if c.name == "Belarus"]) == 1


def test_entities_drop_chrome_the_cleaner_missed(enrich: Enrich) -> None:
    e = enrich(
        "Officials in Minsk met on Monday to discuss the budget.\n\n"
        "FOLLOW INDEPENDENT PRESS:\n\nTWITTER (CLICK HERE)\nhttps://twitter.com/IpIndependent"
    )
    names = {c.name for c in e.chains} | {m.text for m in e.mentions}
    assert not {n for n in names if "TWITTER" in n or "CLICK" in n or "http" in n}
    assert "Minsk" in names


def test_entities_dates_and_money_are_loose_mentions(enrich: Enrich) -> None:
    e = enrich("The bank lent 1.5 billion dollars to Belarus on 14 September 2020.")
    assert {m.label for m in e.mentions} >= {"MONEY", "DATE"}
    assert all(c.type not in ("MONEY", "DATE") for c in e.chains)
