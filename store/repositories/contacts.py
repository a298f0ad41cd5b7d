"""Reading and writing contacts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from store.models import Contact

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
