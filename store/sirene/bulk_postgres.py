"""When a PostgreSQL import writes much of the `company` table, its search indexes are rebuilt
once instead of being kept up row by row.

Keeping `ix_company_search_keys` and `ix_company_size` (migration 0018) current costs each
written row a dozen index entries; building them from the table costs a fraction of that per
row (measured in bench/search.py). So the indexes are dropped when a run starts on an empty table (a first load),
when it is missing (an earlier bulk import stopped before building it), or once a run has
written a quarter of the table; they are built again when the run ends (`finish`, or `close` after
a failure the connection survived), then the table is vacuumed (the visibility map lets counts
skip the table) and analysed. Meanwhile searches still answer, by reading the whole table.

PostgreSQL 15 builds a GIN index on one core, and the GIN index takes most of the build: with
a helper connection (`helper_postgres`), it is built there while the import's connection
builds the b-trees and the smaller GIN indexes over slices of the companies that prove a
broad search's count (`store/search/samples_postgres.py`; dropped and built with the others).

Only the table's owner may drop and build its indexes: another role's import keeps the index
and writes through it. Two imports into one store take turns (an advisory lock per schema), so
one never drops the index under the other.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from store.locks import IMPORT_LOCK
from store.search import samples_postgres as samples
from store.sirene.helper_postgres import Helper, open_helper, side_by_side

# The indexes a bulk run drops and builds again (migrations 0018 and 0020).
INDEXES = {
    "ix_company_search_keys": "CREATE INDEX IF NOT EXISTS ix_company_search_keys "
    "ON company USING gin (search_keys)",
    "ix_company_size": "CREATE INDEX IF NOT EXISTS ix_company_size "
    "ON company (active, size_rank, siren)",
    # migration 0020
    "ix_company_created": "CREATE INDEX IF NOT EXISTS ix_company_created "
    "ON company (created_on, siren)",
}
# The index a helper connection builds while the import's connection builds the others.
ALONGSIDE = "ix_company_search_keys"
# A run that has written this share of the table (and at least BULK_MIN_ROWS rows) drops the index.
BULK_SHARE = 0.25
BULK_MIN_ROWS = 100_000
# Memory for building the index: more means fewer passes over its entries.
BUILD_MEMORY = "256MB"
_LOCK = "hashtext(current_schema())"


class BulkIndex:
    """Tracks what one import wrote, and drops and builds the search index around it."""

    def __init__(
        self,
        connection: Any,
        *,
        owner: bool,
        present: bool,
        rows: int,
        empty: bool,
        helper: Helper | None = None,
    ) -> None:
        self.connection = connection
        self.helper = helper
        self.owner = owner
        self.dropped = owner and not present
        self.rows = rows
        self.empty = empty  # the table held no company when the run started
        self.written = 0

    @classmethod
    def start(cls, connection: Any, helper: Helper | None = None) -> BulkIndex:
        """Wait for any other import into this store, then look at the table and its index
        (dropping the index now when the table is empty). `helper` opens a second connection
        for the index builds."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_lock({IMPORT_LOCK}, {_LOCK})")
            connection.commit()
            try:
                cursor.execute(
                    "SELECT pg_has_role(relowner, 'USAGE'), "
                    "(SELECT bool_and(to_regclass(name) IS NOT NULL) FROM unnest(%s::text[]) AS name), "
                    "greatest(reltuples, 0)::bigint, NOT EXISTS (SELECT FROM company) "
                    "FROM pg_class WHERE oid = 'company'::regclass",
                    (list(INDEXES),),
                )
                owner, present, rows, empty = cursor.fetchone()
                connection.commit()
            except BaseException:
                release(connection)
                raise
        bulk = cls(connection, owner=owner, present=present, rows=rows, empty=empty, helper=helper)
        if empty:
            bulk.drop()
        return bulk

    def wrote(self, rows: int) -> None:
        """Count rows a committed batch wrote; past the threshold, drop the index."""
        self.written += rows
        if self.written >= max(BULK_MIN_ROWS, BULK_SHARE * self.rows):
            self.drop()

    def drop(self) -> None:
        """Drop the search index (the table's owner only; once)."""
        if self.dropped or not self.owner:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {', '.join(INDEXES)}")
            samples.drop(cursor)
        self.connection.commit()
        self.dropped = True

    def finish(self) -> None:
        """Build the index again if it was dropped; vacuum after a bulk run, else analyse."""
        if self.dropped:
            self._build()
            self.dropped = False
        bulk = self.empty or self.written >= max(BULK_MIN_ROWS, BULK_SHARE * self.rows)
        self.connection.autocommit = True  # VACUUM runs outside a transaction
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) company" if bulk else "ANALYZE company")
        finally:
            self.connection.autocommit = False

    def _build(self) -> None:
        """Build the dropped indexes, each committed: the GIN index on a helper connection
        while this one builds the b-trees, or all of them here."""
        with ExitStack() as stack:
            other = open_helper(self.helper, stack)
            if other is None:
                _create(self.connection, list(INDEXES), slices=True)
            else:
                side_by_side(
                    other,
                    lambda helper: _create(helper, [ALONGSIDE]),
                    lambda: _create(
                        self.connection, [n for n in INDEXES if n != ALONGSIDE], slices=True
                    ),
                )

    def close(self) -> None:
        """After a failure the connection survived: build the index if it is still dropped.
        Then let the next import in."""
        try:
            if self.dropped:
                with self.connection.cursor() as cursor:
                    for create in INDEXES.values():
                        cursor.execute(create)
                    samples.build(cursor)
                self.connection.commit()
                self.dropped = False
        finally:
            release(self.connection)


def _create(connection: Any, names: list[str], *, slices: bool = False) -> None:
    """Build the indexes `names` on `connection` (and, with `slices`, the slices' indexes that
    prove broad counts, `samples_postgres`), committed."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for name in names:
            cursor.execute(INDEXES[name])
        if slices:
            samples.build(cursor)
    connection.commit()


def release(connection: Any) -> None:
    """Let the next import into this store in (the server does it when a connection dies)."""
    if connection.closed or connection.broken:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_advisory_unlock({IMPORT_LOCK}, {_LOCK})")
    connection.commit()
