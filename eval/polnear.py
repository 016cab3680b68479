"""PolNeAR direct-quote scoring: content-span F1 and speaker accuracy.

Definitions (used by eval/test_quotes_gate.py; run this file to tune on train):

- **Annotator**: some articles were annotated by several annotators; we always use
  the one whose id sorts first (e.g. "4b22" over "4e07").
- **Gold direct quote**: an attribution with a Content whose text, from the start of
  its first span to the end of its last, after trimming spaces, opens with a quote
  mark (“ " ‘ ' « „) or directly follows one, and closes with a quote mark (” " ’ '
  » “), possibly followed by one of . , ; : inside the span, or is directly followed
  by one. Mixed contents (`the cause of “immigration reform.”`) are not direct.
- **Predicted unit**: our ``kind="direct"`` quotes grouped by statement: quotes of
  one paragraph sharing ``cue_start`` (an interrupted quote is two records) form one
  unit; a quote with no cue is a unit of its own. Scare and indirect quotes are not
  predictions here.
- **Every prediction counts**: each unit is matched or is a false positive, also
  one inside a gold Content that is not direct (a partial quote inside a reported
  clause, "said the pressure was “unprecedented”", whose gold content is the whole
  clause): the quote extractor must not call such a fragment a direct quote.
- **Match**: the characters shared by a gold content (all its spans) and a unit (all
  its quotes) are at least 50 % of the gold content's characters; one-to-one, the
  largest overlaps first.
- **Speaker correct** (matched pairs whose gold has a Source): our speaker phrase
  overlaps the gold Source span; or our speaker's chain has a mention overlapping
  it (gold "he", ours "Putin" resolved through "he"); or a chain with a mention
  overlapping the gold Source has the same name as our speaker's chain.

Errors are printed by kind (``--show N`` lists N of each; ``error_kind`` says how each
kind is recognised). ``--docs DIR`` keeps the parsed spaCy Docs (DocBin files keyed by
the text's hash), so re-scoring after a change to the annotation rules skips parsing.

Usage: ``python eval/polnear.py [train|dev] [--limit N] [--show N] [--docs DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.enrich.language_model import english_pipeline
from storyline.enrich.parse import parse_texts
from storyline.enrich.quotemarks import enclosing, find_quoted
from storyline.enrich.stage import annotate, enrich_articles
from storyline.model import Article, Enrichment, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OPENING = "“\"‘'«„"
CLOSING = "”\"’'»“"
MIN_OVERLAP = 0.5


@dataclass(slots=True)
class Gold:
    spans: list[tuple[int, int]]
    source: list[tuple[int, int]]
    source_text: str | None


@dataclass(slots=True)
class GoldArticle:
    """An article, its gold direct quotes and the characters of its other contents."""

    article: Article
    direct: list[Gold]
    other_content: set[int]


@dataclass(frozen=True, slots=True)
class Error:
    kind: str  # see error_kind and score_article
    article: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:<18} {self.article}: {self.detail}"


@dataclass(slots=True)
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_source: int = 0
    speaker_correct: int = 0
    errors: list[Error] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / max(self.predicted, 1)

    @property
    def recall(self) -> float:
        return self.matched / max(self.gold, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / max(self.with_source, 1)

    def kinds(self) -> Counter[str]:
        return Counter(error.kind for error in self.errors)

    def line(self) -> str:
        return (
            f"direct quotes: gold {self.gold}, predicted {self.predicted}, matched "
            f"{self.matched}: P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}; "
            f"speaker accuracy {self.speaker_accuracy:.3f} "
            f"({self.speaker_correct}/{self.with_source} matched with a gold source)"
        )


def load(root: Path, split: str) -> list[GoldArticle]:
    """Articles of ``split`` with their gold direct quotes (first annotator by id)."""
    chosen: dict[str, dict[str, Any]] = {}
    with (root / "attributions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["compartment"] != split:
                continue
            kept = chosen.get(row["article"])
            if kept is None or row["annotator"] < kept["annotator"]:
                chosen[row["article"]] = row
    items = []
    for name in sorted(chosen):
        row = chosen[name]
        text = (root / row["text_file"]).read_text("utf-8")
        article = Article(id=name, source_path=row["text_file"], text=text, language="en")
        items.append(_gold_article(article, row["attributions"]))
    return items


def _gold_article(article: Article, attributions: list[dict[str, Any]]) -> GoldArticle:
    direct, other = [], set()
    for attribution in attributions:
        gold = _gold(attribution, article.text)
        if gold is not None:
            direct.append(gold)
        elif attribution.get("content"):
            other |= _chars([(s, e) for s, e in attribution["content"]["spans"]])
    return GoldArticle(article, direct, other)


def _gold(attribution: dict[str, Any], text: str) -> Gold | None:
    content = attribution.get("content")
    if not content or not is_direct(text, content["spans"]):
        return None
    source = attribution.get("source") or {}
    spans = [(s, e) for s, e in content["spans"]]
    return Gold(spans, [(s, e) for s, e in source.get("spans", [])], source.get("text"))


def is_direct(text: str, spans: list[list[int]]) -> bool:
    """Whether a gold content is a direct quotation (see the module docstring)."""
    start, end = spans[0][0], spans[-1][1]
    inner = text[start:end].strip()
    if not inner:
        return False
    opens = inner[0] in OPENING or text[start - 1 : start] in OPENING
    closes = (
        inner[-1] in CLOSING
        or (inner[-1] in ".,;:" and inner[-2:-1] in CLOSING and len(inner) > 1)
        or text[end : end + 1] in CLOSING
    )
    return opens and closes


def units(enrichment: Enrichment, text: str) -> list[list[Quote]]:
    """Our direct quotes grouped into statements (same paragraph, same cue)."""
    groups: dict[tuple[int, int], list[Quote]] = defaultdict(list)
    for index, quote in enumerate(q for q in enrichment.quotes if q.kind == "direct"):
        paragraph = text.count("\n\n", 0, quote.start)
        key = (paragraph, quote.cue_start) if quote.cue_start is not None else (-1, -1 - index)
        groups[key].append(quote)
    return list(groups.values())


def score_article(score: Score, item: GoldArticle, enrichment: Enrichment) -> None:
    article, gold = item.article, item.direct
    predicted = units(enrichment, article.text)
    score.gold += len(gold)
    score.predicted += len(predicted)
    pairs = sorted(
        ((_overlap(g, u), gi, ui) for gi, g in enumerate(gold) for ui, u in enumerate(predicted)),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_unit: set[int] = set()
    for overlap, gi, ui in pairs:
        if overlap < MIN_OVERLAP or gi in used_gold or ui in used_unit:
            continue
        used_gold.add(gi)
        used_unit.add(ui)
        score.matched += 1
        _score_speaker(score, article, enrichment, gold[gi], predicted[ui])
    for gi in set(range(len(gold))) - used_gold:
        g = gold[gi]
        text = article.text[g.spans[0][0] : g.spans[-1][1]]
        score.errors.append(Error("missed", article.id, repr(text)))
    for ui in set(range(len(predicted))) - used_unit:
        ours = _chars([(q.start, q.end) for q in predicted[ui]])
        inside = len(ours & item.other_content) >= MIN_OVERLAP * len(ours)
        kind = "extra: partial" if inside else "extra"
        score.errors.append(Error(kind, article.id, repr(predicted[ui][0].text)))


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def _overlap(gold: Gold, unit: list[Quote]) -> float:
    gold_chars = _chars(gold.spans)
    ours = _chars([(q.start, q.end) for q in unit])
    return len(gold_chars & ours) / max(len(gold_chars), 1)


def _score_speaker(
    score: Score, article: Article, enrichment: Enrichment, gold: Gold, unit: list[Quote]
) -> None:
    if not gold.source:
        return
    score.with_source += 1
    quote = unit[0]
    if speaker_correct(enrichment, gold, quote):
        score.speaker_correct += 1
        return
    source = article.text[gold.source[0][0] : gold.source[-1][1]]
    detail = f"gold {source!r} ours {quote.speaker_text!r} for {quote.text[:60]!r}"
    score.errors.append(Error(error_kind(article, enrichment, gold, quote), article.id, detail))


PRONOUNS = _words("i me he him she her we us they them you it one who this that these those")
_DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "another ", "one ", "his ", "her ")


def error_kind(article: Article, enrichment: Enrichment, gold: Gold, quote: Quote) -> str:
    """Why a speaker is wrong, the kinds issue 18 names (first that applies):

    - ``quote in quote``: the gold quote is nested in another quotation, or its gold
      speaker is inside one (a speaker quoting someone);
    - ``next sentence``: the gold speaker stands in a sentence after the quote's;
    - ``pronoun``: the gold speaker is a pronoun ("he", "they") our chains missed;
    - ``said the official``: the gold speaker is a description after its cue ("…,"
      said the official / said a spokesman);
    - ``title``: any other description as speaker ("The senator told …");
    - ``no speaker``: we found none; ``other``: a different name or phrase.
    """
    text = article.text
    first, last = gold.spans[0][0], gold.spans[-1][1]
    source_start, source_end = gold.source[0][0], gold.source[-1][1]
    source = text[source_start:source_end].strip()
    stretches = find_quoted(text)
    around = [q for q in stretches if q.outer_start < first - 1 and last + 1 < q.outer_end]
    if around or enclosing(stretches, source_start) is not None:
        return "quote in quote"
    ends = [end for start, end in enrichment.sentences if start <= last - 1]
    if ends and source_start >= ends[-1] and source_start > last:
        return "next sentence"
    lowered = source.casefold()
    if lowered in PRONOUNS:
        return "pronoun"
    if lowered.startswith(_DETERMINERS) or source[:1].islower():
        cue = gold_cue_before(text, source_start)
        return "said the official" if cue else "title"
    if quote.speaker_text is None:
        return "no speaker"
    return "other"


def gold_cue_before(text: str, source_start: int) -> bool:
    """Whether a verb of saying directly precedes the speaker ("said the official")."""
    words = text[max(0, source_start - 30) : source_start].split()
    return bool(words) and words[-1].strip(",").lower() in _INVERTED_CUES


_INVERTED_CUES = _words(
    "said says told tells added adds wrote writes asked asks explained explains noted"
    " notes continued continues argued argues recalled recalls"
)


def speaker_correct(enrichment: Enrichment, gold: Gold, quote: Quote) -> bool:
    """The three ways a speaker counts as right (see the module docstring)."""
    source = _chars(gold.source)
    start, end = quote.speaker_start, quote.speaker_end
    if start is not None and end is not None and source & set(range(start, end)):
        return True
    chains = {chain.index: chain for chain in enrichment.chains}
    ours = chains.get(quote.speaker_chain) if quote.speaker_chain is not None else None
    if ours is None:
        return False
    touching = [
        chain
        for chain in enrichment.chains
        if any(source & set(range(m.start, m.end)) for m in chain.mentions)
    ]
    return any(chain is ours or chain.name.casefold() == ours.name.casefold() for chain in touching)


def evaluate(items: list[GoldArticle], n_process: int = 1, docs: Path | None = None) -> Score:
    """Enrich every article and score its direct quotes (parses kept in ``docs``)."""
    score = Score()
    articles = [item.article for item in items]
    if docs is None:
        enrichments = enrich_articles(articles, n_process=n_process)
    else:
        parsed = parsed_docs(articles, docs, n_process)
        enrichments = [annotate(a, doc) for a, doc in zip(articles, parsed, strict=True)]
    for item, enrichment in zip(items, enrichments, strict=True):
        score_article(score, item, enrichment)
    return score


def parsed_docs(articles: list[Article], folder: Path, n_process: int = 1) -> list[Doc]:
    """The articles' parses, read from ``folder`` or parsed and saved there."""
    from spacy.tokens import DocBin

    nlp = english_pipeline()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{hashlib.sha1(a.text.encode()).hexdigest()[:20]}.spacy" for a in articles]
    missing = [i for i, path in enumerate(paths) if not path.exists()]
    if missing:
        fresh = parse_texts(nlp, [articles[i].text for i in missing], n_process)
        for i, doc in zip(missing, fresh, strict=True):
            DocBin(docs=[doc]).to_disk(paths[i])
    return [next(iter(DocBin().from_disk(path).get_docs(nlp.vocab))) for path in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default="train", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--docs", type=Path, help="keep parsed articles here (DocBin files)")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "quotes-polnear"
    items = load(root, args.split)[: args.limit]
    began = time.perf_counter()
    score = evaluate(items, args.n_process, args.docs)
    print(f"{args.split}: {len(items)} articles in {time.perf_counter() - began:.0f}s")
    print(score.line())
    for kind, count in score.kinds().most_common():
        print(f"  {kind:<18} {count}")
        shown = [error for error in score.errors if error.kind == kind][: args.show]
        for error in shown:
            print(f"    {error}")


if __name__ == "__main__":
    main()
