"""`assign_lead_list`: a lead list and its leads given to another rep."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import LeadRequestError, assign_list
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.list_changes import change_result


class AssignLeadListArgs(BaseModel):
    """The list and the rep it goes to."""

    list_name: str = Field(description="Name of the lead list")
    owner: str = Field(
        description="The rep who will own it: a login (bruno.petit) or a first name (Bruno)"
    )


@tool("assign_lead_list", args_schema=AssignLeadListArgs, response_format="content_and_artifact")
async def assign_lead_list(
    runtime: ToolRuntime[FilonContext], list_name: str, owner: str
) -> tuple[str, dict[str, Any]]:
    """Give a lead list and all its leads to another rep (a login, or the first name of a rep
    who owns leads): the list becomes theirs and every lead in it is owned by them. Refused
    when they already have a list of that name.
    """
    context = runtime.context
    try:
        update = await asyncio.to_thread(
            assign_list,
            context.engine,
            name=list_name,
            owner=owner,
            user=context.user,
            role=context.role,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    content = (
        f"The lead list “{data(update.lead_list.name)}” and its {update.leads} leads now belong "
        f"to {data(update.lead_list.owner)} (before: {data(update.previous_owner) or 'no owner'})."
    )
    return change_result(update, "assigned", content)


assign_lead_list.handle_tool_error = True
