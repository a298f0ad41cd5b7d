"""One turn as the rep sees it, whether typed or asked by a button: one answer message, its
tool steps under it, and what the tools found (tables, chart, file, buttons) in it.

The answer streams as the model writes it, sanitized; once a tool's result is known, the
answer's list items that only repeat its table are left out (`ui.answer_rows`), so the rep
reads the count and what to ask next, then the table, once. Everything shown as Markdown goes
through `ui.safe_markdown`.
"""

from __future__ import annotations

import logging
from typing import Any

import chainlit as cl

from agent.artifacts import read_artifact
from agent.chat import (
    AnswerToken,
    ThreadBusy,
    ToolFinished,
    ToolProgress,
    ToolStarted,
    TurnFinished,
    TurnResult,
)
from agent.i18n import t
from agent.tools import tools_by_name
from agent.users import UserRequestError
from ui.answer_stream import SafeAnswer
from ui.buttons import ActionSpec
from ui.conversation import MAX_MESSAGE_CHARS, Conversation
from ui.data_table import ELEMENT
from ui.failures import failure_text, is_store_failure
from ui.login import refusal_text
from ui.render import Rendered, render_artifact
from ui.replay import LINK_HOSTS
from ui.runtime import reset_runtime
from ui.safe_markdown import DEFAULT_HOSTS, sanitize_markdown
from ui.steps import ToolSteps
from ui.texts import text

AUTHOR = "Filon"
EXPORT_TOOL = "export_csv"
_LATEST_ACTIONS = "latest_actions"  # user-session key: buttons about the latest result

log = logging.getLogger("filon.ui")


async def say(content: str, hosts: frozenset[str] = DEFAULT_HOSTS, **extra: Any) -> None:
    """A message from Filon, sanitized."""
    safe = sanitize_markdown(content, hosts)
    await cl.Message(content=safe, author=AUTHOR, **extra).send()


def exports_all() -> bool:
    """Whether "Exporter en CSV" can ask for every match (an export tool is registered)."""
    return EXPORT_TOOL in tools_by_name()


async def run_turn(conversation: Conversation, raw: str, *, echo: bool = False) -> None:
    """Run one request through the graph; `echo` shows it first as the rep's (a button's)."""
    lang = conversation.language
    request = raw.strip()
    if not request:
        await say(text("empty", lang))
        return
    if len(request) > MAX_MESSAGE_CHARS:
        await say(text("too_long", lang, length=len(request), limit=MAX_MESSAGE_CHARS))
        return
    if conversation.lock.locked():
        await say(text("busy", lang))
        return
    async with conversation.lock:
        if echo:  # a button: shown as asked, and running like a typed request
            await cl.Message(content=request, type="user_message", author=conversation.user).send()
            await cl.context.emitter.task_start()
        try:
            await _notices(conversation)
            await _answer(conversation, request)
        except ThreadBusy as busy:  # the same conversation runs elsewhere: nothing was recorded
            await say(t("concurrency.thread_busy", lang, thread=busy.thread_id))
        except UserRequestError as refused:  # an unknown or disabled user, another's thread
            await conversation.close()
            await say(refusal_text(refused, lang))
        except Exception as error:
            if not is_store_failure(error):
                raise
            await conversation.close()
            await reset_runtime()
            await say(failure_text(error, lang))
        finally:
            if echo:
                await cl.context.emitter.task_end()


async def _notices(conversation: Conversation) -> None:
    """What the rep should know before the first answer: offline mode, an empty store."""
    lines = []
    if conversation.settings.offline and not conversation.offline_noted:
        conversation.offline_noted = True
        lines.append(text("offline", conversation.language))
    if await conversation.store_is_empty():
        lines.append(text("empty_store", conversation.language))
    if lines:
        await say("\n\n".join(lines))


async def _answer(conversation: Conversation, request: str) -> None:
    chat = await conversation.chat()
    answer = _Answer(conversation)
    async for event in chat.stream(request, thread_id=conversation.thread_id):
        if isinstance(event, AnswerToken):
            await answer.token(event.text)
        elif isinstance(event, ToolStarted):
            await answer.tool_started(event)
        elif isinstance(event, ToolProgress):
            await answer.steps.progress(event)
        elif isinstance(event, ToolFinished):
            await answer.tool_finished(event)
        elif isinstance(event, TurnFinished):
            await answer.finish(event.result)
            return
    raise RuntimeError("the chat graph ended without finishing the turn")


class _Answer:
    """The turn's answer message, sent at the first event; its steps and results."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.language = conversation.language
        self.message = cl.Message(content="", author=AUTHOR)
        self.safe = SafeAnswer()
        self.steps = ToolSteps(self.message, self.language)
        self.results: list[Rendered] = []
        self._sent = False

    async def _send(self) -> None:
        if not self._sent:
            self._sent = True
            await self.message.send()

    async def token(self, token: str) -> None:
        await self._send()
        if update := self.safe.add(token):
            await self.message.stream_token(update.token, is_sequence=update.is_sequence)

    async def tool_started(self, event: ToolStarted) -> None:
        await self._send()
        await self.steps.start(event)

    async def tool_finished(self, event: ToolFinished) -> None:
        await self._send()
        artifact = read_artifact(event.artifact)
        await self.steps.finish(event, artifact)
        if artifact is None:
            return
        self.safe.allow([artifact])
        result_id = self.conversation.remember(artifact)
        rendered = render_artifact(
            artifact, self.language, result_id=result_id, exports_all=exports_all()
        )
        if rendered is not None:
            self.safe.leave_out(rendered.row_keys)
            self.results.append(rendered)

    async def finish(self, result: TurnResult) -> None:
        await self._send()
        lines = [self.safe.final(result.answer)]
        lines += [
            sanitize_markdown(r.markdown, self.safe.hosts) for r in self.results if r.markdown
        ]
        self.message.content = "\n\n".join(line for line in lines if line.strip())
        if hosts := sorted(self.safe.hosts - DEFAULT_HOSTS):  # kept with the saved answer
            self.message.metadata = {**(self.message.metadata or {}), LINK_HOSTS: hosts}
        self.message.elements = [e for r in self.results for e in self._elements(r)]
        actions = [spec for r in self.results for spec in r.actions]
        self.message.actions = [_action(spec) for spec in actions]
        if any(r.latest_result for r in self.results):
            latest = zip(self.message.actions, actions, strict=True)
            await _retire_latest_actions([action for action, spec in latest if spec.latest_only])
        await self.message.update()

    def _elements(self, rendered: Rendered) -> list[Any]:
        elements: list[Any] = [
            cl.Image(
                name=chart.name,
                content=chart.svg.encode("utf-8"),
                mime="image/svg+xml",
                display="inline",
                size="large",
            )
            for chart in rendered.charts
        ]
        elements += [
            cl.CustomElement(name=ELEMENT, props=table.props(self.language), display="inline")
            for table in rendered.tables
        ]
        if rendered.file:
            home = self.conversation.settings.ensure_home()
            if path := rendered.file.inside(home):
                elements.append(
                    cl.File(
                        name=rendered.file.name, path=str(path), mime="text/csv", display="inline"
                    )
                )
            else:
                log.warning("export file missing or outside FILON_HOME: %s", rendered.file.path)
        return elements


def _action(spec: ActionSpec) -> cl.Action:
    return cl.Action(name=spec.name, payload=spec.payload, label=spec.label, tooltip=spec.tooltip)


async def _retire_latest_actions(newest: list[cl.Action]) -> None:
    """Buttons about "the latest result" ("page 2") leave older results once a newer one is
    shown: pressed there, they would act on the newer one."""
    for action in cl.user_session.get(_LATEST_ACTIONS) or []:
        await action.remove()
    cl.user_session.set(_LATEST_ACTIONS, newest)
