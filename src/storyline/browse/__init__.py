"""Reading the store for people and programs: pages of contract records, story and article
views with what analysis found so far, coverage over time, and the corpus overview.

The HTTP API returns these records as JSON and the web UI renders them; neither reads the
store any other way.
"""

from __future__ import annotations

from storyline.browse.articles import article_detail, article_summary, list_articles
from storyline.browse.coverage import Coverage, coverage
from storyline.browse.entities import entity_detail, list_entities
from storyline.browse.overview import overview
from storyline.browse.pages import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    Page,
    check_page,
    page_of,
)
from storyline.browse.statements import list_claims, list_quotes
from storyline.browse.stories import (
    event_detail,
    list_events,
    list_stories,
    list_timeline,
    story_detail,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "Coverage",
    "Page",
    "article_detail",
    "article_summary",
    "check_page",
    "coverage",
    "entity_detail",
    "event_detail",
    "list_articles",
    "list_claims",
    "list_entities",
    "list_events",
    "list_quotes",
    "list_stories",
    "list_timeline",
    "overview",
    "page_of",
    "story_detail",
]
