"""Headlines without the site's name, section or date, chosen from what the page states.

A page names its article several times: the structured ``headline``, ``og:title``, the
browser ``<title>`` and the visible ``<h1>``. Browser and social titles carry affixes
("… | DW | 28.04.2023", "… - Panorama - derStandard.at", "…-정치ㅣ한국일보"): a part
after a separator is dropped when it is the site's name (og:site_name, publisher, host),
a date, a section name, or an affix the site's template learnt from its other pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storyline.extract.dates import parse_full_date

# Separators between a headline and its affixes. Spaced hyphens and dashes only: a bare
# hyphen joins words ("Post-Vac-Syndrom"); full-width and Hangul bars need no spaces.
_SEPARATOR = re.compile(r"\s+[|–—\-:·•»›/]{1,2}\s+|\s*[｜ㅣ：]\s*|\s*--\s*|\s+:\s+|\s*\|\s*")
# Section names sites append to titles ("– politics", "| Sport"), in the languages of
# the corpora we evaluate on; a part is a section only when it is nothing else.
SECTION_NAMES = frozenset({
    # English
    "news", "world", "world news", "politics", "business", "economy", "sport", "sports",
    "opinion", "culture", "life", "lifestyle", "entertainment", "tech", "technology",
    "science", "health", "travel", "uk", "us", "us news", "uk news", "europe", "africa",
    "asia", "americas", "middle east", "local", "national", "international", "markets",
    "money", "environment", "education", "football", "latest", "live", "analysis",
    "comment", "features", "video", "videos", "photos", "breaking news",
    # German
    "nachrichten", "politik", "wirtschaft", "kultur", "panorama", "meinung", "ausland",
    "inland", "deutschland", "welt", "wissen", "gesundheit", "reise", "regional", "lokales",
    "digital", "netzwelt", "leben", "gesellschaft", "sport aktuell", "europa", "finanzen",
    "landespolitik", "aktuell",
    # French, Spanish, Italian, Portuguese, Dutch, Scandinavian
    "actualités", "actualité", "politique", "économie", "monde", "société", "noticias",
    "política", "economía", "mundo", "deportes", "sociedad", "cultura",
    "notizie", "politica", "economia", "esteri", "cronaca", "notícias", "nieuws",
    "binnenland", "buitenland", "nyheter", "innenriks", "utenriks", "inrikes", "utrikes",
    # Korean, Japanese, Chinese
    "정치", "경제", "사회", "국제", "문화", "스포츠", "政治", "経済", "社会", "国際",
    "时政", "国际", "财经",
})  # fmt: skip
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# An affix is at most this share of the title: the headline is the bigger part.
AFFIX_MAX_SHARE = 0.6


@dataclass(slots=True)
class TitleClean:
    """A cleaned title, the affixes taken off it and any date they stated."""

    title: str
    removed: list[str] = field(default_factory=list)
    date: str | None = None


def squash(text: str) -> str:
    """Whitespace collapsed, zero-width characters dropped, NFC."""
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    return " ".join(text.split())


def name_key(text: str) -> str:
    """Letters and digits only, case folded: "derStandard.at" → "derstandardat"."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def site_keys(names: Iterable[str | None], url: str | None) -> set[str]:
    """Keys a site's own name can take in a title: stated names and the host's labels."""
    keys = {name_key(name) for name in names if name}
    keys |= {name_key(name[4:]) for name in names if name and name.casefold().startswith("the ")}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in _HOST_NOISE]
    if labels:
        keys.add(name_key(".".join(labels)))
        keys.add(name_key(".".join(labels[:-1])) if len(labels) > 1 else name_key(labels[0]))
        keys.update(name_key(label) for label in labels[:-1] if len(label) > 2)
    keys.discard("")
    return keys


def clean_title(
    title: str | None,
    site: set[str] | None = None,
    affixes: Iterable[str] = (),
    section: str | None = None,
) -> TitleClean | None:
    """Take the site's name, section and date off a title; None for an empty title.

    Args:
        title: the title as stated.
        site: :func:`site_keys` of the page's site.
        affixes: affixes the site's template learnt (see ``extract.templates``).
        section: the section the page states (``article:section``).

    Example:
        >>> title = "Grain talks resume in Istanbul after a week | Europe | DW | 28.04.2023"
        >>> clean_title(title, site_keys([], "https://dw.com/x"))  # doctest: +NORMALIZE_WHITESPACE
        TitleClean(title='Grain talks resume in Istanbul after a week',
                   removed=[' | Europe | DW | 28.04.2023'], date='2023-04-28')
    """
    if not title or not squash(title):
        return None
    text = squash(title)
    result = TitleClean(text)
    for affix in sorted(set(affixes), key=len, reverse=True):
        _strip_learnt(result, affix)
    _strip_parts(result, site or set(), section)
    return result


def _strip_learnt(result: TitleClean, affix: str) -> None:
    """Remove a learnt prefix or suffix (digits match any digits: dates vary)."""
    pattern = affix_pattern(affix)
    for regex in (re.compile(pattern + r"$"), re.compile("^" + pattern)):
        match = regex.search(result.title)
        if match and len(match.group(0)) <= AFFIX_MAX_SHARE * len(result.title):
            result.removed.append(match.group(0))
            result.date = result.date or _date_in(match.group(0))
            result.title = (result.title[: match.start()] + result.title[match.end() :]).strip()


def affix_pattern(affix: str) -> str:
    """A regex for an affix whose digits may differ."""
    return "".join(r"\d" if ch.isdigit() else re.escape(ch) for ch in affix)


def _strip_parts(result: TitleClean, site: set[str], section: str | None) -> None:
    """Drop trailing (and leading site-name) parts that are not the headline."""
    bounds = [0] + [i for m in _SEPARATOR.finditer(result.title) for i in m.span()]
    bounds.append(len(result.title))
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    if len(parts) < 2:
        return
    sections = SECTION_NAMES | ({section.casefold()} if section else set())
    keep_end, saw_site = len(parts), False
    while keep_end > 1:
        text = result.title[slice(*parts[keep_end - 1])]
        kind = _affix_kind(text, site, sections)
        if kind is None and not (saw_site and _short(text) and keep_end > 2):
            break
        saw_site = saw_site or kind == "site"
        keep_end -= 1
    keep_start = 1 if _affix_kind(result.title[slice(*parts[0])], site, set()) == "site" else 0
    _cut(result, parts, keep_start, keep_end)


def _cut(result: TitleClean, parts: list[tuple[int, int]], start: int, end: int) -> None:
    if start >= end or (start == 0 and end == len(parts)):
        return
    low, high = parts[start][0], parts[end - 1][1]
    if high - low < (1 - AFFIX_MAX_SHARE) * len(result.title):
        return  # what would be left is too short to be the headline
    for removed in (result.title[:low], result.title[high:]):
        if removed:
            result.removed.append(removed)
            result.date = result.date or _date_in(removed)
    result.title = result.title[low:high].strip()


_HOST_NOISE = frozenset({"www", "m", "amp", "com", "co", "org", "net", "gov", "edu"})


def _affix_kind(text: str, site: set[str], sections: frozenset[str] | set[str]) -> str | None:
    key = name_key(text)
    if key and (key in site or key.removeprefix("the") in site):
        return "site"
    if _date_in(text) and len(text.split()) <= 4:
        return "date"
    if text.casefold().strip(" .") in sections:
        return "section"
    return None


def _short(text: str) -> bool:
    """A part short enough to be a section or sub-site label ("Europa", "Nachrichten")."""
    return len(text.split()) <= 3 and len(text) <= 30


def _date_in(text: str) -> str | None:
    match = re.search(r"\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d", text)
    if not match:
        return None
    parsed = parse_full_date(match.group(0))
    return parsed.date().isoformat() if parsed else None


def choose_title(
    headline: str | None,
    social: str | None,
    browser: str | None,
    visible: list[str],
    fallback: str | None,
) -> str | None:
    """The page's headline among what it states, each already cleaned of affixes.

    The structured headline comes first, unless it merely repeats the browser title
    (an SEO title) while the visible headline and the social title agree on another.
    Without one, the social title, the browser title, a visible headline, then
    trafilatura's guess, preferring one that another source confirms.
    """
    seen = {_fold(v) for v in visible}
    if headline and headline.startswith(("…", "...")):
        headline = None  # a deck continuing the headline ("… groups concerned"), not one
    if headline and (
        social
        and browser
        and _fold(headline) == _fold(browser)
        and _fold(social) != _fold(headline)
        and _fold(social) in seen
    ):
        return social
    if headline:
        return headline
    for candidate in (social, browser):
        if candidate and (_fold(candidate) in seen or _fold(candidate) == _fold(fallback or "")):
            return candidate
    return social or browser or next(iter(visible), None) or fallback


def _fold(text: str) -> str:
    return squash(text).casefold()
