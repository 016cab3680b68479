"""Article text cut into pieces, each carrying the marks (entities, quotes, dates, claims,
a cited stretch) that cover it, so a template can wrap them without building HTML itself.

Nothing here produces markup: the template escapes every piece of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_UNSAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(slots=True)
class Mark:
    """A stretch ``[start, end)`` of the text to show as ``kind``; ``anchor`` is an element id."""

    start: int
    end: int
    kind: str
    label: str = ""
    anchor: str | None = None


@dataclass(slots=True)
class Piece:
    """A run of text under the same marks; ``anchors`` are ids that start here."""

    text: str
    classes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def css_class(kind: str) -> str:
    """A class name safe to print: anything but letters, digits, ``-`` and ``_`` dropped."""
    return _UNSAFE_CLASS.sub("", kind)


def pieces(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """Cut ``text`` at every mark boundary; marks outside the text are clipped or dropped."""
    size = len(text)
    kept = [m for m in marks if 0 <= m.start < m.end and m.start < size]
    cuts = sorted({0, size, *(m.start for m in kept), *(min(m.end, size) for m in kept)})
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in kept if m.start <= start and m.end >= end]
        result.append(
            Piece(
                text[start:end],
                sorted({css_class(part) for m in covering for part in m.kind.split()}),
                [m.label for m in covering if m.label],
                [m.anchor for m in kept if m.anchor and m.start == start],
            )
        )
    return result


def analysis_marks(analysis: dict[str, Any] | None) -> list[Mark]:
    """Marks for what the language stage found in an article (none when not analysed)."""
    if not analysis:
        return []
    found = [
        Mark(m["start"], m["end"], f"m-ent t-{m['label']}", f"{m['label']}: {m['name']}")
        for m in analysis["mentions"]
    ]
    found += [
        Mark(q["start"], q["end"], "m-quote", _quote_label(q), f"quote-{css_class(q['id'])}")
        for q in analysis["quotes"]
    ]
    found += [
        Mark(t["start"], t["end"], "m-time", f"{t['type']}: {t['value'] or '?'}")
        for t in analysis["times"]
    ]
    found += [Mark(c["start"], c["end"], "m-claim", _claim_label(c)) for c in analysis["claims"]]
    return found


def _quote_label(quote: dict[str, Any]) -> str:
    return f"quote ({quote['kind']}) by {quote.get('speaker') or 'unknown speaker'}"


def _claim_label(claim: dict[str, Any]) -> str:
    unit = f" {claim['unit']}" if claim.get("unit") else ""
    return f"{claim['kind']}: {claim['value']}{unit} ({claim['agreement']})"


def cite_mark(start: int | None, end: int | None) -> list[Mark]:
    """The stretch a link cites (``?start=&end=``), marked and anchored as ``cite``."""
    if start is None or end is None or end <= start:
        return []
    return [Mark(start, end, "m-cite", "cited", "cite")]


def marked(text: str, spans: Iterable[tuple[int, int] | list[int]]) -> list[tuple[str, bool]]:
    """``text`` as ``(part, is_match)`` runs, for snippets with match offsets."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < position:
            continue
        runs += [(text[position:start], False), (text[start:end], True)]
        position = end
    runs.append((text[position:], False))
    return [run for run in runs if run[0]]
