"""What a value should have been, from a pydantic validation error: for bad settings and for
bad command-line values alike, in the person's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from agent.i18n import Language, t

_INTEGER = ("int_parsing", "int_type", "int_from_float")
_NUMBER = ("float_parsing", "float_type", "decimal_parsing")
_BOOLEAN = ("bool_parsing", "bool_type")
_LIMITS = {
    "greater_than_equal": ("ge", "at_least"),
    "greater_than": ("gt", "above"),
    "less_than_equal": ("le", "at_most"),
    "less_than": ("lt", "below"),
}
_SHOWN = 60  # characters of a bad value repeated back; the rest is elided


def expected(detail: Mapping[str, Any], language: Language) -> str:
    """What the value in `detail` (one of `ValidationError.errors()`) should have been."""
    kind = str(detail.get("type", ""))
    context = detail.get("ctx") or {}
    if kind in _INTEGER:
        return t("cli.expected.integer", language)
    if kind in _NUMBER:
        return t("cli.expected.number", language)
    if kind in _BOOLEAN:
        return t("cli.expected.boolean", language)
    if kind in ("literal_error", "enum") and "expected" in context:
        choices = re.findall(r"'([^']*)'", str(context["expected"]))
        return t("cli.expected.choice", language, choices=", ".join(choices))
    if kind in _LIMITS:
        name, key = _LIMITS[kind]
        return t(f"cli.expected.{key}", language, limit=context[name])
    message = str(detail.get("msg", kind)).removeprefix("Value error, ")
    return t("cli.expected.other", language, detail=message)


def shown_value(value: object) -> str:
    """A bad value as repeated back to the person: one line, not too long."""
    text = " ".join(str(value).split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def setting_line(error: ValidationError, language: Language) -> str:
    """The first bad setting as one line naming its environment variable."""
    first = error.errors()[0]
    name = ".".join(map(str, first["loc"])) or "?"
    if first["type"] == "missing":
        return t("cli.setting_missing", language, name=name)
    return t(
        "cli.setting",
        language,
        name=name,
        value=shown_value(first.get("input", "")),
        expected=expected(first, language),
    )
