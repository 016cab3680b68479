"""Dating undated articles from the coverage of their event, measured on Timeline17.

Every fifth article of each story (by position, so every run hides the same ones) loses
its publication date; the rest keep theirs. The stories go through the real pipeline
(``storyline.ingest`` of JSON records, then ``storyline.analyze``), and each hidden
article's date or estimated range is checked against the date it really had:

- dated: how many hidden articles end with a date or range at all;
- contains: how many of those contain the true date (a date counts when equal);
- width: the median width in days of the ranges that contain it.

Run:  .venv/bin/python eval/dating_inheritance.py [STORY ...] [--every 5] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import storyline
from storyline.jobs import AnalyzeOptions
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "timeline17"
STORIES = ("MJ_bbc", "haiti_bbc")


@dataclass(slots=True)
class DatingScores:
    hidden: int
    dated: int
    contains: int
    widths: list[int]

    @property
    def contains_share(self) -> float:
        return self.contains / self.hidden if self.hidden else 0.0

    def line(self) -> str:
        width = statistics.median(self.widths) if self.widths else float("nan")
        return (
            f"hidden {self.hidden}: dated or ranged {self.dated} ({self.dated / self.hidden:.3f}), "
            f"range contains the true date {self.contains} ({self.contains_share:.3f}), "
            f"median width {width:.0f} days"
        )


def records(stories: list[str], every: int) -> tuple[list[dict[str, str]], dict[str, date]]:
    """The stories' articles as JSON records, every ``every``-th undated; the true dates."""
    found: list[dict[str, str]] = []
    truth: dict[str, date] = {}
    for story in stories:
        items = json.loads((ROOT / story / "articles.json").read_text("utf-8"))
        for position, item in enumerate(items):
            record = {"id": f"{story}-{item['uid']}", "text": item["text"]}
            if position % every == every - 1:
                truth[record["id"]] = date.fromisoformat(item["dct"][:10])
            else:
                record["published"] = item["dct"]
            found.append(record)
    return found, truth


def score(articles: list[Article], truth: dict[str, date]) -> DatingScores:
    scores = DatingScores(len(truth), 0, 0, [])
    for article in articles:
        true = truth.get(article.external_id or "")
        if true is None:
            continue
        if article.published and article.published_basis in ("metadata", "text"):
            span = (article.published[:10], article.published[:10])
        elif article.published_range:
            span = (article.published_range[0][:10], article.published_range[1][:10])
        else:
            continue
        scores.dated += 1
        low, high = date.fromisoformat(span[0]), date.fromisoformat(span[1])
        if low <= true <= high:
            scores.contains += 1
            scores.widths.append((high - low).days + 1)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", default=list(STORIES))
    parser.add_argument("--every", type=int, default=5, help="hide every n-th article's date")
    parser.add_argument("--db", type=Path, help="keep the store here (reused when it exists)")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    inputs, truth = records(args.stories, args.every)
    with tempfile.TemporaryDirectory() as temporary:
        db = args.db or Path(temporary) / "dating.db"
        fresh = not db.exists()
        source = Path(temporary) / "hidden.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in inputs), "utf-8")
        with storyline.open_store(db) as store:
            if fresh:
                storyline.ingest([str(source)], store)
            storyline.analyze(store, options=AnalyzeOptions(n_process=args.n_process))
            print(score(list(store.articles()), truth).line())


if __name__ == "__main__":
    main()
