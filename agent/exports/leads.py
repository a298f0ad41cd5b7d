"""The columns of a lead export: one row per lead, with the company and its main contact.

One row per lead (not per contact), so that a list of 74 leads is a file of 74 rows that can
be sorted, filtered and counted as leads. The contact on the row is the lead's own contact when
it has one and it has not opted out, else the company's best reachable contact (verified email
first, then catch-all, guessed, unknown; registry officers and older records first among
equals), else an opted-out contact, shown by name only. An opted-out contact's email and phone
are never written (RGPD): the "opted out" column says why they are blank.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.exports import labels
from agent.i18n import Language, t
from store.models import CompanyPublic, Contact, EmailStatus
from store.repositories.leads import LeadRow
from store.users import display_name

COLUMNS = (
    "siren", "name", "city", "postcode", "department", "naf_label", "headcount", "list",
    "stage", "owner_name", "owner", "score", "lead_created_on", "last_contacted_on",
    "contact_name", "contact_title", "email", "email_status", "email_source", "email_found_on",
    "phone", "opted_out",
)  # fmt: skip
_EMAIL_RANK = {
    EmailStatus.verified: 0,
    EmailStatus.catch_all: 1,
    EmailStatus.guessed: 2,
    EmailStatus.unknown: 3,
    EmailStatus.invalid: 4,
}


def header(language: Language) -> list[str]:
    """The column titles."""
    return [t(f"leads.export.column.{column}", language) for column in COLUMNS]


def main_contact(row: LeadRow, contacts: Sequence[Contact]) -> Contact | None:
    """The contact shown on the lead's row (see the module docstring)."""
    reachable = [contact for contact in contacts if not contact.opted_out]
    own = next((c for c in reachable if c.id == row.lead.contact_id), None)
    if own is not None:
        return own
    if reachable:
        return min(reachable, key=_reach)
    return next((c for c in contacts if c.id == row.lead.contact_id), None) or next(
        iter(contacts), None
    )


def _reach(contact: Contact) -> int:
    if not contact.email:
        return len(_EMAIL_RANK)
    return _EMAIL_RANK.get(EmailStatus(contact.email_status), len(_EMAIL_RANK))


def cells(row: LeadRow, contact: Contact | None, language: Language) -> list[str | int | None]:
    """One lead's row, in `COLUMNS` order."""
    company = CompanyPublic.of(row.company)
    lead = row.lead
    return [
        company.siren,
        company.name,
        company.city_label or company.city,
        company.postcode,
        company.department_name or company.department,
        company.naf_label,
        labels.headcount(company.headcount_band, language),
        row.list_name,
        labels.stage(lead.stage, language),
        display_name(lead.owner),
        lead.owner,
        lead.score,
        labels.day(lead.created_at),
        labels.day(row.last_contacted_on),
        *_contact_cells(contact, language),
    ]


def _contact_cells(contact: Contact | None, language: Language) -> list[str | None]:
    if contact is None:
        return [None] * 8
    hidden = contact.opted_out
    email = None if hidden else contact.email
    found = contact.field_sources.get("email") if email else None
    source = found if isinstance(found, dict) else {}
    return [
        contact.full_name or None,
        contact.title,
        email,
        labels.email_status(contact.email_status, language) if email else None,
        source.get("source"),
        labels.day(source.get("at")),
        None if hidden else labels.phone(contact.phone),
        labels.yes_no(contact.opted_out, language),
    ]
