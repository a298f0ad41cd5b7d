"""Process-wide state of the Chainlit app: its settings and one store engine, built lazily at
first use (never at import time) and rebuilt after the store failed."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from agent.settings import Settings
from store.db import open_store

_settings: Settings | None = None
_engine: Engine | None = None


def ui_settings() -> Settings:
    """The app's settings, read once; the LLM key is the one `filon ui` saw (or none)."""
    global _settings
    if _settings is None:
        _settings = Settings()
    return _settings


def shared_engine(settings: Settings) -> Engine:
    """The store engine every conversation of this process shares, opened at first use."""
    global _engine
    if _engine is None:
        settings.ensure_home()
        _engine = open_store(settings.database_url)
    return _engine


def reset_engine() -> None:
    """Drop the shared engine so the next turn opens (and migrates) the store again."""
    global _engine
    if _engine is not None:
        _engine.dispose()
        _engine = None
