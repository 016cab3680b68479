"""The corpus at a glance: counts, outlets, coverage, and which analyses have run."""

from __future__ import annotations

from dataclasses import asdict
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
    return {
        "counts": counts,
        "outlets": [{"outlet": o, "articles": n} for o, n in store.outlets()[:TOP_OUTLETS]],
        "coverage": asdict(coverage(date for _, date in store.article_dates())),
        "analysed": {
            "articles": counts["enrichments"],
            **{section: phase_ran(store, section) for section in SECTION_PHASES},
        },
        "vectors": store.vector_models(),
    }
