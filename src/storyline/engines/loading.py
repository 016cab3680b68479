"""Reading finished shards back on the client, in the shapes the local write path takes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.engines.columns import ReadItem, read_items
from storyline.engines.parts import Manifest, read_rows
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import BatchResult


class Extracted:
    """What the workers extracted, for ``ingest_documents`` to take batch by batch.

    ``read`` yields the items of finished shards in order and remembers what came of
    each document; ``ingest_documents`` gathers a batch from it and asks ``take`` for
    the batch's new documents. It reads one batch ahead at most, so only the last
    ``keep`` extractions are kept.
    """

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._found: OrderedDict[tuple[str, str], Article | ReadFailure] = OrderedDict()

    def read(
        self, folder: Path, manifests: Iterable[Manifest], batch_size: int
    ) -> Iterator[RawDocument | ReadFailure]:
        for manifest in manifests:
            for items in manifest_items(folder, manifest, batch_size):
                for entry in items:
                    if isinstance(entry.item, RawDocument) and entry.extracted is not None:
                        self._remember((entry.item.id, entry.item.source_path), entry.extracted)
                    yield entry.item

    def _remember(self, key: tuple[str, str], extracted: Article | ReadFailure) -> None:
        self._found[key] = extracted
        self._found.move_to_end(key)
        while len(self._found) > self._keep:
            self._found.popitem(last=False)

    def take(self, raws: list[RawDocument]) -> BatchResult:
        """The extraction of each of ``raws`` (documents read from the shards)."""
        result = BatchResult()
        for raw in raws:
            extracted = self._found[(raw.id, raw.source_path)]
            if isinstance(extracted, Article):
                result.records.append(extracted)
            else:
                result.failures.append(extracted)
        return result


def manifest_items(folder: Path, manifest: Manifest, batch_size: int) -> Iterator[list[ReadItem]]:
    """A finished ingest shard's items, ``batch_size`` at a time."""
    for part in manifest.part_paths(folder / manifest.key):
        for rows in read_rows(part, batch_size):
            yield list(read_items(rows))


def batch_result(items: list[ReadItem]) -> BatchResult:
    """The articles and extraction failures of a batch of items."""
    result = BatchResult()
    for entry in items:
        if isinstance(entry.extracted, Article):
            result.records.append(entry.extracted)
        elif entry.extracted is not None:
            result.failures.append(entry.extracted)
    return result


def step_rows(
    folder: Path, manifest: Manifest, batch_size: int
) -> list[tuple[str, bytes, str | None]]:
    """A finished analysis shard's ``(article id, payload, problem)`` rows."""
    rows = []
    for part in manifest.part_paths(folder / manifest.key):
        for batch in read_rows(part, batch_size):
            rows += [(row["article_id"], row["payload"], row.get("problem")) for row in batch]
    return rows
