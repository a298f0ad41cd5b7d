"""PostgreSQL: "more matches than counting stops at", proven on a sample of the companies.

A GIN index cannot stop early: before counting its first match, a bitmap index scan gathers
every one of them. Counting a broad search up to `COUNT_LIMIT` therefore costs what counting
all its matches does (at 1 M companies of the `concentrated` shape: "entreprises à Paris",
182,981 matches, 44 of its 50 ms in the index; every active company, 94 ms).

So the store keeps three more GIN indexes on the same keys, each over a slice of the
companies by SIREN range: the first 1/64 of the SIRENs, the next 3/64, the next 12/64
(`SLICES`: a sixty-fourth, a sixteenth, a quarter of the companies in all). A capped count
counts the matches in the first slice, then in the next while those counted so far are not
enough: when the slices alone hold `cap` matches, the search has at least that many, whatever
the rest holds. SIRENs are spread over every place and sector (a first load writes the table
grouped by department, not by SIREN), so a slice is a fair sample of a broad search. Measured
at 1 M companies of the `concentrated` shape: Paris proven in 17-20 ms instead of 50, every
active company in 17 ms instead of 94. A search with fewer matches pays one or more small
counts (2-8 ms at 1 M) before counting as before; the next slice is skipped when those
counted so far, scaled to it, promise less than half of what is needed.

The slices' bounds are quantiles of the SIRENs when the indexes were built (a bulk import
builds them again, `build`); companies imported since then only make a slice bigger or smaller,
and a count in a slice is a true count of matches whatever its size. A store smaller than
`MINIMUM` companies keeps no slice: counting it whole is fast. The searches read the slices'
conditions from the catalogue (`pg_index`), so the statement names each index's predicate as
it is and the planner uses that index.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

# The slices, as the share of the companies below each upper bound: 1/64, 1/16, then 1/4.
SLICES = (64, 16, 4)
PREFIX = "ix_company_sample_"
# Below this many companies no slice is built (1/16 of them could not hold 10,000 matches).
MINIMUM = 160_000
# How long a process trusts the slices it read from the catalogue (a bulk import in another
# process builds new ones).
FRESH_SECONDS = 60.0
_READ = text(
    "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index AS i "
    "JOIN pg_class AS c ON c.oid = i.indexrelid "
    "WHERE i.indrelid = 'company'::regclass AND c.relname LIKE :prefix AND i.indisvalid "
    "AND i.indpred IS NOT NULL ORDER BY c.relname"
)
# Per engine (a store's schema is its engine's): when the slices were read, and their conditions.
_known: weakref.WeakKeyDictionary[Any, tuple[float, list[str]]] = weakref.WeakKeyDictionary()


def slice_conditions(session: Session) -> list[str]:
    """The slices' conditions on `siren`, smallest slice first (none: no slice)."""
    bind = session.get_bind()
    key = getattr(bind, "engine", bind)
    now = time.monotonic()
    known = _known.get(key)
    if known is not None and now - known[0] < FRESH_SECONDS:
        return known[1]
    conditions = [str(row) for row in session.execute(_READ, {"prefix": PREFIX + "%"}).scalars()]
    _known[key] = (now, conditions)
    return conditions


def forget() -> None:
    """Read the slices from the catalogue again at the next search (after building them)."""
    _known.clear()


def at_least(session: Session, tsquery: str, cap: int, excluded: Sequence[str] = ()) -> bool:
    """Whether the slices alone hold `cap` matches of `tsquery` that are not `excluded`: one
    statement, the second slice counted only when the first is not enough."""
    conditions = slice_conditions(session)
    if not conditions:
        return False
    need = cap + len(excluded)  # excluded SIRENs may be among the matches counted
    counts = [
        f"(SELECT count(*) FROM (SELECT FROM company WHERE {condition} "
        f"AND search_keys @@ CAST(:q AS tsquery) LIMIT :need) AS s)"
        for condition in conditions
    ]
    # Counted so far >= need: proven. Else the next slice's count is added, unless what the
    # slices counted so far, scaled to the next one's share, promises less than half of
    # `need` (a search of a few thousand matches then pays one small count, not three).
    # Each slice's subquery runs only when its branch is reached.
    total = counts[-1]
    for index in reversed(range(len(counts) - 1)):
        grows = SLICES[index] // SLICES[index + 1]
        total = (
            f"(SELECT CASE WHEN n >= :need OR n * {grows} < :need / 2 THEN n "
            f"ELSE n + {total} END "
            f"FROM (SELECT {counts[index]} AS n OFFSET 0) AS c)"  # OFFSET 0: counted once
        )
    found = session.execute(text(f"SELECT {total}"), {"q": tsquery, "need": need}).scalar_one()
    return int(found) >= need


def build(cursor: Any, *, minimum: int | None = None) -> int:
    """Drop the slices' indexes and build them again from the SIRENs the table holds now (none
    below `minimum` companies), on a DB-API cursor; the caller commits. Returns how many."""
    drop(cursor)
    cursor.execute("SELECT count(*) FROM company")
    companies = int(cursor.fetchone()[0])
    if companies < max(MINIMUM if minimum is None else minimum, max(SLICES)):
        return 0
    bounds: list[str] = []
    for share in SLICES:
        cursor.execute(
            "SELECT siren FROM company ORDER BY siren OFFSET %s LIMIT 1", (companies // share,)
        )
        bounds.append(str(cursor.fetchone()[0]))
    low: str | None = None
    for index, high in enumerate(bounds, start=1):
        condition = f"siren < {_literal(high)}"
        if low is not None:
            condition = f"siren >= {_literal(low)} AND {condition}"
        cursor.execute(
            f"CREATE INDEX {PREFIX}{index} ON company USING gin (search_keys) WHERE {condition}"
        )
        low = high
    forget()
    return len(bounds)


def drop(cursor: Any) -> None:
    """Drop the slices' indexes (a bulk import would otherwise keep them up row by row)."""
    names = ", ".join(f"{PREFIX}{index}" for index in range(1, len(SLICES) + 1))
    cursor.execute(f"DROP INDEX IF EXISTS {names}")
    forget()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
