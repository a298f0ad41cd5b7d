"""A lead as a CRM is to receive it: what the store holds about it (`LeadFacts`: the lead, its
company and list, its main contact, its BANT, scores, AI-column cells and signals), read for
many leads at once, then mapped to one CRM's properties (`build_record`).

What never leaves, whatever the mapping says:
- a contact who opted out, or whose email, domain or company is on the suppression list: the
  record goes without a person (and a company on the list is not sent at all: `Skip`);
- for a company SIRENE marks non-diffusible, every registry field but the SIREN and the name
  the registry gives (address, activity, headcount, category, legal form).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from agent.contacts.optout import suppressed
from agent.crm.mapping import CrmMapping
from agent.crm.records import CrmCompany, CrmContact, CrmDeal, CrmNote, CrmRecord
from agent.exports.leads import main_contact
from agent.i18n import Language, t
from agent.i18n.formats import format_date
from agent.i18n.labels import display_name, headcount_label, stage_label
from agent.qualification.card import score_parts
from agent.qualification.wording import describe_value, status_text
from store.models import (
    AICell,
    AIColumn,
    Company,
    Contact,
    Lead,
    LeadList,
    LeadStage,
    LeadStageChange,
)
from store.models.company_public import CompanyPublic
from store.reference.headcount import BAND_BY_CODE
from store.repositories.bant import current_answers
from store.repositories.contacts import contacts_of_companies
from store.repositories.leads import LeadRow
from store.repositories.signals import live_signals

BANT = ("budget", "authority", "need", "timing")
REGISTRY_FIELDS = frozenset(
    {"city", "postcode", "department", "naf_code", "naf_label", "headcount", "headcount_label",
     "category", "legal_form"}
)  # fmt: skip
NOTE_SIGNALS = 5


@dataclass(frozen=True, slots=True)
class Skip:
    """Nothing of this lead may be sent: why, in words for the rep (the catalogue's key)."""

    reason: str


@dataclass(slots=True)
class LeadFacts:
    """What the store holds about one lead, for a CRM."""

    lead: Lead
    company: Company
    list_name: str
    contact: Contact | None
    company_suppressed: bool
    bant: dict[str, Any] = field(default_factory=dict)  # criterion → BantAnswer
    cells: list[tuple[str, Any]] = field(default_factory=list)  # (column name, value)
    signals: list[Any] = field(default_factory=list)  # Signal rows, newest first
    change: LeadStageChange | None = None  # how the lead reached its stage, when recorded


def read_facts(engine: Engine, lead_ids: Sequence[int]) -> dict[int, LeadFacts]:
    """The facts of these leads (those that still exist), by lead id."""
    wanted = sorted(set(lead_ids))
    if not wanted:
        return {}
    with Session(engine) as session:
        rows = session.execute(
            select(Lead, Company, col(LeadList.name))
            .join(Company, col(Company.siren) == col(Lead.company_siren))
            .join(LeadList, col(LeadList.id) == col(Lead.list_id))
            .where(col(Lead.id).in_(wanted))
        ).all()
        sirens = sorted({company.siren for _lead, company, _name in rows})
        people = contacts_of_companies(session, sirens=sirens)
        answers = current_answers(session, wanted)
        cells = _cells(session, wanted)
        signals = live_signals(session.connection(), sirens)
        changes = _latest_changes(session, wanted)
    everyone = [person for group in people.values() for person in group]
    blocked = suppressed(engine, contacts=everyone, sirens=sirens)
    newest: dict[str, list[Any]] = {}
    for signal in sorted(signals, key=lambda s: s.occurred_on or date.min, reverse=True):
        newest.setdefault(signal.company_siren, []).append(signal)
    facts: dict[int, LeadFacts] = {}
    for lead, company, list_name in rows:
        assert lead.id is not None
        reachable = [p for p in people.get(company.siren, []) if not blocked.contact(p)]
        contact = main_contact(LeadRow(lead=lead, company=company, list_name=list_name), reachable)
        facts[lead.id] = LeadFacts(
            lead=lead,
            company=company,
            list_name=list_name,
            contact=contact if contact is not None and not blocked.contact(contact) else None,
            company_suppressed=blocked.company(company.siren),
            bant=answers.get(lead.id, {}),
            cells=cells.get(lead.id, []),
            signals=newest.get(company.siren, [])[:NOTE_SIGNALS],
            change=changes.get(lead.id),
        )
    return facts


def _cells(session: Session, lead_ids: Sequence[int]) -> dict[int, list[tuple[str, Any]]]:
    statement = (
        select(col(AICell.lead_id), col(AIColumn.name), col(AICell.value))
        .join(AIColumn, col(AIColumn.id) == col(AICell.column_id))
        .where(col(AICell.lead_id).in_(lead_ids), col(AICell.status) == "filled")
        .order_by(col(AIColumn.id))
    )
    found: dict[int, list[tuple[str, Any]]] = {}
    for lead_id, name, value in session.execute(statement).all():
        found.setdefault(lead_id, []).append((name, value))
    return found


def _latest_changes(session: Session, lead_ids: Sequence[int]) -> dict[int, LeadStageChange]:
    statement = (
        select(LeadStageChange)
        .where(col(LeadStageChange.lead_id).in_(lead_ids))
        .order_by(col(LeadStageChange.changed_at), col(LeadStageChange.id))
    )
    latest: dict[int, LeadStageChange] = {}
    for change in session.execute(statement).scalars():
        latest[change.lead_id] = change  # the last one wins
    return latest


def lead_key(lead_id: int) -> str:
    """The deal's unique key in every CRM: stable for one Filon lead."""
    return f"filon-lead-{lead_id}"


def build_record(facts: LeadFacts, mapping: CrmMapping, language: Language) -> CrmRecord | Skip:
    """The lead as `mapping`'s CRM receives it, or `Skip` when it may not be sent."""
    if facts.company_suppressed:
        return Skip("crm.skip.company_opted_out")
    lead, company = facts.lead, facts.company
    assert lead.id is not None
    key = lead_key(lead.id)
    company_values = _company_values(company, language)
    contact = facts.contact
    budget = facts.bant.get("budget")
    timing = facts.bant.get("timing")
    deal_values: dict[str, Any] = {
        "title": f"{company.name} — {facts.list_name}",
        "stage": mapping.deal.stages.get(LeadStage(lead.stage).value),
        "amount": _amount(budget.value) if budget is not None else None,
        "currency": _currency(budget),
        "close_date": _close_date(timing.value) if timing is not None else None,
        "owner": mapping.owner(lead.owner),
        "score": lead.score,
        "list": facts.list_name,
    }
    crm_contact = None
    if contact is not None and contact.email:
        contact_values = {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "title": contact.title,
            "email": contact.email.lower(),
            "phone": contact.phone,
            "linkedin": contact.linkedin_url,
        }
        crm_contact = CrmContact(
            email=contact.email.lower(),
            first_name=contact.first_name,
            last_name=contact.last_name,
            properties=_mapped(mapping.contact.fields, contact_values, mapping.contact.fixed),
        )
    return CrmRecord(
        lead_id=lead.id,
        company=CrmCompany(
            siren=company.siren,
            name=company.name,
            key_property=mapping.company.fields.get("siren", ""),
            properties=_mapped(
                mapping.company.fields, company_values, mapping.company.fixed, skip="siren"
            ),
        ),
        contact=crm_contact,
        deal=CrmDeal(
            key=key,
            title=str(deal_values["title"]),
            key_property=mapping.deal.fields.get("key", ""),
            properties=_mapped(mapping.deal.fields, deal_values, mapping.deal.fixed, skip="key"),
        ),
        note=CrmNote(key=key, body=note_text(facts, key, language)),
    )


def _company_values(company: Company, language: Language) -> dict[str, Any]:
    public = CompanyPublic.of(company)
    band = BAND_BY_CODE.get(company.headcount_band or "")
    values: dict[str, Any] = {
        "siren": company.siren,
        "name": company.name,
        "domain": company.domain,
        "website": company.website,
        "city": public.city_label or company.city,
        "postcode": company.postcode,
        "department": public.department_name or company.department,
        "naf_code": company.naf_code,
        "naf_label": public.naf_label,
        "headcount": band.minimum if band is not None else None,
        "headcount_label": headcount_label(company.headcount_band, language)
        if company.headcount_band
        else None,
        "category": company.category,
        "legal_form": public.legal_form_label,
    }
    if not company.diffusible:
        values = {k: (None if k in REGISTRY_FIELDS else v) for k, v in values.items()}
    return values


def _mapped(
    fields: dict[Any, str], values: dict[str, Any], fixed: dict[str, Any], *, skip: str = ""
) -> dict[str, Any]:
    """{CRM property: value} for the mapped fields that have a value, then the constants."""
    properties = {
        prop: values[name]
        for name, prop in fields.items()
        if prop and name != skip and values.get(name) not in (None, "")
    }
    return properties | dict(fixed)


def _currency(budget: Any) -> str | None:
    if budget is None or _amount(budget.value) is None:
        return None
    return str(budget.value.get("currency") or "EUR")


def _amount(value: dict[str, Any]) -> float | None:
    try:
        amount = Decimal(str(value["amount"]))
    except (KeyError, InvalidOperation):
        return None
    return float(amount)


def _close_date(value: dict[str, Any]) -> str | None:
    day = value.get("end") or value.get("start")
    return str(day)[:10] if day else None


def note_text(facts: LeadFacts, key: str, language: Language) -> str:
    """The note: plain text, its first line carrying `key` (how an earlier note is found)."""
    lead = facts.lead
    lines = [
        t("crm.note.title", language, key=key),
        t(
            "crm.note.lead",
            language,
            stage=stage_label(lead.stage.value, language),
            owner=display_name(lead.owner) or "—",
            list=facts.list_name,
        ),
    ]
    change = facts.change
    if change is not None and change.reason and change.to_stage == lead.stage:
        lines.append(
            t(
                "crm.note.stage_change",
                language,
                stage=stage_label(LeadStage(change.to_stage).value, language),
                day=format_date(change.changed_at, language),
                who=display_name(change.changed_by) or change.changed_by,
                reason=change.reason,
            )
        )
    lines += ["", t("crm.note.bant", language)]
    for criterion in BANT:
        answer = facts.bant.get(criterion)
        status = answer.status if answer is not None else "missing"
        said = describe_value(criterion, answer.value, answer.note, language) if answer else ""
        label = t(f"labels.bant.{criterion}", language)
        lines.append(f"- {label} : {status_text(status, language)}{f' — {said}' if said else ''}")
    if lead.score is not None:
        lines += ["", t("crm.note.scores", language, score=lead.score)]
        for part, value in score_parts(dict(lead.scores or {})).items():
            lines.append(f"- {t(f'crm.note.part.{part}', language)} : {value.score}")
    if facts.cells:
        lines += ["", t("crm.note.columns", language)]
        lines += [f"- {name} : {_cell_text(value, language)}" for name, value in facts.cells]
    if facts.signals:
        lines += ["", t("crm.note.signals", language)]
        for signal in facts.signals:
            when = format_date(signal.occurred_on, language) if signal.occurred_on else "—"
            kind = t(f"labels.signal_kind.{signal.kind}", language)
            lines.append(f"- {when} · {kind} · {signal.title}")
    return "\n".join(lines)


def _cell_text(value: Any, language: Language) -> str:
    if isinstance(value, bool):
        return t("crm.note.yes" if value else "crm.note.no", language)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
