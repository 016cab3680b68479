"""Where input comes from: expanding INPUT arguments, opening files (``.gz`` too), stdin.

Whole-file formats are read with :func:`read_capped`, which checks the size before
reading and stops a ``.gz`` as soon as its decompressed data passes the cap; streamed
formats (JSON lines, WARC) get a stream from :func:`open_binary` and cap each record.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from storyline.errors import InputError
from storyline.ingest.problems import describe_os_error, too_large
from storyline.model import ReadFailure

STDIN = "-"
STDIN_NAME = "<stdin>"
SNIFF_BYTES = 4096
_GLOB_CHARS = frozenset("*?[")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_CHUNK = 1 << 20


def is_url(argument: str) -> bool:
    """True for ``scheme://...`` arguments; the fetcher refuses all but http(s)."""
    return _URL.match(argument) is not None


def expand_argument(argument: str) -> Iterator[Path | ReadFailure]:
    """The files an INPUT names: itself, a directory's files, or a glob's matches.

    Directories are walked recursively in sorted order, skipping hidden files and
    folders; a glob (``*``, ``?``, ``[...]``, ``**``) expands its matches the same way.
    """
    path = Path(argument)
    if _GLOB_CHARS.intersection(argument) and not path.exists():
        yield from _expand_glob(argument)
    elif path.is_dir():
        files = walk_directory(path)
        first = next(files, None)
        if first is None:
            yield ReadFailure(argument, "no files in this folder (hidden ones are skipped)")
            return
        yield first
        yield from files
    elif path.exists():
        yield path
    else:
        yield ReadFailure(argument, "no such file or directory")


def _expand_glob(pattern: str) -> Iterator[Path | ReadFailure]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield ReadFailure(pattern, "no such file or directory (nothing matches this pattern)")
        return
    seen: set[Path] = set()
    for match in matches:
        found = walk_directory(Path(match)) if os.path.isdir(match) else iter([Path(match)])
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path


def walk_directory(root: Path) -> Iterator[Path]:
    """Every non-hidden file under ``root``, depth first, names sorted."""
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def is_gzip(path: Path | str) -> bool:
    """True when the name ends in ``.gz``."""
    return str(path).lower().endswith(".gz")


def open_binary(path: Path) -> io.BufferedIOBase:
    """Open a file for streaming, decompressing ``.gz`` on the fly.

    Read errors surface as :class:`InputError` ("truncated gzip data", ...).
    """
    source = str(path)
    try:
        handle = gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise InputError(source, describe_os_error(error)) from None
    return io.BufferedReader(CheckedStream(handle, source), buffer_size=_CHUNK)


def sniff_head(path: Path) -> bytes:
    """The first few KB of a file (decompressed for ``.gz``), for format detection."""
    with open_binary(path) as stream:
        return stream.read(SNIFF_BYTES)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """All of a file's bytes (decompressed for ``.gz``), refusing more than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(str(path), describe_os_error(error)) from None
    if size > max_bytes:
        raise InputError(str(path), too_large(max_bytes))
    with open_binary(path) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(str(path), "decompressed data " + too_large(max_bytes))
    return data


def stdin_stream() -> io.BufferedIOBase:
    """Standard input as bytes (a text-only replacement is re-encoded as UTF-8)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


class Readable(Protocol):
    """What CheckedStream needs from the stream it wraps."""

    def read1(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class CheckedStream(io.RawIOBase):
    """A raw stream whose read errors become :class:`InputError` naming the input.

    It reads with ``read1`` (one decompressed chunk at a time), so data before a
    truncation is delivered before the error; and it answers ``tell()``, which
    FastWARC asks for before reading.
    """

    def __init__(self, inner: Readable, source: str) -> None:
        super().__init__()
        self._inner = inner
        self._source = source
        self._position = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def _read(self, size: int) -> bytes:
        try:
            return self._inner.read1(size)
        except EOFError:
            raise InputError(self._source, "truncated gzip data") from None
        except (OSError, zlib.error) as error:
            problem = describe_os_error(error) if isinstance(error, OSError) else str(error)
            raise InputError(self._source, f"corrupt or unreadable data ({problem})") from None

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()
