"""What the rep reads when the store fails mid-conversation: locked, missing or unreachable."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from agent.i18n import Language
from agent.memory import MemoryUnavailable
from store.db import StoreUnavailable
from ui.texts import text

STORE_ERRORS: tuple[type[BaseException], ...] = (
    StoreUnavailable,
    MemoryUnavailable,
    SQLAlchemyError,
    OSError,
)
_LOCKED = ("database is locked", "database table is locked", "database is busy")


def is_store_failure(error: BaseException) -> bool:
    """Whether `error` says the store (or the conversation memory next to it) failed."""
    if isinstance(error, STORE_ERRORS):
        return True
    # aiosqlite / sqlite3 errors from the conversation memory are not SQLAlchemy's.
    return type(error).__module__.startswith(("sqlite3", "aiosqlite"))


def failure_text(error: BaseException, language: Language) -> str:
    """One clear sentence about a store failure, in the rep's language."""
    message = str(getattr(error, "orig", None) or error)
    sqlite_error = "sqlite" in type(error).__module__
    locked = any(marker in message.lower() for marker in _LOCKED)
    if locked and (sqlite_error or isinstance(error, OperationalError | StoreUnavailable)):
        return text("store_locked", language)
    reason = " ".join(message.split())[:160] or type(error).__name__
    return text("store_unavailable", language, reason=reason)
