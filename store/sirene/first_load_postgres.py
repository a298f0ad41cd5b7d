"""A first load into an empty PostgreSQL store: stage everything, then write each company once.

Written batch by batch, a first load writes every company twice: its legal unit, then its head
office's location (an UPDATE, a new version of every row, its search keys computed again). So
when the run starts on an empty `company` table, its batches go to temporary tables instead —
legal units, then the latest head office of each — classified against what is staged exactly
as they would be against the store (`batches`), so the report counts the same; `merge` then
writes each company once, with its location, in one INSERT … SELECT ordered by place.

The store stays empty until `merge`. A run that fails while its connection lives (a bad
file, Ctrl-C) merges what it staged when the writer closes, so it keeps its whole batches as a
run batch by batch does; a killed process or a lost connection takes the staging tables with
the session and leaves the store empty, and running the import again starts over. A batch
that does not sort after the staged ones (a file that is not INSEE's, sorted by SIREN) ends
the staging: what is staged is merged, and the run goes on batch by batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from store.sirene.batches import (
    LEGAL_UNIT_COLUMNS,
    LOCATION_COLUMNS,
    SOURCE,
    BatchResult,
    classify_head_offices,
    classify_legal_units,
)
from store.sirene.mapping import HeadOffice, LegalUnit

# The staging tables' column types (text unless said), shared with `writer_postgres`
COLUMN_TYPES = {"created_on": "date", "active": "boolean", "diffusible": "boolean",
                "natural_person": "boolean", "employer": "boolean"}  # fmt: skip
LEGAL = ", ".join(LEGAL_UNIT_COLUMNS)
LOCATION = ", ".join(LOCATION_COLUMNS)
CREATE = (
    "CREATE TEMP TABLE first_legal ("
    + ", ".join(f"{c} {COLUMN_TYPES.get(c, 'text')}" for c in LEGAL_UNIT_COLUMNS)
    + ", PRIMARY KEY (siren)); "
    "CREATE TEMP TABLE first_office (siren text PRIMARY KEY, "
    + ", ".join(f"{c} text" for c in LOCATION_COLUMNS)
    + "); CREATE TEMP TABLE first_office_batch (LIKE first_office) ON COMMIT DELETE ROWS"
)
DROP = "DROP TABLE IF EXISTS first_legal, first_office, first_office_batch"
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
    + " FROM first_legal AS l LEFT JOIN first_office AS o "
    "ON o.siren = l.siren AND o.siren {within} WHERE l.siren {within}"
)
IN_BATCH, IN_RANGE = "= ANY(%(sirens)s)", "BETWEEN %(low)s AND %(high)s"
RESTAGE_OFFICES = (
    "INSERT INTO first_office SELECT * FROM first_office_batch ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in LOCATION_COLUMNS)
)
_MERGED = [c for c in LEGAL_UNIT_COLUMNS if c != "head_office_siret"]
MERGE = (
    f"INSERT INTO company ({', '.join(_MERGED)}, {LOCATION}, source, updated_at) "
    f"SELECT {', '.join('l.' + c for c in _MERGED)}, "
    "CASE WHEN o.siren IS NULL THEN l.head_office_siret ELSE o.head_office_siret END, "
    + ", ".join(f"o.{c}" for c in LOCATION_COLUMNS[1:])
    + f", '{SOURCE}', %s FROM first_legal AS l LEFT JOIN first_office AS o USING (siren) "
    "ORDER BY o.department, l.naf_code ON CONFLICT (siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in [*_MERGED[1:], *LOCATION_COLUMNS])
    + ", source = excluded.source, updated_at = excluded.updated_at"
)


class FirstLoad:
    """The staging of a first load, on the import's psycopg connection."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.last: str | None = None  # the largest staged SIREN
        self.before: str | None = None  # the same before the latest batch
        self.batch: frozenset[str] = frozenset()  # the latest batch's SIRENs
        self.first: str | None = None  # the smallest staged SIREN
        self.staged = 0
        with connection.cursor() as cursor:
            cursor.execute(DROP)
            cursor.execute(CREATE)
        connection.commit()

    def takes(self, rows: Sequence[LegalUnit]) -> bool:
        """Whether the batch sorts after everything staged (else staging must end)."""
        return self.last is None or min(row[0] for row in rows) > self.last

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Stage a batch of new legal units (duplicates: the last one)."""
        pending, result = classify_legal_units(rows, {})
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY first_legal ({LEGAL}) FROM STDIN") as copy,
        ):
            for row in pending:
                copy.write_row(row)
        self.connection.commit()
        self.before, self.batch = self.last, frozenset(row[0] for row in pending)
        self.last = max(self.batch)
        self.first = self.first or min(self.batch)
        self.staged += len(pending)
        return result

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
                "UPDATE first_legal SET active = false, import_hash = NULL "
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
            for table, batch in (("first_office", new), ("first_office_batch", again)):
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
        """Write every staged company into the store, once; drop the staging. How many."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
            cursor.execute(MERGE, (datetime.now(UTC),))
            written = int(cursor.rowcount)
            cursor.execute(DROP)
        self.connection.commit()
        return written
