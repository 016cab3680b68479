import sqlite3
from pathlib import Path

from sample_analysis import FLOOD_1, UNRELATED, add_article, write_sample

from storyline.store import SCHEMA_VERSION, SqliteStore
from storyline.store.fulltext import ArticleFilter


def test_fts_index_follows_inserts_updates_and_deletes(store: SqliteStore) -> None:
    article = add_article(store, FLOOD_1)
    assert store.match_articles('"evacuating"', ArticleFilter(), 10)[1] == 1
    article.text = "Nothing left of the old words."
    store.write_batch([article], [], [])
    assert store.match_articles('"evacuating"', ArticleFilter(), 10)[1] == 0
    assert store.match_articles('"nothing"', ArticleFilter(), 10)[1] == 1
    store._db.execute("DELETE FROM articles WHERE id=?", (article.id,))
    assert store.match_articles('"nothing"', ArticleFilter(), 10)[1] == 0


def test_migration_indexes_articles_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SqliteStore(path) as old:
        add_article(old, FLOOD_1)
        old._db.executescript(
            "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_update; "
            "DROP TRIGGER articles_fts_delete; DROP TABLE articles_fts; DROP TABLE feeds; "
            "DROP INDEX articles_date; "
            "DROP INDEX articles_site; DROP TABLE site_templates; DROP TABLE template_pages; "
            "ALTER TABLE articles DROP COLUMN authors; ALTER TABLE articles DROP COLUMN modified; "
            "ALTER TABLE articles DROP COLUMN site; ALTER TABLE articles DROP COLUMN notes; "
            "DROP TABLE failures; CREATE TABLE failures (source_path TEXT PRIMARY KEY, "
            "problem TEXT NOT NULL); "
            "PRAGMA user_version=2;"
        )
    with SqliteStore(path) as upgraded:
        assert upgraded.match_articles('"dam"', ArticleFilter(), 10)[1] == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_title_matches_rank_above_body_matches(store: SqliteStore) -> None:
    add_article(store, "A chess story\n\nThe match was about Ostrava's chess club and more text.")
    titled = add_article(store, "Ostrava wins\n\nThe club won a game today in the city.")
    matches, _ = store.match_articles('"ostrava"', ArticleFilter(), 10)
    assert matches[0].article.id == titled.id


def test_snippet_and_title_mark_the_matched_terms(store: SqliteStore) -> None:
    add_article(store, FLOOD_1)
    (match,), _ = store.match_articles('"dam"', ArticleFilter(), 10)
    assert "\x02Dam\x03" in match.title and "\x02dam\x03" in match.snippet


def test_filters_by_date_range_outlet_entity_and_story(store: SqliteStore) -> None:
    sample = write_sample(store)
    ids = lambda where: {a.id for a in store.article_page(where, 50)[0]}  # noqa: E731
    assert ids(ArticleFilter(since="2024-03-15")) == {sample.flood_2.id}
    assert ids(ArticleFilter(until="2023")) == {sample.unrelated.id}
    assert ids(ArticleFilter(since="2024-03", until="2024-03")) == {
        sample.flood_1.id, sample.flood_2.id,
    }  # fmt: skip
    assert ids(ArticleFilter(outlet="daily ostrava")) == {sample.flood_1.id, sample.unrelated.id}
    assert ids(ArticleFilter(entity="e-novak")) == {sample.flood_1.id, sample.flood_2.id}
    assert ids(ArticleFilter(story="st1")) == {sample.flood_1.id, sample.flood_2.id}
    assert ids(ArticleFilter(event="ev1", outlet="Prague News")) == {sample.flood_2.id}


def test_article_page_counts_all_and_pages_newest_first(store: SqliteStore) -> None:
    sample = write_sample(store)
    page, total = store.article_page(ArticleFilter(), 2, 0, order="newest")
    assert total == 4
    assert [a.id for a in page] == [sample.flood_2.id, sample.flood_1.id]
    rest, _ = store.article_page(ArticleFilter(), 2, 2, order="newest")
    assert [a.id for a in rest] == [sample.unrelated.id, sample.hostile.id]


def test_story_articles_come_from_event_links_or_event_lists(store: SqliteStore) -> None:
    sample = write_sample(store)
    store.set_links([(sample.flood_2.id, None, None)])
    assert set(store.story_article_ids("st1")) == {sample.flood_1.id, sample.flood_2.id}


def test_outlets_are_counted(store: SqliteStore) -> None:
    write_sample(store)
    assert store.outlets()[0] == ("Daily Ostrava", 2)


def test_known_urls_finds_article_urls_and_sources(store: SqliteStore) -> None:
    add_article(store, UNRELATED, url="https://example.org/chess", source_path="feed#1")
    found = store.known_urls(["https://example.org/chess", "feed#1", "https://other"])
    assert found == {"https://example.org/chess", "feed#1"}
