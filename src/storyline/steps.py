"""What a step is: a per-article step or a corpus phase, declared as a value.

A step says what it reads and writes as change kinds (:mod:`storyline.store.kinds`);
the orchestrator (:mod:`storyline.orchestrator`) gives it the ids that changed in what
it reads since it last ran, and writes what it returns. Steps never write the store.

- An :class:`ArticleStep`'s results depend on one article alone, so any engine can
  compute them anywhere (a worker process, a Dask worker): ``compute`` is a pure,
  module-level function from a batch of articles to one encoded row per article.
- A :class:`CorpusPhase` relates articles to each other (duplicates, entities, events,
  ...). It reads the store, updates only what its :class:`Delta` touches (or rebuilds
  when ``delta.full``) and returns an :class:`~storyline.store.update.Update`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.model import Article
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.store.update import Update

if TYPE_CHECKING:
    from storyline.store import Store

# One article's result: its id, the encoded result, and a problem when (part of) the
# step failed on it (the article is then retried by the next analyze).
Row = tuple[str, bytes, str | None]
Compute = Callable[[list[Article], int], list[Row]]


@dataclass(frozen=True, slots=True)
class ArticleStep:
    """A per-article step: ``compute(articles, n_process)`` gives one row per article.

    ``writes`` is the result kind: ``enrichment``, or ``vector:<model>`` for vectors
    (the model name carries the version, so a new version is a new kind).
    """

    name: str
    version: str
    label: str
    reads: tuple[str, ...]
    writes: str
    compute: Compute
    # The version an article's result is stored at, by the article's language, when a
    # language can move alone (enrichment: one language's pipeline changed); else ``version``.
    stored_version: Callable[[str | None], str] | None = None

    def version_for(self, language: str | None) -> str:
        return self.stored_version(language) if self.stored_version else self.version


@dataclass(slots=True)
class Delta:
    """What changed since a phase last ran: ids per change kind, or everything (``full``)."""

    full: bool = False
    changed: dict[str, set[str]] = field(default_factory=dict)

    def ids(self, *kinds: str) -> set[str]:
        """The ids that changed in any of ``kinds``."""
        found: set[str] = set()
        for kind in kinds:
            found |= self.changed.get(kind, set())
        return found

    def __bool__(self) -> bool:
        return self.full or any(self.changed.values())


PhaseRun = Callable[["Store", Delta, AnalyzeOptions, Reporter], Update]


@dataclass(frozen=True, slots=True)
class CorpusPhase:
    """A whole-corpus phase: reads the store, returns what to write."""

    name: str
    version: str
    label: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: PhaseRun


Step = ArticleStep | CorpusPhase


def check_graph(steps: Iterable[Step]) -> None:
    """Raise ValueError for a graph the orchestrator cannot run: a name used twice, or
    a step reading what it writes itself (it would never be up to date)."""
    names: set[str] = set()
    for step in steps:
        if step.name in names:
            raise ValueError(f"step {step.name!r} declared twice")
        names.add(step.name)
        writes = {step.writes} if isinstance(step, ArticleStep) else set(step.writes)
        if writes & set(step.reads):
            raise ValueError(f"step {step.name!r} reads what it writes: {writes & set(step.reads)}")
