"""The template environment: autoescaping for every template, and the helpers pages use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from storyline.browse.highlight import css_class, marked
from storyline.browse.pages import memo
from storyline.store import Store
from storyline.web.charts import sparkline

ENV = Environment(
    loader=PackageLoader("storyline.web", "templates"),
    autoescape=True,  # every template, whatever its name: article text is untrusted
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is http(s), else None: a stored URL never becomes a script link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def cite_href(article_id: str, start: int | None, end: int | None) -> str:
    """A link to an article page that marks ``[start, end)`` and scrolls to it."""
    if start is None or end is None:
        return f"/articles/{article_id}"
    return f"/articles/{article_id}?{urlencode({'start': start, 'end': end})}#cite"


def date_text(record: dict[str, Any]) -> str:
    """An article's or event's date: the date, or the estimated range, or "undated"."""
    value = record.get("published") or record.get("date")
    if value:
        return str(value)[:10]
    span = record.get("published_range") or record.get("date_range")
    return f"{span[0]} – {span[1]}" if span else "undated"


def number(value: object) -> str:
    """A claim's value as people write it: ``300`` rather than ``300.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, str | None]:
    """Previous/next page URLs keeping the other query parameters."""

    def url(new_offset: int) -> str:
        params = dict(request.query_params) | {"offset": str(new_offset)}
        return f"{request.url.path}?{urlencode(params)}"

    return {
        "previous": url(max(offset - limit, 0)) if offset > 0 else None,
        "next": url(offset + limit) if offset + limit < total else None,
    }


ENV.filters["number"] = number
ENV.globals.update(
    sparkline=sparkline, marked=marked, css_class=css_class, safe_href=safe_href,
    cite_href=cite_href, date_text=date_text,
)  # fmt: skip


def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with ``context`` as an HTML response with status ``code``."""
    return HTMLResponse(_render(request, template, context), status_code=code)


def _render(request: Request, template: str, context: dict[str, Any]) -> str:
    return ENV.get_template(template).render(request=request, **context)


def cached_page(
    request: Request, store: Store, template: str, context: Callable[[], dict[str, Any]]
) -> HTMLResponse:
    """``page`` for a read-only page, its HTML memoised until the store changes.

    The story list renders a sparkline per story: on a large store, rendering cost
    more than reading the (memoised) records it shows. The key is the full URL, host
    included, so a page rendered for one host name never answers another.
    """
    html = memo(store, f"html:{request.url}", lambda: _render(request, template, context()))
    return HTMLResponse(html)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html.j2", status, status=status, message=message)
