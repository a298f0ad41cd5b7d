"""`search_companies`: full-text ranking plus structured filters, on SQLite or PostgreSQL.

A SIREN or SIRET typed as the text returns that company directly. When no company holds
every word of the text, the search is retried with any word (the page says so).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, case, func, literal_column, or_, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.db import is_sqlite
from store.models import Company
from store.search.filters import company_filters
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.text import fts5_query, search_terms, tsquery

TABLE: Any = Company.__table__
# bm25 weights, in FTS column order: name, acronym, naf_label, city, description.
_BM25 = "bm25(company_fts, 10.0, 8.0, 3.0, 2.0, 1.0)"


def search_companies(engine: Engine, *, query: CompanyQuery) -> CompanyPage:
    """Companies matching `query`, best first, with the total number of matches."""
    identifier = query.identifier()
    with Session(engine) as session:
        if identifier:
            return _lookup(session, identifier)
        if not query.text:
            return _filter_search(session, query, sqlite=is_sqlite(engine))
        terms = search_terms(query.text)
        page = _text_search(session, query, terms, sqlite=is_sqlite(engine), any_term=False)
        if page.total == 0 and len(terms) > 1:
            page = _text_search(session, query, terms, sqlite=is_sqlite(engine), any_term=True)
            page.relaxed = page.total > 0
        return page


def _lookup(session: Session, identifier: str) -> CompanyPage:
    if len(identifier) == 9:
        company = session.get(Company, identifier)
        return CompanyPage(total=int(company is not None), companies=[company] if company else [])
    statement = select(Company).where(
        or_(TABLE.c.head_office_siret == identifier, TABLE.c.siren == identifier[:9])
    )
    companies = list(session.exec(statement).all())[:1]
    return CompanyPage(total=len(companies), companies=companies)


def _filter_search(session: Session, query: CompanyQuery, *, sqlite: bool) -> CompanyPage:
    conditions = company_filters(query, TABLE, sqlite=sqlite)
    # Bigger companies first: "NN" (non-employer) and unknown bands sort last.
    size = case(
        (TABLE.c.headcount_band == "NN", ""), else_=func.coalesce(TABLE.c.headcount_band, "")
    )
    statement = (
        select(Company)
        .where(*conditions)
        .order_by(size.desc(), TABLE.c.siren)
        .limit(query.limit)
        .offset(query.offset)
    )
    total = session.exec(select(func.count()).select_from(TABLE).where(*conditions)).one()
    return CompanyPage(total=total, companies=list(session.exec(statement).all()))


def _text_search(
    session: Session, query: CompanyQuery, terms: list[str], *, sqlite: bool, any_term: bool
) -> CompanyPage:
    conditions = company_filters(query, TABLE, sqlite=sqlite)
    if sqlite:
        matches = (
            text(
                f"SELECT rowid AS fts_rowid, {_BM25} AS rank "
                "FROM company_fts WHERE company_fts MATCH :match"
            )
            .bindparams(match=fts5_query(terms, any_term=any_term))
            .columns(fts_rowid=Integer, rank=Float)
            .subquery("matches")
        )
        joined = TABLE.join(matches, TABLE.c.siren == func.printf("%09d", matches.c.fts_rowid))
        order = matches.c.rank.asc()
    else:
        vector = literal_column("company.search_vector")
        ts = func.to_tsquery("simple", tsquery(terms, any_term=any_term))
        conditions.append(vector.op("@@")(ts))
        joined = TABLE
        order = func.ts_rank_cd(vector, ts).desc()
    statement = (
        select(Company)
        .select_from(joined)
        .where(*conditions)
        .order_by(order, TABLE.c.siren)
        .limit(query.limit)
        .offset(query.offset)
    )
    total = session.exec(select(func.count()).select_from(joined).where(*conditions)).one()
    return CompanyPage(total=total, companies=list(session.exec(statement).all()))
