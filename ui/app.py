"""The Chainlit app: Chainlit events in, graph runs out, results rendered as a rep expects.

Started by `filon ui` (never imported elsewhere: importing Chainlit writes into the current
folder). Each browser session gets a `Conversation` whose thread id is Chainlit's thread id;
every typed request and every button goes through the same chat graph and tools.
Everything shown as Markdown goes through `ui.safe_markdown` (answers as they stream too), and
tool output is shown verbatim in code blocks: data and model text never load or link outside.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import chainlit as cl
from chainlit.config import config as chainlit_config
from chainlit.input_widget import InputWidget, Select
from chainlit.server import app as chainlit_server
from chainlit.utils import utc_now

from agent.artifacts import Artifact, read_artifact
from agent.chat import AnswerToken, ToolFinished, ToolStarted, TurnFinished, TurnResult
from agent.i18n import Language
from ui.answer_stream import SafeAnswer
from ui.conversation import MAX_MESSAGE_CHARS, Conversation
from ui.failures import failure_text, is_store_failure
from ui.origin_guard import OriginGuard
from ui.origins import origin_policy
from ui.render import (
    CREATE_LIST,
    EXPORT_CSV,
    SHOW_COMPANY,
    artifact_csv,
    artifact_sirens,
    render_artifact,
)
from ui.runtime import reset_runtime, ui_settings
from ui.safe_markdown import DEFAULT_HOSTS, code_block, link_hosts, sanitize_markdown
from ui.texts import text, ui_language

AUTHOR = "Filon"
SOURCES = ("local", "api", "auto")
STEP_OUTPUT_CHARS = 2_000

# Chainlit loads this module before it serves: the guard is in front of every request.
chainlit_server.add_middleware(
    OriginGuard,
    policy=origin_policy(
        chainlit_config.run.host, chainlit_config.run.port, ui_settings().ui_allowed_origins
    ),
    language=ui_settings().language,
)


def _browser_language() -> Language:
    """The session's language from the browser's Accept-Language (French by default)."""
    return ui_language(getattr(cl.context.session, "language", None))


def _conversation() -> Conversation:
    conversation = cl.user_session.get("conversation")
    if conversation is None:  # a reconnected session whose chat start did not run again
        conversation = Conversation(
            ui_settings(), _browser_language(), cl.context.session.thread_id
        )
        cl.user_session.set("conversation", conversation)
    return conversation


async def _say(content: str, hosts: frozenset[str] = DEFAULT_HOSTS, **extra: Any) -> None:
    safe = sanitize_markdown(content, hosts)
    await cl.Message(content=safe, author=AUTHOR, **extra).send()


@cl.set_starters
async def starters(user: Any = None, language: str | None = None) -> list[cl.Starter]:
    """Example requests on an empty chat, in the browser's language."""
    lang = ui_language(language)
    keys = ("starter_search", "starter_pipeline", "starter_leads", "starter_help")
    return [cl.Starter(label=text(key, lang), message=text(key, lang)) for key in keys]


@cl.on_chat_start
async def start() -> None:
    """Open the conversation, offer the company-source setting, say when offline."""
    settings = ui_settings()
    conversation = Conversation(settings, _browser_language(), cl.context.session.thread_id)
    cl.user_session.set("conversation", conversation)
    lang = conversation.language
    items = {text(f"source_{name}", lang): name for name in SOURCES}
    widgets: list[InputWidget] = [
        Select(
            id="company_source",
            label=text("setting_source", lang),
            items=items,
            initial_value=settings.company_source,
        )
    ]
    await cl.ChatSettings(widgets).send()
    if settings.offline:
        await cl.context.emitter.send_toast(text("offline", lang), "info")
    try:
        await conversation.chat()
    except Exception as error:
        if not is_store_failure(error):
            raise
        await reset_runtime()
        await _say(failure_text(error, lang))


@cl.on_chat_end
async def end() -> None:
    """Close the conversation's chat session."""
    conversation = cl.user_session.get("conversation")
    if conversation is not None:
        await conversation.close()


@cl.on_settings_update
async def settings_update(values: dict[str, Any]) -> None:
    """Apply the company source chosen in the chat settings."""
    source = values.get("company_source")
    if source not in SOURCES:
        return
    conversation = _conversation()
    await conversation.use_source(source)
    label = text(f"source_{source}", conversation.language)
    await cl.context.emitter.send_toast(text("source_changed", conversation.language, source=label))


@cl.on_message
async def message(incoming: cl.Message) -> None:
    """A typed request: one turn of the chat graph."""
    await run_turn(_conversation(), incoming.content or "")


async def run_turn(conversation: Conversation, raw: str, *, echo: bool = False) -> None:
    """Run one request through the graph, streaming the answer and showing tools and results."""
    lang = conversation.language
    request = raw.strip()
    if not request:
        await _say(text("empty", lang))
        return
    if len(request) > MAX_MESSAGE_CHARS:
        await _say(text("too_long", lang, length=len(request), limit=MAX_MESSAGE_CHARS))
        return
    if conversation.lock.locked():
        await _say(text("busy", lang))
        return
    async with conversation.lock:
        if echo:
            await cl.Message(content=request, type="user_message", author="rep").send()
        if conversation.settings.offline and not conversation.offline_noted:
            conversation.offline_noted = True
            await _say(text("offline", lang))
        try:
            result = await _stream_turn(conversation, request)
        except Exception as error:
            if not is_store_failure(error):
                raise
            await conversation.close()
            await reset_runtime()
            await _say(failure_text(error, lang))
            return
        artifacts = [read_artifact(raw) for raw in result.artifacts]
        hosts = link_hosts([artifact for artifact in artifacts if artifact is not None])
        for artifact in artifacts:
            if artifact is not None:
                await _show(conversation, artifact, hosts)


async def _stream_turn(conversation: Conversation, request: str) -> TurnResult:
    chat = await conversation.chat()
    answer = cl.Message(content="", author=AUTHOR)
    safe = SafeAnswer()
    steps: dict[str, cl.Step] = {}
    result: TurnResult | None = None
    async for event in chat.stream(request, thread_id=conversation.thread_id):
        if isinstance(event, AnswerToken):
            if update := safe.add(event.text):
                await answer.stream_token(update.token, is_sequence=update.is_sequence)
        elif isinstance(event, ToolStarted):
            step = cl.Step(name=event.name, type="tool", show_input="json")
            step.input = code_block(json.dumps(event.args, ensure_ascii=False, indent=1), "json")
            step.start = utc_now()
            await step.send()
            steps[event.call_id] = step
        elif isinstance(event, ToolFinished):
            artifact = read_artifact(event.artifact)
            if artifact is not None:
                safe.allow([artifact])
            await _finish_step(steps.pop(event.call_id, None), event, conversation.language)
        elif isinstance(event, TurnFinished):
            result = event.result
    if result is None:
        raise RuntimeError("the chat graph ended without finishing the turn")
    answer.content = safe.final(result.answer)
    await answer.send()
    return result


async def _finish_step(step: cl.Step | None, event: ToolFinished, lang: Language) -> None:
    if step is None:
        step = cl.Step(name=event.name, type="tool")
        step.start = utc_now()
    duration = f"{event.duration_ms:.0f} ms" if event.duration_ms is not None else "?"
    status = text(f"status_{event.status}", lang)
    done = sanitize_markdown(text("step_done", lang, status=status, duration=duration))
    # What the model read, as it read it: verbatim, where no Markdown renders.
    step.output = f"{done}\n\n{code_block(event.content[:STEP_OUTPUT_CHARS])}"
    step.is_error = event.status == "error"
    step.metadata = {"status": event.status, "duration_ms": event.duration_ms}
    step.end = utc_now()
    await step.update()


async def _show(conversation: Conversation, artifact: Artifact, hosts: frozenset[str]) -> None:
    result_id = conversation.remember(artifact)
    rendered = render_artifact(artifact, conversation.language, result_id=result_id)
    if rendered is None:
        return
    elements: list[Any] = []
    if rendered.svg:
        elements.append(
            cl.Image(
                name="pipeline.svg",
                content=rendered.svg.encode("utf-8"),
                mime="image/svg+xml",
                display="inline",
                size="large",
            )
        )
    actions = [
        cl.Action(name=spec.name, payload=spec.payload, label=spec.label)
        for spec in rendered.actions
    ]
    await _say(rendered.markdown, hosts, elements=elements, actions=actions)


def _shown_result(conversation: Conversation, action: cl.Action) -> Artifact | None:
    return conversation.result(action.payload.get("result"))


@cl.action_callback(EXPORT_CSV)
async def export_csv(action: cl.Action) -> None:
    """The shown rows as a downloadable CSV file (UTF-8 with BOM, `;`-separated)."""
    conversation = _conversation()
    artifact = _shown_result(conversation, action)
    if artifact is None:
        await _say(text("expired", conversation.language))
        return
    name, data = artifact_csv(artifact)
    rows = max(data.count(b"\r\n") - 1, 0)
    csv_file = cl.File(name=name, content=data, mime="text/csv", display="inline")
    await _say(text("csv_ready", conversation.language, rows=rows), elements=[csv_file])


@cl.action_callback(CREATE_LIST)
async def create_list(action: cl.Action) -> None:
    """A lead list of the shown companies: the same request a rep would type, through the graph."""
    conversation = _conversation()
    artifact = _shown_result(conversation, action)
    sirens = artifact_sirens(artifact) if artifact else []
    if not sirens:
        await _say(text("expired", conversation.language))
        return
    lang = conversation.language
    name = text("list_name", lang, when=datetime.now().strftime("%d/%m/%Y %H:%M"))
    request = text("request_create_list", lang, name=name, sirens=", ".join(sirens))
    await run_turn(conversation, request, echo=True)


@cl.action_callback(SHOW_COMPANY)
async def show_company(action: cl.Action) -> None:
    """The company's record (get_company), asked through the graph like a typed request."""
    conversation = _conversation()
    siren = str(action.payload.get("siren") or "")
    if not siren.isdigit():
        await _say(text("expired", conversation.language))
        return
    request = text("request_show_company", conversation.language, siren=siren)
    await run_turn(conversation, request, echo=True)
