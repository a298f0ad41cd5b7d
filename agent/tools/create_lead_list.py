"""`create_lead_list`: a new lead list of the user's, optionally filled with companies."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import InvalidSiren, create_list
from agent.tools.lead_items import list_change_result


class CreateLeadListArgs(BaseModel):
    """A list name and the companies to put in it."""

    name: str = Field(description="Name of the list, e.g. 'ESN Lyon 50-200'")
    sirens: list[str] = Field(default_factory=list, description="SIRENs of companies to add")
    description: str | None = Field(None, description="What the list is for")


@tool("create_lead_list", args_schema=CreateLeadListArgs, response_format="content_and_artifact")
async def create_lead_list(
    runtime: ToolRuntime[FilonContext],
    name: str,
    sirens: list[str] | None = None,
    description: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Create a lead list owned by the user, with these companies (by SIREN) as new leads.

    If the user already has a list with that name, the companies are added to it instead.
    SIRENs of companies not in the store are skipped: find them with search_companies first.
    """
    if not name.strip():
        raise ToolException("the list needs a name")
    context = runtime.context
    try:
        change = await asyncio.to_thread(
            create_list,
            context.engine,
            name=name,
            owner=context.user,
            sirens=sirens or [],
            description=description,
        )
    except InvalidSiren as error:
        raise ToolException(str(error)) from error
    return list_change_result(change, asked_to_create=True)


create_lead_list.handle_tool_error = True
