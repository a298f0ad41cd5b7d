"""The SIRENE importer on small hand-written stock files, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sirene_samples import (
    ACME,
    BAKERY,
    CLOSED,
    ESTABLISHMENTS,
    JEANNE,
    MASKED,
    OLD_NAF,
    UNIT_BAD_ROWS,
    UNITS,
    bad_rows,
    company,
    fts_count,
    synth,
)
from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.db import is_sqlite
from store.sirene import import_sirene


def test_legal_units_counts_bad_rows_and_mapping(engine: Engine) -> None:
    report = import_sirene(engine, [UNITS])
    assert (report.read, report.imported, report.updated, report.unchanged) == (9, 5, 0, 0)
    assert dict(report.skipped) == {
        "closed": 1, "bad_siren": 1, "bad_date": 1, "wrong_column_count": 1,
    }  # fmt: skip
    assert bad_rows(report) == UNIT_BAD_ROWS

    acme = company(engine, ACME)
    assert acme is not None
    assert (acme.name, acme.acronym, acme.naf_code, acme.naf_section) == (
        "ACME",
        "ACM",
        "62.01Z",
        "J",
    )
    assert (acme.headcount_band, acme.category, acme.legal_form) == ("11", "PME", "5710")
    assert str(acme.created_on) == "2015-03-02"
    assert (acme.active, acme.diffusible, acme.natural_person, acme.employer) == (
        True, True, False, True,
    )  # fmt: skip
    assert (acme.head_office_siret, acme.source) == ("55210055400013", "sirene")
    assert acme.import_hash and acme.updated_at is not None

    jeanne = company(engine, JEANNE)
    assert jeanne is not None
    assert (jeanne.name, jeanne.natural_person, jeanne.employer) == ("JEANNE DURAND", True, False)
    assert jeanne.headcount_band == "NN"

    masked = company(engine, MASKED)
    assert masked is not None
    assert masked.name == "Entrepreneur individuel (non diffusible)"
    assert (masked.diffusible, masked.natural_person, masked.acronym) == (False, True, None)

    old = company(engine, OLD_NAF)
    assert old is not None and (old.naf_code, old.naf_section) == ("74.1G", None)
    bakery = company(engine, BAKERY)
    assert bakery is not None
    assert (bakery.naf_code, bakery.naf_section, bakery.created_on) == ("10.71C", "C", None)
    assert company(engine, CLOSED) is None

    with engine.connect() as connection:
        masks = connection.execute(
            text("SELECT count(*) FROM company WHERE name LIKE '%[ND]%' OR acronym = '[ND]'")
        ).scalar_one()
    assert masks == 0


def test_include_closed_keeps_ceased_units(engine: Engine) -> None:
    report = import_sirene(engine, [UNITS], include_closed=True)
    assert report.imported == 6
    assert "closed" not in report.skipped
    closed = company(engine, CLOSED)
    assert closed is not None and closed.active is False


def test_reimport_changes_nothing_and_a_changed_row_is_updated(
    engine: Engine, tmp_path: Path
) -> None:
    import_sirene(engine, [UNITS, ESTABLISHMENTS])
    before = company(engine, ACME)
    again = import_sirene(engine, [ESTABLISHMENTS, UNITS])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5 + 3)
    after = company(engine, ACME)
    assert before is not None and after is not None
    assert after.updated_at == before.updated_at

    changed = tmp_path / "StockUniteLegale_utf8.csv"
    changed.write_text(UNITS.read_text(encoding="utf-8").replace(",ACME,", ",ACME GROUPE,"))
    report = import_sirene(engine, [changed])
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 4)
    acme = company(engine, ACME)
    assert acme is not None and acme.name == "ACME GROUPE"
    assert (acme.city, acme.postcode, acme.department) == ("LYON", "69003", "69")
    assert fts_count(engine, "groupe") == 1


def test_establishments_set_head_office_location_only(engine: Engine) -> None:
    import_sirene(engine, [UNITS])
    report = import_sirene(engine, [ESTABLISHMENTS])
    assert (report.read, report.imported, report.updated, report.unchanged) == (8, 0, 3, 0)
    assert dict(report.skipped) == {
        "not_head_office": 2, "closed_establishment": 1, "unknown_company": 1,
        "wrong_column_count": 1,
    }  # fmt: skip
    assert bad_rows(report) == [("StockEtablissement_utf8.csv", 9, "wrong_column_count")]

    acme = company(engine, ACME)
    assert acme is not None
    assert (acme.postcode, acme.city, acme.commune_code) == ("69003", "LYON", "69383")
    assert (acme.department, acme.region, acme.head_office_siret) == ("69", "84", "55210055400013")
    jeanne = company(engine, JEANNE)  # closed head office, open secondary: no location
    assert jeanne is not None and (jeanne.postcode, jeanne.city) == (None, None)
    masked = company(engine, MASKED)  # commune public, city masked
    assert masked is not None
    assert (masked.postcode, masked.city, masked.department, masked.region) == (
        "33000", None, "33", "75",
    )  # fmt: skip
    bakery = company(engine, BAKERY)
    assert bakery is not None and (bakery.department, bakery.region) == ("2A", "94")
    assert fts_count(engine, "lyon") == 1
    assert fts_count(engine, "paris") == 0


def test_files_in_any_order_legal_units_first(engine: Engine) -> None:
    report = import_sirene(engine, [ESTABLISHMENTS, UNITS])
    assert (report.read, report.imported, report.updated) == (17, 5, 3)
    assert report.rows_per_second > 0


def test_fts_finds_imported_companies(engine: Engine) -> None:
    import_sirene(engine, [UNITS])
    assert fts_count(engine, "acme") == 1
    assert fts_count(engine, "boulangerie") == 1
    assert fts_count(engine, "durand") == 1


def test_small_batches_give_the_same_counts(engine: Engine) -> None:
    report = import_sirene(engine, [UNITS, ESTABLISHMENTS], batch_size=2)
    assert (report.read, report.imported, report.updated) == (17, 5, 3)
    assert fts_count(engine, "acme") == 1
    assert fts_count(engine, "lyon") == 1


def test_child_process_reader_gives_the_same_result(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.sirene.pipeline as pipeline

    monkeypatch.setattr(pipeline, "CHILD_PROCESS_MIN_BYTES", 0)
    report = import_sirene(engine, [ESTABLISHMENTS, UNITS], batch_size=3)
    assert (report.read, report.imported, report.updated) == (17, 5, 3)
    assert bad_rows(report)[:3] == UNIT_BAD_ROWS
    assert fts_count(engine, "lyon") == 1


def test_generated_stock_round_trip(engine: Engine, tmp_path: Path) -> None:
    """The benchmark generator's files import cleanly, the index matches the table, and a
    second run (unsorted batches, lookups instead of appends) changes nothing."""
    files = synth().generate(tmp_path / "synth", 2_000, seed=7, bad_rows=True)
    report = import_sirene(engine, [files.legal_units, files.establishments], batch_size=500)
    assert report.read == 2_003 + files.establishment_rows
    assert [b.reason for b in report.bad_rows] == ["bad_siren", "bad_date", "wrong_column_count"]
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM company")).scalar_one()
        located = connection.execute(
            text("SELECT count(*) FROM company WHERE department IS NOT NULL")
        ).scalar_one()
        masked = connection.execute(
            text("SELECT count(*) FROM company WHERE name LIKE '%[ND]%' OR city = '[ND]'")
        ).scalar_one()
    assert stored == report.imported > 1_000
    assert located == report.updated > 1_000
    assert masked == 0
    if is_sqlite(engine):
        with engine.connect() as connection:
            like = connection.execute(
                text("SELECT count(*) FROM company WHERE name LIKE '%ACME%'")
            ).scalar_one()
        assert fts_count(engine, "acme") == like > 0
    again = import_sirene(engine, [files.establishments, files.legal_units], batch_size=700)
    assert (again.imported, again.updated) == (0, 0)
    assert again.unchanged == report.imported + report.updated


def test_a_busy_store_is_a_clear_error(sqlite_engine: Engine) -> None:
    from store.db import StoreUnavailable

    blocker = sqlite_engine.raw_connection()
    blocker.driver_connection.execute("PRAGMA busy_timeout=0")
    blocker.cursor().execute("BEGIN IMMEDIATE")
    try:
        waiting = sqlite_engine.raw_connection()  # warm a second pooled connection
        waiting.driver_connection.execute("PRAGMA busy_timeout=50")
        waiting.close()
        with pytest.raises(StoreUnavailable, match="locked") as failed:
            import_sirene(sqlite_engine, [UNITS])
        assert failed.value.code == "locked"
    finally:
        blocker.rollback()
        blocker.close()


def test_sqlite_fts_bypass_matches_the_triggers(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path understands the current triggers, and the trigger path (its fallback)
    indexes the same way."""
    from store.sirene.fts_sqlite import FtsBypass

    raw = sqlite_engine.raw_connection()
    try:
        assert FtsBypass.load(raw.driver_connection) is not None
    finally:
        raw.close()
    import_sirene(sqlite_engine, [UNITS, ESTABLISHMENTS])
    fast = {word: fts_count(sqlite_engine, word) for word in ("acme", "lyon", "ajaccio", "durand")}
    monkeypatch.setattr(FtsBypass, "load", classmethod(lambda cls, connection: None))
    changed = UNITS.read_text(encoding="utf-8").replace(",ACME,", ",ACME LYON,")
    path = Path(sqlite_engine.url.database or "").parent / "StockUniteLegale_utf8.csv"
    path.write_text(changed, encoding="utf-8")
    report = import_sirene(sqlite_engine, [path])
    assert report.updated == 1
    assert fast == {"acme": 1, "lyon": 1, "ajaccio": 1, "durand": 1}
    assert fts_count(sqlite_engine, "lyon") == 1
    assert fts_count(sqlite_engine, "acme") == 1


def test_a_company_ceased_since_the_last_import_is_marked_ceased(
    engine: Engine, tmp_path: Path
) -> None:
    import_sirene(engine, [UNITS, ESTABLISHMENTS])
    assert fts_count(engine, "acme") == 1
    ceased = tmp_path / "StockUniteLegale_utf8.csv"
    ceased.write_text(
        UNITS.read_text(encoding="utf-8").replace(",PME,,,A,,,ACME,", ",PME,,,C,,,ACME,")
    )

    report = import_sirene(engine, [ceased])

    assert (report.imported, report.updated, report.unchanged) == (0, 1, 4)
    acme = company(engine, ACME)
    assert acme is not None and acme.active is False
    assert acme.city == "LYON"  # what the store knew stays, only the state changes
    from store.search import CompanyQuery
    from store.search.sql import search_companies

    assert search_companies(engine, query=CompanyQuery(text="acme")).total == 0
    assert search_companies(engine, query=CompanyQuery(text="acme", include_closed=True)).total == 1
    again = import_sirene(engine, [ceased])
    assert (again.updated, again.skipped["closed"]) == (0, report.skipped["closed"] + 1)
