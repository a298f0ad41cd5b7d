"""`set_lead_stage`: a lead moved to another stage, the change recorded with who, when and why."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import StageChangeArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError, set_stage
from agent.tools.failures import refusal
from agent.tools.lead_items import lead_item
from agent.tools.lines import data

Stage = Literal["new", "mql", "sql", "won", "lost", "disqualified"]


class SetLeadStageArgs(BaseModel):
    """The company's lead, its new stage and, for lost or disqualified, why."""

    siren: str = Field(description="SIREN (or SIRET) of the lead's company")
    stage: Stage = Field(description="The new stage")
    list_name: str | None = Field(
        None, description="The lead's list, when the company is in several lists"
    )
    reason: str | None = Field(
        None, description="Why (required for lost and disqualified), in the user's words"
    )


@tool("set_lead_stage", args_schema=SetLeadStageArgs, response_format="content_and_artifact")
async def set_lead_stage(
    runtime: ToolRuntime[FilonContext],
    siren: str,
    stage: Stage,
    list_name: str | None = None,
    reason: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Move a lead to another stage ("passe X en SQL", "marque X comme gagné"): the company's
    lead, by SIREN, in the user's own lists first. Recorded with who, when and why; the
    pipeline counts it from now on. lost and disqualified need a reason. When the company is
    in several lists, say which with list_name. A rep moves their own leads only; a manager,
    anyone's.
    """
    context = runtime.context
    try:
        change = await asyncio.to_thread(
            set_stage,
            context.engine,
            siren=siren,
            stage=stage,
            user=context.user,
            role=context.role,
            list_name=list_name,
            reason=reason,
            sync_to=context.settings.crm_targets,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    artifact = StageChangeArtifact(
        lead=lead_item(change.row),
        from_stage=change.from_stage.value,
        to_stage=change.to_stage.value,
        reason=change.reason,
        changed_by=change.changed_by,
        changed_at=change.changed_at,
    )
    lead = artifact.lead
    content = (
        f"Moved {data(lead.name)} ({lead.siren}) in “{data(lead.list_name)}” from "
        f"{artifact.from_stage} to {artifact.to_stage}"
        + (f" (reason: {data(artifact.reason)})" if artifact.reason else "")
        + f"; recorded for {data(artifact.changed_by)} at {artifact.changed_at:%Y-%m-%d %H:%M} UTC."
    )
    return content, artifact.model_dump(mode="json")


set_lead_stage.handle_tool_error = True
