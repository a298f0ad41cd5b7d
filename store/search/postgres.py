"""Company search on PostgreSQL: a GIN-indexed tsvector (accents folded by `unaccent`) for
the text, plain SQL for the filters, the same ordering rules as on SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import Session, select

from store.models import Company
from store.models.tables import table_of
from store.search.filters import company_filters, sort_order
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.text import name_tsquery, search_terms, tsquery

TABLE = table_of(Company)


def search_postgres(
    session: Session, query: CompanyQuery, terms: list[str], *, any_term: bool
) -> CompanyPage:
    """One search attempt (all terms, or any term) on PostgreSQL."""
    conditions = company_filters(query, TABLE, sqlite=False)
    vector: Any = literal_column("company.search_vector")
    expressions = []
    if terms:
        expressions.append(tsquery(terms, any_term=any_term))
    if query.name and search_terms(query.name):
        # Name and acronym are the vector's weight A (migration 0002).
        expressions.append(name_tsquery(search_terms(query.name)))
    order = sort_order(query, TABLE)
    if expressions:
        ts = func.to_tsquery("simple", " & ".join(f"({e})" for e in expressions))
        conditions.append(vector.op("@@")(ts))
        if query.sort == "relevance":
            order = [func.ts_rank_cd(vector, ts).desc(), *order]
    statement = (
        select(Company).where(*conditions).order_by(*order).limit(query.limit).offset(query.offset)
    )
    total = session.exec(select(func.count()).select_from(TABLE).where(*conditions)).one()
    return CompanyPage(total=total, companies=list(session.exec(statement).all()))
