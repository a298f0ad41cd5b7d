"""The columns of a people export: one row per person shown by `find_decision_makers` (the
roles asked, most senior first, nobody opted out or on the suppression list), with their
company, title read as function and seniority, and each email's status, source and date."""

from __future__ import annotations

from agent.contacts.people import CompanyPeople, Person
from agent.exports import labels
from agent.i18n import Language, t

COLUMNS = (
    "siren", "name", "contact_name", "contact_title", "function", "seniority", "email",
    "email_status", "email_source", "email_found_on", "phone", "linkedin",
)  # fmt: skip


def header(language: Language) -> list[str]:
    """The column titles."""
    return [t(f"leads.export.column.{column}", language) for column in COLUMNS]


def cells(company: CompanyPeople, person: Person, language: Language) -> list[str | None]:
    """One person's row, in `COLUMNS` order."""
    contact = person.contact
    source, found_on = person.email_source
    email = contact.email
    return [
        company.siren,
        company.name,
        contact.full_name or None,
        contact.title,
        t(f"labels.function.{person.function}", language) if person.function else None,
        t(f"labels.seniority.{person.seniority}", language) if person.seniority else None,
        email,
        labels.email_status(contact.email_status, language) if email else None,
        source if email else None,
        labels.day(found_on) if email else None,
        labels.phone(contact.phone),
        contact.linkedin_url,
    ]
