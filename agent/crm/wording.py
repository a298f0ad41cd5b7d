"""A CRM and a lead's send to it, worded once for the UI's leads table, the offline answers and
`filon leads show`: "✓ HubSpot 02/12", "↻ Pipedrive : en attente", "✗ Salesforce"."""

from __future__ import annotations

from collections.abc import Mapping

from agent.artifacts import CrmStatus
from agent.http.errors import vendor_name
from agent.i18n import Language, format_date, t

MARKS = {"sent": "✓", "pending": "↻", "sending": "↻", "failed": "↻", "dead": "✗", "skipped": "⊘"}


def crm_label(crm: str, language: Language) -> str:
    """The CRM as a rep names it: HubSpot, Pipedrive, Salesforce, the CSV file."""
    return t("crm_chat.csv_file", language) if crm == "csv" else vendor_name(crm, language)


def crm_labels(crms: list[str], language: Language) -> str:
    """Several CRMs, joined: "HubSpot, le fichier CSV"."""
    return ", ".join(crm_label(crm, language) for crm in crms)


def status_text(crm: str, status: CrmStatus, language: Language) -> str:
    """One CRM's status of a lead, short: a mark, the CRM, and the day it was sent or what it
    waits for (the vendor's message is `status.error`, shown apart)."""
    state = "failed" if status.state == "pending" and status.error else status.state
    day = format_date(status.at, language) if status.at is not None else ""
    name = t("crm_chat.csv_short", language) if crm == "csv" else vendor_name(crm, language)
    text = t(f"crm_chat.state.{state}", language, crm=name, day=day)
    return f"{MARKS[state]} {text}".strip()


def statuses_text(crm: Mapping[str, CrmStatus], language: Language) -> str:
    """Every CRM's status of a lead, "" when it was never queued."""
    return " · ".join(status_text(name, status, language) for name, status in crm.items())


def errors_text(crm: Mapping[str, CrmStatus]) -> str:
    """The vendors' messages of a lead's sends that did not go through, "" when none."""
    return " · ".join(
        f"{vendor_name(name, 'en') if name != 'csv' else 'CSV'}: {status.error}"
        for name, status in crm.items()
        if status.error and status.state != "sent"
    )
