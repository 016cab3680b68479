"""Timeline17: our timelines against the journalists', scored with tilse as news-tls scores.

Each story folder's articles go through the real pipeline (``storyline.ingest`` of the
JSON records, then ``storyline.analyze``: extraction, enrichment, events, stories), and
``tls_timeline`` builds one timeline per gold timeline of the folder, in the news-tls
setting: as many dates as the gold timeline, within its first and last date, each date
summarised in the gold timeline's mean number of sentences per date (rounded).

Scores (``tilse_scores``): alignment ROUGE-1/2 F ("align+ m:1", ROUGE-1.5.5 with Porter
stems and stopwords removed) and date F1, per timeline and their mean as news-tls
averages them. ``--proxy`` adds the project's own fast approximation (``tls_metrics``).

Analysing a story takes minutes on a 2-core box, so ``--cache DIR`` keeps each story's
store (``DIR/<story>.db``) and reuses it: brought up to date by ``storyline.analyze``
(only what changed is recomputed), or read as it is with ``--as-is`` when only the
timeline stage changed.

Run:  .venv/bin/python eval/timeline17.py [STORY ...] [--cache DIR [--as-is]] [--n-process 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tilse_scores import TimelineScores, mean_scores, score_timeline
from tls_metrics import alignment_rouge

import storyline
from storyline.analyze.tls import tls_candidates, tls_timeline
from storyline.jobs import AnalyzeOptions
from storyline.store import SqliteStore

ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "timeline17"
GoldTimeline = dict[date, list[str]]


@dataclass(slots=True)
class Score:
    story: str
    timeline: str
    dates: int
    per_date: int
    tilse: TimelineScores
    proxy: tuple[float, float] | None  # our approximate AR-1, AR-2 F
    seconds: float


def gold_timelines(folder: Path) -> list[tuple[str, GoldTimeline]]:
    """Every gold timeline of a story folder (``*.timeline.json``), by file name."""
    paths = sorted(folder.glob("*.timeline.json"))
    if not paths:
        raise FileNotFoundError(f"{folder}: no *.timeline.json gold timeline")
    return [(path.name.removesuffix(".timeline.json"), gold_timeline(path)) for path in paths]


def gold_timeline(path: Path) -> GoldTimeline:
    """Date -> sentences. The texts join the original timeline's lines with two spaces
    (one line per sentence, as tilse reads Timeline17); entries of one date are merged."""
    gold: GoldTimeline = {}
    for item in json.loads(path.read_text("utf-8")):
        lines = [line.strip() for line in item["text"].split("  ") if line.strip()]
        gold.setdefault(date.fromisoformat(item["date"]), []).extend(lines)
    return gold


def sentences_per_date(gold: GoldTimeline) -> int:
    """news-tls's summary length k: the mean number of sentences per gold date, rounded."""
    return max(1, round(sum(len(lines) for lines in gold.values()) / len(gold)))


@contextmanager
def story_store(
    folder: Path, cache: Path | None, as_is: bool = False, n_process: int = 1
) -> Iterator[SqliteStore]:
    """The story's analysed store: cached under ``cache`` when given, else temporary."""
    with tempfile.TemporaryDirectory() as temporary:
        db = (cache or Path(temporary)) / f"{folder.name}.db"
        fresh = not db.exists()
        db.parent.mkdir(parents=True, exist_ok=True)
        with storyline.open_store(db) as store:
            if fresh:
                storyline.ingest([str(folder / "articles.json")], store)
            if fresh or not as_is:
                storyline.analyze(store, options=AnalyzeOptions(n_process=n_process))
            yield store


def predict(store: SqliteStore, gold: GoldTimeline) -> dict[date, list[str]]:
    """Our timeline in the news-tls setting of one gold timeline."""
    articles = {a.id: a for a in store.articles()}
    candidates = tls_candidates(articles, store.enrichments())
    timeline = tls_timeline(candidates, len(gold), (min(gold), max(gold)), sentences_per_date(gold))
    return {day: [s.text for s in sentences] for day, sentences in timeline.items()}


def score_story(
    folder: Path,
    n_process: int = 1,
    cache: Path | None = None,
    as_is: bool = False,
    proxy: bool = False,
) -> list[Score]:
    """One score per gold timeline of the story folder."""
    scores = []
    with story_store(folder, cache, as_is, n_process) as store:
        for name, gold in gold_timelines(folder):
            start = time.perf_counter()
            predicted = predict(store, gold)
            found = score_timeline(predicted, gold)
            rough = None
            if proxy:
                rough = (
                    alignment_rouge(predicted, gold, 1)[2],
                    alignment_rouge(predicted, gold, 2)[2],
                )
            seconds = time.perf_counter() - start
            scores.append(
                Score(folder.name, name, len(gold), sentences_per_date(gold), found, rough, seconds)
            )
    return scores


def line(label: str, scores: TimelineScores, extra: str = "") -> str:
    return (
        f"{label:<36} AR1-F {scores.rouge1.f:.3f}  AR2-F {scores.rouge2.f:.3f}  "
        f"date-F1 {scores.dates.f:.3f}{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="story folders (default: all)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="keep and reuse each story's store here")
    parser.add_argument("--as-is", action="store_true", help="read cached stores unchanged")
    parser.add_argument("--proxy", action="store_true", help="also our fast approximate metric")
    args = parser.parse_args()
    folders = [ROOT / s for s in args.stories] or sorted(p for p in ROOT.iterdir() if p.is_dir())
    scores: list[Score] = []
    for folder in folders:
        for score in score_story(folder, args.n_process, args.cache, args.as_is, args.proxy):
            scores.append(score)
            extra = f"  (k {score.per_date}, {score.seconds:.0f} s)"
            if score.proxy:
                extra += f"  proxy AR1-F {score.proxy[0]:.3f} AR2-F {score.proxy[1]:.3f}"
            label = f"{score.story}/{score.timeline} ({score.dates} d)"
            print(line(label, score.tilse, extra), flush=True)
    print(line(f"mean of {len(scores)} timelines", mean_scores([s.tilse for s in scores])))


if __name__ == "__main__":
    main()
