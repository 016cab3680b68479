"""The web UI's pages: server-rendered from the same ``browse`` and ``search`` functions
the API returns as JSON. No page runs script."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from storyline import browse
from storyline.browse.highlight import analysis_marks, cite_mark, pieces
from storyline.browse.pages import memo
from storyline.browse.records import plain
from storyline.errors import QueryError
from storyline.search import SearchOptions, search
from storyline.store import SqliteStore
from storyline.store.fulltext import ArticleFilter
from storyline.web.render import cached_page, page, page_links
from storyline.web.story_view import story_context

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=browse.MAX_OFFSET)]


def _store(request: Request) -> SqliteStore:
    return request.app.state.stores.get()  # type: ignore[no-any-return]


def _or_404(record: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, f"no such {kind}")
    return record


@router.get("/", response_class=HTMLResponse)
def home(request: Request, offset: Offset = 0) -> HTMLResponse:
    store = _store(request)

    def context() -> dict[str, Any]:
        stories = browse.list_stories(store, PAGE_SIZE, offset)
        recent = browse.list_articles(store, ArticleFilter(), 10, 0, order="newest")
        return {
            "stories": stories, "overview": browse.overview(store), "recent": recent.items,
            "pages": page_links(request, stories.total, PAGE_SIZE, offset),
        }  # fmt: skip

    return cached_page(request, store, "home.html.j2", context)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    store = _store(request)
    record = _or_404(browse.story_detail(store, story_id), "story")
    return cached_page(request, store, "story.html.j2", lambda: story_context(record))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: str) -> HTMLResponse:
    record = _or_404(browse.event_detail(_store(request), event_id), "event")
    return page(request, "event.html.j2", event=record)


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request, offset: Offset = 0, outlet: str | None = None, story: str | None = None
) -> HTMLResponse:
    where = ArticleFilter(outlet=outlet or None, story=story or None)
    listing = browse.list_articles(_store(request), where, PAGE_SIZE, offset, order="newest")
    links = page_links(request, listing.total, PAGE_SIZE, offset)
    return page(request, "articles.html.j2", listing=listing, pages=links, outlet=outlet)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    article_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    record = _or_404(browse.article_detail(_store(request), article_id), "article")
    marks = analysis_marks(record["analysis"]) + cite_mark(start, end)
    cited = record["text"][start:end] if start is not None and end is not None else None
    return page(
        request, "article.html.j2", article=record, analysis=record["analysis"],
        pieces=pieces(record["text"], marks), cited=cited,
    )  # fmt: skip


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request,
    offset: Offset = 0,
    type: str | None = None,
    name: str | None = None,  # noqa: A002
) -> HTMLResponse:
    listing = browse.list_entities(_store(request), PAGE_SIZE, offset, type or None, name or None)
    links = page_links(request, listing.total, PAGE_SIZE, offset)
    return page(request, "entities.html.j2", listing=listing, pages=links, name=name or "")


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    record = _or_404(browse.entity_detail(_store(request), entity_id), "entity")
    return page(request, "entity.html.j2", entity=record)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    mode: Literal["text", "semantic"] = "text",
    offset: Offset = 0,
    since: str = "",
    until: str = "",
    outlet: str = "",
    story: str = "",
    entity: str = "",
) -> HTMLResponse:
    store = _store(request)
    form = {"q": q, "mode": mode, "since": since, "until": until, "outlet": outlet,
            "story": story, "entity": entity}  # fmt: skip
    result: dict[str, Any] | None = None
    problem: str | None = None
    if q.strip():
        where = ArticleFilter(since or None, until or None, outlet or None, entity or None,
                              story or None)  # fmt: skip
        try:
            options = SearchOptions(20, offset, mode, where)
            key = str(request.app.state.settings.db)
            result = plain(search(store, q, options, cache_key=key))
        except QueryError as error:
            problem = str(error)
    links = (
        page_links(request, result["total"], 20, offset)
        if result
        else {"previous": None, "next": None}
    )
    return page(
        request, "search.html.j2", form=form, result=result, problem=problem, pages=links,
        outlets=memo(store, "outlets", store.outlets)[:100],  # a GROUP BY over the store
    )  # fmt: skip
