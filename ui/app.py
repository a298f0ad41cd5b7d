"""The Chainlit app: Chainlit events in, graph runs out (see `ui.turns` for how a turn shows).

Started by `filon ui` (never imported elsewhere: importing Chainlit writes into the current
folder). Once the store has users, a person logs in first (`ui.login`). Each browser session gets
a `Conversation` of its person whose thread id is Chainlit's thread id;
every typed request and every button goes through the same chat graph and tools: a button
sends the request a rep would type ("Montre la fiche de l'entreprise 552100554"), except the
CSV export of shown rows while no export tool exists. Slack's events arrive at /slack/events on
the same server (`ui.slack`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import chainlit as cl
import chainlit.server
from chainlit.config import config as chainlit_config
from chainlit.input_widget import InputWidget, Select
from chainlit.server import app as chainlit_server

from agent.artifacts import Artifact
from agent.i18n import Language
from agent.users import UserRequestError
from ui.buttons import (
    ADD_COMPANY,
    CREATE_LIST,
    ENRICH,
    EXPORT_CSV,
    PAGE,
    SHOW_COMPANY,
    SHOW_LIST,
)
from ui.conversation import Conversation
from ui.crm_worker import ui_crm_worker
from ui.failures import failure_text, is_store_failure
from ui.header_guard import HeaderLoginGuard
from ui.local_page import serve_local_pages
from ui.login import enable_login, refusal_text, session_login
from ui.origin_guard import OriginGuard
from ui.origins import origin_policy
from ui.render import artifact_csv, artifact_sirens
from ui.runtime import reset_runtime, ui_settings
from ui.slack.endpoint import SlackEvents
from ui.texts import text, ui_language
from ui.turns import exports_all, run_turn, say

SOURCES = ("local", "api", "auto")

# Chainlit loads this module before it serves: the guard is in front of every request, and
# the page it serves loads nothing from another site.
chainlit_server.add_middleware(
    OriginGuard,
    policy=origin_policy(
        chainlit_config.run.host, chainlit_config.run.port, ui_settings().ui_allowed_origins
    ),
    language=ui_settings().language,
)
serve_local_pages(chainlit.server)
# Who is there: a login once the store has users (the mode `filon ui` decided), else nobody asked.
enable_login(ui_settings())
proxy_header = ui_settings().ui_auth_header
if ui_settings().ui_login == "header" and proxy_header:  # a login lasts while the proxy names it
    chainlit_server.add_middleware(
        HeaderLoginGuard, header=proxy_header, language=ui_settings().language
    )
# The CRM outbox is sent in the background while the UI runs (FILON_CRM_SYNC_INTERVAL; 0: off).
crm_worker = ui_crm_worker(ui_settings())
# Slack's events (mentions, direct messages), checked and answered on this server (docs/slack.md).
slack_events = SlackEvents(ui_settings())
slack_events.mount(chainlit_server)


@cl.on_app_startup
async def app_startup() -> None:
    """Start sending the CRM outbox in the background; open the store for Slack's events."""
    crm_worker.start()
    await slack_events.open()


@cl.on_app_shutdown
async def app_shutdown() -> None:
    """Stop the CRM sending and the Slack answers, then close the shared runtime."""
    await crm_worker.stop()
    await slack_events.turns.stop()
    await reset_runtime()


def _browser_language() -> Language:
    """The session's language from the browser's Accept-Language (French by default)."""
    return ui_language(getattr(cl.context.session, "language", None))


def _conversation() -> Conversation:
    conversation = cl.user_session.get("conversation")
    if conversation is None:  # a reconnected session whose chat start did not run again
        conversation = Conversation(
            ui_settings(), _browser_language(), cl.context.session.thread_id, session_login()
        )
        cl.user_session.set("conversation", conversation)
    return conversation


@cl.set_starters
async def starters(user: Any = None, language: str | None = None) -> list[cl.Starter]:
    """Example requests on an empty chat, in the browser's language."""
    lang = ui_language(language)
    keys = ("starter_search", "starter_pipeline", "starter_leads", "starter_help")
    return [cl.Starter(label=text(key, lang), message=text(key, lang)) for key in keys]


@cl.on_chat_start
async def start() -> None:
    """Open the conversation and offer the company-source setting (the offline note comes with
    the first answer: a message now would hide the example requests)."""
    settings = ui_settings()
    conversation = Conversation(
        settings, _browser_language(), cl.context.session.thread_id, session_login()
    )
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
    try:
        await conversation.chat()
    except UserRequestError as refused:  # disabled since they logged in; or users came since
        await say(refusal_text(refused, lang))
    except Exception as error:
        if not is_store_failure(error):
            raise
        await reset_runtime()
        await say(failure_text(error, lang))


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


def _shown_result(conversation: Conversation, action: cl.Action) -> Artifact | None:
    return conversation.result(action.payload.get("result"))


def _siren(action: cl.Action) -> str | None:
    siren = str(action.payload.get("siren") or "")
    return siren if siren.isdigit() and len(siren) == 9 else None


@cl.action_callback(EXPORT_CSV)
async def export_csv(action: cl.Action) -> None:
    """Every match as a CSV file, asked through the graph; while no export tool exists, the
    shown rows, written here (UTF-8 with BOM, `;`-separated)."""
    conversation = _conversation()
    lang = conversation.language
    if action.payload.get("all") and exports_all():
        await run_turn(conversation, text("request_export_all", lang), echo=True)
        return
    artifact = _shown_result(conversation, action)
    if artifact is None:
        await say(text("expired", lang))
        return
    name, data = artifact_csv(artifact)
    rows = max(data.count(b"\r\n") - 1, 0)
    csv_file = cl.File(name=name, content=data, mime="text/csv", display="inline")
    await say(text("csv_ready", lang, rows=rows), elements=[csv_file])


@cl.action_callback(CREATE_LIST)
async def create_list(action: cl.Action) -> None:
    """A lead list of the shown companies: the same request a rep would type, through the graph."""
    conversation = _conversation()
    artifact = _shown_result(conversation, action)
    sirens = artifact_sirens(artifact) if artifact else []
    if not sirens:
        await say(text("expired", conversation.language))
        return
    lang = conversation.language
    name = text("list_name", lang, when=datetime.now().strftime("%d/%m/%Y %H:%M"))
    request = text("request_create_list", lang, name=name, sirens=", ".join(sirens))
    await run_turn(conversation, request, echo=True)


@cl.action_callback(SHOW_COMPANY)
async def show_company(action: cl.Action) -> None:
    """The company's record (get_company), asked through the graph like a typed request."""
    await _ask_about_company(action, "request_show_company")


@cl.action_callback(ADD_COMPANY)
async def add_company(action: cl.Action) -> None:
    """One company into a lead list: Filon asks which list, as it would if typed."""
    await _ask_about_company(action, "request_add_company")


async def _ask_about_company(action: cl.Action, request_key: str) -> None:
    conversation = _conversation()
    siren = _siren(action)
    if siren is None:
        await say(text("expired", conversation.language))
        return
    await run_turn(conversation, text(request_key, conversation.language, siren=siren), echo=True)


@cl.action_callback(SHOW_LIST)
async def show_list(action: cl.Action) -> None:
    """The leads of one list, asked through the graph."""
    conversation = _conversation()
    name = str(action.payload.get("list") or "").strip()
    if not name:
        await say(text("expired", conversation.language))
        return
    await run_turn(
        conversation, text("request_show_list", conversation.language, name=name), echo=True
    )


@cl.action_callback(ENRICH)
async def enrich(action: cl.Action) -> None:
    """The emails of a list's people, or of the people shown, looked up through the graph as
    if the rep had asked ("Enrichis les contacts de la liste « ESN Lyon »")."""
    conversation = _conversation()
    lang = conversation.language
    name = str(action.payload.get("list") or "").strip()
    sirens = [str(s) for s in action.payload.get("sirens") or [] if str(s).isdigit()]
    roles = str(action.payload.get("roles") or "").strip()
    if name:
        request = text("request_enrich_list", lang, name=name)
    elif sirens and roles:
        request = text("request_enrich_people", lang, roles=roles, sirens=", ".join(sirens))
    elif sirens:
        request = text("request_enrich_everyone", lang, sirens=", ".join(sirens))
    else:
        await say(text("expired", lang))
        return
    await run_turn(conversation, request, echo=True)


@cl.action_callback(PAGE)
async def page(action: cl.Action) -> None:
    """Another page of the latest search ("page 2"), asked through the graph."""
    conversation = _conversation()
    number = action.payload.get("page")
    if not isinstance(number, int) or number < 1 or _shown_result(conversation, action) is None:
        await say(text("expired", conversation.language))
        return
    await run_turn(
        conversation, text("request_page", conversation.language, page=number), echo=True
    )
