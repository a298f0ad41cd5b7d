"""A lead named by its company's name: "envoie Tecide Cloud dans le CRM", "push Galami to
HubSpot". The name is matched whole (case, accents and spacing aside) against the companies a
search by that name finds, then kept to the leads the user may read, their own first.

An action on a named lead must act on that lead or on nothing: a name that matches no lead, or
several companies, is refused (`NoLeadNamed`, `SeveralLeadsNamed`) with what to say instead —
never widened to every lead of the user.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.context import Role
from agent.leads.errors import NoLeadNamed, SeveralLeadsNamed
from agent.users.access import access_of
from store.models import Company
from store.repositories.leads import find_leads
from store.search.query import CompanyQuery
from store.search.sql import search_companies
from store.text import fold

CANDIDATES = 50  # companies of a search by name looked at for that exact name


def lead_named(engine: Engine, name: str, *, user: str, role: Role | None = None) -> str:
    """The SIREN of the one company called `name` that is a lead `user` may read (their own
    lead first, when several companies bear the name)."""
    wanted = name_key(name)
    page = search_companies(engine, query=CompanyQuery(text=name.strip(), limit=CANDIDATES))
    sirens = [company.siren for company in page.companies]
    with Session(engine) as session:
        access = access_of(session, user, role)
        _total, rows = (
            find_leads(session, sirens=sirens, readable_by=access.readable_by)
            if sirens
            else (0, [])
        )
        named = [row for row in rows if name_key(row.company.name) == wanted]
        if not named:  # a closed company, which searches leave out: its leads by their name
            _total, every = find_leads(session, readable_by=access.readable_by)
            named = [row for row in every if name_key(row.company.name) == wanted]
    companies = {row.company.siren: row.company for row in named}
    own = {row.company.siren for row in named if (row.lead.owner or "").lower() == access.login}
    chosen = list(own) if len(own) == 1 else list(companies)
    if len(chosen) == 1:
        return chosen[0]
    if chosen:
        raise SeveralLeadsNamed(name.strip(), [_choice(companies[siren]) for siren in chosen])
    exists = any(name_key(company.name) == wanted for company in page.companies)
    leads = {row.company.siren for row in rows}
    closest = next((company.name for company in page.companies if company.siren in leads), None)
    raise NoLeadNamed(name.strip(), company=exists, closest=None if exists else closest)


def name_key(name: str) -> str:
    """What makes two company names the same name: case, accents and spacing aside."""
    return " ".join(fold(name).lower().split())


def _choice(company: Company) -> tuple[str, str]:
    return company.siren, company.city or ""
