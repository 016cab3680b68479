"""Who said what, and which numbers: pages of quotes and claims, filtered."""

from __future__ import annotations

from storyline.browse.analysis import claims_of, quotes_of
from storyline.browse.pages import Page, memo, page_of
from storyline.store import Store

_NOT_ANALYSED = "not analysed yet: quotes and claims appear once `storyline analyze` has run"


def _article_ids(store: Store, article: str | None, story: str | None) -> list[str] | None:
    if article is not None:
        return [article]
    if story is not None:
        return store.story_article_ids(story)
    return None


def list_quotes(
    store: Store,
    limit: int,
    offset: int = 0,
    article: str | None = None,
    story: str | None = None,
    speaker: str | None = None,
) -> Page:
    """Quotes of an article, a story or the corpus; ``speaker`` is an entity id or a name."""
    quotes = quotes_of(store, _article_ids(store, article, story))
    if speaker:
        wanted = speaker.lower()
        quotes = [q for q in quotes if wanted in (q["speaker_id"], (q["speaker"] or "").lower())]
    return page_of(quotes, limit, offset, _notes(store))


def list_claims(
    store: Store,
    limit: int,
    offset: int = 0,
    article: str | None = None,
    story: str | None = None,
    agreement: str | None = None,
) -> Page:
    """Claims of an article, a story or the corpus; ``agreement`` keeps agree/conflict/single."""
    claims = claims_of(store, _article_ids(store, article, story))
    if agreement:
        claims = [c for c in claims if c["agreement"] == agreement]
    return page_of(claims, limit, offset, _notes(store))


def _notes(store: Store) -> list[str]:
    counts = memo(store, "counts", store.counts)  # count(*) of every table: 90 ms at 200k
    return [] if counts["enrichments"] else [_NOT_ANALYSED]
