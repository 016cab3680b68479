"""Train the German names CRF on GermEval 2014 dev, scored by cross-validation.

GermEval's dev sentences are the only German named-entity data within reach here (its
train and test sets are not in ../shared; the test set is kept for final evaluation).
The CRF (:mod:`storyline.enrich.de.names_crf`) is trained on them; to say how it does on
sentences it never saw, the 44 articles of 50 sentences that eval/germeval.py feeds
through the enrichment stage are split into ``--folds`` folds, and each fold is tagged, by
the whole enrichment stage, with a model trained on the other folds. Then a model trained
on every sentence is written to ``names.crfsuite`` beside the module (``--no-write``: not).

Run:  .venv/bin/python eval/train_german_names.py [--folds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from germeval import CORPUS, SENTENCES_PER_ARTICLE, Score, Sentence, load, predict, score

from storyline.enrich.de import names_crf
from storyline.enrich.de.pipeline import _hints, parse, rule_names

FOLDS = 5


@dataclass(slots=True)
class Article:
    """One article as eval/germeval.py builds it, with the CRF's training rows."""

    sentences: list[Sentence]
    rows: list[tuple[list[list[str]], list[str]]]


def outer_tags(root: Path = CORPUS) -> list[list[str]]:
    """Each dev sentence's outer BIO tags over PER, LOC, ORG and OTH (``-deriv`` and
    ``-part``, adjectives and parts of words, are not names: O)."""
    found: list[list[str]] = []
    tags: list[str] = []
    for line in (root / "NER-de-dev.tsv").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if tags:
                found.append(tags)
            tags = []
            continue
        tag = line.split("\t")[2]
        tags.append(tag if tag[2:] in names_crf.LABELS else "O")
    return found


@contextmanager
def model(path: Path) -> Iterator[None]:
    """The enrichment stage tags German names with the model at ``path`` meanwhile."""
    kept = names_crf.MODEL_FILE
    names_crf.MODEL_FILE = path
    try:
        yield
    finally:
        names_crf.MODEL_FILE = kept


def articles(sentences: list[Sentence], tags: list[list[str]]) -> list[Article]:
    """The articles eval/germeval.py makes, parsed, with each sentence's features (the
    rules' names among them) and gold labels on storyline's own tokens."""
    found = []
    with model(Path("/nonexistent")):  # features come from the rules alone
        for first in range(0, len(sentences), SENTENCES_PER_ARTICLE):
            group = sentences[first : first + SENTENCES_PER_ARTICLE]
            found.append(Article(group, _rows(group, tags[first : first + SENTENCES_PER_ARTICLE])))
    return found


def _rows(group: list[Sentence], tags: list[list[str]]) -> list[tuple[list[list[str]], list[str]]]:
    lines = [" ".join(s.tokens) for s in group]
    parsed = parse("\n".join(lines))
    gold = _gold_spans(lines, tags)
    rules = names_crf.rule_tags(parsed, rule_names(parsed))
    rows = []
    for tokens in names_crf.sentences(parsed):
        labels, previous = [], None
        for index in tokens:
            token = parsed.tokens[index]
            span = next((g for g in gold if g[0] <= token.start < g[1]), None)
            label = "O" if span is None else f"{'I' if span == previous else 'B'}-{span[2]}"
            labels.append(label)
            previous = span
        rows.append((names_crf.features(parsed, tokens, rules, _hints), labels))
    return rows


def _gold_spans(lines: list[str], tags: list[list[str]]) -> list[tuple[int, int, str]]:
    """Character spans of the gold names in the article text (lines joined by newlines)."""
    spans: list[tuple[int, int, str]] = []
    position = 0
    for line, line_tags in zip(lines, tags, strict=True):
        at, offsets = position, []
        for token in line.split(" "):
            offsets.append((at, at + len(token)))
            at += len(token) + 1
        for first, last, _ in names_crf.decode(line_tags):
            kind = line_tags[first][2:]
            spans.append((offsets[first][0], offsets[last][1], kind))
        position += len(line) + 1
    return spans


def cross_validate(found: list[Article], folds: int) -> Score:
    """Each fold tagged through the enrichment stage by a model trained on the others."""
    predicted: dict[int, set[tuple[str, int, int]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(folds):
            path = Path(folder) / f"fold{fold}.crfsuite"
            rows = [row for n, a in enumerate(found) if n % folds != fold for row in a.rows]
            names_crf.train(rows, path)
            held = [(n, a) for n, a in enumerate(found) if n % folds == fold]
            with model(path):
                for n, article in held:
                    for offset, chunks in enumerate(predict(article.sentences)):
                        predicted[n * SENTENCES_PER_ARTICLE + offset] = chunks
    sentences = [s for a in found for s in a.sentences]
    return score(sentences, [predicted[i] for i in range(len(sentences))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--no-write", action="store_true", help="do not write the model")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found = articles(load(), outer_tags())
    print(f"{len(found)} articles parsed in {time.perf_counter() - started:.0f} s")
    cv = cross_validate(found, args.folds)
    print(f"{args.folds}-fold cross-validation, each fold tagged by a model that never saw it:")
    print("\n".join(cv.lines()))
    if not args.no_write:
        names_crf.train([row for a in found for row in a.rows], names_crf.MODEL_FILE)
        size = names_crf.MODEL_FILE.stat().st_size
        print(f"model written: {names_crf.MODEL_FILE} ({size / 1e6:.1f} MB)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
