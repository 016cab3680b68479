"""The story-analysis phase: per story, summaries, timeline, quote board, claims, framing.

Results land in the store (``results`` kinds below, event and story summaries on
their records) in the phase's transaction, so the report, the API and the export
read them without recomputing.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.analyze.abstractive import LLMConfig, abstractive_summary
from storyline.analyze.claims import ClaimGroup, ClaimView, group_claims
from storyline.analyze.context import StoryContext, story_contexts
from storyline.analyze.framing import FramingRow, framing
from storyline.analyze.quotes import QuoteView, Statement, group_quotes
from storyline.analyze.summaries import Sentence, summarize
from storyline.analyze.timeline import story_timeline
from storyline.browse.records import plain_all
from storyline.browse.story import Findings, Known, card_item, story_record, view_item
from storyline.link.embed import SentenceSimilarity
from storyline.model import Citation, Enrichment, Event, Story
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import SqliteStore, Store
from storyline.store.kinds import (
    ABSTRACTS,
    ARTICLE,
    CLAIM_CHECKS,
    CLAIM_GROUPS,
    ENRICHMENT,
    ENTITY_ARTICLE,
    EVENT,
    FRAMING,
    QUOTE_GROUPS,
    STATEMENTS,
    STORY,
    STORY_CARD,
    STORY_VIEW,
    TIMELINE,
)
from storyline.store.update import ResultsWrite, Update
from storyline.workers import in_processes, paused_gc, spawns_last, usable_cores

# 3: only the stories the changes touch; factbox lines undated; 4: views; 5: a story of
# several events summarised from its events' summaries.
ANALYSIS_VERSION = "5"
# Sources handed to the model for an abstract: the story's best extractive sentences.
ABSTRACT_SOURCES = 12
# Summary lengths: an event in three sentences, a story in five.
EVENT_SUMMARY, STORY_SUMMARY = 3, 5

Similarity = Callable[[str, str], float]


KINDS = (TIMELINE, STATEMENTS, CLAIM_CHECKS, FRAMING, QUOTE_GROUPS, CLAIM_GROUPS, ABSTRACTS)


def update_story_analyses(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Recompute the analyses of the stories the changes touch (all, on a full run).

    A story is touched when it changed itself, when one of its events changed, or when
    an article of its events was re-ingested, enriched again or had its entities moved.
    """
    fresh: set[str] | None = None
    if delta.full:
        stories = [story.id for story in store.stories()]
        scope = None
    else:
        fresh = _changed_events(store, delta)
        stories = sorted(_touched_stories(store, delta, fresh))
        scope = stories
    update = analyze_stories(store, stories, options, reporter, fresh)
    for write in update.results:
        write.stories = scope
    return update


def _changed_events(store: Store, delta: Delta) -> set[str]:
    """Events whose members or members' text changed (their summaries are stale)."""
    articles = delta.ids(ARTICLE, ENRICHMENT)
    return delta.ids(EVENT) | {
        a.event_id for a in store.articles_by_id(articles).values() if a.event_id
    }


def _touched_stories(store: Store, delta: Delta, events: set[str]) -> set[str]:
    stories = delta.ids(STORY)
    moved = delta.ids(ENTITY_ARTICLE)
    events = events | {a.event_id for a in store.articles_by_id(moved).values() if a.event_id}
    stories |= {e.story_id for e in store.events(sorted(events)) if e.story_id}
    return stories


# Story analyses run in several processes (``--n-process N``: this one and N - 1 spawned
# workers) when there are at least this many stories (a spawned worker takes a second or
# two to import what it needs); the processes take parts of this many stories, the
# longest stories first, so a long one does not start last and leave the others idle.
PARALLEL_MIN_STORIES = 32
PART_STORIES = 8
# Unasked (``n_process`` None), they run in up to AUTO_PROCESSES processes when the
# machine has the cores and the stories hold at least AUTO_MIN_EVENTS events: ~1 ms of
# analysis an event on the 200k archive (a 1,000 batch touches ~490 stories of ~24k
# events, 30 s in one process), against ~2 s for a worker to start. Two, not every core:
# a worker holds its stories (up to ~1 GB on that archive) beside this process.
AUTO_PROCESSES, AUTO_MIN_EVENTS = 2, 5_000
# Inside workers.lasting_spawns (a long-running process) the worker, once started, stays,
# so what is left of its cost is handing parts over: a day's batch of stories shares out.

Found = dict[str, list[tuple[str, str | None, str | None, Any]]]


@dataclass(slots=True)
class Analyses:
    """What analysing some stories found, before it is written (picklable: a worker
    process's share comes back as one)."""

    found: Found = field(default_factory=lambda: {kind: [] for kind in KINDS})
    views: list[tuple[str, str | None, str | None, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    def add(self, other: Analyses) -> None:
        for kind, items in other.found.items():
            self.found[kind] += items
        self.views += other.views
        self.events += other.events
        self.stories += other.stories

    def update(self) -> Update:
        update = Update(events_quiet=self.events, stories_quiet=self.stories)
        update.count = len(self.stories)
        update.results = [ResultsWrite(kind, items) for kind, items in self.found.items()]
        update.results.append(ResultsWrite(STORY_VIEW, self.views))
        cards = [card_item(view[3]) for view in self.views]
        update.results.append(ResultsWrite(STORY_CARD, cards))
        return update


def analyze_stories(
    store: Store,
    story_ids: list[str] | None = None,
    options: AnalyzeOptions | None = None,
    reporter: Reporter | None = None,
    fresh: set[str] | None = None,
) -> Update:
    """The analyses of the given stories (all when None): what to write, as an Update.

    With ``fresh`` (the events whose members changed), the other events of those stories
    keep the summaries they have: a long story touched by one new article does not
    summarise its hundreds of events again. With ``options.n_process`` > 1 the stories
    are analysed in that many processes (stories are independent), with None in as many
    as the work pays for (``_processes``); the result is the same.
    """
    llm = options.llm if options is not None else None
    asked = options.n_process if options is not None else 1
    path = store.shared_path()  # None: no other process can read this store
    stories: Iterable[Story] = store.stories(story_ids)
    if asked != 1 and path is not None:
        stories = list(stories)  # read once: analysed here if no worker is started
        sizes = {story.id: len(story.event_ids) for story in stories}  # events each
        if (processes := _processes(asked, sizes)) > 1:
            return _in_processes(store, path, stories, llm, fresh, processes, reporter).update()
    merged = Analyses()
    for _, analyses in _analyze(store, stories, llm, fresh, reporter):
        merged.add(analyses)
    return merged.update()


def _processes(asked: int | None, sizes: dict[str, int]) -> int:
    """How many processes (this one included) analyse stories of these sizes (events)."""
    if asked is not None:
        return asked if len(sizes) >= PARALLEL_MIN_STORIES else 1
    if len(sizes) < PARALLEL_MIN_STORIES:
        return 1
    if sum(sizes.values()) < AUTO_MIN_EVENTS and not spawns_last():
        return 1
    return min(AUTO_PROCESSES, usable_cores())


def _analyze(
    store: Store,
    stories: Iterable[Story],
    llm: LLMConfig | None,
    fresh: set[str] | None,
    reporter: Reporter | None = None,
) -> Iterator[tuple[str, Analyses]]:
    """Each story's analyses, in the store's story order."""
    similar = _similarity()
    translations = SentenceSimilarity()  # one per run: it keeps each quote's vector
    for context in story_contexts(store, stories):
        analyses = Analyses()
        summarized = _summarize_events(context, fresh)
        analyses.events += [e for e in summarized if fresh is None or e.id in fresh]
        context.events = summarized
        context.story = _summarize_story(context)
        analyses.stories.append(context.story)
        _collect(analyses.found, context, similar, translations)
        if llm is not None:
            abstract = _abstract(context, llm)
            analyses.found[ABSTRACTS].append((context.story.id, context.story.id, None, abstract))
        analyses.views.append(view_item(_story_view(store, context, analyses.found)))
        if reporter is not None:
            reporter.advance(1)
        yield context.story.id, analyses


def _in_processes(
    store: Store,
    path: str,
    stories: list[Story],
    llm: LLMConfig | None,
    fresh: set[str] | None,
    processes: int,
    reporter: Reporter | None,
) -> Analyses:
    """The analyses of ``stories`` (in the store's order) from this process and
    ``processes - 1`` workers, each worker reading the store at ``path`` through its own
    connection, merged in the order one process gives them."""
    held = {story.id: story for story in stories}
    order = sorted(held, key=lambda s: -len(held[s].event_ids))  # long stories start first
    parts = [
        _Part(path, order[i : i + PART_STORIES], llm, fresh)
        for i in range(0, len(order), PART_STORIES)
    ]

    def here(part: _Part) -> list[tuple[str, Analyses]]:
        return list(_analyze(store, [held[i] for i in part.story_ids], part.llm, part.fresh))

    done: dict[str, Analyses] = {}
    # Closed at once if the reporter raises: the collector is paused here (paused_gc),
    # and the workers end with the generator.
    with contextlib.closing(in_processes(_analyze_part, parts, processes, here)) as finished:
        for index, results in finished:
            done.update(results)
            if reporter is not None:
                reporter.advance(len(parts[index].story_ids))
    merged = Analyses()
    for story_id in held:  # the store's order, as _analyze gives them
        if story_id in done:
            merged.add(done[story_id])
    return merged


@dataclass(frozen=True, slots=True)
class _Part:
    """What a worker process needs to analyse some stories (picklable)."""

    path: str
    story_ids: list[str]
    llm: LLMConfig | None
    fresh: set[str] | None


def _analyze_part(part: _Part) -> list[tuple[str, Analyses]]:
    with SqliteStore(part.path) as store, paused_gc():  # as the phase is in the caller
        return list(_analyze(store, store.stories(part.story_ids), part.llm, part.fresh))


def _story_view(
    store: Store, context: StoryContext, own: dict[str, list[tuple[str, Any, Any, Any]]]
) -> dict[str, Any]:
    """The story's page record (browse.story), from what this run found: stored with the
    analyses so that reading a story is one row and its timeline's, not a reassembly per
    request. The timeline stays out of the stored row: it is stored as the story's
    timeline results already, and in a long story it was three quarters of the record
    (4,704 entries), encoded and decoded twice more for every batch touching the story."""
    findings = Findings(
        timeline=[item[3] for item in own[TIMELINE]],  # read for its citations only
        quote_groups={item[0]: item[3] for item in own[QUOTE_GROUPS]},
        claim_groups={item[0]: item[3] for item in own[CLAIM_GROUPS]},
        checks={item[0]: item[3] for item in own[CLAIM_CHECKS]},
        framing=plain_all(item[3] for item in own[FRAMING]),
        abstract=next((item[3] for item in own[ABSTRACTS]), None),
    )
    known = Known(context.read, context.enrichments.values(), context.mentions, context.entities)
    return story_record(store, context.story, context.events, findings, known, to_store=True)


def _collect(
    found: dict[str, list[tuple[str, str | None, str | None, Any]]],
    context: StoryContext,
    similar: Similarity | None,
    translations: Similarity | None = None,
) -> None:
    story_id = context.story.id
    for index, entry in enumerate(story_timeline(context, similar)):
        found[TIMELINE].append((f"{story_id}:{index:05d}", story_id, None, entry))
    for statement in group_quotes(list(_quote_views(context)), similar, translations):
        found[STATEMENTS].append((statement.id, story_id, None, statement))
        for view in statement.wordings:
            group = {"id": view.quote.id, "group_id": statement.id}
            found[QUOTE_GROUPS].append((view.quote.id, story_id, view.quote.article_id, group))
    for check in group_claims(list(_claim_views(context)), similar):
        found[CLAIM_CHECKS].append((check.id, story_id, None, check))
        for claim_id in check.claim_ids:
            group = {"id": claim_id, "group_id": check.id, "agreement": check.agreement}
            found[CLAIM_GROUPS].append((claim_id, story_id, None, group))
    for row in framing(context):
        found[FRAMING].append((f"{story_id}:{row.entity_id}:{row.outlet}", story_id, None, row))


def _quote_views(context: StoryContext) -> Iterator[QuoteView]:
    for article_id, enrichment in context.enrichments.items():
        article = context.articles[article_id]
        for quote in enrichment.quotes:
            speaker = None
            if quote.speaker_chain is not None:
                speaker = context.chain_entity.get((article_id, quote.speaker_chain))
            when = article.published or _event_date(context.event_of(article_id))
            yield QuoteView(quote, speaker, article.outlet, when, language=article.language)


def _claim_views(context: StoryContext) -> Iterator[ClaimView]:
    for article_id, enrichment in context.enrichments.items():
        event = context.event_of(article_id)
        starts = [start for start, _ in enrichment.sentences]  # once per article, not claim
        for claim in enrichment.claims:
            sentence = _sentence_text(context, enrichment, starts, claim.start)
            yield ClaimView(claim, sentence, event.id if event else None)


def _summarize_events(context: StoryContext, fresh: set[str] | None = None) -> list[Event]:
    summarized = []
    for event in context.events:
        if fresh is not None and event.id not in fresh and event.summary:
            summarized.append(event)
            continue
        sentences = summarize(_sentences(context, event.article_ids), EVENT_SUMMARY)
        summarized.append(replace(event, summary=[s.record() for s in sentences]))
    return summarized


def _abstract(context: StoryContext, llm: LLMConfig) -> dict[str, Any]:
    sources = summarize(_sentences(context, list(context.articles)), ABSTRACT_SOURCES)
    sentences = abstractive_summary(sources, llm, size=STORY_SUMMARY)
    return {"model": llm.model, "sentences": [s.record() for s in sentences]}


def _summarize_story(context: StoryContext) -> Story:
    """A story of several events is summarised from its events' summaries (each event's
    best sentences, so the summary spans its events and costs what its events number, not
    every sentence of every article again); a story of one event from all its sentences."""
    if len(context.events) > 1:
        sentences = [_summary_sentence(context, item) for e in context.events for item in e.summary]
    else:
        sentences = _sentences(context, list(context.articles))
    summary = [s.record() for s in summarize(sentences, STORY_SUMMARY)]
    return replace(context.story, summary=summary)


def _summary_sentence(context: StoryContext, item: dict[str, Any]) -> Sentence:
    article = context.articles.get(str(item["article_id"]))
    published = article.published if article is not None else None
    citation = Citation(str(item["article_id"]), int(item["start"]), int(item["end"]))
    order = (published or "", citation.article_id, f"{citation.start:09d}")
    return Sentence(str(item["text"]), citation, order)


def _sentences(context: StoryContext, article_ids: list[str]) -> list[Sentence]:
    found = []
    for article_id in article_ids:
        article, enrichment = context.articles.get(article_id), context.enrichments.get(article_id)
        if article is None or enrichment is None:
            continue
        for start, end in enrichment.sentences:
            order = (article.published or "", article.id, f"{start:09d}")
            text = article.text[start:end].strip()
            found.append(Sentence(text, Citation(article.id, start, end), order))
    return found


def _sentence_text(
    context: StoryContext, enrichment: Enrichment, starts: list[int], offset: int
) -> str:
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return ""
    start, end = enrichment.sentences[index]
    return context.articles[enrichment.article_id].text[start:end]


def _event_date(event: Event | None) -> str | None:
    if event is None:
        return None
    return event.date or (event.date_range[0] if event.date_range else None)


def _similarity() -> Similarity | None:
    """Sentence similarity for grouping; None selects the word-overlap measure."""
    return None


__all__ = [
    "ANALYSIS_VERSION",
    "ClaimGroup",
    "FramingRow",
    "Statement",
    "analyze_stories",
    "update_story_analyses",
]
