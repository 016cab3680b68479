"""Train a language's names CRF, scored by cross-validation through the enrichment stage.

The names CRF (:mod:`storyline.enrich.multilingual.names_crf`) reads a parser's own names
with the words around them. Its training data is the annotated text of the language
within reach here: German, the GermEval 2014 dev sentences (the 44 articles of 50
sentences eval/germeval.py builds; its train and test sets are not here); Russian, the
122 factRuEval-2016 devset documents (the testset is kept for final evaluation). To say
how the model does on text it never saw, the articles or documents are split into
``--folds`` folds, and each fold goes through the whole enrichment stage with a model
trained on the other folds, scored as eval/germeval.py and eval/factrueval.py score.
Then a model trained on everything is written beside the language's pipeline
(``--no-write``: not).

Run:  .venv/bin/python eval/train_names.py de|ru [--folds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import factrueval
import germeval

from storyline.enrich.de import pipeline as german
from storyline.enrich.multilingual import names_crf
from storyline.enrich.multilingual.parsed import Name, Parsed
from storyline.enrich.ru import pipeline as russian

FOLDS = 5
Row = tuple[list[list[str]], list[str]]
Chunks = list[set[tuple[str, int, int]]]


@dataclass(slots=True)
class Unit:
    """One article or document: what is fed to the enrichment stage as one article, the
    CRF's training rows from it, and its items for the scorer."""

    text: str
    gold: list[tuple[int, int, str]]  # character spans of the gold names and their class
    items: list[Any]  # germeval Sentences or one factrueval Document
    rows: list[Row]


@dataclass(slots=True)
class Language:
    pipeline: ModuleType
    rules: Callable[[Parsed], list[Name]]
    units: Callable[[], list[Unit]]
    predict: Callable[[list[Any]], Chunks]
    score: Callable[[list[Any], Chunks], Any]


def german_units() -> list[Unit]:
    sentences = germeval.load()
    units = []
    for first in range(0, len(sentences), germeval.SENTENCES_PER_ARTICLE):
        group = sentences[first : first + germeval.SENTENCES_PER_ARTICLE]
        lines = [" ".join(s.tokens) for s in group]
        units.append(Unit("\n".join(lines), _germeval_spans(lines, group), group, []))
    return units


def _germeval_spans(lines: list[str], group: list[germeval.Sentence]) -> list[tuple[int, int, str]]:
    """Character spans of the gold names over PER, LOC, ORG and OTH (``-deriv`` and
    ``-part``, adjectives and parts of words, are not names)."""
    spans: list[tuple[int, int, str]] = []
    for offsets, sentence in zip(germeval.token_offsets(lines), group, strict=True):
        tags = [tag if tag[2:] in names_crf.LABELS else "O" for tag in sentence.tags]
        for first, last, _ in names_crf.decode(tags):
            spans.append((offsets[first][0], offsets[last][1], tags[first][2:]))
    return spans


def russian_units() -> list[Unit]:
    return [
        Unit(d.text, [(start, end, kind) for kind, start, end in d.gold], [d], [])
        for d in factrueval.load()
    ]


LANGUAGES = {
    "de": Language(german, german.rule_names, german_units, germeval.predict, germeval.score),
    "ru": Language(
        russian, lambda parsed: parsed.names, russian_units, factrueval.predict, factrueval.score
    ),
}


@contextmanager
def model(language: Language, path: Path) -> Iterator[None]:
    """The enrichment stage tags the language's names with the model at ``path`` meanwhile."""
    kept = language.pipeline.NAMES_MODEL
    language.pipeline.NAMES_MODEL = path
    try:
        yield
    finally:
        language.pipeline.NAMES_MODEL = kept


def prepared(language: Language) -> list[Unit]:
    """The language's units, parsed, with their training rows: features from the parser's
    own names (no model), gold labels on storyline's tokens."""
    units = language.units()
    with model(language, Path("/nonexistent")):
        for unit in units:
            parsed = language.pipeline.parse(unit.text)
            tags = names_crf.rule_tags(parsed, language.rules(parsed))
            unit.rows = [
                (
                    names_crf.features(parsed, tokens, tags, language.pipeline.name_hints),
                    _labels(parsed, tokens, unit.gold),
                )
                for tokens in names_crf.sentences(parsed)
            ]
    return units


def _labels(parsed: Parsed, tokens: list[int], gold: list[tuple[int, int, str]]) -> list[str]:
    labels, previous = [], None
    for index in tokens:
        start = parsed.tokens[index].start
        span = next((g for g in gold if g[0] <= start < g[1]), None)
        labels.append("O" if span is None else f"{'I' if span == previous else 'B'}-{span[2]}")
        previous = span
    return labels


def cross_validate(language: Language, units: list[Unit], folds: int = FOLDS) -> Any:
    """The units' score, each fold tagged through the enrichment stage by a model trained
    on the other folds."""
    predicted: dict[int, Chunks] = {}
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(folds):
            path = Path(folder) / f"fold{fold}.crfsuite"
            names_crf.train(
                [r for n, u in enumerate(units) if n % folds != fold for r in u.rows], path
            )
            with model(language, path):
                for n, unit in enumerate(units):
                    if n % folds == fold:
                        predicted[n] = language.predict(unit.items)
    items = [item for unit in units for item in unit.items]
    return language.score(items, [c for n in range(len(units)) for c in predicted[n]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("language", choices=sorted(LANGUAGES))
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--no-write", action="store_true", help="do not write the model")
    args = parser.parse_args(argv)
    language = LANGUAGES[args.language]
    started = time.perf_counter()
    units = prepared(language)
    print(f"{len(units)} articles parsed in {time.perf_counter() - started:.0f} s")
    print(f"{args.folds}-fold cross-validation, each fold tagged by a model that never saw it:")
    print("\n".join(cross_validate(language, units, args.folds).lines()))
    if not args.no_write:
        path = language.pipeline.NAMES_MODEL
        names_crf.train([row for unit in units for row in unit.rows], path)
        print(f"model written: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
