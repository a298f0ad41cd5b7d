"""A contact as the model reads it: one line, its email with status, source and date; an
opted-out person marked as never to be contacted."""

from __future__ import annotations

from agent.artifacts import ContactItem
from agent.contacts.items import contact_item
from agent.tools.lines import data

__all__ = ["contact_item", "contact_line"]


def contact_line(contact: ContactItem) -> str:
    """`NAME, TITLE: email (status, source date) — phone` for the model."""
    if contact.opted_out:
        reach = "opted out: never contact"
    elif contact.email:
        found = ", ".join(
            part
            for part in (
                contact.email_status,
                f"from {data(contact.email_source)}" if contact.email_source else None,
                contact.email_found_on.isoformat() if contact.email_found_on else None,
            )
            if part
        )
        reach = f"{data(contact.email)} ({found})" if found else data(contact.email)
    else:
        reach = "no email known"
    if contact.phone and not contact.opted_out:
        reach += f" — {data(contact.phone)}"
    return f"{data(contact.name)}, {data(contact.title) or '?'}: {reach}"
