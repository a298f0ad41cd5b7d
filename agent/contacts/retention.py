"""Keeping prospects' personal data no longer than the CNIL's rule for B2B prospecting: three
years from collection or from the last contact (configurable, `FILON_RETENTION_DAYS`).

`purge` removes the personal fields (names, email, phone, LinkedIn address) of the contacts
past that age and records, on each contact, what it removed and when; what remains (the
company, the function and seniority) says nothing about a person. The enrichment ledger's
calls older than the age keep their provider and cost but lose who was asked about and what
came back. A dry run lists the contacts and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from store.models import Contact
from store.models._time import utcnow
from store.repositories.provider_calls import forget_answers

PERSONAL = ("first_name", "last_name", "email", "phone", "linkedin_url")
DEFAULT_RETENTION_DAYS = 3 * 365
_AGE = re.compile(
    r"^\s*(?P<n>\d{1,4})\s*(?P<unit>y|a|ans?|years?|m|mois|months?|d|j|jours?|days?)\s*$"
)
_UNIT_DAYS = {"y": 365, "a": 365, "m": 30, "d": 1, "j": 1}


class BadAge(ValueError):
    """An age that cannot be read ("3y", "36m", "1095d" can)."""

    code = "bad_age"

    def __init__(self, value: str) -> None:
        super().__init__(f"cannot read the age {value!r}: write 3y, 36m or 1095d")
        self.values = {"value": value}


def age_in_days(value: str) -> int:
    """ "3y" → 1095, "36m" → 1080, "1095d" → 1095 (French units too: 3a, 36mois, 1095j)."""
    match = _AGE.match(value.lower())
    if match is None or int(match["n"]) == 0:
        raise BadAge(value)
    return int(match["n"]) * _UNIT_DAYS[match["unit"][0]]


@dataclass(frozen=True, slots=True)
class Stale:
    """A contact past the retention age: who (before purging), where, since when."""

    contact_id: int
    company_siren: str
    name: str
    last_activity: date


def stale_contacts(engine: Engine, *, older_than_days: int, today: date) -> list[Stale]:
    """Contacts whose last contact (or, never contacted, their collection) is older than the
    age, and who still hold personal data."""
    cutoff = today - timedelta(days=older_than_days)
    collected = func.date(col(Contact.created_at))
    last = func.coalesce(col(Contact.last_contacted_on), collected)
    holding = (
        col(Contact.first_name).is_not(None)
        | col(Contact.last_name).is_not(None)
        | col(Contact.email).is_not(None)
        | col(Contact.phone).is_not(None)
        | col(Contact.linkedin_url).is_not(None)
    )
    statement = select(Contact).where(holding, last < cutoff).order_by(col(Contact.id))
    with Session(engine) as session:
        found = session.exec(statement).all()
    return [
        Stale(
            contact_id=contact.id or 0,
            company_siren=contact.company_siren,
            name=contact.full_name,
            last_activity=contact.last_contacted_on or contact.created_at.date(),
        )
        for contact in found
    ]


def purge(
    engine: Engine, *, older_than_days: int, today: date, user: str, dry_run: bool = False
) -> list[Stale]:
    """Remove the personal fields of the contacts past the age (see the module docstring);
    with `dry_run`, only list them. Returns the contacts concerned."""
    stale = stale_contacts(engine, older_than_days=older_than_days, today=today)
    if dry_run:
        return stale
    # The enrichment ledger keeps its calls and costs, not the people asked about past the age
    cutoff = datetime.combine(today - timedelta(days=older_than_days), time(), tzinfo=UTC)
    forget_answers(engine, before=cutoff)
    if not stale:
        return stale
    stamp = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "by": user,
        "older_than_days": older_than_days,
    }
    with Session(engine) as session:
        for start in range(0, len(stale), 500):
            ids = [item.contact_id for item in stale[start : start + 500]]
            for contact in session.exec(select(Contact).where(col(Contact.id).in_(ids))).all():
                removed = [name for name in PERSONAL if getattr(contact, name)]
                for name in PERSONAL:
                    setattr(contact, name, None)
                sources = {k: v for k, v in contact.field_sources.items() if k not in PERSONAL}
                sources["purged"] = {**stamp, "fields": removed}
                contact.field_sources = sources
                contact.person_key = None
                contact.updated_at = utcnow()
                session.add(contact)
        session.commit()
    return stale
