"""PostgreSQL writer: each batch is COPYed into a temporary table, then written by one
set-based statement, in one transaction.

A run that starts on an empty store stages its batches and writes each company once at the end
(`first_load_postgres`). Otherwise a batch of legal units whose SIRENs all sort after the
store's last one is written without looking anything up; any other batch is first classified
against the store (`batches`), and only new and changed rows are written. The search keys
(migration 0018) are a generated column: each statement computes them for all its rows, no
trigger runs. Around the batches, `bulk_postgres` drops and rebuilds the search index when the
run writes much of the table.

The import's session does not wait for each commit to reach the disk (`synchronous_commit`
off): a server crash may lose the last batches, which the next run writes again, as it does
after any interruption.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from store.sirene.batches import (
    LEGAL_UNIT_COLUMNS,
    LOCATION_COLUMNS,
    MARK_CEASED,
    SOURCE,
    BatchResult,
    classify_head_offices,
    classify_legal_units,
    offices_by_siren,
    tuples,
)
from store.sirene.bulk_postgres import BulkIndex, release
from store.sirene.first_load_postgres import COLUMN_TYPES, LEGAL, LOCATION, FirstLoad
from store.sirene.helper_postgres import Helper
from store.sirene.mapping import HeadOffice, LegalUnit

CREATE_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS sirene_legal_stage ("
    + ", ".join(f"{c} {COLUMN_TYPES.get(c, 'text')}" for c in LEGAL_UNIT_COLUMNS)
    + ") ON COMMIT DELETE ROWS; "
    "CREATE TEMP TABLE IF NOT EXISTS sirene_office_stage (siren text, "
    + ", ".join(f"{c} text" for c in LOCATION_COLUMNS)
    + ") ON COMMIT DELETE ROWS"
)
UPSERT = (
    f"INSERT INTO company ({LEGAL}, source, updated_at) "
    f"SELECT {LEGAL}, '{SOURCE}', %s FROM sirene_legal_stage "
    "ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in LEGAL_UNIT_COLUMNS if c != "siren")
    + ", source = excluded.source, updated_at = excluded.updated_at"
)
SET_LOCATION = (
    "UPDATE company AS c SET "
    + ", ".join(f"{col} = s.{col}" for col in LOCATION_COLUMNS)
    + ", updated_at = %s FROM sirene_office_stage AS s WHERE c.siren = s.siren"
)
# The batch's rows are looked up by SIREN: hashing a batch instead reads all of `company`.
BY_SIREN = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"
T = TypeVar("T")


class PostgresWriter:
    """Upserts into a PostgreSQL store through its psycopg connection."""

    indexes = False  # its search keys are a generated column (`CompanyMerger`)

    def __init__(self, connection: Any, helper: Helper | None = None) -> None:
        self.connection = connection
        self.bulk = BulkIndex.start(connection, helper)
        try:
            with connection.cursor() as cursor:
                cursor.execute(CREATE_STAGING)
                cursor.execute("SET synchronous_commit = off")
            connection.commit()
            self.first_load = FirstLoad(connection, helper) if self.bulk.empty else None
            if self.first_load is None:
                FirstLoad.drop_leftovers(connection)
            # After a batch of new legal units: the store's last SIREN before it, and its SIRENs.
            self.appended: tuple[str | None, frozenset[str]] | None = None
        except BaseException:
            self._rollback()
            release(connection)
            raise

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Insert new units, update changed ones, leave the rest; one transaction."""
        if self.first_load is not None:
            if self.first_load.takes([row[0] for row in rows]):
                return self._transaction(lambda _: self._staging().write_legal_units(rows))
            self._end_first_load()
        return self._transaction(lambda cursor: self._write_units(cursor, rows))

    def write_head_offices(self, rows: Sequence[HeadOffice]) -> BatchResult:
        """Set the location of known companies whose head office changed; one transaction."""
        if self.first_load is not None:
            return self._transaction(lambda _: self._staging().write_head_offices(rows))
        return self._transaction(lambda cursor: self._write_offices(cursor, rows))

    def write_companies(self, units: Any, offices: Any, index: Any = None) -> BatchResult:
        """Units and their head offices (Arrow tables, row for row), in one transaction: staged
        as they are by a first load, else the units written, then the head offices."""
        if self.first_load is not None:
            if self.first_load.takes(units.column("siren").to_pylist()):
                return self._transaction(lambda _: self._staging().write_companies(units, offices))
            self._end_first_load()
        rows = tuples(units)
        placed = list(offices_by_siren(offices).values())
        return self._transaction(
            lambda cursor: self._write_units(cursor, rows) + self._write_offices(cursor, placed)
        )

    def _write_units(self, cursor: Any, rows: Sequence[LegalUnit]) -> BatchResult:
        sirens = [row[0] for row in rows]
        last = self._last(cursor)
        existing: dict[str, str | None] = {}
        self.appended = None
        if last is not None and min(sirens) <= last:
            cursor.execute(
                "SELECT siren, import_hash FROM company WHERE siren = ANY(%s)", (sirens,)
            )
            existing = dict(cursor.fetchall())
        pending, result = classify_legal_units(rows, existing)
        if not existing:  # all new, after the store's last SIREN
            self.appended = (last, frozenset(row[0] for row in pending))
        if pending:
            with cursor.copy(f"COPY sirene_legal_stage ({LEGAL}) FROM STDIN") as copy:
                for row in pending:
                    copy.write_row(row)
            cursor.execute(UPSERT, (datetime.now(UTC),))
        self.bulk.wrote(len(pending))
        return result

    def _write_offices(self, cursor: Any, rows: Sequence[HeadOffice]) -> BatchResult:
        if not rows:
            return BatchResult()
        cursor.execute(
            f"SELECT siren, {LOCATION} FROM company WHERE siren = ANY(%s)",
            ([row[0] for row in rows],),
        )
        existing = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
        pending, result = classify_head_offices(rows, existing)
        if pending:
            with cursor.copy(f"COPY sirene_office_stage (siren, {LOCATION}) FROM STDIN") as copy:
                for row in pending:
                    copy.write_row(row)
            cursor.execute(BY_SIREN)
            cursor.execute(SET_LOCATION, (datetime.now(UTC),))
        self.bulk.wrote(len(pending))
        return result

    def mark_ceased(self, sirens: Sequence[str]) -> int:
        """Mark ceased the known active companies of `sirens`."""
        if self.first_load is not None:
            return self._transaction(lambda _: self._staging().mark_ceased(sirens))

        def write(cursor: Any) -> int:
            known = list(sirens)
            if self.appended is not None:  # in the store: before the batch, or in it
                before, batch = self.appended
                known = [s for s in sirens if (before and s <= before) or s in batch]
            if not known:
                return 0
            cursor.execute(
                MARK_CEASED.format(false="false", now="%s") + "active AND siren = ANY(%s)",
                (datetime.now(UTC), known),
            )
            self.bulk.wrote(cursor.rowcount)
            return int(cursor.rowcount)

        return self._transaction(write)

    def finish(self) -> None:
        """Write a staged first load, build the search index if the run dropped it, then
        refresh the planner's statistics."""
        self._transaction(lambda _: self._end_first_load())
        self.bulk.finish()

    def close(self) -> None:
        """After a failure the connection survived: write what a first load staged (an
        interrupted import keeps its whole batches, as batch by batch), rebuild a dropped
        index, restore the session, let others import."""
        if self.connection.closed or self.connection.broken:
            return
        self._rollback()
        try:
            self._transaction(lambda _: self._end_first_load())
            with self.connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
            self.connection.commit()
        finally:
            self.bulk.close()

    def _staging(self) -> FirstLoad:
        assert self.first_load is not None
        return self.first_load

    def _end_first_load(self) -> None:
        """Merge what a first load staged into the store, and go on batch by batch."""
        if self.first_load is not None:
            self.bulk.wrote(self.first_load.merge())
            self.first_load = None

    def _transaction(self, work: Callable[[Any], T]) -> T:
        """`work` on a cursor, committed; rolled back on any error."""
        try:
            with self.connection.cursor() as cursor:
                result = work(cursor)
            self.connection.commit()
        except BaseException:
            self._rollback()
            raise
        return result

    def _last(self, cursor: Any) -> str | None:
        """The store's largest SIREN (None: an empty store)."""
        cursor.execute("SELECT max(siren) FROM company")
        last: str | None = cursor.fetchone()[0]
        return last

    def _rollback(self) -> None:
        # A lost connection cannot roll back (the server already has): keep the first error.
        if not (self.connection.closed or self.connection.broken):
            self.connection.rollback()
