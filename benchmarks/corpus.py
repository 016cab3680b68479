"""The ~28k real articles the link and scale benchmarks read: Reuters-21578, BBC, Timeline17.

Read from ../shared/corpora (never copied). Reuters stories carry their 1987 wire
date; Timeline17 articles their creation date; BBC articles (2004-05) carry none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from storyline.model import Article

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def reuters() -> Iterator[Article]:
    with (CORPORA / "news-reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if (row.get("body") or "").strip():
                # The day only: a few stamps have broken times ("605:12:19").
                day = datetime.strptime(row["date"].strip().split()[0], "%d-%b-%Y")
                yield Article(f"reuters:{row['newid']}", "reuters", row["body"],
                              title=row.get("title"), published=day.date().isoformat(),
                              language="en", outlet="Reuters")  # fmt: skip


def bbc() -> Iterator[Article]:
    with (CORPORA / "news-bbc2225" / "bbc.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            yield Article(f"bbc:{row['id']}", "bbc", row["body"], title=row["title"],
                          language="en", outlet="BBC")  # fmt: skip


def timeline17() -> Iterator[Article]:
    for path in sorted((CORPORA / "timeline17").glob("*/articles.json")):
        for index, row in enumerate(json.loads(path.read_text("utf-8"))):
            yield Article(f"t17:{path.parent.name}:{index}", "timeline17", row["text"],
                          published=row.get("dct"), language="en")  # fmt: skip


def real_articles() -> list[Article]:
    """All three corpora, in a fixed order."""
    return [*reuters(), *bbc(), *timeline17()]
