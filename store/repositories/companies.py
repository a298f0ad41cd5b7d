"""Reading and writing companies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store.db import is_sqlite
from store.models import Company
from store.models._time import utcnow
from store.models.tables import table_of

TABLE = table_of(Company)
# Columns a later writer must not blank out when it knows less (e.g. the API has no website).
CHUNK = 1_000  # SIRENs per IN (…)
_KEEP_WHEN_NULL = ("website", "domain", "description", "revenue", "acronym")


def get_company(session: Session, *, siren: str) -> Company | None:
    """The company with this SIREN, or None."""
    return session.get(Company, siren)


def upsert_companies(engine: Engine, *, companies: Sequence[Company]) -> int:
    """Insert companies or update them by SIREN; returns how many rows were written."""
    if not companies:
        return 0
    now = utcnow()
    rows = [{**company.model_dump(), "updated_at": now} for company in companies]
    insert = sqlite_insert if is_sqlite(engine) else pg_insert
    statement = insert(TABLE).values(rows)
    excluded = statement.excluded
    updates = {
        column.name: (
            func.coalesce(excluded[column.name], TABLE.c[column.name])
            if column.name in _KEEP_WHEN_NULL
            else excluded[column.name]
        )
        for column in TABLE.columns
        if column.name not in ("siren", "import_hash")
    }
    statement = statement.on_conflict_do_update(index_elements=["siren"], set_=updates)
    with engine.begin() as connection:
        connection.execute(statement)
    return len(rows)


def known_sirens(session: Session, *, sirens: Sequence[str]) -> set[str]:
    """Which of these SIRENs the store holds."""
    if not sirens:
        return set()
    statement = select(TABLE.c.siren).where(TABLE.c.siren.in_(sirens))
    return set(session.execute(statement).scalars().all())


def names_in(engine: Engine, *, sirens: Sequence[str]) -> dict[str, tuple[str, str | None, str]]:
    """(name, city, source) of those of these companies the store holds, by SIREN."""
    wanted = sorted(set(sirens))
    found: dict[str, tuple[str, str | None, str]] = {}
    with Session(engine) as session:
        for start in range(0, len(wanted), CHUNK):
            statement = select(
                col(Company.siren), col(Company.name), col(Company.city), col(Company.source)
            ).where(col(Company.siren).in_(wanted[start : start + CHUNK]))
            for siren, name, city, source in session.execute(statement):
                found[siren] = (name, city, source)
    return found


def known_sirens_in(engine: Engine, *, sirens: Sequence[str]) -> set[str]:
    """Which of these SIRENs the store holds, however many are asked (asked in chunks)."""
    wanted = sorted(set(sirens))
    found: set[str] = set()
    with Session(engine) as session:
        for start in range(0, len(wanted), CHUNK):
            found |= known_sirens(session, sirens=wanted[start : start + CHUNK])
    return found


def shared_names(session: Session, *, names: Sequence[str]) -> set[str]:
    """Which of these names more than one company bears (exactly as written)."""
    wanted = sorted(set(names))
    if not wanted:
        return set()
    statement = (
        select(TABLE.c.name)
        .where(TABLE.c.name.in_(wanted))
        .group_by(TABLE.c.name)
        .having(func.count() > 1)
    )
    return {str(name) for name in session.execute(statement).scalars()}
