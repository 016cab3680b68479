"""The kinds of change the store logs: what steps declare they read and write.

Each kind names one result that can change for a subject id (an article id unless
said otherwise). Steps are declared against these names (storyline.graph), and the
store logs them as it writes (storyline.store.changes).
"""

from __future__ import annotations

ARTICLE = "article"  # stored, re-ingested with other text, or deleted
ENRICHMENT = "enrichment"  # sentences, chains, quotes, times, claims
DUPLICATE = "duplicate"  # duplicate_of moved
ESTIMATE = "estimate"  # the estimated publication range of an undated article moved
ENTITY = "entity"  # an entity (by entity id) written or deleted
ENTITY_ARTICLE = "entity-article"  # which entities an article's chains belong to moved
EVENT = "event"  # an event (by event id) written or deleted
EVENT_ARTICLE = "event-article"  # event_id moved
STORY = "story"  # a story (by story id) written or deleted


def vector_kind(model: str) -> str:
    """The kind of a per-article vector (embedding, term profile, signature) of ``model``."""
    return f"vector:{model}"


# Result kinds: what the ``results`` table holds, per subject (see the phase writing each).
TIMELINE = "timeline"  # per story: its timeline entries (analyze/phases.py)
STATEMENTS = "statement"  # per story: quotes grouped into statements
CLAIM_CHECKS = "claim_check"  # per story: claims about the same fact, with agreement
FRAMING = "framing"  # per story, entity and outlet: how the outlet names and describes it
QUOTE_GROUPS = "quote_group"  # per quote: the statement it belongs to
CLAIM_GROUPS = "claim_group"  # per claim: its group and agreement
ABSTRACTS = "abstract"  # per story: the optional model-written summary
DATING = "dating"  # per article: its extracted base range and the evidence (link/dating.py)
STORY_VIEW = "story_view"  # per story: the page record browse reads in one go
STORY_CARD = "story_card"  # per story: what the story list shows (article count, coverage)
# Result kinds read only as maps by id (a quote's or claim's group is looked up): the
# order of their rows means nothing, so rows are updated in place. Every other kind is
# read in the order it was written (a story's timeline, its framing rows).
KEYED_RESULTS = frozenset({QUOTE_GROUPS, CLAIM_GROUPS})
