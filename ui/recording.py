"""Chainlit's steps, elements and session settings as the saving service takes them
(`agent.chat.saving`): the other way from `ui.replay`."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.chat.saved import SavedElement, SavedStep
from agent.chat.saving import MAX_ELEMENT_BYTES

if TYPE_CHECKING:
    from chainlit.element import Element
    from chainlit.step import StepDict

SETTINGS_KEPT = ("company_source",)  # the chat settings a reopened thread runs with again


def saved_step(step: StepDict) -> SavedStep:
    """A Chainlit step as the saving service takes it."""
    metadata = step.get("metadata")
    show_input = step.get("showInput")
    return SavedStep(
        id=str(step["id"]),
        type=str(step.get("type") or "undefined"),
        name=str(step.get("name") or ""),
        parent_id=step.get("parentId") or None,
        input=_text(step.get("input")),
        output=_text(step.get("output")),
        show_input=None if show_input is None else str(show_input).lower(),
        is_error=bool(step.get("isError")),
        language=step.get("language"),
        metadata=dict(metadata) if isinstance(metadata, dict) else {},
        start=_text(step.get("start")) or None,
        end=_text(step.get("end")) or None,
        created_at=_moment(step.get("createdAt")),
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _moment(value: object) -> datetime | None:
    """Chainlit's ISO time (the browser's `…Z` or the server's `…+00:00`) as UTC; None if not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _content(element: Element) -> bytes | None:
    """The element's bytes (None for a table, or a file too large to keep)."""
    if isinstance(element.content, str):
        return element.content.encode("utf-8")
    if isinstance(element.content, bytes | bytearray):
        return bytes(element.content)
    if element.path:
        path = Path(element.path)
        if path.is_file() and os.path.getsize(path) <= MAX_ELEMENT_BYTES:
            return path.read_bytes()
    return None


def kept_settings(metadata: dict[str, Any] | None) -> dict[str, Any] | None:
    """The chat settings Chainlit keeps with a thread that Filon takes back; None for none."""
    chat_settings = (metadata or {}).get("chat_settings")
    if not isinstance(chat_settings, dict):
        return None
    kept = {
        key: chat_settings[key] for key in SETTINGS_KEPT if isinstance(chat_settings.get(key), str)
    }
    return kept or None


def saved_element(element: Element) -> SavedElement:
    """A table (its props), a chart or a file (its bytes, read from its file if need be) as the
    saving service takes it."""
    return SavedElement(
        id=element.id,
        type=element.type,
        name=element.name,
        display=element.display,
        for_id=element.for_id,
        size=getattr(element, "size", None),
        mime=element.mime,
        language=getattr(element, "language", None),
        page=getattr(element, "page", None),
        props=getattr(element, "props", None),
        content=_content(element),
    )
