"""PostgreSQL writer: COPY each batch into a temporary table, then one set-based upsert.

The `search_vector` trigger fires on the INSERT / UPDATE as for any other write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from store.sirene.batches import (
    LEGAL_UNIT_COLUMNS,
    LOCATION_COLUMNS,
    MARK_CEASED,
    SOURCE,
    BatchResult,
    classify_head_offices,
    classify_legal_units,
)
from store.sirene.mapping import HeadOffice, LegalUnit

_TYPES = {"created_on": "date", "active": "boolean", "diffusible": "boolean",
          "natural_person": "boolean", "employer": "boolean"}  # fmt: skip
_LEGAL = ", ".join(LEGAL_UNIT_COLUMNS)
_LOCATION = ", ".join(LOCATION_COLUMNS)
CREATE_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS sirene_legal_stage ("
    + ", ".join(f"{c} {_TYPES.get(c, 'text')}" for c in LEGAL_UNIT_COLUMNS)
    + ") ON COMMIT DELETE ROWS; "
    "CREATE TEMP TABLE IF NOT EXISTS sirene_office_stage (siren text, "
    + ", ".join(f"{c} text" for c in LOCATION_COLUMNS)
    + ") ON COMMIT DELETE ROWS"
)
UPSERT = (
    f"INSERT INTO company ({_LEGAL}, source, updated_at) "
    f"SELECT {_LEGAL}, '{SOURCE}', %s FROM sirene_legal_stage "
    "ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in LEGAL_UNIT_COLUMNS if c != "siren")
    + ", source = excluded.source, updated_at = excluded.updated_at"
)
SET_LOCATION = (
    "UPDATE company AS c SET "
    + ", ".join(f"{col} = s.{col}" for col in LOCATION_COLUMNS)
    + ", updated_at = %s FROM sirene_office_stage AS s WHERE c.siren = s.siren"
)


class PostgresWriter:
    """Upserts into a PostgreSQL store through its psycopg connection."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        with connection.cursor() as cursor:
            cursor.execute(CREATE_STAGING)
        connection.commit()

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Insert new units, update changed ones, leave the rest; one transaction."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT siren, import_hash FROM company WHERE siren = ANY(%s)",
                    ([row[0] for row in rows],),
                )
                existing = dict(cursor.fetchall())
                pending, result = classify_legal_units(rows, existing)
                if pending:
                    with cursor.copy(f"COPY sirene_legal_stage ({_LEGAL}) FROM STDIN") as copy:
                        for row in pending:
                            copy.write_row(row)
                    cursor.execute(UPSERT, (datetime.now(UTC),))
            self.connection.commit()
        except BaseException:
            self._rollback()
            raise
        return result

    def write_head_offices(self, rows: Sequence[HeadOffice]) -> BatchResult:
        """Set the location of known companies whose head office changed; one transaction."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT siren, {_LOCATION} FROM company WHERE siren = ANY(%s)",
                    ([row[0] for row in rows],),
                )
                existing = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
                pending, result = classify_head_offices(rows, existing)
                if pending:
                    with cursor.copy(
                        f"COPY sirene_office_stage (siren, {_LOCATION}) FROM STDIN"
                    ) as copy:
                        for row in pending:
                            copy.write_row(row)
                    cursor.execute(SET_LOCATION, (datetime.now(UTC),))
            self.connection.commit()
        except BaseException:
            self._rollback()
            raise
        return result

    def mark_ceased(self, sirens: Sequence[str]) -> int:
        """Mark ceased the known active companies of `sirens`."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    MARK_CEASED.format(false="false", now="%s") + "active AND siren = ANY(%s)",
                    (datetime.now(UTC), list(sirens)),
                )
                ceased = cursor.rowcount
            self.connection.commit()
        except BaseException:
            self._rollback()
            raise
        return ceased

    def finish(self) -> None:
        """Refresh the planner's statistics after a bulk load."""
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE company")
        self.connection.commit()

    def close(self) -> None:
        """Nothing to restore."""

    def _rollback(self) -> None:
        # A lost connection cannot roll back (the server already has): keep the first error.
        if not (self.connection.closed or self.connection.broken):
            self.connection.rollback()
