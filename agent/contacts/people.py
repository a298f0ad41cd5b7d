"""The people to talk to at companies: the contacts known (registry officers, demo or imported
contacts, providers' finds), read into a function and a seniority, filtered by the roles asked
for, most senior first. An opted-out person is never shown."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from agent.contacts.optout import hide_suppressed, suppressed
from agent.contacts.roles import Role, admits, read_title, seniority_rank
from agent.leads.lists import find_list
from agent.leads.sirens import to_sirens
from agent.search.ports import CompanySource
from store.models import Company, CompanyPublic, Contact
from store.repositories.companies import shared_names
from store.repositories.contacts import REGISTRY_SOURCE, contacts_of_companies
from store.repositories.leads import find_leads
from store.search.query import CompanyQuery

SIRENE_SOURCE = "sirene"  # companies imported from the SIRENE stock files
PER_COMPANY = 5  # people shown per company, most senior first
MAX_COMPANIES = 50  # companies of a list looked at in one request, best leads first
MAX_REMOTE = 10  # companies asked of the company source in one request, one by one


@dataclass(frozen=True, slots=True)
class Person:
    """A contact with the function and seniority its title says (or the store recorded)."""

    contact: Contact
    function: str | None
    seniority: str | None

    @property
    def email_source(self) -> tuple[str | None, date | None]:
        """Where the email came from and when, as recorded with it."""
        stamp = self.contact.field_sources.get("email") if self.contact.email else None
        if not isinstance(stamp, dict):
            return None, None
        try:
            found_on = date.fromisoformat(str(stamp.get("at"))[:10]) if stamp.get("at") else None
        except ValueError:
            found_on = None
        return (str(stamp["source"]) if stamp.get("source") else None), found_on


@dataclass(frozen=True, slots=True)
class CompanyPeople:
    """The people holding the roles asked for at one company, and how many people it has."""

    siren: str
    name: str
    people: list[Person] = field(default_factory=list)
    known: int = 0  # people known there (opted-out ones left out)
    hidden: int = 0  # people known there who objected or are on the suppression list
    suppressed: bool = False  # the whole company is on the suppression list: no one is shown


@dataclass(frozen=True, slots=True)
class PeopleFound:
    """The companies looked at (in the order asked), how many were asked about, the list they
    came from and the roles asked for."""

    companies: list[CompanyPeople]
    asked: int
    list_name: str | None = None
    roles: tuple[Role, ...] = ()


def person(contact: Contact) -> Person:
    """A contact read: the store's function and seniority, else what its title says."""
    reading = read_title(contact.title)
    return Person(
        contact=contact,
        function=contact.function or reading.function,
        seniority=contact.seniority or reading.seniority,
    )


def pick(
    contacts: Sequence[Contact], roles: Sequence[Role], limit: int = PER_COMPANY
) -> list[Person]:
    """The contacts holding these roles (everyone when none is asked), opted-out people left
    out, most senior first (the store's order among equals: registry officers first)."""
    people = [person(contact) for contact in contacts if not contact.opted_out]
    chosen = [p for p in people if admits(roles, p.function, p.seniority)]
    return sorted(chosen, key=lambda p: seniority_rank(p.seniority))[:limit]


async def people_at(
    engine: Engine,
    companies: CompanySource,
    *,
    sirens: Sequence[str],
    roles: Sequence[Role] = (),
    limit: int = PER_COMPANY,
) -> PeopleFound:
    """The people holding `roles` at each company (SIRENs or SIRETs, in that order): from the
    store; for a company it does not hold, its registry officers from the company source; for
    one imported from the SIRENE files, its officers fetched once (when the source can).
    Raises `InvalidSiren` for a malformed identifier."""
    wanted = to_sirens(sirens)
    local = await asyncio.to_thread(_local, engine, wanted)
    everyone = [contact for _, contacts in local.values() for contact in contacts]
    blocked = await asyncio.to_thread(hide_suppressed, engine, everyone)
    barred = await asyncio.to_thread(suppressed, engine, sirens=wanted)
    found: list[CompanyPeople] = []
    remote = 0
    for siren in wanted:
        if barred.company(siren) or blocked.company(siren):
            name = local[siren][0].name if siren in local else siren
            found.append(CompanyPeople(siren=siren, name=name, suppressed=True))
        elif siren in local:
            company, contacts = local[siren]
            if _unknown_officers(company, contacts) and remote < MAX_REMOTE:
                remote += 1
                contacts = [*contacts, *await _registry_officers(engine, companies, siren)]
            found.append(_company_people(siren, company.name, contacts, roles, limit))
        elif remote < MAX_REMOTE:
            remote += 1
            page = await companies.search(CompanyQuery(text=siren, limit=1))
            if page.companies:
                company = page.companies[0]
                officers = page.officers.get(company.siren, [])
                hide_suppressed(engine, officers)
                found.append(_company_people(siren, company.name, officers, roles, limit))
    shared = await asyncio.to_thread(_shared_names, engine, [c.name for c, _ in local.values()])
    found = [  # "Helis (Narbonne)": which of the companies so named
        _placed(people, local[people.siren][0])
        if people.siren in local and people.name in shared
        else people
        for people in found
    ]
    return PeopleFound(companies=found, asked=len(wanted))


def _shared_names(engine: Engine, names: list[str]) -> set[str]:
    with Session(engine) as session:
        return shared_names(session, names=names)


async def find_people(
    engine: Engine,
    companies: CompanySource,
    *,
    sirens: Sequence[str] = (),
    company: str | None = None,
    list_name: str | None = None,
    roles: Sequence[Role] = (),
    user: str | None = None,
    max_companies: int = MAX_COMPANIES,
    per_company: int = PER_COMPANY,
) -> PeopleFound:
    """The people holding `roles` at some companies: given by SIREN, by name (the best match
    in the store) or as a lead list's (its best leads first). Exactly one of the three.

    Raises `ValueError` when not exactly one is given, `InvalidSiren`, `CompanyNotFound`,
    `UnknownList` for what cannot be found."""
    given = [bool(sirens), company is not None, list_name is not None]
    if given.count(True) != 1:
        raise ValueError("give exactly one of sirens, company or list_name")
    asked = len(sirens)
    if list_name is not None:
        list_name, sirens, asked = await asyncio.to_thread(
            list_sirens, engine, list_name=list_name, user=user, limit=max_companies
        )
    elif company is not None:
        # imported here: the company profile reads the suppression list of this package
        from agent.companies.profile import load_profile

        profile = await load_profile(engine, companies, name=company)
        sirens, asked = [profile.company.siren], 1
    found = await people_at(engine, companies, sirens=sirens, roles=roles, limit=per_company)
    return replace(found, asked=max(asked, found.asked), list_name=list_name, roles=tuple(roles))


def _placed(people: CompanyPeople, company: Company) -> CompanyPeople:
    """The company named with its city, when other companies bear the same name."""
    city = CompanyPublic.of(company).city_label or company.city
    return replace(people, name=f"{people.name} ({city})") if city else people


def with_email(found: PeopleFound, *, verified: bool) -> PeopleFound:
    """Only the people with an email (a verified one when `verified`), companies left with
    nobody dropped: "exporte-les" after "juste ceux avec un email vérifié"."""
    kept = [
        replace(
            company,
            people=[
                p
                for p in company.people
                if p.contact.email and (not verified or p.contact.email_status == "verified")
            ],
        )
        for company in found.companies
    ]
    return replace(found, companies=[company for company in kept if company.people])


def list_sirens(
    engine: Engine, *, list_name: str, user: str | None, limit: int = MAX_COMPANIES
) -> tuple[str, list[str], int]:
    """(the list's name, the SIRENs of its best `limit` leads, how many leads it holds).
    Raises `UnknownList` with the names known."""
    lead_list = find_list(engine, name=list_name, user=user)
    with Session(engine) as session:
        total, rows = find_leads(session, list_id=lead_list.id, limit=limit)
    return lead_list.name, [row.company.siren for row in rows], total


def _unknown_officers(company: Company, contacts: Sequence[Contact]) -> bool:
    """Whether a company was imported from the SIRENE files (which name no one) and its
    registry officers were never fetched."""
    return company.source == SIRENE_SOURCE and not any(
        contact.source == REGISTRY_SOURCE for contact in contacts
    )


async def _registry_officers(engine: Engine, companies: CompanySource, siren: str) -> list[Contact]:
    """The company's officers from a source that can fetch them (and caches them), read back
    from the store with their ids; none when it cannot."""
    fetch = getattr(companies, "officers", None)
    if fetch is None or await fetch(siren) is None:
        return []
    with Session(engine) as session:
        stored = contacts_of_companies(session, sirens=[siren]).get(siren, [])
    officers = [contact for contact in stored if contact.source == REGISTRY_SOURCE]
    hide_suppressed(engine, officers)
    return officers


def _local(engine: Engine, sirens: list[str]) -> dict[str, tuple[Company, list[Contact]]]:
    with Session(engine) as session:
        known = session.exec(select(Company).where(col(Company.siren).in_(sirens))).all()
        contacts = contacts_of_companies(session, sirens=[c.siren for c in known])
    return {company.siren: (company, contacts.get(company.siren, [])) for company in known}


def _company_people(
    siren: str, name: str, contacts: Sequence[Contact], roles: Sequence[Role], limit: int
) -> CompanyPeople:
    known = sum(1 for contact in contacts if not contact.opted_out)
    return CompanyPeople(
        siren=siren,
        name=name,
        people=pick(contacts, roles, limit),
        known=known,
        hidden=len(contacts) - known,
    )
