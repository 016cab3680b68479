from storyline.enrich.quotemarks import enclosing, find_quoted


def quoted_texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(text)]


def test_quotemarks_find_every_double_style() -> None:
    assert quoted_texts("He said “yes” and “no”.") == ["yes", "no"]
    assert quoted_texts("Sie sagte: „Nein, danke.“ Dann ging sie.") == ["Nein, danke."]
    assert quoted_texts("Il a dit «Bonjour» hier.") == ["Bonjour"]
    assert quoted_texts('He said "no way" today.') == ["no way"]


def test_quotemarks_accept_a_mixed_pair() -> None:
    assert quoted_texts('x “Lukashenka wants more." he wrote') == ["Lukashenka wants more."]


def test_quotemarks_single_quotes_ignore_apostrophes() -> None:
    text = "Clinton’s aides said ‘we won’ in the ’90s, the players’ union agreed."
    assert quoted_texts(text) == ["we won"]


def test_quotemarks_leave_trailing_comma_outside_the_words() -> None:
    assert quoted_texts("“We will win,” he said.") == ["We will win"]


def test_quotemarks_join_a_quote_running_over_paragraphs() -> None:
    text = "“First paragraph.\n\n“Second paragraph,” he said."
    (quote,) = find_quoted(text)
    assert text[quote.start : quote.end] == "First paragraph.\n\n“Second paragraph"


def test_quotemarks_end_an_unclosed_quote_with_its_paragraph() -> None:
    text = "“Unclosed quote here.\n\nNext paragraph is narrative."
    (quote,) = find_quoted(text)
    assert (text[quote.start : quote.end], quote.closed) == ("Unclosed quote here.", False)


def test_quotemarks_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "“He called it ‘a farce’ yesterday,” she said."
    assert quoted_texts(text) == ["He called it ‘a farce’ yesterday"]


def test_enclosing_finds_the_quote_around_a_position() -> None:
    text = "a “b c” d"
    quoted = find_quoted(text)
    assert enclosing(quoted, text.index("b")) == quoted[0]
    assert enclosing(quoted, text.index("d")) is None


def test_quotemarks_two_apostrophes_are_a_double_mark() -> None:
    text = "''It's more tinkering,'' he said. ''I wouldn't call it 'reform.'''"
    assert quoted_texts(text) == ["It's more tinkering", "I wouldn't call it 'reform.'"]


def test_quotemarks_paragraphs_go_on_only_with_the_same_mark() -> None:
    text = '"An excerpt that never closes.\n\n“Here he is,” she said.'
    assert quoted_texts(text) == ["An excerpt that never closes.", "Here he is"]


def test_quotemarks_open_after_a_no_break_space() -> None:
    assert quoted_texts("Funds are short.\xa0“We need the money,” said Joseph.") == [
        "We need the money"
    ]
