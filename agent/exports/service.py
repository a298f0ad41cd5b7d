"""CSV exports of whole sets: every company matching a search, every lead of a list, the
people of companies or of a list.

    artifact = await export_companies(engine, query, home=settings.home, language="fr")
    artifact = export_leads(engine, list_name="ESN Lyon", user="alice.martin", home=…)

A search exports all its matches in the local store (read as the search read them, see
`agent.leads.matches`), up to `MAX_COMPANIES`: beyond, the first ones and `truncated`. Leads
are exported with their company and main contact (`agent.exports.leads`). Files are private
(`agent.exports.files`); cells are labels and dates, guarded against formulas
(`agent.exports.csv_format`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import ExportArtifact
from agent.contacts.optout import hide_suppressed
from agent.contacts.people import PeopleFound
from agent.exports import companies as company_columns
from agent.exports import leads as lead_columns
from agent.exports import people as people_columns
from agent.exports.ai_cells import AICells, ai_cells
from agent.exports.csv_format import write_csv
from agent.exports.files import chosen_file, new_export_file
from agent.i18n import Language
from agent.leads.lists import find_list
from agent.leads.matches import MAX_MATCHES, all_matches
from agent.leads.owners import resolve_owner
from agent.users.access import access_of
from store.models import CompanyPublic, LeadStage
from store.repositories.contacts import contacts_of_companies
from store.repositories.leads import LeadRow, find_leads
from store.search.query import CompanyQuery

MAX_COMPANIES = MAX_MATCHES
MAX_LEADS = 50_000
MAX_PEOPLE_COMPANIES = 2_000  # a list's companies whose people are exported, best leads first
PEOPLE_PER_COMPANY = 20  # people per company in an export (the roles asked, most senior first)


async def export_companies(
    engine: Engine,
    query: CompanyQuery,
    *,
    home: Path,
    language: Language,
    today: date | None = None,
    path: Path | None = None,
    subject: str | None = None,
) -> ExportArtifact:
    """Every company matching `query` (up to `MAX_COMPANIES`) as a CSV file."""
    matches = await all_matches(
        engine, query, ask_confirmation=False, limit=MAX_COMPANIES, refuse_above_limit=False
    )
    target = path and chosen_file(path)
    target = target or new_export_file(
        home,
        kind="search",
        subject=subject or query.text or query.name,
        today=today or date.today(),
        language=language,
    )
    rows = (
        company_columns.cells(CompanyPublic.of(company), language) for company in matches.companies
    )
    written = write_csv(target, company_columns.header(language), rows)
    return ExportArtifact(
        what="companies",
        path=str(target),
        file_name=target.name,
        rows=written,
        truncated=matches.truncated,
        limit=MAX_COMPANIES if matches.truncated else None,
    )


def export_leads(
    engine: Engine,
    *,
    home: Path,
    language: Language,
    user: str,
    list_name: str | None = None,
    stage: LeadStage | str | None = None,
    owner: str | None = None,
    today: date | None = None,
    path: Path | None = None,
    not_contacted_days: int | None = None,
) -> ExportArtifact:
    """The leads of `list_name` (or of every list), of one stage and owner when given, not
    contacted for `not_contacted_days` when given, with their company and main contact, as a
    CSV file (up to `MAX_LEADS` rows)."""
    lead_list = find_list(engine, name=list_name, user=user) if list_name else None
    owner = resolve_owner(engine, owner) if owner else None  # "Bruno" → bruno.petit
    wanted = LeadStage(stage) if stage is not None else None
    with Session(engine) as session:
        total, found = find_leads(
            session,
            list_id=lead_list.id if lead_list else None,
            stage=wanted,
            owner=owner,
            contacted_before=(
                (today or date.today()) - timedelta(days=not_contacted_days)
                if not_contacted_days
                else None
            ),
            limit=MAX_LEADS,
            readable_by=None if lead_list else access_of(session, user).readable_by,
        )
        contacts = contacts_of_companies(session, sirens=[row.company.siren for row in found])
    hide_suppressed(engine, [contact for people in contacts.values() for contact in people])
    columns = ai_cells(
        engine,
        list_id=lead_list.id if lead_list else None,
        lead_ids=[row.lead.id or 0 for row in found],
        language=language,
    )
    target = path and chosen_file(path)
    target = target or new_export_file(
        home,
        kind="list" if lead_list else "leads",
        subject=lead_list.name if lead_list else None,
        today=today or date.today(),
        language=language,
    )
    written = write_csv(
        target,
        lead_columns.header(language) + columns.names,
        _lead_rows(found, contacts, language, columns),
    )
    truncated = total > written
    return ExportArtifact(
        what="leads",
        path=str(target),
        file_name=target.name,
        rows=written,
        truncated=truncated,
        limit=MAX_LEADS if truncated else None,
    )


def export_people(
    found: PeopleFound,
    *,
    home: Path,
    language: Language,
    today: date | None = None,
    path: Path | None = None,
) -> ExportArtifact:
    """The people `find_people` found (opted-out and suppressed people never among them), one
    row each with their company, as a CSV file."""
    target = path and chosen_file(path)
    target = target or new_export_file(
        home,
        kind="contacts",
        subject=found.list_name or (found.companies[0].name if len(found.companies) == 1 else None),
        today=today or date.today(),
        language=language,
    )
    rows = (
        people_columns.cells(company, person, language)
        for company in found.companies
        if not company.suppressed
        for person in company.people
    )
    written = write_csv(target, people_columns.header(language), rows)
    return ExportArtifact(what="people", path=str(target), file_name=target.name, rows=written)


def _lead_rows(
    found: list[LeadRow], contacts: dict[str, list], language: Language, columns: AICells
) -> Iterator[list[str | int | None]]:
    for row in found:
        people = contacts.get(row.company.siren, [])
        contact = lead_columns.main_contact(row, people)
        yield [*lead_columns.cells(row, contact, language), *columns.of(row.lead.id)]
