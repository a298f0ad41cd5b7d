"""`opt_out`: put a person, a domain or a company on the suppression list (RGPD objection):
"ne plus contacter jean@acme.fr", "Verilia ne veut plus être démarchée"."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import OptOutArtifact, SuppressionItem, SuppressionListArtifact
from agent.contacts.objection import (
    NoOneNamed,
    SeveralPeopleNamed,
    company_named,
    object_by_name,
)
from agent.contacts.optout import (
    BadOptOut,
    NoEmail,
    OptOutChange,
    SeveralCompanies,
    UnknownContact,
    add,
    add_person,
    company_name,
    entries,
)
from agent.context import FilonContext
from agent.tools.failures import refusal
from agent.tools.lines import data


class OptOutArgs(BaseModel):
    """Who must not be contacted any more: exactly one of value, name, company or contact_id."""

    value: str | None = Field(
        None, description="An email (jean@acme.fr), a whole domain (acme.fr) or a SIREN/SIRET"
    )
    name: str | None = Field(
        None,
        description="A name as the user said it ('Pierre-Yves Sanchez ne veut plus être "
        "contacté'): a contact of that whole name first (never a company when a person bears "
        "it), else the company of exactly that name",
    )
    company: str | None = Field(
        None, description="A company's name, when the user says it is the company: all of it"
    )
    contact_id: int | None = Field(
        None, description="A person shown by find_decision_makers or get_company (their id)"
    )
    reason: str | None = Field(None, description="Why, as the rep said it")
    show: bool = Field(
        False, description="Show the suppression list instead of adding to it (nothing else given)"
    )


@tool("opt_out", args_schema=OptOutArgs, response_format="content_and_artifact")
async def opt_out(
    runtime: ToolRuntime[FilonContext],
    value: str | None = None,
    name: str | None = None,
    company: str | None = None,
    contact_id: int | None = None,
    reason: str | None = None,
    show: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Never contact a person, a domain or a company again (the RGPD objection): they go on
    the suppression list and are never shown, exported, enriched or synced afterwards. Use it
    when the rep says someone asked not to be contacted ("ne plus contacter …"). With
    show=true, the list itself, latest entries first ("montre la liste d'opposition"). A
    person named ("Pierre-Yves Sanchez ne veut plus être contacté") goes as name: several
    people of that name are listed back with their contact_id, to ask the user which one."""
    if show:
        return await _show(runtime.context)
    given = [value, name, company, contact_id]
    if [item is not None for item in given].count(True) != 1:
        raise ToolException("give exactly one of value, name, company or contact_id")
    context = runtime.context
    person: str | None = None
    try:
        if name is not None:
            objection = await object_by_name(
                context.engine, context.companies, name, user=context.user, reason=reason
            )
            return _added(objection.change, objection.name, reason)
        if company is not None:  # a whole company goes on the list only when named exactly
            value, person = await company_named(context.engine, context.companies, company)
    except (NoOneNamed, SeveralPeopleNamed, SeveralCompanies) as error:
        raise refusal(error) from error
    except NoEmail as error:
        return _marked(error, reason)
    try:
        if contact_id is not None:
            change, person = await asyncio.to_thread(
                add_person, context.engine, contact_id, user=context.user, reason=reason
            )
        else:
            assert value is not None
            change = await asyncio.to_thread(
                add, context.engine, value, user=context.user, reason=reason
            )
            if person is None:
                person = await asyncio.to_thread(company_name, context.engine, change.value)
    except BadOptOut as error:
        raise refusal(error) from error
    except NoEmail as error:
        return _marked(error, reason)
    except UnknownContact as error:  # an id the model made up, or a contact purged since
        raise refusal(error) from error
    return _added(change, person, reason)


opt_out.handle_tool_error = True


def _marked(error: NoEmail, reason: str | None) -> tuple[str, dict[str, Any]]:
    """A person without an email: marked opted out (never shown nor contacted), no entry."""
    marked = OptOutArtifact(entry="person", value=error.name, name=error.name, contacts=1,
                            reason=reason)  # fmt: skip
    content = (
        f"{data(error.name)} is marked as having objected: never shown nor contacted "
        "(no email known, so no suppression-list entry)."
    )
    return content, marked.model_dump(mode="json")


def _added(
    change: OptOutChange, person: str | None, reason: str | None
) -> tuple[str, dict[str, Any]]:
    """What went on the list, for the model and for UIs."""
    artifact = OptOutArtifact(
        entry=change.kind.value,
        value=change.value,
        name=person,
        added=change.changed,
        contacts=change.contacts,
        reason=reason,
    )
    state = "added to" if change.changed else "already on"
    content = (
        f"{data(change.value)} ({change.kind.value}) {state} the suppression list; "
        f"{change.contacts} contacts newly marked opted out. Never contact them."
    )
    return content, artifact.model_dump(mode="json")


SHOWN = 50  # entries described to the model (the artifact holds as many)


async def _show(context: FilonContext) -> tuple[str, dict[str, Any]]:
    found = await asyncio.to_thread(entries, context.engine)
    artifact = SuppressionListArtifact(
        total=len(found),
        entries=[
            SuppressionItem(
                entry=entry.kind.value,
                value=entry.value,
                reason=entry.reason,
                added_by=entry.added_by,
                added_at=entry.added_at,
            )
            for entry in found[:500]
        ],
    )
    lines = [f"{artifact.total} entries on the suppression list (never contact them):"]
    lines += [
        f"- {item.entry} {data(item.value)}"
        + (f" ({data(item.reason)})" if item.reason else "")
        + f", by {data(item.added_by)} on {item.added_at.date().isoformat()}"
        for item in artifact.entries[:SHOWN]
    ]
    return "\n".join(lines), artifact.model_dump(mode="json")
