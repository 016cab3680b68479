"""The derived half of the SQLite store: enrichments, vectors, entities, events, stories.

Per-article results (one enrichment per article) are upserted batch by batch;
whole-corpus results (entities, stories, the story analyses in ``results``) are
replaced as a whole by the phase that computes them, inside one transaction.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from storyline.model import Enrichment, Entity, Event, Mention, Story
from storyline.store.codec import decode, encode

T = TypeVar("T")
_CHUNK = 500  # SQLite's default limit on host parameters is 999
_CORPUS = "_corpus"  # the phases row whose state counts corpus writes


class Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (incl. KeyboardInterrupt).

    Re-entrant: inside an open transaction it does nothing, so a phase can group
    several store writes into one atomic unit.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._owner = False

    def __enter__(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._owner = True

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self._owner:
            self._db.execute("ROLLBACK" if exc_type else "COMMIT")


class DerivedTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def transaction(self) -> Transaction:
        """Group writes: everything inside lands together or not at all."""
        return Transaction(self._db)

    # Enrichments -------------------------------------------------------------

    def articles_to_enrich(self, version: str) -> list[str]:
        """Ids of articles with no enrichment of ``version`` (duplicates included)."""
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN enrichments e ON e.article_id = a.id "
            "WHERE e.article_id IS NULL OR e.version != ? ORDER BY a.source_path, a.id",
            (version,),
        )
        return [row[0] for row in rows]

    def write_enrichments(self, enrichments: Iterable[Enrichment], new: bool = True) -> None:
        """Upsert the enrichments of one batch in one transaction.

        ``new=False`` for a whole-corpus phase re-deriving enrichments of articles it
        re-dated (only their dates change): the corpus state does not move, since every
        later phase runs in the same analysis anyway.
        """
        rows = [
            (e.article_id, e.version, zlib.compress(encode(e).encode(), 6)) for e in enrichments
        ]
        with self.transaction():
            if new:
                self._bump_corpus_state()
            self._db.executemany(
                "INSERT INTO enrichments VALUES (?,?,?) ON CONFLICT(article_id) "
                "DO UPDATE SET version=excluded.version, payload=excluded.payload",
                rows,
            )

    def enrichments(self, article_ids: Iterable[str] | None = None) -> Iterator[Enrichment]:
        """Stored enrichments, all or those of ``article_ids``."""
        query = "SELECT payload FROM enrichments"
        for row in self._select_by_ids(query, "article_id", article_ids, "article_id"):
            yield decode(Enrichment, zlib.decompress(row[0]))

    def enrichment(self, article_id: str) -> Enrichment | None:
        return next(self.enrichments([article_id]), None)

    # Vectors -----------------------------------------------------------------

    def write_vectors(self, model: str, vectors: Iterable[tuple[str, bytes]]) -> None:
        """Upsert article vectors (raw float32 bytes) computed by ``model``."""
        with self.transaction():
            self._db.executemany(
                "INSERT INTO vectors VALUES (?,?,?) ON CONFLICT(article_id, model) "
                "DO UPDATE SET vector=excluded.vector",
                ((article_id, model, blob) for article_id, blob in vectors),
            )

    def vectors(self, model: str) -> Iterator[tuple[str, bytes]]:
        """Every ``(article_id, vector bytes)`` of ``model``, in insertion order."""
        rows = self._db.execute(
            "SELECT article_id, vector FROM vectors WHERE model=? ORDER BY rowid", (model,)
        )
        yield from ((row[0], row[1]) for row in rows)

    def articles_without_vectors(self, model: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM vectors v "
            "WHERE v.article_id = a.id AND v.model = ?) ORDER BY a.source_path, a.id",
            (model,),
        )
        return [row[0] for row in rows]

    # Links on articles -------------------------------------------------------

    def set_links(self, links: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Set ``(article_id, duplicate_of, event_id)`` for each given article."""
        with self.transaction():
            self._db.executemany(
                "UPDATE articles SET duplicate_of=?, event_id=? WHERE id=?",
                ((dup, event, article) for article, dup, event in links),
            )

    def set_estimates(self, estimates: Iterable[tuple[str, tuple[str, str] | None]]) -> None:
        """Replace the estimated publication range of undated articles (the dating phase).

        Articles with a stated date are left alone; the corpus state does not move (a
        derived result, like ``set_links``).
        """
        with self.transaction():
            self._db.executemany(
                "UPDATE articles SET published_from=?, published_to=?, published_basis=? "
                "WHERE id=? AND published IS NULL",
                (
                    (low_high[0] if low_high else None, low_high[1] if low_high else None,
                     "estimated" if low_high else "unknown", article_id)
                    for article_id, low_high in estimates
                ),
            )  # fmt: skip

    # Entities ----------------------------------------------------------------

    def replace_entities(self, entities: Iterable[Entity]) -> None:
        """Replace every cross-document entity (a whole-corpus phase's result)."""
        with self.transaction():
            self._db.execute("DELETE FROM entities")
            self._db.execute("DELETE FROM entity_mentions")
            for entity in entities:
                self._insert_entity(entity)

    def _insert_entity(self, entity: Entity) -> None:
        payload = encode({"aliases": entity.aliases, "evidence": entity.evidence})
        self._db.execute(
            "INSERT INTO entities VALUES (?,?,?,?)", (entity.id, entity.name, entity.type, payload)
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_mentions VALUES (?,?,?,?,?)",
            ((entity.id, m.article_id, m.start, m.end, m.text) for m in entity.mentions),
        )

    def entities(self, ids: Iterable[str] | None = None) -> Iterator[Entity]:
        """Cross-document entities with their mentions, by name."""
        query = "SELECT id, name, type, payload FROM entities"
        for row in list(self._select_by_ids(query, "id", ids, "name, id")):
            payload = decode(dict, row[3])
            mentions = [
                Mention(m[0], m[1], m[2], m[3])
                for m in self._db.execute(
                    "SELECT article_id, start, end, text FROM entity_mentions WHERE entity_id=? "
                    "ORDER BY article_id, start",
                    (row[0],),
                )
            ]
            yield Entity(row[0], row[1], row[2], payload["aliases"], mentions, payload["evidence"])

    def entity(self, entity_id: str) -> Entity | None:
        return next(self.entities([entity_id]), None)

    def entity_ids_of_article(self, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT entity_id FROM entity_mentions WHERE article_id=?", (article_id,)
        )
        return [row[0] for row in rows]

    # Events and stories ------------------------------------------------------

    def write_events(self, events: Iterable[Event], deleted: Iterable[str] = ()) -> None:
        """Upsert events and delete the ``deleted`` ids, in one transaction."""
        with self.transaction():
            self._db.executemany("DELETE FROM events WHERE id=?", ((i,) for i in deleted))
            self._db.executemany(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "story_id=excluded.story_id, date=excluded.date, date_from=excluded.date_from, "
                "date_to=excluded.date_to, title=excluded.title, payload=excluded.payload",
                (_event_row(event) for event in events),
            )

    def events(self, ids: Iterable[str] | None = None) -> Iterator[Event]:
        """Events, ordered by date (undated last)."""
        query = "SELECT payload FROM events"
        order = "coalesce(date, date_from) IS NULL, coalesce(date, date_from), id"
        for row in self._select_by_ids(query, "id", ids, order):
            yield decode(Event, row[0])

    def event(self, event_id: str) -> Event | None:
        return next(self.events([event_id]), None)

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace every story (a whole-corpus phase's result)."""
        with self.transaction():
            self._db.execute("DELETE FROM stories")
            self._db.executemany(
                "INSERT INTO stories VALUES (?,?,?)", ((s.id, s.title, encode(s)) for s in stories)
            )

    def stories(self, ids: Iterable[str] | None = None) -> Iterator[Story]:
        query = "SELECT payload FROM stories"
        for row in self._select_by_ids(query, "id", ids, "title, id"):
            yield decode(Story, row[0])

    def story(self, story_id: str) -> Story | None:
        return next(self.stories([story_id]), None)

    # Story analyses (timeline entries, claim groups, framing, …) ------------

    def replace_results(
        self, kind: str, items: Iterable[tuple[str, str | None, str | None, Any]]
    ) -> None:
        """Replace every result of ``kind``: ``(id, story_id, article_id, record)`` items."""
        with self.transaction():
            self._db.execute("DELETE FROM results WHERE kind=?", (kind,))
            self._db.executemany(
                "INSERT INTO results VALUES (?,?,?,?,?)",
                ((kind, i, story, article, encode(record)) for i, story, article, record in items),
            )

    def results(
        self,
        kind: str,
        cls: type[T],
        story_id: str | None = None,
        article_id: str | None = None,
    ) -> list[T]:
        """Results of ``kind`` decoded as ``cls``, optionally of one story or article."""
        query, params = "SELECT payload FROM results WHERE kind=?", [kind]
        for column, value in (("story_id", story_id), ("article_id", article_id)):
            if value is not None:
                query += f" AND {column}=?"
                params.append(value)
        rows = self._db.execute(query + " ORDER BY rowid", params)
        return [decode(cls, row[0]) for row in rows]

    # Phase bookkeeping -------------------------------------------------------

    def phase_state(self, name: str) -> tuple[str, str] | None:
        """``(version, state)`` recorded by a whole-corpus phase when it last finished."""
        row = self._db.execute("SELECT version, state FROM phases WHERE name=?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def set_phase_state(self, name: str, version: str, state: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO phases VALUES (?,?,?) ON CONFLICT(name) DO UPDATE SET "
                "version=excluded.version, state=excluded.state",
                (name, version, state),
            )

    def corpus_state(self) -> str:
        """A token that changes whenever articles or their enrichments are written."""
        state = self.phase_state(_CORPUS)
        return state[1] if state else "0"

    def _bump_corpus_state(self) -> None:
        """Called inside the writing transaction, so the token moves with the data."""
        self._db.execute(
            "INSERT INTO phases VALUES (?, '', '1') ON CONFLICT(name) "
            "DO UPDATE SET state = CAST(state AS INTEGER) + 1",
            (_CORPUS,),
        )

    # Helpers -----------------------------------------------------------------

    def _select_by_ids(
        self, query: str, column: str, ids: Iterable[str] | None, order: str
    ) -> Iterator[sqlite3.Row]:
        if ids is None:
            yield from self._db.execute(f"{query} ORDER BY {order}")
            return
        wanted = list(ids)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"{query} WHERE {column} IN ({marks}) ORDER BY {order}", chunk
            )


def _event_row(event: Event) -> tuple[object, ...]:
    low, high = event.date_range or (None, None)
    return (event.id, event.story_id, event.date, low, high, event.title, encode(event))
