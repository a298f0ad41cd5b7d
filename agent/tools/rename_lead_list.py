"""`rename_lead_list`: a lead list renamed (a name the owner already uses is refused)."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import LeadRequestError, rename_list
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.list_changes import change_result


class RenameLeadListArgs(BaseModel):
    """The list and its new name."""

    list_name: str = Field(description="Current name of the lead list")
    new_name: str = Field(description="The new name")


@tool("rename_lead_list", args_schema=RenameLeadListArgs, response_format="content_and_artifact")
async def rename_lead_list(
    runtime: ToolRuntime[FilonContext], list_name: str, new_name: str
) -> tuple[str, dict[str, Any]]:
    """Rename a lead list (the user's own, or, for a manager, a rep's). Its leads stay as they
    are. Refused when the owner already has another list with the new name.
    """
    context = runtime.context
    try:
        update = await asyncio.to_thread(
            rename_list,
            context.engine,
            name=list_name,
            new_name=new_name,
            user=context.user,
            role=context.role,
        )
    except (LeadRequestError, ValueError) as error:
        raise refusal(error) from error
    content = (
        f"Renamed the lead list “{data(update.previous_name)}” to “{data(update.lead_list.name)}” "
        f"({update.leads} leads, owner {data(update.lead_list.owner) or 'none'})."
    )
    return change_result(update, "renamed", content)


rename_lead_list.handle_tool_error = True
