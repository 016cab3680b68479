"""Bylines as a list of names: "By Jane Doe and John Roe" → ["Jane Doe", "John Roe"].

Structured data gives authors as a list already; trafilatura and containers give one
string (trafilatura joins names with "; "). Wire agencies credited in the text are not
bylines: they go to ``credits`` (:func:`storyline.extract.metadata.find_credits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.extract.titles import name_key, squash

_SPLIT = re.compile(r"\s*(?:;|\||/|,|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|\s+y\s+)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af|text|texte)\s*:?\s+", re.I)
# Role words written after a name in Korean, Japanese and Chinese bylines ("신현주 기자").
_ROLE = re.compile(r"\s*(?:기자|特派員|記者|记者|编辑)$")
# Longer "names" are sentences or job descriptions that trafilatura took for a byline.
NAME_MAX_WORDS = 6


def split_authors(byline: str | Iterable[str] | None) -> list[str]:
    """Names in a byline string, each once, in order.

    Example:
        >>> split_authors("By Chuck Ross; Chuck-Ross")
        ['Chuck Ross']
    """
    bylines = [byline] if isinstance(byline, str) else list(byline or [])
    parts = [part for text in bylines for part in _SPLIT.split(squash(text))]
    names: list[str] = []
    seen: set[str] = set()
    for part in parts:
        name = _ROLE.sub("", _BY.sub("", part)).strip(" ,.")
        key = name_key(name)
        if not key or key in seen or not _is_name(name):
            continue
        seen.add(key)
        names.append(name)
    return names


_NOT_NAMES = frozenset({
    "twitter", "facebook", "instagram", "linkedin", "whatsapp", "email", "e-mail", "mail",
    "share", "follow", "print", "x", "telegram", "youtube", "tiktok", "rss",
})  # fmt: skip


def _is_name(text: str) -> bool:
    """A person or an organisation, not a label, a number or a row of share buttons."""
    words = text.casefold().split()
    return (
        0 < len(words) <= NAME_MAX_WORDS
        and ":" not in text
        and not any(ch.isdigit() for ch in text)
        and not all(word in _NOT_NAMES for word in words)
    )


# A byline printed as the article's opening line: names only ("Mathatisi Sebusi/
# Mohalenyane Phakela", "MTHOBISI SITHOLE"), each of two to four capitalised words.
_NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+\s+){1,3}[A-ZÀ-ÖØ-Þ][\w'’.-]+$")
BYLINE_LINES = 3


def byline_in_text(text: str) -> list[str]:
    """Names of a byline standing alone among the first lines of the text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:BYLINE_LINES]:
        parts = [p.strip() for p in _SPLIT.split(_BY.sub("", line)) if p.strip()]
        if parts and len(parts) <= 4 and all(_NAME.match(p) and _is_name(p) for p in parts):
            return parts
    return []
