"""A selection of the SQLite full-text index (`company_fts`): an FTS5 expression within a rowid
range, less some companies; how many entries it holds (counting stops at `COUNT_LIMIT`), and
their keys in some order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from store.search.fts import SIREN_MODULUS
from store.search.limits import COUNT_LIMIT


@dataclass(frozen=True)
class Hits:
    """Index entries matching an FTS5 expression (None = every entry) within a rowid range,
    less some companies (by SIREN, the low digits of the rowid)."""

    match: str | None
    low: int
    high: int
    exclude: tuple[int, ...] = ()

    def where(self, alias: str = "company_fts") -> str:
        """The WHERE clause selecting these entries of `company_fts` (named `alias`)."""
        matching = f"{alias}.company_fts MATCH :match AND " if self.match else ""
        key = f"{alias}.rowid"
        excluded = ""
        if self.exclude:  # validated digits: safe to write into the statement
            excluded = f" AND {key} % {SIREN_MODULUS} NOT IN ({', '.join(map(str, self.exclude))})"
        return f"WHERE {matching}{key} BETWEEN :low AND :high{excluded}"

    def params(self) -> dict[str, Any]:
        """The clause's parameters."""
        return {"match": self.match, "low": self.low, "high": self.high}

    def narrowed(self, match: str) -> Hits:
        """The same range, another expression."""
        return replace(self, match=match)

    def within(self, low: int, high: int) -> Hits:
        """The same expression, another rowid range."""
        return replace(self, low=low, high=high)

    def also(self, condition: str) -> Hits:
        """The entries that also match `condition` (an FTS5 expression)."""
        return self.narrowed(f"({self.match}) AND {condition}" if self.match else condition)


def count(session: Session, hits: Hits, cap: int = COUNT_LIMIT) -> int:
    """How many entries `hits` holds, up to `cap`."""
    sql = f"SELECT count(*) FROM (SELECT rowid FROM company_fts {hits.where()} LIMIT :cap)"
    params = {**hits.params(), "cap": cap}
    return int(session.connection().exec_driver_sql(sql, params).scalar_one())


def keys(session: Session, hits: Hits, order: str, limit: int, offset: int) -> list[int]:
    """The keys (rowids) of a page of `hits` in `order`."""
    sql = (
        f"SELECT rowid FROM company_fts {hits.where()} ORDER BY {order} LIMIT :limit OFFSET :offset"
    )
    params = {**hits.params(), "limit": limit, "offset": offset}
    return [row[0] for row in session.connection().exec_driver_sql(sql, params)]
