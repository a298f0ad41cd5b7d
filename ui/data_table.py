"""A result table as the UI's custom element (`public/elements/DataTable.jsx`) shows it.

The element never parses what it shows: cells are plain text that React puts into text nodes,
so a company named `<img src=…>` or `![p](…)` reads as typed. Only links need checking, and
they go through the same allow-list as answers (`ui.safe_markdown.is_allowed_url`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.i18n import Language
from agent.i18n.markdown import one_line
from ui.buttons import ActionSpec
from ui.safe_markdown import BODACC_HOSTS, DEFAULT_HOSTS, is_allowed_url
from ui.texts import text

ELEMENT = "DataTable"
MAX_CELL = 80
MIN_KEY = 3  # shorter names would match words of any sentence


def cell(value: Any, *, limit: int = MAX_CELL) -> str:
    """`value` as one line of plain text, cut at `limit` characters ("" for None)."""
    if value is None:
        return ""
    flat = one_line(value)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def safe_link(url: str | None) -> str | None:
    """`url` when the UI may link to it (the public company directory, a BODACC notice),
    else None."""
    return url if url and is_allowed_url(url, DEFAULT_HOSTS | BODACC_HOSTS) else None


@dataclass(frozen=True)
class Column:
    """A column: the key of its cells and its heading."""

    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Row:
    """A row: its cells by column key, the link of its first column, its buttons, and for
    some cells more text shown on hover (`titles`, by column key: a CRM's refusal)."""

    cells: dict[str, str]
    link: str | None = None
    actions: tuple[ActionSpec, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A captioned table; `keys` are the texts that name its rows (SIRENs, company, list and
    owner names), by which an answer's lines that only repeat the table are found."""

    caption: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    keys: frozenset[str] = field(default_factory=frozenset)

    def props(self, language: Language) -> dict[str, Any]:
        """The element's props: plain text, checked links, buttons."""
        return {
            "caption": self.caption,
            "columns": [
                {"key": column.key, "label": column.label, "numeric": column.numeric}
                for column in self.columns
            ],
            "rows": [
                {
                    "cells": row.cells,
                    "titles": row.titles,
                    "link": safe_link(row.link),
                    "actions": [action.props() for action in row.actions],
                }
                for row in self.rows
            ],
            "linkColumn": self.columns[0].key if self.columns else "",
            "actionsLabel": text("table_actions", language),
            "scrollHint": text("table_scroll_hint", language),
            "labelSuffix": text("table_label_suffix", language),
        }


def row_keys(values: Iterable[str | None]) -> frozenset[str]:
    """The values that can name a row in an answer (long enough not to match any word)."""
    return frozenset(
        one_line(value) for value in values if value and len(one_line(value)) >= MIN_KEY
    )
