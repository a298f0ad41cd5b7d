"""The full-text rows the SQLite importer computes with Arrow (`fts_rows`) are exactly those the
insert trigger makes: value for value on edge cases, and byte for byte in the index."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sirene_samples import synth

from store.db import open_store
from store.sirene import import_sirene
from store.sirene.fts_sqlite import FtsBypass

INDEX_TABLES = ("company_fts_data", "company_fts_idx", "company_fts_docsize", "company_fts_config")


def _store(path: Path) -> sqlite3.Connection:
    open_store(f"sqlite:///{path}").dispose()
    return sqlite3.connect(path)


def test_the_store_trigger_is_the_one_computed(tmp_path: Path) -> None:
    """The latest migration's insert trigger is what `fts_rows` implements: if a migration
    changes it, this fails (and imports fall back to the SQL path meanwhile)."""
    connection = _store(tmp_path / "store.db")
    bypass = FtsBypass.load(connection)
    assert bypass is not None and bypass.computable
    # Another facet for the creation year (in every trigger, so the bypass still applies).
    for name, sql in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'company'"
    ).fetchall():
        connection.execute(f"DROP TRIGGER {name}")
        connection.execute(sql.replace("' y'", "' z'"))
    changed = FtsBypass.load(connection)
    assert changed is not None and not changed.computable


EDGE_UNITS = [
    # siren, name, acronym, naf, band, category, legal form, created on, active
    ("000000018", "ACME", None, "62.01Z", "03", "PME", "5710", "2021-03-15", True),
    ("000000026", "Élan Café", "ÉC", None, None, None, None, None, True),
    ("000000034", "x", "", "", "NN", "", "", "", False),
    ("000000042", "Ünïcode ß", None, "01.1", "5", "ETI", "57", "1999-1-01", True),
    ("000000059", "B", None, "AB.CD", "4a", "GE", "é9", "2021-03-", True),
    ("000000067", "C", None, "6", "53", "pme", "1", "0001-01-01T00", False),
]
EDGE_OFFICES = [
    # city, postcode, department
    ("PARIS 15", "75015", "75"),
    ("L'ÎLE-ROUSSE", "20220", "2B"),
    (None, None, None),
    ("  SAINT  DENIS ", "", "974"),
    ("\x12\x0a", "9 7", " "),
    ("", "\u00e9", "2A"),
]


def _tables():  # type: ignore[no-untyped-def]
    import pyarrow as pa

    from store.sirene.mapping import HEAD_OFFICE_FIELDS, LEGAL_UNIT_FIELDS

    units = {name: [None] * len(EDGE_UNITS) for name in LEGAL_UNIT_FIELDS}
    for index, (siren, name, acronym, naf, band, category, form, created, active) in enumerate(
        EDGE_UNITS
    ):
        row = {
            "siren": siren, "name": name, "acronym": acronym, "naf_code": naf,
            "headcount_band": band, "category": category, "legal_form": form,
            "created_on": created, "active": active, "diffusible": True,
            "natural_person": False, "import_hash": f"h{index}",
        }  # fmt: skip
        for key, value in row.items():
            units[key][index] = value
    offices = {name: [None] * len(EDGE_OFFICES) for name in HEAD_OFFICE_FIELDS}
    for index, (city, postcode, department) in enumerate(EDGE_OFFICES):
        if city is not None:
            offices["siren"][index] = EDGE_UNITS[index][0]
        offices["city"][index], offices["postcode"][index] = city, postcode
        offices["department"][index] = department
    bools = {"active", "diffusible", "natural_person", "employer"}
    unit_table = pa.table(
        {k: pa.array(v, pa.bool_() if k in bools else pa.string()) for k, v in units.items()}
    )
    office_table = pa.table({k: pa.array(v, pa.string()) for k, v in offices.items()})
    return unit_table, office_table


def test_computed_rows_are_the_triggers_values(tmp_path: Path) -> None:
    """Accents, spaces and control bytes in cities, empty and null values, odd bands, NAF
    codes, legal forms and dates: every value as the trigger's SQL computes it."""
    from store.sirene.batches import COMPANY_COLUMNS, whole_companies
    from store.sirene.fts_rows import fts_rows
    from store.sirene.writer_sqlite import SqliteWriter

    units, offices = _tables()
    connection = _store(tmp_path / "store.db")
    writer = SqliteWriter(connection)
    rows, _ = whole_companies(units, offices)
    bypass = writer.fts
    assert bypass is not None
    cursor = connection.cursor()
    cursor.execute("BEGIN IMMEDIATE")
    writer._append(cursor, rows, 0, COMPANY_COLUMNS)
    connection.commit()
    writer.close()
    select = bypass.add_appended[bypass.add_appended.index(" SELECT ") + 1 :]
    expected = connection.execute(select, (0,)).fetchall()
    assert fts_rows(units, offices) == expected
    assert len(expected) == len(EDGE_UNITS)


def _import(path: Path, files: list[Path], *, computed: bool) -> sqlite3.Connection:
    load = FtsBypass.load.__func__  # type: ignore[attr-defined]

    def loaded(cls: type[FtsBypass], connection: sqlite3.Connection) -> FtsBypass | None:
        bypass = load(cls, connection)
        return bypass and dataclasses.replace(bypass, computable=bypass.computable and computed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FtsBypass, "load", classmethod(loaded))
        engine = open_store(f"sqlite:///{path}")
        import_sirene(engine, files, batch_size=700)
        engine.dispose()
    return sqlite3.connect(path)


def _rows(connection: sqlite3.Connection, table: str) -> Iterator[tuple[object, ...]]:
    yield from connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2")


def test_the_index_is_byte_for_byte_the_triggers(tmp_path: Path) -> None:
    """A first import of a generated stock (several batches, with their head offices) makes
    the same index whether its rows are computed or derived by SQL from the triggers."""
    files = synth().generate(tmp_path / "synth", 3_000, seed=11, bad_rows=True)
    paths = [files.legal_units, files.establishments]
    computed = _import(tmp_path / "computed.db", paths, computed=True)
    derived = _import(tmp_path / "derived.db", paths, computed=False)
    for table in INDEX_TABLES:
        assert list(_rows(computed, table)) == list(_rows(derived, table)), table
    assert computed.execute("SELECT count(*) FROM company_fts_docsize").fetchone()[0] > 1_000
    computed.execute("INSERT INTO company_fts(company_fts, rank) VALUES ('integrity-check', 0)")
    columns = "siren, name, city, postcode, department, naf_code, import_hash"
    query = f"SELECT {columns} FROM company ORDER BY siren"
    assert computed.execute(query).fetchall() == derived.execute(query).fetchall()
