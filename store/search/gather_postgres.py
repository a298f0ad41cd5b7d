"""A PostgreSQL search's matches counted and its page picked in one pass over the GIN index.

Most searches match fewer companies than counting ever stops at (`COUNT_LIMIT`). For those,
one statement gathers every match's SIREN, activity, size rank and (with text, sorted by
relevance) whether its name holds the words, then counts them and sorts them for the page:
the GIN index is read once, where counting, then counting the name matches, then reading the
page read it two or three times (measured at 1 M companies, bench/search.py: a text search's
three scans of 20-25 ms each, and a page of 4,600 filter matches joining every one to its row
before sorting, 28 ms). Only the page's rows are then read from `company`.

When the gathering reaches the cap, the search has more matches than that: the matches are
not sorted, and the caller reads the page along the size index instead (`pages_postgres`);
how many of the gathered matches the name holds spares it counting those again when they are
enough to tell how to read them (measured at 1 M companies: a 40 ms count of "garnier"'s
name matches saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session

from store.search.query import CompanyQuery

_ORDERS = {
    # as `pages_postgres.size_order`: biggest first, or smallest first with unknown sizes last
    "size_asc": "active DESC, (rank = 0) ASC, rank ASC, siren ASC",
    "size_desc": "active DESC, rank DESC, siren DESC",
}
GATHER = """
WITH found AS MATERIALIZED (
    SELECT siren, active, size_rank AS rank, {tier} AS tier FROM company
    WHERE search_keys @@ CAST(:q AS tsquery){keep} LIMIT :cap),
total AS (SELECT count(*) AS n, count(*) FILTER (WHERE tier) AS named FROM found)
SELECT n, named, CASE WHEN n < :cap THEN
    ARRAY(SELECT siren FROM found ORDER BY tier DESC, {order} LIMIT :limit OFFSET :offset) END
FROM total
"""


@dataclass(frozen=True)
class Gathered:
    """How many matched (at most the cap), how many of those the name matches (`tier`; a
    lower bound when the cap is reached), and the page's SIRENs, in order."""

    total: int
    named: int = 0
    sirens: list[str] = field(default_factory=list)


def gather(
    session: Session,
    query: CompanyQuery,
    matches: str,
    tier: str | None,
    *,
    cap: int,
    excluded: Sequence[str],
) -> Gathered:
    """The matches of `matches` (a tsquery), less `excluded`, up to `cap`: their number and
    the page at `query.offset`, companies whose name matches `tier` first, then by size."""
    params: dict[str, object] = {
        "q": matches, "cap": cap, "limit": query.limit, "offset": query.offset,
    }  # fmt: skip
    keep = ""
    if excluded:
        keep = " AND NOT (siren = ANY(:excluded))"
        params["excluded"] = list(excluded)
    tier_flag = "false"
    if tier is not None:
        tier_flag = "search_keys @@ CAST(:tier AS tsquery)"
        params["tier"] = tier
    order = _ORDERS["size_asc" if query.sort == "size_asc" else "size_desc"]
    statement = text(GATHER.format(tier=tier_flag, keep=keep, order=order))
    total, named, sirens = session.execute(statement, params).one()
    return Gathered(total=int(total), named=int(named), sirens=list(sirens or []))
