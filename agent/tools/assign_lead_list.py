"""`assign_lead_list`: a lead list given to another rep with its owner's leads (or, confirmed,
with every lead), or given back."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import LeadTransfer, ListChangeArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError, ListAssignment, assign_list
from agent.tools.failures import refusal
from agent.tools.lead_items import list_info
from agent.tools.lines import data


class AssignLeadListArgs(BaseModel):
    """The list, the rep it goes to, and whether every lead goes with it."""

    list_name: str = Field(description="Name of the lead list")
    owner: str = Field(
        description="The rep who will own it: a login (bruno.petit) or a first name (Bruno)"
    )
    all_leads: bool = Field(
        False,
        description="Give every lead of the list, teammates' too — only when the user says so "
        "('avec tous ses leads', 'with all its leads')",
    )
    confirm: bool = Field(
        False, description="The user confirmed taking teammates' leads (after being asked)"
    )


@tool("assign_lead_list", args_schema=AssignLeadListArgs, response_format="content_and_artifact")
async def assign_lead_list(
    runtime: ToolRuntime[FilonContext],
    list_name: str,
    owner: str,
    all_leads: bool = False,
    confirm: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Give a lead list to another rep (a login, or the first name of a rep who owns leads):
    the list becomes theirs with the leads its previous owner held in it; teammates' leads in
    it stay theirs (the result says how many, with whom). With all_leads=true every lead goes,
    which is asked to be confirmed first when teammates' leads are in it (call again with
    confirm=true once the user said yes). Giving a list back to whom it came from ("rends-la à
    Bruno") returns exactly the leads that moved, each to whoever held it. Refused when they
    already have a list of that name.
    """
    context = runtime.context
    try:
        assignment = await asyncio.to_thread(
            assign_list,
            context.engine,
            name=list_name,
            owner=owner,
            user=context.user,
            role=context.role,
            every_lead=all_leads,
            confirm=confirm,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    artifact = assignment_artifact(assignment)
    return _content(artifact), artifact.model_dump(mode="json")


assign_lead_list.handle_tool_error = True


def assignment_artifact(assignment: ListAssignment) -> ListChangeArtifact:
    """What a reassignment did, for UIs."""
    return ListChangeArtifact(
        action="assigned",
        list=list_info(assignment.lead_list),
        previous_name=assignment.lead_list.name,
        previous_owner=assignment.previous_owner,
        leads=assignment.leads,
        transfers=[
            LeadTransfer(from_owner=move.from_owner, to_owner=move.to_owner, leads=move.leads)
            for move in assignment.transfers
        ],
        kept={owner or "": count for owner, count in assignment.kept.items()},
        every_lead=assignment.every_lead,
        given_back=assignment.given_back,
    )


def _content(artifact: ListChangeArtifact) -> str:
    lines = [
        f"The lead list “{data(artifact.list.name)}” now belongs to "
        f"{data(artifact.list.owner)} (before: {data(artifact.previous_owner) or 'no owner'}); "
        f"{artifact.leads} leads moved"
        + (" back to whoever held them before" if artifact.given_back else "")
        + ":"
    ]
    lines += [
        f"- {move.leads} from {data(move.from_owner) or 'no owner'} to "
        f"{data(move.to_owner) or 'no owner'}"
        for move in artifact.transfers
    ]
    if artifact.kept:
        kept = ", ".join(f"{data(who) or 'no owner'} {n}" for who, n in artifact.kept.items())
        lines.append(
            f"Leads of the list that stayed with their owners: {kept}. Say so; with "
            "all_leads=true they would go too (the user confirms)."
        )
    return "\n".join(lines)
