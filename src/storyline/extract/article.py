"""The extraction stage: a raw document becomes a cleaned Article with metadata."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.extract.boilerplate import CleanedText, clean_text
from storyline.extract.dates import estimate_range, find_dateline, normalize_published
from storyline.extract.html import extract_html
from storyline.extract.language import detect_language
from storyline.extract.metadata import (
    find_credits,
    outlet_from_chrome,
    outlet_from_url,
    split_headline,
)
from storyline.extract.render import removed_lines, visible_lines
from storyline.model import Article, RawDocument, ReadFailure

# Bump when extraction output changes, so `storyline analyze` re-extracts stored raw input.
EXTRACT_VERSION = "2"


@dataclass(slots=True)
class _Body:
    """Body text and what came with it, before dates and languages are settled."""

    text: str
    removed: list[str]
    comments: list[str]
    title: str | None = None
    published: str | None = None
    published_basis: str = "unknown"
    author: str | None = None
    outlet: str | None = None
    url: str | None = None


def extract_articles(batch: list[RawDocument]) -> list[Article | ReadFailure]:
    """Stage: clean each document of the batch; a document that fails becomes a failure."""
    results: list[Article | ReadFailure] = []
    for document in batch:
        try:
            results.append(extract_article(document))
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the batch
            problem = f"extraction failed: {type(error).__name__}: {error}".splitlines()[0]
            results.append(ReadFailure(document.source_path, problem))
    return results


def extract_article(document: RawDocument) -> Article:
    """Clean one document and settle its title, date, outlet, credits and language.

    Raises:
        ValueError: when nothing usable is left after cleaning.
    """
    body = _html_body(document) if document.format == "html" else _text_body(document)
    if not body.text.strip():
        raise ValueError("no article text left after removing boilerplate")
    language = document.language or detect_language(body.text)
    published, published_range, basis = _settle_date(document, body)
    outlet = document.outlet or body.outlet or outlet_from_url(document.url or body.url)
    return Article(
        id=document.id,
        source_path=document.source_path,
        external_id=document.external_id,
        url=document.url or body.url,
        outlet=outlet or outlet_from_chrome(body.removed),
        title=document.title or body.title,
        published=published,
        published_range=published_range,
        published_basis=basis,  # type: ignore[arg-type]
        language=language,
        author=document.author or body.author,
        text=body.text,
        removed=body.removed,
        comments=body.comments,
        credits=find_credits(body.text.splitlines() + _lines_of(body.removed)),
        format=document.format,
    )


def _lines_of(blocks: list[str]) -> list[str]:
    return [line for block in blocks for line in block.splitlines()]


def _html_body(document: RawDocument) -> _Body:
    found = extract_html(document.body, url=document.url)
    if not found.text:
        # trafilatura found no main text: fall back to the visible text, cleaned as text.
        fallback = RawDocument(
            document.source_path, "text", "\n".join(visible_lines(document.body))
        )
        body = _text_body(fallback)
        body.title = body.title or found.title
        return body
    return _Body(
        text=found.text,
        removed=removed_lines(document.body, found.text + "\n" + "\n".join(found.comments)),
        comments=found.comments,
        title=found.title,
        published=normalize_published(found.published),
        published_basis="metadata" if found.published else "unknown",
        author=found.author,
        outlet=found.site_name,
        url=found.url,
    )


def _text_body(document: RawDocument) -> _Body:
    lines = document.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headline, lines, moved = split_headline(lines)
    if document.title and headline and headline != document.title.strip():
        # The container gave the title; the first line is body, not a headline.
        headline, lines, moved = None, document.body.splitlines(), []
    published, basis = None, "unknown"
    dateline = find_dateline([line for line in lines if line.strip()])
    if dateline is not None:
        line_text = [line for line in lines if line.strip()][dateline[0]]
        lines.remove(line_text)
        moved.append(line_text)
        published, basis = dateline[1], "text"
    cleaned: CleanedText = clean_text("\n".join(lines), language=document.language)
    return _Body(
        text=cleaned.text,
        removed=moved + cleaned.removed,
        comments=cleaned.comments,
        title=headline,
        published=published,
        published_basis=basis,
    )


def _settle_date(
    document: RawDocument, body: _Body
) -> tuple[str | None, tuple[str, str] | None, str]:
    """Metadata first, then a printed dateline, then an honest estimated range."""
    stated = normalize_published(document.published)
    if stated:
        return stated, None, "metadata"
    if body.published:
        return body.published, None, body.published_basis
    estimate = estimate_range(body.text)
    if estimate:
        return None, estimate, "estimated"
    return None, None, "unknown"
