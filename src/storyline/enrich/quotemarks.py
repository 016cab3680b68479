"""Find quoted stretches by their marks, in every common style, from the text alone.

Double marks: “…” (English), „…“ and „…” (German), «…» (French, Russian), "…"
(ASCII), and mixed pairs a careless editor leaves (“…"). Single marks ‘…’ and '…'
count only at the top level (inside a double quote they are nested quotes, part of
its words) and only in word-boundary positions, so apostrophes (Clinton’s, ’90s)
are never taken for quotes.

Two apostrophes '' are a double mark too (the typewriter style of some wires and
archives: ''We're America,'' the president added), opening and closing like ".

A quote running over several paragraphs follows the English convention: every
paragraph opens with the same mark and only the last one closes; such a quote is one
stretch. A quote still open at a paragraph end whose next paragraph does not open
with a mark was left unclosed by mistake, and ends with its paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

DOUBLE_OPENERS = '“„«"'
# What may close a quote opened by each mark (mixed pairs included on purpose).
DOUBLE_CLOSERS = {"“": '”"', "„": '“”"', "«": "»", '"': '"”'}
SINGLE_OPENERS = "‘'"
SINGLE_CLOSERS = "’'"
APOSTROPHES = "''"  # two apostrophes: a double mark
_BEFORE_OPENER = "([{—–-/:;,"  # what may precede an opening mark, besides any space


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch: ``start``/``end`` inside the marks, ``outer_*`` around them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool = True  # False when the closing mark was missing

    def contains(self, position: int) -> bool:
        return self.outer_start <= position < self.outer_end


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of ``text`` in order, nested quotes folded into their parent.

    Example:
        >>> text = 'He said “yes,” and left.'
        >>> [text[q.start : q.end] for q in find_quoted(text)]
        ['yes']
    """
    found: list[Quoted] = []
    position = 0
    while position < len(text):
        char = text[position]
        if text.startswith(APOSTROPHES, position):
            quoted = _scan_apostrophes(text, position)
        elif char in DOUBLE_OPENERS and _may_open(text, position):
            quoted = _scan_double(text, position)
        elif char in SINGLE_OPENERS and _may_open(text, position):
            quoted = _scan_single(text, position)
        else:
            quoted = None
        if quoted is None:
            position += 1
            continue
        if quoted.end > quoted.start:
            found.append(quoted)
        position = max(quoted.outer_end, position + 1)
    return found


def _may_open(text: str, position: int) -> bool:
    """A mark opens a quote at line start or after space/punctuation, before a non-space."""
    before = text[position - 1] if position else "\n"
    after = text[position + 1 : position + 2]
    opens_after = before.isspace() or before in _BEFORE_OPENER or before in DOUBLE_OPENERS
    return opens_after and not (after == "" or after.isspace())


def _may_close(text: str, position: int) -> bool:
    """A mark closes after a non-space, before space, punctuation or the end."""
    before = text[position - 1] if position else " "
    after = text[position + 1 : position + 2]
    return not before.isspace() and not after.isalnum()


def _scan_double(text: str, opener: int) -> Quoted | None:
    """The stretch opened by the double mark at ``opener``, across paragraphs if needed."""
    closers = DOUBLE_CLOSERS[text[opener]]
    position = opener + 1
    while position < len(text):
        char = text[position]
        if char == "\n":
            resumed = _resume_after_paragraph(text, position, text[opener])
            if resumed is None:
                return _unclosed(text, opener, position)
            position = resumed
        elif char in closers:
            return _trimmed(text, opener, position + 1, closed=True)
        else:
            position += 1
    return _unclosed(text, opener, len(text))


def _resume_after_paragraph(text: str, newline: int, mark: str) -> int | None:
    """Where an open quote goes on after a paragraph break, or None when it ends there.

    It goes on only where the next paragraph opens with the quote's own mark: excerpts
    whose paragraphs each open with " and never close must not run into a “…” quote
    that follows them.
    """
    following = newline
    while following < len(text) and text[following].isspace():
        following += 1
    if following < len(text) and text[following] == mark:
        return following + 1
    return None


def _scan_apostrophes(text: str, opener: int) -> Quoted | None:
    """The stretch opened by '' at ``opener``, to the next closing '', across paragraphs.

    A paragraph that goes on quoting opens with '' again; otherwise an open quote ends
    with its paragraph (as for the other double marks).
    """
    before = text[opener - 1] if opener else "\n"
    after = text[opener + 2 : opener + 3]
    if not (before.isspace() or before in _BEFORE_OPENER) or after in ("", "'") or after.isspace():
        return None
    position = opener + 2
    while position < len(text):
        if text[position] == "\n":
            following = position
            while following < len(text) and text[following].isspace():
                following += 1
            if not text.startswith(APOSTROPHES, following):
                return _unclosed(text, opener, position, width=2)
            position = following + 2
        elif text.startswith(APOSTROPHES, position) and not text[position - 1].isspace():
            closer = position + 1
            while closer + 1 < len(text) and text[closer + 1] == "'":
                closer += 1  # ''…'.'' or a nested single quote closing with it
            return _trimmed(text, opener, closer + 1, closed=True, width=2)
        else:
            position += 1
    return _unclosed(text, opener, len(text), width=2)


def _scan_single(text: str, opener: int) -> Quoted | None:
    """The single-quoted stretch from ``opener`` to a closer in the same paragraph."""
    position = opener + 1
    while position < len(text) and text[position] != "\n":
        if text[position] in SINGLE_CLOSERS and _may_close(text, position):
            return _trimmed(text, opener, position + 1, closed=True)
        position += 1
    return None


def _unclosed(text: str, opener: int, stop: int, width: int = 1) -> Quoted:
    return _trimmed(text, opener, stop, closed=False, width=width)


def _trimmed(text: str, opener: int, outer_end: int, closed: bool, width: int = 1) -> Quoted:
    """The stretch between the marks (``width`` characters each) without surrounding
    space or a trailing comma."""
    start, end = opener + width, outer_end - width if closed else outer_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Quoted(start, end, opener, outer_end if closed else end, closed)


def enclosing(quoted: list[Quoted], position: int) -> Quoted | None:
    """The stretch of ``quoted`` (in text order) whose marks enclose ``position``."""
    index = bisect_right(quoted, position, key=lambda q: q.outer_start) - 1
    if index >= 0 and quoted[index].contains(position):
        return quoted[index]
    return None
