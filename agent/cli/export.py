"""`filon export`: CSV files of a list's leads, of every company a search finds, or of the
people of companies or of a list.

    filon export list NAME [--stage S] [--mine | --owner U] [-o FILE] [--user U] [--json]
    filon export search "TEXT" [-o FILE] [--json]
    filon export contacts (--list NAME | --siren S … | --company NAME) [--roles dsi,daf] [-o FILE]

Without -o the file goes to $FILON_HOME/exports/ under a name with the day; either way it is
private (0600). Column titles and labels are in the terminal's language. `--json` prints the
`ExportArtifact` (what, path, file_name, rows, truncated, limit).
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.artifacts import ExportArtifact
from agent.cli.common import (
    fail,
    load_settings,
    say,
    store_engine,
    terminal_language,
    validation_message,
)
from agent.cli.contacts import (
    CompanyOption,
    ListOption,
    RolesOption,
    SirenOption,
    find_with_runtime,
    parse_roles,
)
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import UserOption, acting, checked_stage, fail_on
from agent.companies import CompanyNotFound
from agent.exports import export_companies, export_leads, export_people
from agent.exports.service import MAX_PEOPLE_COMPANIES, PEOPLE_PER_COMPANY
from agent.http import OutsideApiError
from agent.i18n import t
from agent.leads import LeadRequestError
from agent.search.parse import parse_company_query
from store.search import CompanyQuery, InvalidQuery

app = typer.Typer(
    cls=FilonGroup,
    help="Export a list's leads, a search's companies or people as CSV.",
    no_args_is_help=True,
)
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Where to write the CSV (default: $FILON_HOME/exports/)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document")]


@app.command("list")
def export_list(
    name: Annotated[str, typer.Argument(help="The lead list to export")],
    stage: Annotated[str | None, typer.Option("--stage", help="Only leads at this stage")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own leads (--user)")] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this rep's leads (login or first name)")
    ] = None,
    output: OutputOption = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """Export the leads of a list, with their company and main contact."""
    login, _role = acting(user)
    if mine and owner is not None:
        say("leads.cli.mine_and_owner")
    wanted = checked_stage(stage)
    settings = load_settings()
    language = terminal_language()
    with store_engine(settings) as engine:
        try:
            artifact = export_leads(
                engine,
                home=settings.home,
                language=language,
                user=login,
                list_name=name,
                stage=wanted,
                owner=login if mine else owner,
                today=date.today(),
                path=output,
            )
        except LeadRequestError as error:
            fail_on(error)
        except OSError as error:
            _cannot_write(output, error)
    _tell(artifact, json_output)


@app.command("search")
def export_search(
    text: Annotated[str, typer.Argument(help='What to look for, e.g. "ESN à Lyon"')],
    output: OutputOption = None,
    json_output: JsonOption = False,
) -> None:
    """Export every company a search finds in the store (up to 10,000)."""
    if not text.strip():
        say("leads.cli.empty_search")
    try:
        query = CompanyQuery.model_validate(parse_company_query(text).model_dump())
    except ValidationError as error:
        fail(validation_message(error))
    settings = load_settings()
    language = terminal_language()
    with store_engine(settings) as engine:
        try:
            artifact = asyncio.run(
                export_companies(
                    engine,
                    query,
                    home=settings.home,
                    language=language,
                    today=date.today(),
                    path=output,
                    subject=text,
                )
            )
        except InvalidQuery as error:
            fail(str(error))
        except LeadRequestError as error:
            fail_on(error)
        except OSError as error:
            _cannot_write(output, error)
    _tell(artifact, json_output)


@app.command("contacts")
def export_contacts(
    siren: SirenOption = None,
    company: CompanyOption = None,
    list_name: ListOption = None,
    roles: RolesOption = None,
    output: OutputOption = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """Export the people to talk to (the roles asked, most senior first), one row each."""
    login, _role = acting(user)
    language = terminal_language()
    if [bool(siren), company is not None, list_name is not None].count(True) != 1:
        fail(t("people.cli.one_target", language))
    wanted = parse_roles(roles, language)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            found = asyncio.run(
                find_with_runtime(
                    settings,
                    engine,
                    siren or [],
                    company,
                    list_name,
                    wanted,
                    login,
                    max_companies=MAX_PEOPLE_COMPANIES,
                    per_company=PEOPLE_PER_COMPANY,
                )
            )
            artifact = export_people(
                found, home=settings.home, language=language, today=date.today(), path=output
            )
        except LeadRequestError as error:
            fail_on(error)
        except CompanyNotFound as error:
            fail(t(f"offline.refusal.{error.code}", language, **error.values))
        except OutsideApiError as error:
            fail(error.user_message(language))
        except OSError as error:
            _cannot_write(output, error)
    _tell(artifact, json_output)


def _cannot_write(output: Path | None, error: OSError) -> None:
    where = str(output or error.filename or "")
    fail(
        t(
            "leads.cli.cannot_write",
            terminal_language(),
            path=where,
            reason=error.strerror or str(error),
        )
    )


def _tell(artifact: ExportArtifact, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
        return
    language = terminal_language()
    typer.echo(
        t(
            f"leads.cli.export.done.{artifact.what}",
            language,
            rows=artifact.rows,
            path=artifact.path,
        )
    )
    if artifact.truncated and artifact.limit:
        typer.echo(
            f"filon: {t('leads.cli.export.truncated', language, limit=artifact.limit)}", err=True
        )
