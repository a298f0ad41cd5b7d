"""`get_company`: one company with its contacts, signals, leads and engagement."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import (
    CompanyArtifact,
    EngagementSummary,
)
from agent.companies import CompanyNotFound, CompanyProfile, load_profile
from agent.context import FilonContext
from agent.http import OutsideApiError
from agent.leads import InvalidSiren
from agent.signals.scores import intents, weights_in_force
from agent.tools.contact_items import contact_item, contact_line
from agent.tools.failures import refusal
from agent.tools.lead_items import lead_item
from agent.tools.lines import company_line, data
from agent.tools.signal_items import intent_item, signal_item
from store.models import CompanyPublic

SHOWN = 5


class GetCompanyArgs(BaseModel):
    """A SIREN/SIRET or a name; one of the two."""

    siren: str | None = Field(None, description="SIREN (9 digits) or SIRET (14), spaces allowed")
    name: str | None = Field(None, description="Company name, when the SIREN is not known")


@tool("get_company", args_schema=GetCompanyArgs, response_format="content_and_artifact")
async def get_company(
    runtime: ToolRuntime[FilonContext], siren: str | None = None, name: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Show one company in detail: identity, activity, size, place, its contacts (with email
    status), recent buying signals, the lead lists it is in and its engagement.

    Give its SIREN or SIRET when you know it (from search_companies); otherwise its name,
    and the best match in the store is shown.
    """
    if not (siren and siren.strip()) and not (name and name.strip()):
        raise ToolException("give the company's siren (or SIRET) or its name")
    context = runtime.context
    try:
        profile = await load_profile(
            context.engine, context.companies, siren=siren, name=name, user=context.user
        )
    except (InvalidSiren, CompanyNotFound) as error:
        raise refusal(error, hint=". Use search_companies to find the company.") from error
    except OutsideApiError as error:
        raise ToolException(f"the company source could not answer: {error}") from error
    artifact = _artifact(profile)
    siren_of = artifact.company.siren
    weights = weights_in_force(context.settings)
    scored = await asyncio.to_thread(
        intents, context.engine, [siren_of], weights, today=context.today
    )
    artifact.intent = intent_item(scored.get(siren_of), context.today)
    return _content(artifact), artifact.model_dump(mode="json")


get_company.handle_tool_error = True


def _artifact(profile: CompanyProfile) -> CompanyArtifact:
    return CompanyArtifact(
        company=CompanyPublic.of(profile.company),
        contacts=[contact_item(contact) for contact in profile.contacts],
        signals=[signal_item(signal) for signal in profile.signals],
        leads=[lead_item(row) for row in profile.leads],
        engagement=EngagementSummary(
            total=sum(profile.engagement.values()),
            by_kind=profile.engagement,
            last_at=profile.last_engagement_at,
        ),
        source=profile.source,
    )


def _content(artifact: CompanyArtifact) -> str:
    lines = [company_line(artifact.company)]
    revenue = artifact.company.revenue
    lines.append(
        f"Revenue: {revenue} EUR (latest known year)" if revenue else "Revenue: not published"
    )
    if artifact.contacts:
        lines.append(f"Contacts ({len(artifact.contacts)}):")
        for contact in artifact.contacts[:SHOWN]:
            lines.append(f"- {contact_line(contact)}")
    if artifact.intent is not None:
        lines.append(f"Intent score: {artifact.intent.score} (-100..100)")
    if artifact.signals:
        lines.append(f"Signals ({len(artifact.signals)}):")
        lines += [
            f"- {s.occurred_on or '?'} {s.kind}: {data(s.title)}" for s in artifact.signals[:SHOWN]
        ]
    if artifact.leads:
        lines.append(
            "In lists: "
            + "; ".join(
                f"{data(lead.list_name)} ({lead.stage}, {data(lead.owner)})"
                for lead in artifact.leads
            )
        )
    if artifact.engagement.total:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(artifact.engagement.by_kind.items()))
        lines.append(f"Engagement: {artifact.engagement.total} events ({kinds})")
    return "\n".join(lines)
