"""Company search on SQLite, driven by the FTS5 index (see `store.search.fts`).

The index answers the text, the name, the common filters and, through its rowid, "active
only", the headcount range, excluded SIRENs and both size orders ("biggest first" is rowid
descending; "smallest first" walks the rowid runs of `fts.smallest_first` upwards), without
reading `company` rows. Only rarer filters (city spelling, postcode, legal form, creation dates)
and the sorts on other columns (creation date, name) need a join with `company`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Float, Integer, func, text
from sqlmodel import Session, col, select

from store.models import Company
from store.models.tables import table_of
from store.search.filters import company_filters, sort_order
from store.search.fts import (
    BM25,
    SIREN_MODULUS,
    facet_expression,
    has_post_filters,
    key_range,
    name_expression,
    post_filters,
    siren_of,
    smallest_first,
    text_expression,
)
from store.search.limits import COLUMN_SORTS, COUNT_LIMIT
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.text import search_terms

TABLE = table_of(Company)
# Above this many matches, bm25 over all of them costs more than a rep waits: broad text then
# lists companies whose name matches first, biggest first.
RANK_LIMIT = 20_000
# Best text match first, equal scores by SIREN so pages never overlap. One sort key, not
# "bm25, rowid": a second key makes SQLite's sort of the matches ~30% slower (bench/search.py);
# the SIREN shifts a score by at most 1e-3, so only near-equal scores change places.
_BY_RANK = f"{BM25} - (rowid % {SIREN_MODULUS}) * 1e-12"


@dataclass(frozen=True)
class Hits:
    """Index entries matching an FTS5 expression (None = every entry) within a rowid range,
    less some companies (by SIREN, the low digits of the rowid)."""

    match: str | None
    low: int
    high: int
    exclude: tuple[int, ...] = ()

    def where(self) -> str:
        """The WHERE clause selecting these entries of `company_fts`."""
        matching = "company_fts MATCH :match AND " if self.match else ""
        excluded = ""
        if self.exclude:  # validated digits: safe to write into the statement
            excluded = f" AND rowid % {SIREN_MODULUS} NOT IN ({', '.join(map(str, self.exclude))})"
        return f"WHERE {matching}rowid BETWEEN :low AND :high{excluded}"

    def params(self) -> dict[str, Any]:
        """The clause's parameters."""
        return {"match": self.match, "low": self.low, "high": self.high}

    def narrowed(self, match: str) -> Hits:
        """The same range, another expression."""
        return replace(self, match=match)

    def within(self, low: int, high: int) -> Hits:
        """The same expression, another rowid range."""
        return replace(self, low=low, high=high)


def search_sqlite(
    session: Session, query: CompanyQuery, terms: list[str], *, any_term: bool
) -> CompanyPage:
    """One search attempt (all terms, or any term) on SQLite."""
    text_match = text_expression(terms, any_term=any_term)
    name_match = name_expression(search_terms(query.name)) if query.name else None
    ranked = " AND ".join(part for part in (text_match, name_match) if part) or None
    facets = facet_expression(query)
    match = " AND ".join(part for part in (ranked, facets) if part) or None
    excluded = tuple(int(siren) for siren in query.exclude_sirens)
    hits = Hits(match, *key_range(query), exclude=excluded)
    by_rank = ranked is not None and query.sort == "relevance"
    if has_post_filters(query) or query.sort in COLUMN_SORTS:
        if match is None:
            return _filter_search(session, query)
        return _joined_search(session, query, hits, by_rank=by_rank)
    total = _count(session, hits)
    if query.sort == "size_asc":
        keys = _in_runs(session, hits, smallest_first(hits.low, hits.high), query)
    elif not by_rank:
        keys = _keys(session, hits, "rowid DESC", query.limit, query.offset)
    elif total <= RANK_LIMIT:
        keys = _keys(session, hits, _BY_RANK, query.limit, query.offset)
    else:
        in_name = (name_expression(terms, any_term=any_term), name_match, facets)
        names = hits.narrowed(" AND ".join(part for part in in_name if part))
        keys = _name_first(session, hits, names, query.limit, query.offset)
    return CompanyPage(
        total=total, total_is_lower_bound=total >= COUNT_LIMIT, companies=_companies(session, keys)
    )


def _filter_search(session: Session, query: CompanyQuery) -> CompanyPage:
    """Filters the index cannot answer and no text: plain SQL, in the asked order."""
    conditions = company_filters(query, TABLE, sqlite=True)
    statement = (
        select(Company)
        .where(*conditions)
        .order_by(*sort_order(query, TABLE))
        .limit(query.limit)
        .offset(query.offset)
    )
    total = session.exec(select(func.count()).select_from(TABLE).where(*conditions)).one()
    return CompanyPage(total=total, companies=list(session.exec(statement).all()))


def _count(session: Session, hits: Hits) -> int:
    sql = f"SELECT count(*) FROM (SELECT rowid FROM company_fts {hits.where()} LIMIT :cap)"
    params = {**hits.params(), "cap": COUNT_LIMIT}
    return int(session.execute(text(sql), params).scalar_one())


def _keys(session: Session, hits: Hits, order: str, limit: int, offset: int) -> list[int]:
    sql = (
        f"SELECT rowid FROM company_fts {hits.where()} ORDER BY {order} LIMIT :limit OFFSET :offset"
    )
    params = {**hits.params(), "limit": limit, "offset": offset}
    return [row[0] for row in session.execute(text(sql), params)]


def _name_first(session: Session, hits: Hits, names: Hits, limit: int, offset: int) -> list[int]:
    """Companies whose name matches, biggest first, then the other matches, biggest first."""
    in_name = _count(session, names)
    keys: list[int] = []
    if offset < in_name:
        keys = _keys(session, names, "rowid DESC", limit, offset)
    if len(keys) < limit:
        rest = hits.narrowed(f"({hits.match}) NOT ({names.match})")
        keys += _keys(session, rest, "rowid DESC", limit - len(keys), max(0, offset - in_name))
    return keys


def _in_runs(
    session: Session, hits: Hits, runs: list[tuple[int, int]], query: CompanyQuery
) -> list[int]:
    """A page walked across rowid runs, each read in ascending order (smallest first)."""
    keys: list[int] = []
    offset = query.offset
    for low, high in runs:
        run = hits.within(low, high)
        size = _count(session, run)
        if offset >= size:
            offset -= size
            continue
        keys += _keys(session, run, "rowid ASC", query.limit - len(keys), offset)
        offset = 0
        if len(keys) >= query.limit:
            break
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
    session: Session, query: CompanyQuery, hits: Hits, *, by_rank: bool
) -> CompanyPage:
    """The index narrows, then the remaining filters are checked (and the columns sorted on
    are read) on `company` rows."""
    conditions = company_filters(post_filters(query), TABLE, sqlite=True)
    matches = (
        text(
            f"SELECT rowid AS key, {BM25 if by_rank else '0'} AS rank "
            f"FROM company_fts {hits.where()}"
        )
        .bindparams(**hits.params())
        .columns(key=Integer, rank=Float)
        .subquery("hits")
    )
    joined = TABLE.join(
        matches, TABLE.c.siren == func.printf("%09d", matches.c.key % SIREN_MODULUS)
    )
    total = session.exec(select(func.count()).select_from(joined).where(*conditions)).one()
    if by_rank:
        order: list[Any] = [matches.c.rank, matches.c.key.desc()]
    elif query.sort in ("relevance", "size_desc"):
        order = [matches.c.key.desc()]  # the rowid is active, band, SIREN: biggest first
    else:
        order = sort_order(query, TABLE)
    statement = (
        select(matches.c.key)
        .select_from(joined)
        .where(*conditions)
        .order_by(*order)
        .limit(query.limit)
        .offset(query.offset)
    )
    return CompanyPage(total=total, companies=_companies(session, list(session.exec(statement))))
