"""A first load into an empty PostgreSQL store: stage everything, then write each company once.

Written batch by batch, a first load writes every company twice: its legal unit, then its head
office's location (an UPDATE, a new version of every row, its search keys computed again). So
when the run starts on an empty `company` table, its batches go to staging tables instead —
legal units, then the latest head office of each — classified against what is staged exactly
as they would be against the store (`batches`), so the report counts the same; `merge` then
writes each company once, with its location, in INSERT … SELECT statements ordered by place:
two at once, on two connections, when the import may create tables in the store's schema.

The store stays empty until `merge`. A run that fails while its connection lives (a bad
file, Ctrl-C) merges what it staged when the writer closes, so it keeps its whole batches as a
run batch by batch does; a killed process or a lost connection leaves the store empty (and its
staging tables, which the next run drops), and running the import again starts over. A batch
that does not sort after the staged ones (a file that is not INSEE's, sorted by SIREN) ends
the staging: what is staged is merged, and the run goes on batch by batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from psycopg.errors import InsufficientPrivilege

from store.sirene.batches import (
    LEGAL_UNIT_COLUMNS,
    LOCATION_COLUMNS,
    SOURCE,
    BatchResult,
    classify_head_offices,
    classify_legal_units,
    placed_counts,
)
from store.sirene.helper_postgres import Helper, open_helper, side_by_side
from store.sirene.mapping import HeadOffice, LegalUnit

# The staging tables' column types (text unless said), shared with `writer_postgres`
COLUMN_TYPES = {"created_on": "date", "active": "boolean", "diffusible": "boolean",
                "natural_person": "boolean", "employer": "boolean"}  # fmt: skip
LEGAL = ", ".join(LEGAL_UNIT_COLUMNS)
LOCATION = ", ".join(LOCATION_COLUMNS)
# The staging tables. Where the import may create tables in the store's schema, they are
# unlogged tables there, so that a second connection can read them and merge half the
# companies at the same time (`merge`); else temporary tables, merged on one connection.
# Two imports into one store take turns (`bulk_postgres`), so the names never collide; a
# killed run's tables are dropped by the next run.
LEGAL_TABLE, OFFICE_TABLE = "sirene_first_legal", "sirene_first_office"
_LEGAL_COLUMNS = ", ".join(f"{c} {COLUMN_TYPES.get(c, 'text')}" for c in LEGAL_UNIT_COLUMNS)
_OFFICE_COLUMNS = "siren text PRIMARY KEY, " + ", ".join(f"{c} text" for c in LOCATION_COLUMNS)
CREATE = (
    f"CREATE {{kind}} TABLE {LEGAL_TABLE} ({_LEGAL_COLUMNS}, PRIMARY KEY (siren)); "
    f"CREATE {{kind}} TABLE {OFFICE_TABLE} ({_OFFICE_COLUMNS}); "
    f"CREATE TEMP TABLE first_office_batch (LIKE {OFFICE_TABLE}) ON COMMIT DELETE ROWS"
)
DROP = (
    f"DROP TABLE IF EXISTS {{schema}}{LEGAL_TABLE}, {{schema}}{OFFICE_TABLE}, "
    "pg_temp.first_office_batch"
)
CAN_SHARE = "SELECT has_schema_privilege(current_schema(), 'CREATE')"
# The merge writes companies grouped by department, then activity: a search filtered on a
# place or a sector then reads a few pages of the table instead of one page per match
# (counting 60,000 companies of a department: 40 ms instead of 350, bench/search.py).
SORT_MEMORY = "256MB"
# What the store would hold for each SIREN: the staged head office's location, else none yet
# (and whether a head office is staged). A sorted batch reads the staged range it spans.
STAGED_LOCATION = (
    "SELECT l.siren, o.siren IS NOT NULL, CASE WHEN o.siren IS NULL THEN l.head_office_siret "
    "ELSE o.head_office_siret END, "
    + ", ".join(f"o.{c}" for c in LOCATION_COLUMNS[1:])
    + f" FROM {LEGAL_TABLE} AS l LEFT JOIN {OFFICE_TABLE} AS o "
    "ON o.siren = l.siren AND o.siren {within} WHERE l.siren {within}"
)
IN_BATCH, IN_RANGE = "= ANY(%(sirens)s)", "BETWEEN %(low)s AND %(high)s"
RESTAGE_OFFICES = (
    f"INSERT INTO {OFFICE_TABLE} SELECT * FROM first_office_batch ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in LOCATION_COLUMNS)
)
_MERGED = [c for c in LEGAL_UNIT_COLUMNS if c != "head_office_siret"]
MERGE = (
    f"INSERT INTO company ({', '.join(_MERGED)}, {LOCATION}, source, updated_at) "
    f"SELECT {', '.join('l.' + c for c in _MERGED)}, "
    "CASE WHEN o.siren IS NULL THEN l.head_office_siret ELSE o.head_office_siret END, "
    + ", ".join(f"o.{c}" for c in LOCATION_COLUMNS[1:])
    + f", '{SOURCE}', %(now)s FROM {LEGAL_TABLE} AS l LEFT JOIN {OFFICE_TABLE} AS o USING (siren) "
    "{part}ORDER BY o.department, l.naf_code ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in [*_MERGED[1:], *LOCATION_COLUMNS])
    + ", source = excluded.source, updated_at = excluded.updated_at"
)


# From this many staged companies, a helper connection merges half of them.
SHARE_FROM = 50_000
LOWER, UPPER = "WHERE l.siren < %(split)s ", "WHERE l.siren >= %(split)s "


def copy_arrow(cursor: Any, table: str, columns: Sequence[str], rows: Any) -> None:
    """COPY an Arrow table's `columns` into `table`, as CSV Arrow writes in C. Every value is
    quoted, so that an empty text stays empty and only a missing one is NULL."""
    import pyarrow as pa
    import pyarrow.csv as csv

    if not rows.num_rows:
        return
    sink = pa.BufferOutputStream()
    options = csv.WriteOptions(include_header=False, quoting_style="all_valid")
    csv.write_csv(rows.select(list(columns)), sink, options)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(memoryview(sink.getvalue()))


class FirstLoad:
    """The staging of a first load, on the import's psycopg connection."""

    def __init__(self, connection: Any, helper: Helper | None = None) -> None:
        self.connection = connection
        self.last: str | None = None  # the largest staged SIREN
        self.before: str | None = None  # the same before the latest batch
        self.batch: frozenset[str] = frozenset()  # the latest batch's SIRENs
        self.first: str | None = None  # the smallest staged SIREN
        self.staged = 0
        with connection.cursor() as cursor:
            cursor.execute(CAN_SHARE)
            self.helper = helper if helper is not None and cursor.fetchone()[0] else None
            cursor.execute(DROP.format(schema="" if self.helper else "pg_temp."))
            cursor.execute(CREATE.format(kind="UNLOGGED" if self.helper else "TEMP"))
        connection.commit()

    @staticmethod
    def drop_leftovers(connection: Any) -> None:
        """Drop the staging a killed first load left in the store's schema (its merge half
        done: the store is no longer empty, so no first load will), when this role may."""
        with connection.cursor() as cursor:
            try:
                cursor.execute(DROP.format(schema=""))
            except InsufficientPrivilege:
                connection.rollback()
                return
        connection.commit()

    def takes(self, sirens: Sequence[str]) -> bool:
        """Whether a batch of these SIRENs sorts after everything staged (else staging must
        end)."""
        return self.last is None or min(sirens) > self.last

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Stage a batch of new legal units (duplicates: the last one)."""
        pending, result = classify_legal_units(rows, {})
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {LEGAL_TABLE} ({LEGAL}) FROM STDIN") as copy,
        ):
            for row in pending:
                copy.write_row(row)
        self._staged_batch([row[0] for row in pending])
        return result

    def write_companies(self, units: Any, offices: Any) -> BatchResult:
        """Stage new legal units (an Arrow table, no SIREN twice) with their head offices
        (row for row, null rows for none), straight from Arrow: as `write_legal_units` then
        `write_head_offices` would, without a row in Python or a lookup."""
        import pyarrow.compute as pc

        present = offices.filter(pc.is_valid(offices.column("siren")))
        with self.connection.cursor() as cursor:
            copy_arrow(cursor, LEGAL_TABLE, LEGAL_UNIT_COLUMNS, units)
            copy_arrow(cursor, OFFICE_TABLE, ("siren", *LOCATION_COLUMNS), present)
        self._staged_batch(units.column("siren").to_pylist())
        return placed_counts(units, offices)

    def _staged_batch(self, sirens: list[str]) -> None:
        self.connection.commit()
        self.before, self.batch = self.last, frozenset(sirens)
        self.last = max(self.batch)
        self.first = self.first or min(self.batch)
        self.staged += len(sirens)

    @property
    def span(self) -> int:
        """How many SIRENs lie from the first staged to the last (1 at least)."""
        if self.first and self.last and self.first.isdigit() and self.last.isdigit():
            return max(1, int(self.last) - int(self.first) + 1)
        return 1

    def mark_ceased(self, sirens: Sequence[str]) -> int:
        """Mark ceased the staged active units of `sirens` (those of the latest batch's range
        that it did not stage are not staged: they are skipped without a lookup)."""
        staged = [s for s in sirens if (self.before and s <= self.before) or s in self.batch]
        if not staged:
            return 0
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {LEGAL_TABLE} SET active = false, import_hash = NULL "
                "WHERE active AND siren = ANY(%s)",
                (staged,),
            )
            ceased = int(cursor.rowcount)
        self.connection.commit()
        return ceased

    def write_head_offices(self, rows: Sequence[HeadOffice]) -> BatchResult:
        """Stage the head offices whose location differs from what is staged."""
        with self.connection.cursor() as cursor:
            cursor.execute(*self._staged_location([row[0] for row in rows]))
            found = cursor.fetchall()
            existing = {row[0]: tuple(row[2:]) for row in found}
            restaged = {row[0] for row in found if row[1]}
            pending, result = classify_head_offices(rows, existing)
            new = [row for row in pending if row[0] not in restaged]
            again = [row for row in pending if row[0] in restaged]
            for table, batch in ((OFFICE_TABLE, new), ("first_office_batch", again)):
                if batch:
                    with cursor.copy(f"COPY {table} (siren, {LOCATION}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
            if again:
                cursor.execute(RESTAGE_OFFICES)
        self.connection.commit()
        return result

    def _staged_location(self, sirens: list[str]) -> tuple[str, dict[str, Any]]:
        """The lookup of a batch: the range it spans when sorted and about as dense as the
        staged units (INSEE's files), else SIREN by SIREN."""
        low, high = sirens[0], sirens[-1]
        span = int(high) - int(low) + 1 if low.isdigit() and high.isdigit() else 0
        ordered = span > 0 and all(a <= b for a, b in pairwise(sirens))
        if ordered and self.staged * span <= 2 * len(sirens) * self.span:
            return STAGED_LOCATION.format(within=IN_RANGE), {"low": low, "high": high}
        return STAGED_LOCATION.format(within=IN_BATCH), {"sirens": sirens}

    def merge(self) -> int:
        """Write every staged company into the store, once; drop the staging. How many.

        With a helper connection, it writes the upper half of the SIRENs while this one writes
        the lower half (each sorted by place): the merge is mostly the server's CPU (the search
        keys, the heap and its key), so two cores take about half the time. The helper's half
        is committed once both are written, just before this connection's; should this one
        fail in between, the store holds the upper half, which the next run completes batch
        by batch, as after any interruption."""
        params: dict[str, Any] = {"now": datetime.now(UTC), "split": self._split()}
        with ExitStack() as stack:
            other = open_helper(self.helper, stack) if params["split"] is not None else None
            if other is None:
                written = self._write(self.connection, "", params)
            else:
                lower, upper = side_by_side(
                    other,
                    lambda helper: self._write(helper, UPPER, params),
                    lambda: self._write(self.connection, LOWER, params),
                )
                written = lower + upper
                other.commit()
        with self.connection.cursor() as cursor:
            cursor.execute(DROP.format(schema=""))
        self.connection.commit()
        return written

    def _split(self) -> str | None:
        """The staged SIREN that starts the upper half (None: too few to share)."""
        if self.helper is None or self.staged < SHARE_FROM:
            return None
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT siren FROM {LEGAL_TABLE} ORDER BY siren OFFSET %s LIMIT 1",
                (self.staged // 2,),
            )
            found = cursor.fetchone()
        return None if found is None else str(found[0])

    @staticmethod
    def _write(connection: Any, part: str, params: dict[str, Any]) -> int:
        """Write the staged companies of `part` (a WHERE clause, or all), uncommitted."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL work_mem = '{SORT_MEMORY}'; SET LOCAL synchronous_commit = off"
            )
            cursor.execute(MERGE.format(part=part), params)
            return int(cursor.rowcount)
