"""Per-site templates: what a site repeats on its pages is the site's, not the article's.

A single page cannot tell a consent notice, an image credit, a newsletter box or a
"Read more" teaser from a short paragraph; a site's other pages can: such lines come
back page after page, an article's sentences do not. A :class:`SiteTemplate` counts,
over the pages of one site seen so far, on how many pages each line and each title
affix (the part after a separator: "| DW | 28.04.2023", "-정치ㅣ한국일보") occurs.
Lines and affixes that recur are the site's template; extraction removes them (kept
verbatim in ``removed``). The counts are folded in page by page, so a template is
learnt incrementally as a site's pages arrive; a site with one page has no template
and its pages get single-page extraction.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storyline.extract.render import visible_lines
from storyline.extract.titles import AFFIX_MAX_SHARE, squash
from storyline.model import RawDocument

# Bump when what a template holds or means changes (stored templates are then relearnt).
TEMPLATE_VERSION = "1"
# A line (or affix) is the site's when it is on at least this many of its pages and on at
# least this share of them. Two pages suffice: an article's own sentences are not on a
# second page of the site (copies of one page are not folded, see ``fold``). The share
# keeps rotating teasers of a big site from counting as its template; calibrated on the
# multi-page sites of pages-fundus (eval/fundus.py), where 2 of 2-3 pages is the case.
MIN_PAGES = 2
MIN_SHARE = 0.2
# A page whose long lines are mostly known already is a copy (a re-fetch, an update at
# a new URL): folding it would make its article look like the site's chrome.
COPY_SHARE = 0.5
LONG_LINE_WORDS = 8
# Memory bound per site: past this many tracked lines the rarest (then oldest) are
# forgotten; lines on a fifth of the pages never are (they are counted on every page).
MAX_TRACKED = 4000
# Title affixes longer than this are headline text, not the site's furniture.
AFFIX_MAX_CHARS = 60
# Separator characters a title affix starts with.
_AFFIX_START = re.compile(r"\s+[|–—\-:·•»›/]|\s*[｜ㅣ：|]|\s*--|-(?=\w)")


@dataclass(slots=True)
class PageSample:
    """What a template learns from one page: its lines and its titles' affixes."""

    site: str
    lines: set[str]
    long_lines: set[str]
    affixes: set[str]


@dataclass(slots=True)
class SiteTemplate:
    """Counts over the pages of one site seen so far.

    Example:
        >>> template = SiteTemplate("example.org")
        >>> for n in range(3):
        ...     _ = template.fold(PageSample("example.org", {f"story {n}", "photo: afp"},
        ...                                  set(), {" | example"}))
        >>> sorted(template.boilerplate()), template.title_affixes()
        (['photo: afp'], [' | example'])
    """

    site: str
    pages: int = 0
    lines: dict[str, int] = field(default_factory=dict)
    affixes: dict[str, int] = field(default_factory=dict)
    version: str = TEMPLATE_VERSION

    def fold(self, sample: PageSample) -> bool:
        """Count one more page of the site; False (nothing counted) for a copy."""
        if sample.long_lines:
            known = sum(1 for line in sample.long_lines if line in self.lines)
            if known / len(sample.long_lines) >= COPY_SHARE:
                return False
        self.pages += 1
        for line in sample.lines:
            self.lines[line] = self.lines.get(line, 0) + 1
        for affix in sample.affixes:
            self.affixes[affix] = self.affixes.get(affix, 0) + 1
        if len(self.lines) > MAX_TRACKED:
            self._forget()
        return True

    def _forget(self) -> None:
        """Drop the rarest lines, the oldest first among equals, down to 3/4 of the bound."""
        ranked = sorted(
            enumerate(self.lines.items()), key=lambda item: (item[1][1], item[0]), reverse=True
        )
        kept = sorted(ranked[: MAX_TRACKED * 3 // 4])  # back in the order first seen
        self.lines = {line: count for _, (line, count) in kept}

    def _needed(self) -> int:
        return max(MIN_PAGES, math.ceil(MIN_SHARE * self.pages))

    def boilerplate(self) -> set[str]:
        """Normalised lines that are the site's chrome."""
        needed = self._needed()
        return {line for line, count in self.lines.items() if count >= needed}

    def title_affixes(self) -> list[str]:
        """Title prefixes/suffixes the site repeats, longest first."""
        needed = self._needed()
        found = [affix for affix, count in self.affixes.items() if count >= needed]
        return sorted(found, key=len, reverse=True)

    def signature(self) -> str:
        """Changes exactly when what extraction takes from the template changes."""
        digest = hashlib.sha256()
        for item in sorted(self.boilerplate()) + ["\x00"] + self.title_affixes():
            digest.update(item.encode("utf-8") + b"\x01")
        return digest.hexdigest()[:16]

    def split(self, lines: list[str]) -> tuple[list[str], list[str]]:
        """Lines kept and lines that are the site's chrome (verbatim)."""
        chrome = self.boilerplate()
        if not chrome:
            return lines, []
        kept: list[str] = []
        removed: list[str] = []
        for line in lines:
            (removed if line_key(line) in chrome else kept).append(line)
        return kept, removed


def line_key(line: str) -> str:
    """A line as templates count it: spacing collapsed, case folded, digits as 0."""
    return re.sub(r"\d", "0", squash(line).casefold())


def site_of(document: RawDocument) -> str | None:
    """The site a document belongs to: its URL's host, else the outlet the input named."""
    if document.url:
        host = (urlsplit(document.url).hostname or "").lower()
        for prefix in ("www.", "m.", "amp.", "mobile."):
            host = host.removeprefix(prefix)
        if host:
            return host
    if document.outlet and document.outlet.strip():
        return "outlet:" + " ".join(document.outlet.casefold().split())
    return None


def sample_page(document: RawDocument, titles: Iterable[str | None] = ()) -> PageSample | None:
    """What a template learns from a document; None when it belongs to no known site."""
    site = site_of(document)
    if site is None:
        return None
    if document.format == "html":
        raw_lines = visible_lines(document.body)
        titles = list(titles) or list(_html_titles(document.body))
    else:
        raw_lines = [line for line in document.body.splitlines() if line.strip()]
        titles = list(titles) or ([document.title] if document.title else raw_lines[:1])
    keys = {line_key(line) for line in raw_lines}
    keys.discard("")
    long_lines = {line_key(line) for line in raw_lines if len(line.split()) >= LONG_LINE_WORDS}
    affixes = {a for title in titles if title for a in title_affixes_of(title)}
    return PageSample(site, keys, long_lines, affixes)


def title_affixes_of(title: str) -> set[str]:
    """Every suffix and prefix of a title that starts (or ends) at a separator."""
    text = squash(title)
    found: set[str] = set()
    for match in _AFFIX_START.finditer(text):
        suffix, prefix = text[match.start() :], text[: match.end()]
        for affix in (suffix, prefix):
            if 0 < len(affix) <= min(AFFIX_MAX_CHARS, AFFIX_MAX_SHARE * len(text)):
                found.add(affix)
    return found


def _html_titles(markup: str) -> Iterable[str]:
    """The browser and social titles of a page, read without a full parse."""
    for pattern in (_TITLE_TAG, _OG_TITLE, _OG_TITLE_REVERSED):
        match = pattern.search(markup)
        if match:
            yield _unescape(match.group(1))


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_OG_TITLE = re.compile(
    r"""<meta[^>]+property=["']og:title["'][^>]+content=["']([^"']*)["']""", re.IGNORECASE
)
_OG_TITLE_REVERSED = re.compile(
    r"""<meta[^>]+content=["']([^"']*)["'][^>]+property=["']og:title["']""", re.IGNORECASE
)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
