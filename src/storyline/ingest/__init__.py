"""Readers: files, directories, globs, stdin and URLs in, raw documents and failures out.

Formats: text, HTML, JSON / JSON lines, WARC, RSS/Atom feeds and OPML lists, any of them
``.gz``-compressed. Nothing here raises for a bad input: it becomes a
:class:`~storyline.model.ReadFailure` with a one-line problem, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.ingest.options import ReadOptions
from storyline.ingest.readers import read_argument
from storyline.model import RawDocument, ReadFailure

__all__ = ["ReadOptions", "read_inputs"]


def read_inputs(inputs: Iterable[str], options: ReadOptions) -> Iterator[RawDocument | ReadFailure]:
    """Lazily read every input, yielding documents and failures as they come.

    Args:
        inputs: file paths, directories (read recursively), globs (``**`` too), ``-``
            for JSON lines on stdin, or http(s) URLs of pages, feeds or OPML lists.
        options: size cap, timeouts, redirects and whether private addresses are allowed.

    Yields:
        A :class:`RawDocument` per article found, a :class:`ReadFailure` per input (or
        record) that could not be read.

    Example:
        >>> for item in read_inputs(["news/"], ReadOptions()):  # doctest: +SKIP
        ...     print(item.source_path)
    """
    for argument in inputs:
        yield from read_argument(argument, options)
