"""A list's AI columns in its lead export: one column per AI column, after the lead's own,
headed by the column's name; each cell its value as people read it ("oui", "7", "—" when the
facts do not say, "échec"), empty when not run. The CSV writer guards them like every cell."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from agent.columns.labels import cell_label
from agent.i18n import Language
from store.db import session_scope
from store.repositories.ai_columns import cells_for, columns_of

CHUNK = 500  # lead ids per query: well under SQLite's bound parameters


class AICells:
    """The AI columns of one list and their cells for the leads exported."""

    def __init__(self, names: list[str], ids: list[int], cells: dict[tuple[int, int], str]):
        self.names = names
        self._ids = ids
        self._cells = cells

    def of(self, lead_id: int | None) -> list[str | None]:
        """The lead's cells, in column order (None: not run)."""
        return [self._cells.get((column, lead_id or 0)) for column in self._ids]


def ai_cells(
    engine: Engine, *, list_id: int | None, lead_ids: Sequence[int], language: Language
) -> AICells:
    """The list's AI columns and these leads' cells as text (none for every list at once)."""
    if list_id is None:
        return AICells([], [], {})
    with session_scope(engine) as session:
        columns = columns_of(session, list_id=list_id)
        names = [column.name for column in columns]
        ids = [column.id or 0 for column in columns]
    cells: dict[tuple[int, int], str] = {}
    if not ids:
        return AICells(names, ids, cells)
    with engine.connect() as connection:
        for start in range(0, len(lead_ids), CHUNK):
            chunk = lead_ids[start : start + CHUNK]
            for key, row in cells_for(connection, column_ids=ids, lead_ids=chunk).items():
                cells[key] = cell_label(row.status, row.value, language)
    return AICells(names, ids, cells)
