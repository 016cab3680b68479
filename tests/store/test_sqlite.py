import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.model import Article, RawDocument, ReadFailure
from storyline.store import SCHEMA_VERSION, SqliteStore


def _raw(body: str = "Body text.", path: str = "a.txt") -> RawDocument:
    return RawDocument(source_path=path, format="text", body=body, raw=body.encode())


def _article(raw: RawDocument, **fields: object) -> Article:
    return Article(id=raw.id, source_path=raw.source_path, text=raw.body, **fields)  # type: ignore[arg-type]


def test_store_creates_wal_database_with_schema_version(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "s.db").close()
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_store_refuses_foreign_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(StoreError, match="not a storyline database"):
        SqliteStore(path)


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteStore(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(path)


def test_store_refuses_non_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        SqliteStore(path)


def test_write_batch_is_an_upsert(store: SqliteStore) -> None:
    raw = _raw()
    store.write_batch([_article(raw, title="One")], [raw], [])
    store.write_batch([_article(raw, title="Two")], [raw], [])
    assert store.counts()["articles"] == 1
    assert store.article(raw.id).title == "Two"


def test_write_batch_rolls_back_whole_batch_on_error(store: SqliteStore) -> None:
    good = _raw("good")
    broken = _article(_raw("broken"))
    broken.text = None  # type: ignore[assignment]  # violates NOT NULL mid-batch
    with pytest.raises(sqlite3.IntegrityError):
        store.write_batch([_article(good), broken], [good, _raw("broken")], [])
    assert store.counts()["articles"] == store.counts()["raw"] == 0


def test_failure_is_cleared_when_the_source_later_succeeds(store: SqliteStore) -> None:
    raw = _raw()
    store.write_batch([], [], [ReadFailure("a.txt", "binary file, not text")])
    assert store.failures() == [ReadFailure("a.txt", "binary file, not text")]
    store.write_batch([_article(raw)], [raw], [])
    assert store.failures() == []


def test_raw_input_round_trips_compressed(store: SqliteStore) -> None:
    raw = RawDocument("p.html", "html", "<p>café</p>", raw="<p>café</p>".encode("cp1252"),
                      content_type="text/html", url="https://x.org/a", title="T")  # fmt: skip
    store.write_batch([], [raw], [])
    (restored,) = store.raw_documents()
    assert restored == raw
    assert restored.id == raw.id


def test_raw_documents_stale_for_lists_unextracted_or_old_versions(store: SqliteStore) -> None:
    done, pending = _raw("done"), _raw("pending", "b.txt")
    store.write_batch([_article(done)], [done, pending], [])
    assert [r.id for r in store.raw_documents(stale_for=store.extract_version)] == [pending.id]
    assert {r.id for r in store.raw_documents(stale_for="999")} == {done.id, pending.id}


def test_raw_documents_stale_for_skips_inputs_this_extractor_failed_on(
    store: SqliteStore,
) -> None:
    failed = _raw("failed", "c.txt")
    store.write_batch([], [failed], [ReadFailure("c.txt", "no article text left")])
    assert list(store.raw_documents(stale_for=store.extract_version)) == []
    assert [r.id for r in store.raw_documents(stale_for="999")] == [failed.id]


def test_known_articles_respects_extract_version(store: SqliteStore) -> None:
    raw = _raw()
    store.write_batch([_article(raw)], [raw], [])
    assert store.known_articles([raw.id, "nope"], store.extract_version) == {raw.id}
    assert store.known_articles([raw.id], "other") == set()


_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200)


@settings(max_examples=50)
@given(text=_text, title=st.none() | _text, removed=st.lists(_text, max_size=3),
       rng=st.none() | st.tuples(st.just("2020-01-01"), st.just("2020-12-31")))  # fmt: skip
def test_article_round_trips_through_store(
    text: str, title: str | None, removed: list[str], rng: tuple[str, str] | None
) -> None:
    with SqliteStore(":memory:") as store:
        raw = _raw(text)
        article = _article(raw, title=title, removed=removed, published_range=rng,
                           published_basis="estimated" if rng else "unknown")  # fmt: skip
        store.write_batch([article], [raw], [])
        assert store.article(raw.id) == article


def test_article_headers_are_the_articles_without_text_removed_blocks_or_comments(
    store: SqliteStore,
) -> None:
    raw = _raw("Body text of a long story.")
    article = _article(raw, title="T", outlet="O", removed=["Share"], comments=["Hi"])
    store.write_batch([article], [raw], [])
    (header,) = store.article_headers([article.id, "missing"]).values()
    assert header == replace(article, text="", removed=[], comments=[])


def test_a_file_store_can_be_opened_by_another_process_and_a_memory_store_cannot(
    tmp_path: Path,
) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        raw = _raw()
        store.write_batch([_article(raw)], [raw], [])
        path = store.shared_path()
        assert path is not None
        with SqliteStore(path) as other:
            assert other.existing([raw.id]) == {raw.id}
    assert SqliteStore(":memory:").shared_path() is None
