from datetime import date

from storyline.analyze.tls import tls_candidates, tls_timeline
from storyline.model import Article, Enrichment, TimeMention

FILLER = " Officials said the work would go on for weeks along the coast."


def _article(
    aid: str, published: str, lines: list[tuple[str, str | None]]
) -> tuple[Article, Enrichment]:
    """An article of sentences, each optionally dating one day (ISO) by its first words."""
    text, sentences, times = "", [], []
    for line, day in lines:
        start = len(text) + (1 if text else 0)
        text = f"{text} {line}" if text else line
        sentences.append((start, len(text)))
        if day:
            word = line.split()[0] + " " + line.split()[1]
            times.append(TimeMention(aid, start, start + len(word), word, "DATE", day, (day, day)))  # type: ignore[arg-type]
    return Article(aid, f"{aid}.txt", text, published=published), Enrichment(
        aid, "1", sentences=sentences, times=times
    )


def _timeline(items: list[tuple[Article, Enrichment]], length: int, per_date: int = 1):
    articles = {a.id: a for a, _ in items}
    candidates = tls_candidates(articles, [e for _, e in items])
    return tls_timeline(candidates, length, (date(2010, 1, 1), date(2010, 12, 31)), per_date)


def test_a_day_recalled_weeks_later_outranks_a_busy_news_day() -> None:
    busy = [
        _article(
            f"b{i}",
            "2010-05-03",
            [("May 3 was busy as the ministers met in the capital city today.", "2010-05-03")],
        )
        for i in range(2)
    ]
    recalled = _article(
        "r",
        "2010-06-20",
        [("April 20 saw the rig explode and eleven workers were killed there.", "2010-04-20")],
    )
    assert list(_timeline([*busy, recalled], 1)) == [date(2010, 4, 20)]


def test_a_day_still_ahead_when_written_counts_nothing() -> None:
    plans = [
        _article(
            f"p{i}",
            "2010-05-01",
            [
                (
                    "June 9 is when the chief executive will testify before the committee.",
                    "2010-06-09",
                )
            ],
        )
        for i in range(3)
    ]
    past = _article(
        "q",
        "2010-05-01",
        [("April 30 was when the slick reached the shore of the state.", "2010-04-30")],
    )
    assert list(_timeline([*plans, past], 1)) == [date(2010, 4, 30)]


def test_repeated_lines_that_date_nothing_are_dropped() -> None:
    items = [
        _article(
            f"a{i}",
            "2010-05-03",
            [
                ("This discussion is now closed and we welcome your comments here.", None),
                ("May 3 saw the first oil reach the marshes of the state." + FILLER, "2010-05-03"),
            ],
        )
        for i in range(3)
    ]
    (summary,) = _timeline(items, 1).values()
    assert [s.text for s in summary] == [items[0][0].text.split(". ", 1)[1]]


def test_a_dateline_is_not_a_summary_sentence() -> None:
    article = _article(
        "d",
        "2010-06-09",
        [
            ("June 9 , 2010 3:02 pm EDT LONDON -LRB-", "2010-06-09"),
            ("June 9 brought a new estimate of the flow from the damaged well.", "2010-06-09"),
        ],
    )
    (summary,) = _timeline([article], 1).values()
    assert summary[0].text.startswith("June 9 brought")


def test_days_outside_the_range_are_never_chosen() -> None:
    article = _article(
        "o",
        "2011-03-01",
        [("March 1 was when the commission released its report to the public.", "2011-03-01")],
    )
    assert _timeline([article], 3) == {}
