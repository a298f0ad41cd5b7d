"""`filon chat`: a terminal conversation with streamed answers.

`exit`, `quit`, `q`, `bye`, `au revoir` (or /quit, /exit), Ctrl-D or Ctrl-C at the prompt
leave at once; Ctrl-C during an answer stops that answer. The prompt is read in the main
thread, between turns that each run on one long-lived event loop (`asyncio.Runner`): a prompt
read in a worker thread could not be interrupted, and Ctrl-C waited for Enter.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from agent.cli.ask import RoleOption, ThreadOption, UserOption, check_role, check_user
from agent.cli.common import act_as, load_settings, store_engine
from agent.i18n import Language, t
from agent.i18n.markdown import PlainText
from agent.settings import Settings

if TYPE_CHECKING:  # the chat stack is imported when a chat starts: other commands start faster
    from sqlalchemy.engine import Engine

    from agent.chat import ChatSession
    from agent.context import Role

QUIT = {"/quit", "/exit", "/q", "exit", "quit", "q", "bye", "au revoir", "au revoir !"}


def chat(thread: ThreadOption = None, user: UserOption = "rep", role: RoleOption = None) -> None:
    """Chat with Filon in the terminal (answers stream as they are written)."""
    checked_role = check_role(role) if role is not None else None
    user = check_user(user)
    act_as(user, checked_role)
    settings = load_settings()
    from agent.chat import new_thread_id

    try:
        with store_engine(settings) as engine, asyncio.Runner() as runner:
            _Chat(settings, engine, thread or new_thread_id(), runner).run(user, checked_role)
    except KeyboardInterrupt:  # while the chat opens or closes: leave quietly all the same
        typer.echo("", err=True)


def wants_to_leave(text: str) -> bool:
    """Whether a line typed at the prompt means "leave" (exit, quit, au revoir…)."""
    return " ".join(text.strip().casefold().split()) in QUIT


class _Chat:
    """The prompt loop: a line read here, a turn run on the runner's loop."""

    def __init__(self, settings: Settings, engine: Engine, thread_id: str, runner: asyncio.Runner):
        self.settings = settings
        self.engine = engine
        self.thread_id = thread_id
        self.runner = runner
        self.language: Language = settings.language
        self.console = Console(highlight=False)

    def run(self, user: str, role: Role | None) -> None:
        stack = AsyncExitStack()
        try:
            session = self.runner.run(self._open(stack, user, role))
            self._greet(session)
            while (text := self._prompt()) is not None:
                if text.strip():
                    self._turn(session, text)
        finally:
            self.runner.run(stack.aclose())

    async def _open(self, stack: AsyncExitStack, user: str, role: Role | None) -> ChatSession:
        from agent.chat import open_chat_session
        from agent.runtime import open_runtime

        runtime = await stack.enter_async_context(open_runtime(self.settings, engine=self.engine))
        return await stack.enter_async_context(open_chat_session(runtime, user=user, role=role))

    def _greet(self, session: ChatSession) -> None:
        from agent.chat.empty_store import store_has_no_company

        lang = self.language
        model = t("ui_polish.chat_offline", lang) if self.settings.offline else session.model
        self.console.print(
            f"[bold]{t('ui_polish.chat_banner', lang, model=model)}[/bold]", markup=True
        )
        self.console.print(t("ui_polish.chat_hint", lang, thread=self.thread_id), style="dim")
        if store_has_no_company(self.engine, self.settings.company_source):
            self.console.print(t("ui_polish.empty_store_cli", lang), style="yellow", markup=False)

    def _prompt(self) -> str | None:
        """The next line typed, or None to leave (a leaving word, Ctrl-D, Ctrl-C)."""
        try:
            text = self.console.input(f"[bold cyan]{t('ui_polish.chat_prompt', self.language)}[/]")
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            return None
        return None if wants_to_leave(text) else text

    def _turn(self, session: ChatSession, text: str) -> None:
        from agent.chat import ThreadBusy
        from agent.cli.failures import user_error_line
        from agent.users import UserRequestError

        try:
            self.runner.run(_stream(self.console, session, text, self.thread_id))
        except KeyboardInterrupt:  # stops this answer, not the chat
            self.console.print()
            self.console.print(t("ui_polish.chat_interrupted", self.language), style="dim")
        except ThreadBusy as busy:  # the same conversation is running elsewhere: say so
            message = t("concurrency.thread_busy", self.language, thread=busy.thread_id)
            self.console.print(message, markup=False)
        except UserRequestError as refused:  # someone else's thread, a user disabled since
            self.console.print(user_error_line(refused, self.language), markup=False)


async def _stream(console: Console, session: ChatSession, text: str, thread_id: str) -> None:
    from agent.chat import AnswerToken, ToolFinished, ToolStarted

    line_open = False  # whether the cursor sits after text on an "filon ›" line
    plain = PlainText()  # the answer is Markdown: a terminal shows it without its escapes
    async for event in session.stream(text, thread_id=thread_id):
        if isinstance(event, AnswerToken):
            if not line_open:
                console.print("[bold green]filon ›[/] ", end="")
                line_open = True
            console.print(plain.feed(event.text), end="", markup=False)
        elif isinstance(event, ToolStarted):
            if line_open:
                console.print(plain.end())
                line_open = False
            args = json.dumps(event.args, ensure_ascii=False)
            console.print(f"→ {event.name} {args}", end="", style="dim", markup=False)
        elif isinstance(event, ToolFinished):
            mark = "✓" if event.status == "success" else "✗"
            took = f" {event.duration_ms:.0f} ms" if event.duration_ms is not None else ""
            console.print(f" {mark}{took}", style="dim", markup=False)
    console.print(plain.end())
