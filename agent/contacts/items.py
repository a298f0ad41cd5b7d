"""The people services' results as artifact items, shared by the tools and the CLI so a person
reads the same in `find_decision_makers` and in `filon contacts --json`. An opted-out person's
email and phone are never shown; an email comes with its status and where and when it was
found."""

from __future__ import annotations

from typing import Literal

from agent.artifacts import CompanyContacts, ContactItem, ContactsArtifact
from agent.contacts.people import CompanyPeople, PeopleFound, Person, person
from store.models import Contact


def contact_item(contact: Contact | Person) -> ContactItem:
    """The item of a contact (its function and seniority read from its title when unset)."""
    found = contact if isinstance(contact, Person) else person(contact)
    row = found.contact
    hidden = row.opted_out
    source, found_on = found.email_source
    shown_email = None if hidden else row.email
    return ContactItem(
        id=row.id,
        name=row.full_name or "(sans nom)",
        title=row.title,
        function=found.function,
        seniority=found.seniority,
        email=shown_email,
        email_status=str(row.email_status.value) if shown_email else None,
        email_source=source if shown_email else None,
        email_found_on=found_on if shown_email else None,
        phone=None if hidden else row.phone,
        linkedin_url=None if hidden else row.linkedin_url,
        opted_out=hidden,
        source=row.source,
    )


def company_contacts(item: CompanyPeople) -> CompanyContacts:
    """One company and its people, as the artifact shows them."""
    return CompanyContacts(
        siren=item.siren,
        name=item.name,
        contacts=[contact_item(found) for found in item.people],
        known=item.known,
        hidden=item.hidden,
        suppressed=item.suppressed,
    )


def contacts_artifact(
    found: PeopleFound, *, email: Literal["any", "verified"] | None = None, looked: int = 0
) -> ContactsArtifact:
    """What `find_people` found, as the artifact UIs and `--json` read; `email`: how it was
    narrowed (only people with an email, or a verified one), from `looked` companies."""
    return ContactsArtifact(
        roles=[role.key for role in found.roles],
        list_name=found.list_name,
        companies=[company_contacts(item) for item in found.companies],
        asked=found.asked,
        email=email,
        looked=looked or len(found.companies),
    )
