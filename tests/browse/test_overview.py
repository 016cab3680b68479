from sample_analysis import add_article

from storyline import jobs
from storyline.browse.overview import TOP_OUTLETS, overview


def test_overview_counts_every_outlet_and_the_articles_naming_none() -> None:
    store = jobs.open_store(":memory:")
    for number in range(TOP_OUTLETS + 3):
        add_article(store, f"Report number {number} from its own paper.", outlet=f"Paper {number}")
    add_article(store, "A report that names no outlet anywhere in its text.")
    found = overview(store)
    assert len(found["outlets"]) == TOP_OUTLETS  # the biggest, for the page
    assert found["outlet_count"] == TOP_OUTLETS + 3
    assert found["articles_naming_no_outlet"] == 1
