"""`filon lists`: the lead lists with their counts; `rename`, `delete --yes`, `assign --to`.

    filon lists [--mine] [--owner U] [--user U] [--json]
    filon lists rename OLD NEW [--user U] [--role R]
    filon lists delete NAME --yes [--user U] [--role R]
    filon lists assign NAME --to U [--all-leads] [--user U] [--role R]
    filon lists share NAME --with U [--stop] [--user U] [--role R]

The same services as the `lead_lists`, `rename_lead_list`, `delete_lead_list` and
`assign_lead_list` tools (sharing: `agent.leads.manage.share_list`); a mistake or a refusal is
one line on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.artifacts import LeadListsArtifact, ListSummary
from agent.cli.common import load_settings, say, store_engine, terminal_language
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import STAGES, RoleOption, UserOption, acting, fail_on
from agent.i18n import Language, format_date, format_number, t
from agent.leads import (
    LeadRequestError,
    ListUpdate,
    ShareChange,
    assign_list,
    delete_list,
    list_overview,
    rename_list,
    share_list,
    unshare_list,
)
from agent.leads.items import list_summary
from agent.leads.manage import MAX_NAME
from agent.leads.wording import assignment_notes
from store.users import display_name

app = typer.Typer(
    cls=FilonGroup,
    help="Lead lists: show them with their counts, rename, delete or reassign one.",
    invoke_without_command=True,
)


@app.callback(invoke_without_command=True)
def lists(
    context: typer.Context,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own lists (--user)")] = False,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this rep's lists")] = None,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Show the lead lists with their leads per stage."""
    if context.invoked_subcommand is not None:
        return
    login, _role = acting(user)
    if mine and owner is not None:
        say("leads.cli.mine_and_owner")
    whose = login if mine else (owner.strip().lower() if owner else None)
    settings = load_settings()
    with store_engine(settings) as engine:
        found = list_overview(engine, owner=whose, user=login)
    artifact = LeadListsArtifact(owner=whose, lists=[list_summary(item) for item in found])
    if json_output:
        typer.echo(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
        return
    _print(artifact, terminal_language())


@app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(help="The list's current name")],
    new: Annotated[str, typer.Argument(help="Its new name")],
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Rename a lead list."""
    login, checked_role = acting(user, role)
    clean = " ".join(new.split())
    if not clean:
        say("leads.cli.empty_name")
    if len(clean) > MAX_NAME:
        say("leads.cli.name_too_long", limit=MAX_NAME)
    update = _run(
        lambda engine: rename_list(engine, name=old, new_name=clean, user=login, role=checked_role)
    )
    typer.echo(
        t(
            "leads.cli.lists.renamed",
            terminal_language(),
            old=update.previous_name,
            new=update.lead_list.name,
            leads=update.leads,
        )
    )


@app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="The list to delete, with its leads")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: delete the list and its leads")
    ] = False,
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Delete a lead list and its leads (needs --yes)."""
    login, checked_role = acting(user, role)
    update = _run(
        lambda engine: delete_list(engine, name=name, user=login, role=checked_role, confirm=yes)
    )
    typer.echo(
        t(
            "leads.cli.lists.deleted",
            terminal_language(),
            name=update.lead_list.name,
            leads=update.leads,
        )
    )


@app.command("assign")
def assign(
    name: Annotated[str, typer.Argument(help="The list to give")],
    to: Annotated[str, typer.Option("--to", help="The rep who will own it (a login)")],
    all_leads: Annotated[
        bool,
        typer.Option(
            "--all-leads",
            help="Give every lead of the list, teammates' too (by default: the previous "
            "owner's leads only)",
        ),
    ] = False,
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Give a lead list and its owner's leads to another rep (--all-leads: every lead); giving
    it back to whom it came from returns the leads that moved."""
    login, checked_role = acting(user, role)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            done = assign_list(
                engine, name=name, owner=to, user=login, role=checked_role,
                every_lead=all_leads, confirm=all_leads,
            )  # fmt: skip
        except LeadRequestError as error:
            fail_on(error)
    owner = done.lead_list.owner or ""
    language = terminal_language()
    head = t(
        "leads.cli.lists.assigned",
        language,
        name=done.lead_list.name,
        leads=done.leads,
        owner=owner,
        owner_name=display_name(owner) or owner,
    )
    notes = assignment_notes(
        [(move.from_owner, move.to_owner, move.leads) for move in done.transfers],
        done.kept,
        owner=owner,
        previous_owner=done.previous_owner,
        given_back=done.given_back,
        language=language,
        render=t,
        terminal=True,
    )
    typer.echo(" ".join([head, *notes]))


@app.command("share")
def share(
    name: Annotated[str, typer.Argument(help="The list to share")],
    with_user: Annotated[
        str, typer.Option("--with", help="The teammate who will see it and work its leads")
    ],
    stop: Annotated[bool, typer.Option("--stop", help="Stop sharing it with them")] = False,
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Share a lead list with a teammate (it stays yours), or stop sharing it (--stop)."""
    login, checked_role = acting(user, role)
    change = unshare_list if stop else share_list
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            done: ShareChange = change(
                engine, name=name, with_user=with_user, user=login, role=checked_role
            )
        except LeadRequestError as error:
            fail_on(error)
    outcome = ("unshared" if done.changed else "not_shared_with") if stop else None
    outcome = outcome or ("shared" if done.changed else "already_shared")
    typer.echo(
        t(
            f"users.cli.{outcome}",
            terminal_language(),
            name=done.lead_list.name,
            login=done.login,
            count=len(done.sharees),
            sharees=", ".join(done.sharees),
        )
    )


def _run(change: Callable[[Engine], ListUpdate]) -> ListUpdate:
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            return change(engine)
        except LeadRequestError as error:
            fail_on(error)


def _print(artifact: LeadListsArtifact, language: Language) -> None:
    console = Console()
    if not artifact.lists:
        console.print(t("leads.cli.lists.none", language))
        return
    table = Table(title=escape(t("leads.cli.lists.title", language, count=len(artifact.lists))))
    for column in ("name", "owner", "leads"):
        table.add_column(t(f"leads.cli.lists.column.{column}", language))
    for stage in STAGES:
        table.add_column(t(f"stages.{stage}", language), justify="right")
    table.add_column(t("leads.cli.lists.column.last_activity", language))
    for item in artifact.lists:
        table.add_row(*_cells(item, language))
    console.print(table)


def _cells(item: ListSummary, language: Language) -> list[str]:
    last = item.last_activity_at or item.list.created_at
    return [
        escape(item.list.name),
        escape(item.list.owner_name or ""),
        format_number(item.leads, language),
        *(format_number(item.stages.get(stage, 0), language) for stage in STAGES),
        format_date(last, language),
    ]
