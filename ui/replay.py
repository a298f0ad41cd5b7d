"""A saved conversation as Chainlit shows it again (`ThreadDict`): the steps in an order its
page can nest (a step after the one it hangs under), Filon's answers sanitized again, an answer
the process never finished said to be interrupted, and tables, charts and files back with them.

Tables come back from their saved props, and charts and files from their saved bytes, as they
were shown (`data:` URLs: nothing to fetch, and nothing that runs — an SVG in an image cannot),
rather than rendered again from the tools' artifacts: what the rep saw then is what they see,
even once the leads have moved on, and no artifact of an older Filon has to be read by a newer
one. A file too large to keep is not shown again (the answer still names it).

Everything Markdown goes through `ui.safe_markdown` once more: the text was sanitized before
it was saved, but what is read back from a database is data like any other.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from chainlit.element import ElementDict
from chainlit.step import StepDict
from chainlit.types import ThreadDict

from agent.chat.saved import SavedElement, SavedStep, SavedThread, ThreadSummary
from agent.i18n import Language
from agent.i18n.markdown import escape_markdown
from agent.users import display_name
from ui.safe_markdown import DEFAULT_HOSTS, sanitize_markdown
from ui.texts import text

USER_MESSAGE = "user_message"
ANSWER = "assistant_message"
LINK_HOSTS = "link_hosts"  # an answer's metadata: the websites it was allowed to link to
# What a saved element may come back as: Filon's charts and CSV files.
REPLAYED_MIMES = frozenset({"image/svg+xml", "image/png", "text/csv"})


def thread_dict(thread: SavedThread, *, opens_for: str, language: Language) -> ThreadDict:
    """The thread as Chainlit replays it, for `opens_for` (who Chainlit will open it for): when
    that is not its owner (a manager reading it), ending with a line saying it stays theirs."""
    steps = [_step(step, thread.thread_id, language) for step in nested_order(thread.steps)]
    if opens_for != thread.owner:
        steps.append(_reading_note(thread, language))
    shown = {step["id"] for step in steps}
    elements = [
        element
        for item in thread.elements
        if (element := element_dict(item, thread.thread_id)) is not None
        and (item.for_id is None or item.for_id in shown)
    ]
    metadata = {"chat_settings": thread.chat_settings} if thread.chat_settings else {}
    return ThreadDict(
        id=thread.thread_id,
        createdAt=_iso(thread.started_at),
        name=thread.name,
        userId=opens_for,
        userIdentifier=opens_for,
        tags=None,
        metadata=metadata,
        steps=steps,
        elements=elements,
    )


def closed_thread(thread_id: str, owner: str) -> ThreadDict:
    """A thread the asker may not read: whose it is, and nothing of it (Chainlit then refuses to
    open it for anyone else)."""
    return ThreadDict(
        id=thread_id,
        createdAt="",
        name=None,
        userId=owner,
        userIdentifier=owner,
        tags=None,
        metadata={},
        steps=[],
        elements=[],
    )


def listed_thread(thread: ThreadSummary, *, viewer: str, language: Language) -> ThreadDict:
    """A sidebar entry: the thread's name, after its owner's name when it is someone else's."""
    name = thread.name
    if thread.owner != viewer:
        owner = display_name(thread.owner) or thread.owner
        name = text("thread_of", language, owner=owner, name=name)
    return ThreadDict(
        id=thread.thread_id,
        createdAt=_iso(thread.last_turn_at),
        name=name,
        userId=thread.owner,
        userIdentifier=thread.owner,
        tags=None,
        metadata={},
        steps=[],
        elements=[],
    )


def nested_order(steps: list[SavedStep]) -> list[SavedStep]:
    """The steps in their saved order, each after the step it hangs under; a step whose parent
    was never saved stands on its own (Chainlit's page would drop it, and its own steps)."""
    ids = {step.id for step in steps}
    children: dict[str | None, list[SavedStep]] = {}
    for step in steps:
        parent = step.parent_id if step.parent_id in ids and step.parent_id != step.id else None
        children.setdefault(parent, []).append(step)
    ordered: list[SavedStep] = []
    seen: set[str] = set()
    pending = list(reversed(children.get(None, [])))
    while pending:
        step = pending.pop()
        if step.id in seen:
            continue
        seen.add(step.id)
        ordered.append(step if step.parent_id in seen else _unparented(step))
        pending.extend(reversed(children.get(step.id, [])))
    # steps hanging under each other in a loop reach no root: they stand on their own
    ordered += [_unparented(step) for step in steps if step.id not in seen]
    return ordered


def _unparented(step: SavedStep) -> SavedStep:
    return step if step.parent_id is None else replace(step, parent_id=None)


def _reading_note(thread: SavedThread, language: Language) -> StepDict:
    """Filon's line after a thread someone reads for its owner (it is shown, never saved)."""
    owner = display_name(thread.owner) or thread.owner
    last = max((step.created_at for step in thread.steps if step.created_at), default=None)
    note = SavedStep(
        id=f"{thread.thread_id}-reading",
        type=ANSWER,
        name="Filon",
        output=text("reading_thread", language, owner=escape_markdown(owner)),
        created_at=last or thread.last_turn_at,
    )
    return _step(note, thread.thread_id, language)


def _step(step: SavedStep, thread_id: str, language: Language) -> StepDict:
    output = step.output
    if step.type != USER_MESSAGE:  # a rep's message is shown as typed, never as Markdown
        hosts = DEFAULT_HOSTS | frozenset(_hosts(step.metadata))
        output = sanitize_markdown(output, hosts)
        if step.type == ANSWER and not output.strip():
            output = text("answer_interrupted", language)
    shows_input = step.show_input not in (None, "", "false")
    result: dict[str, Any] = {
        "id": step.id,
        "threadId": thread_id,
        "parentId": step.parent_id,
        "name": step.name,
        "type": step.type,
        "input": sanitize_markdown(step.input) if shows_input else "",
        "output": output,
        "showInput": step.show_input if shows_input else False,
        "isError": step.is_error,
        "language": step.language,
        "metadata": step.metadata,
        "start": step.start,
        "end": step.end,
        "createdAt": _iso(step.created_at) if step.created_at else None,
        "streaming": False,
    }
    if step.feedback is not None:
        result["feedback"] = {
            "id": step.id,
            "forId": step.id,
            "threadId": thread_id,
            "value": step.feedback,
            "comment": step.feedback_comment,
        }
    return cast(StepDict, result)


def element_dict(element: SavedElement, thread_id: str) -> ElementDict | None:
    """The element as Chainlit shows it; None when there is nothing to show of it."""
    url = None
    if element.type != "custom":
        if element.content is None or element.mime not in REPLAYED_MIMES:
            return None
        url = f"data:{element.mime};base64,{base64.b64encode(element.content).decode('ascii')}"
    elif element.props is None:
        return None
    shown: dict[str, Any] = {
        "id": element.id,
        "threadId": thread_id,
        "type": element.type,
        "name": element.name,
        "display": element.display,
        "size": element.size,
        "mime": element.mime,
        "language": element.language,
        "page": element.page,
        "props": element.props,
        "forId": element.for_id,
        "url": url,
        "chainlitKey": None,
        "objectKey": None,
    }
    return cast(ElementDict, shown)


def _hosts(metadata: dict[str, Any]) -> list[str]:
    hosts = metadata.get(LINK_HOSTS)
    return [host for host in hosts if isinstance(host, str)] if isinstance(hosts, list) else []


def _iso(moment: datetime) -> str:
    return moment.isoformat()
