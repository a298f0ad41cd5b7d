"""Files that are not UTF-8 never reach the store as `SOCI�T�`: refused with their likely
encoding and a command to convert them, or (a few damaged rows in a UTF-8 file) bad rows."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from sirene_samples import (
    ASCII_NAMES,
    UNITS,
    bad_rows,
    stored_names,
    units_rows,
    write_damaged_units,
    write_units,
)
from sqlalchemy.engine import Engine

import store.sirene.header as header
import store.sirene.pipeline as pipeline
from store.sirene import SireneFileError, import_sirene, open_source
from store.sirene.decoding import Utf8Lines

ACCENTED = ["SOCIÉTÉ ÉLECTRIQUE", "CAFÉ DE LA GARE", "ŒUVRES DU MIDI"]


def test_a_latin1_file_accented_after_64_kb_is_refused_before_anything_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    latin = write_units(
        tmp_path / "StockUniteLegale_utf8.csv", ASCII_NAMES + ACCENTED, encoding="cp1252"
    )
    with pytest.raises(SireneFileError) as refused:
        import_sirene(engine, [UNITS, latin])
    error = refused.value
    assert (error.code, error.values["line"], error.values["stopped"]) == ("not_utf8", 1_002, False)
    assert error.values["encoding"] == "Latin-1/Windows-1252"
    assert error.values["command"].startswith("iconv -f WINDOWS-1252 -t UTF-8 ")
    assert stored_names(engine) == []  # not even the good file given with it


def test_the_converted_file_imports_with_its_accents(engine: Engine, tmp_path: Path) -> None:
    path = write_units(tmp_path / "units.csv", ASCII_NAMES + ACCENTED, encoding="cp1252")
    path.write_text(path.read_text(encoding="cp1252"), encoding="utf-8")  # what iconv does
    report = import_sirene(engine, [path])
    assert report.imported == len(ASCII_NAMES) + len(ACCENTED) and not report.bad_rows
    assert stored_names(engine)[-3:] == ACCENTED


def test_past_the_first_batch_the_import_stops_at_the_first_accent_and_a_rerun_converges(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(header, "PROBE_BYTES", 4_096)  # the accent lies beyond what open checks
    path = write_units(tmp_path / "units.csv", ASCII_NAMES + ACCENTED, encoding="cp1252")
    with pytest.raises(SireneFileError) as refused:
        import_sirene(engine, [path], batch_size=100)
    assert (refused.value.code, refused.value.values["line"]) == ("not_utf8", 1_002)
    assert refused.value.values["stopped"] is True
    kept = stored_names(engine)
    assert kept == ASCII_NAMES[:1_000] and not any("\ufffd" in name for name in kept)

    path.write_text(path.read_text(encoding="cp1252"), encoding="utf-8")
    again = import_sirene(engine, [path], batch_size=100)
    assert (again.imported, again.unchanged) == (len(ACCENTED), len(ASCII_NAMES))
    assert stored_names(engine) == ASCII_NAMES + ACCENTED


@pytest.mark.parametrize("child_process", [False, True])
def test_a_few_damaged_rows_in_a_utf8_file_are_bad_rows_with_their_lines(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_process: bool
) -> None:
    if child_process:
        monkeypatch.setattr(pipeline, "CHILD_PROCESS_MIN_BYTES", 0)
    report = import_sirene(
        engine, [write_damaged_units(tmp_path / "StockUniteLegale_utf8.csv", 3)], batch_size=50
    )
    assert bad_rows(report) == [
        ("StockUniteLegale_utf8.csv", line, "bad_encoding") for line in (303, 304, 305)
    ]
    assert report.imported == 401
    names = stored_names(engine)
    assert "CAFÉ DU PORT" in names and not any("\ufffd" in name for name in names)


@pytest.mark.parametrize("child_process", [False, True])
def test_more_than_a_handful_of_damaged_rows_refuse_the_file(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_process: bool
) -> None:
    if child_process:
        monkeypatch.setattr(pipeline, "CHILD_PROCESS_MIN_BYTES", 0)
    with pytest.raises(SireneFileError) as refused:
        import_sirene(
            engine, [write_damaged_units(tmp_path / "StockUniteLegale_utf8.csv", 11)], batch_size=50
        )
    error = refused.value
    assert (error.code, error.values["line"], error.values["stopped"]) == ("not_utf8", 313, True)
    assert not any("\ufffd" in name for name in stored_names(engine))


def test_a_latin1_csv_inside_a_zip_is_refused_with_an_unzip_command(tmp_path: Path) -> None:
    latin = write_units(
        tmp_path / "StockUniteLegale_utf8.csv", ASCII_NAMES + ACCENTED, encoding="cp1252"
    )
    archive = tmp_path / "StockUniteLegale_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(latin, latin.name)
    with pytest.raises(SireneFileError) as refused:
        open_source(archive)
    assert refused.value.code == "not_utf8"
    assert refused.value.values["command"].startswith(
        f"unzip -p {archive} StockUniteLegale_utf8.csv | iconv -f WINDOWS-1252 -t UTF-8 > "
    )


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = write_units(tmp_path / "units.csv", ACCENTED, encoding="utf-16")
    with pytest.raises(SireneFileError) as refused:
        open_source(path)
    assert (refused.value.code, refused.value.values["encoding"]) == ("not_utf8", "UTF-16")
    assert "iconv -f UTF-16 -t UTF-8" in refused.value.values["command"]


def test_replacement_characters_from_an_earlier_lossy_conversion_are_refused(
    tmp_path: Path,
) -> None:
    path = write_units(tmp_path / "units.csv", [*ASCII_NAMES[:10], "SOCI\ufffdT\ufffd"])
    with pytest.raises(SireneFileError) as refused:
        open_source(path)
    assert (refused.value.code, refused.value.values["line"]) == ("replacement_characters", 12)


def test_parquet_values_that_are_not_utf8_are_bad_rows(engine: Engine, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = units_rows(["ACME", "BOULANGERIE", "CAFE"])
    columns = {name: [row[i] for row in rows[1:]] for i, name in enumerate(rows[0])}
    names = [value.encode() for value in columns.pop("denominationUniteLegale")]
    names[1] = "BOULANGÈRE".encode("cp1252")  # what a careless writer can store
    data = b"".join(names)
    offsets = pa.array([sum(map(len, names[:i])) for i in range(len(names) + 1)], pa.int32())
    invalid = pa.Array.from_buffers(
        pa.string(), len(names), [None, offsets.buffers()[1], pa.py_buffer(data)]
    )
    table = pa.table(
        {**{k: pa.array(v) for k, v in columns.items()}, "denominationUniteLegale": invalid}
    )
    path = tmp_path / "units.parquet"
    pq.write_table(table, path)
    report = import_sirene(engine, [path])
    assert [(b.line, b.reason) for b in report.bad_rows] == [(3, "bad_encoding")]
    assert stored_names(engine) == ["ACME", "CAFE"]


@pytest.mark.parametrize("block_bytes", [7, 64, 1 << 18])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_strict_lines_parse_like_the_standard_text_reader(block_bytes: int, newline: str) -> None:
    rows = [["siren", "nom"], ["1", "CAFÉ"], ["2", 'dit "le\nport"'], ["3", ""], ["4", "ŒUF"]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    whole = b"\xef\xbb\xbf" + buffer.getvalue().encode()
    for data in (whole, whole[: -len(newline)]):  # with and without a last line end
        expected = list(csv.reader(io.TextIOWrapper(io.BytesIO(data), "utf-8-sig", newline="")))
        lines = Utf8Lines(io.BytesIO(data), block_bytes=block_bytes)
        assert list(csv.reader(lines)) == expected
        assert lines.damaged == []
