"""Writing signals from a source and reading them back.

A signal with the source's id is written once whatever runs at once (`INSERT … ON CONFLICT
(source, external_id) DO NOTHING RETURNING`, then `DO UPDATE` for the others): found again,
its content is refreshed, and each writer counts as new only the rows it inserted itself. A correction names
the notice it corrects; after every write, the corrected rows are marked `superseded_by` (in
any order: a correction may arrive before the notice it corrects). A cancellation is kept, so
that the next sync still knows, but is never read as a signal (it supersedes itself)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import aliased

from store.db import is_sqlite
from store.models import Company, Signal
from store.models.tables import table_of

TABLE = table_of(Signal)
COMPANY = table_of(Company)
_CHUNK = 500
# Refreshed when a signal is found again (never `superseded_by`: a correction set it).
_REFRESHED = ("kind", "title", "detail", "url", "occurred_on", "strength", "negative",
              "payload", "corrects", "company_siren")  # fmt: skip


@dataclass(frozen=True)
class Written:
    """What a write did: new rows, rows found again, rows a correction superseded, and the
    companies whose signals changed (their intent is to be scored again)."""

    new: int = 0
    updated: int = 0
    superseded: int = 0
    sirens: frozenset[str] = frozenset()


def write_signals(engine: Engine, rows: Sequence[dict[str, Any]]) -> Written:
    """Write signal rows (`Signal` columns; the companies must exist) in one transaction."""
    if not rows:
        return Written()
    # One row per key: PostgreSQL refuses to update a row twice in one INSERT.
    keyed = list(
        {
            (row["source"], row["external_id"]): row for row in rows if row.get("external_id")
        }.values()
    )
    loose = [row for row in rows if not row.get("external_id")]
    inserted = 0
    with engine.begin() as connection:
        for start in range(0, len(keyed), _CHUNK):
            inserted += _upsert(connection, keyed[start : start + _CHUNK], sqlite=is_sqlite(engine))
        if loose:
            connection.execute(TABLE.insert(), loose)
        superseded, touched = _apply_corrections(connection, {row["source"] for row in keyed})
    return Written(
        new=inserted + len(loose),
        updated=len(keyed) - inserted,
        superseded=superseded,
        sirens=frozenset({row["company_siren"] for row in rows} | touched),
    )


def _upsert(connection: Connection, rows: list[dict[str, Any]], *, sqlite: bool) -> int:
    """Insert the rows that are new and refresh those found again; how many this transaction
    inserted. Two statements, so that each writer counts only its own inserts: a row another
    process inserted first (it waits for that one to commit) is found again, not new."""
    # Executed with the rows as parameters (one statement compiled, sent in batches), not
    # with the rows in the statement: compiling thousands of VALUES was most of the time.
    insert = sqlite_insert if sqlite else pg_insert
    keys = ["source", "external_id"]
    new = (
        insert(TABLE)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(TABLE.c.source, TABLE.c.external_id)
    )
    written = {(source, external_id) for source, external_id in connection.execute(new, rows)}
    again = [row for row in rows if (row["source"], row["external_id"]) not in written]
    if again:
        statement = insert(TABLE)
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={name: statement.excluded[name] for name in _REFRESHED},
        )
        connection.execute(statement, again)
    return len(written)


def _apply_corrections(connection: Connection, sources: set[str]) -> tuple[int, set[str]]:
    """Mark the rows a correction of these sources names; how many, and the companies they
    concern."""
    marked = 0
    touched: set[str] = set()
    correction = aliased(TABLE)
    for source in sources:
        targets = and_(
            TABLE.c.source == source,
            TABLE.c.superseded_by.is_(None),
            TABLE.c.external_id.in_(
                select(correction.c.corrects).where(
                    correction.c.source == source, correction.c.corrects.is_not(None)
                )
            ),
        )
        touched |= set(connection.scalars(select(TABLE.c.company_siren).where(targets)))
        latest = (
            select(func.max(correction.c.external_id))
            .where(correction.c.source == source, correction.c.corrects == TABLE.c.external_id)
            .scalar_subquery()
        )
        result = connection.execute(update(TABLE).where(targets).values(superseded_by=latest))
        marked += result.rowcount
    return marked, touched


def live_signals(connection: Connection, sirens: Sequence[str] | None = None) -> list[Any]:
    """The signals in force (not superseded) of these companies (all when None), by company."""
    statement = select(TABLE).where(TABLE.c.superseded_by.is_(None))
    if sirens is None:
        return list(connection.execute(statement.order_by(TABLE.c.company_siren)).all())
    rows: list[Any] = []
    wanted = sorted(set(sirens))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows += connection.execute(statement.where(TABLE.c.company_siren.in_(chunk))).all()
    return rows


def sirens_with_signals(connection: Connection) -> list[str]:
    """The companies with at least one signal in force."""
    statement = select(TABLE.c.company_siren).distinct().where(TABLE.c.superseded_by.is_(None))
    return sorted(connection.scalars(statement))


def signals_since(
    connection: Connection, sirens: Sequence[str], *, kinds: Sequence[str], since: date | None
) -> list[Any]:
    """The signals in force of these companies, of these kinds (all when empty), since a day,
    the latest first."""
    rows: list[Any] = []
    wanted = sorted(set(sirens))
    for start in range(0, len(wanted), _CHUNK):
        statement = select(TABLE).where(
            TABLE.c.superseded_by.is_(None),
            TABLE.c.company_siren.in_(wanted[start : start + _CHUNK]),
        )
        if kinds:
            statement = statement.where(TABLE.c.kind.in_(list(kinds)))
        if since is not None:
            statement = statement.where(TABLE.c.occurred_on >= since)
        rows += connection.execute(statement).all()
    rows.sort(key=lambda row: (row.occurred_on or date.min, row.id), reverse=True)
    return rows
