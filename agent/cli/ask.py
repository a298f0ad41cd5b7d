"""`filon ask "MESSAGE"`: one agent turn, as text or as one JSON document."""

from __future__ import annotations

import asyncio
import json
import os
from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import act_as, fail, load_settings, say, store_engine, terminal_language
from agent.i18n import t
from agent.i18n.markdown import unescape_markdown
from agent.settings import Settings

if TYPE_CHECKING:  # the chat stack is imported when a turn runs: other commands start faster
    from sqlalchemy.engine import Engine

    from agent.chat import TurnResult
    from agent.context import Role

ThreadOption = Annotated[
    str | None, typer.Option("--thread", help="Conversation id to continue (default: a new one)")
]
UserOption = Annotated[str, typer.Option(help="Who is asking (shown to the model)")]
RoleOption = Annotated[
    str | None, typer.Option(help="rep, manager or admin (default: your own role)")
]
SEARCH_TOOLS = ("search_companies", "get_company")


def ask(
    message: Annotated[str, typer.Argument(help='What to ask, e.g. "trouve des ESN à Lyon"')],
    thread: ThreadOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    user: UserOption = "rep",
    role: RoleOption = None,
) -> None:
    """Ask Filon one question (one agent turn); --thread continues a conversation (your own)."""
    if not message.strip():
        say("cli.ask.empty")
    checked_role = check_role(role) if role is not None else None
    user = check_user(user)
    act_as(user, checked_role)
    settings = load_settings()
    from agent.chat import ThreadBusy, new_thread_id
    from agent.chat.empty_store import store_has_no_company

    thread_id = thread or new_thread_id()
    try:
        with store_engine(settings) as engine:
            result = asyncio.run(_ask(settings, engine, message, thread_id, user, checked_role))
            empty = _searched(result) and store_has_no_company(engine, settings.company_source)
    except ThreadBusy as busy:  # nothing was recorded: say so, with "try again later" as the code
        fail(t("concurrency.thread_busy", settings.language, thread=busy.thread_id), os.EX_TEMPFAIL)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if empty:  # "no company matches, widen the area" would send them looking elsewhere
        typer.echo(f"filon: {t('ui_polish.empty_store_cli', terminal_language())}", err=True)
    if json_output:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:  # a terminal shows the text, not the Markdown escapes a renderer would drop
        typer.echo(unescape_markdown(result.answer))
    if thread is None:
        note = t("cli.ask.new_thread", terminal_language(), thread=thread_id)
        typer.echo(f"filon: {note}", err=True)


def _searched(result: TurnResult) -> bool:
    """Whether the turn looked companies up (what an empty store answers wrongly)."""
    return any(call["name"] in SEARCH_TOOLS for call in result.tool_calls)


def check_role(role: str) -> Role:
    """The role, or a one-line error."""
    from agent import context as identity

    try:
        return identity.check_role(role)
    except identity.InvalidIdentity:
        say("cli.ask.unknown_role", role=role)


def check_user(user: str) -> str:
    """The user's login, or a one-line error."""
    from agent import context as identity

    try:
        return identity.check_user(user)
    except identity.InvalidIdentity:
        say("cli.ask.bad_user", user=user)


async def _ask(
    settings: Settings, engine: Engine, message: str, thread_id: str, user: str, role: Role | None
) -> TurnResult:
    from agent.chat import open_chat_session
    from agent.runtime import open_runtime

    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user=user, role=role) as session,
    ):
        return await session.ask(message, thread_id=thread_id)
