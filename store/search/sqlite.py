"""Company search on SQLite, driven by the FTS5 index (see `store.search.fts`).

The index answers the text, the name, the filters (NAF, place, city, postcode, size, category,
legal form, creation dates) and, through its rowid, "active only", the headcount range,
excluded SIRENs and both size orders ("biggest first" is rowid descending; "smallest first"
walks the rowid runs of `fts.smallest_first` upwards), without reading `company` rows; the
creation-date orders walk its year and month tokens (`by_date`). Counting stops at
`COUNT_LIMIT` ("more than"), and only the page's companies are read. Signal filters, creation
dates that cut a month, and the name and intent orders need a join with `company`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, func, text
from sqlmodel import Session, col, select

from store.models import Company
from store.models.tables import table_of
from store.search.by_date import date_sorted
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
from store.search.hits import Hits, count, keys
from store.search.limits import COUNT_LIMIT, JOINED_SORTS
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.text import search_terms

TABLE = table_of(Company)
# bm25 scores every match before the page is cut, so it ranks only searches counted whole
# (`_ranks_by_bm25`) and no larger than this; broader text lists companies whose name matches
# first, biggest first. A count that stopped at `COUNT_LIMIT` may hide hundreds of thousands of
# matches: ranking a common word's at 5 M companies took 290-350 ms (bench/search.py).
RANK_LIMIT = COUNT_LIMIT
# Best text match first, equal scores by SIREN so pages never overlap. One sort key, not
# "bm25, rowid": a second key makes SQLite's sort of the matches ~30% slower (bench/search.py);
# the SIREN shifts a score by at most 1e-3, so only near-equal scores change places.
_BY_RANK = f"{BM25} - (rowid % {SIREN_MODULUS}) * 1e-12"
# A search with a creation-date bound whose other conditions match fewer companies than this
# checks the dates on their rows instead of matching the date tokens (measured at 5 M
# companies, bench/search.py, under load: "CONSEIL", NAF 41, department 67, PME, since 1995
# from 256 to 44 ms; the 60 text-and-filter queries' p95 from 153 to 45 ms). Only where the
# page's order is the index's: relevance, or biggest first.
DATES_ON_ROWS = 2_000
UNDATED_SORTS = ("relevance", "size_desc")


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
    if has_post_filters(query) or query.sort in JOINED_SORTS:
        if match is None:
            return _filter_search(session, query)
        return _joined_search(session, query, hits, by_rank=by_rank)
    dated = _dates_on_rows(session, query, ranked, hits, by_rank=by_rank)
    if dated is not None:
        return dated
    total = count(session, hits, COUNT_LIMIT)
    page: list[int] | None
    if query.sort in ("newest", "oldest"):
        newest = query.sort == "newest"
        page = date_sorted(
            session, hits, newest=newest, limit=query.limit, offset=query.offset, total=total
        )
        if page is None:  # past the last dated company: sort them all
            if match is None:
                return _filter_search(session, query)
            return _joined_search(session, query, hits, by_rank=False)
    elif query.sort == "size_asc":
        page = _in_runs(session, hits, smallest_first(hits.low, hits.high), query)
    elif not by_rank:
        page = keys(session, hits, "rowid DESC", query.limit, query.offset)
    elif _ranks_by_bm25(total):
        page = keys(session, hits, _BY_RANK, query.limit, query.offset)
    else:
        in_name = (name_expression(terms, any_term=any_term), name_match, facets)
        names = hits.narrowed(" AND ".join(part for part in in_name if part))
        page = _name_first(session, hits, names, query.limit, query.offset)
    return CompanyPage(
        total=total, total_is_lower_bound=total >= COUNT_LIMIT, companies=_companies(session, page)
    )


def _ranks_by_bm25(total: int) -> bool:
    """Whether text matches this many (a count stopped at `COUNT_LIMIT`) are ranked by bm25,
    else name matches first, biggest first."""
    return total < COUNT_LIMIT and total <= RANK_LIMIT


def _dates_on_rows(
    session: Session, query: CompanyQuery, ranked: str | None, hits: Hits, *, by_rank: bool
) -> CompanyPage | None:
    """A search with a creation-date bound whose other conditions match fewer companies than
    `DATES_ON_ROWS`: those are gathered in one pass over the index, their dates checked on
    their rows, and the page cut in the order the index would give (None: too many, or no
    bound). A bound such as "since 1995" is an OR of one token per year (33 of them), which
    FTS5 merges for every candidate, each a share of the whole index."""
    if not (query.created_after or query.created_before) or query.sort not in UNDATED_SORTS:
        return None
    undated = query.model_copy(update={"created_after": None, "created_before": None})
    rest = " AND ".join(p for p in (ranked, facet_expression(undated)) if p) or None
    if rest is None:
        return None
    narrowed = hits.narrowed(rest)
    sql = (
        f"SELECT rowid, {_BY_RANK if by_rank else '-rowid'} FROM company_fts "
        f"{narrowed.where()} LIMIT :cap"
    )
    found = session.connection().exec_driver_sql(sql, {**narrowed.params(), "cap": DATES_ON_ROWS})
    candidates = {siren_of(key): (rank, key) for key, rank in found}
    if len(candidates) >= DATES_ON_ROWS:
        return None
    within = company_filters(
        CompanyQuery(include_closed=True, created_after=query.created_after,
                     created_before=query.created_before),
        TABLE, sqlite=True,
    )  # fmt: skip
    kept = session.exec(
        select(TABLE.c.siren).where(col(TABLE.c.siren).in_(list(candidates)), *within)
    ).all()
    ordered = sorted(candidates[siren] for siren in kept)
    if by_rank and not _ranks_by_bm25(len(ordered)):
        return None  # broad text: name matches first, as `search_sqlite` lists them
    page = [key for _, key in ordered[query.offset : query.offset + query.limit]]
    return CompanyPage(total=len(ordered), companies=_companies(session, page))


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


def _name_first(session: Session, hits: Hits, names: Hits, limit: int, offset: int) -> list[int]:
    """Companies whose name matches, biggest first, then the other matches, biggest first."""
    in_name = count(session, names, offset + 1)  # exact when the page starts past them
    found: list[int] = []
    if offset < in_name:
        found = keys(session, names, "rowid DESC", limit, offset)
    if len(found) < limit:
        rest = hits.narrowed(f"({hits.match}) NOT ({names.match})")
        found += keys(session, rest, "rowid DESC", limit - len(found), max(0, offset - in_name))
    return found


def _in_runs(
    session: Session, hits: Hits, runs: list[tuple[int, int]], query: CompanyQuery
) -> list[int]:
    """A page walked across rowid runs, each read in ascending order (smallest first)."""
    found: list[int] = []
    offset = query.offset
    for low, high in runs:
        run = hits.within(low, high)
        size = count(session, run, offset + 1)  # exact when the page starts past the run
        if offset >= size:
            offset -= size
            continue
        found += keys(session, run, "rowid ASC", query.limit - len(found), offset)
        offset = 0
        if len(found) >= query.limit:
            break
    return found


def _companies(session: Session, page: list[int]) -> list[Company]:
    sirens = [siren_of(key) for key in page]
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
    counted = select(matches.c.key).select_from(joined).where(*conditions).limit(COUNT_LIMIT)
    total = session.exec(select(func.count()).select_from(counted.subquery())).one()
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
    page = list(session.exec(statement))
    return CompanyPage(
        total=total, total_is_lower_bound=total >= COUNT_LIMIT, companies=_companies(session, page)
    )
