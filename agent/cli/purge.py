"""`filon purge [--older-than 3y] [--dry-run] [--json]`: remove the personal data of prospects
past the retention age (the CNIL's three years from collection or last contact)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.lead_errors import UserOption, acting
from agent.contacts.retention import BadAge, age_in_days, purge
from agent.i18n import format_date, t

SHOWN = 20


def purge_command(
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than", help="Age past which to purge: 3y, 36m, 1095d (default: the setting)"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the contacts concerned")
    ] = False,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Remove the personal fields of contacts not contacted (or collected) for too long."""
    language = terminal_language()
    login, _role = acting(user)
    settings = load_settings()
    try:
        days = age_in_days(older_than) if older_than else settings.retention_days
    except BadAge as error:
        fail(t("people.purge.bad_age", language, **error.values))
    with store_engine(settings) as engine:
        found = purge(engine, older_than_days=days, today=date.today(), user=login, dry_run=dry_run)
    if json_output:
        document = {
            "dry_run": dry_run,
            "older_than_days": days,
            "contacts": [
                {
                    "id": item.contact_id,
                    "siren": item.company_siren,
                    "name": item.name,
                    "last_activity": item.last_activity.isoformat(),
                }
                for item in found
            ],
        }
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    if not found:
        typer.echo(t("people.purge.none", language, days=days))
        return
    key = "people.purge.would" if dry_run else "people.purge.done"
    typer.echo(t(key, language, count=len(found), days=days))
    for item in found[:SHOWN] if dry_run else []:
        when = format_date(item.last_activity, language)
        typer.echo(f"  {item.name or '?'} ({item.company_siren}, {when})")
    if dry_run and len(found) > SHOWN:
        typer.echo(f"  … {len(found) - SHOWN}")
