"""Search: ranked articles (FTS5 with BM25, or semantic over stored vectors) and sentences.

``storyline search``, ``GET /api/search`` and the web UI's search page all call
:func:`search`; they differ only in how they show the :class:`SearchResult`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from storyline.errors import QueryError
from storyline.model import Article
from storyline.search.query import ParsedQuery, parse_query
from storyline.search.semantic import (
    EncoderLoader,
    SemanticIndex,
    allowed_ids,
    lead,
    load_encoder,
    semantic_index,
)
from storyline.search.sentences import SentenceHit, marks, sentence_hits, word_pattern
from storyline.store import Store
from storyline.store.fulltext import MARK_CLOSE, MARK_OPEN, ArticleFilter, TextMatch

Mode = Literal["text", "semantic"]
MAX_LIMIT = 200

__all__ = ["ArticleFilter", "SearchHit", "SearchOptions", "SearchResult", "SentenceHit", "search"]


@dataclass(slots=True)
class SearchOptions:
    """How to search: page, mode, filters, and whether to look for matching sentences."""

    limit: int = 20
    offset: int = 0
    mode: Mode = "text"
    where: ArticleFilter = field(default_factory=ArticleFilter)
    sentences: bool = True


@dataclass(slots=True)
class SearchHit:
    """One ranked article. ``marks`` are ``(start, end)`` offsets into ``snippet``/``title``.

    ``sentences`` is None when the article has not been analysed yet (no sentence
    boundaries stored), else the best matching sentences (possibly none).
    """

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_range: tuple[str, str] | None
    score: float
    snippet: str
    snippet_marks: list[tuple[int, int]] = field(default_factory=list)
    title_marks: list[tuple[int, int]] = field(default_factory=list)
    duplicate_of: str | None = None
    event_id: str | None = None
    sentences: list[SentenceHit] | None = None


@dataclass(slots=True)
class SearchResult:
    """A page of hits; ``total`` counts every match. ``notes`` say what was done instead."""

    query: str
    mode: Mode
    total: int
    limit: int
    offset: int
    hits: list[SearchHit] = field(default_factory=list)
    matched: Literal["all", "any", "similar"] = "all"
    notes: list[str] = field(default_factory=list)
    semantic_model: str | None = None


def search(
    store: Store,
    query: str,
    options: SearchOptions | None = None,
    encoders: EncoderLoader = load_encoder,
    cache_key: str | None = None,
) -> SearchResult:
    """Ranked articles (and their matching sentences) for ``query``.

    Text mode ranks by BM25 and needs every word (falling back to any word, with a note,
    when nothing has them all). Semantic mode ranks by cosine similarity to the stored
    article vectors; when there are none, or their model is missing, it runs text mode
    and says why in ``notes``.

    Args:
        store: the store to search.
        query: words, ``"a phrase"``, ``prefix*``, ``-excluded``.
        options: page, mode, filters (date range, outlet, entity, story).
        encoders: finds the query encoder for a stored model name (tests pass their own).
        cache_key: keeps the semantic index loaded between calls (e.g. the db path).

    Raises:
        QueryError: the query has no word, or the page is out of range.

    Example:
        >>> result = search(store, "oil spill", SearchOptions(limit=5))  # doctest: +SKIP
        >>> [hit.title for hit in result.hits]  # doctest: +SKIP
    """
    options = options or SearchOptions()
    _check_page(options)
    parsed = parse_query(query)
    if options.mode == "semantic":
        index = semantic_index(store, encoders, cache_key)
        if isinstance(index, SemanticIndex):
            return _semantic(store, query, parsed, index, options)
        result = _text(store, query, parsed, options)
        result.notes.insert(0, f"semantic search unavailable: {index.reason}; showing text matches")
        return result
    return _text(store, query, parsed, options)


def _check_page(options: SearchOptions) -> None:
    if not 1 <= options.limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if options.offset < 0:
        raise QueryError("offset must be 0 or more")


def _text(store: Store, query: str, parsed: ParsedQuery, options: SearchOptions) -> SearchResult:
    result = SearchResult(query, "text", 0, options.limit, options.offset)
    matches, result.total = _match(store, parsed.fts(), options)
    if result.total == 0 and len(parsed.phrases) > 1:
        matches, result.total = _match(store, parsed.fts(any_term=True), options)
        result.matched = "any"
        if result.total:
            result.notes.append("no article has every word; showing articles with any of them")
    result.hits = [_text_hit(match) for match in matches]
    articles = {match.article.id: match.article for match in matches}
    _add_sentences(store, result.hits, articles, parsed, options)
    return result


def _match(store: Store, fts: str, options: SearchOptions) -> tuple[list[TextMatch], int]:
    return store.match_articles(fts, options.where, options.limit, options.offset)


def _semantic(
    store: Store, query: str, parsed: ParsedQuery, index: SemanticIndex, options: SearchOptions
) -> SearchResult:
    allowed = allowed_ids(store, options.where)
    wanted = options.offset + options.limit
    ranked, total = index.rank(query, allowed, wanted, repr(options.where))
    result = SearchResult(query, "semantic", total, options.limit, options.offset)
    result.matched, result.semantic_model = "similar", index.model
    page = ranked[options.offset : options.offset + options.limit]
    pattern = word_pattern(parsed.words)
    articles = {article_id: store.article(article_id) for article_id, _ in page}
    for article_id, score in page:
        article = articles[article_id]
        if article is not None:
            result.hits.append(_semantic_hit(article, score, pattern))
    _add_sentences(store, result.hits, articles, parsed, options)
    return result


def _text_hit(match: TextMatch) -> SearchHit:
    snippet, snippet_marks = unmark(match.snippet)
    title, title_marks = unmark(match.title)
    hit = _hit(match.article, -match.score, snippet, snippet_marks)
    hit.title, hit.title_marks = title or None, title_marks
    return hit


def _semantic_hit(article: Article, score: float, pattern: re.Pattern[str] | None) -> SearchHit:
    snippet = lead(article.text)
    hit = _hit(article, score, snippet, marks(snippet, pattern))
    hit.title_marks = marks(article.title or "", pattern)
    return hit


def _hit(article: Article, score: float, snippet: str, found: list[tuple[int, int]]) -> SearchHit:
    return SearchHit(
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        published_range=article.published_range,
        score=float(f"{score:.4g}"),
        snippet=snippet,
        snippet_marks=found,
        duplicate_of=article.duplicate_of,
        event_id=article.event_id,
    )


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without the FTS highlight markers, and the marked stretches as offsets."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position, start = 0, 0
    for char in text:
        if char == MARK_OPEN:
            start = position
        elif char == MARK_CLOSE:
            spans.append((start, position))
        else:
            plain.append(char)
            position += 1
    return "".join(plain), spans


def _add_sentences(
    store: Store,
    hits: list[SearchHit],
    articles: Mapping[str, Article | None],
    parsed: ParsedQuery,
    options: SearchOptions,
) -> None:
    """Fill each hit's ``sentences`` from its article's enrichment, where there is one."""
    if not options.sentences or not hits:
        return
    pattern = word_pattern(parsed.words)
    spans = store.sentence_spans([hit.article_id for hit in hits])
    for hit in hits:
        sentences, article = spans.get(hit.article_id), articles.get(hit.article_id)
        if sentences and article is not None:
            hit.sentences = sentence_hits(article.id, article.text, sentences, pattern)
