"""What is wrong with a store, in one line: SQLite's errors worded for the person at the CLI.

Every way a ``--db`` can be unusable (a folder, a missing folder, not SQLite, damaged,
read-only, a full disk, locked) becomes a :class:`~storyline.errors.StoreError` whose
message names the file and says what to do, so commands print ``error: …`` and exit 2
instead of a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storyline.errors import StoreError

# SQLite primary result codes (sqlite3.h); extended codes keep them in the low byte.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26,
)  # fmt: skip
STORE_CODES = frozenset(
    {_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB}
)
_SPECIAL = (":memory:", "")


def check_store_path(path: str) -> None:
    """Refuse, before SQLite touches anything, a path no store can live at.

    Raises:
        StoreError: the path is a folder, or its folder does not exist.
    """
    if path in _SPECIAL or path.startswith("file:"):
        return
    target = Path(path)
    if target.is_dir():
        raise StoreError(
            f"{path}: is a folder, not a file; give --db a file such as {path}/storyline.db"
        )
    folder = target.parent
    if not folder.is_dir():
        raise StoreError(
            f"{path}: folder {folder} does not exist; create it or choose another --db"
        )


def store_problem(path: str, error: BaseException) -> StoreError | None:
    """The one-line StoreError for a SQLite error that means the store is unusable, else None.

    ``UnicodeDecodeError`` counts: SQLite reports a damaged schema with the damaged bytes
    in its message, which Python then fails to decode.
    """
    if isinstance(error, StoreError):
        return error
    # SQLite rolls a transaction back itself on a full disk; the ROLLBACK that follows
    # then fails with "no transaction is active", the real error as its context.
    cause = error.__context__
    if "no transaction is active" in str(error) and cause is not None and cause is not error:
        return store_problem(path, cause)
    if isinstance(error, UnicodeDecodeError):
        return StoreError(f"{path}: the database is damaged (unreadable schema); {_RESTORE}")
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    code = (getattr(error, "sqlite_errorcode", None) or _code_from_message(str(error))) & 0xFF
    if code not in STORE_CODES:
        return None
    return StoreError(f"{path}: {_describe(path, code, str(error))}")


_RESTORE = "restore it from a copy or choose another --db"


def _describe(path: str, code: int, detail: str) -> str:
    if code == _NOTADB:
        return "not a SQLite database; choose another --db"
    if code == _CORRUPT:
        return f"the database is damaged ({detail}); {_RESTORE}"
    if code == _FULL:
        return (
            "the disk is full; free some space and run the command again "
            "(the batch that failed was not kept)"
        )
    if code in (_BUSY, _LOCKED):
        return "another process kept the database locked for over 30 s; try again when it is done"
    if code in (_READONLY, _PERM):
        return f"read-only: cannot write to it ({detail}); {_writable_hint(path)}"
    if code == _CANTOPEN:
        return f"cannot open it ({detail}); {_writable_hint(path)}"
    return f"disk I/O error ({detail}); check the disk and the file system"


def _writable_hint(path: str) -> str:
    folder = Path(os.path.abspath(path)).parent
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only, and SQLite must create files beside the database"
    return "check the permissions of the file, its -wal and -shm files, and the file system"


_MESSAGES = {
    "file is not a database": _NOTADB,
    "database disk image is malformed": _CORRUPT,
    "database or disk is full": _FULL,
    "database is locked": _BUSY,
    "attempt to write a readonly database": _READONLY,
    "unable to open database file": _CANTOPEN,
    "disk i/o error": _IOERR,
}


def _code_from_message(message: str) -> int:
    """The result code behind a message, for errors raised without one."""
    lowered = message.lower()
    return next((code for text, code in _MESSAGES.items() if text in lowered), 0)
