from datetime import date

from storyline.analyze.context import StoryContext
from storyline.analyze.timeline import dated_sentences, select_timeline, story_timeline
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


def test_select_timeline_keeps_the_most_referred_days_within_range() -> None:
    context = _context()
    dated = [
        d
        for aid, e in context.enrichments.items()
        for d in dated_sentences(context.articles[aid], e)
    ]
    picked = select_timeline(dated, length=1)
    assert list(picked) == [date(2022, 2, 24)] or list(picked) == [date(2022, 7, 1)]
    only_july = select_timeline(dated, length=2, date_range=(date(2022, 7, 1), date(2022, 7, 31)))
    assert list(only_july) == [date(2022, 7, 1)]
