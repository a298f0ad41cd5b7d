"""Loading one company with everything known about it.

By SIREN (or SIRET): the local store, else the configured company source (which may ask
the public API). By name: the best match of a local search; when several companies bear that
name and none stands out, which one is asked (`Homonyms`, each with its SIREN and city). Its leads are those the user may
read (`agent.users.access`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.contacts.optout import hide_suppressed
from agent.leads.sirens import to_siren
from agent.search.ports import CompanySource
from agent.users.access import access_of
from store.models import Company, CompanyPublic, Contact, Signal
from store.repositories.activity import engagement_counts, signals_of
from store.repositories.companies import get_company
from store.repositories.contacts import contacts_of
from store.repositories.leads import LeadRow, find_leads
from store.search.query import CompanyQuery
from store.search.sql import search_companies
from store.text import fold


class CompanyNotFound(LookupError):
    """No company matches the SIREN or name asked for; `code` and `values` name the message
    people read (see `agent.tools.failures`)."""

    code = "company_not_found"

    def __init__(self, message: str, *, wanted: str) -> None:
        super().__init__(message)
        self.values: dict[str, object] = {"wanted": wanted}


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """A company and what the store knows around it."""

    company: Company
    contacts: list[Contact] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    leads: list[LeadRow] = field(default_factory=list)
    engagement: dict[str, int] = field(default_factory=dict)
    last_engagement_at: datetime | None = None
    source: str = "local"
    homonyms: int = 0  # other companies bearing the same name (looked up by name)


async def load_profile(
    engine: Engine,
    companies: CompanySource,
    *,
    siren: str | None = None,
    name: str | None = None,
    user: str | None = None,
) -> CompanyProfile:
    """The company with this SIREN/SIRET, or the best match for `name`, with the leads `user`
    may read (None: all of them).

    Raises `InvalidSiren` for a malformed identifier, `ValueError` when neither is given,
    `CompanyNotFound` when nothing matches, `Homonyms` (a `CompanyNotFound`) when several
    companies bear the name and none is the one.
    """
    homonyms = 0
    if siren:
        wanted = to_siren(siren)
    elif name and name.strip():
        found, homonyms = await asyncio.to_thread(_best_match, engine, name.strip())
        if found is None:
            raise CompanyNotFound(
                f"no company in the store matches the name {name!r}", wanted=name.strip()
            )
        wanted = found
    else:
        raise ValueError("give a SIREN (or SIRET) or a company name")
    profile = await asyncio.to_thread(_local_profile, engine, wanted, user)
    if profile is not None:
        await asyncio.to_thread(hide_suppressed, engine, profile.contacts)
        return replace(profile, homonyms=homonyms) if name and not siren else profile
    page = await companies.search(CompanyQuery(text=wanted, limit=1))
    if not page.companies:
        raise CompanyNotFound(f"no company with SIREN {wanted} was found", wanted=wanted)
    company = page.companies[0]
    officers = page.officers.get(company.siren, [])
    await asyncio.to_thread(hide_suppressed, engine, officers)
    return CompanyProfile(company=company, contacts=officers, source=page.source)


class Homonyms(CompanyNotFound):
    """Several companies bear the name asked for, and none stands out (the only lead among
    them): which one must be said. `choices` gives each one's SIREN, name and city, in the
    order they are listed to the person."""

    code = "homonyms"

    def __init__(self, name: str, companies: Sequence[Company]) -> None:
        shown = [CompanyPublic.of(company) for company in companies[:HOMONYMS_SHOWN]]
        choices = [
            {"siren": c.siren, "name": c.name, "city": c.city_label or c.city or ""} for c in shown
        ]
        self.choices, self.count = choices, len(companies)
        listed = ", ".join(f"{c['siren']} ({c['city'] or '?'})" for c in choices)
        super().__init__(
            f"{len(companies)} companies are called {name!r}: {listed}. Ask the user which one "
            "(by its city or SIREN), then call again with its SIREN.",
            wanted=name,
        )
        self.values = {
            "name": name,
            "count": len(companies),
            "listed": listed,
            "choices": choices,
        }


HOMONYMS_SHOWN = 10


def _best_match(engine: Engine, name: str) -> tuple[str | None, int]:
    """The company bearing exactly this name (accents and case aside), else the search's best;
    among several of that name, the only one that is a lead. With how many others bear it.
    Raises `Homonyms` when several bear it and none, or more than one, is a lead."""
    page = search_companies(engine, query=CompanyQuery(text=name, limit=HOMONYMS_SHOWN))
    wanted = _name_key(name)
    exact = [company for company in page.companies if _name_key(company.name) == wanted]
    best = exact or page.companies
    if not best:
        return None, 0
    if len(exact) > 1:
        with Session(engine) as session:
            _total, rows = find_leads(session, sirens=[company.siren for company in exact])
        leads = {row.company.siren for row in rows}
        if len([company for company in exact if company.siren in leads]) != 1:
            raise Homonyms(name, exact)
        best = sorted(exact, key=lambda company: company.siren not in leads)
    return best[0].siren, max(len(exact) - 1, 0)


def _name_key(name: str) -> str:
    return " ".join(fold(name).lower().split())


def _local_profile(engine: Engine, siren: str, user: str | None) -> CompanyProfile | None:
    with Session(engine) as session:
        company = get_company(session, siren=siren)
        if company is None:
            return None
        readable_by = access_of(session, user).readable_by
        _total, leads = find_leads(session, sirens=[siren], readable_by=readable_by)
        engagement, last = engagement_counts(session, company_siren=siren)
        return CompanyProfile(
            company=company,
            contacts=contacts_of(session, company_siren=siren),
            signals=signals_of(session, company_siren=siren),
            leads=leads,
            engagement=engagement,
            last_engagement_at=last,
        )
