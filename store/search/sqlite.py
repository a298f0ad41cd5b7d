"""Company search on SQLite, driven by the FTS5 index (see `store.search.fts`).

The index answers the text and the common filters and, through its rowid, "active only" and
"biggest first", without reading `company` rows. Only rarer filters (city spelling, postcode,
legal form, creation dates) need a join with `company`.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, func, text
from sqlmodel import Session, col, select

from store.models import Company
from store.models.tables import table_of
from store.search.filters import company_filters, size_order
from store.search.fts import (
    ACTIVE_FLOOR,
    BM25,
    SIREN_MODULUS,
    facet_expression,
    has_post_filters,
    siren_of,
    text_expression,
)
from store.search.query import CompanyQuery
from store.search.results import CompanyPage

TABLE = table_of(Company)
# Above this many matches, bm25 over all of them costs more than a rep waits: broad text then
# lists companies whose name matches first, biggest first.
RANK_LIMIT = 20_000
_NAME_COLUMNS = "{name acronym}"


def search_sqlite(
    session: Session, query: CompanyQuery, terms: list[str], *, any_term: bool
) -> CompanyPage:
    """One search attempt (all terms, or any term) on SQLite."""
    text_match = text_expression(terms, any_term=any_term)
    facets = facet_expression(query)
    match = " AND ".join(part for part in (text_match, facets) if part)
    if not match:
        return filter_search(session, query, sqlite=True)
    floor = 0 if query.include_closed else ACTIVE_FLOOR
    if has_post_filters(query):
        return _joined_search(session, query, match, floor, ranked=text_match is not None)
    total = _count(session, match, floor)
    if text_match is None:
        keys = _keys(session, match, floor, "rowid DESC", query.limit, query.offset)
    elif total <= RANK_LIMIT:
        keys = _keys(session, match, floor, BM25, query.limit, query.offset)
    else:
        names = " AND ".join(p for p in (_name_expression(terms, any_term), facets) if p)
        keys = _name_first(session, match, names, floor, query.limit, query.offset)
    return CompanyPage(total=total, companies=_companies(session, keys))


def filter_search(session: Session, query: CompanyQuery, *, sqlite: bool) -> CompanyPage:
    """Filters only, in plain SQL, biggest companies first."""
    conditions = company_filters(query, TABLE, sqlite=sqlite)
    statement = (
        select(Company)
        .where(*conditions)
        .order_by(*size_order(TABLE))
        .limit(query.limit)
        .offset(query.offset)
    )
    total = session.exec(select(func.count()).select_from(TABLE).where(*conditions)).one()
    return CompanyPage(total=total, companies=list(session.exec(statement).all()))


def _name_expression(terms: list[str], any_term: bool) -> str:
    quoted = [f'"{term}"' + ("*" if i == len(terms) - 1 else "") for i, term in enumerate(terms)]
    return f"{_NAME_COLUMNS} : (" + (" OR " if any_term else " ").join(quoted) + ")"


def _count(session: Session, match: str, floor: int) -> int:
    sql = "SELECT count(*) FROM company_fts WHERE company_fts MATCH :match AND rowid >= :floor"
    return int(session.execute(text(sql), {"match": match, "floor": floor}).scalar_one())


def _keys(
    session: Session, match: str, floor: int, order: str, limit: int, offset: int
) -> list[int]:
    sql = (
        "SELECT rowid FROM company_fts WHERE company_fts MATCH :match AND rowid >= :floor "
        f"ORDER BY {order} LIMIT :limit OFFSET :offset"
    )
    params = {"match": match, "floor": floor, "limit": limit, "offset": offset}
    return [row[0] for row in session.execute(text(sql), params)]


def _name_first(
    session: Session, match: str, names: str, floor: int, limit: int, offset: int
) -> list[int]:
    """Companies whose name matches, biggest first, then the other matches, biggest first."""
    in_name = _count(session, names, floor)
    keys: list[int] = []
    if offset < in_name:
        keys = _keys(session, names, floor, "rowid DESC", limit, offset)
    if len(keys) < limit:
        rest = f"({match}) NOT ({names})"
        keys += _keys(
            session, rest, floor, "rowid DESC", limit - len(keys), max(0, offset - in_name)
        )
    return keys


def _companies(session: Session, keys: list[int]) -> list[Company]:
    sirens = [siren_of(key) for key in keys]
    if not sirens:
        return []
    found = {
        c.siren: c for c in session.exec(select(Company).where(col(Company.siren).in_(sirens)))
    }
    return [found[siren] for siren in sirens if siren in found]


def _joined_search(
    session: Session, query: CompanyQuery, match: str, floor: int, *, ranked: bool
) -> CompanyPage:
    """The index narrows, then the remaining filters are checked on `company` rows."""
    post = query.model_copy(
        update={
            "naf_codes": [], "sections": [], "departments": [], "regions": [],
            "headcount_min": None, "headcount_max": None, "categories": [], "include_closed": True,
        }
    )  # fmt: skip
    conditions = company_filters(post, TABLE, sqlite=True)
    hits = (
        text(
            f"SELECT rowid AS key, {BM25 if ranked else '0'} AS rank FROM company_fts "
            "WHERE company_fts MATCH :match AND rowid >= :floor"
        )
        .bindparams(match=match, floor=floor)
        .columns(key=Integer, rank=Float)
        .subquery("hits")
    )
    joined = TABLE.join(hits, TABLE.c.siren == func.printf("%09d", hits.c.key % SIREN_MODULUS))
    total = session.exec(select(func.count()).select_from(joined).where(*conditions)).one()
    statement = (
        select(hits.c.key)
        .select_from(joined)
        .where(*conditions)
        .order_by(hits.c.rank, hits.c.key.desc())
        .limit(query.limit)
        .offset(query.offset)
    )
    return CompanyPage(total=total, companies=_companies(session, list(session.exec(statement))))
