"""`list_leads`: the leads of a list, or of every list, by stage and owner."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import LeadsArtifact
from agent.context import FilonContext
from agent.leads import UnknownList
from agent.leads import list_leads as browse_leads
from agent.tools.lead_items import lead_item, list_info
from agent.tools.lines import data, lead_line, numbered

Stage = Literal["new", "mql", "sql", "won", "lost", "disqualified"]


class ListLeadsArgs(BaseModel):
    """Filters on leads; leave one out to mean any."""

    list_name: str | None = Field(None, description="Name of a lead list; omit for every list")
    stage: Stage | None = Field(None, description="Only leads at this stage")
    owner: str | None = Field(None, description="Only leads owned by this rep, e.g. alice.martin")
    limit: int = Field(20, ge=1, le=200, description="How many leads to return")


@tool("list_leads", args_schema=ListLeadsArgs, response_format="content_and_artifact")
async def list_leads(
    runtime: ToolRuntime[FilonContext],
    list_name: str | None = None,
    stage: Stage | None = None,
    owner: str | None = None,
    limit: int = 20,
) -> tuple[str, dict[str, Any]]:
    """Show leads, best score first: of one lead list or of all lists, optionally only those
    at a stage (new, mql, sql, won, lost, disqualified) or owned by one rep.
    """
    context = runtime.context
    try:
        page = await asyncio.to_thread(
            browse_leads,
            context.engine,
            list_name=list_name,
            stage=stage,
            owner=owner,
            limit=limit,
            user=context.user,
        )
    except UnknownList as error:
        raise ToolException(str(error)) from error
    items = [lead_item(row) for row in page.leads]
    artifact = LeadsArtifact(
        list=list_info(page.lead_list) if page.lead_list else None,
        stage=page.stage.value if page.stage else None,
        owner=owner,
        total=page.total,
        leads=items,
    )
    scope = [f"list “{data(page.lead_list.name)}”" if page.lead_list else "all lists"]
    scope += [f"stage {stage}"] if stage else []
    scope += [f"owner {data(owner)}"] if owner else []
    if not items:
        content = f"No lead matches ({', '.join(scope)})."
    else:
        content = f"{page.total} leads ({', '.join(scope)}), best score first:\n" + numbered(
            [lead_line(item) for item in items], page.total
        )
    return content, artifact.model_dump(mode="json")


list_leads.handle_tool_error = True
