"""SQLite store: WAL mode, versioned schema, content-hash ids, one transaction per batch."""

from __future__ import annotations

import json
import random
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from storyline.errors import StoreError
from storyline.model import Article, RawDocument, ReadFailure
from storyline.store.chunks import select_in
from storyline.store.derived import DerivedTables, Transaction
from storyline.store.feeds import FeedTables
from storyline.store.fulltext import FullTextTables
from storyline.store.job_queue import JobTables
from storyline.store.kinds import ARTICLE
from storyline.store.postings import PostingTables
from storyline.store.problems import check_store_path, store_problem
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION
from storyline.store.templates import TemplateTables

COUNTED_TABLES = ("articles", "raw", "failures", "enrichments", "entities", "events", "stories")
APPLICATION_ID = 0x53544C4E  # "STLN": marks the file as a storyline database
BUSY_TIMEOUT_SECONDS = 30  # how long a writer waits for another process's transaction

_ARTICLE_COLUMNS = (
    "id", "source_path", "external_id", "url", "outlet", "title", "published", "published_from",
    "published_to", "published_basis", "language", "author", "text", "removed", "comments",
    "credits", "format", "duplicate_of", "event_id", "extract_version",
    "authors", "modified", "site", "notes",  # migration 7
)  # fmt: skip
_EMPTIED = {"text": "''", "removed": "'[]'", "comments": "'[]'"}
_HEADER_COLUMNS = ", ".join(
    f"{_EMPTIED[c]} AS {c}" if c in _EMPTIED else c for c in _ARTICLE_COLUMNS
)
# What analysis reads of an article: a change in any of these is an ``article`` change.
_CONTENT_COLUMNS = (
    "url", "outlet", "title", "published", "published_from", "published_to", "published_basis",
    "language", "text",
)  # fmt: skip
# Rows derived from an article that go when the article goes (enrichments and vectors
# follow by foreign key).
_ARTICLE_DERIVED = (
    ("entity_mentions", "article_id"), ("results", "article_id"), ("step_failures", "article_id"),
)  # fmt: skip
_RAW_META = ("url", "external_id", "title", "published", "outlet", "language", "author")


class SqliteStore(
    DerivedTables, PostingTables, FullTextTables, FeedTables, JobTables, TemplateTables
):
    """The default store: one SQLite file, nothing to start.

    Example:
        >>> store = SqliteStore(":memory:")
        >>> store.counts()["articles"]
        0
    """

    def __init__(self, path: str | Path, extract_version: str = "1") -> None:
        """Open the store at ``path``, creating or upgrading its schema.

        Raises:
            StoreError: one line naming the file and what to do, for every way it can
                be unusable (a folder, no such folder, not SQLite, not storyline's,
                damaged, newer schema, read-only, disk full, locked).
        """
        self._article_from_row = _article_from_row
        self._raw_from_row = _raw_from_row
        self.path = str(path)
        self.extract_version = extract_version
        check_store_path(self.path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise store_problem(self.path, error) or error from None
        try:
            self._db.row_factory = sqlite3.Row
            # Wait for other openers first: a second process creating the same new
            # store, or switching it to WAL, holds the lock for a moment.
            self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            self._refuse_foreign()
            self._configure()
            self._migrate()
        except BaseException as error:
            self._db.close()
            problem = store_problem(self.path, error)
            if problem is None or problem is error:
                raise
            raise problem from None

    def _refuse_foreign(self) -> None:
        """Refuse another program's database before changing anything in it (even the
        journal mode)."""
        # One statement, one snapshot: read apart, another process could create the
        # tables and mark the file between the two reads.
        app_id, tables, version = self._db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT count(*) FROM sqlite_master), (SELECT user_version FROM pragma_user_version)"
        ).fetchone()
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
            raise StoreError(f"{self.path}: not a storyline database; choose another --db path")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this storyline "
                f"({SCHEMA_VERSION}); upgrade storyline"
            )

    def _configure(self) -> None:
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                # A read-only store can still be read in the mode it has; a write then
                # fails with its own one-line error.
                if "readonly" in str(error):
                    break
                # Switching to WAL while another opener reads gets "database is locked"
                # at once, without the busy timeout (SQLite's deadlock avoidance).
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.01, 0.05))
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION. The version is read again inside the write
        transaction: several processes opening one new store at once create it once."""
        if self._schema_version() == SCHEMA_VERSION:
            return
        with self._transaction():
            self._refuse_foreign()  # another opener may have created it meanwhile
            for number in range(self._schema_version() + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[number - 1]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version={number}")

    def _schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _transaction(self) -> Transaction:
        return Transaction(self._db)

    def write_batch(
        self,
        articles: Iterable[Article],
        raws: Iterable[RawDocument],
        failures: Iterable[ReadFailure],
    ) -> None:
        """Upsert raw inputs, articles and failures of one batch atomically.

        An article whose text or metadata changed is logged as an ``article`` change
        and loses what was derived from the old text. An article replacing another
        version of the same document (same URL; else same input id; else same path)
        deletes that version, and everything derived from it, with it.
        """
        articles = list(articles)
        with self._transaction():
            for raw in raws:
                self._db.execute(
                    "INSERT INTO raw VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                    _raw_row(raw),
                )
            for article in articles:
                self._write_article(article)
            for failure in failures:
                self._db.execute(
                    "INSERT INTO failures VALUES (?,?,?) ON CONFLICT(source_path) "
                    "DO UPDATE SET problem=excluded.problem, "
                    "extract_version=excluded.extract_version",
                    (failure.source_path, failure.problem, self.extract_version),
                )

    def _write_article(self, article: Article) -> None:
        old = self._db.execute(
            f"SELECT {','.join(_CONTENT_COLUMNS)} FROM articles WHERE id=?", (article.id,)
        ).fetchone()
        row = _article_row(article, self.extract_version)
        content = tuple(row[_ARTICLE_COLUMNS.index(c)] for c in _CONTENT_COLUMNS)
        placeholders = ",".join("?" * len(_ARTICLE_COLUMNS))
        updates = ",".join(
            f"{c}=excluded.{c}" for c in _ARTICLE_COLUMNS if c not in ("duplicate_of", "event_id")
        )
        self._db.execute(
            f"INSERT INTO articles VALUES ({placeholders}) ON CONFLICT(id) DO UPDATE SET {updates}",
            row,
        )
        self._db.execute("DELETE FROM failures WHERE source_path=?", (article.source_path,))
        if old is None or tuple(old) != content:
            # New text: what was derived from the old text is stale.
            self._db.execute("DELETE FROM enrichments WHERE article_id=?", (article.id,))
            self._db.execute("DELETE FROM vectors WHERE article_id=?", (article.id,))
            self.log_changes(ARTICLE, [article.id])
        self._delete_articles(self._older_versions(article))

    def _older_versions(self, article: Article) -> list[str]:
        """Other stored versions of the same document (a corrected or updated page): same
        http(s) URL; else the same input id from the same file; else, for a whole file,
        the same path. A record inside a container (``feed.jsonl#L12``) with neither URL
        nor id has no identity to match; ids are only unique within their own file."""
        if article.url and article.url.lower().startswith(("http://", "https://")):
            query, params = "url=?", (article.url,)
        elif article.external_id:
            query, params = "url IS NULL AND external_id=?", (article.external_id,)
        elif "#" not in article.source_path:
            query = "url IS NULL AND external_id IS NULL AND source_path=?"
            params = (article.source_path,)
        else:
            return []
        rows = self._db.execute(
            f"SELECT id, source_path FROM articles WHERE {query} AND id!=?", (*params, article.id)
        )
        container = _container(article.source_path)
        return [row[0] for row in rows if article.url or _container(row[1]) == container]

    def delete_articles(self, ids: Iterable[str]) -> int:
        """Delete articles, their raw input and everything derived from them; returns
        how many there were. The next analyze updates what they were part of."""
        with self._transaction():
            return self._delete_articles(list(ids))

    def _delete_articles(self, ids: list[str]) -> int:
        deleted = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for table, column in _ARTICLE_DERIVED:
                self._db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
            deleted += self._db.execute(
                f"DELETE FROM articles WHERE id IN ({marks})", chunk
            ).rowcount
            self._db.execute(f"DELETE FROM raw WHERE id IN ({marks})", chunk)
        self.log_changes(ARTICLE, ids)
        return deleted

    def article_ids_by(self, urls: Iterable[str] = (), sources: Iterable[str] = ()) -> list[str]:
        """Ids of the articles with one of ``urls``, or read from one of ``sources``."""
        found: list[str] = []
        for column, values in (("url", list(urls)), ("source_path", list(sources))):
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                rows = self._db.execute(
                    f"SELECT id FROM articles WHERE {column} IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                found += [row[0] for row in rows]
        return list(dict.fromkeys(found))

    def existing_ids(self) -> list[str]:
        """Every stored article id, in export order."""
        return [
            row[0] for row in self._db.execute("SELECT id FROM articles ORDER BY source_path, id")
        ]

    def recent_originals(self, count: int) -> list[str]:
        """The ``count`` most recent articles that are no copy: by date, newest first;
        undated ones after the dated, most recently ingested first."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY "
            "coalesce(published, published_from, '') DESC, rowid DESC LIMIT ?",
            (count,),
        )
        return [row[0] for row in rows]

    def recent_events(self, count: int) -> list[str]:
        """The ids of the ``count`` most recent events (by date; undated last)."""
        rows = self._db.execute(
            "SELECT id FROM events ORDER BY coalesce(date, date_from, '') DESC, rowid DESC LIMIT ?",
            (count,),
        )
        return [row[0] for row in rows]

    def copies_of(self, originals: Iterable[str]) -> list[str]:
        """Ids of the articles linked as duplicates of one of ``originals``."""
        wanted = list(dict.fromkeys(originals))
        found: list[str] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                f"SELECT id FROM articles WHERE duplicate_of IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found += [row[0] for row in rows]
        return found

    def existing(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that are stored articles."""
        return self.known_articles(ids, None)

    def known_articles(self, ids: Iterable[str], version: str | None) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        versioned = "extract_version=? AND " if version is not None else ""
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                f"SELECT id FROM articles WHERE {versioned}id IN ({','.join('?' * len(chunk))})",
                (*([version] if version is not None else []), *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, by id."""
        return self._articles_in("*", ids)

    def article_headers(self, ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, by id, with text, removed blocks and comments
        left empty: for lists and story pages, which show none of them (half a long
        story's articles can be reposts, read only to be counted and listed)."""
        return self._articles_in(_HEADER_COLUMNS, ids)

    def _articles_in(self, columns: str, ids: Iterable[str]) -> dict[str, Article]:
        query = f"SELECT {columns} FROM articles WHERE id IN ({{marks}})"
        return {row["id"]: _article_from_row(row) for row in select_in(self._db, query, ids)}

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

    def shared_path(self) -> str | None:
        """The file another process opens to read this store; None for an in-memory
        store, which no other process can see."""
        if self.path == ":memory:" or "mode=memory" in self.path:
            return None
        return self.path

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _container(source_path: str) -> str:
    """The input file a document came from (``feed.jsonl`` of ``feed.jsonl#L12``)."""
    return source_path.split("#", 1)[0]


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
        removed=_list(row["removed"]),
        comments=_list(row["comments"]),
        credits=_list(row["credits"]),
        format=row["format"],
        duplicate_of=row["duplicate_of"],
        event_id=row["event_id"],
        # Rows from before migration 5 have no list: the byline string is the list.
        authors=_list(row["authors"]) if row["authors"] else _byline(row["author"]),
        modified=row["modified"],
        site=row["site"],
        notes=_list(row["notes"]) if row["notes"] else [],
    )


def _list(stored: str) -> list[Any]:
    # Story analysis reads whole stories (700k rows for a batch on a 200k archive), and
    # most of these lists are empty: json.loads of five columns a row took 15 s of it.
    return [] if stored == "[]" else orjson.loads(stored)  # type: ignore[no-any-return]


def _byline(author: str | None) -> list[str]:
    return [name.strip() for name in (author or "").split(";") if name.strip()]
