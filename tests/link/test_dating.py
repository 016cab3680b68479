"""Dating undated articles by durations since dated events and relative references."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline import jobs
from storyline.link.dating import consensus, date_article, own_ranges, publication_matching
from storyline.model import Article, Claim, Enrichment, TimeMention


def test_last_year_matches_publication_in_the_following_year() -> None:
    election = (date(2020, 8, 9), date(2020, 8, 9))
    assert publication_matching("last year", election) == (date(2021, 1, 1), date(2021, 12, 31))
    two_ago = publication_matching("two years ago", election)
    assert two_ago is not None and two_ago[0].year == 2022


def test_an_absolute_date_places_nothing() -> None:
    assert publication_matching("in 2020", (date(2020, 8, 9), date(2020, 8, 9))) is None


def test_the_date_most_articles_give_wins() -> None:
    day = lambda text: (date.fromisoformat(text),) * 2  # noqa: E731
    found = consensus(
        [(day("2020-08-09"), "a"), (day("2021-06-01"), "c"), (day("2020-08-20"), "b")]
    )
    assert sorted(article for _, article in found) == ["a", "b"]


class NoCorpus:
    def dates_of(self, event: str, article: Article) -> list:
        return []

    def placed_by_reference(self, article: Article, claim: Claim) -> list:
        return []


def test_a_duration_since_an_event_the_article_dates_places_it() -> None:
    text = "Seven months of protests since a disputed presidential election. The August 2020 election was rigged."
    article = Article(
        "a",
        "a.txt",
        text,
        published_range=("2020-09-11", "2021-09-20"),
        published_basis="estimated",
    )
    seven = TimeMention("a", 0, 12, "Seven months", "DURATION", "P7M")
    august = TimeMention(
        "a", 68, 79, "August 2020", "DATE", "2020-08", ("2020-08-01", "2020-08-31")
    )
    claim = Claim("c", "date", "2020-08", None, "a", 68, 79, "election",
                  {"value": "2020-08", "range": ["2020-08-01", "2020-08-31"], "event": "election"})  # fmt: skip
    enrichment = Enrichment("a", "2", times=[seven, august], claims=[claim])
    dating = date_article(article, enrichment, NoCorpus(), article.published_range)  # type: ignore[arg-type]
    assert dating.range is not None
    assert dating.range[0] <= "2021-03-01" and "2021-03-31" <= dating.range[1] <= "2021-04-30"
    assert "since the election" in dating.evidence[0]


MJ = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "timeline17" / "MJ_bbc"


def record(path: Path, uid: str, published: str | None, text: str) -> None:
    item = {"id": uid, "text": text, **({"published": published} if published else {})}
    path.write_text(json.dumps(item), "utf-8")


def test_an_undated_copy_inherits_its_originals_date_and_loses_it_with_it(tmp_path: Path) -> None:
    if not MJ.exists():
        pytest.skip("../shared/corpora/timeline17 not found")
    first = json.loads((MJ / "articles.json").read_text("utf-8"))[0]  # BBC, 27 June 2009
    record(tmp_path / "dated.json", "dated", first["dct"], first["text"])
    copy = first["text"].replace("Medical experts say", "Doctors said")
    record(tmp_path / "copy.json", "copy", None, copy)
    store = jobs.open_store(tmp_path / "s.db")
    jobs.ingest([str(tmp_path / "copy.json")], store)
    jobs.analyze(store)
    (alone,) = store.articles()
    assert alone.published_range is None  # nothing it says dates it
    jobs.ingest([str(tmp_path / "dated.json")], store)
    jobs.analyze(store)
    undated = next(a for a in store.articles() if a.external_id == "copy")
    assert undated.published_range is not None
    low, high = (date.fromisoformat(day) for day in undated.published_range)
    # "On Friday night" (26 June) puts it on the Friday or in the week after.
    assert low <= date(2009, 6, 27) <= high and (high - low).days <= 8
    (dating,) = store.results_of_articles("dating", dict, [undated.id])
    assert any(line.startswith("appeared with 1 dated article") for line in dating["evidence"])
    assert any("'Friday night'" in line for line in dating["evidence"])
    # Event linking places it by what it says itself (nothing), not by what it inherited.
    assert own_ranges(store, [undated]) == {undated.id: None}
    dated = next(a for a in store.articles() if a.external_id == "dated")
    jobs.delete(store, [dated.id])
    jobs.analyze(store)
    (alone,) = store.articles()
    assert alone.published_range is None
