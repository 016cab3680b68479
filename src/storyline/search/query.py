"""What a person types, turned into an FTS5 expression that cannot be a syntax error.

Words are matched as whole tokens (``elect*`` for a prefix), ``"quoted words"`` as a
phrase, ``-word`` excludes. Every token is quoted for FTS5, so operators and punctuation
in the query (``AND``, ``:``, ``(``) are searched as words, never parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.errors import QueryError

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class ParsedQuery:
    """The parts of a query; each phrase is a list of words (one word is a phrase too)."""

    phrases: list[list[str]] = field(default_factory=list)
    prefixes: list[bool] = field(default_factory=list)  # phrase i ends with ``*``
    excluded: list[list[str]] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """Every searched word, lower case, in query order, each once."""
        return list(dict.fromkeys(w.lower() for phrase in self.phrases for w in phrase))

    def fts(self, any_term: bool = False) -> str:
        """The FTS5 expression: all phrases (or any, with ``any_term``), minus exclusions."""
        quoted = [_quote(p, prefix) for p, prefix in zip(self.phrases, self.prefixes, strict=True)]
        expression = (" OR " if any_term else " AND ").join(quoted)
        if len(quoted) > 1 and any_term and self.excluded:
            expression = f"({expression})"
        for phrase in self.excluded:
            expression += f" NOT {_quote(phrase, False)}"
        return expression


def parse_query(text: str) -> ParsedQuery:
    """Parse a search box's text.

    Raises:
        QueryError: the query has no word to search for.

    Example:
        >>> parse_query('"oil spill" BP -Gulf elect*').fts()
        '"oil spill" AND "BP" AND "elect"* NOT "Gulf"'
    """
    parsed = ParsedQuery()
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        words = _WORD.findall(raw)
        if not words:
            continue
        if negated:
            parsed.excluded.append(words)
        else:
            parsed.phrases.append(words)
            parsed.prefixes.append(match.group(4) is not None and raw.endswith("*"))
    if not parsed.phrases:
        raise QueryError("the query has no word to search for; type at least one word")
    return parsed


def _quote(words: list[str], prefix: bool) -> str:
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")
