"""The importer on every realistic shape of the stock (bench/sirene_shapes.py): one head office
per company, many secondary establishments, mostly closed units, companies concentrated in a few
cities; INSEE's typed Parquet files give the same store as the CSV; the search index's facets
stay true after an incremental import; a bad file is one line and leaves the store as it was.

Each store is checked against a reference computed here from the CSV with Python's `csv`
module, independently of the importer's Arrow pipeline."""

from __future__ import annotations

import csv
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import open_store
from store.search import CompanyQuery
from store.search.sql import search_companies
from store.sirene import SireneFileError, import_sirene

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sirene_shapes import SHAPES, generate_shaped

COMPANIES = 1_500
STORED = (
    "siren, name, acronym, naf_code, naf_section, headcount_band, category, legal_form, "
    "created_on, active, diffusible, natural_person, employer, head_office_siret, postcode, "
    "city, commune_code, department, region, import_hash"
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected(units: Path, establishments: Path) -> dict[str, tuple[Any, ...]]:
    """By SIREN, the active companies and their head office (SIRET, postcode, city, commune),
    as the two files say: the open establishment flagged head office, else the unit's NIC and
    no place."""
    companies: dict[str, tuple[Any, ...]] = {}
    for row in _rows(units):
        if row["etatAdministratifUniteLegale"] == "A":
            siret = row["siren"] + row["nicSiegeUniteLegale"]
            companies[row["siren"]] = (siret, None, None, None)
    for row in _rows(establishments):
        if row["siren"] not in companies:
            continue
        if row["etablissementSiege"] != "true" or row["etatAdministratifEtablissement"] != "A":
            continue

        def seen(value: str) -> str | None:
            return None if value in ("", "[ND]") else value

        companies[row["siren"]] = (
            row["siret"],
            seen(row["codePostalEtablissement"]),
            seen(row["libelleCommuneEtablissement"]),
            seen(row["codeCommuneEtablissement"]),
        )
    return companies


def _stored(engine: Engine) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT siren, head_office_siret, postcode, city, commune_code FROM company "
                "WHERE active"
            )
        ).all()
    return {row[0]: tuple(row[1:]) for row in found}


def _whole_store(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {STORED} FROM company ORDER BY siren")).all()
    return [tuple(row) for row in rows]


def _fts_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM company_fts")).scalar_one())


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each shape's two stock files, generated once for the module."""
    folder = tmp_path_factory.mktemp("shapes")
    files = {}
    for name, shape in SHAPES.items():
        made = generate_shaped(folder / name, COMPANIES, shape, seed=15)
        files[name] = (made.legal_units, made.establishments)
    return files


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_imports_what_the_files_say(
    engine: Engine, shaped: dict[str, tuple[Path, Path]], shape: str
) -> None:
    units, establishments = shaped[shape]
    # Small batches: the merge of the two files crosses many chunks, as at national scale.
    report = import_sirene(engine, [units, establishments], batch_size=200)
    expected = _expected(units, establishments)
    unit_rows, establishment_rows = _rows(units), _rows(establishments)
    ceased = sum(row["etatAdministratifUniteLegale"] != "A" for row in unit_rows)
    secondary = sum(row["etablissementSiege"] != "true" for row in establishment_rows)
    assert report.read == len(unit_rows) + len(establishment_rows)
    assert report.imported == len(expected) == len(unit_rows) - ceased
    assert report.bad_rows == []
    assert report.skipped["closed"] == ceased
    assert report.skipped["not_head_office"] == secondary
    assert _stored(engine) == expected
    located = sum(1 for place in expected.values() if place[3] is not None)
    assert 0 < located <= len(expected)
    with engine.connect() as connection:
        departments = connection.execute(
            text("SELECT count(*) FROM company WHERE department IS NOT NULL")
        ).scalar_one()
    assert departments == located
    again = import_sirene(engine, [units, establishments], batch_size=700)
    assert (again.imported, again.updated) == (0, 0)
    assert again.unchanged == report.imported + report.updated


def test_the_shapes_are_what_they_claim(shaped: dict[str, tuple[Path, Path]]) -> None:
    """The benchmark's shapes differ the way their names say (else the tests above prove less)."""

    def share(shape: str, test: Any, kind: int = 1) -> float:
        rows = _rows(shaped[shape][kind])
        return sum(1 for row in rows if test(row)) / len(rows)

    per_unit = {name: len(_rows(files[1])) / COMPANIES for name, files in shaped.items()}
    assert per_unit["insee"] == per_unit["concentrated"] == 1.0
    assert per_unit["secondary"] > 1.3
    assert share("closed", lambda r: r["etatAdministratifUniteLegale"] != "A", 0) > 0.55
    assert share("insee", lambda r: r["etatAdministratifUniteLegale"] != "A", 0) < 0.4

    def big_city(row: dict[str, str]) -> bool:
        return row["codeCommuneEtablissement"][:3] in ("751", "693", "132")

    assert share("concentrated", big_city) > 0.3 > share("insee", big_city)


def _automerge(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT v FROM company_fts_config WHERE k = 'automerge'")
        ).scalar_one()
    return int(found)


def _typed_parquet(path: Path) -> Path:
    """`path` as INSEE's Parquet files type it: dates as dates, the head-office flag a boolean,
    years and counts integers, the NIC an integer, empty values null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _rows(path)
    names = list(rows[0])
    columns: dict[str, Any] = {}
    for name in names:
        values = [row[name] or None for row in rows]
        if name.startswith(("dateCreation", "dateDebut")):
            columns[name] = pa.array(
                [date.fromisoformat(v) if v else None for v in values], pa.date32()
            )
        elif name == "etablissementSiege":
            columns[name] = pa.array([v == "true" if v else None for v in values], pa.bool_())
        elif name.startswith(("annee", "nombrePeriodes")) or name == "nicSiegeUniteLegale":
            columns[name] = pa.array([int(v) if v else None for v in values], pa.int32())
        else:
            columns[name] = pa.array(values, pa.string())
    target = path.with_suffix(".parquet")
    # Small row groups: the file streams in several batches.
    pq.write_table(pa.table(columns), target, row_group_size=400)
    return target


def test_typed_parquet_gives_the_same_store_as_the_csv(
    tmp_path: Path, shaped: dict[str, tuple[Path, Path]]
) -> None:
    units, establishments = shaped["secondary"]
    from_csv = open_store(f"sqlite:///{tmp_path / 'csv.db'}")
    from_parquet = open_store(f"sqlite:///{tmp_path / 'parquet.db'}")
    try:
        by_csv = import_sirene(from_csv, [units, establishments], batch_size=300)
        parquet = [_typed_parquet(units), _typed_parquet(establishments)]
        by_parquet = import_sirene(from_parquet, parquet, batch_size=300)
        counts = ("read", "imported", "updated", "unchanged", "skipped")
        assert [getattr(by_parquet, c) for c in counts] == [getattr(by_csv, c) for c in counts]
        stored = _whole_store(from_csv)
        assert len(stored) == by_csv.imported > 900
        assert _whole_store(from_parquet) == stored
        assert _fts_rows(from_parquet) == _fts_rows(from_csv)
        # The Parquet store read back from the CSV is unchanged: same digests, same places.
        again = import_sirene(from_parquet, [units, establishments])
        assert (again.imported, again.updated) == (0, 0)
    finally:
        from_csv.dispose()
        from_parquet.dispose()


def _rewrite(source: Path, target: Path, change: Any) -> Path:
    """`source`'s rows through `change` (a row → the row, or None to drop it) into `target`."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        names = list(reader.fieldnames or [])
        rows = [kept for row in reader if (kept := change(row)) is not None]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


FACET_QUERIES: list[dict[str, Any]] = [
    {"cities": ["PARIS"]}, {"cities": ["LYON"]}, {"cities": ["TOULOUSE"]},
    {"postcodes": ["75"]}, {"postcodes": ["69"]}, {"departments": ["92"]},
    {"naf_codes": ["68.20B"]}, {"naf_codes": ["62"]}, {"sections": ["J"]},
    {"legal_forms": ["54"]}, {"legal_forms": ["5710"]},
    {"created_after": date(2015, 1, 1)}, {"created_before": date(1990, 12, 31)},
    {"cities": ["PARIS"], "naf_codes": ["70.22Z"]}, {"departments": ["75"], "sort": "newest"},
    {"cities": ["LYON"], "sort": "oldest"}, {"departments": ["13"], "sort": "size_desc"},
]  # fmt: skip


def _page(engine: Engine, query: CompanyQuery, *, indexed: bool) -> tuple[int, list[str]]:
    if indexed:
        page = search_companies(engine, query=query)
    else:
        from store.search.sqlite import _filter_search

        with Session(engine) as session:
            page = _filter_search(session, query)
    return page.total, [company.siren for company in page.companies]


def test_the_index_facets_stay_true_after_an_incremental_import(
    sqlite_engine: Engine, tmp_path: Path, shaped: dict[str, tuple[Path, Path]]
) -> None:
    units, establishments = shaped["concentrated"]
    import_sirene(sqlite_engine, [units, establishments], batch_size=250)
    sirens = [row["siren"] for row in _rows(units)]
    ceasing, moving, renaming = set(sirens[10:60]), set(sirens[100:300]), set(sirens[400:500])

    def unit(row: dict[str, str]) -> dict[str, str]:
        if row["siren"] in ceasing:
            row["etatAdministratifUniteLegale"] = "C"
        if row["siren"] in renaming:
            row["activitePrincipaleUniteLegale"] = "68.20B"
            row["categorieJuridiqueUniteLegale"] = "5710"
            row["dateCreationUniteLegale"] = "2024-02-29"
        return row

    def office(row: dict[str, str]) -> dict[str, str]:
        if row["siren"] in moving and row["etablissementSiege"] == "true":
            row["codeCommuneEtablissement"] = "69383"
            row["codePostalEtablissement"] = "69003"
            row["libelleCommuneEtablissement"] = "LYON 3EME"
        return row

    # The next month's files: some units ceased, some changed activity, some offices moved to
    # Lyon, and new companies after the last SIREN (the append path) and among the known ones.
    newer = generate_shaped(
        tmp_path / "newer", 300, SHAPES["concentrated"], seed=16, first_number=40_000_000
    )
    updated_units = _rewrite(units, tmp_path / "StockUniteLegale_utf8.csv", unit)
    updated_offices = _rewrite(establishments, tmp_path / "StockEtablissement_utf8.csv", office)
    report = import_sirene(sqlite_engine, [updated_units, updated_offices], batch_size=250)
    assert report.updated > 0
    assert _automerge(sqlite_engine) == 16
    import_sirene(sqlite_engine, [newer.legal_units, newer.establishments], batch_size=100)
    expected = {
        **_expected(updated_units, updated_offices),
        **_expected(newer.legal_units, newer.establishments),
    }
    assert _stored(sqlite_engine) == expected
    for filters in FACET_QUERIES:
        for include_closed in (False, True):
            query = CompanyQuery(**filters, include_closed=include_closed, limit=50)
            indexed = _page(sqlite_engine, query, indexed=True)
            assert indexed == _page(sqlite_engine, query, indexed=False), filters
    lyon = _page(sqlite_engine, CompanyQuery(cities=["LYON"], limit=1000), indexed=True)
    moved = {siren for siren in moving if expected.get(siren, ())[2:3] == ("LYON 3EME",)}
    assert len(moved) > 50 and moved <= set(lyon[1])
    paris_ceased = CompanyQuery(departments=["75"], limit=1000)
    assert not ceasing & set(_page(sqlite_engine, paris_ceased, indexed=True)[1])


def _truncated_zip(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(source, source.name)
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


BAD_FILES: dict[str, Any] = {
    "semicolons": lambda path, units: path.write_text(
        units.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
    ),
    "cp1252": lambda path, units: path.write_bytes(
        units.read_text(encoding="utf-8").replace("A,", "É,", 5).encode("cp1252")
    ),
    "html": lambda path, units: path.write_text("<!DOCTYPE html><html>Erreur 503</html>"),
    "parquet_footer": lambda path, units: path.write_bytes(b"PAR1" + b"\0" * 100 + b"PAR1"),
    "truncated_zip": lambda path, units: _truncated_zip(units, path),
}


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_a_bad_file_is_one_line_and_leaves_the_store_as_it_was(
    sqlite_engine: Engine, tmp_path: Path, shaped: dict[str, tuple[Path, Path]], bad: str
) -> None:
    units, establishments = shaped["insee"]
    import_sirene(sqlite_engine, [units, establishments])
    before = (_whole_store(sqlite_engine), _fts_rows(sqlite_engine))
    # The next month's units, changed, with a bad establishment file beside them.
    changed = _rewrite(
        units,
        tmp_path / "StockUniteLegale_utf8.csv",
        lambda row: {**row, "etatAdministratifUniteLegale": "C"},
    )
    broken = tmp_path / "bad" / "StockEtablissement_utf8.csv"
    broken.parent.mkdir()
    BAD_FILES[bad](broken, establishments)
    with pytest.raises(SireneFileError) as error:
        import_sirene(sqlite_engine, [changed, broken])
    message = str(error.value)
    assert "\n" not in message and str(broken) in message
    assert (_whole_store(sqlite_engine), _fts_rows(sqlite_engine)) == before


# Arrow reports its own failure to decode the short row as "Exception ignored" first.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("damage", ["not_utf8", "short_and_not_utf8"])
def test_a_file_damaged_midway_keeps_whole_batches_and_a_rerun_finishes(
    sqlite_engine: Engine, tmp_path: Path, damage: str
) -> None:
    """Damage found past the first MiB (checked up front) stops the import there: the batches
    before stay whole, and the same command on a good copy finishes it. A row that is both
    short and not UTF-8 never reaches the short rows' handler (Arrow cannot decode it to
    hand it over): the file is refused as damaged, after the line before it."""
    big = tmp_path / "big"
    big.mkdir()
    more = generate_shaped(big, 12_000, SHAPES["insee"], seed=3)
    data = more.legal_units.read_bytes()
    damaged = tmp_path / "StockUniteLegale_utf8.csv"
    assert data.isascii()  # no accented text before the damage: the file is refused there
    cut = data.index(b"\n", len(data) * 3 // 4)
    row = data[cut + 1 : data.index(b"\n", cut + 1)]
    bad = row.replace(b",", b",\xe9", 1) if damage == "not_utf8" else b"552100554,O,\xff\xfe"
    damaged.write_bytes(data[:cut] + b"\n" + bad + data[cut:])
    line = data[:cut].count(b"\n") + 2
    with pytest.raises(SireneFileError) as error:
        import_sirene(sqlite_engine, [damaged], batch_size=1_000)
    if damage == "not_utf8":
        assert error.value.code == "not_utf8" and error.value.values["line"] == line
    else:
        assert error.value.code == "damaged" and error.value.values["line"] == line - 1
    assert error.value.values["stopped"]
    assert "\n" not in str(error.value)
    with sqlite_engine.connect() as connection:
        kept = connection.execute(text("SELECT count(*) FROM company")).scalar_one()
    assert kept % 1_000 == 0 and kept > 0
    assert _fts_rows(sqlite_engine) == kept
    assert _automerge(sqlite_engine) == 16  # the import's setting (0) undone, also on failure
    report = import_sirene(sqlite_engine, [more.legal_units], batch_size=1_000)
    assert (
        report.imported + report.unchanged
        == len(_rows(more.legal_units)) - report.skipped["closed"]
    )
    shutil.rmtree(big)
