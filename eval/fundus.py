"""Fundus parser fixtures (../shared/corpora/pages-fundus): title, date, byline, body scores.

The 116 pages are processed as one corpus, as `storyline ingest` of a crawl would see
them: per-site templates are learnt from every page of the set, then each page is
extracted with its site's template (:func:`storyline.extract.corpus.extract_corpus`).

Scores (what the corpora README quotes for trafilatura and newspaper4k):
- title exact: the title equals the real headline (whitespace collapsed);
- same-day date: the published day equals the real one (local day as written, or the
  same UTC day when both carry an offset);
- byline recall: real author names found among ``authors`` (case and spacing folded);
- body F1: bag-of-tokens F1 (lower-cased word tokens, multiset overlap) per page, averaged.

Run: ``python eval/fundus.py [--baseline] [--show N]`` prints the figures and the misses.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import CORPORA, corpus  # noqa: E402

from storyline.ingest.decode import decode_bytes  # noqa: E402
from storyline.model import Article, RawDocument, ReadFailure  # noqa: E402

_TOKEN = re.compile(r"\w+")


def fundus_documents(root: Path | None = None) -> list[tuple[RawDocument, dict[str, Any]]]:
    """Each page as the crawler would hand it over (bytes and URL) with its gold record."""
    root = root or corpus("pages-fundus")
    pairs = []
    for line in (root / "expected.jsonl").read_text("utf-8").splitlines():
        gold = json.loads(line)
        path = root / gold["page"]
        data = gzip.decompress(path.read_bytes())
        body = decode_bytes(data, str(path))
        document = RawDocument(str(path), "html", body, raw=data, url=gold["url"])
        pairs.append((document, gold))
    return pairs


def body_f1(ours: str, gold: str) -> float:
    """Bag-of-tokens F1 of two texts."""
    mine, theirs = Counter(_tokens(ours)), Counter(_tokens(gold))
    overlap = sum((mine & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(mine.values()), overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def same_title(ours: str | None, gold: str | None) -> bool:
    return _squash(ours) == _squash(gold)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _squash(text: str | None) -> str:
    """Whitespace collapsed and invisible characters (zero-width spaces) dropped."""
    return " ".join((text or "").translate(_INVISIBLE).split())


def same_day(ours: str | None, gold: str | None) -> bool:
    """The same local day as written, or the same UTC day when both carry an offset."""
    if not ours or not gold:
        return False
    if ours[:10] == gold[:10]:
        return True
    mine, theirs = _moment(ours), _moment(gold)
    if mine is None or theirs is None or mine.tzinfo is None or theirs.tzinfo is None:
        return False
    return mine.astimezone(UTC).date() == theirs.astimezone(UTC).date()


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(slots=True)
class FundusScore:
    """Running totals over the pages."""

    pages: int = 0
    titles: int = 0
    dated: int = 0
    dates: int = 0
    names: int = 0
    names_found: int = 0
    body: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, article: Article | ReadFailure, gold: dict[str, Any]) -> None:
        self.pages += 1
        name = Path(gold["page"]).name
        if isinstance(article, ReadFailure):
            self.misses.append(f"{name}: FAILED {article.problem}")
            self.dated += bool(gold.get("publishing_date"))
            self.names += len(gold.get("authors") or [])
            return
        self._title(article, gold, name)
        self._date(article, gold, name)
        self._byline(article, gold, name)
        score = body_f1(article.text, gold.get("body") or "")
        self.body += score
        if score < 0.9:
            self.misses.append(f"{name}: body F1 {score:.3f}")

    def _title(self, article: Article, gold: dict[str, Any], name: str) -> None:
        if same_title(article.title, gold.get("title")):
            self.titles += 1
        else:
            self.misses.append(f"{name}: title {article.title!r} != {gold.get('title')!r}")

    def _date(self, article: Article, gold: dict[str, Any], name: str) -> None:
        if not gold.get("publishing_date"):
            return
        self.dated += 1
        if same_day(article.published, gold["publishing_date"]):
            self.dates += 1
        else:
            self.misses.append(f"{name}: date {article.published} != {gold['publishing_date']}")

    def _byline(self, article: Article, gold: dict[str, Any], name: str) -> None:
        real = gold.get("authors") or []
        found = {_fold(a) for a in _authors(article)}
        hits = [a for a in real if _fold(a) in found]
        self.names += len(real)
        self.names_found += len(hits)
        if len(hits) < len(real):
            self.misses.append(f"{name}: authors {_authors(article)} vs {real}")

    @property
    def title_exact(self) -> float:
        return self.titles / max(self.pages, 1)

    @property
    def same_day(self) -> float:
        return self.dates / max(self.dated, 1)

    @property
    def byline_recall(self) -> float:
        return self.names_found / max(self.names, 1)

    @property
    def body_f1(self) -> float:
        return self.body / max(self.pages, 1)

    def line(self, label: str) -> str:
        return (
            f"{label:<34} title {self.title_exact:.3f}  same-day {self.same_day:.3f}  "
            f"byline R {self.byline_recall:.3f}  body F1 {self.body_f1:.3f}  ({self.pages} pages)"
        )


def _authors(article: Article) -> list[str]:
    authors = getattr(article, "authors", None)
    if authors is not None:
        return list(authors)
    return [article.author] if article.author else []


def score_storyline(pairs: list[tuple[RawDocument, dict[str, Any]]]) -> FundusScore:
    """Extract the pages as one corpus (templates from the other pages of each site)."""
    from storyline.extract.corpus import extract_corpus

    score = FundusScore()
    for article, (_, gold) in zip(extract_corpus([d for d, _ in pairs]), pairs, strict=True):
        score.add(article, gold)
    return score


def score_single_pages(pairs: list[tuple[RawDocument, dict[str, Any]]]) -> FundusScore:
    """Each page on its own, no template: what a single-page extractor can do."""
    from storyline.extract.article import extract_articles

    score = FundusScore()
    for document, gold in pairs:
        score.add(extract_articles([document])[0], gold)
    return score


def score_trafilatura(pairs: list[tuple[RawDocument, dict[str, Any]]]) -> FundusScore:
    """Plain trafilatura with metadata, for comparison."""
    import trafilatura

    score = FundusScore()
    for document, gold in pairs:
        found = trafilatura.bare_extraction(document.body, url=document.url, with_metadata=True)
        meta = found.as_dict() if found is not None else {}
        article = Article(
            id=document.id,
            source_path=document.source_path,
            text=meta.get("text") or "",
            title=meta.get("title"),
            published=meta.get("date"),
            author=meta.get("author"),
        )
        article_authors = [a.strip() for a in (meta.get("author") or "").split(";") if a.strip()]
        score.add(_with_authors(article, article_authors), gold)
    return score


def _with_authors(article: Article, names: list[str]) -> Article:
    if hasattr(article, "authors"):
        article.authors = names  # type: ignore[attr-defined]
    else:
        article.author = names[0] if len(names) == 1 else "; ".join(names) or None
    return article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="also score plain trafilatura")
    parser.add_argument("--single", action="store_true", help="also score pages one by one")
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    if not (CORPORA / "pages-fundus").exists():
        sys.exit(f"{CORPORA / 'pages-fundus'} not found")
    pairs = fundus_documents()
    if args.baseline:
        print(score_trafilatura(pairs).line("trafilatura.bare_extraction"))
    if args.single:
        print(score_single_pages(pairs).line("storyline, each page alone"))
    score = score_storyline(pairs)
    print(score.line("storyline, the set as one corpus"))
    for miss in score.misses[: args.show]:
        print("  ", miss)


if __name__ == "__main__":
    main()
