"""Storage: the Store protocol and its SQLite implementation."""

from storyline.store.base import Store
from storyline.store.sqlite import SCHEMA_VERSION, SqliteStore

__all__ = ["SCHEMA_VERSION", "SqliteStore", "Store"]
