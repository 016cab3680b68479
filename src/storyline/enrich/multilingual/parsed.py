"""What a language's parser hands the shared annotators: tokens, sentences, named spans."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

# The entity labels the annotators understand (the English pipeline's names, so the
# link stage treats every language alike). A parser maps its own labels onto these.
PERSON, ORG, PLACE, MISC = "PERSON", "ORG", "LOC", "MISC"


@dataclass(slots=True)
class Token:
    """A word with character offsets into the article text.

    ``pos`` is a Universal Dependencies tag (NOUN, PROPN, VERB, PRON, …); ``head`` the
    index of the syntactic head in :attr:`Parsed.tokens` (its own index at the root, or
    None when the parser gives no syntax); ``feats`` the UD features it has.
    """

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    sentence: int
    head: int | None = None
    relation: str = ""
    feats: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Name:
    """A named entity: its span, label and its name in the dictionary form
    ("Лукашенку" -> "Лукашенко", "Merkels" -> "Merkel")."""

    start: int
    end: int
    label: str
    normal: str


@dataclass(slots=True)
class Parsed:
    """One article as a parser saw it; offsets into ``text``, the article text."""

    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list, repr=False)

    def sentence_of(self, position: int) -> int:
        """Index of the sentence holding ``position`` (the last one starting at or before it)."""
        return max(0, bisect_right([s for s, _ in self.sentences], position) - 1)

    def token_index(self, position: int) -> int:
        """Index of the first token starting at or after ``position``."""
        if len(self._token_starts) != len(self.tokens):
            self._token_starts = [t.start for t in self.tokens]
        return bisect_left(self._token_starts, position)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens lying wholly inside ``[start, end)``."""
        first = self.token_index(start)
        found = []
        for token in self.tokens[first:]:
            if token.start >= end:
                break
            if token.end <= end:
                found.append(token)
        return found


def line_pieces(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for each non-blank line: headlines never run into the body."""
    pieces, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            pieces.append((offset, line))
        offset += len(line) + 1
    return pieces
