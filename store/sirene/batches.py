"""What a batch write is, whatever the database: the `CompanyWriter` port, what a batch did
(`BatchResult`), how rows are classified against the store, and the SQL pieces writers share.

Each batch is classified against the store first (new / digest changed / unchanged), and only
new and changed rows are written, so re-importing a file writes nothing. The legal-unit pass
never touches the location columns; the head-office pass never touches `import_hash`.
The database-specific writers (`writer_sqlite`, `writer_postgres`) build on this module;
it imports neither of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from store.sirene.mapping import HEAD_OFFICE_FIELDS, LEGAL_UNIT_FIELDS, HeadOffice, LegalUnit

# Columns written from the legal-unit file (siren and the digest included) and from head offices.
LEGAL_UNIT_COLUMNS = LEGAL_UNIT_FIELDS
LOCATION_COLUMNS = HEAD_OFFICE_FIELDS[1:]
SOURCE = "sirene"
# The digest is cleared so that a later `--include-closed` import rewrites the whole row.
MARK_CEASED = "UPDATE company SET active = {false}, import_hash = NULL, updated_at = {now} WHERE "


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch did: rows inserted, rows updated, rows already current, rows with no company."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown: int = 0


class CompanyWriter(Protocol):
    """Writes batches of mapped rows; each call is one committed transaction."""

    def write_legal_units(self, rows: Sequence[LegalUnit]) -> BatchResult:
        """Insert new units, update changed ones, leave the rest."""
        ...

    def write_head_offices(self, rows: Sequence[HeadOffice]) -> BatchResult:
        """Set the location of known companies whose head office changed."""
        ...

    def mark_ceased(self, sirens: Sequence[str]) -> int:
        """Mark ceased the companies of `sirens` the store holds as active; how many."""
        ...

    def finish(self) -> None:
        """Refresh the planner's statistics after a bulk load."""
        ...

    def close(self) -> None:
        """Restore any connection setting changed for the import."""
        ...


def classify_legal_units(
    rows: Sequence[LegalUnit], existing: dict[str, str | None]
) -> tuple[list[LegalUnit], BatchResult]:
    """The rows to write (deduplicated by SIREN, last wins) and the batch's counts."""
    pending: dict[str, LegalUnit] = {}
    imported = updated = unchanged = 0
    missing = object()
    for row in rows:
        siren = row[0]
        known = existing.get(siren, missing)
        if known is missing:
            imported += 1
            pending[siren] = row
        elif known == row[-1]:
            unchanged += 1
        else:
            updated += 1
            pending[siren] = row
    return list(pending.values()), BatchResult(imported, updated, unchanged)


def classify_head_offices(
    rows: Sequence[HeadOffice], existing: dict[str, tuple[str | None, ...]]
) -> tuple[list[HeadOffice], BatchResult]:
    """The head offices whose location differs from the store, and the batch's counts."""
    pending: dict[str, HeadOffice] = {}
    updated = unchanged = unknown = 0
    for row in rows:
        current = existing.get(row[0])
        if current is None:
            unknown += 1
        elif current == row[1:]:
            unchanged += 1
        else:
            updated += 1
            pending[row[0]] = row
    return list(pending.values()), BatchResult(
        updated=updated, unchanged=unchanged, unknown=unknown
    )
