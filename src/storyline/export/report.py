"""The human-readable report: one self-contained HTML file, or Markdown.

Everything a reader checks links back to its source: each citation is an anchor
on the sentence it came from, highlighted when followed. Article text is
untrusted and only ever reaches the page escaped.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from storyline.browse import story_detail
from storyline.browse.highlight import Mark, pieces
from storyline.browse.story import quote_board
from storyline.export.charts import timeline_svg
from storyline.export.markdown import (
    MarkdownText,
    markdown_code,
    markdown_environment,
    markdown_line,
)
from storyline.model import Article, Citation, Enrichment, Event, ReadFailure, TimelineEntry
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


Record = dict[str, Any]


@dataclass(slots=True)
class StoryView:
    """One story as the report shows it: the read model's story record
    (:func:`storyline.browse.story_detail`, the same the web page and the API show),
    with the quote board and the claim checks arranged for the report."""

    story: Record
    chart: Markup

    @property
    def span(self) -> str:
        span = self.story.get("span")
        return f"{span['first']} – {span['last']}" if span else "undated"

    @property
    def events(self) -> list[Record]:
        return list(self.story["events"])

    @property
    def timeline(self) -> list[Record]:
        return list(self.story["timeline"])

    @property
    def statements(self) -> list[Record]:
        """Each statement with its speaker, its wordings and the outlets reporting it."""
        sources = self.story["sources"]
        found = []
        for speaker in quote_board(self.story["quotes"]):
            for reports in speaker["statements"]:
                outlets = {(sources.get(q["article_id"]) or {}).get("outlet") for q in reports}
                found.append({
                    "speaker": speaker["speaker"], "outlets": sorted(o for o in outlets if o),
                    "wordings": [{"quote": q, "date": (sources.get(q["article_id"]) or {})
                                  .get("published")} for q in reports],
                })  # fmt: skip
        return found

    @property
    def checks(self) -> list[tuple[Record, list[Record]]]:
        return [(g, g["claims"]) for g in self.story["checks"] if g["agreement"] != "single"]

    @property
    def framing(self) -> list[Record]:
        return list(self.story["framing"])

    @property
    def entities(self) -> list[Record]:
        return list(self.story["entities"])

    @property
    def article_ids(self) -> list[str]:
        return [a["id"] for a in self.story["articles"]]

    @property
    def article_count(self) -> int:
        return int(self.story["article_count"])

    @property
    def abstract(self) -> Record | None:
        return self.story.get("abstract")


@dataclass(slots=True)
class ReportData:
    """Everything a report shows, gathered once from the store."""

    articles: list[Article]
    failures: list[ReadFailure]
    stories: list[StoryView] = field(default_factory=list)
    enrichments: dict[str, Enrichment] = field(default_factory=dict)
    outlets: list[tuple[str, int]] = field(default_factory=list)  # known outlets only
    _by_id: dict[str, Article] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {article.id: article for article in self.articles}

    @property
    def removed_blocks(self) -> int:
        return sum(len(a.removed) for a in self.articles)

    @property
    def articles_naming_no_outlet(self) -> int:
        """Articles whose outlet nothing names (no URL, no site name, no credit line):
        said apart, so that "5 articles, 2 outlets" does not read as two outlets' work."""
        return sum(1 for a in self.articles if not a.outlet)

    @property
    def event_count(self) -> int:
        return sum(len(story.events) for story in self.stories)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def cite_of(self, item: Citation | Record) -> Citation:
        """The citation of a summary item, claim or quote record."""
        if isinstance(item, dict):
            return Citation(str(item["article_id"]), int(item["start"]), int(item["end"]))
        return item

    def quoted(self, claim: Record) -> str:
        """A claim as its article wrote it ("€1.26bn"), not as normalised."""
        article = self.article(claim["article_id"])
        return article.text[claim["start"] : claim["end"]] if article else str(claim["value"])

    def anchor(self, cited: Citation | Record) -> str:
        """The fragment id of the sentence holding ``citation``."""
        citation = self.cite_of(cited)
        enrichment = self.enrichments.get(citation.article_id)
        start = citation.start
        if enrichment and enrichment.sentences:
            starts = [s for s, _ in enrichment.sentences]
            start = starts[max(bisect.bisect_right(starts, citation.start) - 1, 0)]
        return f"s-{citation.article_id}-{start}"

    def source(self, cited: Citation | Record) -> str:
        """How a citation is labelled: the outlet, or the article's title."""
        citation = self.cite_of(cited)
        article = self.article(citation.article_id)
        if article is None:
            return citation.article_id
        return article.outlet or (article.title or article.id)[:40]

    def body(self, article: Article) -> Markup:
        """The article text, escaped, each sentence an anchor a citation can target
        (cut by the same highlighter the web article page uses)."""
        enrichment = self.enrichments.get(article.id)
        sentences = enrichment.sentences if enrichment else []
        marks = [Mark(s, e, "sent", anchor=f"s-{article.id}-{s}") for s, e in sentences]
        html = []
        for piece in pieces(article.text, marks):
            if "sent" in piece.classes:
                anchor = escape(piece.anchors[0]) if piece.anchors else ""
                html.append(Markup(f'<span class="sent" id="{anchor}">{escape(piece.text)}</span>'))
            else:
                html.append(escape(piece.text))
        return Markup("").join(html)


def gather(store: Store) -> ReportData:
    """Read what the report needs from the store: every story through the read model."""
    articles = list(store.articles())
    enrichments = {e.article_id: e for e in store.enrichments()}
    data = ReportData(articles, store.failures(), enrichments=enrichments, outlets=store.outlets())
    for story in store.stories():
        record = story_detail(store, story.id)
        if record is None:
            continue
        anchors = [f"t-{story.id}-{i}" for i in range(len(record["timeline"]))]
        data.stories.append(StoryView(record, timeline_svg(record["timeline"], anchors)))
    return data


def date_label(article: Article) -> str:
    """How the report prints a date: the date, or the estimated range, with its basis."""
    if article.published:
        return f"{article.published} ({article.published_basis})"
    if article.published_range:
        low, high = article.published_range
        return f"between {low} and {high} (estimated)"
    return "unknown"


def entry_date(entry: TimelineEntry | Event | Record) -> str:
    """A timeline entry's or event's date, or its range marked as a range."""
    if isinstance(entry, dict):
        day, span = entry.get("date"), entry.get("date_range")
    else:
        day, span = entry.date, entry.date_range
    if day:
        return str(day)
    if span:
        return f"{span[0]} – {span[1]}"
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
