"""`qualify_lead`: the BANT interview — record what the rep learnt, ask for what is missing one
question at a time, and move the lead to SQL (or disqualify it) on the rep's yes."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import QualificationArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.qualification.bant import Origin
from agent.qualification.card import lead_card, read_facts
from agent.qualification.facts import Criterion
from agent.qualification.qualify import qualify
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.state import last_human_id, thread_id, thread_language

CriterionName = Literal["budget", "authority", "need", "timing"]


class QualifyLeadArgs(BaseModel):
    """The lead, what the user learnt in their own words, and their answer to a proposal."""

    siren: str = Field(description="SIREN (or SIRET) of the lead's company")
    text: str = Field(
        "",
        max_length=4000,
        description="What the user learnt, verbatim (their whole message); empty to show the "
        "lead's BANT and ask the next question",
    )
    asked: CriterionName | None = Field(
        None, description="The criterion you just asked about, when the text answers it"
    )
    confirm: bool | None = Field(
        None, description="The user's yes (true) or no (false) to the stage you proposed"
    )
    list_name: str | None = Field(
        None, description="The lead's list, when the company is in several lists"
    )


@tool("qualify_lead", args_schema=QualifyLeadArgs, response_format="content_and_artifact")
async def qualify_lead(
    runtime: ToolRuntime[FilonContext],
    siren: str,
    text: str = "",
    asked: CriterionName | None = None,
    confirm: bool | None = None,
    list_name: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Qualify a lead with BANT (Budget, Authority, Need, Timing): pass the user's words as
    they said them ("budget 40 k€ validé par le DAF, ils veulent remplacer leur CRM avant
    juin"); what they say is recorded with who said it, and the result names what is still
    missing and the next question to ask them — ask it, one at a time. When all four are
    confirmed it proposes SQL (disqualified when one is against): ask the user, then call
    again with confirm=true (or false). Empty text shows the lead's BANT, stage history and
    questions for the next call with the prospect.
    """
    context = runtime.context
    language = thread_language(runtime.state)
    criterion = Criterion(asked) if asked else None
    facts = await read_facts(context.settings, text, asked=criterion, today=context.today)
    origin = Origin(
        said_by=context.user,
        source="chat",
        thread_id=thread_id(runtime.config),
        message_id=last_human_id(runtime.state),
    )
    try:
        done = await asyncio.to_thread(
            qualify,
            context.engine,
            siren=siren,
            facts=facts,
            text=text,
            origin=origin,
            role=context.role,
            list_name=list_name,
            confirm=confirm,
            language=language,
            sync_to=context.settings.crm_targets,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    artifact = await lead_card(
        context.settings, context.engine, done, language, today=context.today
    )
    return _content(artifact), artifact.model_dump(mode="json")


qualify_lead.handle_tool_error = True


def _content(artifact: QualificationArtifact) -> str:
    lead = artifact.lead
    lines = [data(f"Lead {lead.name} ({lead.siren}), list {lead.list_name}, stage {lead.stage}")]
    for item in artifact.bant:
        said = f" — {item.note}" if item.note else ""
        lines.append(data(f"{item.criterion}: {item.status}{said}"))
    if artifact.recorded:
        lines.append(f"Recorded now: {', '.join(artifact.recorded)}.")
    if artifact.promoted_to:
        lines.append(f"The lead moved to {artifact.promoted_to} (recorded).")
    elif artifact.proposal:
        lines.append(
            f"Propose moving it to {artifact.proposal}: ask the user, then call again with "
            "confirm=true or false."
        )
    elif artifact.asking:
        lines.append(f"Still missing: {', '.join(artifact.missing)}. Ask about {artifact.asking}.")
    if artifact.call_questions:
        lines.append("Questions for the next call: " + " | ".join(artifact.call_questions))
    return "\n".join(lines)
