"""Newest or oldest first on SQLite, without sorting every match.

Sorting 300,000 Paris companies by creation date to show twenty of them costs a rep half a
second. The full-text index holds each company's creation year and month (`y2021`, `m202103`,
migration 0015), so a page walks the matches by decade, then year, then month, in the asked
order, counting each bucket only as far as the page needs (past the rows to skip), and sorts
on `company` rows only the bucket the page falls in: a month of a big city, a few hundred rows.
Few matches (`GATHER_LIMIT`) are simply sorted. A page past the last dated match (companies
without a creation date come last) is left to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from store.search.facets import dense_years, month_terms, year_terms
from store.search.fts import SIREN_MODULUS
from store.search.hits import Hits, count

# At most this many matches are read from `company` and sorted at once (~4 µs each).
GATHER_LIMIT = 500


@dataclass(frozen=True)
class Bucket:
    """The matches created in the years `first`…`last`, or in month `month` of year `first`."""

    first: int
    last: int
    month: int = 0

    def terms(self) -> list[str]:
        """The index terms selecting them."""
        if self.month:
            return month_terms(self.first, self.month, self.month)
        return year_terms(self.first, self.last)

    def parts(self, newest: bool) -> list[Bucket]:
        """The years of a decade, or the months of a dense year, in the asked order; none for
        a month or years walked together."""
        low, high = dense_years()
        if self.month or self.last < low or self.first > high:
            return []
        if self.first < self.last:
            parts = [Bucket(year, year) for year in range(self.first, self.last + 1)]
        else:
            parts = [Bucket(self.first, self.first, month) for month in range(1, 13)]
        return parts[::-1] if newest else parts


@dataclass
class Page:
    """The page being filled: its keys, the matches still to skip, how many it holds."""

    keys: list[int]
    skip: int
    limit: int

    @property
    def full(self) -> bool:
        return len(self.keys) >= self.limit


def date_sorted(
    session: Session, hits: Hits, *, newest: bool, limit: int, offset: int, total: int
) -> list[int] | None:
    """The keys of the page, or None when the walk cannot place it (past every dated match):
    then the caller sorts the matches itself. `total`: the count of `hits`, capped."""
    if total <= GATHER_LIMIT:
        return _sorted(session, hits, newest=newest, limit=limit, offset=offset, undated=True)
    page = Page(keys=[], skip=offset, limit=limit)
    _walk(session, hits, _decades(newest), page, newest)
    return page.keys if page.full else None


def _walk(session: Session, hits: Hits, buckets: list[Bucket], page: Page, newest: bool) -> None:
    """Skip the buckets before the page, fill it from the next ones."""
    for bucket in buckets:
        within = hits.also(f"facets : ({' OR '.join(bucket.terms())})")
        parts = bucket.parts(newest)
        # Enough to tell whether the page starts here, and whether to divide the bucket.
        size = count(session, within, max(page.skip + 1, GATHER_LIMIT + 1 if parts else 0))
        if size <= page.skip:
            page.skip -= size
            continue
        if parts and size > GATHER_LIMIT:
            _walk(session, hits, parts, page, newest)
        else:
            limit = page.limit - len(page.keys)
            page.keys += _sorted(session, within, newest=newest, limit=limit, offset=page.skip)
            page.skip = 0
        if page.full:
            return


def _decades(newest: bool) -> list[Bucket]:
    """The creation years in the asked order: those before the dense years together, each
    decade of them, those after together."""
    low, high = dense_years()
    buckets = [Bucket(0, low - 1)]
    buckets += [Bucket(start, min(start + 9, high)) for start in range(low, high + 1, 10)]
    buckets.append(Bucket(high + 1, 9999))
    return buckets[::-1] if newest else buckets


def _sorted(
    session: Session, hits: Hits, *, newest: bool, limit: int, offset: int, undated: bool = False
) -> list[int]:
    """A page of `hits` sorted by creation date on `company` rows (SIREN breaking ties, as
    `store.search.filters.sort_order` does); undated companies last when `undated`."""
    way = "DESC" if newest else "ASC"
    nulls = "c.created_on IS NULL, " if undated else ""
    where = hits.where(alias="f")
    sql = (
        "SELECT f.rowid FROM company_fts AS f JOIN company AS c "
        f"ON c.siren = printf('%09d', f.rowid % {SIREN_MODULUS}) {where} "
        f"ORDER BY {nulls}c.created_on {way}, c.siren {way} LIMIT :limit OFFSET :offset"
    )
    params = {**hits.params(), "limit": limit, "offset": offset}
    return [row[0] for row in session.connection().exec_driver_sql(sql, params)]
