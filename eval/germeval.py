"""German entities on GermEval 2014 (dev) through storyline's enrichment stage.

The 2,200 dev sentences are fed as articles of ``SENTENCES_PER_ARTICLE`` sentences, one
sentence per line (tokens joined by spaces, as the corpus gives them), through what
``storyline analyze`` runs: language detection, the enrich stage's language dispatch,
the German pipeline (HanTa, rules and gazetteers, and the names CRF,
:mod:`storyline.enrich.de`) and the chain builder. The predicted entities are the chains'
mentions.

Scored on outer chunks of types PER, LOC and ORG (the ``-deriv`` and ``-part``
variants and OTH are not scored; a prediction over them counts as a false positive),
exact match of first and last token, per type; plus token-level F1 for comparison
with factRuEval's. No rule or list of the German pipeline was tuned on this set, but the
names CRF is trained on it: run as is, this scores the packaged model on its own training
sentences (0.98, memorised: not a measure). The measure is the cross-validation of
``eval/train_names.py de``, which the gate (test_germeval_gate.py) runs.

Usage: ``python eval/germeval.py [--limit N]``
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from factrueval import Counts

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ner-de-germeval2014"
TYPES = ("PER", "LOC", "ORG")
PREDICTED = {"PERSON": "PER", "LOC": "LOC", "ORG": "ORG"}
SENTENCES_PER_ARTICLE = 50


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    chunks: set[tuple[str, int, int]]  # (type, first token, last token)
    tags: list[str]  # the outer BIO tags as the corpus gives them (OTH, -deriv, -part too)


def load(root: Path = CORPUS, limit: int | None = None) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in (root / "NER-de-dev.tsv").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if tokens:
                sentences.append(Sentence(tokens, _chunks(tags), tags))
            tokens, tags = [], []
            continue
        parts = line.split("\t")
        tokens.append(parts[1])
        tags.append(parts[2])
    return sentences[:limit]


def _chunks(tags: list[str]) -> set[tuple[str, int, int]]:
    chunks = set()
    start, kind = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        if kind and tag != f"I-{kind}":
            chunks.add((kind, start, index - 1))
            kind = ""
        if tag.startswith("B-") and tag[2:] in TYPES:
            start, kind = index, tag[2:]
    return chunks


def predict(sentences: list[Sentence]) -> list[set[tuple[str, int, int]]]:
    """Chunks the enrichment stage finds, per sentence (token indices)."""
    from storyline.enrich.stage import enrich_articles
    from storyline.extract.language import detect_language
    from storyline.model import Article

    found: list[set[tuple[str, int, int]]] = []
    for first in range(0, len(sentences), SENTENCES_PER_ARTICLE):
        group = sentences[first : first + SENTENCES_PER_ARTICLE]
        lines = [" ".join(s.tokens) for s in group]
        text = "\n".join(lines)
        article = Article(f"g{first}", "germeval", text, language=detect_language(text))
        (enrichment,) = enrich_articles([article])
        offsets = token_offsets(lines)
        spans = [
            (PREDICTED[m.label], m.start, m.end)
            for chain in enrichment.chains for m in chain.mentions if m.label in PREDICTED
        ]  # fmt: skip
        for sentence_offsets in offsets:
            chunks = set()
            for kind, start, end in spans:
                inside = [i for i, (s, e) in enumerate(sentence_offsets) if s < end and start < e]
                if inside:
                    chunks.add((kind, inside[0], inside[-1]))
            found.append(chunks)
    return found


def token_offsets(lines: list[str]) -> list[list[tuple[int, int]]]:
    """Each line's tokens as character spans of the lines joined by newlines."""
    offsets, position = [], 0
    for line in lines:
        tokens, at = [], position
        for token in line.split(" "):
            tokens.append((at, at + len(token)))
            at += len(token) + 1
        offsets.append(tokens)
        position += len(line) + 1
    return offsets


@dataclass(slots=True)
class Score:
    chunk: dict[str, Counts]
    token: dict[str, Counts]
    sentences: int

    def lines(self) -> list[str]:
        rows = [f"GermEval 2014 dev, {self.sentences} sentences (outer chunks)"]
        for name, table in (("chunk", self.chunk), ("token", self.token)):
            rows.append(f"{name:5} " + "  ".join(
                f"{t} F1 {c.f1:.3f} (P {c.precision:.3f} R {c.recall:.3f})" for t, c in table.items()
            ))  # fmt: skip
        total = Counts(
            *(sum(getattr(c, f) for c in self.chunk.values()) for f in ("tp", "fp", "fn"))
        )
        rows.append(f"chunk PER+LOC+ORG micro F1 {total.f1:.3f}")
        return rows


def evaluate(sentences: list[Sentence]) -> Score:
    return score(sentences, predict(sentences))


def score(sentences: list[Sentence], predictions: list[set[tuple[str, int, int]]]) -> Score:
    """Chunk and token counts of ``predictions`` (one set of chunks per sentence)."""
    found = Score({t: Counts() for t in TYPES}, {t: Counts() for t in TYPES}, len(sentences))
    for sentence, predicted in zip(sentences, predictions, strict=True):
        for kind in TYPES:
            gold = {(s, e) for t, s, e in sentence.chunks if t == kind}
            mine = {(s, e) for t, s, e in predicted if t == kind}
            found.chunk[kind].add(mine, gold)
            found.token[kind].add(_tokens(mine), _tokens(gold))
    return found


def _tokens(chunks: set[tuple[int, int]]) -> set[int]:
    return {i for s, e in chunks for i in range(s, e + 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    for line in evaluate(load(limit=args.limit)).lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
