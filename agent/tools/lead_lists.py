"""`lead_lists`: the lead lists (the user's, one rep's or everyone's) with their counts."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import LeadListsArtifact, ListSummary
from agent.context import FilonContext
from agent.leads import LeadRequestError, list_overview, resolve_owner
from agent.tools.failures import refusal
from agent.tools.lead_items import list_summary
from agent.tools.lines import data

SHOWN = 30


class LeadListsArgs(BaseModel):
    """Whose lists; every list by default."""

    mine: bool = Field(False, description="Only the user's own lists ('mes listes')")
    owner: str | None = Field(
        None, description="Only this rep's lists: a login (alice.martin) or a first name"
    )


@tool("lead_lists", args_schema=LeadListsArgs, response_format="content_and_artifact")
async def lead_lists(
    runtime: ToolRuntime[FilonContext], mine: bool = False, owner: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Show the lead lists with how many leads each holds, in all and per stage (new, mql,
    sql, won, lost, disqualified), its owner and its last activity: "mes listes", "combien de
    leads dans la liste X ?", "combien de SQL dans ESN Lyon ?".
    """
    context = runtime.context
    if mine:
        if owner is not None and owner.strip().lower() != context.user:
            raise ToolException(
                f"mine=true means the user's own lists ({context.user}): drop owner, or drop mine"
            )
        owner = context.user
    try:
        if owner is not None:  # "David" or "david.roux": the login
            owner = await asyncio.to_thread(resolve_owner, context.engine, owner)
    except LeadRequestError as error:
        raise refusal(error) from error
    found = await asyncio.to_thread(list_overview, context.engine, owner=owner, user=context.user)
    artifact = LeadListsArtifact(owner=owner, lists=[list_summary(item) for item in found])
    return _content(artifact), artifact.model_dump(mode="json")


lead_lists.handle_tool_error = True


def _content(artifact: LeadListsArtifact) -> str:
    whose = f" of {data(artifact.owner)}" if artifact.owner else ""
    if not artifact.lists:
        return f"No lead list{whose} yet (create one with create_lead_list)."
    lines = [f"{len(artifact.lists)} lead lists{whose}:"]
    lines += [_line(item) for item in artifact.lists[:SHOWN]]
    if len(artifact.lists) > SHOWN:
        lines.append(f"… {len(artifact.lists)} lists in all")
    return "\n".join(lines)


def _line(item: ListSummary) -> str:
    stages = ", ".join(f"{stage} {count}" for stage, count in item.stages.items() if count)
    owner = data(item.list.owner) or "no owner"
    return f"- “{data(item.list.name)}” ({owner}): {item.leads} leads" + (
        f" — {stages}" if stages else ""
    )
