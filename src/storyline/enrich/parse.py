"""Run spaCy over article texts line by line, then rejoin each article into one Doc.

Cleaned articles keep headlines, bylines and paragraphs on lines of their own. Parsed
as one text, spaCy runs a headline into the next paragraph ("Putin backs Lukashenko\\n
Russian President …" becomes one sentence and one PERSON "Lukashenko\\nRussian"). So
each line is parsed alone (``nlp.pipe`` over all lines of a batch) and the line Docs
are joined with ``Doc.from_docs``: the joined Doc's text is the article text exactly,
so token offsets are article offsets, and no sentence or entity crosses a line break.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_LINE_BREAKS = re.compile(r"\n+")
# Lines per ``nlp.pipe`` batch: spaCy's default for this model (config.cfg), not tuned;
# benchmarks/enrich.py is the place to measure a change.
PIPE_BATCH_SIZE = 256


def split_lines(text: str) -> list[str]:
    """Pieces of ``text`` that concatenate back to it, cut after each run of line breaks.

    A single line break followed by a lowercase letter is a hard wrap inside a
    paragraph, not a new line, and is not cut.

    Example:
        >>> split_lines("Title\\n\\nFirst line\\nwrapped.\\nNext")
        ['Title\\n\\n', 'First line\\nwrapped.\\n', 'Next']
    """
    pieces, start = [], 0
    for match in _LINE_BREAKS.finditer(text):
        following = text[match.end() : match.end() + 1]
        if match.group() == "\n" and following.islower():
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def text_of(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from every token on each access."""
    cached = doc.user_data.get("text")
    if not isinstance(cached, str):
        cached = doc.user_data["text"] = doc.text
    return cached


def parse_texts(nlp: Language, texts: list[str], n_process: int = 1) -> list[Doc]:
    """One Doc per text, whose ``.text`` equals the text, parsed line by line."""
    from spacy.tokens import Doc

    lines = [split_lines(text) for text in texts]
    flat = [line for pieces in lines for line in pieces]
    parsed = iter(nlp.pipe(flat, n_process=n_process, batch_size=PIPE_BATCH_SIZE))
    docs = []
    for pieces in lines:
        parts = [next(parsed) for _ in pieces]
        docs.append(Doc.from_docs(parts, ensure_whitespace=False) if parts else nlp.make_doc(""))
    return docs
