"""Reading articles a page at a time: full-text matches (FTS5, BM25) and filtered listings.

The FTS5 table ``articles_fts`` (migration 3) indexes each article's title and cleaned
text; triggers keep it in step with ``articles``, so every write path stays in sync.
Filters (date range, outlet, entity, story) are SQL, so paging never loads the corpus.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from storyline.model import Article
from storyline.store.chunks import select_in

# A title match counts five times a body match in BM25: headlines are short and say what
# the article is about. A judgement, not tuned on a judged set; re-run tests/store and
# look at `storyline search` on the seeds and Reuters before changing it.
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 32  # FTS5's snippet() maximum is 64
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # highlight markers no article text contains

_DATE_FROM = "substr(coalesce(a.published, a.published_from), 1, 10)"
_DATE_TO = "substr(coalesce(a.published, a.published_to), 1, 10)"
# A story's events: by the events' story_id column, or as the story record lists them.
STORY_EVENTS = (
    "SELECT id FROM events WHERE story_id = :story UNION "
    "SELECT value FROM stories, json_each(stories.payload, '$.event_ids') "
    "WHERE stories.id = :story"
)
# A story's articles: linked to one of its events, or listed by one of its events.
STORY_ARTICLES = (
    f"SELECT id FROM articles WHERE event_id IN ({STORY_EVENTS}) UNION "
    "SELECT j.value FROM events e, json_each(e.payload, '$.article_ids') j "
    f"WHERE e.id IN ({STORY_EVENTS})"
)
# Every story's articles at once (the same membership as STORY_ARTICLES), for the story list.
STORY_MEMBERS = """
WITH story_events(story, event) AS (
  SELECT story_id, id FROM events WHERE story_id IS NOT NULL
  UNION SELECT s.id, j.value FROM stories s, json_each(s.payload, '$.event_ids') j)
SELECT se.story AS story, a.id AS id FROM story_events se JOIN articles a ON a.event_id = se.event
UNION
SELECT se.story, j.value FROM story_events se JOIN events e ON e.id = se.event,
  json_each(e.payload, '$.article_ids') j
"""
_CONDITIONS = {
    "since": f"{_DATE_FROM} >= :since",
    "until": f"{_DATE_TO} <= :until",
    "outlet": "a.outlet = :outlet COLLATE NOCASE",
    "entity": "a.id IN (SELECT article_id FROM entity_mentions WHERE entity_id = :entity)",
    "story": f"a.id IN ({STORY_ARTICLES})",
    "event": "(a.event_id = :event OR a.id IN (SELECT j.value FROM events e, "
    "json_each(e.payload, '$.article_ids') j WHERE e.id = :event))",
}


Order = Literal["source", "newest", "oldest"]
# ``articles_date`` (migration 3) indexes _DATE_FROM, so "newest" pages without a sort.
_ORDERS = {
    "source": "a.source_path, a.id",
    "newest": f"{_DATE_FROM} DESC, a.id DESC",
    "oldest": f"{_DATE_FROM} IS NULL, {_DATE_FROM}, a.id",
}


@dataclass(slots=True)
class ArticleFilter:
    """Which articles a search or listing considers; ``None`` leaves a field open.

    Dates are ISO (``2021-03``, ``2021-03-04``) and compare by prefix: an article counts
    from its ``published`` date, or its estimated range when only that is known.
    """

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None
    story: str | None = None
    event: str | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """The SQL conditions (joined by AND, or ``1``) and their named parameters."""
        params = {name: getattr(self, name) for name in _CONDITIONS if getattr(self, name)}
        if "until" in params:
            params["until"] = _end_of(params["until"])
        sql = " AND ".join(_CONDITIONS[name] for name in params) or "1"
        return sql, params


def _end_of(prefix: str) -> str:
    """``2021-03`` as an inclusive upper bound for ``YYYY-MM-DD`` dates."""
    return prefix[:10] + "-99-99"[len(prefix) - 4 :] if len(prefix) < 10 else prefix[:10]


@dataclass(slots=True)
class TextMatch:
    """One article matching a full-text query: BM25 score (lower is better) and a snippet."""

    article: Article
    score: float
    snippet: str  # text with MARK_OPEN/MARK_CLOSE around matched terms
    title: str  # the title, marked the same way


# Ranking reads only the FTS index (and, when filtered, the articles' filter columns);
# snippets and the article rows are fetched for the page alone. Ranking with the snippet
# in the same SELECT made SQLite build one for every match before sorting: on a 200k
# store "government" took 150 ms that way (benchmarks/serve.py).
_RANK_SQL = f"""
SELECT articles_fts.rowid AS hit, bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score
FROM articles_fts {{join}}
WHERE articles_fts MATCH :match AND {{where}}
"""
_JOIN = "JOIN articles a ON a.rowid = articles_fts.rowid"
_PAGE_SQL = """
SELECT a.*, snippet(articles_fts, 1, :open, :close, '…', :tokens) AS snippet,
  highlight(articles_fts, 0, :open, :close) AS marked_title
FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
WHERE articles_fts MATCH :match AND articles_fts.rowid = :hit
"""


class FullTextTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection
    _article_from_row: Callable[[sqlite3.Row], Article]

    def match_articles(
        self, match: str, where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[list[TextMatch], int]:
        """Articles matching the FTS5 expression ``match``, best first, and how many match.

        Raises:
            sqlite3.OperationalError: ``match`` is not valid FTS5 syntax.
        """
        sql, params = where.where()
        query = _RANK_SQL.format(where=sql, join=_JOIN if params else "")
        params |= {"match": match}
        # One pass ranks and counts (the window); past the last match, a count alone.
        ranked = self._db.execute(
            f"SELECT hit, score, count(*) OVER () FROM ({query}) "
            "ORDER BY score, hit LIMIT :limit OFFSET :offset",
            params | {"limit": limit, "offset": offset},
        ).fetchall()
        if ranked:
            count = int(ranked[0][2])
        else:
            count = self._db.execute(f"SELECT count(*) FROM ({query})", params).fetchone()[0]
        page = {"match": match, "open": MARK_OPEN, "close": MARK_CLOSE, "tokens": SNIPPET_TOKENS}
        found = []
        for hit, score, _ in ranked:
            row = self._db.execute(_PAGE_SQL, page | {"hit": hit}).fetchone()
            if row is not None:
                found.append(self._text_match(row, score))
        return found, count

    def article_page(
        self, where: ArticleFilter, limit: int, offset: int = 0, order: Order = "source"
    ) -> tuple[list[Article], int]:
        """One page of articles passing ``where``, and how many pass in all.

        ``order``: ``source`` (the store's order), ``newest`` or ``oldest`` first (undated
        articles last either way).
        """
        sql, params = where.where()
        sort = _ORDERS[order]
        count = self._db.execute(f"SELECT count(*) FROM articles a WHERE {sql}", params)
        # The rows skipped are read for their ids and dates only, not their text (a late
        # page of a large archive read every earlier article whole).
        page = (
            f"SELECT a.id FROM articles a WHERE {sql} ORDER BY {sort} LIMIT :limit OFFSET :offset"
        )
        rows = self._db.execute(
            f"SELECT a.* FROM articles a JOIN ({page}) AS p ON a.id = p.id ORDER BY {sort}",
            params | {"limit": limit, "offset": offset},
        )
        return [self._article_from_row(row) for row in rows], count.fetchone()[0]

    def article_dates(self, where: ArticleFilter | None = None) -> list[tuple[str, str | None]]:
        """``(article id, date)`` of the articles passing ``where``; the date may be None."""
        sql, params = (where or ArticleFilter()).where()
        rows = self._db.execute(f"SELECT a.id, {_DATE_FROM} FROM articles a WHERE {sql}", params)
        return [(row[0], row[1]) for row in rows]

    def story_event_ids(self, story_id: str) -> list[str]:
        """Ids of a story's events (by the events' story id, or as the story lists them)."""
        return [row[0] for row in self._db.execute(STORY_EVENTS, {"story": story_id})]

    def story_members(self) -> dict[str, list[tuple[str, str | None]]]:
        """Every story's articles (as ``story_article_ids`` gives them) with their dates
        (as ``article_dates``), in one query."""
        found: dict[str, list[tuple[str, str | None]]] = {}
        query = (
            f"SELECT m.story, a.id, {_DATE_FROM} FROM ({STORY_MEMBERS}) AS m "
            "JOIN articles a ON a.id = m.id ORDER BY 1, 2"
        )
        for story_id, article_id, day in self._db.execute(query):
            found.setdefault(story_id, []).append((article_id, day))
        return found

    def event_article_ids(self, event_ids: Iterable[str]) -> set[str]:
        """Ids of the articles linked to these events (reposts, which no event lists, too)."""
        sql = "SELECT id FROM articles WHERE event_id IN ({marks})"
        return {row[0] for row in select_in(self._db, sql, event_ids, plain=True)}

    def story_article_ids(self, story_id: str) -> list[str]:
        """Ids of the articles of a story's events (by link or as the events list them)."""
        rows = self._db.execute(STORY_ARTICLES + " ORDER BY 1", {"story": story_id})
        return [row[0] for row in rows]

    def outlets(self) -> list[tuple[str, int]]:
        """Outlets and their article counts, most articles first."""
        rows = self._db.execute(
            "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY n DESC, outlet"
        )
        return [(row[0], row[1]) for row in rows]

    def vector_models(self) -> dict[str, int]:
        """Embedding models with stored article vectors, and how many each has."""
        rows = self._db.execute("SELECT model, count(*) FROM vectors GROUP BY model ORDER BY 2")
        return {row[0]: row[1] for row in rows}

    def state_token(self) -> str:
        """Changes whenever anything is written: the change log's head, then each step's
        version and cursor (a phase's results may land without a logged change)."""
        head = self._db.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
        rows = self._db.execute("SELECT name, version, state FROM phases ORDER BY name")
        return "|".join([f"changes:{head}", *(":".join(map(str, row)) for row in rows)])

    def _text_match(self, row: sqlite3.Row, score: float) -> TextMatch:
        title = row["marked_title"] or ""
        article = self._article_from_row(row)
        return TextMatch(article, float(score), row["snippet"] or "", title)
