"""A list with its AI columns, as a table: each lead's company and its cells; optionally only
the leads whose cell of one column holds a value ("leads where 'Utilise Salesforce' = oui")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from agent.columns.define import list_columns, pick_columns
from agent.columns.errors import BadFilter
from agent.columns.types import BadValue, check_value
from store.models import AIColumn
from store.repositories.ai_columns import (
    cells_for,
    count_list_leads,
    lead_ids_page,
    leads_where,
)
from store.repositories.lead_facts import lead_rows

SHOWN = 100
YES = {"oui", "yes", "true", "vrai", "o", "y", "1"}
NO = {"non", "no", "false", "faux", "n", "0"}


@dataclass(frozen=True, slots=True)
class CellView:
    """One cell as shown: status, value, why."""

    status: str
    value: Any = None
    rationale: str | None = None
    model: str | None = None


@dataclass(frozen=True, slots=True)
class RowView:
    """One lead: its company and its cells by column name."""

    lead_id: int
    siren: str
    company: str
    cells: dict[str, CellView] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ColumnsView:
    """The list's name, its columns (name, type), the leads shown and how many match."""

    list_name: str
    columns: list[tuple[str, str]]
    rows: list[RowView]
    total: int


def show_columns(
    engine: Engine,
    *,
    list_name: str,
    user: str,
    where: tuple[str, str] | None = None,
    limit: int = SHOWN,
) -> ColumnsView:
    """The list with its columns' cells (the first `limit` leads, or those matching `where`:
    a column name and a value). Raises `UnknownList`, `UnknownColumn`, `BadFilter`."""
    lead_list, columns = list_columns(engine, list_name=list_name, user=user)
    assert lead_list.id is not None
    with engine.connect() as connection:
        if where is None:
            ids = lead_ids_page(connection, list_id=lead_list.id, after=0, size=limit)
            total = None
        else:
            [column] = pick_columns(columns, [where[0]], lead_list.name)
            wanted = filter_value(column, where[1])
            assert column.id is not None
            matching = leads_where(connection, column_id=column.id, values=[wanted])
            ids, total = matching[:limit], len(matching)
        rows = lead_rows(connection, ids)
        stored = cells_for(connection, column_ids=[c.id or 0 for c in columns], lead_ids=ids)
        if total is None:
            total = count_list_leads(connection, list_id=lead_list.id)
    return ColumnsView(
        list_name=lead_list.name,
        columns=[(c.name, c.type) for c in columns],
        rows=[_row(row, columns, stored) for row in rows],
        total=total,
    )


def filter_value(column: AIColumn, text: str) -> Any:
    """`text` as a value of the column's type (oui/non for a boolean); raises `BadFilter`."""
    word = text.strip()
    value: Any = word
    if column.type == "boolean":
        folded = word.casefold().rstrip("?! ")
        value = True if folded in YES else False if folded in NO else word
    elif column.type in ("number", "score"):
        try:
            value = float(word.replace(",", "."))
        except ValueError:
            value = word
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    try:
        return check_value(column.type, list(column.options), value)
    except BadValue as error:
        raise BadFilter(column.name, text, str(error)) from error


def _row(row: Any, columns: list[AIColumn], stored: dict[tuple[int, int], Any]) -> RowView:
    cells = {}
    for column in columns:
        cell = stored.get((column.id or 0, row.lead_id))
        if cell is not None:
            # a failed cell's reason stands as its rationale
            why = cell.error if cell.status == "failed" and cell.error else cell.rationale
            cells[column.name] = CellView(cell.status, cell.value, why, cell.model)
    return RowView(lead_id=row.lead_id, siren=row.siren, company=row.name, cells=cells)
