"""`filon leads`: leads by list, stage, owner and last contact; `stage` moves one.

    filon leads [--list X] [--stage S[,S2]] [--sort score|intent] [--mine] [--owner U]
                [--not-contacted DAYS] [--limit N] [--offset N] [--user U] [--json]
    filon leads stage SIREN --to STAGE [--list X] [--reason R] [--user U]
    filon leads show LIST [--stage S] [--json]          (scores and BANT: `leads_show`)
    filon leads qualify SIREN ["what you learnt"] [--yes]  (the BANT interview)

The same services as the `list_leads` and `set_lead_stage` tools.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.artifacts import LeadItem, LeadsArtifact
from agent.cli.common import load_settings, say, store_engine, terminal_language
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import (
    RoleOption,
    UserOption,
    acting,
    checked_stage,
    checked_stages,
    fail_on,
)
from agent.cli.leads_show import qualify, show
from agent.i18n import Language, format_date, format_number, t
from agent.leads import LeadRequestError, list_leads, set_stage
from agent.leads.items import lead_item, list_info

app = typer.Typer(
    cls=FilonGroup,
    help="Leads: list them by list, stage, owner or last contact; move one to another stage.",
    invoke_without_command=True,
)


class LeadSort(StrEnum):
    """The orders `filon leads --sort` knows."""

    score = "score"
    intent = "intent"


@app.callback(invoke_without_command=True)
def leads(
    context: typer.Context,
    list_name: Annotated[str | None, typer.Option("--list", help="Only this lead list")] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="new, mql, sql, won, lost or disqualified; several with commas: lost,disqualified",
        ),
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own leads (--user)")] = False,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this rep's leads")] = None,
    not_contacted: Annotated[
        int | None,
        typer.Option(
            "--not-contacted", min=0, help="Only leads not contacted for this many days (or never)"
        ),
    ] = None,
    sort: Annotated[
        LeadSort,
        typer.Option("--sort", help="score: best score first; intent: highest intent first"),
    ] = LeadSort.score,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many leads to show")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many leads (paging)")] = 0,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Show leads, best score first."""
    if context.invoked_subcommand is not None:
        return
    login, _role = acting(user)
    wanted = checked_stages(stage)
    if mine and owner is not None:
        say("leads.cli.mine_and_owner")
    whose = login if mine else (owner.strip().lower() if owner else None)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            page = list_leads(
                engine,
                list_name=list_name,
                stages=wanted,
                owner=whose,
                limit=limit,
                offset=offset,
                not_contacted_days=not_contacted,
                today=date.today(),
                user=login,
                order=sort.value,
            )
        except LeadRequestError as error:
            fail_on(error)
    artifact = LeadsArtifact(
        list=list_info(page.lead_list) if page.lead_list else None,
        stage=page.stage.value if page.stage else None,
        stages=[value.value for value in page.stages],
        by_stage=page.by_stage,
        owner=whose,
        not_contacted_days=not_contacted,
        sort=sort.value,
        total=page.total,
        offset=offset,
        leads=[lead_item(row) for row in page.leads],
    )
    if json_output:
        typer.echo(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
        return
    _print(artifact, terminal_language())


@app.command("stage")
def stage(
    siren: Annotated[str, typer.Argument(help="The lead's company (SIREN or SIRET)")],
    to: Annotated[str, typer.Option("--to", help="new, mql, sql, won, lost or disqualified")],
    list_name: Annotated[
        str | None, typer.Option("--list", help="The lead's list, when it is in several")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (required for lost and disqualified)")
    ] = None,
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Move a lead to another stage (recorded with who, when and why): your own leads, or
    anyone's with --role manager."""
    login, checked_role = acting(user, role)
    target = checked_stage(to)
    assert target is not None
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            change = set_stage(
                engine,
                siren=siren,
                stage=target,
                user=login,
                role=checked_role,
                list_name=list_name,
                reason=reason,
                sync_to=settings.crm_targets,
            )
        except LeadRequestError as error:
            fail_on(error)
    language = terminal_language()
    typer.echo(
        t(
            "leads.cli.stage.changed",
            language,
            name=change.row.company.name,
            siren=change.row.company.siren,
            list_name=change.row.list_name,
            from_stage=t(f"stages.{change.from_stage.value}", language),
            to_stage=t(f"stages.{change.to_stage.value}", language),
        )
    )


app.command("show")(show)
app.command("qualify")(qualify)


def _print(artifact: LeadsArtifact, language: Language) -> None:
    console = Console()
    if not artifact.leads:
        console.print(t("leads.cli.leads.none", language))
        return
    first, last = artifact.offset + 1, artifact.offset + len(artifact.leads)
    title = t("leads.cli.leads.title", language, total=artifact.total, first=first, last=last)
    if artifact.stages:  # "lost,disqualified": how many at each
        counts = ", ".join(
            f"{t(f'stages.{stage}', language)} {format_number(count, language)}"
            for stage, count in artifact.by_stage.items()
        )
        title += f" — {counts}"
    table = Table(title=escape(title))
    by_intent = artifact.sort == "intent"  # the figure sorted by, next to the score
    columns = ["siren", "name", "city", "list", "stage", "owner", "score", "last_contacted_on"]
    if by_intent:
        columns.insert(6, "intent")
    for column in columns:
        table.add_column(t(f"leads.cli.leads.column.{column}", language))
    for item in artifact.leads:
        cells = _cells(item, language)
        if by_intent:
            cells.insert(6, str(item.intent or 0))
        table.add_row(*cells)
    console.print(table)
    if artifact.total > last:
        console.print(f"[dim]{escape(t('leads.cli.leads.next', language, offset=last))}[/dim]")


def _cells(item: LeadItem, language: Language) -> list[str]:
    return [
        item.siren,
        escape(item.name),
        escape(item.city or ""),
        escape(item.list_name),
        t(f"stages.{item.stage}", language),
        escape(item.owner_name or ""),
        str(item.score) if item.score is not None else "",
        format_date(item.last_contacted_on, language) if item.last_contacted_on else "",
    ]
