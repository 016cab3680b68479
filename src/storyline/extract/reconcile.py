"""The extracted body reconciled with the body the page states in its structured data.

Publishers put the article's text in JSON-LD ``articleBody`` (often without paragraph
breaks). When it is there and covers what trafilatura found, a line trafilatura kept
whose words are not in it is the page's furniture (a teaser, an info box, a shop
widget), and is left out of the body (it stays in ``removed``, as every visible line
the body does not contain).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# The stated body must hold this share of the extracted body's words to be trusted as
# the whole article; below it, it is a summary or a different text. With the line share
# below, checked on pages-fundus (eval/fundus.py): body F1 0.965 without, 0.967 with.
COVERAGE_MIN = 0.8
# A line is the article's when this share of its words is in the stated body.
LINE_MIN = 0.5


def keep_stated_body(extracted: str, stated: str | None) -> str:
    """The extracted lines that the stated body confirms (all of them when it cannot)."""
    if not stated or not extracted:
        return extracted
    vocabulary = set(_words(stated))
    words = _words(extracted)
    if not words or sum(w in vocabulary for w in words) / len(words) < COVERAGE_MIN:
        return extracted
    kept = [line for line in extracted.split("\n") if _confirmed(line, vocabulary)]
    return "\n".join(kept).strip("\n") or extracted


def _confirmed(line: str, vocabulary: set[str]) -> bool:
    words = _words(line)
    return not words or sum(w in vocabulary for w in words) / len(words) >= LINE_MIN


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
