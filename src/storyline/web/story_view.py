"""What the story page shows, arranged from the read model's story record
(``browse.story_detail``): the timeline chart, the quote board and the claim checks."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from storyline.browse.story import quote_board
from storyline.export.charts import timeline_svg


def story_context(story: dict[str, Any]) -> dict[str, Any]:
    """Template context for one story."""
    articles = {i: {"id": i, **source} for i, source in story["sources"].items()}
    articles.update({a["id"]: a for a in story["articles"]})
    return {
        "story": story,
        "articles": articles,
        "chart": _chart(story),
        "speakers": quote_board(story["quotes"]),
        "claim_groups": story["checks"],
        "outlets": story["outlets"],
    }


def _chart(story: dict[str, Any]) -> Markup:
    """The timeline (or, without one, the events) on the report's chart."""
    if story["timeline"]:
        anchors = [f"tl-{index}" for index in range(len(story["timeline"]))]
        return timeline_svg(story["timeline"], anchors)
    return timeline_svg(story["events"], [f"ev-{event['id']}" for event in story["events"]])
