"""Parsing Russian with natasha, lemmatising with pymorphy3.

natasha 1.6 bundles slovnet's news models (NER, morphology, syntax) and navec
embeddings inside its wheel, so nothing is downloaded. Its own ``MorphVocab`` is built
on pymorphy2, which no longer works on Python 3.11 (``inspect.getargspec``); the same
class is rebuilt here on pymorphy3 (API-compatible), with natasha's own tag mapping and
lemmatiser, so ``Span.normalize`` gives names in the nominative ("Путиным" -> "Путин").

Each line is parsed on its own so a headline never runs into the body. slovnet's names
are then read again by the names CRF (:mod:`storyline.enrich.multilingual.names_crf`,
trained on factRuEval-2016's devset), with the words, lemmas and morphology around them;
a name it finds is normalised by natasha as slovnet's are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from storyline.enrich.multilingual import names_crf
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

LABELS = {"PER": PERSON, "LOC": PLACE, "ORG": ORG}
# The names CRF's model (storyline.enrich.multilingual.names_crf; eval/train_names.py).
NAMES_MODEL = Path(__file__).with_name("names.crfsuite")
_MORPH_HINTS = ("Case", "Animacy", "Number", "Gender")
# Ukrainian and Belarusian surnames in -енко/-енка are declined in much of the press
# ("Лукашенку", "Лукашенком"); pymorphy3 guesses these as nouns in -ок ("Лукашенок").
# The dictionary form of every such form is -енко (Belarusian -енка is a spelling of
# the same name, which the cross-article keys unite).
_ENKO_FORM = re.compile(r"(?i)(енк)(?:у|ом|е|а|ой|и)$")


def pipeline_name() -> str:
    """What runs, with versions: shown with each analysis."""
    return (
        f"ru: natasha {version('natasha')} (slovnet news NER, morphology, syntax), "
        f"pymorphy3 {version('pymorphy3')}, names by a CRF (python-crfsuite, trained on "
        "factRuEval-2016 devset) over slovnet's"
    )


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    """natasha's segmenter, taggers and a pymorphy3 vocabulary, loaded once per process."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    return {
        "segmenter": Segmenter(),
        "morph": NewsMorphTagger(embedding),
        "syntax": NewsSyntaxParser(embedding),
        "ner": NewsNERTagger(embedding),
        "vocab": _vocabulary(),
    }


def _vocabulary() -> Any:
    import pymorphy3
    from natasha.morph.lemma import lemmatize
    from natasha.morph.vocab import oc_grams, ud_feats, ud_pos
    from pymorphy3.analyzer import Parse

    class MorphForm(Parse):  # natasha's MorphForm, on pymorphy3's Parse
        def __new__(cls, *args: Any) -> MorphForm:
            self = Parse.__new__(cls, *args)
            self.normal = self.normal_form
            self.pos = ud_pos(self.tag)
            self.feats = dict(ud_feats(self.tag))
            return self

        def inflect(self, grams: Any) -> Any:
            return Parse.inflect(self, set(oc_grams(grams)))

    class MorphVocab(pymorphy3.MorphAnalyzer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(result_type=MorphForm)

        parse = lru_cache(100_000)(pymorphy3.MorphAnalyzer.parse)
        __call__ = parse

        def lemmatize(self, word: str, pos: str, feats: dict[str, str]) -> str:
            return str(lemmatize(self, word, pos, feats))

    return MorphVocab()


def parse(text: str) -> Parsed:
    """Sentences, tokens (lemma, UD part of speech, features, head) and named spans."""
    parsed = Parsed(text)
    # slovnet's convolutions are small numpy matrix products: with OpenBLAS's threads
    # on a busy machine they ran 7x slower than on one thread (20.8 s vs 2.8 s for 20
    # factRuEval documents at load 8; benchmarks/languages.py measures it).
    lines: list[tuple[int, Any]] = []
    with _blas().limit(limits=1, user_api="blas"):
        for offset, line in line_pieces(text):
            lines.append((len(parsed.tokens), _parse_line(parsed, offset, line)))
    spans = names_crf.tag(parsed, parsed.names, name_hints, NAMES_MODEL)
    if spans is not None:
        slovnet = {(n.start, n.end, n.label): n for n in parsed.names}
        parsed.names = [
            slovnet.get(_at(parsed, first, last, label)) or _name(parsed, lines, first, last, label)
            for first, last, label in spans
        ]
    return parsed


def name_hints(token: Token) -> list[str]:
    """The token's part of speech and case, number, gender, animacy, as CRF features."""
    return [
        f"pos:{token.pos}",
        *(f"{k}:{token.feats[k]}" for k in _MORPH_HINTS if k in token.feats),
    ]


def _at(parsed: Parsed, first: int, last: int, label: str) -> tuple[int, int, str]:
    return parsed.tokens[first].start, parsed.tokens[last].end, label


def _name(parsed: Parsed, lines: list[tuple[int, Any]], first: int, last: int, label: str) -> Name:
    """A name the CRF found, normalised by natasha over the line's own tokens."""
    from natasha.doc import DocSpan

    start, end, _ = _at(parsed, first, last, label)
    lead, doc = max((item for item in lines if item[0] <= first), key=lambda item: item[0])
    tokens = doc.tokens[first - lead : last - lead + 1]
    kind = names_crf.CLASSES.get(label, "MISC")
    span = DocSpan(tokens[0].start, tokens[-1].stop, kind, parsed.text[start:end], tokens=tokens)
    try:
        span.normalize(_models()["vocab"])
    except Exception:  # noqa: BLE001 - natasha's normaliser on an unusual span: keep the words
        span.normal = None
    normal = span.normal or parsed.text[start:end]
    return Name(start, end, label, _enko(span.text, normal) if label == PERSON else normal)


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _parse_line(parsed: Parsed, offset: int, line: str) -> Any:
    """Parse one line into ``parsed``; natasha's document of it (its tokens normalise
    the names the CRF finds)."""
    from natasha import Doc

    models = _models()
    doc = Doc(line)
    doc.segment(models["segmenter"])
    doc.tag_morph(models["morph"])
    doc.parse_syntax(models["syntax"])
    doc.tag_ner(models["ner"])
    vocab = models["vocab"]
    first = len(parsed.tokens)
    index_of = {token.id: first + i for i, token in enumerate(doc.tokens)}
    for sentence in doc.sents:
        number = len(parsed.sentences)
        parsed.sentences.append((offset + sentence.start, offset + sentence.stop))
        for token in sentence.tokens:
            token.lemmatize(vocab)
            parsed.tokens.append(Token(
                offset + token.start, offset + token.stop, token.text, token.lemma or token.text,
                token.pos or "X", number, index_of.get(token.head_id, index_of[token.id]),
                token.rel or "", dict(token.feats or {}),
            ))  # fmt: skip
    for span in doc.spans:
        span.normalize(vocab)
        label = LABELS.get(span.type, MISC)
        normal = span.normal or span.text
        if label == PERSON:
            normal = _enko(span.text, normal)
        parsed.names.append(Name(offset + span.start, offset + span.stop, label, normal))
    return doc


def _enko(written: str, normal: str) -> str:
    """Surnames written in a declined -енко form get -енко back, word by word."""
    words, normals = written.split(), normal.split()
    if len(words) != len(normals):
        return normal
    return " ".join(
        _ENKO_FORM.sub(r"\1о", word) if _ENKO_FORM.search(word) else base
        for word, base in zip(words, normals, strict=True)
    )
