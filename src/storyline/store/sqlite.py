"""SQLite store: WAL mode, versioned schema, content-hash ids, one transaction per batch."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import StoreError
from storyline.model import Article, RawDocument, ReadFailure
from storyline.store.derived import DerivedTables, Transaction
from storyline.store.feeds import FeedTables
from storyline.store.fulltext import FullTextTables
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION
from storyline.store.templates import TemplateTables

COUNTED_TABLES = ("articles", "raw", "failures", "enrichments", "entities", "events", "stories")
APPLICATION_ID = 0x53544C4E  # "STLN": marks the file as a storyline database

_ARTICLE_COLUMNS = (
    "id", "source_path", "external_id", "url", "outlet", "title", "published", "published_from",
    "published_to", "published_basis", "language", "author", "text", "removed", "comments",
    "credits", "format", "duplicate_of", "event_id", "extract_version",
    "authors", "modified", "site", "notes",  # migration 5
)  # fmt: skip
_RAW_META = ("url", "external_id", "title", "published", "outlet", "language", "author")


class SqliteStore(DerivedTables, FullTextTables, FeedTables, TemplateTables):
    """The default store: one SQLite file, nothing to start.

    Example:
        >>> store = SqliteStore(":memory:")
        >>> store.counts()["articles"]
        0
    """

    def __init__(self, path: str | Path, extract_version: str = "1") -> None:
        self._article_from_row = _article_from_row
        self._raw_from_row = _raw_from_row
        self.path = str(path)
        self.extract_version = extract_version
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._configure()
        self._migrate()

    def _configure(self) -> None:
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=30000")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a SQLite database ({error})") from error

    def _migrate(self) -> None:
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
            raise StoreError(f"{self.path}: not a storyline database; choose another --db path")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this storyline "
                f"({SCHEMA_VERSION}); upgrade storyline"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                for statement in _statements(MIGRATIONS[number - 1]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version={number}")

    def _transaction(self) -> Transaction:
        return Transaction(self._db)

    def write_batch(
        self,
        articles: Iterable[Article],
        raws: Iterable[RawDocument],
        failures: Iterable[ReadFailure],
    ) -> None:
        """Upsert raw inputs, articles and failures of one batch atomically."""
        articles = list(articles)
        with self._transaction():
            for raw in raws:
                self._db.execute(
                    "INSERT INTO raw VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                    _raw_row(raw),
                )
            placeholders = ",".join("?" * len(_ARTICLE_COLUMNS))
            updates = ",".join(
                f"{c}=excluded.{c}"
                for c in _ARTICLE_COLUMNS
                if c not in ("duplicate_of", "event_id")
            )
            for article in articles:
                self._db.execute(
                    f"INSERT INTO articles VALUES ({placeholders}) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    _article_row(article, self.extract_version),
                )
                self._db.execute("DELETE FROM failures WHERE source_path=?", (article.source_path,))
                # New text: what was derived from the old text is stale.
                self._db.execute("DELETE FROM enrichments WHERE article_id=?", (article.id,))
                self._db.execute("DELETE FROM vectors WHERE article_id=?", (article.id,))
            if articles:
                self._bump_corpus_state()
            for failure in failures:
                self._db.execute(
                    "INSERT INTO failures VALUES (?,?,?) ON CONFLICT(source_path) "
                    "DO UPDATE SET problem=excluded.problem, "
                    "extract_version=excluded.extract_version",
                    (failure.source_path, failure.problem, self.extract_version),
                )

    def known_articles(self, ids: Iterable[str], version: str) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                f"SELECT id FROM articles WHERE extract_version=? AND id IN "
                f"({','.join('?' * len(chunk))})",
                (version, *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    def articles(self) -> Iterator[Article]:
        rows = self._db.execute("SELECT * FROM articles ORDER BY source_path, id")
        return (_article_from_row(row) for row in rows)

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def raw_documents(self, stale_for: str | None = None) -> Iterator[RawDocument]:
        query = "SELECT raw.* FROM raw"
        params: tuple[str, ...] = ()
        if stale_for is not None:
            # Inputs this extractor already failed on stay failed: retrying them on
            # every analyze re-reports the same failures.
            query += (
                " LEFT JOIN articles USING (id) WHERE (articles.id IS NULL "
                "AND raw.source_path NOT IN (SELECT source_path FROM failures "
                "WHERE extract_version = ?)) OR articles.extract_version != ?"
            )
            params = (stale_for, stale_for)
        rows = self._db.execute(query + " ORDER BY raw.source_path, raw.id", params).fetchall()
        return (_raw_from_row(row) for row in rows)

    def failures(self) -> list[ReadFailure]:
        rows = self._db.execute("SELECT source_path, problem FROM failures ORDER BY source_path")
        return [ReadFailure(row[0], row[1]) for row in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements(script: str) -> list[str]:
    """Split a migration into statements; a trigger's ``BEGIN … END`` body stays whole."""
    statements: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


def _raw_row(raw: RawDocument) -> tuple[object, ...]:
    """The decoded body, plus the original bytes only when they differ from its UTF-8."""
    meta = json.dumps({name: getattr(raw, name) for name in _RAW_META}, ensure_ascii=False)
    body = raw.body.encode("utf-8")
    original = zlib.compress(raw.raw, 6) if raw.raw and raw.raw != body else None
    compressed = zlib.compress(body, 6)
    return (raw.id, raw.source_path, raw.format, raw.content_type, compressed, original, meta)


def _raw_from_row(row: sqlite3.Row) -> RawDocument:
    meta = json.loads(row["meta"])
    body = zlib.decompress(row["body"])
    original = zlib.decompress(row["original"]) if row["original"] is not None else body
    return RawDocument(
        source_path=row["source_path"],
        format=row["format"],
        body=body.decode("utf-8"),
        raw=original,
        content_type=row["content_type"],
        **{name: meta.get(name) for name in _RAW_META},
    )


def _article_row(article: Article, version: str) -> tuple[object, ...]:
    low, high = article.published_range or (None, None)
    return (
        article.id, article.source_path, article.external_id, article.url, article.outlet,
        article.title, article.published, low, high, article.published_basis, article.language,
        article.author, article.text, json.dumps(article.removed, ensure_ascii=False),
        json.dumps(article.comments, ensure_ascii=False),
        json.dumps(article.credits, ensure_ascii=False), article.format, article.duplicate_of,
        article.event_id, version, json.dumps(article.authors, ensure_ascii=False),
        article.modified, article.site, json.dumps(article.notes, ensure_ascii=False),
    )  # fmt: skip


def _article_from_row(row: sqlite3.Row) -> Article:
    low, high = row["published_from"], row["published_to"]
    return Article(
        id=row["id"],
        source_path=row["source_path"],
        external_id=row["external_id"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        published_range=(low, high) if low and high else None,
        published_basis=row["published_basis"],
        language=row["language"],
        author=row["author"],
        text=row["text"],
        removed=json.loads(row["removed"]),
        comments=json.loads(row["comments"]),
        credits=json.loads(row["credits"]),
        format=row["format"],
        duplicate_of=row["duplicate_of"],
        event_id=row["event_id"],
        # Rows from before migration 5 have no list: the byline string is the list.
        authors=json.loads(row["authors"]) if row["authors"] else _byline(row["author"]),
        modified=row["modified"],
        site=row["site"],
        notes=json.loads(row["notes"]) if row["notes"] else [],
    )


def _byline(author: str | None) -> list[str]:
    return [name.strip() for name in (author or "").split(";") if name.strip()]
