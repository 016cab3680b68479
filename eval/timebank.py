"""TempEval-3 style scoring of ``find_times`` on TimeBank + AQUAINT (``timex3.jsonl``).

Relaxed span match: a system mention and a gold TIMEX3 that overlap, paired one-to-one
(greedily, in text order). Value accuracy is counted on the matched pairs. The document
creation time is not in ``text`` (it is the ``dct`` field), so nothing needs excluding;
datelines such as "August 7" in Xinhua stories are part of the text and stay in.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.enrich.times import find_times
from storyline.model import TimeMention


@dataclass(slots=True)
class TimexScore:
    gold: int = 0
    system: int = 0
    matched: int = 0
    value_correct: int = 0
    by_type: Counter[str] = field(default_factory=Counter)  # "<type> gold/matched/value"
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / max(self.system, 1)

    @property
    def recall(self) -> float:
        return self.matched / max(self.gold, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / max(self.matched, 1)

    def lines(self) -> list[str]:
        lines = [
            f"relaxed span P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
            f"(gold {self.gold}, system {self.system}, matched {self.matched})",
            f"value accuracy on matched {self.value_accuracy:.3f}",
        ]
        for kind in ("DATE", "TIME", "DURATION", "SET"):
            gold, matched = self.by_type[f"{kind} gold"], self.by_type[f"{kind} matched"]
            correct = self.by_type[f"{kind} value"]
            lines.append(
                f"  {kind:<8} gold {gold:4d}  span recall {matched / max(gold, 1):.3f}  "
                f"value accuracy {correct / max(matched, 1):.3f}"
            )
        return lines


def same_value(system: str | None, gold: str) -> bool:
    """Values equal up to zero-padding of ISO week numbers (TimeBank writes W6 and W06)."""
    if system is None:
        return False

    def pad(value: str) -> str:
        return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)

    return pad(system) == pad(gold)


def score_document(doc: dict[str, Any], score: TimexScore) -> None:
    text, dct = str(doc["text"]), str(doc["dct"])
    gold = sorted(doc["timex3"], key=lambda t: t["start"])
    system = find_times(text, str(doc["doc"]), dct, None)
    score.gold += len(gold)
    score.system += len(system)
    used: set[int] = set()
    for timex in gold:
        score.by_type[f"{timex['type']} gold"] += 1
        index = _overlapping(system, timex["start"], timex["end"], used)
        if index is None:
            score.misses.append(f"MISS {timex['type']} {timex['text']!r} {timex['value']}")
            continue
        used.add(index)
        score.matched += 1
        score.by_type[f"{timex['type']} matched"] += 1
        if same_value(system[index].value, timex["value"]):
            score.value_correct += 1
            score.by_type[f"{timex['type']} value"] += 1
        else:
            mention = system[index]
            score.misses.append(
                f"VALUE {timex['type']} {timex['text']!r} gold {timex['value']} "
                f"got {mention.text!r} {mention.value} (dct {dct[:10]})"
            )
    for index, mention in enumerate(system):
        if index not in used:
            score.misses.append(f"EXTRA {mention.type} {mention.text!r} {mention.value}")


def _overlapping(system: list[TimeMention], start: int, end: int, used: set[int]) -> int | None:
    for index, mention in enumerate(system):
        if index not in used and mention.start < end and start < mention.end:
            return index
    return None


def score_file(path: Path) -> TimexScore:
    score = TimexScore()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            score_document(json.loads(line), score)
    return score


if __name__ == "__main__":  # pragma: no cover - for tuning: python eval/timebank.py
    from corpora import corpus

    result = score_file(corpus("temporal-timebank") / "timex3.jsonl")
    print("\n".join(result.lines()))
    Path("/tmp/timebank_misses.txt").write_text("\n".join(result.misses), encoding="utf-8")
