"""Timeline17: our story timelines against the journalists', date F1 and alignment ROUGE.

Each story folder's articles go through the real pipeline (ingest as JSON records,
extraction, the enrichment stage: sentences and time expressions), then
``select_timeline`` builds a timeline with the gold timeline's number of dates, its
date range and its mean number of sentences per date (the news-tls setting).

Run:  .venv/bin/python eval/timeline17.py [STORY ...] [--n-process 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tls_metrics import alignment_rouge, date_f1

from storyline import jobs
from storyline.analyze.timeline import dated_sentences, publication_sentences, select_timeline
from storyline.graph import article_step_names

ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "timeline17"


@dataclass(slots=True)
class Score:
    story: str
    dates: int
    date_f1: float
    rouge1: float
    rouge2: float
    seconds: float


def gold_timeline(folder: Path) -> dict[date, list[str]]:
    (path,) = folder.glob("*.timeline.json")
    gold: dict[date, list[str]] = {}
    for item in json.loads(path.read_text("utf-8")):
        gold.setdefault(date.fromisoformat(item["date"]), []).append(item["text"])
    return gold


def sentences_per_date(gold: dict[date, list[str]]) -> int:
    """Mean sentences per gold date (PTB text: sentences end in " . ")."""
    counts = [
        max(1, sum(t.count(" . ") + t.rstrip().endswith(" .") for t in texts))
        for texts in gold.values()
    ]
    return max(1, round(sum(counts) / len(counts)))


def predict(
    folder: Path, gold: dict[date, list[str]], n_process: int, db: Path
) -> dict[date, list[str]]:
    with jobs.open_store(db) as store:
        jobs.ingest([str(folder / "articles.json")], store)
        options = jobs.AnalyzeOptions(n_process=n_process)
        jobs.analyze(store, options=options, steps=article_step_names())
        dated = []
        for enrichment in store.enrichments():
            article = store.article(enrichment.article_id)
            if article is None or enrichment.skipped:
                continue
            dated += dated_sentences(article, enrichment) + publication_sentences(
                article, enrichment
            )
    timeline = select_timeline(dated, len(gold), (min(gold), max(gold)), sentences_per_date(gold))
    return {day: [s.text for s in sentences] for day, sentences in timeline.items()}


def score_story(folder: Path, n_process: int = 1, workdir: Path | None = None) -> Score:
    gold = gold_timeline(folder)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=workdir) as temporary:
        predicted = predict(folder, gold, n_process, Path(temporary) / "t17.db")
    return Score(
        story=folder.name,
        dates=len(gold),
        date_f1=date_f1(predicted, gold),
        rouge1=alignment_rouge(predicted, gold, 1)[2],
        rouge2=alignment_rouge(predicted, gold, 2)[2],
        seconds=time.perf_counter() - start,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="story folders (default: all)")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    folders = [ROOT / s for s in args.stories] or sorted(p for p in ROOT.iterdir() if p.is_dir())
    scores = []
    for folder in folders:
        score = score_story(folder, args.n_process)
        scores.append(score)
        print(
            f"{score.story:<22} dates {score.dates:>4}  date-F1 {score.date_f1:.3f}  "
            f"AR1-F {score.rouge1:.3f}  AR2-F {score.rouge2:.3f}  ({score.seconds:.0f} s)",
            flush=True,
        )
    n = len(scores)
    print(
        f"{'mean':<22} {'':>9}  date-F1 {sum(s.date_f1 for s in scores) / n:.3f}  "
        f"AR1-F {sum(s.rouge1 for s in scores) / n:.3f}  AR2-F {sum(s.rouge2 for s in scores) / n:.3f}"
    )


if __name__ == "__main__":
    main()
