"""`export_csv`: a CSV file of a whole search's companies, of a list's leads, or of the people
of companies or of a list.

Column titles and labels follow the language the rep writes in (the agent's one detector,
`agent.llm.language`): French unless the rep plainly writes English.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import ExportArtifact
from agent.contacts import find_people, with_email
from agent.context import FilonContext
from agent.exports import MAX_COMPANIES, export_companies, export_leads, export_people
from agent.exports.service import MAX_PEOPLE_COMPANIES, PEOPLE_PER_COMPANY
from agent.leads import InvalidSiren, LeadRequestError, read_query
from agent.tools.failures import refusal
from agent.tools.find_decision_makers import parse_roles
from agent.tools.lines import data
from agent.tools.state import thread_language
from store.search.query import InvalidQuery

Stage = Literal["new", "mql", "sql", "won", "lost", "disqualified"]


class ExportCsvArgs(BaseModel):
    """What to export: a list's leads, or a search's companies."""

    list_name: str | None = Field(None, description="Export the leads of this lead list")
    query: dict[str, Any] | None = Field(
        None,
        description="Export every company matching this search query (not only the page "
        "shown): pass the `query` of the search_companies result as it is",
    )
    stage: Stage | None = Field(None, description="Only leads at this stage")
    mine: bool = Field(False, description="Only the user's own leads")
    owner: str | None = Field(
        None, description="Only the leads of this rep, e.g. bruno.petit (as list_leads shows)"
    )
    not_contacted_days: int | None = Field(
        None, ge=1, le=3650, description="Only leads not contacted for this many days (or never)"
    )
    people: bool = Field(
        False,
        description="Export people (decision-makers), not companies or leads: those of the "
        "companies in `sirens`, or of the list `list_name`, holding `roles`",
    )
    sirens: list[str] = Field(default_factory=list, description="With people: these companies")
    roles: list[str] = Field(
        default_factory=list,
        description="With people: roles as keys or titles (decision_makers, it, finance, DSI…)",
    )
    email: Literal["any", "verified"] | None = Field(
        None,
        description="With people: only those with an email ('any') or a verified one "
        "('verified'), as narrowed on screen",
    )


@tool("export_csv", args_schema=ExportCsvArgs, response_format="content_and_artifact")
async def export_csv(
    runtime: ToolRuntime[FilonContext],
    list_name: str | None = None,
    query: dict[str, Any] | None = None,
    stage: Stage | None = None,
    mine: bool = False,
    owner: str | None = None,
    not_contacted_days: int | None = None,
    people: bool = False,
    sirens: list[str] | None = None,
    roles: list[str] | None = None,
    email: Literal["any", "verified"] | None = None,
) -> tuple[str, dict[str, Any]]:
    """Write a CSV file (for Excel) of every company matching a search (query: the search
    result's query; up to 10,000) or of leads: a list's (list_name), optionally only one
    stage, the user's own (mine=true) or one rep's (owner; without list_name: across every
    list). Leads come
    with their company and main contact (opted-out contacts' email and phone left out).
    With people=true: the people of companies (sirens) or of a list (list_name) holding the
    roles, one row each with their email's status and source (opted-out people left out).
    Returns where the file is.
    """
    context = runtime.context
    if people:
        return await _export_people(runtime, sirens or [], list_name, roles or [], email)
    if query is not None and (list_name or stage or mine or owner or not_contacted_days):
        raise ToolException(
            "give either query (a search's companies) or list_name/stage/mine/owner (leads), "
            "not both"
        )
    if query is None and not (list_name or stage or mine or owner):
        raise ToolException(
            "say what to export: list_name (a list's leads), mine=true (the user's leads), "
            "owner (a rep's leads) or query (a search's companies)"
        )
    if mine and owner is not None and owner.strip().lower() != context.user:
        raise ToolException(
            f"mine=true means the user's own leads ({context.user}): drop owner, or drop mine"
        )
    language = thread_language(runtime.state)
    home = context.settings.home
    try:
        if query is not None:
            artifact = await export_companies(
                context.engine, read_query(query), home=home, language=language, today=context.today
            )
        else:
            artifact = await asyncio.to_thread(
                export_leads,
                context.engine,
                home=home,
                language=language,
                user=context.user,
                list_name=list_name,
                stage=stage,
                owner=context.user if mine else owner,
                today=context.today,
                not_contacted_days=not_contacted_days,
            )
    except (InvalidQuery, LeadRequestError) as error:  # unknown list, or not shared
        raise refusal(error) from error
    return _content(artifact), artifact.model_dump(mode="json")


export_csv.handle_tool_error = True


async def _export_people(
    runtime: ToolRuntime[FilonContext],
    sirens: list[str],
    list_name: str | None,
    roles: list[str],
    email: Literal["any", "verified"] | None = None,
) -> tuple[str, dict[str, Any]]:
    context = runtime.context
    if bool(sirens) == bool(list_name):
        raise ToolException("with people=true, give either sirens or list_name")
    try:
        found = await find_people(
            context.engine,
            context.companies,
            sirens=sirens,
            list_name=list_name,
            roles=parse_roles(roles),
            user=context.user,
            max_companies=MAX_PEOPLE_COMPANIES,
            per_company=PEOPLE_PER_COMPANY,
        )
    except (InvalidSiren, LeadRequestError) as error:
        raise refusal(error) from error
    if email is not None:
        found = with_email(found, verified=email == "verified")
    artifact = export_people(
        found,
        home=context.settings.home,
        language=thread_language(runtime.state),
        today=context.today,
    )
    return _content(artifact), artifact.model_dump(mode="json")


def _content(artifact: ExportArtifact) -> str:
    what = artifact.what
    text = f"Wrote {artifact.rows} {what} to {data(artifact.file_name)} (in {data(artifact.path)})."
    if artifact.truncated:
        text += f" Only the first {artifact.limit or MAX_COMPANIES} were exported: narrow the search for the rest."
    return text
