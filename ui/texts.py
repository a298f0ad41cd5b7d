"""The web UI's words, in the browser's language: the catalogue's `ui.*` messages, and the
`ui_polish.*` ones (a second file of the same area, so that changes to both can be made at
once without conflicts; a key lives in one of them only)."""

from __future__ import annotations

from functools import cache

from agent.i18n import Language, catalogue_keys, t

AREAS = ("ui", "ui_polish")


def ui_language(browser_language: str | None) -> Language:
    """English when the browser asks for it (en, en-US, en-GB…), French otherwise."""
    return "en" if (browser_language or "").lower().startswith("en") else "fr"


def text(key: str, language: Language, **values: object) -> str:
    """The UI message `key` in `language`, with its placeholders filled in."""
    return t(ui_key(key), language, **values)


def ui_key(key: str) -> str:
    """The catalogue key of the UI message `key` (`ui.key` or `ui_polish.key`)."""
    known = _ui_keys()
    for area in AREAS:
        if f"{area}.{key}" in known:
            return f"{area}.{key}"
    raise LookupError(f"no UI message {key!r} in the catalogue")


@cache
def _ui_keys() -> frozenset[str]:
    return frozenset(catalogue_keys())
