"""`find_decision_makers`: the people to talk to at a company, at several, or across a lead
list, by role ("le DSI", "the CFO", "les décideurs"), with each email's status and source."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import ContactsArtifact
from agent.companies import CompanyNotFound
from agent.contacts import ROLE_KEYS, Role, find_people, role_of, with_email
from agent.contacts.items import contacts_artifact
from agent.context import FilonContext
from agent.http import OutsideApiError
from agent.leads import InvalidSiren, LeadRequestError
from agent.leads.lists import company_or_list
from agent.tools.contact_items import contact_line
from agent.tools.failures import refusal
from agent.tools.lines import data

SHOWN = 10  # companies described to the model


class PeopleArgs(BaseModel):
    """Which companies (SIRENs, a name, or a lead list) and which roles."""

    sirens: list[str] = Field(
        default_factory=list, description="SIRENs or SIRETs of the companies (from search results)"
    )
    company: str | None = Field(None, description="A company's name, when its SIREN is not known")
    list_name: str | None = Field(None, description="A lead list: its companies' decision-makers")
    roles: list[str] = Field(
        default_factory=list,
        description=(
            "Roles wanted, in the rep's words or as keys: decision_makers (c-level and "
            "directors), ceo, it (DSI, CTO), finance (DAF, CFO), hr (DRH), sales, marketing, "
            "purchasing, operations, legal. Empty: everyone known."
        ),
    )


class FindDecisionMakersArgs(PeopleArgs):
    """Which companies, which roles, and whether only people with a (verified) email."""

    email: Literal["any", "verified"] | None = Field(
        None,
        description="Only the people with an email ('any') or a verified one ('verified'): "
        '"les DSI de la liste X avec un email vérifié"',
    )


@tool(
    "find_decision_makers",
    args_schema=FindDecisionMakersArgs,
    response_format="content_and_artifact",
)
async def find_decision_makers(
    runtime: ToolRuntime[FilonContext],
    sirens: list[str] | None = None,
    company: str | None = None,
    list_name: str | None = None,
    roles: list[str] | None = None,
    email: Literal["any", "verified"] | None = None,
) -> tuple[str, dict[str, Any]]:
    """Find the people to talk to: at one company (its SIREN or name), at several (SIRENs), or
    at the companies of a lead list, holding the roles asked for ("le DSI", "le DAF", "the
    CFO", "les décideurs"), most senior first, each with their email, its status (verified,
    catch_all, guessed, invalid, unknown) and where and when it was found; `email` keeps only
    those with an email, or a verified one. People who opted out are never shown. Only the
    people already known are shown: this does not look up new emails.
    """
    context = runtime.context
    wanted = parse_roles(roles or [])
    company, list_name = company_or_list(
        context.engine, company=company, list_name=list_name, sirens=sirens, user=context.user
    )
    try:
        found = await find_people(
            context.engine,
            context.companies,
            sirens=sirens or [],
            company=company,
            list_name=list_name,
            roles=wanted,
            user=context.user,
        )
    except (InvalidSiren, CompanyNotFound, LeadRequestError) as error:
        raise refusal(error) from error
    except ValueError as error:
        raise ToolException(str(error)) from error
    except OutsideApiError as error:
        raise ToolException(f"the company source could not answer: {error}") from error
    looked = len(found.companies)
    if email is not None:
        found = with_email(found, verified=email == "verified")
    artifact = contacts_artifact(found, email=email, looked=looked)
    return _content(artifact), artifact.model_dump(mode="json")


find_decision_makers.handle_tool_error = True


def parse_roles(words: list[str]) -> list[Role]:
    """The roles the model named, as keys or titles; a `ToolException` for an unknown one."""
    roles: list[Role] = []
    for word in words:
        role = role_of(word)
        if role is None:
            raise ToolException(
                f"unknown role {word!r}: use one of {', '.join(ROLE_KEYS)} or a title (DSI, CFO…)"
            )
        if role not in roles:
            roles.append(role)
    return roles


def _content(artifact: ContactsArtifact) -> str:
    roles = ", ".join(artifact.roles) or "everyone"
    if artifact.email is not None:
        roles += (
            ", only those with a verified email"
            if artifact.email == "verified"
            else (", only those with an email")
        )
    where = f" of the list {data(artifact.list_name)}" if artifact.list_name else ""
    lines = [
        f"{artifact.people} people ({roles}) at {len(artifact.companies)} companies{where}"
        + (
            f", out of {artifact.asked} asked about"
            if artifact.asked > len(artifact.companies)
            else ""
        )
        + f"; {artifact.with_email} with an email:"
    ]
    for company in artifact.companies[:SHOWN]:
        if company.suppressed:
            lines.append(
                f"- {data(company.name)} ({company.siren}): on the suppression list, never contact"
            )
            continue
        if not company.contacts:
            known = f"{company.known} other people known" if company.known else "nobody known"
            if not company.known and company.hidden:
                known = f"{company.hidden} known, all on the suppression list: never contact"
            lines.append(f"- {data(company.name)} ({company.siren}): no one in that role ({known})")
            continue
        lines.append(f"- {data(company.name)} ({company.siren}):")
        lines += [f"  - {contact_line(contact)}" for contact in company.contacts]
    if len(artifact.companies) > SHOWN:
        lines.append(f"… {len(artifact.companies)} companies in all")
    return "\n".join(lines)
