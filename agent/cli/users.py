"""`filon users`: who uses Filon and as what (rep, manager, admin).

    filon users add LOGIN [--role R] [--display-name "Alice Martin"] [--password PW | --no-password]
    filon users list [--json]
    filon users disable LOGIN        filon users enable LOGIN
    filon users role LOGIN ROLE
    filon users passwd LOGIN [--password PW]
    filon users link LOGIN --slack-id U012AB3CD      filon users unlink LOGIN
    filon users token LOGIN [--name N] [--days D]      filon users tokens [LOGIN]
    filon users revoke-token LOGIN NAME                (personal access tokens: user_tokens.py)

Each acts as --user: once Filon has an active admin, only an admin manages users and their links
to Slack (a user may change their own password); before that, anyone may, and the first user added is an admin
unless --role says otherwise (docs/team.md). A password not given is asked for, hidden and
twice. Neither a password nor its hash is ever printed.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli import user_tokens
from agent.cli.ask import check_role, check_user
from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import UserOption, acting
from agent.i18n import Language, format_date, t
from agent.users import (
    UserInfo,
    add_user,
    check_password,
    disable_user,
    enable_user,
    link_slack,
    list_users,
    set_password,
    set_role,
    unlink_slack,
)
from store.users import login_name

app = typer.Typer(
    cls=FilonGroup,
    help="Users and roles: add, list, disable, enable users, change a role, set a password, link to Slack, make tokens.",
    no_args_is_help=True,
)
LoginArgument = Annotated[str, typer.Argument(help="The user's login, e.g. alice.martin")]
SlackIdOption = Annotated[
    str | None,
    typer.Option(
        "--slack-id",
        help="Their Slack member id (U012AB3CD: Slack profile, ⋮, Copy member ID)",
    ),
]
PasswordOption = Annotated[
    str | None,
    typer.Option(
        "--password",
        help="The password (asked for, hidden, when not given: prefer that, shells keep history)",
    ),
]


@app.command("add")
def add(
    login: LoginArgument,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="rep, manager or admin (default: rep; admin for the very first user)"
        ),
    ] = None,
    display_name: Annotated[
        str | None, typer.Option("--display-name", help='The name shown, e.g. "Alice Martin"')
    ] = None,
    password: PasswordOption = None,
    no_password: Annotated[
        bool,
        typer.Option("--no-password", help="No password: the user logs in another way (OAuth)"),
    ] = False,
    slack_id: SlackIdOption = None,
    user: UserOption = "rep",
) -> None:
    """Add a user."""
    language = terminal_language()
    new_login, by = check_user(login), check_user(user)
    wanted = check_role(role) if role is not None else None
    if no_password and password is not None:
        fail(t("users.cli.password_and_none", language))
    secret = None if no_password else password if password is not None else _ask(language)
    with store_engine(load_settings()) as engine:
        first = not list_users(engine)
        added = add_user(
            engine,
            login=new_login,
            by=by,
            role=wanted,
            display_name=display_name,
            password=secret,
            slack_id=slack_id,
        )
    typer.echo(t("users.cli.added", language, **_said(added, language)))
    if first:
        typer.echo(t("users.cli.first_user", language, role=_role(added, language)))
    if added.slack_id:
        typer.echo(t("users.cli.slack_linked", language, **_said(added, language)))


@app.command("list")
def list_command(
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Show the users, their role and whether they are active."""
    acting(user)
    with store_engine(load_settings()) as engine:
        found = list_users(engine)
    if json_output:
        typer.echo(json.dumps({"users": [_json(item) for item in found]}, ensure_ascii=False))
        return
    _print(found, terminal_language())


@app.command("disable")
def disable(login: LoginArgument, user: UserOption = "rep") -> None:
    """Disable a user: they can no longer log in nor act; what they did stays theirs."""
    language = terminal_language()
    target, by = check_user(login), check_user(user)
    with store_engine(load_settings()) as engine:
        changed = disable_user(engine, login=target, by=by)
    typer.echo(t("users.cli.disabled", language, **_said(changed, language)))


@app.command("enable")
def enable(login: LoginArgument, user: UserOption = "rep") -> None:
    """Enable a disabled user again."""
    language = terminal_language()
    target, by = check_user(login), check_user(user)
    with store_engine(load_settings()) as engine:
        changed = enable_user(engine, login=target, by=by)
    typer.echo(t("users.cli.enabled", language, **_said(changed, language)))


@app.command("role")
def role_command(
    login: LoginArgument,
    role: Annotated[str, typer.Argument(help="rep, manager or admin")],
    user: UserOption = "rep",
) -> None:
    """Give a user another role (an admin only; the last active admin stays one)."""
    language = terminal_language()
    target, by, wanted = check_user(login), check_user(user), check_role(role)
    with store_engine(load_settings()) as engine:
        changed = set_role(engine, login=target, role=wanted, by=by)
    typer.echo(t("users.cli.role_set", language, **_said(changed, language)))


@app.command("passwd")
def passwd(login: LoginArgument, password: PasswordOption = None, user: UserOption = "rep") -> None:
    """Set a user's password (an admin anyone's, a user their own)."""
    language = terminal_language()
    target, by = check_user(login), check_user(user)
    secret = password if password is not None else _ask(language)
    with store_engine(load_settings()) as engine:
        changed = set_password(engine, login=target, password=secret, by=by)
    typer.echo(t("users.cli.password_set", language, **_said(changed, language)))


@app.command("link")
def link(
    login: LoginArgument,
    slack_id: Annotated[
        str,
        typer.Option(
            "--slack-id", help="Their Slack member id (U012AB3CD: Slack profile, ⋮, Copy member ID)"
        ),
    ],
    user: UserOption = "rep",
) -> None:
    """Link a user to their Slack account: their messages to Filon in Slack run as them."""
    language = terminal_language()
    target, by = check_user(login), check_user(user)
    with store_engine(load_settings()) as engine:
        changed = link_slack(engine, login=target, slack_id=slack_id, by=by)
    typer.echo(t("users.cli.slack_linked", language, **_said(changed, language)))


@app.command("unlink")
def unlink(login: LoginArgument, user: UserOption = "rep") -> None:
    """Remove a user's link to Slack."""
    language = terminal_language()
    target, by = check_user(login), check_user(user)
    with store_engine(load_settings()) as engine:
        changed = unlink_slack(engine, login=target, by=by)
    typer.echo(t("users.cli.slack_unlinked", language, **_said(changed, language)))


# Personal access tokens, after the users' own commands in `filon users --help`.
app.command("token")(user_tokens.token)
app.command("tokens")(user_tokens.tokens)
app.command("revoke-token")(user_tokens.revoke)


def _ask(language: Language) -> str:
    """A password typed twice, hidden; a weak one or two that differ is one line."""
    first = typer.prompt(t("users.cli.password_prompt", language), hide_input=True)
    check_password(first)
    again = typer.prompt(t("users.cli.password_again", language), hide_input=True)
    if again != first:
        fail(t("users.cli.passwords_differ", language))
    return str(first)


def _role(user: UserInfo, language: Language) -> str:
    return t(f"users.role.{user.role}", language)


def _said(user: UserInfo, language: Language) -> dict[str, str]:
    name = user.display_name or login_name(user.login)
    return {
        "login": user.login,
        "name": name,
        "role": _role(user, language),
        "slack_id": user.slack_id or "",
    }


def _json(user: UserInfo) -> dict[str, object]:
    return {
        "login": user.login,
        "display_name": user.display_name,
        "role": user.role,
        "active": user.active,
        "has_password": user.has_password,
        "slack_id": user.slack_id,
        "created_at": user.created_at.isoformat(),
        "updated_at": user.updated_at.isoformat(),
    }


def _print(found: list[UserInfo], language: Language) -> None:
    console = Console()
    if not found:
        console.print(t("users.cli.none", language))
        return
    table = Table(title=escape(t("users.cli.title", language, count=len(found))))
    for column in ("login", "name", "role", "status", "password", "slack", "since"):
        table.add_column(t(f"users.cli.column.{column}", language))
    for item in found:
        table.add_row(
            escape(item.login),
            escape(item.display_name or ""),
            _role(item, language),
            t(f"users.cli.{'active' if item.active else 'disabled_status'}", language),
            t(f"users.cli.{'yes' if item.has_password else 'no'}", language),
            escape(item.slack_id or ""),
            format_date(item.created_at, language),
        )
    console.print(table)
