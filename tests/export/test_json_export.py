from sample_analysis import write_sample

from storyline.export.json_export import build_export
from storyline.store import SqliteStore


def test_each_article_says_which_pipeline_analysed_it_or_none(store: SqliteStore) -> None:
    sample = write_sample(store)
    articles = {a["id"]: a for a in build_export(store)["articles"]}
    analysed = articles[sample.flood_1.id]["analysis"]
    assert analysed["pipeline"].startswith("en: spaCy") and analysed["language"] == "en"
    assert analysed["skipped"] is None
    assert articles[sample.unrelated.id]["analysis"] is None  # not analysed yet
