"""A lead's facts, the values a column's prompt may name (`$company_name`, `$signals` …), read
for a page of leads at a time so that a run over a large list holds one page in memory.

Every fact is plain text or None (unknown); the rule evaluator also reads a few typed extras
(`LeadFacts.extra`) that prompts never see.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from store.reference.headcount import band_label
from store.reference.naf import naf_label
from store.repositories.lead_facts import engagement_at, lead_rows, people_at, signals_at

# The variables a prompt may use, with what each holds (shown when one is unknown).
VARIABLES: dict[str, str] = {
    "company_name": "the company's name",
    "siren": "its SIREN",
    "naf_code": "its NAF code (62.01Z)",
    "naf_label": "its activity, in words",
    "city": "the city of its head office",
    "department": "its department",
    "region": "its region",
    "headcount": "its headcount band, in words",
    "category": "PME, ETI or GE",
    "created_on": "its creation date",
    "website": "its website",
    "description": "its description",
    "revenue": "its revenue in euros",
    "signals": "its buying signals in force, newest first",
    "intent_score": "its intent score (-100 to 100)",
    "contacts": "the people known there, with their titles",
    "contact_name": "the lead's contact (or the first person known)",
    "contact_title": "that contact's title",
    "engagement": "what its people did in the last 90 days",
    "stage": "the lead's stage (new, mql, sql, won, lost, disqualified)",
    "list_name": "the lead list's name",
}
SIGNALS_SHOWN = 5
CONTACTS_SHOWN = 8
ENGAGEMENT_DAYS = 90


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """One lead's facts (`values`, by variable name) and what the rules read besides."""

    lead_id: int
    values: dict[str, str | None]
    extra: dict[str, Any] = field(default_factory=dict)


def read_facts(
    connection: Connection, lead_ids: Sequence[int], *, now: datetime
) -> list[LeadFacts]:
    """The facts of these leads, in lead id order."""
    rows = lead_rows(connection, lead_ids)
    sirens = sorted({row.siren for row in rows})
    people: dict[str, list[Any]] = defaultdict(list)
    for person in people_at(connection, sirens):
        people[person.company_siren].append(person)
    signals: dict[str, list[Any]] = defaultdict(list)
    for signal in signals_at(connection, sirens):
        signals[signal.company_siren].append(signal)
    engagement: dict[str, Counter[str]] = defaultdict(Counter)
    since = now.astimezone(UTC) - timedelta(days=ENGAGEMENT_DAYS)
    for siren, kind, count in engagement_at(connection, sirens, since=since):
        engagement[siren][str(getattr(kind, "value", kind))] += int(count)
    return [
        _facts(row, people[row.siren], signals[row.siren], engagement[row.siren]) for row in rows
    ]


def _facts(row: Any, people: list[Any], signals: list[Any], events: Counter[str]) -> LeadFacts:
    contact = next((p for p in people if p.id == row.contact_id), people[0] if people else None)
    stage = str(getattr(row.stage, "value", row.stage))
    values: dict[str, str | None] = {
        "company_name": row.name,
        "siren": row.siren,
        "naf_code": row.naf_code,
        "naf_label": naf_label(row.naf_code),
        "city": row.city,
        "department": row.department,
        "region": row.region,
        "headcount": band_label(row.headcount_band),
        "category": row.category,
        "created_on": row.created_on.isoformat() if row.created_on else None,
        "website": row.website or row.domain,
        "description": row.description,
        "revenue": str(row.revenue) if row.revenue is not None else None,
        "signals": "; ".join(_signal(s) for s in signals[:SIGNALS_SHOWN]) or None,
        "intent_score": str(row.intent_score) if row.intent_score is not None else None,
        "contacts": "; ".join(_person(p) for p in people[:CONTACTS_SHOWN]) or None,
        "contact_name": _name(contact) if contact else None,
        "contact_title": contact.title if contact else None,
        "engagement": ", ".join(f"{kind} × {n}" for kind, n in sorted(events.items())) or None,
        "stage": stage,
        "list_name": row.list_name,
    }
    extra = {
        "signal_kinds": [str(getattr(s.kind, "value", s.kind)) for s in signals if not s.negative],
        "negative_signals": sum(1 for s in signals if s.negative),
        "seniorities": [p.seniority for p in people if p.seniority],
        "titles": [p.title for p in people if p.title],
        "events": dict(events),
        "headcount_band": row.headcount_band,
        "intent_score": row.intent_score,
        "active": bool(row.active),
        "stage": stage,
    }
    return LeadFacts(lead_id=row.lead_id, values=values, extra=extra)


def _signal(signal: Any) -> str:
    kind = str(getattr(signal.kind, "value", signal.kind))
    when = f" ({signal.occurred_on.isoformat()})" if signal.occurred_on else ""
    return f"{kind}: {signal.title}{when}"


def _name(person: Any) -> str | None:
    return " ".join(part for part in (person.first_name, person.last_name) if part) or None


def _person(person: Any) -> str:
    return " — ".join(part for part in (_name(person), person.title) if part) or "?"
