"""What a database failure under an import means to its user: a `SireneStoreError`, or None.

The writers talk to the drivers directly (sqlite3, psycopg), so their errors arrive raw, or
wrapped by SQLAlchemy when the engine raised them (connecting, migrating). A lost connection,
a role without rights, a read-only or full store, a busy SQLite file are conditions a user can
act on; anything else is a bug and stays an exception. SQLSTATEs and SQLite's error names are
matched rather than messages, which the server may translate.
"""

from __future__ import annotations

import sqlite3

from store.sirene.errors import SireneStoreError

# PostgreSQL SQLSTATE classes: 08 connection exception, 57P operator intervention (restart,
# pg_terminate_backend); single codes below.
_CONNECTION_CLASSES = ("08", "57P")
_PERMISSION_DENIED = "42501"
_READ_ONLY = "25006"
_DISK_FULL = ("53100", "53200")


def store_problem(error: BaseException, *, role: str | None = None) -> SireneStoreError | None:
    """The user's side of a driver error (`role`: the database user, for the message)."""
    error = getattr(error, "orig", None) or error  # SQLAlchemy's DBAPIError wraps the driver's
    # The server's primary message only: its CONTEXT lines quote whole trigger bodies.
    primary = getattr(getattr(error, "diag", None), "message_primary", None)
    detail = primary or (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, sqlite3.Error):
        return _sqlite_problem(error, detail)
    if not type(error).__module__.startswith("psycopg"):
        return None
    import psycopg

    sqlstate = getattr(error, "sqlstate", None) or ""
    if sqlstate == _PERMISSION_DENIED:
        return SireneStoreError(
            f"the database role {role or '?'} lacks rights on the store's tables ({detail}); "
            "grant it SELECT, INSERT and UPDATE on them, or import as the store's owner",
            code="permission_denied",
            role=role or "?",
            detail=detail,
        )
    if sqlstate == _READ_ONLY:
        return _read_only(detail)
    if sqlstate in _DISK_FULL:
        return _disk_full(detail)
    if sqlstate.startswith(_CONNECTION_CLASSES) or (
        not sqlstate and isinstance(error, psycopg.OperationalError)
    ):
        return SireneStoreError(
            f"lost the connection to the database ({detail}); the batches committed so far are "
            "kept: run the same import again to finish it",
            code="connection_lost",
            detail=detail,
        )
    return None


def _sqlite_problem(error: sqlite3.Error, detail: str) -> SireneStoreError | None:
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return SireneStoreError(
            "the store is busy (another process is writing to it); retry in a moment", code="busy"
        )
    if name.startswith("SQLITE_READONLY"):
        return _read_only(detail)
    if name == "SQLITE_FULL":
        return _disk_full(detail)
    return None


def _read_only(detail: str) -> SireneStoreError:
    return SireneStoreError(
        f"the store is read-only ({detail}); check the database's permissions or connect to its "
        "primary server",
        code="read_only",
        detail=detail,
    )


def _disk_full(detail: str) -> SireneStoreError:
    return SireneStoreError(
        f"the database's disk is full ({detail}); free some space, then run the import again",
        code="disk_full",
        detail=detail,
    )
