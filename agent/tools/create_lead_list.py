"""`create_lead_list`: a new lead list of the user's, filled with companies or a whole search."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import InvalidSiren, create_list
from agent.tools.failures import refusal
from agent.tools.lead_items import list_change_result
from agent.tools.whole_sets import CONFIRM_HELP, QUERY_HELP, companies_to_add


class CreateLeadListArgs(BaseModel):
    """A list name and the companies to put in it."""

    name: str = Field(description="Name of the list, e.g. 'ESN Lyon 50-200'")
    sirens: list[str] = Field(default_factory=list, description="SIRENs of companies to add")
    description: str | None = Field(None, description="What the list is for")
    query: dict[str, Any] | None = Field(None, description=QUERY_HELP)
    confirm: bool = Field(False, description=CONFIRM_HELP)


@tool("create_lead_list", args_schema=CreateLeadListArgs, response_format="content_and_artifact")
async def create_lead_list(
    runtime: ToolRuntime[FilonContext],
    name: str,
    sirens: list[str] | None = None,
    description: str | None = None,
    query: dict[str, Any] | None = None,
    confirm: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Create a lead list owned by the user, with these companies (by SIREN) as new leads, or
    with every company of a search (query: the search result's query, for "add all 74").

    If the user already has a list with that name, the companies are added to it instead.
    SIRENs of companies not in the store are skipped: find them with search_companies first.
    More than 1,000 matches need the user's confirmation (confirm=true); more than 10,000
    cannot be added (narrow the search).
    """
    if not name.strip():
        raise ToolException("the list needs a name")
    context = runtime.context
    wanted, matched = await companies_to_add(context, sirens, query, confirm)
    try:
        change = await asyncio.to_thread(
            create_list,
            context.engine,
            name=name,
            owner=context.user,
            sirens=wanted,
            description=description,
        )
    except InvalidSiren as error:
        raise refusal(error) from error
    return list_change_result(change, asked_to_create=True, matched=matched)


create_lead_list.handle_tool_error = True
