"""Bylines as a list of names: "By Jane Doe and John Roe" → ["Jane Doe", "John Roe"].

Structured data gives authors as a list already; trafilatura and containers give one
string (trafilatura joins names with "; "). Wire agencies credited in the text are not
bylines: they go to ``credits`` (:func:`storyline.extract.metadata.find_credits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.extract.titles import name_key, squash

_SPLIT = re.compile(
    r"\s*(?:;|\||/|,|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|\s+y\s+)\s*", re.I
)
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af|text|texte)\s*:?\s+", re.I)
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
        name = _BY.sub("", part).strip(" ,.")
        key = name_key(name)
        if not key or key in seen or len(name.split()) > NAME_MAX_WORDS:
            continue
        seen.add(key)
        names.append(name)
    return names
