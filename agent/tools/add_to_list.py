"""`add_to_list`: companies added to an existing lead list."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.leads import InvalidSiren, UnknownList, add_companies
from agent.tools.lead_items import list_change_result


class AddToListArgs(BaseModel):
    """Which list, and which companies."""

    list_name: str = Field(description="Name of an existing lead list")
    sirens: list[str] = Field(description="SIRENs of the companies to add")


@tool("add_to_list", args_schema=AddToListArgs, response_format="content_and_artifact")
async def add_to_list(
    runtime: ToolRuntime[FilonContext], list_name: str, sirens: list[str]
) -> tuple[str, dict[str, Any]]:
    """Add companies (by SIREN) to an existing lead list as new leads owned by the user.

    A company already in the list is not added twice; SIRENs of companies not in the store
    are skipped. To start a new list, use create_lead_list.
    """
    if not sirens:
        raise ToolException("give at least one SIREN to add (from search_companies)")
    context = runtime.context
    try:
        change = await asyncio.to_thread(
            add_companies, context.engine, list_name=list_name, sirens=sirens, user=context.user
        )
    except (InvalidSiren, UnknownList) as error:
        raise ToolException(str(error)) from error
    return list_change_result(change, asked_to_create=False)


add_to_list.handle_tool_error = True
