"""`filon optout add|remove|list`: the suppression list (RGPD opt-out).

filon optout add VALUE [--reason R] [--user U]     an email, a domain or a SIREN
filon optout remove VALUE
filon optout list [--json]
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import UserOption, acting
from agent.contacts.optout import BadOptOut, add, entries, remove
from agent.i18n import format_date, t

app = typer.Typer(
    cls=FilonGroup,
    help="The suppression list: emails, domains and companies never to contact.",
    no_args_is_help=True,
)
ValueArgument = Annotated[
    str, typer.Argument(help="An email (jean@acme.fr), a domain (acme.fr) or a SIREN/SIRET")
]


@app.command("add")
def add_command(
    value: ValueArgument,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept with it)")] = None,
    user: UserOption = "rep",
) -> None:
    """Never contact this person, domain or company again (never shown, exported, enriched)."""
    language = terminal_language()
    login, _role = acting(user)
    with store_engine(load_settings()) as engine:
        try:
            change = add(engine, value, user=login, reason=reason)
        except BadOptOut as error:
            fail(t("people.optout.bad_value", language, **error.values))
    key = "people.optout.added" if change.changed else "people.optout.already"
    typer.echo(
        t(
            key,
            language,
            value=change.value,
            kind=t(f"people.optout.kind.{change.kind.value}", language),
            contacts=change.contacts,
        )
    )


@app.command("remove")
def remove_command(value: ValueArgument) -> None:
    """Take an entry off the list (the people it marked stay marked)."""
    language = terminal_language()
    with store_engine(load_settings()) as engine:
        try:
            change = remove(engine, value)
        except BadOptOut as error:
            fail(t("people.optout.bad_value", language, **error.values))
    if not change.changed:
        fail(t("people.optout.not_listed", language, value=change.value))
    typer.echo(t("people.optout.removed", language, value=change.value))


@app.command("list")
def list_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """The suppression list, the latest first."""
    language = terminal_language()
    with store_engine(load_settings()) as engine:
        found = entries(engine)
    if json_output:
        document = [
            {
                "kind": entry.kind.value,
                "value": entry.value,
                "reason": entry.reason,
                "added_by": entry.added_by,
                "added_at": entry.added_at.isoformat(),
            }
            for entry in found
        ]
        typer.echo(json.dumps({"entries": document}, ensure_ascii=False))
        return
    if not found:
        typer.echo(t("people.optout.empty", language))
        return
    typer.echo(t("people.optout.count", language, count=len(found)))
    for entry in found:
        kind = t(f"people.optout.kind.{entry.kind.value}", language)
        when = format_date(entry.added_at.date(), language)
        reason = f" — {entry.reason}" if entry.reason else ""
        typer.echo(f"  {entry.value} ({kind}, {entry.added_by}, {when}){reason}")
