"""How an analysis runs: the options every step may read (and nothing else of the caller)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analyze.abstractive import LLMConfig

# 64 documents per transaction: large enough that commits cost little next to
# extraction (measured with benchmarks/ingest.py), small enough that a crash loses
# under a second of work.
BATCH_SIZE = 64


@dataclass(slots=True)
class AnalyzeOptions:
    """Worker processes for the language stage, batch size, engine, a full rebuild.

    ``full`` rebuilds every corpus phase from scratch instead of updating what the
    changes since its last run touch (``storyline analyze --full``).
    """

    n_process: int = 1
    batch_size: int = BATCH_SIZE
    engine: str = "local"
    scheduler: str | None = None
    llm: LLMConfig | None = None  # abstractive summaries; off unless configured
    full: bool = False
