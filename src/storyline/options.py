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
    """Worker processes, batch size, engine, a full rebuild.

    ``n_process`` is the worker processes of the language stage and the story analyses;
    None chooses for each (:meth:`language_processes`; the story analyses decide by the
    work they have, ``storyline.analyze.phases``). ``full`` rebuilds every corpus phase
    from scratch instead of updating what the changes since its last run touch
    (``storyline analyze --full``).
    """

    n_process: int | None = None
    batch_size: int = BATCH_SIZE
    engine: str = "local"
    scheduler: str | None = None
    llm: LLMConfig | None = None  # abstractive summaries; off unless configured
    full: bool = False

    def language_processes(self) -> int:
        """The language stage's processes: as asked, else one (two were slower on a
        two-core machine: each loads its own models, benchmarks/enrich.py)."""
        return self.n_process or 1
