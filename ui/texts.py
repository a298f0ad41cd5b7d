"""The web UI's words: the catalogue's `ui.*` messages, in the browser's language."""

from __future__ import annotations

from agent.i18n import Language, t


def ui_language(browser_language: str | None) -> Language:
    """English when the browser asks for it (en, en-US, en-GB…), French otherwise."""
    return "en" if (browser_language or "").lower().startswith("en") else "fr"


def text(key: str, language: Language, **values: object) -> str:
    """The message `ui.<key>` in `language`, with its placeholders filled in."""
    return t(f"ui.{key}", language, **values)
