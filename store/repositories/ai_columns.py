"""Reading and writing AI columns, their cells and their runs.

A column is inserted with `ON CONFLICT DO NOTHING` on (list, name key): of two reps adding the
same name at once, one gets the column and the other is told it exists. A cell is written with
`INSERT … ON CONFLICT (column_id, lead_id) DO UPDATE … WHERE` the stored cell is stale (another
input hash) or failed: two runs at once that fill the same cell write it once, and the second
learns from the statement's `RETURNING` that it wrote nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from store.models.ai_column import AICell, AIColumn, AIColumnRun
from store.models.lead import Lead
from store.models.tables import table_of

COLUMN_TABLE = table_of(AIColumn)
CELL_TABLE = table_of(AICell)
RUN_TABLE = table_of(AIColumnRun)
LEAD_TABLE = table_of(Lead)
# The cell's fields a fill writes (everything but its identity).
_FILLED = (
    "status",
    "value",
    "rationale",
    "confidence",
    "facts",
    "model",
    "tokens_in",
    "tokens_out",
    "cost",
    "input_hash",
    "error",
    "filled_at",
)


def _insert(bind: Session | Connection, table: Any) -> Any:
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    return (sqlite_insert if dialect == "sqlite" else pg_insert)(table)


def insert_column(session: Session, row: dict[str, Any]) -> AIColumn | None:
    """Insert the column; None when the list already has a column of that name key."""
    statement = _insert(session, COLUMN_TABLE).values(row).on_conflict_do_nothing()
    new_id = session.execute(statement.returning(COLUMN_TABLE.c.id)).scalar_one_or_none()
    return None if new_id is None else session.get_one(AIColumn, new_id)


def replace_prompt(
    session: Session,
    *,
    column_id: int,
    prompt: str,
    prompt_hash: str,
    kind: str,
    options: list[str],
) -> None:
    """Give the column a new prompt (its cells become stale through their input hash)."""
    session.execute(
        update(COLUMN_TABLE)
        .where(COLUMN_TABLE.c.id == column_id)
        .values(prompt=prompt, prompt_hash=prompt_hash, type=kind, options=options)
    )


def columns_of(session: Session, *, list_id: int) -> list[AIColumn]:
    """The list's columns, oldest first."""
    statement = select(AIColumn).where(col(AIColumn.list_id) == list_id).order_by(col(AIColumn.id))
    return list(session.execute(statement).scalars())


def column_named(session: Session, *, list_id: int, name_key: str) -> AIColumn | None:
    """The list's column with that name key, if any."""
    statement = select(AIColumn).where(
        col(AIColumn.list_id) == list_id, col(AIColumn.name_key) == name_key
    )
    return session.execute(statement).scalars().first()


def lead_ids_page(connection: Connection, *, list_id: int, after: int, size: int) -> list[int]:
    """The next `size` lead ids of the list after `after`, in id order (keyset paging)."""
    statement = (
        select(LEAD_TABLE.c.id)
        .where(LEAD_TABLE.c.list_id == list_id, LEAD_TABLE.c.id > after)
        .order_by(LEAD_TABLE.c.id)
        .limit(size)
    )
    return list(connection.execute(statement).scalars())


def stored_hashes(
    connection: Connection, *, column_ids: Sequence[int], lead_ids: Sequence[int]
) -> dict[tuple[int, int], tuple[str, str]]:
    """(column id, lead id) → (input hash, status) of the cells stored for these leads."""
    if not column_ids or not lead_ids:
        return {}
    statement = select(
        CELL_TABLE.c.column_id, CELL_TABLE.c.lead_id, CELL_TABLE.c.input_hash, CELL_TABLE.c.status
    ).where(CELL_TABLE.c.column_id.in_(column_ids), CELL_TABLE.c.lead_id.in_(lead_ids))
    return {(row[0], row[1]): (row[2], row[3]) for row in connection.execute(statement)}


def write_cells(connection: Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Write the cells whose stored version is missing, stale or failed; how many were written.

    A cell already holding the same input hash, filled or with no information (another run
    wrote it a moment ago), is left alone.
    """
    written = 0
    for row in rows:
        statement = _insert(connection, CELL_TABLE).values(row)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=["column_id", "lead_id"],
            set_={name: getattr(excluded, name) for name in _FILLED},
            where=or_(
                CELL_TABLE.c.input_hash != excluded.input_hash,
                CELL_TABLE.c.status == "failed",
            ),
        ).returning(CELL_TABLE.c.id)
        if connection.execute(statement).scalar_one_or_none() is not None:
            written += 1
    return written


def cells_for(
    connection: Connection, *, column_ids: Sequence[int], lead_ids: Iterable[int]
) -> dict[tuple[int, int], Any]:
    """(column id, lead id) → the stored cell row, for these columns and leads."""
    wanted = sorted(set(lead_ids))
    if not column_ids or not wanted:
        return {}
    statement = select(CELL_TABLE).where(
        CELL_TABLE.c.column_id.in_(column_ids), CELL_TABLE.c.lead_id.in_(wanted)
    )
    return {(row.column_id, row.lead_id): row for row in connection.execute(statement)}


def leads_where(connection: Connection, *, column_id: int, values: Sequence[Any]) -> list[int]:
    """The ids of leads whose filled cell of the column holds one of `values`."""
    statement = select(CELL_TABLE.c.lead_id, CELL_TABLE.c.value).where(
        CELL_TABLE.c.column_id == column_id, CELL_TABLE.c.status == "filled"
    )
    # JSON equality differs between SQLite and PostgreSQL: compare decoded values here.
    return sorted(lead for lead, value in connection.execute(statement) if value in values)


def start_run(connection: Connection, row: dict[str, Any]) -> int:
    """Record a run's start; its id."""
    statement = RUN_TABLE.insert().values(row).returning(RUN_TABLE.c.id)
    return int(connection.execute(statement).scalar_one())


def end_run(connection: Connection, *, run_id: int, values: dict[str, Any]) -> None:
    """Record a run's counts at its end."""
    connection.execute(update(RUN_TABLE).where(RUN_TABLE.c.id == run_id).values(values))


def count_list_leads(connection: Connection, *, list_id: int) -> int:
    """How many leads the list holds."""
    statement = select(func.count()).select_from(LEAD_TABLE).where(LEAD_TABLE.c.list_id == list_id)
    return int(connection.execute(statement).scalar_one())


def delete_list_columns(session: Session, *, list_id: int) -> None:
    """Delete a list's columns, their cells and its runs (the list is being deleted)."""
    columns = select(COLUMN_TABLE.c.id).where(COLUMN_TABLE.c.list_id == list_id)
    session.execute(delete(CELL_TABLE).where(CELL_TABLE.c.column_id.in_(columns)))
    session.execute(delete(COLUMN_TABLE).where(COLUMN_TABLE.c.list_id == list_id))
    session.execute(delete(RUN_TABLE).where(RUN_TABLE.c.list_id == list_id))
