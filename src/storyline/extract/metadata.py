"""Article metadata from plain text: headline, outlet and credited sources."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from storyline.extract.dates import find_dateline

# Wire agencies and syndication sources whose credit lines we recognise.
WIRE_AGENCIES = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "dpa",
    "Deutsche Presse-Agentur", "TASS", "ITAR-TASS", "Interfax", "RIA Novosti", "RIA",
    "Xinhua", "Bloomberg", "UPI", "United Press International", "EFE", "ANSA", "Kyodo",
    "Press Association", "PA Media", "Anadolu", "BelTA", "Ukrinform", "KNA", "epd", "APA",
    "SDA", "Yonhap", "PTI", "IANS", "CNA", "RFE/RL", "Sputnik",
)  # fmt: skip
_AGENCY = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(a) for a in sorted(WIRE_AGENCIES, key=len, reverse=True))
    + r")(?![\w-])"
)
_CREDIT_LINE = re.compile(
    r"^\s*[(\[]?\s*(?:(?:with\s+|additional\s+)?reporting\s+by|compiled\s+by|"
    r"source[s]?\s*:|quelle\s*:|mit\s+material\s+von|material\s+from|"
    r"written\s+by\s+\w+\s+with)\s*(?P<who>.+?)[)\]]?\s*$",
    re.IGNORECASE,
)
# "MOSCOW (Reuters) -", "Minsk, March 3 (AFP) —": the wire dateline opening a story.
_WIRE_DATELINE = re.compile(r"^[A-Z][\w .,'-]{0,60}\((?P<who>[A-Za-z/ -]{2,30})\)\s*[-–—]")
# Reuters-style trailers credit editors after the reporters; editors are not sources.
_EDITING = re.compile(r"[;,.]?\s*(?:editing|writing|graphics)\s+by\b", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b)\s*", re.IGNORECASE)
# "Follow Independent Press:", "© 2021 Open Magazine", "Post your story on X!" name the
# site itself; the outlet is read from them only when no URL or site name is known.
_OUTLET_LINE = re.compile(
    r"(?:^|\b)(?:follow\s+|post\s+your\s+story\s+on\s+|©\s*(?:\d{4}\s+)?|copyright\s+(?:©\s*)?"
    r"(?:\d{4}\s+)?)(?P<name>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})",
    re.IGNORECASE,
)
# Headlines run to about 20 words at most (longest in the seeds, Reuters and BBC: 19);
# a longer first line is the article's opening paragraph.
HEADLINE_MAX_WORDS = 30
_SOCIAL_WORDS = {"us", "me", "on", "twitter", "facebook", "instagram", "telegram", "youtube"}


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name without ``www.``, e.g. ``rferl.org``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.")
    return host or None


def outlet_from_chrome(blocks: list[str]) -> str | None:
    """A site name stated in removed chrome ("Follow X:", "© X"), title-cased."""
    for block in blocks:
        for line in block.splitlines():
            match = _OUTLET_LINE.search(line.strip())
            if not match:
                continue
            name = match.group("name").strip(" .!:")
            if name and name.split()[0].lower() not in _SOCIAL_WORDS:
                return name.title() if name.isupper() else name
    return None


# A site's name after the headline: "… | Daily Star" (a pipe says it), or after a dash
# when the part reads as a publication's name ("… - Kyiv Post", "… – rferl.org").
_TITLE_SITE = re.compile(r"\s+\|\s+(?P<pipe>[^|]+)$|\s+[-–—]\s+(?P<dash>[^-–—]+)$")
_PUBLICATION = re.compile(
    r"\b(?:news|times|post|press|daily|journal|herald|tribune|magazine|gazette|online|"
    r"observer|guardian|telegraph|chronicle|review|today|express|mail|radio|tv|zeitung|"
    r"nachrichten|presse|rundschau|blatt|kurier|agentur)\b|\.(?:com|org|net|[a-z]{2})$",
    re.IGNORECASE,
)
_NOT_OUTLETS = {"news agencies", "agencies", "wires", "wire services", "staff", "reporters"}


def outlet_from_headline(headline: str | None, sections: frozenset[str]) -> str | None:
    """The site's name a headline ends with ("… | Daily Star"); None for a section.

    Example:
        >>> outlet_from_headline("Putin backs Lukashenko | The Moscow Times", frozenset())
        'The Moscow Times'
        >>> outlet_from_headline("Putin assures him of support – politics", frozenset())
    """
    match = _TITLE_SITE.search(headline or "")
    if not match:
        return None
    name = (match.group("pipe") or match.group("dash") or "").strip(" .")
    words = name.split()
    if not 1 <= len(words) <= 4 or name.casefold() in sections:
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() for w in words if len(w) > 3):
        return None  # a lower-case word: a phrase of the headline, not a name
    if len(headline or "") - len(match.group(0)) < 15:
        return None  # what is left is too short to be the headline
    if match.group("dash") and not _PUBLICATION.search(name):
        return None
    return name.title() if name.isupper() else name


def outlet_from_credits(lines: list[str]) -> str | None:
    """The source a plain-text story credits as its own: "SOURCE: Independent Press and
    news agencies", or the agency of a wire dateline ("MOSCOW (Reuters) -")."""
    for line in lines:
        stripped = line.strip()
        credit = _CREDIT_LINE.match(stripped)
        if credit and credit.group(0).lstrip(" ([").lower().startswith(("source", "quelle")):
            for name in _names(credit.group("who")):
                if name.casefold() not in _NOT_OUTLETS:
                    return name
        wire = _WIRE_DATELINE.match(stripped)
        if wire and (agencies := _AGENCY.findall(wire.group("who"))):
            return str(agencies[0])
    return None


def find_credits(lines: list[str]) -> list[str]:
    """Wire agencies and sources credited in credit lines or a wire dateline."""
    found: list[str] = []
    for line in lines:
        stripped = line.strip()
        credit = _CREDIT_LINE.match(stripped)
        wire = _WIRE_DATELINE.match(stripped)
        if credit:
            found.extend(_names(credit.group("who")))
        elif wire:
            found.extend(_names(wire.group("who")))
    return _unique(found)


def _names(who: str) -> list[str]:
    """Agencies in a credit phrase; the whole phrase when it names none we know."""
    who = _EDITING.split(who)[0]
    agencies = _AGENCY.findall(who)
    if agencies:
        return agencies
    parts = [p.strip(" .") for p in _SPLIT_NAMES.split(who) if p.strip(" .")]
    return [p.title() if p.isupper() else p for p in parts if len(p) <= 60]


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def split_headline(lines: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Take the headline off a plain-text article.

    The first non-empty line is the headline unless it is a dateline, a breadcrumb
    trail ending in the real headline, or a section label; lines repeating the
    headline (site title echoes, "headline avatar") are moved aside.

    Returns:
        (headline, remaining lines, lines moved aside verbatim)
    """
    moved: list[str] = []
    content = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    dateline = find_dateline([text for _, text in content])
    headline_index = None
    for position, (index, text) in enumerate(content[:4]):
        if dateline and position == dateline[0]:
            continue
        if _is_breadcrumb(text, [t for _, t in content[position + 1 : position + 3]]):
            moved.append(lines[index])
            continue
        if _can_be_headline(text, position, len(content)):
            headline_index = index
        break
    if headline_index is None:
        return None, lines, moved
    headline = lines[headline_index].strip()
    keep: list[str] = []
    for index, line in enumerate(lines):
        if index == headline_index or lines[index] in moved:
            continue
        if index < headline_index + 8 and _echoes_headline(line.strip(), headline):
            moved.append(line)
            continue
        keep.append(line)
    return headline, keep, moved


def _can_be_headline(text: str, position: int, lines: int) -> bool:
    """A headline is short and has body text after it; a lone paragraph is the body."""
    return position < lines - 1 and len(text.split()) <= HEADLINE_MAX_WORDS


def _is_breadcrumb(line: str, following: list[str]) -> bool:
    """A navigation trail like "Home World Russia <headline>" that ends in the next line."""
    return any(
        nxt and line != nxt and line.endswith(nxt) and len(line) - len(nxt) < 60
        for nxt in following
    )


def _echoes_headline(line: str, headline: str) -> bool:
    """The line repeats the headline, or is its opening words, or adds one chrome word."""
    if not line:
        return False
    norm_line, norm_head = _norm(line), _norm(headline)
    if norm_line == norm_head:
        return True
    if norm_line.startswith(norm_head) and len(norm_line.split()) - len(norm_head.split()) <= 1:
        return True
    words = norm_line.split()
    return len(words) >= 3 and norm_head.startswith(norm_line) and not line.endswith(".")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
