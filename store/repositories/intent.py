"""Storing intent scores: one row per company with signals, written again when they change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from store.db import is_sqlite
from store.models import CompanyIntent, Signal
from store.models.tables import table_of

TABLE = table_of(CompanyIntent)
SIGNAL = table_of(Signal)
_CHUNK = 500
_COLUMNS = ("score", "reasons", "signal_count", "last_signal_on", "computed_on", "weights")


def stale_sirens(connection: Connection, *, today: date, weights: str) -> list[str]:
    """Companies with signals in force whose score is missing, older than today or computed
    with other weights."""
    intent = TABLE
    statement = (
        select(SIGNAL.c.company_siren)
        .distinct()
        .select_from(SIGNAL.outerjoin(intent, intent.c.company_siren == SIGNAL.c.company_siren))
        .where(
            SIGNAL.c.superseded_by.is_(None),
            or_(
                intent.c.company_siren.is_(None),
                intent.c.computed_on < today,
                intent.c.weights != weights,
            ),
        )
    )
    return sorted(connection.scalars(statement))


def orphan_sirens(connection: Connection) -> list[str]:
    """Companies with a score but no signal in force any more."""
    live = exists().where(
        SIGNAL.c.company_siren == TABLE.c.company_siren, SIGNAL.c.superseded_by.is_(None)
    )
    return sorted(connection.scalars(select(TABLE.c.company_siren).where(~live)))


def save_intents(
    engine: Engine, rows: Sequence[dict[str, Any]], *, drop: Iterable[str] = ()
) -> None:
    """Write these scores (one per company) and remove those of `drop`, in one transaction."""
    gone = sorted(set(drop))
    with engine.begin() as connection:
        for start in range(0, len(gone), _CHUNK):
            connection.execute(
                delete(TABLE).where(TABLE.c.company_siren.in_(gone[start : start + _CHUNK]))
            )
        if rows:  # the rows as parameters: one statement compiled, sent in batches
            statement = (sqlite_insert if is_sqlite(engine) else pg_insert)(TABLE)
            statement = statement.on_conflict_do_update(
                index_elements=["company_siren"],
                set_={name: statement.excluded[name] for name in _COLUMNS},
            )
            connection.execute(statement, list(rows))


def intents_of(connection: Connection, sirens: Sequence[str]) -> dict[str, Any]:
    """The stored scores of these companies, by SIREN."""
    found: dict[str, Any] = {}
    wanted = sorted(set(sirens))
    for start in range(0, len(wanted), _CHUNK):
        statement = select(TABLE).where(TABLE.c.company_siren.in_(wanted[start : start + _CHUNK]))
        found |= {row.company_siren: row for row in connection.execute(statement)}
    return found
