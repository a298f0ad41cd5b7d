"""`stale_leads`: the open leads nobody moved or contacted for N days (14 by default), per rep,
the longest idle first — "quels leads dorment ?".

Not `list_leads`' "not contacted for N days": a stale lead is also one whose stage has not
moved, it is open (new, MQL, SQL) whatever its list, and the answer is counted per rep.
"""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import StaleLeadsArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.pipeline import stale_leads as stale_of
from agent.pipeline.stale import DEFAULT_DAYS
from agent.tools.failures import refusal
from agent.tools.lines import SHOWN, data
from agent.tools.pipeline_trends import now_on


class StaleLeadsArgs(BaseModel):
    """How long idle, and optionally one rep."""

    days: int = Field(DEFAULT_DAYS, ge=1, le=3650, description="Idle for this many days or more")
    owner: str | None = Field(None, description="Only this rep's leads, e.g. alice.martin")
    mine: bool = Field(False, description="Only the user's own leads ('mes leads qui dorment')")


@tool("stale_leads", args_schema=StaleLeadsArgs, response_format="content_and_artifact")
async def stale_leads(
    runtime: ToolRuntime[FilonContext],
    days: int = DEFAULT_DAYS,
    owner: str | None = None,
    mine: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Stale leads: open leads (new, MQL, SQL) with no stage change and no contact for `days`
    days or more (14 by default), counted per rep, the longest idle first. Use it for "quels
    leads dorment ?", "stale leads", "leads oubliés", "deals qui n'avancent pas".
    """
    context = runtime.context
    try:
        found = await asyncio.to_thread(
            stale_of,
            context.engine,
            now=now_on(context.today),
            days=days,
            owner=context.user if mine else owner,
            user=context.user,
        )
    except (ValueError, LeadRequestError) as error:
        raise refusal(error) from error
    return _content(found), found.model_dump(mode="json")


stale_leads.handle_tool_error = True


def _content(artifact: StaleLeadsArtifact) -> str:
    who = f" of {data(artifact.owner)}" if artifact.owner else ""
    lines = [
        f"{artifact.total} open leads{who} neither moved nor contacted for {artifact.days} days "
        f"or more (as of {artifact.today}).",
    ]
    if artifact.owners:
        lines.append(
            "Per rep: "
            + "; ".join(
                f"{data(o.owner) or '(none)'} {o.count} (oldest {o.oldest_idle_days} days)"
                for o in artifact.owners
            )
        )
    for lead in artifact.leads[:SHOWN]:
        contacted = lead.last_contacted_on or "never"
        lines.append(
            f"- {data(lead.name)} ({lead.siren}), {lead.stage}, {data(lead.owner) or '(none)'}: "
            f"idle {lead.idle_days} days, last moved {lead.last_moved}, last contacted {contacted}"
        )
    return "\n".join(lines)
