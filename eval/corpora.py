"""Where the shared corpora live (never copied into the project) and segment scoring."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpus(name: str) -> Path:
    """Path of a shared corpus; skips the test when the corpora are not beside the project."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} not found (the shared corpora live in ../shared/corpora)")
    return path


@dataclass(slots=True)
class SegmentScore:
    """trafilatura's evaluation: `with` segments must be in the output, `without` must not."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, output: str, with_segments: list[str], without_segments: list[str]) -> None:
        for segment in with_segments:
            if segment in output:
                self.tp += 1
            else:
                self.fn += 1
        for segment in without_segments:
            if segment in output:
                self.fp += 1
            else:
                self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return f"{label:<28} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def trafilatura_pages() -> list[tuple[Path, dict[str, list[str]]]]:
    """The 990 annotated pages of trafilatura's evaluation as (html path, gold)."""
    root = corpus("extraction-trafilatura")
    gold = json.loads((root / "evaldata.json").read_text("utf-8"))
    return [(root / "html" / item["file"], item) for item in gold.values()]
