"""The extraction stage: a raw document becomes a cleaned Article with metadata.

Pure: the same document and site template always give the same article. The template
of the document's site (:mod:`storyline.extract.templates`) is passed in by the caller,
which learnt it from the site's other pages; without one a page gets single-page
extraction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from storyline.extract.boilerplate import CleanedText, clean_text
from storyline.extract.bylines import byline_in_text, split_authors
from storyline.extract.dates import estimate_range, find_dateline, normalize_published
from storyline.extract.embedded import embedded_body
from storyline.extract.html import extract_html
from storyline.extract.language import detect_language
from storyline.extract.metadata import (
    find_credits,
    outlet_from_chrome,
    outlet_from_credits,
    outlet_from_headline,
    outlet_from_url,
    split_headline,
)
from storyline.extract.page import PageFacts, page_facts
from storyline.extract.reconcile import keep_stated_body
from storyline.extract.render import removed_lines, visible_lines
from storyline.extract.templates import SiteTemplate, site_of
from storyline.extract.titles import (
    SECTION_NAMES,
    choose_title,
    clean_title,
    name_key,
    site_keys,
    squash,
)
from storyline.model import Article, RawDocument, ReadFailure

# Bump when extraction output changes, so `storyline analyze` re-extracts stored raw input.
EXTRACT_VERSION = "4"  # 4: outlets from headline affixes and source credits
# What ``notes`` says when cleaning would have left nothing and the text was kept whole.
DOUBTFUL_CLEANING = "cleaning doubtful: it would have removed all the text, which is kept whole"
# A template may take at most this share of a page's body: more means the page is
# mostly a copy of the site's other pages, not that its article is the site's chrome.
TEMPLATE_MAX_SHARE = 0.5


@dataclass(slots=True)
class _Body:
    """Body text and what came with it, before dates and languages are settled."""

    text: str
    removed: list[str]
    comments: list[str]
    title: str | None = None
    published: str | None = None
    published_basis: str = "unknown"
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)


def extract_articles(
    batch: list[RawDocument], templates: Mapping[str, SiteTemplate] | None = None
) -> list[Article | ReadFailure]:
    """Stage: clean each document of the batch; a document that fails becomes a failure.

    Args:
        batch: documents as readers gave them.
        templates: the templates of the batch's sites, by :func:`site_of` key; a page
            of a site without one gets single-page extraction.
    """
    results: list[Article | ReadFailure] = []
    for document in batch:
        site = site_of(document)
        template = templates.get(site) if templates and site else None
        try:
            results.append(extract_article(document, template))
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the batch
            problem = f"extraction failed: {type(error).__name__}: {error}".splitlines()[0]
            results.append(ReadFailure(document.source_path, problem))
    return results


# What a document with nothing to read fails with (one line, as every failure).
NO_TEXT = "no text in the input"


def extract_article(document: RawDocument, template: SiteTemplate | None = None) -> Article:
    """Clean one document and settle its title, dates, bylines, outlet, credits, language.

    Raises:
        ValueError: when the input holds no text at all.
    """
    if document.format == "html":
        body = _html_body(document, template)
    else:
        body = _text_body(document, template)
    if not body.text.strip():
        raise ValueError(NO_TEXT)
    language = document.language or detect_language(body.text)
    published, published_range, basis = _settle_date(document, body)
    outlet = document.outlet or body.outlet or outlet_from_url(document.url or body.url)
    authors = split_authors(document.author) or body.authors
    return Article(
        id=document.id,
        source_path=document.source_path,
        external_id=document.external_id,
        url=document.url or body.url,
        outlet=outlet
        or outlet_from_chrome(body.removed)
        or outlet_from_credits(body.text.splitlines() + _lines_of(body.removed)),
        title=_container_title(document, body),
        published=published,
        published_range=published_range,
        published_basis=basis,  # type: ignore[arg-type]
        language=language,
        author="; ".join(authors) or None,
        text=body.text,
        removed=body.removed,
        comments=body.comments,
        credits=find_credits(body.text.splitlines() + _lines_of(body.removed)),
        format=document.format,
        notes=body.notes,
        authors=authors,
        modified=body.modified,
        site=site_of(document),
    )


def _container_title(document: RawDocument, body: _Body) -> str | None:
    """A title the input's container gave, cleaned like any other; else the page's."""
    if not document.title:
        return body.title
    site = site_keys([document.outlet], document.url)
    cleaned = clean_title(document.title, site)
    return cleaned.title if cleaned else body.title


def _lines_of(blocks: list[str]) -> list[str]:
    return [line for block in blocks for line in block.splitlines()]


def _html_body(document: RawDocument, template: SiteTemplate | None) -> _Body:
    found = extract_html(document.body, url=document.url)
    facts = page_facts(document.body, document.url or found.url)
    stated = facts.data.body
    text = keep_stated_body(found.text, stated) if found.text else ""
    if not text:
        text = stated or embedded_body(document.body) or ""
    if not text:
        # Nothing found as the main text: the visible text, cleaned as text.
        fallback = RawDocument(
            document.source_path, "text", "\n".join(visible_lines(document.body))
        )
        body = _text_body(fallback, template)
        body.title = _html_title(facts, found.title, document.url, template)[0] or body.title
        return body
    text, chrome, notes = _apply_template(text, template)
    title, title_date = _html_title(facts, found.title, document.url, template)
    published, basis = _html_published(facts, found.published, title_date)
    kept = text + "\n" + "\n".join(found.comments)
    return _Body(
        text=text,
        removed=chrome + removed_lines(document.body, kept + "\n" + "\n".join(chrome)),
        comments=found.comments,
        title=title,
        published=published,
        published_basis=basis,
        modified=normalize_published(facts.data.modified or facts.data.og_modified),
        authors=split_authors(_authors(facts, found.author, document.url) + byline_in_text(text)),
        outlet=facts.data.site_name or facts.data.publisher or found.site_name,
        url=found.url,
        notes=notes,
    )


def _authors(facts: PageFacts, found: str | None, url: str | None) -> list[str]:
    """Bylines: structured data, then author meta tags, byline elements, trafilatura's.

    A source naming only the site itself ("Lesotho Times", "mdr.de") is kept and the
    next source that names people is added to it: the site is a byline (Fundus counts
    it as one), but rarely the whole of it.
    """
    site = site_keys(facts.data.site_names, url)
    only_site: list[str] = []
    for names in (facts.data.authors, facts.meta_authors, facts.byline_authors, [found or ""]):
        authors = split_authors(names)
        if authors and all(name_key(name) in site for name in authors):
            only_site = only_site or authors
        elif authors:
            return split_authors(only_site + authors)
    return only_site


def _apply_template(text: str, template: SiteTemplate | None) -> tuple[str, list[str], list[str]]:
    """The body without the site's chrome lines, those lines, and a note when doubtful."""
    if template is None:
        return text, [], []
    lines = text.split("\n")
    kept, chrome = template.split(lines)
    if not chrome:
        return text, [], []
    if sum(len(line) for line in chrome) > TEMPLATE_MAX_SHARE * len(text):
        return (
            text,
            [],
            [f"site template of {template.site} not applied: it covers most of the text"],
        )
    return "\n".join(kept).strip("\n"), chrome, []


def _html_title(
    facts: PageFacts, fallback: str | None, url: str | None, template: SiteTemplate | None
) -> tuple[str | None, str | None]:
    """The page's headline, and a date its title affixes stated ("| DW | 28.04.2023")."""
    data = facts.data
    site = site_keys(data.site_names, url)
    affixes = template.title_affixes() if template else []

    def clean(title: str | None) -> tuple[str | None, str | None]:
        cleaned = clean_title(title, site, affixes, data.section)
        return (cleaned.title, cleaned.date) if cleaned else (None, None)

    headline, _ = clean(data.headline)
    social, social_date = clean(data.og_title)
    browser, browser_date = clean(facts.browser_title)
    visible = [squash(h) for h in facts.headlines]
    title = choose_title(headline, social, browser, visible, clean(fallback)[0])
    return title, social_date or browser_date


def _html_published(
    facts: PageFacts, found: str | None, title_date: str | None
) -> tuple[str | None, str]:
    """The page's own publication date: structured data, its title, its date line, htmldate."""
    data = facts.data
    for stated in (data.published, data.og_published, title_date, facts.header_date, found):
        normalized = normalize_published(stated)
        if normalized:
            return normalized, "metadata"
    return None, "unknown"


def _text_body(document: RawDocument, template: SiteTemplate | None) -> _Body:
    text = document.body.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    chrome: list[str] = []
    if template is not None:
        kept, chrome = template.split(lines)
        if sum(len(line) for line in chrome) <= TEMPLATE_MAX_SHARE * len(text):
            lines = kept
        else:
            chrome = []
    headline, lines, moved = split_headline(lines)
    if document.title and headline and headline != document.title.strip():
        # The container gave the title; the first line is body, not a headline.
        headline, lines, moved = None, [x for x in text.split("\n") if x not in chrome], []
    published, basis = None, "unknown"
    dateline = find_dateline([line for line in lines if line.strip()])
    if dateline is not None:
        line_text = [line for line in lines if line.strip()][dateline[0]]
        lines.remove(line_text)
        moved.append(line_text)
        published, basis = dateline[1], "text"
    cleaned: CleanedText = clean_text("\n".join(lines), language=document.language)
    body = _Body(
        text=cleaned.text,
        removed=chrome + moved + cleaned.removed,
        comments=cleaned.comments,
        title=_clean_headline(headline, document, template),
        published=published,
        published_basis=basis,
        outlet=outlet_from_headline(headline, SECTION_NAMES),
    )
    if not body.text.strip():
        _keep_whole(body, "\n".join(lines), headline)
    return body


def _keep_whole(body: _Body, text: str, headline: str | None) -> None:
    """Cleaning left nothing: real text is never thrown away, so keep it and say so."""
    whole = text.strip("\n") or (headline or "")
    if not whole.strip():
        return
    body.text = whole
    body.removed = [block for block in body.removed if block.strip() not in whole]
    body.comments = []
    body.notes.append(DOUBTFUL_CLEANING)


def _clean_headline(
    headline: str | None, document: RawDocument, template: SiteTemplate | None
) -> str | None:
    named = outlet_from_headline(headline, SECTION_NAMES)
    site = site_keys([document.outlet, named], document.url)
    cleaned = clean_title(headline, site, template.title_affixes() if template else [])
    return cleaned.title if cleaned else headline


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
