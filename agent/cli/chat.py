"""`filon chat`: a terminal conversation with streamed answers; /quit or Ctrl-D to leave."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from agent.cli.ask import RoleOption, ThreadOption, UserOption, check_role, check_user
from agent.cli.common import load_settings, store_engine
from agent.i18n import t
from agent.settings import Settings

if TYPE_CHECKING:  # the chat stack is imported when a chat starts: other commands start faster
    from sqlalchemy.engine import Engine

    from agent.chat import ChatSession
    from agent.context import Role

QUIT = {"/quit", "/exit", "/q"}


def chat(thread: ThreadOption = None, user: UserOption = "rep", role: RoleOption = "rep") -> None:
    """Chat with Filon in the terminal (answers stream as they are written)."""
    checked_role = check_role(role)
    user = check_user(user)
    settings = load_settings()
    from agent.chat import new_thread_id

    try:
        with store_engine(settings) as engine:
            asyncio.run(_chat(settings, engine, thread or new_thread_id(), user, checked_role))
    except KeyboardInterrupt:
        typer.echo("", err=True)


async def _chat(settings: Settings, engine: Engine, thread_id: str, user: str, role: Role) -> None:
    from agent.chat import ThreadBusy, open_chat_session
    from agent.runtime import open_runtime

    console = Console(highlight=False)
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user=user, role=role) as session,
    ):
        mode = "hors ligne (sans clé OPENAI_API_KEY)" if settings.offline else session.model
        console.print(f"[bold]Filon[/bold] — modèle : {mode}")
        console.print(f"[dim]conversation {thread_id} · /quit ou Ctrl-D pour quitter[/dim]")
        while True:
            try:
                text = await asyncio.to_thread(console.input, "[bold cyan]vous ›[/] ")
            except EOFError:
                console.print()
                return
            if text.strip() in QUIT:
                return
            if not text.strip():
                continue
            try:
                await _turn(console, session, text, thread_id)
            except ThreadBusy as busy:  # the same conversation is running elsewhere: say so
                message = t("concurrency.thread_busy", settings.language, thread=busy.thread_id)
                console.print(message, markup=False)


async def _turn(console: Console, session: ChatSession, text: str, thread_id: str) -> None:
    from agent.chat import AnswerToken, ToolFinished, ToolStarted

    line_open = False  # whether the cursor sits after text on an "filon ›" line
    async for event in session.stream(text, thread_id=thread_id):
        if isinstance(event, AnswerToken):
            if not line_open:
                console.print("[bold green]filon ›[/] ", end="")
                line_open = True
            console.print(event.text, end="", markup=False)
        elif isinstance(event, ToolStarted):
            if line_open:
                console.print()
                line_open = False
            args = json.dumps(event.args, ensure_ascii=False)
            console.print(f"[dim]→ {event.name} {args}[/dim]", end="")
        elif isinstance(event, ToolFinished):
            mark = "✓" if event.status == "success" else "✗"
            took = f" {event.duration_ms:.0f} ms" if event.duration_ms is not None else ""
            console.print(f"[dim] {mark}{took}[/dim]")
    console.print()
