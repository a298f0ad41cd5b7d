"""`search_companies`: full-text ranking plus structured filters, on SQLite or PostgreSQL.

A SIREN or SIRET typed as the text returns that company directly (a wrong check digit raises
`InvalidIdentifier`). When no company holds every word of the text, the search is retried
with any word (the page says so). `query.name` is a filter here: the name holds its words;
reading it as "these companies first" is the search service's job (agent.search.readings).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import is_sqlite
from store.models import Company
from store.search.postgres import search_postgres
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.sqlite import search_sqlite
from store.search.text import search_terms


def search_companies(engine: Engine, *, query: CompanyQuery) -> CompanyPage:
    """Companies matching `query`, best first, with the total number of matches."""
    identifier = query.identifier()
    attempt = search_sqlite if is_sqlite(engine) else search_postgres
    with Session(engine) as session:
        if identifier:
            return _lookup(session, identifier)
        terms = search_terms(query.text) if query.text else []
        page = attempt(session, query, terms, any_term=False)
        if page.total == 0 and len(terms) > 1:
            page = attempt(session, query, terms, any_term=True)
            page.relaxed = page.total > 0
        return page


def _lookup(session: Session, identifier: str) -> CompanyPage:
    # A SIRET names one establishment of the company whose SIREN is its first nine digits.
    company = session.get(Company, identifier[:9])
    return CompanyPage(total=int(company is not None), companies=[company] if company else [])
