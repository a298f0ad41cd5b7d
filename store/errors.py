"""Errors the store raises to its callers (kept apart so that every store module can raise them
without importing the engine or migration modules)."""

from __future__ import annotations


class StoreUnavailable(RuntimeError):
    """The database cannot be opened or reached."""
