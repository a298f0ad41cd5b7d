"""The companies a lead-list tool adds: the SIRENs given, or every match of a search's query.

Shared by `create_lead_list` and `add_to_list`: either `sirens` or `query` (never both), a query
read again on the local store in full (`agent.leads.matches`), with its confirmation above
1,000 matches and its refusal above 10,000 or when the search stopped counting ("plus de
10 000").
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import ToolException

from agent.context import FilonContext
from agent.leads import ManyNotConfirmed, TooManyMatches, all_matches, read_query
from agent.tools.failures import refusal
from store.search.query import InvalidQuery

QUERY_HELP = (
    "Every company matching this search query is added (not only the page shown): pass the "
    "`query` of the search_companies result as it is. Give sirens or query, not both."
)
CONFIRM_HELP = (
    "Set true only after the user has confirmed adding that many companies (asked when more "
    "than 1,000 match)"
)


async def companies_to_add(
    context: FilonContext, sirens: list[str] | None, query: dict[str, Any] | None, confirm: bool
) -> tuple[list[str], int | None]:
    """(SIRENs to add, how many matched the query or None for given SIRENs)."""
    if sirens and query:
        raise ToolException(
            "give either sirens or query, not both: query adds every company of a search, "
            "sirens adds those companies only"
        )
    if query is None:
        return list(sirens or []), None
    try:
        matches = await all_matches(context.engine, read_query(query), confirm=confirm)
    except (InvalidQuery, ManyNotConfirmed, TooManyMatches) as error:
        raise refusal(error) from error
    return matches.sirens, matches.total
