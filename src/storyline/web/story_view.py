"""What the story page shows, arranged from ``browse.story_detail``: the timeline strip,
the quote board (by speaker, same statements together) and claims grouped by fact."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from storyline.browse import article_summary
from storyline.store import Store
from storyline.web.charts import timeline_strip


def story_context(store: Store, story: dict[str, Any]) -> dict[str, Any]:
    """Template context for one story."""
    articles = _article_index(store, story)
    return {
        "story": story,
        "articles": articles,
        "strip": timeline_strip(_strip_items(story)),
        "speakers": quote_board(story["quotes"]),
        "claim_groups": claim_groups(story["claims"]),
        "outlets": sorted({a["outlet"] for a in articles.values() if a["outlet"]}),
    }


def _article_index(store: Store, story: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Summaries of the story's listed articles and of every article a quote or claim cites."""
    index = {a["id"]: a for a in story["articles"]}
    for item in story["quotes"] + story["claims"]:
        if item["article_id"] not in index:
            article = store.article(item["article_id"])
            if article is not None:
                index[article.id] = article_summary(article)
    return index


def _strip_items(story: dict[str, Any]) -> list[dict[str, Any]]:
    """Timeline entries (or, without a timeline, the events) to place on the strip."""
    if story["timeline"]:
        return [
            {"date": entry["date"] or (entry["date_range"] or [None])[0],
             "label": entry["text"], "anchor": f"tl-{index}"}
            for index, entry in enumerate(story["timeline"])
        ]  # fmt: skip
    return [
        {"date": event["date"] or (event["date_range"] or [None])[0],
         "label": event["title"], "anchor": f"ev-{event['id']}"}
        for event in story["events"]
    ]  # fmt: skip


def quote_board(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Speakers (most quoted first), each with their statements; a statement reported by
    several articles (same ``group_id``) is one entry with every report."""
    by_speaker: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for quote in quotes:
        speaker = quote.get("speaker") or "Unattributed"
        key = quote.get("group_id") or quote["id"]
        by_speaker[speaker].setdefault(key, []).append(quote)
    board = [
        {"speaker": speaker, "statements": list(statements.values()),
         "count": sum(len(reports) for reports in statements.values())}
        for speaker, statements in by_speaker.items()
    ]  # fmt: skip
    return sorted(board, key=lambda s: (s["speaker"] == "Unattributed", -s["count"], s["speaker"]))


def claim_groups(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims about the same fact together; conflicts first, then agreements, then singles."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        groups.setdefault(claim.get("group_id") or claim["id"], []).append(claim)
    order = {"conflict": 0, "agree": 1, "single": 2}
    result = [
        {"id": key, "claims": members, "agreement": members[0].get("agreement", "single")}
        for key, members in groups.items()
    ]
    return sorted(result, key=lambda g: (order.get(g["agreement"], 3), g["id"]))
