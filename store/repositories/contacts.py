"""Reading and writing contacts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import cast, func, tuple_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from store.db import is_sqlite
from store.models import Contact
from store.models.tables import table_of

TABLE = table_of(Contact)
# Written by an import: the fields an imported row sets, when it sets them
_IMPORTED = ("first_name", "last_name", "title", "function", "seniority", "email", "phone",
             "linkedin_url")  # fmt: skip

REGISTRY_SOURCE = "registre"
CHUNK = 1_000  # SIRENs per IN (…): well within both databases' bound-parameter limits


def contacts_of(session: Session, *, company_siren: str) -> list[Contact]:
    """The contacts of a company, officers from the registry first."""
    statement = (
        select(Contact)
        .where(Contact.company_siren == company_siren)
        .order_by(col(Contact.source) != REGISTRY_SOURCE, col(Contact.id))
    )
    return list(session.exec(statement).all())


def contacts_of_companies(session: Session, *, sirens: Sequence[str]) -> dict[str, list[Contact]]:
    """The contacts of each of these companies (officers from the registry first, then by id);
    a company without contacts is left out."""
    found: dict[str, list[Contact]] = {}
    wanted = sorted(set(sirens))
    for start in range(0, len(wanted), CHUNK):
        statement = (
            select(Contact)
            .where(col(Contact.company_siren).in_(wanted[start : start + CHUNK]))
            .order_by(col(Contact.source) != REGISTRY_SOURCE, col(Contact.id))
        )
        for contact in session.exec(statement).all():
            found.setdefault(contact.company_siren, []).append(contact)
    return found


def upsert_officers(engine: Engine, *, company_siren: str, officers: Sequence[Contact]) -> int:
    """Replace the registry officers of a company (contacts with source "registre")."""
    with Session(engine) as session:
        session.exec(
            delete(Contact).where(
                col(Contact.company_siren) == company_siren, col(Contact.source) == REGISTRY_SOURCE
            )
        )
        for officer in officers:
            session.add(
                officer.model_copy(
                    update={"id": None, "company_siren": company_siren, "source": REGISTRY_SOURCE}
                )
            )
        session.commit()
    return len(officers)


def upsert_imported(engine: Engine, records: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Write imported people (each with its `person_key`) in one transaction: a person already
    known at the company is updated (the fields the import sets, their sources merged), a new
    one inserted. Returns (inserted, updated). The unique key decides, whatever runs at once."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:  # the same person twice in a file: the later row wins
        latest[(record["company_siren"], record["person_key"])] = record
    rows = list(latest.values())
    if not rows:
        return 0, 0
    sqlite = is_sqlite(engine)
    inserted = updated = 0
    with engine.begin() as connection:
        for start in range(0, len(rows), CHUNK // 2):
            chunk = rows[start : start + CHUNK // 2]
            keys = [(row["company_siren"], row["person_key"]) for row in chunk]
            existing = connection.execute(
                select(TABLE.c.company_siren, TABLE.c.person_key).where(
                    tuple_(TABLE.c.company_siren, TABLE.c.person_key).in_(keys)
                )
            ).all()
            updated += len(existing)
            inserted += len(chunk) - len(existing)
            statement = (sqlite_insert if sqlite else pg_insert)(TABLE).values(chunk)
            excluded = statement.excluded
            changes: dict[str, Any] = {
                name: func.coalesce(excluded[name], TABLE.c[name]) for name in _IMPORTED
            }
            changes["field_sources"] = _merged_sources(sqlite, excluded)
            changes["updated_at"] = excluded["updated_at"]
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["company_siren", "person_key"],
                    index_where=TABLE.c.person_key.is_not(None),
                    set_=changes,
                )
            )
    return inserted, updated


def _merged_sources(sqlite: bool, excluded: Any) -> Any:
    """The stored field sources with the import's on top (a field it sets gets its source)."""
    if sqlite:
        return func.json_patch(TABLE.c.field_sources, excluded["field_sources"])
    merged = cast(TABLE.c.field_sources, JSONB).op("||")(cast(excluded["field_sources"], JSONB))
    return cast(merged, TABLE.c.field_sources.type)


def change_contacts(engine: Engine, ids: Sequence[int], change: Callable[[Contact], bool]) -> int:
    """Apply `change` to each of these contacts as stored now (locked for the transaction on
    PostgreSQL, so two runs never write over each other) and save those it changed."""
    changed = 0
    wanted = sorted(set(ids))
    with Session(engine) as session:
        for start in range(0, len(wanted), CHUNK):
            statement = select(Contact).where(col(Contact.id).in_(wanted[start : start + CHUNK]))
            if not is_sqlite(engine):
                statement = statement.with_for_update()
            for contact in session.exec(statement).all():
                if change(contact):
                    session.add(contact)
                    changed += 1
        session.commit()
    return changed
