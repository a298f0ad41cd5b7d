"""How a page of PostgreSQL matches is read, in size order, whatever their number.

The matches come in parts (with text: those whose name holds the words, then the others),
each counted from the GIN index. A part is read one of three ways:

- a few thousand matches at most: all of them, sorted by SQL;
- many, dense among the companies: along `ix_company_size` (active, band rank, SIREN; migration
  0018), testing each company until the page is full — a tenth of the companies matching, a
  page costs two hundred rows; smallest first walks it upwards, known bands then unknown;
- many, but sparse (or a deep page): walked by size class
  (`size_walk`), counting each class from the index to find the page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, cast, func, literal, literal_column, text, true
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlmodel import Session, col, select

from store.models import Company
from store.models.tables import table_of
from store.search import samples_postgres as samples
from store.search.gather_postgres import gather
from store.search.query import CompanyQuery
from store.search.size_walk import Segment, page_sirens
from store.search.tsquery import actives, lexeme, ranks_biggest_first, size_class

TABLE = table_of(Company)
KEYS: Any = literal_column("company.search_keys")
SIZE_RANK: Any = literal_column("company.size_rank")
# Up to this many matches, SQL reads and sorts them all: cheaper than walking the segments.
READ_ALL = 5_000
# Along the size index, a page may test about this many companies before the class walk is
# cheaper.
SCAN_BUDGET = 10_000


def matching(tsquery: str) -> ColumnElement[bool]:
    """The rows whose keys match `tsquery` (a bound parameter)."""
    condition: ColumnElement[bool] = KEYS.op("@@")(cast(literal(tsquery), TSQUERY))
    return condition


def size_order(query: CompanyQuery, columns: Any = None) -> list[ColumnElement[Any]]:
    """Biggest first (active first, then band rank, then SIREN), or smallest first; on the
    table's columns, or on `columns` holding active, rank and siren."""
    c = columns if columns is not None else TABLE.c
    rank = SIZE_RANK if columns is None else c.rank
    if query.sort == "size_asc":
        return [c.active.desc(), (rank == 0).asc(), rank.asc(), c.siren.asc()]
    return [c.active.desc(), rank.desc(), c.siren.desc()]


def read_page(
    session: Session,
    query: CompanyQuery,
    parts: list[str],
    *,
    total: int,
    at_least: bool,
    companies: int,
    excluding: list[ColumnElement[bool]],
    named: int = 0,
) -> list[Company]:
    """The page at `query.offset` of the matches of `parts` in turn; `total`: how many match
    in all (`at_least`: counting stopped there), `companies`: how many the table holds,
    `named`: how many of the first part are known to match at least."""
    offset, limit = query.offset, query.limit
    # Past a count that stopped, there are more matches than any page reaches.
    rest = max(total, offset + limit + 1) if at_least else total
    counts = [rest]
    first_page: list[str] | None = None  # the first part's page, when counting it read it all
    if len(parts) > 1:
        # Counted far enough to tell how the part is to be read (see `_read_part`).
        enough = max(READ_ALL, offset + limit, -(-(offset + limit) * companies // SCAN_BUDGET))
        if named > enough or samples.at_least(  # as many as counting would have stopped at
            session, parts[0], enough + 1, query.exclude_sirens
        ):
            first = enough + 1
        else:
            # Few enough to be read all: counted and paged in the same pass.
            found = gather(
                session, query, parts[0], None, cap=enough + 1, excluded=query.exclude_sirens
            )
            first = found.total
            first_page = found.sirens if first <= enough else None
        counts = [first, max(rest - first, offset + limit + 1 if at_least else 0)]
    page: list[Company] = []
    for index, (part, count) in enumerate(zip(parts, counts, strict=True)):
        if offset >= count:
            offset -= count
            continue
        if index == 0 and first_page is not None:
            page += companies_by_siren(session, first_page)
        else:
            page += _read_part(
                session, query, part, count, offset, limit - len(page), companies, excluding
            )
        offset = 0
        if len(page) >= limit:
            break
    return page


def _read_part(
    session: Session,
    query: CompanyQuery,
    part: str,
    count: int,
    offset: int,
    limit: int,
    companies: int,
    excluding: list[ColumnElement[bool]],
) -> list[Company]:
    if count <= READ_ALL:
        return _gathered(session, query, [matching(part), *excluding], offset, limit)
    if dense(offset + limit, companies, count):
        # IS TRUE: no index answers it, so the planner walks `ix_company_size` in order (from
        # the largest band the query allows, or the smallest) and stops at the page's end,
        # instead of gathering every match to sort them.
        along = [matching(part).is_(True), *excluding, *_size_range(query)]
        if query.sort == "size_asc":
            return _smallest_along(session, query, along, offset, limit)
        return _sorted(session, query, along, offset, limit)
    sirens = page_sirens(
        session, _classes(query, part), offset=offset, limit=limit,
        descending=query.sort != "size_asc", excluded=query.exclude_sirens,
    )  # fmt: skip
    return companies_by_siren(session, sirens)


def dense(wanted: int, companies: int, count: int) -> bool:
    """Whether `count` matches among `companies` are dense enough that walking an index in
    order to the `wanted`-th of them tests at most about `SCAN_BUDGET` companies."""
    return wanted * companies <= SCAN_BUDGET * count


def sized_only(query: CompanyQuery, terms: list[str]) -> bool:
    """Whether the query asks for nothing but activity and headcount (no text, name or other
    filter), which `ix_company_size` answers alone."""
    rest = query.model_copy(
        update={"headcount_min": None, "headcount_max": None, "exclude_sirens": []}
    )
    return not terms and not query.name and not rest.has_filters


def count_by_size(session: Session, query: CompanyQuery, *, cap: int) -> int:
    """How many companies of the activity and headcount asked there are (up to `cap`), less
    the excluded: an index-only scan of `ix_company_size`, where the GIN index would gather the
    posting lists of every size class asked (70 ms for "up to 9 employees" at 1 M)."""
    excluded = [TABLE.c.siren.not_in(query.exclude_sirens)] if query.exclude_sirens else []
    rows = select(literal(1)).select_from(TABLE).where(*_size_range(query), *excluded, true())
    counted = select(func.count()).select_from(rows.limit(cap).subquery())
    return int(session.execute(counted).scalar_one())


def _size_range(query: CompanyQuery) -> list[ColumnElement[bool]]:
    """The stretch of `ix_company_size` the query's activity and headcount allow."""
    ranks = ranks_biggest_first(query)
    within: list[ColumnElement[bool]] = [] if query.include_closed else [TABLE.c.active == true()]
    if query.headcount_min is not None or query.headcount_max is not None:
        within.append(SIZE_RANK.between(min(ranks), max(ranks)))
    return within


def _gathered(
    session: Session,
    query: CompanyQuery,
    conditions: list[ColumnElement[bool]],
    offset: int,
    limit: int,
) -> list[Company]:
    """A page of few matches: all gathered through the GIN index, sorted, and only the page's
    rows read. Materialized, so that the planner does not walk `ix_company_size` hoping to
    meet them early; sorted before reading rows (joining every match to its row first cost
    25 ms of a 43 ms page of 4,572 matches at 1 M companies, bench/search.py)."""
    found = (
        select(TABLE.c.siren, TABLE.c.active, SIZE_RANK.label("rank"))
        .where(*conditions)
        .cte("found")
        .prefix_with("MATERIALIZED")
    )
    statement = (
        select(found.c.siren).order_by(*size_order(query, found.c)).offset(offset).limit(limit)
    )
    return companies_by_siren(session, list(session.execute(statement).scalars()))


def _sorted(
    session: Session,
    query: CompanyQuery,
    conditions: list[ColumnElement[bool]],
    offset: int,
    limit: int,
) -> list[Company]:
    statement = (
        select(Company).where(*conditions).order_by(*size_order(query)).offset(offset).limit(limit)
    )
    return list(session.exec(statement))


def _smallest_along(
    session: Session,
    query: CompanyQuery,
    conditions: list[ColumnElement[bool]],
    offset: int,
    limit: int,
) -> list[Company]:
    """Smallest first along `ix_company_size`: for active companies (then ceased ones), the
    known bands upwards, then the unknown band (rank 0), each stretch walked in index order
    until the page is full (one stretch the index reads in order; "unknown last" is not)."""
    wanted = offset + limit
    sirens: list[str] = []
    for active in actives(query):
        for known in (True, False):
            stretch = SIZE_RANK >= 1 if known else SIZE_RANK == 0
            statement = (
                select(TABLE.c.siren)
                .where(*conditions, TABLE.c.active == active, stretch)
                .order_by(SIZE_RANK.asc(), TABLE.c.siren.asc())
                .limit(wanted - len(sirens))
            )
            sirens += session.execute(statement).scalars()
            if len(sirens) >= wanted:
                return companies_by_siren(session, sirens[offset:wanted])
    return companies_by_siren(session, sirens[offset:wanted])


def _classes(query: CompanyQuery, part: str) -> list[Segment]:
    """The part cut into size classes, in the page's order."""
    ranks = ranks_biggest_first(query)
    if query.sort == "size_asc":
        ranks = sorted(rank for rank in ranks if rank) + [rank for rank in ranks if not rank]
    return [
        Segment(f"({part}) & {lexeme(size_class(active, rank))}")
        for active in actives(query)
        for rank in ranks
    ]


def companies_by_siren(session: Session, sirens: list[str]) -> list[Company]:
    """These companies, in this order."""
    if not sirens:
        return []
    found = {
        c.siren: c for c in session.exec(select(Company).where(col(Company.siren).in_(sirens)))
    }
    return [found[siren] for siren in sirens if siren in found]


def table_rows(session: Session) -> int:
    """About how many companies the table holds (the planner's statistics)."""
    rows = session.execute(
        text("SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE oid = 'company'::regclass")
    ).scalar_one()
    return int(rows)
