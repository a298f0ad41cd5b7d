"""The catalogue: keys to French and English texts, read once from `messages/*.toml`."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from agent.i18n.formats import format_date, format_number, format_percent, quote
from agent.i18n.markdown import escape_markdown

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")
FORMS = ("one", "other")


class Markdown(str):
    """Text that is already Markdown (built by `md`, or escaped): inserted into `md` as is."""

    __slots__ = ()


class CatalogueError(LookupError):
    """A key the catalogue lacks, or a value its text needs and the caller did not give."""


def plural_form(count: float, language: Language) -> Literal["one", "other"]:
    """French treats 0 and 1 as singular ("0 lead ajouté"); English only 1."""
    if language == "fr":
        return "one" if abs(count) < 2 else "other"
    return "one" if count == 1 else "other"


def t(key: str, language: Language, /, **values: Any) -> str:
    """The text of `key` in `language` with its placeholders filled (plain text)."""
    return _Formatter(language, markdown=False).format(_template(key, language, values), **values)


def md(key: str, language: Language, /, **values: Any) -> Markdown:
    """Like `t`, for Markdown: str values are escaped unless they are `Markdown` already."""
    template = _template(key, language, values)
    return Markdown(_Formatter(language, markdown=True).format(template, **values))


def catalogue_keys() -> list[str]:
    """Every key of the catalogue (for tests and tooling)."""
    return sorted(_entries())


def _template(key: str, language: Language, values: Mapping[str, Any]) -> str:
    entry = _entries().get(key)
    if entry is None:
        raise CatalogueError(f"no message {key!r} in the catalogue")
    text = entry[language]
    if isinstance(text, str):
        return text
    name = entry.get("plural", "count")
    if name not in values:
        raise CatalogueError(f"message {key!r} needs the count {name!r} to choose its form")
    return str(text[plural_form(float(values[name]), language)])


class _Formatter(string.Formatter):
    def __init__(self, language: Language, *, markdown: bool) -> None:
        self.language = language
        self.markdown = markdown

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            raise CatalogueError(f"missing value {key!r} for a catalogue message")
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        match format_spec:
            case "n":
                text = format_number(value, self.language)
            case "pct":
                text = format_percent(value, self.language)
            case "spct":
                text = format_percent(value, self.language, signed=True)
            case "date":
                text = format_date(value, self.language)
            case "bant":  # "budget, timing" → "budget, calendrier"
                codes = [code.strip() for code in str(value).split(",") if code.strip()]
                labels = (_template(f"labels.bant.{code}", self.language, {}) for code in codes)
                return ", ".join(labels)
            case "stage":  # "disqualified" → "Disqualifié": a stage code as reps say it
                key = f"stages.{value}"
                label = _template(key, self.language, {}) if key in _entries() else str(value)
                return self._text(label)
            case "q":
                inner = self._text(value)
                return quote(inner, self.language)
            case "stage":  # "lost" → "Perdu": a stage code as reps say it; a label stays as is
                key = f"stages.{value}"
                return _template(key, self.language, {}) if key in _entries() else self._text(value)
            case "":
                return self._text(value)
            case _:
                text = super().format_field(value, format_spec)
        return text

    def _text(self, value: Any) -> str:
        if isinstance(value, date):
            return format_date(value, self.language)
        text = str(value)
        if self.markdown and not isinstance(value, Markdown):
            return escape_markdown(text)
        return text


_KEY = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


@cache
def _entries() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    folder = resources.files("agent.i18n") / "messages"
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".toml"):
            continue
        area = item.name.removesuffix(".toml")
        table = tomllib.loads(item.read_text(encoding="utf-8"))
        _collect(area, table, entries)
    return entries


def _collect(prefix: str, table: Mapping[str, Any], entries: dict[str, dict[str, Any]]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if not isinstance(value, Mapping):
            raise CatalogueError(f"catalogue entry {key!r} should be a table with fr and en")
        if "fr" in value or "en" in value:
            if not _KEY.match(key):
                raise CatalogueError(f"bad catalogue key {key!r}")
            entries[key] = dict(value)
        else:
            _collect(key, value, entries)
