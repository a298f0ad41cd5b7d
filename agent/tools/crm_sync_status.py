"""`crm_sync_status`: where the CRM sync stands — sends per CRM and state, and the sends that
went wrong with the CRM's words. Read only, apart from `push_to_crm`, so that asking "what
failed?" can never send anything."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import CrmStatusArtifact
from agent.context import FilonContext
from agent.crm.status import sync_status
from agent.tools.lines import data, numbered
from agent.tools.push_to_crm import Crm


class CrmSyncStatusArgs(BaseModel):
    """Every CRM the user's leads (a manager: the team's) were queued for, or one."""

    crm: Crm | None = Field(None, description="Only this CRM ('what failed in HubSpot?')")


@tool("crm_sync_status", args_schema=CrmSyncStatusArgs, response_format="content_and_artifact")
async def crm_sync_status(
    runtime: ToolRuntime[FilonContext], crm: Crm | None = None
) -> tuple[str, dict[str, Any]]:
    """Show where the CRM sync stands ("où en est la synchro CRM ?", "what failed in the CRM
    sync?"): for the user's leads (a manager: the team's), how many sends are queued, sent,
    refused (dead) or skipped per CRM, which CRM lacks its keys, and each send that went wrong
    with the CRM's own message. Sends nothing: to send or retry, use push_to_crm.
    """
    context = runtime.context
    status = await asyncio.to_thread(
        sync_status,
        context.engine,
        context.settings,
        user=context.user,
        role=context.role,
        crm=crm,
    )
    return _content(status), status.model_dump(mode="json")


def _content(status: CrmStatusArtifact) -> str:
    whose = "the team's leads" if status.team else "the user's leads"
    lines = [f"CRM sync of {whose}; the team sends SQLs to {', '.join(status.targets)}."]
    if not any(c.pending + c.sent + c.dead + c.skipped for c in status.crms):
        lines.append("No lead was ever queued for a CRM.")
    for crm in status.crms:
        line = (
            f"- {crm.crm}: {crm.pending} queued, {crm.sent} sent, {crm.dead} refused (dead), "
            f"{crm.skipped} not sent (company opted out)"
        )
        if crm.missing_keys:
            line += f"; not configured: set {', '.join(crm.missing_keys)}"
        lines.append(line)
    if status.troubles:
        lines.append(f"Sends that went wrong ({status.troubles_total}), with the CRM's words:")
        shown = [
            f"{data(lead.name)} ({lead.siren}), list “{data(lead.list_name)}” → {lead.crm}: "
            f"{lead.outcome}: {data(lead.error)}"
            for lead in status.troubles
        ]
        lines.append(numbered(shown, status.troubles_total))
        lines.append(
            "A refused send goes again once the cause is fixed: push the lead again "
            "(push_to_crm), or run `filon sync --retry-dead`."
        )
    return "\n".join(lines)
