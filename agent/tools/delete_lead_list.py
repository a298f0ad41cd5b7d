"""`delete_lead_list`: a lead list and its leads deleted, once the user has confirmed."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import LeadRequestError, delete_list
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.list_changes import change_result


class DeleteLeadListArgs(BaseModel):
    """The list, and the user's confirmation."""

    list_name: str = Field(description="Name of the lead list to delete")
    confirm: bool = Field(
        False,
        description="true only once the user has confirmed deleting the list and its leads",
    )


@tool("delete_lead_list", args_schema=DeleteLeadListArgs, response_format="content_and_artifact")
async def delete_lead_list(
    runtime: ToolRuntime[FilonContext], list_name: str, confirm: bool = False
) -> tuple[str, dict[str, Any]]:
    """Delete a lead list and all its leads, for good. First call it without confirm: it
    deletes nothing and says how many leads would go; ask the user, and call again with
    confirm=true only once they have said yes.
    """
    context = runtime.context
    try:
        update = await asyncio.to_thread(
            delete_list,
            context.engine,
            name=list_name,
            user=context.user,
            role=context.role,
            confirm=confirm,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    content = f"Deleted the lead list “{data(update.lead_list.name)}” and its {update.leads} leads."
    return change_result(update, "deleted", content)


delete_lead_list.handle_tool_error = True
