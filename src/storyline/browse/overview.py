"""The corpus at a glance: counts, outlets, coverage, and which analyses have run."""

from __future__ import annotations

from typing import Any

from storyline.browse.analysis import SECTION_PHASES, phase_ran
from storyline.browse.coverage import coverage
from storyline.browse.pages import memo
from storyline.store import Store

TOP_OUTLETS = 12


def overview(store: Store) -> dict[str, Any]:
    """Counts by kind, the biggest outlets, coverage of all articles, analyses run."""
    return memo(store, "overview", lambda: _overview(store))


def _overview(store: Store) -> dict[str, Any]:
    counts = store.counts()
    outlets = store.outlets()
    return {
        "counts": counts,
        "outlets": [{"outlet": o, "articles": n} for o, n in outlets[:TOP_OUTLETS]],
        # How many there are (the list above is only the biggest), and the articles that
        # name none: "5 articles, 2 outlets" must not read as two outlets' work.
        "outlet_count": len(outlets),
        "articles_naming_no_outlet": counts["articles"] - sum(n for _, n in outlets),
        "coverage": coverage(date for _, date in store.article_dates()).record(),
        "analysed": {
            "articles": counts["enrichments"],
            **{section: phase_ran(store, section) for section in SECTION_PHASES},
        },
        "vectors": store.vector_models(),
    }
