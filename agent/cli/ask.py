"""`filon ask "MESSAGE"`: one agent turn, as text or as one JSON document."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Annotated

import typer

from agent.chat import ThreadBusy, TurnResult, new_thread_id, open_chat_session
from agent.cli.common import fail, load_settings
from agent.context import Role
from agent.i18n import t
from agent.memory import MemoryUnavailable
from agent.settings import Settings
from store.db import StoreUnavailable

ThreadOption = Annotated[
    str | None, typer.Option("--thread", help="Conversation id to continue (default: a new one)")
]
UserOption = Annotated[str, typer.Option(help="Who is asking (shown to the model)")]
RoleOption = Annotated[str, typer.Option(help="rep or manager")]


def ask(
    message: Annotated[str, typer.Argument(help='What to ask, e.g. "trouve des ESN à Lyon"')],
    thread: ThreadOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    user: UserOption = "rep",
    role: RoleOption = "rep",
) -> None:
    """Ask Filon one question (one agent turn); --thread continues a conversation."""
    if not message.strip():
        fail('empty message: say what you want, e.g. filon ask "trouve des ESN à Lyon"')
    checked_role = check_role(role)
    settings = load_settings()
    thread_id = thread or new_thread_id()
    try:
        result = asyncio.run(_ask(settings, message, thread_id, user, checked_role))
    except (StoreUnavailable, MemoryUnavailable) as error:
        fail(str(error))
    except ThreadBusy as busy:  # nothing was recorded: say so, with "try again later" as the code
        fail(t("concurrency.thread_busy", settings.language, thread=busy.thread_id), os.EX_TEMPFAIL)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if json_output:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        typer.echo(result.answer)
    if thread is None:
        typer.echo(
            f"filon: conversation {thread_id} (continue with --thread {thread_id})", err=True
        )


def check_role(role: str) -> Role:
    """The role, or a one-line error."""
    if role == "rep":
        return "rep"
    if role == "manager":
        return "manager"
    fail(f"unknown role {role!r}: use rep or manager")


async def _ask(
    settings: Settings, message: str, thread_id: str, user: str, role: Role
) -> TurnResult:
    async with open_chat_session(settings, user=user, role=role) as session:
        return await session.ask(message, thread_id=thread_id)
