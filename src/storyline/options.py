"""How an analysis runs: the options every step may read (and nothing else of the caller)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from storyline.analyze.abstractive import LLMConfig
from storyline.workers import usable_cores

# 64 documents per transaction: large enough that commits cost little next to
# extraction (measured with benchmarks/ingest.py), small enough that a crash loses
# under a second of work.
BATCH_SIZE = 64
# Unasked, the language stage forks up to this many workers: each one's parse and
# annotation memory (~0.3-0.7 GB resident, models shared with this process until written).
AUTO_LANGUAGE_PROCESSES = 4


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
        """The language stage's processes: as asked, else one per core up to
        :data:`AUTO_LANGUAGE_PROCESSES` when called from the main thread (forked workers
        start with this process's loaded models: 1.9x on two cores, benchmarks/enrich.py).
        Called from another thread (the API's ingest jobs) it stays in one process:
        forking a thread of a server copies none of the other threads, and whatever lock
        one of them held at that moment stays held in the copy."""
        if self.n_process is not None:
            return self.n_process
        if threading.current_thread() is not threading.main_thread():
            return 1
        return min(usable_cores(), AUTO_LANGUAGE_PROCESSES)
