"""The derived half of the SQLite store: enrichments, vectors, entities, events, stories.

Per-article results (one enrichment per article) are upserted batch by batch;
whole-corpus results (entities, stories, the story analyses in ``results``) are
replaced as a whole by the phase that computes them, inside one transaction.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from storyline.model import Enrichment, Entity, Event, Mention, Story
from storyline.store.changes import ChangeLog
from storyline.store.chunks import execute_in, select_in
from storyline.store.codec import decode, encode, loads
from storyline.store.kinds import (
    DUPLICATE,
    ENRICHMENT,
    ENTITY,
    ESTIMATE,
    EVENT,
    EVENT_ARTICLE,
    KEYED_RESULTS,
    STORY,
    vector_kind,
)

T = TypeVar("T")
# The enrichment version an article in a language should be at (enrich.stage.enrich_version).
EnrichVersion = Callable[[str | None], str]


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
        # SQLite may already have rolled back on its own (a full disk): a second
        # ROLLBACK would fail and hide the error that caused the first.
        if self._owner and self._db.in_transaction:
            self._db.execute("ROLLBACK" if exc_type else "COMMIT")


class DerivedTables(ChangeLog):
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def transaction(self) -> Transaction:
        """Group writes: everything inside lands together or not at all."""
        return Transaction(self._db)

    # Enrichments -------------------------------------------------------------

    def articles_to_enrich(self, version: EnrichVersion) -> list[str]:
        """Ids of articles with no enrichment at ``version(language)`` (duplicates included)."""
        rows = self._db.execute(
            "SELECT a.id, a.language, e.version FROM articles a "
            "LEFT JOIN enrichments e ON e.article_id = a.id ORDER BY a.source_path, a.id"
        )
        return [row[0] for row in rows if row[2] is None or row[2] != version(row[1])]

    def write_enrichments(self, enrichments: Iterable[Enrichment]) -> None:
        """Upsert the enrichments of one batch in one transaction (logged as changes)."""
        rows = [
            (e.article_id, e.version, zlib.compress(encode(e).encode(), 6)) for e in enrichments
        ]
        with self.transaction():
            self.log_changes(ENRICHMENT, (row[0] for row in rows))
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

    def sentence_spans(self, article_ids: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """Each enriched article's sentence offsets, without building its enrichment
        (search shows the matching sentences of a page of hits)."""
        query = "SELECT article_id, payload FROM enrichments"
        found = {}
        for row in self._select_by_ids(query, "article_id", article_ids, "article_id"):
            spans = loads(zlib.decompress(row[1])).get("sentences") or []
            found[row[0]] = [(int(start), int(end)) for start, end in spans]
        return found

    def enriched(self, version: EnrichVersion, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` with an enrichment at ``version(language)``."""
        query = (
            "SELECT e.article_id, e.version, a.language FROM enrichments e "
            "JOIN articles a ON a.id = e.article_id"
        )
        rows = self._select_by_ids(query, "e.article_id", ids, "e.article_id")
        return {row[0] for row in rows if row[1] == version(row[2])}

    def enrichment(self, article_id: str) -> Enrichment | None:
        return next(self.enrichments([article_id]), None)

    # Vectors -----------------------------------------------------------------

    def write_vectors(self, model: str, vectors: Iterable[tuple[str, bytes]]) -> None:
        """Upsert article vectors (raw float32 bytes) computed by ``model`` (logged as
        changes of kind ``vector:<model>``)."""
        rows = list(vectors)
        with self.transaction():
            self.log_changes(vector_kind(model), (article_id for article_id, _ in rows))
            self._db.executemany(
                "INSERT INTO vectors VALUES (?,?,?) ON CONFLICT(article_id, model) "
                "DO UPDATE SET vector=excluded.vector",
                ((article_id, model, blob) for article_id, blob in rows),
            )

    def vectors(
        self, model: str, article_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """``(article_id, vector bytes)`` of ``model``: all in insertion order, or those
        of ``article_ids``."""
        if article_ids is None:
            rows = self._db.execute(
                "SELECT article_id, vector FROM vectors WHERE model=? ORDER BY rowid", (model,)
            )
            yield from ((row[0], row[1]) for row in rows)
            return
        sql = "SELECT article_id, vector FROM vectors WHERE model=? AND article_id IN ({marks})"
        yield from ((row[0], row[1]) for row in select_in(self._db, sql, article_ids, (model,)))

    def vectors_in_language(self, model: str, language: str) -> Iterator[tuple[str, bytes]]:
        """``(article_id, vector bytes)`` of ``model`` for the articles in ``language``."""
        rows = self._db.execute(
            "SELECT v.article_id, v.vector FROM vectors v JOIN articles a ON a.id = v.article_id "
            "WHERE v.model=? AND a.language=? ORDER BY v.rowid",
            (model, language),
        )
        yield from ((row[0], row[1]) for row in rows)

    def articles_in_language(self, ids: Iterable[str], language: str) -> list[str]:
        """The ids among ``ids`` of articles in ``language``."""
        query = "SELECT id, language FROM articles"
        rows = self._select_by_ids(query, "id", ids, "id")
        return [row[0] for row in rows if row[1] == language]

    def article_languages(self) -> dict[str, int]:
        """Each article language and how many articles are in it."""
        rows = self._db.execute(
            "SELECT language, count(*) FROM articles WHERE language IS NOT NULL GROUP BY language"
        )
        return {row[0]: row[1] for row in rows}

    def with_vectors(self, model: str, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that have a vector of ``model``."""
        return {article_id for article_id, _ in self.vectors(model, ids)}

    def articles_without_vectors(self, model: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM vectors v "
            "WHERE v.article_id = a.id AND v.model = ?) ORDER BY a.source_path, a.id",
            (model,),
        )
        return [row[0] for row in rows]

    # Links on articles -------------------------------------------------------

    def set_links(self, links: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Set ``(article_id, duplicate_of, event_id)`` for each given article.

        Logs a ``duplicate`` change where ``duplicate_of`` moved and an
        ``event-article`` change where ``event_id`` moved.
        """
        wanted = {article: (dup, event) for article, dup, event in links}
        before = self._links_of(wanted)
        with self.transaction():
            self.log_changes(
                DUPLICATE,
                (a for a, (dup, _) in wanted.items() if a in before and before[a][0] != dup),
            )
            self.log_changes(
                EVENT_ARTICLE,
                (a for a, (_, ev) in wanted.items() if a in before and before[a][1] != ev),
            )
            self._db.executemany(
                "UPDATE articles SET duplicate_of=?, event_id=? WHERE id=?",
                ((dup, event, article) for article, (dup, event) in wanted.items()),
            )

    def set_duplicates(self, originals: dict[str, str | None]) -> None:
        """Set ``duplicate_of`` of the given articles (their events kept)."""
        links = self._links_of(originals)
        self.set_links((a, originals[a], links[a][1]) for a in originals if a in links)

    def set_event_ids(self, events: dict[str, str | None]) -> None:
        """Set ``event_id`` of the given articles (their duplicate links kept)."""
        links = self._links_of(events)
        self.set_links((a, links[a][0], events[a]) for a in events if a in links)

    def _links_of(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        query = "SELECT id, duplicate_of, event_id FROM articles"
        return {row[0]: (row[1], row[2]) for row in self._select_by_ids(query, "id", ids, "id")}

    def set_estimates(self, estimates: Iterable[tuple[str, tuple[str, str] | None]]) -> None:
        """Replace the estimated publication range of undated articles (the dating phase).

        Articles with a stated date are left alone; logged as ``estimate`` changes.
        """
        estimates = list(estimates)
        with self.transaction():
            self.log_changes(ESTIMATE, (article_id for article_id, _ in estimates))
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
            old = [row[0] for row in self._db.execute("SELECT id FROM entities")]
            self.delete_entities(old)
            self.upsert_entities(entities)

    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        """Write entities (replacing those with the same id and their mentions).

        Only the mentions an entity gained or lost are written: a batch adds a few
        mentions to entities of tens of thousands ("Reuters", "U.S." on a 200k archive),
        and deleting and inserting all of them again cost seconds a batch.
        """
        cursor = self._db.cursor()
        cursor.row_factory = None  # tuples, to compare with the mentions' rows
        with self.transaction():
            for entity in entities:
                payload = encode({"aliases": entity.aliases, "evidence": entity.evidence})
                self._db.execute(
                    "INSERT INTO entities VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                    "name=excluded.name, type=excluded.type, payload=excluded.payload",
                    (entity.id, entity.name, entity.type, payload),
                )
                stored = set(cursor.execute(
                    "SELECT article_id, start, end, text FROM entity_mentions WHERE entity_id=?",
                    (entity.id,),
                ))  # fmt: skip
                rows = [(m.article_id, m.start, m.end, m.text) for m in entity.mentions]
                self._db.executemany(
                    "DELETE FROM entity_mentions "
                    "WHERE article_id=? AND start=? AND end=? AND text=? AND entity_id=?",
                    ((*row, entity.id) for row in stored.difference(rows)),
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO entity_mentions VALUES (?,?,?,?,?)",
                    ((entity.id, *row) for row in rows if row not in stored),
                )
                self.log_changes(ENTITY, [entity.id])

    def delete_entities(self, ids: Iterable[str]) -> None:
        with self.transaction():
            for entity_id in ids:
                self._delete_entity(entity_id)
                self.log_changes(ENTITY, [entity_id])

    def _delete_entity(self, entity_id: str) -> None:
        self._db.execute("DELETE FROM entities WHERE id=?", (entity_id,))
        self._db.execute("DELETE FROM entity_mentions WHERE entity_id=?", (entity_id,))

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

    def mention_index(self, article_ids: Iterable[str]) -> dict[tuple[str, int, int], str]:
        """``(article_id, start, end) -> entity id`` for the entity mentions of the articles."""
        query = "SELECT article_id, start, end, entity_id FROM entity_mentions"
        rows = self._select_by_ids(query, "article_id", article_ids, "article_id")
        return {(row[0], row[1], row[2]): row[3] for row in rows}

    def entity_headers(self, ids: Iterable[str]) -> dict[str, Entity]:
        """Entities by id with name, type, aliases and evidence but no mentions (cheap)."""
        query = "SELECT id, name, type, payload FROM entities"
        found = {}
        for row in self._select_by_ids(query, "id", ids, "id"):
            payload = decode(dict, row[3])
            found[row[0]] = Entity(row[0], row[1], row[2], payload["aliases"], [],
                                   payload["evidence"])  # fmt: skip
        return found

    def entity_mention_counts(self, ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """Entity id -> (mentions, articles mentioning it), for the given merged entities
        (all when None), counted in SQL: no mention list is read."""
        query = "SELECT entity_id, count(*), count(DISTINCT article_id) FROM entity_mentions"
        rows: Iterable[sqlite3.Row]
        if ids is None:
            rows = self._db.execute(f"{query} GROUP BY entity_id")
        else:
            rows = select_in(
                self._db, f"{query} WHERE entity_id IN ({{marks}}) GROUP BY entity_id", ids
            )
        return {row[0]: (row[1], row[2]) for row in rows}

    def entities_of_articles(self, article_ids: Iterable[str]) -> dict[str, set[str]]:
        """Article id -> the ids of the entities it mentions."""
        found: dict[str, set[str]] = {}
        query = "SELECT article_id, entity_id FROM entity_mentions"
        for row in self._select_by_ids(query, "article_id", article_ids, "article_id"):
            found.setdefault(row[0], set()).add(row[1])
        return found

    def articles_of_entities(self, entity_ids: Iterable[str]) -> dict[str, set[str]]:
        """Entity id -> the ids of the articles that mention it."""
        found: dict[str, set[str]] = {}
        query = "SELECT entity_id, article_id FROM entity_mentions"
        for row in self._select_by_ids(query, "entity_id", entity_ids, "entity_id"):
            found.setdefault(row[0], set()).add(row[1])
        return found

    # Events and stories ------------------------------------------------------

    def write_events(
        self, events: Iterable[Event], deleted: Iterable[str] = (), logged: bool = True
    ) -> None:
        """Upsert events and delete the ``deleted`` ids, in one transaction.

        ``logged=False`` for what only the story analyses write (event summaries): it
        changes no event's membership, so no ``event`` change is logged.
        """
        events, deleted = list(events), list(deleted)
        with self.transaction():
            if logged:
                self.log_changes(EVENT, [e.id for e in events] + deleted)
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
            old = [row[0] for row in self._db.execute("SELECT id FROM stories")]
            self.write_stories(stories, deleted=old)

    def write_stories(
        self, stories: Iterable[Story], deleted: Iterable[str] = (), logged: bool = True
    ) -> None:
        """Upsert stories and delete the ``deleted`` ids (``logged``: see write_events)."""
        stories, deleted = list(stories), list(deleted)
        with self.transaction():
            if logged:
                self.log_changes(STORY, [s.id for s in stories] + deleted)
            self._db.executemany("DELETE FROM stories WHERE id=?", ((i,) for i in deleted))
            self._db.executemany(
                "INSERT INTO stories VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "title=excluded.title, payload=excluded.payload",
                ((s.id, s.title, encode(s)) for s in stories),
            )

    def events_of_stories(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Story id -> the ids of its events (by the events' ``story_id``)."""
        found: dict[str, list[str]] = {}
        query = "SELECT story_id, id FROM events"
        for row in self._select_by_ids(query, "story_id", story_ids, "story_id, id"):
            found.setdefault(row[0], []).append(row[1])
        return found

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

    def replace_story_results(
        self,
        kind: str,
        story_ids: Iterable[str],
        items: Iterable[tuple[str, str | None, str | None, Any]],
    ) -> None:
        """Replace the results of ``kind`` of the given stories only."""
        self._replace_scoped(kind, "story_id", story_ids, items)

    def replace_article_results(
        self,
        kind: str,
        article_ids: Iterable[str],
        items: Iterable[tuple[str, str | None, str | None, Any]],
    ) -> None:
        """Replace the results of ``kind`` of the given articles only."""
        self._replace_scoped(kind, "article_id", article_ids, items)

    def results_of_articles(self, kind: str, cls: type[T], article_ids: Iterable[str]) -> list[T]:
        """Results of ``kind`` of the given articles, decoded as ``cls``."""
        sql = "SELECT payload FROM results WHERE kind=? AND article_id IN ({marks}) ORDER BY rowid"
        return [decode(cls, row[0]) for row in select_in(self._db, sql, article_ids, (kind,))]

    def _replace_scoped(
        self,
        kind: str,
        column: str,
        scope: Iterable[str],
        items: Iterable[tuple[str, str | None, str | None, Any]],
    ) -> None:
        rows = [(kind, i, story, article, encode(record)) for i, story, article, record in items]
        with self.transaction():
            if kind in KEYED_RESULTS:
                # Only the rows of the scope no item has now are deleted, and rows an item
                # leaves as they are are not written again: a batch on a 200k archive
                # analyses a third of the stories again, ~165k group rows, mostly unchanged.
                sql = f"SELECT id FROM results WHERE kind=? AND {column} IN ({{marks}})"
                gone = {row[0] for row in select_in(self._db, sql, scope, (kind,), plain=True)}
                gone -= {row[1] for row in rows}
                sql = "DELETE FROM results WHERE kind=? AND id IN ({marks})"
                execute_in(self._db, sql, gone, (kind,))
            else:  # rows written again in this order, after the rows of other subjects
                sql = f"DELETE FROM results WHERE kind=? AND {column} IN ({{marks}})"
                execute_in(self._db, sql, scope, (kind,))
            self._db.executemany(
                "INSERT INTO results VALUES (?,?,?,?,?) ON CONFLICT(kind, id) DO UPDATE SET "
                "story_id=excluded.story_id, article_id=excluded.article_id, "
                "payload=excluded.payload WHERE story_id IS NOT excluded.story_id "
                "OR article_id IS NOT excluded.article_id OR payload != excluded.payload",
                rows,
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
        """A token that changes whenever anything is written (the change log's head)."""
        return str(self.last_change())

    # Helpers -----------------------------------------------------------------

    def _select_by_ids(
        self, query: str, column: str, ids: Iterable[str] | None, order: str
    ) -> Iterator[sqlite3.Row]:
        if ids is None:
            yield from self._db.execute(f"{query} ORDER BY {order}")
            return
        sql = f"{query} WHERE {column} IN ({{marks}}) ORDER BY {order}"
        yield from select_in(self._db, sql, ids)


def _event_row(event: Event) -> tuple[object, ...]:
    low, high = event.date_range or (None, None)
    return (event.id, event.story_id, event.date, low, high, event.title, encode(event))
