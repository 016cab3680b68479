from storyline.extract.metadata import (
    find_credits,
    outlet_from_chrome,
    outlet_from_credits,
    outlet_from_headline,
    outlet_from_url,
    split_headline,
)


def test_split_headline_takes_first_line() -> None:
    headline, rest, moved = split_headline(["Big news today", "", "Body paragraph here."])
    assert headline == "Big news today"
    assert rest == ["", "Body paragraph here."]
    assert moved == []


def test_split_headline_skips_leading_dateline() -> None:
    lines = ["Monday, September 14, 2020", "", "Talks in Sochi end", "", "The talks ended."]
    headline, _, _ = split_headline(lines)
    assert headline == "Talks in Sochi end"


def test_split_headline_moves_breadcrumb_and_echoes_aside() -> None:
    lines = [
        "Home World Europe Leaders Meet In Sochi",
        "",
        "Leaders Meet In Sochi",
        "Leaders Meet In Sochi avatar",
        "The two leaders met on Monday.",
    ]
    headline, rest, moved = split_headline(lines)
    assert headline == "Leaders Meet In Sochi"
    assert moved == [lines[0], lines[3]]
    assert rest == ["", "The two leaders met on Monday."]


def test_split_headline_moves_short_headline_fragment() -> None:
    lines = ["Putin backs Lukashenko as leader vows closer ties", "Putin backs Lukashenko", "Body."]
    _, rest, moved = split_headline(lines)
    assert moved == ["Putin backs Lukashenko"]
    assert rest == ["Body."]


def test_find_credits_reads_reporting_lines_and_wire_datelines() -> None:
    lines = [
        "MOSCOW (Reuters) - The Kremlin said on Monday ...",
        "With reporting by dpa and TASS",
        "Reporting by Jane Doe; Editing by Tom Smith",
    ]
    assert find_credits(lines) == ["Reuters", "dpa", "TASS", "Jane Doe"]


def test_find_credits_ignores_plain_prose() -> None:
    assert find_credits(["Reuters reported that the talks had stalled."]) == []


def test_outlet_from_url_strips_www() -> None:
    assert outlet_from_url("https://www.rferl.org/a/123.html") == "rferl.org"
    assert outlet_from_url(None) is None


def test_outlet_from_chrome_reads_follow_and_copyright_lines() -> None:
    assert outlet_from_chrome(["FOLLOW DAILY HERALD:"]) == "Daily Herald"
    assert outlet_from_chrome(["© 2021 Minsk Courier"]) == "Minsk Courier"
    assert outlet_from_chrome(["Follow us on Twitter"]) is None


def test_split_headline_leaves_a_single_paragraph_as_body() -> None:
    paragraph = "Officials said on Monday that the bridge would reopen in May after repairs."
    assert split_headline([paragraph]) == (None, [paragraph], [])


def test_split_headline_refuses_a_long_opening_paragraph() -> None:
    opening = " ".join(["word"] * 40) + "."
    headline, rest, _ = split_headline([opening, "", "Second paragraph."])
    assert headline is None and rest[0] == opening


def test_outlet_from_a_headline_ending_in_the_sites_name() -> None:
    sections = frozenset({"politics", "world"})
    assert outlet_from_headline("Putin backs Lukashenko | The Moscow Times", sections) == (
        "The Moscow Times"
    )
    assert outlet_from_headline("Belarus opposition leader detained - Kyiv Post", sections) == (
        "Kyiv Post"
    )
    assert outlet_from_headline("Putin assures Lukashenko of support – politics", sections) is None
    assert outlet_from_headline("Talks in Sochi | World", sections) is None
    # A dash inside a headline is not a site's name unless it reads as one.
    assert outlet_from_headline("Lukashenko vows closer ties - Putin Backs Him", sections) is None
    assert outlet_from_headline("Storm | hits the coast hard", sections) is None


def test_outlet_from_a_source_credit_or_a_wire_dateline() -> None:
    assert outlet_from_credits(["SOURCE: INDEPENDENT PRESS AND NEWS AGENCIES"]) == (
        "Independent Press"
    )
    assert outlet_from_credits(["MOSCOW (Reuters) - Putin said on Friday ..."]) == "Reuters"
    assert outlet_from_credits(["With reporting by dpa and TASS"]) is None
    assert outlet_from_credits(["Putin said on Friday."]) is None
