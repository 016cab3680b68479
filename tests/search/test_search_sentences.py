from storyline.search.sentences import sentence_hits, word_pattern

TEXT = "The dam broke. Elections were held. The elected mayor spoke about dams and elections."


def test_words_match_shared_stems_case_insensitively() -> None:
    pattern = word_pattern(["elections", "DAM"])
    assert pattern is not None
    found = [TEXT[a:b] for a, b in (m.span() for m in pattern.finditer(TEXT))]
    assert found == ["dam", "Elections", "elected", "dams", "elections"]


def test_sentences_with_most_distinct_words_come_first() -> None:
    bounds = [(0, 14), (15, 35), (36, len(TEXT))]
    hits = sentence_hits("a", TEXT, bounds, word_pattern(["dam", "mayor"]), limit=2)
    assert [h.text for h in hits] == [TEXT[36:], "The dam broke."]
    assert hits[1].marks == [(4, 7)]
