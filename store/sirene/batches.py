"""What a batch write is, whatever the database: the `CompanyWriter` port, what a batch did
(`BatchResult`), how rows are classified against the store, and the SQL pieces writers share.

Each batch is classified against the store first (new / digest changed / unchanged), and only
new and changed rows are written, so re-importing a file writes nothing. The legal-unit pass
never touches the location columns; the head-office pass never touches `import_hash`.
The database-specific writers (`writer_sqlite`, `writer_postgres`) build on this module;
it imports neither of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from store.sirene.mapping import HEAD_OFFICE_FIELDS, LEGAL_UNIT_FIELDS, HeadOffice, LegalUnit

# Columns written from the legal-unit file (siren and the digest included) and from head offices.
LEGAL_UNIT_COLUMNS = LEGAL_UNIT_FIELDS
LOCATION_COLUMNS = HEAD_OFFICE_FIELDS[1:]
# A company written whole (its unit and its head office at once): the unit's columns, the head
# office's SIRET in place of the unit's, then the place.
COMPANY_COLUMNS = LEGAL_UNIT_COLUMNS + HEAD_OFFICE_FIELDS[2:]
_HEAD_OFFICE_SIRET = LEGAL_UNIT_COLUMNS.index("head_office_siret")
_NOWHERE = (None,) * (len(HEAD_OFFICE_FIELDS) - 2)
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

    def __add__(self, other: BatchResult) -> BatchResult:
        return BatchResult(
            self.imported + other.imported,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.unknown + other.unknown,
        )


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


@runtime_checkable
class CompanyMerger(Protocol):
    """A writer that takes legal units with their head offices, each company written once
    (see `merge`); writers without it get the two files one after the other. `indexes`:
    whether it writes the full-text rows the reader can make (`fts_rows`)."""

    indexes: bool

    def write_companies(self, units: Any, offices: Any, index: Any = None) -> BatchResult:
        """Write units (an Arrow table of `LEGAL_UNIT_FIELDS`) as `write_legal_units` would,
        then their head offices (`HEAD_OFFICE_FIELDS`, row for row, null rows for none) as
        `write_head_offices` would, in one transaction. `index`: the full-text rows of the
        units as new companies (`fts_rows.fts_table`), made by the reader, or None."""
        ...


def tuples(table: Any) -> list[tuple[Any, ...]]:
    """An Arrow table's rows as tuples, in its column order."""
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


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


Known = tuple[str | None, tuple[str | None, ...]]
"""What the store holds of a company: its digest, and its head office (SIRET and place)."""


@dataclass
class CompanyWrites:
    """What a chunk of units with their head offices writes."""

    new: list[tuple[object, ...]]  # whole companies, in `COMPANY_COLUMNS` order
    changed: list[LegalUnit]  # known companies whose unit changed
    moved: list[HeadOffice]  # known companies whose head office changed
    result: BatchResult


def classify_companies(
    units: Sequence[LegalUnit], offices: Mapping[str, HeadOffice], existing: Mapping[str, Known]
) -> CompanyWrites:
    """Units classified as `classify_legal_units` does, then each head office compared with the
    company as the units leave it, as `classify_head_offices` would after them."""
    pending, result = classify_legal_units(units, {s: known[0] for s, known in existing.items()})
    written = {row[0]: row for row in pending}
    located: dict[str, HeadOffice] = {}
    moved: list[HeadOffice] = []
    updated = unchanged = 0
    for siren, office in offices.items():
        unit = written.get(siren)
        known = existing.get(siren)
        if known is None and unit is None:
            continue  # not a company of these units: the caller only passes theirs
        place = known[1] if known is not None else (None, *_NOWHERE)
        current = place if unit is None else (unit[_HEAD_OFFICE_SIRET], *place[1:])
        if office[1:] == current:
            unchanged += 1
        elif known is None:
            updated += 1
            located[siren] = office
        else:
            updated += 1
            moved.append(office)
    new = [_whole(row, located.get(row[0])) for row in pending if row[0] not in existing]
    changed = [row for row in pending if row[0] in existing]
    counted = BatchResult(updated=updated, unchanged=unchanged)
    return CompanyWrites(new=new, changed=changed, moved=moved, result=result + counted)


def _whole(unit: LegalUnit, office: HeadOffice | None) -> tuple[object, ...]:
    if office is None:
        return (*unit, *_NOWHERE)
    return (*unit[:_HEAD_OFFICE_SIRET], office[1], *unit[_HEAD_OFFICE_SIRET + 1 :], *office[2:])


def whole_companies(units: Any, offices: Any) -> tuple[list[tuple[Any, ...]], BatchResult]:
    """New companies (none of them in the store, no SIREN twice) with their head offices, as
    `COMPANY_COLUMNS` rows, and what writing them does (`placed_counts`)."""
    import pyarrow.compute as pc

    present = pc.is_valid(offices.column("siren"))
    columns = [units.column(name) for name in LEGAL_UNIT_COLUMNS]
    columns[_HEAD_OFFICE_SIRET] = pc.if_else(
        present, offices.column("head_office_siret"), units.column("head_office_siret")
    )
    columns += [offices.column(name) for name in HEAD_OFFICE_FIELDS[2:]]
    rows = list(zip(*(column.to_pylist() for column in columns), strict=True))
    return rows, placed_counts(units, offices)


def placed_counts(units: Any, offices: Any) -> BatchResult:
    """What writing new companies (Arrow tables of units and their head offices, row for row,
    null rows for none) with their head offices does: each is imported, and its head office
    counts as `updated` unless it says nothing new (as `classify_companies` counts)."""
    import pyarrow.compute as pc

    from store.sirene.literals import flag

    present = pc.is_valid(offices.column("siren"))
    own = units.column("head_office_siret")
    office = offices.column("head_office_siret")
    placed = pc.is_valid(offices.column(HEAD_OFFICE_FIELDS[2]))
    for name in HEAD_OFFICE_FIELDS[3:]:
        placed = pc.or_(placed, pc.is_valid(offices.column(name)))
    same = pc.and_(
        pc.and_(present, pc.invert(placed)),
        pc.fill_null(pc.equal(office, own), flag(False)),
    )
    located = int(pc.sum(present).as_py() or 0)
    unchanged = int(pc.sum(same).as_py() or 0)
    return BatchResult(imported=units.num_rows, updated=located - unchanged, unchanged=unchanged)


def offices_by_siren(offices: Any) -> dict[str, HeadOffice]:
    """The head offices of a chunk's units (null rows left out), by SIREN."""
    import pyarrow.compute as pc

    present = offices.filter(pc.is_valid(offices.column("siren")))
    return {row[0]: row for row in tuples(present)}
