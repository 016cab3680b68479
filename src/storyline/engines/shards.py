"""Inputs cut into shards: units of work a worker reads and extracts on its own.

The plan follows the local engine's reading order exactly (arguments in order, each
expanded as :func:`~storyline.ingest.sources.expand_argument` does), so loading the
shards in plan order writes what the local engine writes. Three kinds of shard:

- ``files``: consecutive whole-file inputs (text, HTML, JSON, feeds, …), up to
  ``documents`` files or ``bytes`` bytes, each read by the reader the local engine uses;
- ``lines``: a run of whole lines of an uncompressed JSON lines file (a byte range and
  the number of its first line, found by one scan for newlines), so one big file
  spreads over every worker;
- ``stream``: one WARC (or compressed JSON lines) file, streamed start to end by one
  worker, since neither can be entered in the middle.

URLs and ``-`` are read here, on the client (the fetcher's limits apply as usual), and
travel to a worker as ``documents`` shards to be extracted.

A shard's key hashes everything its output depends on (paths with size and mtime,
ranges, reader options, extractor version), so a rerun finds the shards it finished.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from storyline.extract.article import EXTRACT_VERSION
from storyline.ingest import ReadOptions
from storyline.ingest.formats import detect_format, format_from_name
from storyline.ingest.readers import read_argument
from storyline.ingest.sources import STDIN, expand_argument, is_gzip, is_url, sniff_head
from storyline.model import RawDocument, ReadFailure

ShardKind = Literal["files", "lines", "stream", "documents"]
_SCAN_CHUNK = 1 << 20
# Documents read on the client travel inside the task that extracts them: 8 MiB keeps
# each task message well under the ~10 MB at which Dask warns of a large graph.
INLINE_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class ShardSizes:
    """How big shards are.

    512 documents is a few seconds of extraction on one core for news pages (1-10 ms
    each), long enough that Dask's per-task cost (about a millisecond) vanishes and
    short enough that a lost worker costs little; 32 MiB bounds what a files shard
    holds in memory at once.
    """

    documents: int = 512
    bytes: int = 32 << 20


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of ingest work; ``key`` names its output in the work directory."""

    kind: ShardKind
    paths: tuple[str, ...] = ()
    start: int = 0  # lines: first byte
    end: int = 0  # lines: byte after the last line
    first_line: int = 1  # lines: number of the first line
    documents: tuple[RawDocument | ReadFailure, ...] = field(default=(), repr=False)
    key: str = ""


def plan_shards(inputs: Iterable[str], options: ReadOptions, sizes: ShardSizes) -> Iterator[Shard]:
    """The shards of ``inputs``, in the local engine's reading order (lazily)."""
    group = _FileGroup(options, sizes)
    for argument in inputs:
        if argument == STDIN or is_url(argument):
            yield from group.flush()
            yield from document_shards(read_argument(argument, options), options, sizes)
            continue
        for found in expand_argument(argument):
            if isinstance(found, ReadFailure):
                yield from group.flush()
                yield _keyed(Shard("documents", documents=(found,)), options)
            elif (kind := _streamed_kind(found)) is not None:
                yield from group.flush()
                yield from _split(found, kind, options, sizes)
            else:
                yield from group.add(found)
    yield from group.flush()


class _FileGroup:
    """Consecutive whole-file inputs gathered into one files shard."""

    def __init__(self, options: ReadOptions, sizes: ShardSizes) -> None:
        self._options, self._sizes = options, sizes
        self._paths: list[str] = []
        self._bytes = 0

    def add(self, path: Path) -> Iterator[Shard]:
        self._paths.append(str(path))
        self._bytes += _file_stat(path)[0]
        if len(self._paths) >= self._sizes.documents or self._bytes >= self._sizes.bytes:
            yield from self.flush()

    def flush(self) -> Iterator[Shard]:
        if self._paths:
            yield _keyed(Shard("files", paths=tuple(self._paths)), self._options)
        self._paths, self._bytes = [], 0


def _streamed_kind(path: Path) -> Literal["jsonl", "warc"] | None:
    """``jsonl`` or ``warc`` when the local reader would stream ``path``, else None.

    A telling extension decides without opening the file, as it does for the reader.
    """
    by_name = format_from_name(str(path))
    if by_name is None:
        try:
            by_name = detect_format(str(path), sniff_head(path))
        except Exception:  # noqa: BLE001 - unreadable: the files reader reports it as usual
            return None
    return by_name if by_name in ("jsonl", "warc") else None  # type: ignore[return-value]


def _split(
    path: Path, kind: Literal["jsonl", "warc"], options: ReadOptions, sizes: ShardSizes
) -> Iterator[Shard]:
    if _file_stat(path)[0] == 0:  # the files reader reports "empty file", as locally
        yield _keyed(Shard("files", paths=(str(path),)), options)
    elif kind == "warc" or is_gzip(path):
        yield _keyed(Shard("stream", paths=(str(path),)), options)
    else:
        for start, end, first_line in line_ranges(path, sizes):
            shard = Shard("lines", paths=(str(path),), start=start, end=end, first_line=first_line)
            yield _keyed(shard, options)


def line_ranges(path: Path, sizes: ShardSizes) -> Iterator[tuple[int, int, int]]:
    """``(start byte, end byte, first line number)`` of runs of whole lines of ``path``.

    A run ends after ``sizes.documents`` lines or once it holds ``sizes.bytes``; lines
    are counted as the JSON lines reader counts them (a final line needs no newline).
    """
    start, line, first_line, in_run = 0, 1, 1, 0
    position = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            offset = 0
            while (newline := chunk.find(b"\n", offset)) >= 0:
                offset = newline + 1
                line += 1
                in_run += 1
                end = position + offset
                if in_run >= sizes.documents or end - start >= sizes.bytes:
                    yield start, end, first_line
                    start, first_line, in_run = end, line, 0
            position += len(chunk)
    if position > start:
        yield start, position, first_line


def document_shards(
    items: Iterable[RawDocument | ReadFailure], options: ReadOptions, sizes: ShardSizes
) -> Iterator[Shard]:
    """Items already read (on the client), in shards small enough to travel in a task."""
    chunk: list[RawDocument | ReadFailure] = []
    weight = 0
    for item in items:
        chunk.append(item)
        weight += len(item.raw) + len(item.body) if isinstance(item, RawDocument) else 0
        if len(chunk) >= sizes.documents or weight >= INLINE_BYTES:
            yield _keyed(Shard("documents", documents=tuple(chunk)), options)
            chunk, weight = [], 0
    if chunk:
        yield _keyed(Shard("documents", documents=tuple(chunk)), options)


def _file_stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_size, stat.st_mtime_ns)


def _keyed(shard: Shard, options: ReadOptions) -> Shard:
    """``shard`` with its key: a hash of all its output depends on."""
    described = {
        "kind": shard.kind,
        "files": [(p, *_file_stat(Path(p))) for p in shard.paths],
        "range": (shard.start, shard.end, shard.first_line),
        "documents": [_identity(d) for d in shard.documents],
        "options": dataclasses.asdict(options),
        "extract": EXTRACT_VERSION,
    }
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return dataclasses.replace(shard, key=f"{shard.kind}-{digest[:24]}")


def _identity(item: RawDocument | ReadFailure) -> list[str]:
    if isinstance(item, ReadFailure):
        return [item.source_path, item.problem]
    return [item.source_path, item.id]


def work_dir_for(db_path: str) -> Path | None:
    """The work directory beside a file store (``news.db`` -> ``news.db.shards``)."""
    if db_path in ("", ":memory:") or db_path.startswith("file:"):
        return None
    return Path(os.path.abspath(db_path + ".shards"))
