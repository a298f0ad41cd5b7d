"""Every company of the local store matching a search, not just the page on screen.

"Ajoute les 74 à une liste" means the 74 the search found: the query the search ran (the
`query` of its artifact) is run again on the local store, read the same way (the search
service: name first, words set aside), page after page, whatever its own `limit` and `offset`.
Above `CONFIRM_ABOVE` matches the caller must confirm (`ManyNotConfirmed` until then); above
`MAX_MATCHES` the search must be narrowed (`TooManyMatches`), and so when the search stopped
counting ("plus de 10 000": `UncountedMatches`), since then nobody knows how many match. A search the public API answered
may find fewer companies here: only companies the store holds can become leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from agent.leads.errors import ManyNotConfirmed, TooManyMatches, UncountedMatches
from agent.search.local import LocalSource
from agent.search.readings import find_companies
from store.models import Company
from store.search.query import CompanyQuery, InvalidQuery

CONFIRM_ABOVE = 1_000
MAX_MATCHES = 10_000
PAGE = 1_000  # the most a CompanyQuery may ask for at once


@dataclass(frozen=True, slots=True)
class Matches:
    """The companies matching a query, in the search's order, and how many match in all."""

    total: int
    companies: list[Company]
    truncated: bool = False

    @property
    def sirens(self) -> list[str]:
        """The companies' SIRENs, in order."""
        return [company.siren for company in self.companies]


def read_query(value: dict[str, Any] | CompanyQuery) -> CompanyQuery:
    """A search's query from its JSON (a search artifact's `query`); raises `InvalidQuery`."""
    if isinstance(value, CompanyQuery):
        query = value
    else:
        try:
            query = CompanyQuery.model_validate(value)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            raise InvalidQuery(f"bad query: {where}: {message}" if where else message) from error
    if query.is_empty:
        raise InvalidQuery("the query is empty: give some text or at least one filter")
    return query


async def all_matches(
    engine: Engine,
    query: CompanyQuery,
    *,
    confirm: bool = False,
    ask_confirmation: bool = True,
    limit: int | None = None,
    refuse_above_limit: bool = True,
) -> Matches:
    """Every company of the store matching `query`, in the search's order.

    More than `CONFIRM_ABOVE` without `confirm` (when `ask_confirmation`): `ManyNotConfirmed`.
    More than `limit` (default `MAX_MATCHES`), or more than the search counts:
    `TooManyMatches` (`UncountedMatches`), or (not `refuse_above_limit`) the first `limit`,
    `truncated`.
    """
    cap = MAX_MATCHES if limit is None else limit
    source = LocalSource(engine)
    first = await find_companies(source, query.model_copy(update={"limit": 1, "offset": 0}))
    total = first.total
    uncounted = first.total_is_lower_bound
    if refuse_above_limit and uncounted:
        raise UncountedMatches(total, cap)
    if refuse_above_limit and total > cap:
        raise TooManyMatches(total, cap)
    if ask_confirmation and total > CONFIRM_ABOVE and not confirm:
        raise ManyNotConfirmed(total, CONFIRM_ABOVE)
    wanted = min(total, cap)
    companies: dict[str, Company] = {}
    offset = 0
    while len(companies) < wanted:
        page_query = query.model_copy(update={"limit": PAGE, "offset": offset})
        page = await find_companies(source, page_query)
        if not page.companies:
            break
        for company in page.companies:
            companies.setdefault(company.siren, company)
        offset += len(page.companies)
    kept = list(companies.values())[:wanted]
    return Matches(total=total, companies=kept, truncated=uncounted or total > len(kept))
