"""Russian entities on factRuEval-2016 (devset) through storyline's enrichment stage.

Each document's text goes through what ``storyline analyze`` runs on an article:
language detection (the extractor's detector), the language dispatch of the enrich
stage, natasha and the chain builder; the predicted entities are the chains' mentions.
Gold entities follow natasha's evaluation (naeval, ``adapt_factru``): a Person object
is one PER span over all its parts; an Org object gives its ``org_name`` spans as ORG;
Location and LocOrg objects give their ``loc_name`` spans as LOC (descriptors such as
"мэрии" or "площади" are not part of the name); overlapping spans keep the first.
Project objects are not scored.

Two scores per type:
- ``token``: F1 over tokens inside an entity of the type, per document, summed; the
  measure naeval reports, behind slovnet's published 0.959 / 0.915 / 0.825 (PER / LOC /
  ORG) on factRu;
- ``span``: exact-match F1 of entity spans (start and end on the same tokens).

The pipeline's names CRF is trained on this devset (eval/train_names.py), so run as is
this scores the packaged model on its own training documents (not a measure); the
measure is that script's cross-validation, which the gate runs.

Usage: ``python eval/factrueval.py [--limit N] [--model-only]`` (``--model-only``: natasha's
NER alone through the same scorer; on the devset the pipeline is ahead of it on every type).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

TYPES = {"Person": "PER", "Location": "LOC", "LocOrg": "LOC", "Org": "ORG"}
PREDICTED = {"PERSON": "PER", "LOC": "LOC", "ORG": "ORG"}
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ner-ru-factrueval"


@dataclass(slots=True)
class Document:
    name: str
    text: str
    tokens: list[tuple[int, int]]  # (start, end) of every token
    gold: set[tuple[str, int, int]]  # (type, start, end)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[object], gold: set[object]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def f1(self) -> float:
        return 2 * self.tp / max(1, 2 * self.tp + self.fp + self.fn)

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)


@dataclass(slots=True)
class Score:
    token: dict[str, Counts] = field(
        default_factory=lambda: {t: Counts() for t in ("PER", "LOC", "ORG")}
    )
    span: dict[str, Counts] = field(
        default_factory=lambda: {t: Counts() for t in ("PER", "LOC", "ORG")}
    )
    documents: int = 0

    def lines(self) -> list[str]:
        rows = [f"factRuEval devset, {self.documents} documents"]
        for name, table in (("token", self.token), ("span", self.span)):
            rows.append(
                f"{name:5} "
                + "  ".join(
                    f"{t} F1 {c.f1:.3f} (P {c.precision:.3f} R {c.recall:.3f})"
                    for t, c in table.items()
                )
            )
        return rows


def load(root: Path = CORPUS, limit: int | None = None) -> list[Document]:
    """The devset documents with their gold entities."""
    documents = []
    for path in sorted((root / "devset").glob("*.txt"))[:limit]:
        stem = path.with_suffix("")
        text = path.read_text(encoding="utf-8")
        tokens: dict[str, tuple[int, int]] = {}
        for line in stem.with_suffix(".tokens").read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 3:
                tokens[parts[0]] = (int(parts[1]), int(parts[1]) + int(parts[2]))
        ids = sorted(tokens, key=int)
        spans: dict[str, tuple[str, int, int]] = {}
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            head = line.split("#")[0].split()
            if len(head) >= 6:
                at = ids.index(head[4])
                covered = [tokens[i] for i in ids[at : at + int(head[5])]]
                spans[head[0]] = (head[1], covered[0][0], covered[-1][1])
        gold: list[tuple[str, int, int]] = []
        for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            head = line.split("#")[0].split()
            if len(head) < 3 or head[1] not in TYPES:
                continue
            parts = [spans[span] for span in head[2:] if span in spans]
            gold += _gold_spans(head[1], parts)
        documents.append(Document(stem.name, text, sorted(tokens.values()), _first(gold)))
    return documents


def _gold_spans(kind: str, parts: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if not parts:
        return []
    if kind == "Person":
        return [("PER", min(p[1] for p in parts), max(p[2] for p in parts))]
    wanted = "org_name" if kind == "Org" else "loc_name"
    return [(TYPES[kind], start, end) for name, start, end in parts if name == wanted]


def _first(spans: list[tuple[str, int, int]]) -> set[tuple[str, int, int]]:
    """Overlapping spans keep the one starting first (naeval's ``filter_overlapping``)."""
    kept: list[tuple[str, int, int]] = []
    for span in sorted(spans, key=lambda s: (s[1], -s[2])):
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return set(kept)


def predict(documents: list[Document]) -> list[set[tuple[str, int, int]]]:
    """Entity spans the enrichment stage finds in each document."""
    from storyline.enrich.stage import enrich_articles
    from storyline.extract.language import detect_language
    from storyline.model import Article

    articles = [
        Article(id=d.name, source_path=d.name, text=d.text, language=detect_language(d.text))
        for d in documents
    ]
    found = []
    for enrichment in enrich_articles(articles):
        found.append({
            (PREDICTED[m.label], m.start, m.end)
            for chain in enrichment.chains for m in chain.mentions if m.label in PREDICTED
        })  # fmt: skip
    return found


def predict_model_only(documents: list[Document]) -> list[set[tuple[str, int, int]]]:
    """Entity spans of natasha's news NER alone (slovnet), for comparison with the pipeline."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    found = []
    for document in documents:
        doc = Doc(document.text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        found.append({(span.type, span.start, span.stop) for span in doc.spans})
    return found


def evaluate(documents: list[Document], model_only: bool = False) -> Score:
    return score(documents, predict_model_only(documents) if model_only else predict(documents))


def score(documents: list[Document], predictions: list[set[tuple[str, int, int]]]) -> Score:
    """Token and span counts of ``predictions`` (one set of typed spans per document)."""
    found = Score(documents=len(documents))
    for document, predicted in zip(documents, predictions, strict=True):
        for kind in ("PER", "LOC", "ORG"):
            gold = {(s, e) for t, s, e in document.gold if t == kind}
            mine = {(s, e) for t, s, e in predicted if t == kind}
            found.span[kind].add(_snap(mine, document.tokens), _snap(gold, document.tokens))
            found.token[kind].add(_tokens(mine, document.tokens), _tokens(gold, document.tokens))
    return found


def _snap(spans: set[tuple[int, int]], tokens: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Spans as (first token, last token) indices, so punctuation trimming does not count."""
    snapped = set()
    for start, end in spans:
        inside = [i for i, (s, e) in enumerate(tokens) if s < end and start < e]
        if inside:
            snapped.add((inside[0], inside[-1]))
    return snapped


def _tokens(spans: set[tuple[int, int]], tokens: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i, (s, e) in enumerate(tokens) if s < end and start < e}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--model-only", action="store_true", help="score slovnet's NER alone, not the pipeline"
    )
    args = parser.parse_args(argv)
    for line in evaluate(load(limit=args.limit), model_only=args.model_only).lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
