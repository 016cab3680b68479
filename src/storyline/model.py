"""The records every stage reads and writes.

All offsets are character offsets into ``Article.text`` (the cleaned body).
Records are plain slotted dataclasses; pydantic appears only at the HTTP boundary.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

PublishedBasis = Literal["metadata", "text", "estimated", "unknown"]
InputFormat = Literal["text", "html", "record"]


def content_hash(*parts: str | bytes | None, length: int = 16) -> str:
    """Stable hex id from the given parts (``None`` counts as empty)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else (part or b"")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:length]


@dataclass(slots=True)
class RawDocument:
    """One document as a reader found it, before cleaning.

    ``body`` holds the decoded text or HTML; ``raw`` the original bytes (kept
    compressed in the store so re-analysis never re-fetches). Metadata fields
    are what the container said (a JSON record, a feed entry, a WARC header);
    extraction fills the gaps.
    """

    source_path: str
    format: InputFormat
    body: str
    raw: bytes = b""
    content_type: str = "text/plain"
    url: str | None = None
    external_id: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    author: str | None = None

    @property
    def id(self) -> str:
        """Content hash: the same input (same identity, same bytes) gets the same id."""
        identity = self.external_id or self.url or ""
        return content_hash(identity, self.raw or self.body)


@dataclass(slots=True)
class ReadFailure:
    """An input that could not be read, with a one-line reason."""

    source_path: str
    problem: str


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Article:
    """A cleaned article: the unit every later stage works on."""

    id: str
    source_path: str
    text: str
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_range: tuple[str, str] | None = None
    published_basis: PublishedBasis = "unknown"
    language: str | None = None
    author: str | None = None
    removed: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    event_id: str | None = None
    format: InputFormat = "text"
    notes: list[str] = field(default_factory=list)
    # Bylines as a list of names (``author`` is the same joined, for older readers);
    # wire agencies credited in the text stay in ``credits``.
    authors: list[str] = field(default_factory=list)
    modified: str | None = None  # last update the page states, kept apart from ``published``
    site: str | None = None  # the site whose template applies (host, or the named outlet)


@dataclass(slots=True)
class Mention:
    """A stretch of an article's text that names or refers to an entity."""

    article_id: str
    start: int
    end: int
    text: str
    label: str = ""  # spaCy label (PERSON, ORG, GPE, …) or "PRONOUN"/"TITLE" for references


@dataclass(slots=True)
class Chain:
    """One entity within one article: every mention of it, resolved in the document.

    ``name`` is the fullest proper name used ("Vladimir Putin" for "Putin", "he",
    "the Russian president"); ``index`` numbers the chains of the article.
    """

    article_id: str
    index: int
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)  # "Belarusian ruler", "dictator"


@dataclass(slots=True)
class Entity:
    """An entity across the corpus: chains of many articles merged, with the evidence."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker_id: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    kind: Literal["direct", "indirect", "scare"] = "direct"
    group_id: str | None = None
    speaker_chain: int | None = None  # the article's Chain.index, before entities merge
    sentence_start: int | None = None  # the sentence(s) holding the quote, for citations
    sentence_end: int | None = None
    speaker_start: int | None = None  # where ``speaker_text`` stands in the article text
    speaker_end: int | None = None
    cue_start: int | None = None  # where ``cue`` stands; quotes sharing a cue are one statement
    cue_end: int | None = None


@dataclass(slots=True)
class TimeMention:
    article_id: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = None
    range: tuple[str, str] | None = None


@dataclass(slots=True)
class Claim:
    id: str
    kind: str
    value: int | float | str  # int stays int when read back (store/codec.py)
    unit: str | None
    article_id: str
    start: int
    end: int
    subject: str | None = None
    normalized: dict[str, object] | None = None
    group_id: str | None = None
    agreement: Literal["agree", "conflict", "single"] = "single"


@dataclass(slots=True)
class Enrichment:
    """What the language stage found in one article; offsets into ``Article.text``.

    ``skipped`` says why an article was not analysed (e.g. "language ja: no analysis
    pipeline for this language"), so nothing is left out silently; ``pipeline`` names
    the language pipeline that ran ("ru: natasha 1.6.0 …"), None when none did.
    ``failures`` names each sub-annotator that raised on this article, one line each
    ("times: OverflowError: …"); the rest of the enrichment is still there, and the
    step counts the article as failed.
    """

    article_id: str
    version: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # entity mentions in no chain
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    skipped: str | None = None
    failures: list[str] = field(default_factory=list)
    pipeline: str | None = None


@dataclass(slots=True)
class Citation:
    """Where a statement comes from: a stretch of one article's text."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    date: str | None = None
    date_range: tuple[str, str] | None = None
    entity_ids: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    summary: list[dict[str, object]] = field(default_factory=list)
    story_id: str | None = None


@dataclass(slots=True)
class Story:
    id: str
    title: str
    event_ids: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    summary: list[dict[str, object]] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEntry:
    """A dated line of a story's timeline; ``event_id`` is None for a background fact."""

    date: str | None
    date_range: tuple[str, str] | None
    granularity: Literal["day", "month", "year"]
    text: str
    story_id: str
    event_id: str | None = None
    citations: list[Citation] = field(default_factory=list)


MentionIndex = dict[tuple[str, int, int], str]


def mention_entity_index(entities: Iterable[Entity]) -> MentionIndex:
    """``(article_id, start, end) -> entity id`` for every mention of the entities."""
    return {(m.article_id, m.start, m.end): e.id for e in entities for m in e.mentions}


def chain_entity_index(
    entities: Iterable[Entity] | MentionIndex, enrichments: Iterable[Enrichment]
) -> dict[tuple[str, int], str]:
    """``(article_id, chain index) -> entity id``, through the chains' mentions.

    ``entities`` may be a prebuilt :func:`mention_entity_index`, for callers that map
    many small sets of enrichments against one corpus's entities.
    """
    by_mention = entities if isinstance(entities, dict) else mention_entity_index(entities)
    index: dict[tuple[str, int], str] = {}
    for enrichment in enrichments:
        for chain in enrichment.chains:
            found = next(
                (by_mention[key] for m in chain.mentions if (key := (m.article_id, m.start, m.end))
                 in by_mention),
                None,
            )  # fmt: skip
            if found:
                index[(chain.article_id, chain.index)] = found
    return index
