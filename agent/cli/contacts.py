"""`filon contacts`: the people to talk to at companies or across a lead list, by role.

    filon contacts (--siren S … | --company NAME | --list NAME) [--roles dsi,daf]
                   [--email any|verified] [--user U] [--json]

The same service as the `find_decision_makers` tool; `--json` prints its artifact.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.artifacts import ContactsArtifact
from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.companies import CompanyNotFound
from agent.contacts import ROLE_KEYS, PeopleFound, Role, find_people, role_of, with_email
from agent.contacts.items import contacts_artifact
from agent.http import OutsideApiError
from agent.i18n import Language, format_date, t
from agent.i18n.labels import enum_label, source_label
from agent.leads import LeadRequestError
from agent.runtime import open_runtime
from agent.settings import Settings

# Whose people: the options `filon contacts` and `filon enrich` share
SirenOption = Annotated[
    list[str] | None, typer.Option("--siren", help="A company's SIREN or SIRET (repeatable)")
]
CompanyOption = Annotated[str | None, typer.Option("--company", help="A company's name")]
ListOption = Annotated[str | None, typer.Option("--list", help="A lead list's companies")]
RolesOption = Annotated[
    str | None,
    typer.Option(
        "--roles",
        help=f"Roles, comma-separated: {', '.join(ROLE_KEYS)}, or titles (dsi, daf, cfo…)",
    ),
]


def contacts(
    siren: SirenOption = None,
    company: CompanyOption = None,
    list_name: ListOption = None,
    roles: RolesOption = None,
    email: Annotated[
        Literal["any", "verified"] | None,
        typer.Option("--email", help="Only the people with an email (any) or a verified one"),
    ] = None,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Show the people to talk to (most senior first) with each email's status and source."""
    language = terminal_language()
    login, _role = acting(user)
    if [bool(siren), company is not None, list_name is not None].count(True) != 1:
        fail(t("people.cli.one_target", language))
    wanted = parse_roles(roles, language)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            found = asyncio.run(
                find_with_runtime(settings, engine, siren or [], company, list_name, wanted, login)
            )
        except LeadRequestError as error:
            fail_on(error)
        except CompanyNotFound as error:
            fail(t(f"offline.refusal.{error.code}", language, **error.values))
        except OutsideApiError as error:
            fail(error.user_message(language))
    looked = len(found.companies)
    if email is not None:
        found = with_email(found, verified=email == "verified")
    artifact = contacts_artifact(found, email=email, looked=looked)
    if json_output:
        typer.echo(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
        return
    _print(artifact, language)


async def find_with_runtime(
    settings: Settings,
    engine: Engine,
    sirens: list[str],
    company: str | None,
    list_name: str | None,
    roles: list[Role],
    user: str,
    **limits: int,
) -> PeopleFound:
    """`find_people` on a runtime opened for the command (`limits`: max_companies, per_company)."""
    async with open_runtime(settings, engine=engine) as runtime:
        return await find_people(
            engine,
            runtime.companies,
            sirens=sirens,
            company=company,
            list_name=list_name,
            roles=roles,
            user=user,
            **limits,
        )


def parse_roles(value: str | None, language: Language) -> list[Role]:
    """The roles of `--roles` (keys or titles, comma-separated); fails on an unknown one."""
    found: list[Role] = []
    for word in (value or "").split(","):
        if not word.strip():
            continue
        role = role_of(word)
        if role is None:
            fail(t("people.cli.bad_role", language, role=word.strip(), roles=", ".join(ROLE_KEYS)))
        if role not in found:
            found.append(role)
    return found


def _print(artifact: ContactsArtifact, language: Language) -> None:
    console = Console()
    if not artifact.people:
        console.print(t("people.cli.none", language))
        return
    table = Table(
        title=t("ui_polish.contacts_caption", language, count=artifact.people,
                companies=len(artifact.companies)),
        title_justify="left",
    )  # fmt: skip
    for key in ("col_name", "col_person", "col_title", "col_email", "col_email_status",
                "col_email_source", "col_phone"):  # fmt: skip
        table.add_column(t(f"ui.{key}" if key == "col_name" else f"ui_polish.{key}", language))
    for company in artifact.companies:
        for contact in company.contacts:
            source = source_label(contact.email_source, language)
            if source and contact.email_found_on:
                source += f", {format_date(contact.email_found_on, language)}"
            table.add_row(
                escape(company.name),
                escape(contact.name),
                escape(contact.title or ""),
                escape(contact.email or ""),
                enum_label("email_status", contact.email_status, language) if contact.email else "",
                escape(source) if contact.email else "",
                escape(contact.phone or ""),
            )
    console.print(table)
    if artifact.list_name and artifact.asked > len(artifact.companies):
        console.print(
            t("people.best_of_list", language, asked=artifact.asked, shown=len(artifact.companies))
        )
