"""A shard's output in the work directory: Parquet parts, then a manifest saying it is done.

``<work>/<stage>/<shard key>/part-00000.parquet`` … and ``manifest.json``. Each file is
written under a temporary name and renamed into place, so a worker killed mid-write
leaves no half file under a final name; the manifest is written last, so a shard with
a manifest is complete. A task run twice (a retry after a lost worker) writes the same
bytes under the same names, so nothing is duplicated.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "manifest.json"
# zstd: raw HTML and article text compress 4-6x and decompress faster than they parse.
COMPRESSION = "zstd"


@dataclass(slots=True)
class Manifest:
    """A finished shard: how many parts and input items it holds."""

    key: str
    parts: int
    items: int

    def part_paths(self, folder: Path) -> list[Path]:
        return [folder / part_name(index) for index in range(self.parts)]


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of a finished shard, else None (not run, or cut off mid-way)."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    manifest = Manifest(**data)
    if all(path.exists() for path in manifest.part_paths(folder)):
        return manifest
    return None


def write_manifest(folder: Path, manifest: Manifest) -> None:
    _replace_into(folder / MANIFEST, json.dumps(asdict(manifest)).encode())


def _replace_into(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class PartWriter:
    """Writes one part file row group by row group, so a worker holds one batch at a time."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self._temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        self._writer = pq.ParquetWriter(self._temporary, schema, compression=COMPRESSION)

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def commit(self) -> None:
        """Close the file and move it to its final name."""
        self._writer.close()
        os.replace(self._temporary, self.path)

    def abort(self) -> None:
        self._writer.close()
        self._temporary.unlink(missing_ok=True)


def write_part(path: Path, table: pa.Table) -> None:
    """One whole part at once (analysis shards are small)."""
    writer = PartWriter(path, table.schema)
    try:
        writer.write(table)
    except BaseException:
        writer.abort()
        raise
    writer.commit()


def read_rows(path: Path, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """The rows of a part file, ``batch_size`` at a time (never the whole file at once)."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        yield batch.to_pylist()
