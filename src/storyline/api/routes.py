"""Read endpoints: every list is a page (``limit``/``offset``, with ``total``), every record
is the JSON export's record (CONTRACT.md) plus additive fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import ORJSONResponse

from storyline import browse
from storyline.api.models import ErrorOut, PageOut
from storyline.browse.records import plain
from storyline.search import MAX_LIMIT as SEARCH_MAX_LIMIT
from storyline.search import SearchOptions, search
from storyline.store import SqliteStore
from storyline.store.fulltext import ArticleFilter

router = APIRouter(prefix="/api")
# Each route documents only the statuses it can answer (tests/api/test_status_codes.py
# makes each one happen): lists can be asked out of range (422), records can be missing
# (404) or asked for by an id no record can have (422).
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A parameter is malformed or out of range."}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No record with this id."},
    **INVALID,
}
# Ids are content hashes of 16 characters or names a phase gives; nothing has 200.
RecordId = Annotated[str, Path(max_length=200, description="The record's id.")]
Limit = Annotated[int, Query(ge=1, le=browse.MAX_LIMIT, description="Records per page.")]
Offset = Annotated[int, Query(ge=0, le=browse.MAX_OFFSET, description="Records to skip.")]
Since = Annotated[str | None, Query(description="Published on or after (ISO date prefix).")]
Until = Annotated[str | None, Query(description="Published on or before (ISO date prefix).")]


def store_of(request: Request) -> SqliteStore:
    """This thread's store connection."""
    return request.app.state.stores.get()  # type: ignore[no-any-return]


def page_json(page: browse.Page) -> dict[str, Any]:
    return {
        "ok": True, "total": page.total, "limit": page.limit, "offset": page.offset,
        "next_offset": page.next_offset, "notes": page.notes, "items": page.items,
    }  # fmt: skip


def found(record: dict[str, Any] | None, kind: str, key: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, f"no {kind} with id {key!r}")
    return {"ok": True, kind: record}


@router.get("", summary="What the store holds")
def index(request: Request) -> dict[str, Any]:
    return {"ok": True, **browse.overview(store_of(request))}


@router.get("/articles", response_model=PageOut, responses=INVALID, summary="Articles")
def articles(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
    outlet: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    event: str | None = None,
    order: Literal["source", "newest", "oldest"] = "source",
) -> dict[str, Any]:
    where = ArticleFilter(since, until, outlet, entity, story, event)
    page = browse.list_articles(store_of(request), where, limit, offset, order)
    return page_json(page)


@router.get(
    "/articles/{article_id}",
    responses=NOT_FOUND,
    summary="One article, with what analysis found in it",
)
def article(request: Request, article_id: RecordId) -> dict[str, Any]:
    return found(browse.article_detail(store_of(request), article_id), "article", article_id)


@router.get(
    "/stories",
    response_model=PageOut,
    responses=INVALID,
    summary="Stories, with coverage over time",
)
def stories(request: Request, limit: Limit = browse.DEFAULT_LIMIT, offset: Offset = 0) -> Any:
    return page_json(browse.list_stories(store_of(request), limit, offset))


@router.get(
    "/stories/{story_id}",
    responses=NOT_FOUND,
    summary="One story: events, timeline, quotes, claims, …",
)
def story(request: Request, story_id: RecordId) -> dict[str, Any]:
    return found(browse.story_detail(store_of(request), story_id), "story", story_id)


@router.get("/events", response_model=PageOut, responses=INVALID, summary="Events, by date")
def events(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    story: str | None = None,
) -> Any:
    return page_json(browse.list_events(store_of(request), limit, offset, story))


@router.get("/events/{event_id}", responses=NOT_FOUND, summary="One event, with its articles")
def event(request: Request, event_id: RecordId) -> dict[str, Any]:
    return found(browse.event_detail(store_of(request), event_id), "event", event_id)


@router.get(
    "/entities", response_model=PageOut, responses=INVALID, summary="Entities, most mentioned first"
)
def entities(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    type: str | None = None,  # noqa: A002 - the contract's field name
    name: str | None = None,
) -> Any:
    return page_json(browse.list_entities(store_of(request), limit, offset, type, name))


@router.get(
    "/entities/{entity_id}", responses=NOT_FOUND, summary="One entity: aliases, evidence, mentions"
)
def entity(request: Request, entity_id: RecordId) -> dict[str, Any]:
    return found(browse.entity_detail(store_of(request), entity_id), "entity", entity_id)


@router.get("/quotes", response_model=PageOut, responses=INVALID, summary="Quotes")
def quotes(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    article: str | None = None,
    story: str | None = None,
    speaker: Annotated[str | None, Query(description="Entity id or name.")] = None,
) -> Any:
    store = store_of(request)
    return page_json(browse.list_quotes(store, limit, offset, article, story, speaker))


@router.get(
    "/claims", response_model=PageOut, responses=INVALID, summary="Claims (numbers, dates, …)"
)
def claims(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    article: str | None = None,
    story: str | None = None,
    agreement: Literal["agree", "conflict", "single"] | None = None,
) -> Any:
    store = store_of(request)
    return page_json(browse.list_claims(store, limit, offset, article, story, agreement))


@router.get("/timeline", response_model=PageOut, responses=INVALID, summary="Timeline entries")
def timeline(
    request: Request,
    limit: Limit = browse.DEFAULT_LIMIT,
    offset: Offset = 0,
    story: str | None = None,
) -> Any:
    return page_json(browse.list_timeline(store_of(request), limit, offset, story))


@router.get(
    "/search",
    responses={
        400: {"model": ErrorOut, "description": "The query has no word to search for."},
        **INVALID,
    },
    summary="Ranked articles and sentences for a query",
    response_class=ORJSONResponse,
)
def search_endpoint(
    request: Request,
    q: Annotated[str, Query(min_length=1, description='Words, "a phrase", prefix*, -excluded.')],
    mode: Literal["text", "semantic"] = "text",
    limit: Annotated[int, Query(ge=1, le=SEARCH_MAX_LIMIT)] = 20,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
    outlet: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    sentences: bool = True,
) -> ORJSONResponse:
    where = ArticleFilter(since, until, outlet, entity, story)
    options = SearchOptions(limit, offset, mode, where, sentences)
    store = store_of(request)
    result = search(store, q, options, cache_key=str(request.app.state.settings.db))
    # Written straight to JSON bytes: FastAPI's generic encoder walking a page of hits
    # cost a millisecond a query, a tenth of the answer.
    return ORJSONResponse({"ok": True, **plain(result)})


@router.get("/feeds", summary="Watched feeds and their polling state")
def feeds(request: Request) -> dict[str, Any]:
    states = store_of(request).feed_states()
    return {"ok": True, "total": len(states), "items": [plain(s) for s in states]}
