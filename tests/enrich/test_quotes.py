from tests.enrich.conftest import Enrich, speaker_name


def test_quotes_attribute_name_after_the_quote(enrich: Enrich) -> None:
    e = enrich("“We will not give up on our partners,” Angela Merkel said on Tuesday.")
    (quote,) = e.quotes
    assert (quote.kind, quote.text, quote.cue) == (
        "direct",
        "We will not give up on our partners",
        "said",
    )
    assert quote.speaker_text == "Angela Merkel"
    assert speaker_name(e, quote) == "Angela Merkel"


def test_quotes_offsets_cover_only_the_quoted_words(enrich: Enrich) -> None:
    text = "Officials met. “The talks went well,” said John Smith, the mayor."
    e = enrich(text)
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert text[quote.start : quote.end] == quote.text == "The talks went well"
    assert text[quote.sentence_start : quote.sentence_end].startswith("“The talks")
    assert quote.speaker_text and "John Smith" in quote.speaker_text


def test_quotes_attribute_pronoun_to_previous_speaker(enrich: Enrich) -> None:
    e = enrich(
        "Prime Minister Boris Johnson visited the factory on Monday.\n\n"
        "“This is a great day for the workers,” he told reporters."
    )
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert quote.speaker_text == "he"
    assert speaker_name(e, quote) == "Boris Johnson"


def test_quotes_interrupted_quote_gives_two_records_with_one_speaker(enrich: Enrich) -> None:
    e = enrich(
        "“We will oppose all attempts to interfere,” Vladimir Putin said, "
        "“and we will help our friends.”"
    )
    first, second = [q for q in e.quotes if q.kind == "direct"]
    assert first.text.startswith("We will oppose") and second.text.startswith("and we will")
    assert speaker_name(e, first) == speaker_name(e, second) == "Vladimir Putin"
    assert first.cue_start == second.cue_start


def test_quotes_continuation_sentence_inherits_the_speaker(enrich: Enrich) -> None:
    e = enrich(
        "Alexander Lukashenko thanked his host and said the pressure had been severe. "
        "“We can say with certainty that we passed this test.”"
    )
    direct = [q for q in e.quotes if q.kind == "direct"]
    assert direct[-1].text.startswith("We can say")
    assert speaker_name(e, direct[-1]) == "Alexander Lukashenko"


def test_quotes_title_speaker_resolves_to_named_person(enrich: Enrich) -> None:
    e = enrich(
        "Russian President Vladimir Putin met his counterpart in Sochi.\n\n"
        "“The talks were very productive and open,” the Russian president said."
    )
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert quote.speaker_text == "the Russian president"
    assert speaker_name(e, quote) == "Vladimir Putin"


def test_quotes_short_phrase_without_cue_is_scare(enrich: Enrich) -> None:
    e = enrich(
        'Mr Lukashenko thanked Mr Putin and vowed to stick closer to "elder brother" Moscow.'
    )
    (quote,) = [q for q in e.quotes if q.text == "elder brother"]
    assert quote.kind == "scare"
    assert quote.speaker_chain is None


def test_quotes_partial_quote_in_reported_clause_is_the_speakers(enrich: Enrich) -> None:
    e = enrich("Jane Doe said the vote had been “a total disgrace” for the town.")
    (quote,) = e.quotes  # the reported clause holds the quoted words: one record
    assert (quote.kind, quote.text) == (
        "indirect",
        "the vote had been “a total disgrace” for the town",
    )
    assert speaker_name(e, quote) == "Jane Doe"


def test_quotes_partial_quote_is_never_a_direct_quote(enrich: Enrich) -> None:
    e = enrich("The senator said that, “Of course we will win this fight,” and left early.")
    assert [q.kind for q in e.quotes if "we will win" in q.text] == ["indirect"]


def test_quotes_signed_quote_is_its_signers(enrich: Enrich) -> None:
    e = enrich("“He scares me. He does not speak for us.” ― Sonya Herrid\n\nMore follows.")
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert (quote.speaker_text, quote.cue) == ("Sonya Herrid", "―")


def test_quotes_typewriter_quote_marks_are_one_quote(enrich: Enrich) -> None:
    e = enrich("''It's more tinkering at the edges,'' said Alan Cole, an economist.")
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert (quote.text, quote.speaker_text) == ("It's more tinkering at the edges", "Alan Cole")


def test_quotes_title_of_a_work_is_not_a_statement(enrich: Enrich) -> None:
    e = enrich("In his 2002 book, “Make Your Kid a Millionaire,” he suggested saving.")
    assert [q.kind for q in e.quotes if "Millionaire" in q.text] == ["scare"]


def test_quotes_indirect_speech_keeps_the_reported_clause(enrich: Enrich) -> None:
    e = enrich("Jane Doe said that the council would review the budget next year.")
    (quote,) = e.quotes
    assert quote.kind == "indirect"
    assert quote.text == "the council would review the budget next year"
    assert speaker_name(e, quote) == "Jane Doe"


def test_quotes_according_to_reports_the_rest_of_the_sentence(enrich: Enrich) -> None:
    e = enrich("The factory will close in March, according to John Smith.")
    (quote,) = e.quotes
    assert (quote.kind, quote.cue) == ("indirect", "according to")
    assert quote.text == "The factory will close in March"
    assert speaker_name(e, quote) == "John Smith"


def test_quotes_ids_are_content_hashes_of_article_and_offsets(enrich: Enrich) -> None:
    first = enrich("“We won,” said John Smith.").quotes
    second = enrich("“We won,” said John Smith.").quotes
    assert [q.id for q in first] == [q.id for q in second]
    assert len({q.id for q in first}) == len(first)


def test_quotes_cue_tagged_as_a_noun_still_names_the_speaker(enrich: Enrich) -> None:
    e = enrich("Brent Bozell spoke.\n\n“We can point to two accomplishments,” Bozell answers.")
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert (quote.cue, quote.speaker_text) == ("answers", "Bozell")


def test_quotes_title_in_capitals_without_cue_is_scare(enrich: Enrich) -> None:
    e = enrich("He praised the show “Sunday Morning Futures” on Fox.")
    (quote,) = e.quotes
    assert quote.kind == "scare"


def test_quotes_naming_verb_attributes_a_one_word_quote(enrich: Enrich) -> None:
    e = enrich('The talks lasted hours, the spokesman Dmitry Peskov said, calling them "useful".')
    (quote,) = [q for q in e.quotes if q.text == "useful"]
    assert (quote.kind, speaker_name(e, quote)) == ("indirect", "Dmitry Peskov")


def test_quotes_interrupted_quote_goes_on_after_but(enrich: Enrich) -> None:
    e = enrich(
        '"You know, I love Larry," he said, but "when it comes to energy, Larry has a history."'
    )
    first, second = [q for q in e.quotes if q.kind == "direct"]
    assert second.text.startswith("when it comes") and first.cue_start == second.cue_start


def test_quotes_clause_going_on_after_the_quote_makes_it_partial(enrich: Enrich) -> None:
    e = enrich(
        "“The only way Wall Street will change is jail time” for criminal behavior, she said."
    )
    assert "direct" not in [q.kind for q in e.quotes]


def test_quotes_signature_opening_the_next_paragraph_names_the_speaker(enrich: Enrich) -> None:
    e = enrich(
        '"I helped write that bill and I am proud of it."\n\n- Bernie Sanders.\n\nHe exaggerates.'
    )
    (quote,) = [q for q in e.quotes if q.kind == "direct"]
    assert quote.speaker_text == "Bernie Sanders"


def test_quotes_quoted_words_are_never_the_speaker(enrich: Enrich) -> None:
    e = enrich(
        "Barack Obama spoke in Chicago.\n\n"
        "“The future we want is within our reach,” the future president said, Obama told supporters."
    )
    direct = [q for q in e.quotes if q.kind == "direct"]
    assert all(q.speaker_start is None or not (q.start <= q.speaker_start < q.end) for q in direct)
