"""A page of PostgreSQL matches in size order, counted from the GIN index, read from few rows.

The matches of a tsquery over `company.search_keys` are cut into segments that follow each
other in the order asked: with text, companies whose name holds the words before the others;
then size classes (`#z…`: active before ceased, biggest or smallest band first); within a
class, SIRENs in order. Counting a segment reads the index (and, on a vacuumed table, only the
visibility map of the rows), so the walk counts the segments of a level (each count capped at
what the page needs) to find the ones the page falls in, and reads rows only there: a page of
a million matches costs a few index lookups and twenty rows, not a sort of the million.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

MATCHES = "search_keys @@ CAST(:{name} AS tsquery)"


@dataclass(frozen=True)
class Segment:
    """Matches of `tsquery`, read through its `parts` in order, or (a leaf) by SIREN."""

    tsquery: str
    parts: tuple[Segment, ...] = ()


def count_matches(
    session: Session, tsqueries: Sequence[str], *, cap: int | None, excluded: Sequence[str]
) -> list[int]:
    """How many companies match each tsquery (at most `cap` + the excluded), less the
    excluded ones; one statement."""
    params: dict[str, object] = {"excluded": list(excluded)}
    columns = []
    for index, tsquery in enumerate(tsqueries):
        name = f"q{index}"
        params[name] = tsquery
        limit = ""
        if cap is not None:
            limit = " LIMIT :cap"
            params["cap"] = cap + len(excluded)
        matching = MATCHES.format(name=name)
        column = f"(SELECT count(*) FROM (SELECT FROM company WHERE {matching}{limit}) AS s)"
        if excluded:
            column += (
                f" - (SELECT count(*) FROM company WHERE siren = ANY(:excluded) AND {matching})"
            )
        columns.append(column)
    row = session.execute(text("SELECT " + ", ".join(columns)), params).one()
    return [int(value) for value in row]


def page_sirens(
    session: Session,
    segments: Sequence[Segment],
    *,
    offset: int,
    limit: int,
    descending: bool,
    excluded: Sequence[str],
) -> list[str]:
    """The SIRENs of the page at `offset`: segments in order, leaves by SIREN."""
    counts = (
        count_matches(session, [s.tsquery for s in segments], cap=offset + limit, excluded=excluded)
        if len(segments) > 1
        else [offset + limit]  # a lone segment: the page is in it, however many it holds
    )
    sirens: list[str] = []
    for segment, count in zip(segments, counts, strict=True):
        if offset >= count:
            offset -= count
            continue
        wanted = limit - len(sirens)
        if segment.parts:
            sirens += page_sirens(
                session, segment.parts, offset=offset, limit=wanted, descending=descending,
                excluded=excluded,
            )  # fmt: skip
        else:
            sirens += _leaf(session, segment.tsquery, offset, wanted, descending, excluded)
        offset = 0
        if len(sirens) >= limit:
            break
    return sirens


def _leaf(
    session: Session,
    tsquery: str,
    offset: int,
    limit: int,
    descending: bool,
    excluded: Sequence[str],
) -> list[str]:
    keep = " AND NOT (siren = ANY(:excluded))" if excluded else ""
    order = "DESC" if descending else "ASC"
    statement = text(
        f"SELECT siren FROM company WHERE {MATCHES.format(name='q')}{keep} "
        f"ORDER BY siren {order} LIMIT :limit OFFSET :offset"
    )
    params = {"q": tsquery, "excluded": list(excluded), "limit": limit, "offset": offset}
    return list(session.execute(statement, params).scalars())
