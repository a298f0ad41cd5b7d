"""`add_to_list`: companies, or a whole search, added to an existing lead list."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import InvalidSiren, LeadRequestError, add_companies
from agent.tools.failures import refusal
from agent.tools.lead_items import list_change_result
from agent.tools.whole_sets import CONFIRM_HELP, QUERY_HELP, companies_to_add


class AddToListArgs(BaseModel):
    """Which list, and which companies."""

    list_name: str = Field(description="Name of an existing lead list")
    sirens: list[str] = Field(default_factory=list, description="SIRENs of the companies to add")
    query: dict[str, Any] | None = Field(None, description=QUERY_HELP)
    confirm: bool = Field(False, description=CONFIRM_HELP)


@tool("add_to_list", args_schema=AddToListArgs, response_format="content_and_artifact")
async def add_to_list(
    runtime: ToolRuntime[FilonContext],
    list_name: str,
    sirens: list[str] | None = None,
    query: dict[str, Any] | None = None,
    confirm: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Add companies (by SIREN), or every company of a search (query: the search result's
    query, for "add all 74"), to an existing lead list as new leads owned by the user.

    A company already in the list is not added twice; SIRENs of companies not in the store
    are skipped. More than 1,000 matches need the user's confirmation (confirm=true); more
    than 10,000 cannot be added. To start a new list, use create_lead_list.
    """
    if not sirens and query is None:
        raise ToolException(
            "give at least one SIREN to add (from search_companies), or the search's query"
        )
    context = runtime.context
    wanted, matched = await companies_to_add(context, sirens, query, confirm)
    try:
        change = await asyncio.to_thread(
            add_companies, context.engine, list_name=list_name, sirens=wanted, user=context.user
        )
    except (InvalidSiren, LeadRequestError) as error:  # unknown list, or not shared
        raise refusal(error) from error
    return list_change_result(change, asked_to_create=False, matched=matched)


add_to_list.handle_tool_error = True
