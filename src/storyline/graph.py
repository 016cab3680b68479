"""The analysis, declared once: every per-article step and corpus phase, in order.

Each step names what it reads and writes (change kinds, :mod:`storyline.store.kinds`);
the orchestrator runs this list with any engine and gives each step only what changed
in what it reads. To add a per-article step, write its pure ``compute`` function and
declare it here; nothing else changes.
"""

from __future__ import annotations

from storyline.analyze.phases import ANALYSIS_VERSION, update_story_analyses
from storyline.enrich.stage import enrich_rows, enrich_version, step_version
from storyline.link.dating import DATING_VERSION, update_dating
from storyline.link.duplicate_phase import (
    DUPLICATES_VERSION,
    SIGNATURE_MODEL,
    signature_rows,
    update_duplicates,
)
from storyline.link.embed import MODEL, embed_rows
from storyline.link.entity_phase import ENTITIES_VERSION, update_entities
from storyline.link.event_phase import EVENTS_VERSION, update_events
from storyline.link.search_index import SEARCH_INDEX_VERSION, update_search_index
from storyline.link.story_phase import STORIES_VERSION, update_stories
from storyline.link.terms import PROFILE_MODEL, profile_rows
from storyline.steps import ArticleStep, CorpusPhase, Step, check_graph
from storyline.store.kinds import (
    ARTICLE,
    DUPLICATE,
    ENRICHMENT,
    ENTITY,
    ENTITY_ARTICLE,
    ESTIMATE,
    EVENT,
    EVENT_ARTICLE,
    STORY,
    vector_kind,
)

EMBEDDING, PROFILE, SIGNATURE = (vector_kind(m) for m in (MODEL, PROFILE_MODEL, SIGNATURE_MODEL))

GRAPH: tuple[Step, ...] = (
    # Per-article steps: results depend on the article alone.
    ArticleStep(
        "enrich", step_version(), "enriching", (ARTICLE, ESTIMATE), ENRICHMENT, enrich_rows,
        stored_version=enrich_version,
    ),
    ArticleStep("embed", MODEL, "embedding", (ARTICLE,), EMBEDDING, embed_rows),
    ArticleStep("profile", PROFILE_MODEL, "profiling", (ARTICLE,), PROFILE, profile_rows),
    ArticleStep("signature", SIGNATURE_MODEL, "signing", (ARTICLE,), SIGNATURE, signature_rows),
    # Corpus phases: each reads what the earlier ones wrote.
    CorpusPhase(
        "duplicates", DUPLICATES_VERSION, "duplicates",
        (ARTICLE, SIGNATURE, EMBEDDING), (DUPLICATE,), update_duplicates,
    ),
    CorpusPhase(
        "entities", ENTITIES_VERSION, "entities",
        (ARTICLE, ENRICHMENT), (ENTITY, ENTITY_ARTICLE), update_entities,
    ),
    CorpusPhase(
        "dating", DATING_VERSION, "dating",
        # Event and duplicate links come from later phases: an undated article inherits
        # from its event's coverage on the next walk of the graph.
        (ARTICLE, ENRICHMENT, ENTITY_ARTICLE, EVENT_ARTICLE, DUPLICATE), (ESTIMATE,),
        update_dating,
    ),
    CorpusPhase(
        "events", EVENTS_VERSION, "events",
        (ARTICLE, PROFILE, EMBEDDING, DUPLICATE, ESTIMATE, ENRICHMENT, ENTITY_ARTICLE),
        (EVENT, EVENT_ARTICLE), update_events,
    ),
    CorpusPhase("stories", STORIES_VERSION, "stories", (EVENT,), (STORY,), update_stories),
    CorpusPhase(
        "stories-analysis", ANALYSIS_VERSION, "story analyses",
        (ARTICLE, ENRICHMENT, ENTITY_ARTICLE, EVENT, STORY), (), update_story_analyses,
    ),
    CorpusPhase(
        "search-index", SEARCH_INDEX_VERSION, "search index",
        (ARTICLE, EMBEDDING), (), update_search_index,
    ),
)  # fmt: skip
check_graph(GRAPH)


def step_names() -> list[str]:
    """Every step's name, in the order they run."""
    return [step.name for step in GRAPH]


def article_step_names() -> list[str]:
    """The per-article steps' names (what a corpus's articles need before linking)."""
    return [step.name for step in GRAPH if isinstance(step, ArticleStep)]


def select(*names: str) -> tuple[Step, ...]:
    """The steps called ``names``, in graph order (to run part of the analysis).

    Raises:
        ValueError: a name no step has.
    """
    unknown = set(names) - set(step_names())
    if unknown:
        raise ValueError(f"no step called {', '.join(sorted(unknown))}")
    return tuple(step for step in GRAPH if step.name in names)
