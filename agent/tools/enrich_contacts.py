"""`enrich_contacts`: find and verify the emails of the people at a company, at several, or
across a lead list, through the waterfall of providers, each email with its status, source
and date, within an optional budget."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import Field

from agent.artifacts import EnrichmentArtifact
from agent.companies import CompanyNotFound
from agent.context import FilonContext
from agent.enrichment.items import enrichment_artifact
from agent.enrichment.runs import enrich
from agent.http import OutsideApiError
from agent.leads import InvalidSiren, LeadRequestError
from agent.leads.lists import company_or_list
from agent.tools.contact_items import contact_line
from agent.tools.failures import refusal
from agent.tools.find_decision_makers import PeopleArgs, parse_roles
from agent.tools.lines import data
from agent.tools.progress import progress_writer

SHOWN = 10  # companies described to the model


class EnrichContactsArgs(PeopleArgs):
    """Whose emails (SIRENs, a name, or a lead list), which roles, and a budget."""

    budget: float | None = Field(
        None, gt=0, description="Credits the run may spend on paid providers at most"
    )


@tool("enrich_contacts", args_schema=EnrichContactsArgs, response_format="content_and_artifact")
async def enrich_contacts(
    runtime: ToolRuntime[FilonContext],
    sirens: list[str] | None = None,
    company: str | None = None,
    list_name: str | None = None,
    roles: list[str] | None = None,
    budget: float | None = None,
) -> tuple[str, dict[str, Any]]:
    """Find and verify the professional emails of the people at a company (SIREN or name), at
    several (SIRENs) or at the companies of a lead list, holding the roles asked ("trouve
    l'email du DSI", "enrichis les contacts de cette liste"): providers are asked in order
    until an email is verified; each email comes with its status (verified, catch_all,
    guessed, unknown), its source and date. People whose email is already verified are not
    asked about again; opted-out people and suppressed companies are never enriched.
    """
    context = runtime.context
    if context.enricher is None:
        raise ToolException("enrichment is not available in this session")
    company, list_name = company_or_list(
        context.engine, company=company, list_name=list_name, sirens=sirens, user=context.user
    )
    try:
        report = await enrich(
            context.engine,
            context.companies,
            context.enricher,
            sirens=sirens or [],
            company=company,
            list_name=list_name,
            roles=parse_roles(roles or []),
            user=context.user,
            budget=budget,
            progress=progress_writer(runtime, "enrich_contacts"),
        )
    except (InvalidSiren, CompanyNotFound, LeadRequestError) as error:
        raise refusal(error) from error
    except ValueError as error:
        raise ToolException(str(error)) from error
    except OutsideApiError as error:
        raise ToolException(f"the company source could not answer: {error}") from error
    artifact = enrichment_artifact(report)
    return content(artifact), artifact.model_dump(mode="json")


enrich_contacts.handle_tool_error = True


def content(artifact: EnrichmentArtifact) -> str:
    """The run for the model: the summary, then each company's people."""
    s = artifact.summary
    where = f" of the list {data(artifact.list_name)}" if artifact.list_name else ""
    lines = [
        f"Enrichment of {s.contacts} people at {len(artifact.companies)} companies{where} "
        f"(providers: {', '.join(s.providers) or 'none'}): {s.found} emails found, "
        f"{s.verified} verified and {s.catch_all} catch-all in all; {s.already} already had "
        f"one that needed no check; {s.asked - s.found} not found."
    ]
    calls = ", ".join(f"{name} {count}" for name, count in s.calls.items())
    lines.append(f"Calls: {calls or 'none'}; cost {s.total_cost:g} credits.")
    if s.budget is not None:
        reached = f", reached: {s.over_budget} people not asked" if s.budget_reached else ""
        lines.append(f"Budget {s.budget:g} credits{reached}.")
    for name, reason in s.stopped.items():
        lines.append(f"{name} was dropped for this run ({reason}).")
    if s.missing_key:
        lines.append(f"Configured without a key (not asked): {', '.join(s.missing_key)}.")
    if s.no_domain:
        names = ", ".join(data(name) for name in s.no_domain[:SHOWN])
        lines.append(
            f"No email could be guessed at {names}: no known domain (no website on record). "
            "Tell the user why."
        )
    for company in artifact.companies[:SHOWN]:
        if company.suppressed:
            lines.append(f"- {data(company.name)} ({company.siren}): suppression list, never")
            continue
        if not company.contacts:
            lines.append(f"- {data(company.name)} ({company.siren}): nobody in that role")
            continue
        lines.append(f"- {data(company.name)} ({company.siren}):")
        lines += [f"  - {contact_line(contact)}" for contact in company.contacts]
    if len(artifact.companies) > SHOWN:
        lines.append(f"… {len(artifact.companies)} companies in all")
    if artifact.others:
        lines.append(
            "Nobody holds the roles asked there, so no email was looked up. The people known "
            "there (offer them; enrich_contacts without roles looks up their emails):"
        )
        for company in artifact.others:
            lines.append(f"- {data(company.name)} ({company.siren}):")
            lines += [f"  - {contact_line(contact)}" for contact in company.contacts]
    return "\n".join(lines)
