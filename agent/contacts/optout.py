"""The suppression list (RGPD opt-out): an email, a whole domain or a company (SIREN) that must
never be contacted. A suppressed person, domain or company is never shown, exported, enriched
or synced; the contacts it covers are marked opted out as well.

    add("jean@acme.fr")   add("acme.fr")   add("552 100 554")   remove(…)   entries()
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from agent.enrichment.patterns import is_domain
from agent.leads.errors import InvalidSiren
from agent.leads.sirens import to_siren
from store.identifiers import compact
from store.models import Company, Contact
from store.models.suppression import Suppression, SuppressionKind
from store.repositories.suppressions import (
    add_entry,
    all_entries,
    entries_matching,
    remove_entry,
)


class BadOptOut(ValueError):
    """A value that is neither an email, a domain nor a SIREN; `code` and `values` name the
    message people read."""

    code = "bad_opt_out"

    def __init__(self, value: str) -> None:
        super().__init__(f"{value!r} is not an email, a domain or a SIREN")
        self.values = {"value": value}


@dataclass(frozen=True, slots=True)
class OptOutChange:
    """What adding or removing an entry did."""

    kind: SuppressionKind
    value: str
    changed: bool  # False: it was on the list already (add), or was not (remove)
    contacts: int = 0  # contacts marked opted out by this entry


def entry_of(value: str) -> tuple[SuppressionKind, str]:
    """The kind and normalised value of what the user typed. Raises `BadOptOut`."""
    text = value.strip().lower().removeprefix("mailto:")
    if "@" in text and not text.startswith("@"):
        local, _, domain = text.rpartition("@")
        if local and is_domain(domain):
            return SuppressionKind.email, text
        raise BadOptOut(value)
    digits = compact(text)
    if digits.isdigit():
        try:
            return SuppressionKind.siren, to_siren(digits)
        except InvalidSiren:
            raise BadOptOut(value) from None
    domain = text.removeprefix("@").removeprefix("www.")
    if is_domain(domain):
        return SuppressionKind.domain, domain
    raise BadOptOut(value)


def add(engine: Engine, value: str, *, user: str, reason: str | None = None) -> OptOutChange:
    """Put `value` on the suppression list and mark the contacts it covers opted out."""
    kind, normalised = entry_of(value)
    added = add_entry(engine, kind=kind, value=normalised, added_by=user, reason=reason)
    marked = _mark(engine, kind, normalised)
    return OptOutChange(kind, normalised, added, marked)


def remove(engine: Engine, value: str) -> OptOutChange:
    """Take `value` off the list. Contacts stay marked: their own objection is not undone by
    lifting a broader entry (a person asks again to be contacted by telling the rep)."""
    kind, normalised = entry_of(value)
    return OptOutChange(kind, normalised, remove_entry(engine, kind=kind, value=normalised))


def entries(engine: Engine) -> list[Suppression]:
    """The whole list, the latest first."""
    with Session(engine) as session:
        return all_entries(session)


@dataclass(frozen=True)
class Suppressed:
    """Which of a set of contacts and companies the list covers (read once, then asked)."""

    found: frozenset[tuple[str, str]]

    def company(self, siren: str) -> bool:
        """Whether a whole company is on the list."""
        return (SuppressionKind.siren.value, siren) in self.found

    def contact(self, contact: Contact) -> bool:
        """Whether a contact must not be shown: opted out, or its email, domain or company
        on the list."""
        if contact.opted_out or self.company(contact.company_siren):
            return True
        email = (contact.email or "").lower()
        if not email:
            return False
        domain = email.rpartition("@")[2]
        return (SuppressionKind.email.value, email) in self.found or (
            SuppressionKind.domain.value,
            domain,
        ) in self.found


def suppressed(
    engine: Engine, *, contacts: Sequence[Contact] = (), sirens: Iterable[str] = ()
) -> Suppressed:
    """The entries covering these contacts and companies."""
    emails = [c.email.lower() for c in contacts if c.email]
    domains = [email.rpartition("@")[2] for email in emails]
    companies = {*sirens, *(c.company_siren for c in contacts)}
    with Session(engine) as session:
        found = entries_matching(session, emails=emails, domains=domains, sirens=companies)
    return Suppressed(frozenset(found))


class SeveralCompanies(LookupError):
    """Several companies bear the name given for a whole-company objection: which one must
    be given by SIREN (suppressing the wrong one would be worse than asking)."""

    code = "several_companies"

    def __init__(self, name: str, count: int) -> None:
        super().__init__(
            f"{count} companies are called exactly {name!r}: give the SIREN of the one meant"
        )
        self.values = {"name": name, "count": count}


class UnknownContact(LookupError):
    """No contact has the id given."""

    code = "unknown_contact"

    def __init__(self, contact_id: int) -> None:
        super().__init__(
            f"no contact has the id {contact_id}: show the people again (find_decision_makers) "
            "and use one of their ids, or give the person's email"
        )
        self.values = {"contact_id": contact_id}


class NoEmail(LookupError):
    """A person without an email: marked opted out, but not a suppression-list entry."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} has no email: they are marked opted out, but only an email, a domain or a"
            " SIREN can go on the suppression list"
        )
        self.name = name


def add_person(
    engine: Engine, contact_id: int, *, user: str, reason: str | None = None
) -> tuple[OptOutChange, str]:
    """Put a person (a contact's id) on the list by their email; (the change, their name).
    Raises `UnknownContact` for an unknown id, `NoEmail` (after marking them) without an
    email."""
    with Session(engine) as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise UnknownContact(contact_id)
        name, email = contact.full_name, contact.email
        if not email:
            contact.opted_out = True
            session.add(contact)
            session.commit()
            raise NoEmail(name)
    return add(engine, email, user=user, reason=reason), name


def company_name(engine: Engine, siren: str) -> str | None:
    """The name of the company a SIREN names, when the store holds it."""
    with Session(engine) as session:
        company = session.get(Company, siren)
        return company.name if company is not None else None


def hide_suppressed(engine: Engine, contacts: Sequence[Contact]) -> Suppressed:
    """Mark opted out (in memory, never written) the contacts the list covers, so that every
    reader that honours `opted_out` hides them; the entries found are returned."""
    found = suppressed(engine, contacts=contacts)
    for contact in contacts:
        if not contact.opted_out and found.contact(contact):
            contact.opted_out = True
    return found


def _mark(engine: Engine, kind: SuppressionKind, value: str) -> int:
    """Mark opted out the contacts an entry covers; how many were not yet."""
    match kind:
        case SuppressionKind.email:
            where = col(Contact.email) == value
        case SuppressionKind.domain:
            where = col(Contact.email).like(f"%@{value}")
        case SuppressionKind.siren:
            where = col(Contact.company_siren) == value
    with Session(engine) as session:
        result = session.exec(
            update(Contact).where(where, col(Contact.opted_out).is_(False)).values(opted_out=True)
        )
        session.commit()
        return int(result.rowcount or 0)
