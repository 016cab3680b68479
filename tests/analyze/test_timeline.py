from storyline.analyze.context import StoryContext
from storyline.analyze.timeline import dated_sentences, story_timeline
from storyline.model import Article, Enrichment, Event, Story, TimeMention

TEXT_A = (
    "The leaders met in Minsk on Friday. "
    "On February 24 of this year, the president allowed troops to use the country as a base."
)
TEXT_B = (
    "Talks were held on Friday in Minsk. "
    "On February 24, the president allowed the troops to use the country as a base, critics say."
)


def _article(aid: str, text: str) -> tuple[Article, Enrichment]:
    article = Article(aid, f"{aid}.txt", text, published="2022-07-02")
    first = text.index(". ") + 1
    friday = text.index("Friday")
    feb = text.index("February 24")
    times = [
        TimeMention(aid, friday, friday + 6, "Friday", "DATE", "2022-07-01", ("2022-07-01",) * 2),
        TimeMention(aid, feb, feb + 11, "February 24", "DATE", "2022-02-24", ("2022-02-24",) * 2),
    ]  # type: ignore[arg-type]
    return article, Enrichment(
        aid, "1", sentences=[(0, first), (first + 1, len(text))], times=times
    )


def _context() -> StoryContext:
    (a, ea), (b, eb) = _article("a", TEXT_A), _article("b", TEXT_B)
    event = Event("e", "Leaders meet in Minsk", ["a", "b"], date="2022-07-01", story_id="s")
    return StoryContext(Story("s", "Story"), [event], {"a": a, "b": b}, {"a": ea, "b": eb}, {})


def test_event_and_background_fact_each_one_entry() -> None:
    entries = story_timeline(_context())
    assert [(e.date, e.event_id) for e in entries] == [("2022-02-24", None), ("2022-07-01", "e")]


def test_same_fact_in_two_articles_is_one_entry_citing_both() -> None:
    fact = story_timeline(_context())[0]
    assert sorted(c.article_id for c in fact.citations) == ["a", "b"]
    assert fact.text.startswith("On February 24")


def test_a_mention_of_the_articles_own_event_is_not_a_background_fact() -> None:
    assert all("Friday" not in e.text for e in story_timeline(_context()) if e.event_id is None)


def test_factbox_line_is_dated_without_its_label() -> None:
    text = "Timeline. April 25 - The Coast Guard says the well is leaking oil."
    start = text.index("April")
    article = Article("f", "f.txt", text, published="2010-06-01")
    time = TimeMention("f", start, start + 8, "April 25", "DATE", "2010-04-25", ("2010-04-25",) * 2)  # type: ignore[arg-type]
    enrichment = Enrichment("f", "1", sentences=[(0, 9), (10, len(text))], times=[time])
    (dated,) = dated_sentences(article, enrichment)
    assert dated.sentence.text == "The Coast Guard says the well is leaking oil."
    assert text[dated.sentence.citation.start : dated.sentence.citation.end] == dated.sentence.text
