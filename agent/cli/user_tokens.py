"""`filon users token`, `tokens`, `revoke-token`: personal access tokens, how an assistant's
MCP client acts as a Filon user (`filon mcp --http`, docs/mcp.md).

    filon users token LOGIN [--name laptop] [--days 90] [--json]
    filon users tokens [LOGIN] [--json]
    filon users revoke-token LOGIN NAME

Each acts as --user (by default the LOGIN named): a user manages their own tokens, an admin
anyone's. A token is printed once, when it is made; afterwards only its first characters are.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.ask import check_user
from agent.cli.common import load_settings, store_engine, terminal_language
from agent.cli.lead_errors import acting
from agent.i18n import Language, format_date, t
from agent.users import TokenInfo, create_token, list_tokens, revoke_token
from agent.users.tokens import DEFAULT_DAYS
from store.models._time import utcnow
from store.users import display_name

LoginArgument = Annotated[str, typer.Argument(help="The user's login, e.g. alice.martin")]
ActingOption = Annotated[
    str | None,
    typer.Option("--user", help="Who acts: a login (default: the user named; an admin for others)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document")]


def token(
    login: LoginArgument,
    name: Annotated[
        str, typer.Option("--name", help="What the token is for, e.g. laptop, vscode")
    ] = "default",
    days: Annotated[
        int, typer.Option("--days", help="How many days it works (0: until revoked)")
    ] = DEFAULT_DAYS,
    user: ActingOption = None,
    json_output: JsonOption = False,
) -> None:
    """Make a personal access token for an MCP client (filon mcp --http); shown once."""
    target = check_user(login)
    by, _ = acting(user or target)
    with store_engine(load_settings()) as engine:
        made = create_token(engine, login=target, by=by, name=name, days=days)
    info = made.info
    if json_output:
        typer.echo(json.dumps({**_json(info), "token": made.secret}, ensure_ascii=False))
        return
    language = terminal_language()
    person = display_name(info.login) or info.login  # names read by store_engine
    said = {"name": info.name, "person": person, "login": info.login}
    if info.expires_at is None:
        typer.echo(t("tokens.made_forever", language, **said))
    else:
        typer.echo(t("tokens.made", language, **said, until=format_date(info.expires_at, language)))
    typer.echo(made.secret)
    typer.echo(t("tokens.how", language))


def tokens(
    login: Annotated[
        str | None, typer.Argument(help="Whose tokens (default: yours; an admin: everyone's)")
    ] = None,
    user: ActingOption = None,
    json_output: JsonOption = False,
) -> None:
    """List personal access tokens (never the tokens themselves)."""
    target = check_user(login) if login is not None else None
    by, _ = acting(user or target or "rep")
    with store_engine(load_settings()) as engine:
        found = list_tokens(engine, by=by, login=target)
    if json_output:
        typer.echo(json.dumps({"tokens": [_json(item) for item in found]}, ensure_ascii=False))
        return
    _print(found, terminal_language())


def revoke(
    login: LoginArgument,
    name: Annotated[str, typer.Argument(help="The token's name (see filon users tokens)")],
    user: ActingOption = None,
) -> None:
    """Revoke a personal access token: it stops working at its next request."""
    target = check_user(login)
    by, _ = acting(user or target)
    with store_engine(load_settings()) as engine:
        gone = revoke_token(engine, login=target, name=name, by=by)
    typer.echo(t("tokens.revoked", terminal_language(), name=gone.name, login=gone.login))


def _json(info: TokenInfo) -> dict[str, object]:
    return {
        "login": info.login,
        "name": info.name,
        "prefix": info.prefix,
        "created_by": info.created_by,
        "created_at": info.created_at.isoformat(),
        "expires_at": info.expires_at.isoformat() if info.expires_at else None,
        "last_used_at": info.last_used_at.isoformat() if info.last_used_at else None,
    }


def _print(found: list[TokenInfo], language: Language) -> None:
    console = Console()
    if not found:
        console.print(escape(t("tokens.none", language)))
        return
    now = utcnow()
    table = Table(title=escape(t("tokens.title", language, count=len(found))))
    for column in ("login", "name", "prefix", "created", "by", "expires", "used"):
        table.add_column(t(f"tokens.column.{column}", language))
    for item in found:
        table.add_row(
            escape(item.login),
            escape(item.name),
            escape(item.prefix + "…"),
            format_date(item.created_at, language),
            escape(item.created_by),
            _expiry(item, now, language),
            _day(item.last_used_at, language),
        )
    console.print(table)


def _expiry(item: TokenInfo, now: datetime, language: Language) -> str:
    if item.expires_at is None:
        return t("tokens.never", language)
    day = format_date(item.expires_at, language)
    return t("tokens.expired", language, day=day) if item.expired(now) else day


def _day(moment: datetime | None, language: Language) -> str:
    return format_date(moment, language) if moment is not None else t("tokens.never", language)
