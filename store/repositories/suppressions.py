"""Reading and writing the suppression list. An entry is added once whatever runs at once
(`INSERT … ON CONFLICT DO NOTHING`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from store.db import is_sqlite
from store.models._time import utcnow
from store.models.suppression import Suppression, SuppressionKind
from store.models.tables import table_of

TABLE = table_of(Suppression)


def add_entry(
    engine: Engine, *, kind: SuppressionKind, value: str, added_by: str, reason: str | None
) -> bool:
    """Add an entry; False when it was there already (its first reason is kept)."""
    row: dict[str, Any] = {
        "kind": kind.value,
        "value": value,
        "reason": reason,
        "added_by": added_by,
        "added_at": utcnow(),
    }
    statement = (sqlite_insert if is_sqlite(engine) else pg_insert)(TABLE).values(row)
    statement = statement.on_conflict_do_nothing(index_elements=["kind", "value"])
    with engine.begin() as connection:
        return bool(connection.execute(statement.returning(TABLE.c.id)).first())


def remove_entry(engine: Engine, *, kind: SuppressionKind, value: str) -> bool:
    """Remove an entry; False when there was none."""
    with Session(engine) as session:
        result = session.exec(
            delete(Suppression).where(
                col(Suppression.kind) == kind, col(Suppression.value) == value
            )
        )
        session.commit()
        return bool(result.rowcount)


def all_entries(session: Session) -> list[Suppression]:
    """Every entry, the latest first."""
    statement = select(Suppression).order_by(col(Suppression.added_at).desc(), col(Suppression.id))
    return list(session.exec(statement).all())


def entries_matching(
    session: Session, *, emails: Iterable[str], domains: Iterable[str], sirens: Iterable[str]
) -> set[tuple[str, str]]:
    """The (kind, value) entries among these emails, domains and SIRENs."""
    wanted = {
        SuppressionKind.email: sorted(set(emails)),
        SuppressionKind.domain: sorted(set(domains)),
        SuppressionKind.siren: sorted(set(sirens)),
    }
    found: set[tuple[str, str]] = set()
    for kind, values in wanted.items():
        for start in range(0, len(values), 1_000):
            chunk = values[start : start + 1_000]
            statement = select(Suppression.value).where(
                col(Suppression.kind) == kind, col(Suppression.value).in_(chunk)
            )
            found |= {(kind.value, value) for value in session.exec(statement).all()}
    return found
