"""Storage: DuckDB by default."""

from .database import DEFAULT_DB, Store, StoreError, actor_key

__all__ = ["DEFAULT_DB", "Store", "StoreError", "actor_key"]
