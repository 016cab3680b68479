"""Statements over a list of ids of any length: run chunk by chunk under SQLite's limit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

CHUNK = 500  # SQLite's default limit on host parameters is 999


def select_in(
    db: sqlite3.Connection, sql: str, values: Iterable[Any], before: tuple[Any, ...] = (),
    after: tuple[Any, ...] = (), plain: bool = False,
) -> Iterator[Any]:  # fmt: skip
    """The rows of ``sql`` for every distinct value; ``{marks}`` in it stands for a chunk's
    placeholders, ``before`` and ``after`` are the parameters around them. ``plain`` rows
    are tuples, not ``sqlite3.Row``: a batch on a 200k archive reads millions of postings,
    and building a Row, then a tuple from it, was a third of that."""
    wanted = list(dict.fromkeys(values))
    cursor = db.cursor()
    if plain:
        cursor.row_factory = None
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        yield from cursor.execute(
            sql.format(marks=",".join("?" * len(chunk))), (*before, *chunk, *after)
        )


def execute_in(
    db: sqlite3.Connection, sql: str, values: Iterable[Any], before: tuple[Any, ...] = ()
) -> None:
    """Run ``sql`` (a DELETE or UPDATE with ``{marks}``) for every distinct value."""
    for _ in select_in(db, sql, values, before):
        pass
