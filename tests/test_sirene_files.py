"""The SIRENE importer's inputs: ZIP and Parquet like CSV, columns by name, files it cannot use."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest
from sirene_samples import (
    ACME,
    ESTABLISHMENTS,
    MASKED,
    UNIT_BAD_ROWS,
    UNITS,
    bad_rows,
    company,
)
from sqlalchemy.engine import Engine

from store.sirene import FileKind, SireneFileError, import_sirene, open_source


def _zip(path: Path, tmp_path: Path) -> Path:
    archive = tmp_path / (path.stem + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(path, path.name)
    return archive


def _parquet(path: Path, tmp_path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle)]
    header, body = rows[0], [row for row in rows[1:] if len(row) == len(rows[0])]
    columns = {name: [row[i] or None for row in body] for i, name in enumerate(header)}
    target = tmp_path / (path.stem + ".parquet")
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), target)
    return target


def test_zip_gives_the_same_result_as_csv(engine: Engine, tmp_path: Path) -> None:
    report = import_sirene(engine, [_zip(UNITS, tmp_path), _zip(ESTABLISHMENTS, tmp_path)])
    assert (report.read, report.imported, report.updated) == (17, 5, 3)
    assert bad_rows(report)[:3] == [
        ("StockUniteLegale_utf8.zip", line, reason) for _, line, reason in UNIT_BAD_ROWS
    ]
    acme = company(engine, ACME)
    assert acme is not None and acme.city == "LYON"


def test_parquet_gives_the_same_result_as_csv(engine: Engine, tmp_path: Path) -> None:
    # Parquet has no ragged rows: the short line is dropped when converting.
    report = import_sirene(engine, [_parquet(UNITS, tmp_path), _parquet(ESTABLISHMENTS, tmp_path)])
    assert (report.imported, report.updated) == (5, 3)
    assert report.skipped["bad_siren"] == 1 and report.skipped["bad_date"] == 1
    csv_engine_view = company(engine, MASKED)
    assert csv_engine_view is not None and csv_engine_view.city is None
    again = import_sirene(engine, [UNITS, ESTABLISHMENTS])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 8)


def test_parquet_integer_identifiers_are_zero_padded(sqlite_engine: Engine, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = _parquet(UNITS, tmp_path)
    table = pq.read_table(source)
    nic = pa.array([int(v) if v else None for v in table.column("nicSiegeUniteLegale").to_pylist()])
    table = table.set_column(
        table.schema.get_field_index("nicSiegeUniteLegale"), "nicSiegeUniteLegale", nic
    )
    pq.write_table(table, source)
    import_sirene(sqlite_engine, [source])
    acme = company(sqlite_engine, ACME)
    assert acme is not None and acme.head_office_siret == "55210055400013"


def test_columns_in_another_order_with_extra_columns(engine: Engine, tmp_path: Path) -> None:
    with UNITS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    order = list(reversed(range(len(rows[0]))))
    shuffled = tmp_path / "units.csv"
    with shuffled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nouvelleColonneInsee", *(rows[0][i] for i in order)])
        for row in rows[1:]:
            if len(row) == len(order):
                writer.writerow(["?", *(row[i] for i in order)])
            else:
                writer.writerow(row)
    report = import_sirene(engine, [shuffled])
    assert (report.read, report.imported) == (9, 5)
    assert [(b.line, b.reason) for b in report.bad_rows] == [
        (line, r) for _, line, r in UNIT_BAD_ROWS
    ]
    acme = company(engine, ACME)
    assert acme is not None and (acme.name, acme.naf_code) == ("ACME", "62.01Z")


def test_kinds_are_detected_from_headers(tmp_path: Path) -> None:
    assert open_source(UNITS).kind is FileKind.LEGAL_UNITS
    renamed = tmp_path / "whatever.csv"
    shutil.copy(ESTABLISHMENTS, renamed)
    assert open_source(renamed).kind is FileKind.ESTABLISHMENTS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\x00\x01\x02binary\xff\xfe", "looks binary"),
        (b"name,city\nACME,LYON\n", "not a SIRENE stock file"),
        (b"siren,denominationUniteLegale\n552100554,ACME\n", "lacks SIRENE columns"),
        (b"PK\x03\x04 not really a zip", "not a readable ZIP"),
        (b"PAR1 not really parquet", "not a readable Parquet"),
    ],
)
def test_unusable_files_raise_one_line_errors(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "StockUniteLegale_utf8.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SireneFileError) as error:
        open_source(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_bad_file_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.csv"
    bogus.write_text("a,b\n1,2\n")
    with pytest.raises(SireneFileError):
        import_sirene(engine, [UNITS, bogus])
    assert company(engine, ACME) is None
