"""SQLite writer: `executemany` upserts on the raw sqlite3 connection, one transaction per batch.

The full-text index is kept exactly in sync: by the triggers themselves, or (much faster, see
`fts_sqlite`) by set-based statements derived from them inside the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import Any

from store.sirene.batches import (
    COMPANY_COLUMNS,
    LEGAL_UNIT_COLUMNS,
    LOCATION_COLUMNS,
    MARK_CEASED,
    SOURCE,
    BatchResult,
    Known,
    classify_companies,
    classify_head_offices,
    classify_legal_units,
    offices_by_siren,
    tuples,
    whole_companies,
)
from store.sirene.fts_rows import fts_rows
from store.sirene.fts_sqlite import FTS_TABLE, FtsBypass
from store.sirene.mapping import HeadOffice, LegalUnit

# The page cache while importing: the full-text index merges its segments through it.
IMPORT_CACHE_KIB = 65_536


def _insert(columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO company ({', '.join(columns)}, source, updated_at) "
        f"VALUES ({', '.join('?' for _ in columns)}, '{SOURCE}', {{now}})"
    )


# Variables one statement may hold: 32,766 since SQLite 3.32, 999 before.
MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
# Rows per multi-row INSERT: measured on 200,000 companies (22 columns), 49 rows a statement
# took 1.05 s, 500 rows 0.88 s, 1,400 rows 1.03 s (bigger statements stop paying once their
# parsing is amortised and their bindings no longer fit the CPU caches).
ROWS_PER_INSERT = 500


@cache
def _insert_many(columns: tuple[str, ...]) -> tuple[str, int]:
    """One INSERT of many rows, and how many: `ROWS_PER_INSERT`, or as many as SQLite's
    variable limit allows. One statement per ~500 rows costs SQLite ~25% less than one per
    row."""
    rows = min(ROWS_PER_INSERT, MAX_VARIABLES // len(columns))
    statement = _insert(columns)
    values = statement[statement.index(" VALUES ") + len(" VALUES ") :]
    return statement[: statement.index(" VALUES ") + len(" VALUES ")] + ", ".join(
        [values] * rows
    ), rows


_UPDATED = [c for c in LEGAL_UNIT_COLUMNS if c != "siren"]
INSERT = _insert(LEGAL_UNIT_COLUMNS)
UPSERT = (
    INSERT
    + " ON CONFLICT(siren) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _UPDATED)
    + ", source = excluded.source, updated_at = excluded.updated_at"
)
INSERT_COMPANY = _insert(COMPANY_COLUMNS)
SET_LOCATION = (
    "UPDATE company SET "
    + ", ".join(f"{c} = ?" for c in LOCATION_COLUMNS)
    + ", updated_at = {now} WHERE siren = ?"
)
_IN_BATCH = "siren IN (SELECT value FROM json_each(?))"
_KNOWN = f"import_hash, {', '.join(LOCATION_COLUMNS)}"


def _automerge(connection: sqlite3.Connection) -> int:
    """The full-text index's 'automerge' setting (FTS5's default, 4, when never set)."""
    found = connection.execute(f"SELECT v FROM {FTS_TABLE}_config WHERE k = 'automerge'").fetchone()
    return 4 if found is None else int(found[0])


def _set_automerge(connection: sqlite3.Connection, value: int) -> None:
    connection.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', {int(value)})"
    )
    connection.commit()


def _now() -> str:
    """Now as a SQL literal, in SQLAlchemy's DateTime format on SQLite (UTC, no offset)."""
    return datetime.now(UTC).strftime("'%Y-%m-%d %H:%M:%S.%f'")


class SqliteWriter:
    """Upserts into a SQLite store through its sqlite3 connection."""

    indexes = True  # takes the reader's full-text rows (`CompanyMerger`)

    def __init__(self, connection: Any) -> None:
        self.connection: sqlite3.Connection = connection
        self.fts = FtsBypass.load(connection)
        # Batches are idempotent (a re-run converges), so an OS crash losing the last commits
        # is harmless: skip the WAL checkpoints' fsyncs for the import's duration.
        connection.execute("PRAGMA synchronous=OFF")
        self.cache_size = connection.execute("PRAGMA cache_size").fetchone()[0]
        connection.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        self.automerge = _automerge(connection) if self.fts is not None else None
        if self.automerge is not None:
            # No incremental merging of the index's segments while batches pour in: `finish`
            # merges them all once ('optimize'), and `close` sets the store's value back.
            _set_automerge(connection, 0)

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Insert new units, update changed ones, leave the rest; one transaction."""

        def write(cursor: sqlite3.Cursor) -> BatchResult:
            last_rowid = self._append_point(cursor, min(map(itemgetter(0), rows)))
            if last_rowid is not None:  # a batch of new companies only: plain appends
                if len(set(map(itemgetter(0), rows))) == len(rows):
                    self._append(cursor, rows, last_rowid)
                    return BatchResult(imported=len(rows))
                pending, result = classify_legal_units(rows, {})  # duplicates: keep the last
                self._append(cursor, pending, last_rowid)
                return result
            existing = dict(self._lookup(cursor, "import_hash", rows))
            pending, result = classify_legal_units(rows, existing)
            if pending:
                changing = [row[0] for row in pending if row[0] in existing]
                self._write(cursor, UPSERT, pending, changing, [row[0] for row in pending])
            return result

        return self._transaction(write)

    def write_companies(self, units: Any, offices: Any, index: Any = None) -> BatchResult:
        """Units and their head offices (Arrow tables, row for row), each company written
        once; one transaction. `index`: their `fts_rows.fts_table` when the reader made it."""
        import pyarrow.compute as pc

        sirens = units.column("siren")

        def write(cursor: sqlite3.Cursor) -> BatchResult:
            last_rowid = self._append_point(cursor, pc.min(sirens).as_py())
            if last_rowid is not None and pc.count_distinct(sirens).as_py() == len(sirens):
                rows, result = whole_companies(units, offices)  # new companies: plain appends
                indexed = None
                if self.fts is not None and self.fts.computable:
                    indexed = fts_rows(units, offices) if index is None else tuples(index)
                self._append(cursor, rows, last_rowid, COMPANY_COLUMNS, indexed)
                return result
            rows = tuples(units)
            found = self._lookup(cursor, _KNOWN, rows)
            existing: dict[str, Known] = {row[0]: (row[1], tuple(row[2:])) for row in found}
            writes = classify_companies(rows, offices_by_siren(offices), existing)
            changing = [row[0] for row in writes.changed] + [row[0] for row in writes.moved]
            written = changing + [str(row[0]) for row in writes.new]
            statements: list[tuple[str, Sequence[Sequence[Any]]]] = [
                (UPSERT, writes.changed),
                (INSERT_COMPANY, writes.new),
                (SET_LOCATION, [(*row[1:], row[0]) for row in writes.moved]),
            ]
            self._write_all(cursor, [(s, p) for s, p in statements if p], changing, written)
            return writes.result

        return self._transaction(write)

    def write_head_offices(self, rows: Sequence[HeadOffice]) -> BatchResult:
        """Set the location of known companies whose head office changed; one transaction."""

        def write(cursor: sqlite3.Cursor) -> BatchResult:
            found = self._lookup(cursor, ", ".join(LOCATION_COLUMNS), rows)
            existing = {row[0]: tuple(row[1:]) for row in found}
            pending, result = classify_head_offices(rows, existing)
            if pending:
                sirens = [row[0] for row in pending]
                params = [(*row[1:], row[0]) for row in pending]
                self._write(cursor, SET_LOCATION, params, sirens, sirens)
            return result

        return self._transaction(write)

    def mark_ceased(self, sirens: Sequence[str]) -> int:
        """Mark ceased the known active companies of `sirens`; the triggers update the index."""

        def write(cursor: sqlite3.Cursor) -> BatchResult:
            cursor.execute(
                MARK_CEASED.format(false=0, now=_now()) + f"active AND {_IN_BATCH}",
                (json.dumps(list(sirens)),),
            )
            return BatchResult(updated=cursor.rowcount)

        return self._transaction(write).updated

    def finish(self) -> None:
        """Merge the full-text index into one segment (searches seek faster in it: measured
        2-3x on 1M companies, for under a second of work), then a bounded ANALYZE."""
        self.connection.execute("INSERT INTO company_fts(company_fts) VALUES ('optimize')")
        self.connection.execute("PRAGMA analysis_limit=1000")
        self.connection.execute("ANALYZE company")
        self.connection.commit()

    def close(self) -> None:
        """Give the connection back with the store's usual durability, cache and merging (also
        after a failed import: the segments left unmerged are merged by later writes)."""
        if self.automerge is not None:
            # Never masks the failure being raised (a full or read-only store refuses this
            # write too): the index then merges at the next import's 'optimize'.
            with suppress(sqlite3.Error):
                self.connection.rollback()  # a failed batch may have left its transaction open
                _set_automerge(self.connection, self.automerge)
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(f"PRAGMA cache_size={int(self.cache_size)}")

    def _append_point(self, cursor: sqlite3.Cursor, first: str) -> int | None:
        """The largest rowid when the batch's smallest SIREN, `first`, sorts after the store's
        last one (INSEE's files are sorted, so a first import never looks its batches up),
        else None."""
        last_siren, last_rowid = cursor.execute(
            "SELECT max(siren), (SELECT max(rowid) FROM company) FROM company"
        ).fetchone()
        if last_siren is None or first > last_siren:
            return last_rowid or 0
        return None

    def _append(
        self,
        cursor: sqlite3.Cursor,
        rows: Sequence[Sequence[Any]],
        last_rowid: int,
        columns: tuple[str, ...] = LEGAL_UNIT_COLUMNS,
        indexed: Sequence[Sequence[Any]] | None = None,
    ) -> None:
        """Insert new rows (their SIRENs all above the store's); `indexed`: their full-text
        rows when computed (`fts_rows`), else the index derives them from the rows."""
        now = _now()
        many, per_statement = _insert_many(columns)
        whole = len(rows) - len(rows) % per_statement
        groups = [
            tuple(chain.from_iterable(rows[start : start + per_statement]))
            for start in range(0, whole, per_statement)
        ]
        if self.fts is not None:
            self.fts.suspend(cursor, [])
        cursor.executemany(many.format(now=now), groups)
        cursor.executemany(_insert(columns).format(now=now), rows[whole:])
        if self.fts is not None:
            self.fts.resume(cursor, [], appended_after=last_rowid, rows=indexed)

    def _transaction(self, work: Callable[[sqlite3.Cursor], BatchResult]) -> BatchResult:
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
            result = work(cursor)
            self.connection.commit()
        except BaseException:  # a busy store among others: `failures` words it
            self.connection.rollback()
            raise
        finally:
            cursor.close()
        return result

    def _lookup(
        self, cursor: sqlite3.Cursor, columns: str, rows: Sequence[tuple[Any, ...]]
    ) -> list[Any]:
        cursor.execute(
            f"SELECT siren, {columns} FROM company WHERE {_IN_BATCH}",
            (json.dumps([row[0] for row in rows]),),
        )
        return cursor.fetchall()

    def _write(
        self,
        cursor: sqlite3.Cursor,
        statement: str,
        params: Sequence[Sequence[Any]],
        changing: Sequence[str],
        written: Sequence[str],
    ) -> None:
        self._write_all(cursor, [(statement, params)], changing, written)

    def _write_all(
        self,
        cursor: sqlite3.Cursor,
        statements: Sequence[tuple[str, Sequence[Sequence[Any]]]],
        changing: Sequence[str],
        written: Sequence[str],
    ) -> None:
        """Run the statements, the full-text index of `changing` (known companies) removed
        before and that of `written` (every company written) added after."""
        now = _now()
        if self.fts is not None:
            self.fts.suspend(cursor, changing)
        for statement, params in statements:
            cursor.executemany(statement.format(now=now), params)
        if self.fts is not None:
            self.fts.resume(cursor, written)
