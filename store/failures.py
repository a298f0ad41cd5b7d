"""How the store fails: `StoreUnavailable` with a code saying what went wrong, and the sorting
of driver errors (sqlite3, psycopg, SQLAlchemy) into those codes.

The store speaks no human language: an error carries a `code` and `values` (`where` the
database is, the driver's `reason`…) and the CLI or the UI words it for the person reading.
A driver error that names no failure of the database itself (a syntax error, a constraint)
is a bug, not a store failure: `store_failure` returns None for it so it is raised as is.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

StoreProblem = Literal[
    "bad_url",  # FILON_DATABASE_URL is not a URL (not repeated: it may hold a password)
    "unsupported",  # neither SQLite nor PostgreSQL: values backend
    "unreachable",  # no PostgreSQL server answers there: where, reason
    "connection_lost",  # the connection dropped while a command was writing: where, reason
    "refused",  # the server refuses the login or the database: where, user, reason
    "denied",  # logged in, but the role lacks rights on the tables: where, user, reason
    "locked",  # another process holds the lock longer than the busy wait: where
    "corrupt",  # the file is not a (readable) SQLite database: where
    "not_a_file",  # the database path is a folder: where
    "cannot_open",  # the file cannot be opened or created: where, reason
    "read_only",  # the file or its folder cannot be written: where
    "full",  # no space left for the database: where
    "newer",  # written by a newer Filon (unknown migration): where, revision
    "unavailable",  # anything else that keeps the database from answering: where, reason
]


class StoreUnavailable(RuntimeError):
    """The database cannot be opened or used; `code` says why, `values` the details.

    The message is for logs and developers; people read the catalogue's wording of `code`.
    """

    def __init__(self, message: str, *, code: StoreProblem = "unavailable", **values: str):
        super().__init__(message)
        self.code: StoreProblem = code
        self.values: dict[str, str] = values


def store_failure(error: BaseException, url: str | URL) -> StoreUnavailable | None:
    """`error`, raised while using the database at `url`, as a `StoreUnavailable` saying
    what went wrong; None when it says nothing about the database (a bug: raise it)."""
    if isinstance(error, StoreUnavailable):
        # A bare StoreUnavailable (the SIRENE writer's "busy") keeps its driver error as cause.
        if error.code == "unavailable" and error.__cause__ is not None:
            return store_failure(error.__cause__, url) or error
        return error
    where, user = location(url), _user(url)
    driver = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    reason = _first_line(driver)
    if isinstance(driver, sqlite3.Error):
        sqlite_code = _sqlite_problem(driver)
        if sqlite_code is not None:
            return StoreUnavailable(reason, code=sqlite_code, where=where, reason=reason)
        return None
    if type(driver).__module__.startswith("psycopg"):
        postgres_code = _postgres_problem(driver, reason)
        # libpq: 'connection failed: connection to server at "h", port 1 failed: <the reason>'
        reason = reason.rsplit(" failed: ", 1)[-1]
        if postgres_code is not None:
            return StoreUnavailable(
                reason, code=postgres_code, where=where, user=user, reason=reason
            )
        return None
    if isinstance(error, OperationalError | OSError):
        detail = getattr(error, "strerror", None) or reason
        code: StoreProblem = "cannot_open" if isinstance(error, OSError) else "unavailable"
        return StoreUnavailable(reason, code=code, where=where, reason=detail)
    return None


def _sqlite_problem(error: sqlite3.Error) -> StoreProblem | None:
    name = getattr(error, "sqlite_errorname", "") or ""
    base = name.split("_")[1] if name.startswith("SQLITE_") else ""
    match base:
        case "BUSY" | "LOCKED":
            return "locked"
        case "NOTADB" | "CORRUPT":
            return "corrupt"
        case "CANTOPEN":
            return "cannot_open"
        case "READONLY":
            return "read_only"
        case "FULL":
            return "full"
        case "IOERR" | "PERM" | "AUTH" | "NOLFS" | "PROTOCOL":
            return "unavailable"
    return None


def _postgres_problem(error: BaseException, message: str) -> StoreProblem | None:
    state = str(getattr(error, "sqlstate", None) or "")
    if state == "42501":
        return "denied"
    if state.startswith("28") or state == "3D000":  # bad login; no such database
        return "refused"
    if state.startswith("08") or state == "57P03":
        return "unreachable"
    if state == "55P03":
        return "locked"
    if state == "53100":
        return "full"
    if state.startswith(("53", "57")):  # out of resources; shut down or cancelled
        return "unavailable"
    if not state and type(error).__name__ == "OperationalError":
        # libpq gives no SQLSTATE when a connection fails; "FATAL:" is the server answering
        # (unknown role or database, bad password), anything else is no server answering.
        return "refused" if "FATAL:" in message else "unreachable"
    return None


def location(url: str | URL) -> str:
    """Where the database is, without secrets: a file path, or host:port/database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return ""
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


def _user(url: str | URL) -> str:
    try:
        return make_url(url).username or ""
    except ArgumentError:
        return ""


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__
