"""`list_leads`: the leads of a list, or of every list, by stage, owner and last contact."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import LeadsArtifact
from agent.context import FilonContext
from agent.crm.status import lead_crm_statuses
from agent.leads import LeadRequestError
from agent.leads import list_leads as browse_leads
from agent.tools.failures import refusal
from agent.tools.lead_items import lead_item, list_info
from agent.tools.lines import data, lead_line, numbered

Stage = Literal["new", "mql", "sql", "won", "lost", "disqualified"]


class ListLeadsArgs(BaseModel):
    """Filters on leads; leave one out to mean any."""

    list_name: str | None = Field(None, description="Name of a lead list; omit for every list")
    stage: Stage | None = Field(None, description="Only leads at this stage")
    stages: list[Stage] = Field(
        default_factory=list,
        description="Only leads at any of these stages, counted per stage too "
        "('perdus et disqualifiés': [lost, disqualified]); instead of stage",
    )
    owner: str | None = Field(None, description="Only leads owned by this rep, e.g. alice.martin")
    mine: bool = Field(False, description="Only the current user's own leads ('mes leads')")
    not_contacted_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Only leads whose company was not contacted for this many days (or never)",
    )
    sort: Literal["score", "intent"] = Field(
        "score",
        description="score: best lead score first; intent: the highest intent (buying signals) "
        "first ('trie par intention')",
    )
    limit: int = Field(20, ge=1, le=200, description="How many leads to return")
    offset: int = Field(0, ge=0, description="Skip this many leads (next page: offset+limit)")


@tool("list_leads", args_schema=ListLeadsArgs, response_format="content_and_artifact")
async def list_leads(
    runtime: ToolRuntime[FilonContext],
    list_name: str | None = None,
    stage: Stage | None = None,
    stages: list[Stage] | None = None,
    owner: str | None = None,
    mine: bool = False,
    not_contacted_days: int | None = None,
    sort: Literal["score", "intent"] = "score",
    limit: int = 20,
    offset: int = 0,
) -> tuple[str, dict[str, Any]]:
    """Show leads, best score first (or the highest intent first with sort=intent): of one lead list or of all lists, optionally only those
    at a stage (new, mql, sql, won, lost, disqualified) or at any of several stages (stages:
    "lost and disqualified", with how many at each), owned by one rep (or, with mine=true, by
    the user: "mes leads"), or not contacted for N days. Says how many match in all; use
    offset to page. For how many leads each list holds per stage, use lead_lists.
    """
    context = runtime.context
    if mine:
        if owner is not None and owner.strip().lower() != context.user:
            raise ToolException(
                f"mine=true means the user's own leads ({context.user}): drop owner, or drop mine"
            )
        owner = context.user
    try:
        page = await asyncio.to_thread(
            browse_leads,
            context.engine,
            list_name=list_name,
            stage=stage,
            stages=stages or (),
            owner=owner,
            limit=limit,
            offset=offset,
            not_contacted_days=not_contacted_days,
            today=context.today,
            user=context.user,
            order=sort,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    ids = [row.lead.id for row in page.leads if row.lead.id is not None]
    statuses = await asyncio.to_thread(lead_crm_statuses, context.engine, ids)
    items = [lead_item(row, statuses.get(row.lead.id or 0)) for row in page.leads]
    artifact = LeadsArtifact(
        list=list_info(page.lead_list) if page.lead_list else None,
        stage=page.stage.value if page.stage else None,
        stages=[value.value for value in page.stages],
        by_stage=page.by_stage,
        owner=page.owner,
        not_contacted_days=not_contacted_days,
        sort=sort,
        total=page.total,
        offset=offset,
        leads=items,
    )
    return _content(artifact, page.lead_list.name if page.lead_list else None), artifact.model_dump(
        mode="json"
    )


list_leads.handle_tool_error = True


def _content(artifact: LeadsArtifact, list_name: str | None) -> str:
    scope = [f"list “{data(list_name)}”" if list_name else "all lists"]
    scope += [f"stage {artifact.stage}"] if artifact.stage else []
    if artifact.stages:
        counts = ", ".join(f"{stage} {count}" for stage, count in artifact.by_stage.items())
        scope.append(f"stages {' or '.join(artifact.stages)} ({counts})")
    scope += [f"owner {data(artifact.owner)}"] if artifact.owner else []
    if artifact.not_contacted_days is not None:
        scope.append(f"not contacted for {artifact.not_contacted_days} days or never")
    where = ", ".join(scope)
    items = artifact.leads
    if not items:
        if artifact.total:
            return f"No lead on this page: {artifact.total} leads match ({where}); offset too high."
        return f"No lead matches ({where})."
    first, last = artifact.offset + 1, artifact.offset + len(items)
    order = "highest intent first" if artifact.sort == "intent" else "best score first"
    lines = [
        f"{artifact.total} leads match ({where}), {order}; this page: {first}–{last}:",
        numbered([lead_line(item) for item in items], len(items)),
    ]
    if artifact.total > last:
        lines.append(f"Next page: the same call with offset={last}.")
    return "\n".join(lines)
