"""Company search on PostgreSQL, driven by the GIN index on `company.search_keys`.

The query becomes one tsquery (`tsquery.py`): text, name and every structured filter but
signals. Its matches are counted from the index (stopping at `COUNT_LIMIT` where SQLite does;
a broad search is proven to reach it on slices of the companies, `samples_postgres`)
and the page is read in size order without sorting every match (`pages_postgres.py`). Signal
filters, creation dates that cut into a year and the sorts on other columns are checked and
sorted by SQL on the matching rows.

The order is SQLite's: biggest first (active, then band, then SIREN), smallest first, or a
column. Relevance with text is SQLite's rule for broad searches, on any number of matches:
companies whose name holds the words first, then the others, each biggest first (PostgreSQL has
no bm25 to rank narrower ones as SQLite does).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, text, true
from sqlmodel import Session, col, select

from store.models import Company
from store.models.tables import table_of
from store.search import pages_postgres as pages
from store.search import samples_postgres as samples
from store.search.filters import company_filters, sort_order
from store.search.gather_postgres import Gathered, gather
from store.search.limits import COLUMN_SORTS, COUNT_LIMIT, counts_every_match
from store.search.pages_postgres import SIZE_RANK, matching, read_page, size_order, table_rows
from store.search.query import CompanyQuery
from store.search.results import CompanyPage
from store.search.size_walk import count_matches
from store.search.text import search_terms
from store.search.tsquery import all_of, facets, name_tsquery, text_tsquery

TABLE = table_of(Company)
# Every statement of a search goes through an index: the planner costs a tsquery test at a
# fraction of what it takes, and would read a whole table of 20,000 companies to test each
# (400 ms, bench/search.py), or of a million when a filter matches a tenth of them. A search's
# statements are too short to pay back compiling them (JIT), or starting worker processes: a
# page walked along the size index by two workers waited 100 ms for them at 5 M companies.
# Searches with fewer matches than this are counted and paged in one pass.
GATHER_ALL = COUNT_LIMIT
PLANNER = (
    "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)


def search_postgres(
    session: Session, query: CompanyQuery, terms: list[str], *, any_term: bool
) -> CompanyPage:
    """One search attempt (all terms, or any term) on PostgreSQL."""
    filters = facets(query)
    if filters.impossible:
        return CompanyPage(total=0)
    session.execute(text(PLANNER))
    name = name_tsquery(search_terms(query.name)) if query.name else None
    matches = all_of([text_tsquery(terms, any_term=any_term), name, filters.tsquery])
    # With text, relevance lists the companies whose name holds the words (or any) first.
    tier = name_tsquery(terms, any_term=any_term) if query.sort == "relevance" else None
    checks = _row_checks(query, filters.dates)
    exact = counts_every_match(query, terms)
    if query.sort in ("newest", "oldest") and not checks and matches is not None:
        many = _capped_count(session, query, matches)
        dated = _along_dates(session, query, matches, many)
        if dated is not None:
            return dated
        return _read_rows(session, query, matches, None, [], exact=False, counted=many)
    if checks or query.sort in COLUMN_SORTS or matches is None:
        return _read_rows(session, query, matches, tier, checks, exact=exact)
    if pages.sized_only(query, terms):  # counted along the size index alone
        total = pages.count_by_size(session, query, cap=COUNT_LIMIT)
        at_least = total >= COUNT_LIMIT
        companies = read_page(
            session, query, [matches], total=total, at_least=at_least,
            excluding=_excluding(query), companies=table_rows(session),
        )  # fmt: skip
        return CompanyPage(total=total, total_is_lower_bound=at_least, companies=companies)
    # Fewer matches than counting stops at (most searches): one pass counts them and picks
    # the page (`gather_postgres`).
    cap = min(GATHER_ALL, COUNT_LIMIT)
    if not exact and samples.at_least(session, matches, COUNT_LIMIT, query.exclude_sirens):
        found = Gathered(total=COUNT_LIMIT)  # many: the page is read along the indexes
    else:
        found = gather(session, query, matches, tier, cap=cap, excluded=query.exclude_sirens)
    if found.total < cap:
        return CompanyPage(
            total=found.total, companies=pages.companies_by_siren(session, found.sirens)
        )
    if found.total >= COUNT_LIMIT and not exact:
        total = COUNT_LIMIT
    else:
        total = count_matches(
            session, [matches], cap=None if exact else COUNT_LIMIT, excluded=query.exclude_sirens
        )[0]
    at_least = not exact and total >= COUNT_LIMIT
    parts = [matches] if tier is None else [f"({matches}) & ({tier})", f"({matches}) & !({tier})"]
    companies = read_page(
        session, query, parts, total=total, at_least=at_least, excluding=_excluding(query),
        companies=table_rows(session) if total > pages.READ_ALL else total, named=found.named,
    )  # fmt: skip
    return CompanyPage(total=total, total_is_lower_bound=at_least, companies=companies)


def _capped_count(session: Session, query: CompanyQuery, matches: str) -> int:
    """How many companies match, counting stopped at `COUNT_LIMIT`: proven on the slices of
    the companies when they hold that many (`samples_postgres`), else counted."""
    excluded = query.exclude_sirens
    if samples.at_least(session, matches, COUNT_LIMIT, excluded):
        return COUNT_LIMIT
    return count_matches(session, [matches], cap=COUNT_LIMIT, excluded=excluded)[0]


def _along_dates(
    session: Session, query: CompanyQuery, matches: str, many: int
) -> CompanyPage | None:
    """Newest or oldest first along `ix_company_created` (migration 0020), testing each
    company until the page is full, when the matches are many and dense enough (as
    `pages_postgres` reads the size orders); `many`: how many match, counting stopped at
    `COUNT_LIMIT`. None: few or sparse matches (sorted all at once), or a page reaching the
    undated companies, which come last."""
    limit, offset = query.limit, query.offset
    if many <= pages.READ_ALL or not pages.dense(offset + limit, table_rows(session), many):
        return None
    created = col(Company.created_on)
    way: list[Any] = [created.desc(), col(Company.siren).desc()]
    if query.sort == "oldest":
        way = [created.asc(), col(Company.siren).asc()]
    # IS TRUE: no index answers it, so the planner walks the dates in order and stops early.
    statement = (
        select(Company)
        .where(matching(matches).is_(True), created.is_not(None), *_excluding(query))
        .order_by(*way)
        .limit(limit)
        .offset(offset)
    )
    companies = list(session.exec(statement))
    if len(companies) < limit:
        return None
    return CompanyPage(
        total=min(many, COUNT_LIMIT), total_is_lower_bound=many >= COUNT_LIMIT, companies=companies
    )


def _row_checks(
    query: CompanyQuery, dates: tuple[date | None, date | None]
) -> list[ColumnElement[bool]]:
    """What the keys cannot say: signals, and creation dates that cut into a year."""
    after, before = dates
    rest = CompanyQuery(
        include_closed=True, signal_kinds=query.signal_kinds, signal_since=query.signal_since,
        created_after=after, created_before=before,
    )  # fmt: skip
    return company_filters(rest, TABLE, sqlite=False)


def _excluding(query: CompanyQuery) -> list[ColumnElement[bool]]:
    return [col(Company.siren).not_in(query.exclude_sirens)] if query.exclude_sirens else []


def _counted_with_page(
    session: Session, query: CompanyQuery, conditions: list[Any], tier: str | None
) -> tuple[int, list[str] | None]:
    """One pass over at most `COUNT_LIMIT` matches: how many, and — when they are fewer (every
    match is then among them) — the page's SIRENs in order (None: counting stopped at the
    cap). Counting, then sorting every match for the page, read the index and the rows twice
    (measured at 1 M companies: "ESN créées depuis 3 ans à Paris", 50–61 ms to count and 36
    to read the page)."""
    extra = [SIZE_RANK.label("rank"), *([matching(tier).label("tier")] if tier else [])]
    matched = select(TABLE, *extra).where(*conditions, true()).limit(COUNT_LIMIT).subquery()
    by = matched.c
    order = sort_order(query, matched) if query.sort in COLUMN_SORTS else size_order(query, by)
    if tier is not None:
        order.insert(0, by.tier.desc())
    statement = (
        select(by.siren, func.count().over())
        .order_by(*order)
        .limit(query.limit)
        .offset(query.offset)
    )
    rows = session.execute(statement).all()
    counted = (
        int(rows[0][1])
        if rows
        else int(session.execute(select(func.count()).select_from(matched)).scalar_one())
    )  # a page past the last match
    return counted, [row[0] for row in rows] if counted < COUNT_LIMIT else None


def _read_rows(
    session: Session,
    query: CompanyQuery,
    matches: str | None,
    tier: str | None,
    checks: list[ColumnElement[bool]],
    *,
    exact: bool,
    counted: int | None = None,
) -> CompanyPage:
    """Conditions the keys cannot answer, a column sort, or no condition at all: every match
    is read, counted (every one when `exact`, else up to `COUNT_LIMIT`; `counted`: already
    counted so) and sorted by SQL — in one pass when they are fewer than `COUNT_LIMIT`
    (`_counted_with_page`)."""
    conditions = [*([matching(matches)] if matches else []), *checks, *_excluding(query)]
    if counted is None:
        counted, sirens = _counted_with_page(session, query, conditions, tier)
        if sirens is not None:
            return CompanyPage(total=counted, companies=pages.companies_by_siren(session, sirens))
        if exact:
            rows = select(TABLE.c.siren).where(*conditions, true())
            counted = int(
                session.execute(select(func.count()).select_from(rows.subquery())).scalar_one()
            )
    total = counted if exact else min(counted, COUNT_LIMIT)
    order: list[Any] = sort_order(query, TABLE) if query.sort in COLUMN_SORTS else size_order(query)
    if tier is not None:
        order.insert(0, matching(tier).desc())
    statement = (
        select(Company).where(*conditions).order_by(*order).limit(query.limit).offset(query.offset)
    )
    return CompanyPage(
        total=total,
        total_is_lower_bound=not exact and total >= COUNT_LIMIT,
        companies=list(session.exec(statement)),
    )
