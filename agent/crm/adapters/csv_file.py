"""The CSV target: a file instead of a CRM, for teams without one (and for tests).

One row per lead, keyed by the deal's key (the mapping's `deal.key` column, "Clé Filon" by
default): sending a lead again replaces its row, so the file never holds a lead twice. The
columns are the mapped company, contact and deal fields, then the note; a field seen for the
first time adds its column at the end. The file is the exports' format (UTF-8 with BOM, `;`,
every new cell guarded against formulas) and private (0600).

Each write reads the file, changes the row and puts a new file in place in one rename, under
a lock file beside it: several workers at once, or a crash mid-write, never leave a torn or
doubled file. All four steps return the lead's key as the id: the row is the company, the
person, the deal and the note at once, written by `upsert_deal`; the other steps write nothing
(`add_note` writes the note into the row, which `upsert_deal` left without it).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from pathlib import Path

from agent.crm.records import CrmIds, CrmName, CrmRecord, Written
from agent.exports.csv_format import ENCODING, SEPARATOR, safe_cell
from store.locks import file_lock
from store.private import new_private_file, private_folder

NOTE_COLUMN = "Note Filon"
KEY_COLUMN = "Clé Filon"


class CsvCrm:
    """The CSV file at `path` as a CRM."""

    name: CrmName = "csv"

    def __init__(self, path: Path) -> None:
        self.path = path

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Nothing of its own: the company is columns of the lead's row."""
        return None

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Nothing of its own: the person is columns of the lead's row."""
        return None

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Write the lead's row (company, person, deal), its note kept as it was."""
        key_column = record.deal.key_property or KEY_COLUMN
        values = {key_column: record.deal.key, **record.company.properties}
        if record.company.key_property:
            values[record.company.key_property] = record.company.siren
        if record.contact is not None:
            values |= record.contact.properties
        values |= record.deal.properties
        created = self._write(key_column, record.deal.key, values, keep=(NOTE_COLUMN,))
        return Written(record.deal.key, created)

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Write the note into the lead's row."""
        key_column = record.deal.key_property or KEY_COLUMN
        values = {key_column: record.deal.key, NOTE_COLUMN: record.note.body}
        created = self._write(key_column, record.deal.key, values, keep=None)
        return Written(record.note.key, created)

    async def aclose(self) -> None:
        """Nothing held between writes."""

    def rows(self) -> list[dict[str, str]]:
        """The file's rows as written (cells guarded against formulas), for tests and readers."""
        header, rows = self._read()
        return [dict(zip(header, row, strict=False)) for row in rows]

    def _write(
        self,
        key_column: str,
        key: str,
        values: Mapping[str, object],
        *,
        keep: tuple[str, ...] | None,
    ) -> bool:
        """Put `values` in the row whose `key_column` is `key` (a new row when none); `keep`
        names the columns a replaced row keeps (None: every column not in `values`)."""
        private_folder(self.path.parent)
        with file_lock(self.path.with_name(self.path.name + ".lock")):
            header, rows = self._read()
            for column in values:
                if column not in header:
                    header.append(column)
            at = header.index(key_column)
            match = next((row for row in rows if len(row) > at and row[at] == key), None)
            row = [""] * len(header)
            if match is not None:
                old = dict(zip(header, match, strict=False))
                row = [
                    old.get(column, "") if keep is None or column in keep else ""
                    for column in header
                ]
            for column, value in values.items():
                row[header.index(column)] = safe_cell(value)
            rows = [r for r in rows if r is not match] if match is not None else rows
            rows.append(row)
            rows.sort(key=lambda r: r[at] if len(r) > at else "")
            self._replace(header, rows)
        return match is None

    def _read(self) -> tuple[list[str], list[list[str]]]:
        try:
            text = self.path.read_text(encoding=ENCODING)
        except FileNotFoundError:
            return [], []
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR))
        if not lines:
            return [], []
        header = lines[0]
        return header, [line + [""] * (len(header) - len(line)) for line in lines[1:]]

    def _replace(self, header: list[str], rows: list[list[str]]) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.unlink(missing_ok=True)
        new_private_file(temporary)
        with temporary.open("w", encoding=ENCODING, newline="") as stream:
            writer = csv.writer(stream, delimiter=SEPARATOR, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)
