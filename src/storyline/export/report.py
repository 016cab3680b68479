"""The human-readable report: one self-contained HTML file, or Markdown.

Everything a reader checks links back to its source: each citation is an anchor
on the sentence it came from, highlighted when followed. Article text is
untrusted and only ever reaches the page escaped.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from storyline.analyze.claims import ClaimGroup
from storyline.analyze.framing import FramingRow
from storyline.analyze.phases import ABSTRACTS, CLAIM_CHECKS, FRAMING, STATEMENTS, TIMELINE
from storyline.analyze.quotes import Statement
from storyline.export.charts import timeline_svg
from storyline.export.markdown import (
    MarkdownText,
    markdown_code,
    markdown_environment,
    markdown_line,
)
from storyline.model import (
    Article,
    Citation,
    Claim,
    Enrichment,
    Entity,
    Event,
    Quote,
    ReadFailure,
    Story,
    TimelineEntry,
)
from storyline.store import Store

_ENV = Environment(
    loader=PackageLoader("storyline.export", "templates"),
    autoescape=select_autoescape(
        enabled_extensions=("html.j2",), default=False, default_for_string=True
    ),
    trim_blocks=True,
    lstrip_blocks=True,
)
_MARKDOWN_ENV = markdown_environment()


@dataclass(slots=True)
class StoryView:
    """One story as the report shows it."""

    story: Story
    events: list[Event]
    timeline: list[TimelineEntry]
    chart: Markup
    statements: list[Statement]
    checks: list[tuple[ClaimGroup, list[Claim]]]
    framing: list[FramingRow]
    entities: list[Entity]
    article_ids: list[str]
    abstract: dict[str, Any] | None = None

    @property
    def span(self) -> str:
        dates = [e.date or (e.date_range[0] if e.date_range else "") for e in self.timeline]
        dates = sorted(d for d in dates if d)
        return f"{dates[0]} – {dates[-1]}" if dates else "undated"


@dataclass(slots=True)
class ReportData:
    """Everything a report shows, gathered once from the store."""

    articles: list[Article]
    failures: list[ReadFailure]
    stories: list[StoryView] = field(default_factory=list)
    enrichments: dict[str, Enrichment] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    _by_id: dict[str, Article] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {article.id: article for article in self.articles}

    @property
    def outlets(self) -> list[tuple[str, int]]:
        return Counter(a.outlet or "unknown" for a in self.articles).most_common()

    @property
    def removed_blocks(self) -> int:
        return sum(len(a.removed) for a in self.articles)

    @property
    def event_count(self) -> int:
        return sum(len(story.events) for story in self.stories)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def cite_of(self, item: Citation | Claim | Quote | dict[str, Any]) -> Citation:
        """The citation of a summary item, claim or quote."""
        if isinstance(item, dict):
            return Citation(str(item["article_id"]), int(item["start"]), int(item["end"]))
        return Citation(item.article_id, item.start, item.end)

    def speaker(self, statement: Statement) -> str:
        """Who made a statement: the merged entity's name, else the words of the article."""
        entity = self.entities.get(statement.speaker_id or "")
        if entity is not None:
            return entity.name
        written = next(
            (w.quote.speaker_text for w in statement.wordings if w.quote.speaker_text), None
        )
        return written or "unattributed"

    def quoted(self, claim: Claim) -> str:
        """A claim as its article wrote it ("€1.26bn"), not as normalised."""
        article = self.article(claim.article_id)
        return article.text[claim.start : claim.end] if article else str(claim.value)

    def anchor(self, citation: Citation) -> str:
        """The fragment id of the sentence holding ``citation``."""
        enrichment = self.enrichments.get(citation.article_id)
        start = citation.start
        if enrichment and enrichment.sentences:
            starts = [s for s, _ in enrichment.sentences]
            start = starts[max(bisect.bisect_right(starts, citation.start) - 1, 0)]
        return f"s-{citation.article_id}-{start}"

    def source(self, citation: Citation) -> str:
        """How a citation is labelled: the outlet, or the article's title."""
        article = self.article(citation.article_id)
        if article is None:
            return citation.article_id
        return article.outlet or (article.title or article.id)[:40]

    def body(self, article: Article) -> Markup:
        """The article text, escaped, each sentence an anchor a citation can target."""
        enrichment = self.enrichments.get(article.id)
        if not enrichment or not enrichment.sentences:
            return Markup(escape(article.text))
        pieces, cursor = [], 0
        for start, end in enrichment.sentences:
            pieces.append(escape(article.text[cursor:start]))
            sentence = escape(article.text[start:end])
            pieces.append(
                Markup(f'<span class="sent" id="s-{article.id}-{start}">{sentence}</span>')
            )
            cursor = end
        pieces.append(escape(article.text[cursor:]))
        return Markup("").join(pieces)


def gather(store: Store) -> ReportData:
    """Read what the report needs from the store."""
    articles = list(store.articles())
    enrichments = {e.article_id: e for e in store.enrichments()}
    claims = {c.id: c for e in enrichments.values() for c in e.claims}
    entities = {e.id: e for e in store.entities()}
    data = ReportData(articles, store.failures(), enrichments=enrichments, entities=entities)
    events = list(store.events())
    for story in store.stories():
        data.stories.append(_story_view(store, story, events, claims, entities))
    return data


def _story_view(
    store: Store,
    story: Story,
    events: list[Event],
    claims: dict[str, Claim],
    entities: dict[str, Entity],
) -> StoryView:
    timeline = store.results(TIMELINE, TimelineEntry, story_id=story.id)
    checks = [
        (group, [claims[i] for i in group.claim_ids if i in claims])
        for group in store.results(CLAIM_CHECKS, ClaimGroup, story_id=story.id)
        if group.agreement != "single"
    ]
    own_events = [e for e in events if e.story_id == story.id]
    return StoryView(
        story=story,
        events=own_events,
        timeline=timeline,
        chart=timeline_svg(timeline, [f"t-{story.id}-{i}" for i in range(len(timeline))]),
        statements=store.results(STATEMENTS, Statement, story_id=story.id),
        checks=checks,
        framing=store.results(FRAMING, FramingRow, story_id=story.id),
        entities=[entities[i] for i in story.entity_ids if i in entities],
        article_ids=[a for e in own_events for a in e.article_ids],
        abstract=next(iter(store.results(ABSTRACTS, dict, story_id=story.id)), None),
    )


def date_label(article: Article) -> str:
    """How the report prints a date: the date, or the estimated range, with its basis."""
    if article.published:
        return f"{article.published} ({article.published_basis})"
    if article.published_range:
        low, high = article.published_range
        return f"between {low} and {high} (estimated)"
    return "unknown"


def entry_date(entry: TimelineEntry | Event) -> str:
    """A timeline entry's or event's date, or its range marked as a range."""
    if entry.date:
        return entry.date
    if entry.date_range:
        return f"{entry.date_range[0]} – {entry.date_range[1]}"
    return "undated"


def render_html(store: Store) -> str:
    """The report as one HTML page with inline CSS and no external resources."""
    template = _ENV.get_template("report.html.j2")
    return template.render(data=gather(store), date_label=date_label, entry_date=entry_date)


def render_markdown(store: Store) -> str:
    """The same report as Markdown, every piece of article text escaped
    (:mod:`storyline.export.markdown`), so it renders inert in any Markdown viewer."""
    data = gather(store)

    def cite(citation: Citation) -> MarkdownText:
        where = markdown_code(f"{citation.article_id}:{citation.start}")
        return MarkdownText(f"\\[{markdown_line(data.source(citation))} {where}\\]")

    template = _MARKDOWN_ENV.get_template("report.md.j2")
    return template.render(data=data, date_label=date_label, entry_date=entry_date, cite=cite)


def write_report(store: Store, out: str | Path, fmt: str = "html") -> Path:
    """Write the report in ``fmt`` (``html`` or ``md``) to ``out``."""
    path = Path(out)
    text = render_markdown(store) if fmt == "md" else render_html(store)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
    return path
