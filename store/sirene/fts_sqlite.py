"""Bulk-friendly upkeep of SQLite's full-text index during an import.

SQLite 3.40's FTS5 flushes its pending terms at every statement savepoint, and a trigger-driven
insert opens one per row: a bulk load through the `company_fts_*` triggers runs ~4x slower than
one set-based INSERT. So, inside each batch's transaction, the importer drops those triggers,
deletes the FTS rows of the companies it is about to change, writes, re-adds their FTS rows
and recreates the triggers, all before COMMIT: other connections never see the triggers gone.
The statements are derived from the triggers' own SQL, so the index stays exactly what the
triggers would have made. When the triggers have an unexpected shape, `FtsBypass.load` returns
None and the writer lets the triggers do the work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.sirene.fts_rows import INSERT, TRIGGER_VALUES

FTS_TABLE = "company_fts"
_IN_BATCH = "{alias}.siren IN (SELECT value FROM json_each(?))"
_APPENDED = "{alias}.rowid > ?"


def _body(trigger_sql: str) -> str:
    """The statements between BEGIN and END, whitespace normalised."""
    upper = trigger_sql.upper()
    start, end = upper.find(" BEGIN "), upper.rfind("END")
    if start < 0 or end < start:
        raise ValueError("no trigger body")
    return " ".join(trigger_sql[start + len(" BEGIN ") : end].split()).rstrip(";").strip()


def _anonymous(body: str) -> str:
    return body.replace("old.", "?.").replace("new.", "?.")


def _as_select(trigger_sql: str, alias: str, where: str = _IN_BATCH) -> str:
    """`INSERT INTO t(cols) VALUES (exprs on alias.x)` in a trigger → the same as INSERT…SELECT."""
    upper = trigger_sql.upper()
    if " WHEN " in upper[: upper.find(" BEGIN ")]:
        raise ValueError("a conditional trigger")
    body = _body(trigger_sql)
    if ";" in body or body.upper().count(" VALUES (") != 1:
        raise ValueError("not a single INSERT … VALUES statement")
    index = body.upper().index(" VALUES (")
    head, values = body[:index], body[index + len(" VALUES (") :].rstrip()
    if not values.endswith(")") or FTS_TABLE not in head:
        raise ValueError("unexpected trigger shape")
    # FTS5 flushes its pending terms whenever a rowid is not above the last one: feed it in order.
    return (
        f"{head} SELECT {values[:-1]} FROM company AS {alias} "
        f"WHERE {where.format(alias=alias)} ORDER BY 1"
    )


@dataclass(frozen=True)
class FtsBypass:
    """The FTS triggers on `company` and the set-based statements that stand in for them."""

    triggers: tuple[tuple[str, str], ...]
    remove: str
    add: str
    add_appended: str
    computable: bool = False  # the insert trigger is the one `fts_rows` computes

    @classmethod
    def load(cls, connection: sqlite3.Connection) -> FtsBypass | None:
        """Read the triggers; None when they are missing or not of the expected shape."""
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'company'"
        ).fetchall()
        triggers = tuple((name, sql) for name, sql in rows if FTS_TABLE in sql)
        inserts = [sql for _, sql in triggers if " AFTER INSERT " in sql.upper()]
        deletes = [sql for _, sql in triggers if " AFTER DELETE " in sql.upper()]
        updates = [sql for _, sql in triggers if " AFTER UPDATE " in sql.upper()]
        if len(inserts) != 1 or len(deletes) != 1 or len(triggers) != 2 + len(updates):
            return None
        try:
            # Un-index then re-index stands in for an update only if that is what it does.
            expected = _anonymous(f"{_body(deletes[0])}; {_body(inserts[0])}")
            if any(_anonymous(_body(update)) != expected for update in updates):
                return None
            return cls(
                triggers,
                remove=_as_select(deletes[0], "old"),
                add=_as_select(inserts[0], "new"),
                add_appended=_as_select(inserts[0], "new", _APPENDED),
                computable=_body(inserts[0]) == " ".join(TRIGGER_VALUES.split()),
            )
        except ValueError:
            return None

    def suspend(self, cursor: sqlite3.Cursor, changing: Sequence[str]) -> None:
        """Drop the triggers and un-index the existing companies about to change."""
        for name, _ in self.triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        if changing:
            cursor.execute(self.remove, (json.dumps(list(changing)),))

    def resume(
        self,
        cursor: sqlite3.Cursor,
        written: Sequence[str],
        *,
        appended_after: int | None = None,
        rows: Sequence[Sequence[Any]] | None = None,
    ) -> None:
        """Index the companies just written and put the triggers back.

        `appended_after`: when every written row was a new one, the table's largest rowid
        before the writes; the new rows are then found by rowid, without a lookup each.
        `rows`: the new rows' index rows, computed (`fts_rows`, only when `computable`), in
        rowid order: one-row INSERTs in one transaction, FTS5 buffering their terms (a
        multi-row statement would open a savepoint, which flushes them).
        """
        if rows is not None:
            cursor.executemany(INSERT, rows)
        elif appended_after is not None:
            cursor.execute(self.add_appended, (appended_after,))
        elif written:
            cursor.execute(self.add, (json.dumps(list(written)),))
        for _, sql in self.triggers:
            cursor.execute(sql)
