"""Stream rows out of a SIRENE stock file: CSV, the same CSV inside a ZIP, or Parquet.

`open_source` checks the file up front (exists, readable, SIRENE header, kind) and raises
`SireneFileError` with a one-line message otherwise. Rows then stream in constant memory as
sequences of strings (empty string = no value); `columns` maps header names to positions, since
INSEE adds columns between versions. Progress is reported as `position()` out of `total`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from store.sirene.columns import (
    DIGIT_WIDTHS,
    FileKind,
    detect_kind,
    required_columns,
    wanted_columns,
)
from store.sirene.errors import SireneFileError

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
PARQUET_BATCH_ROWS = 65_536
HINT = "pass StockUniteLegale_utf8.csv or StockEtablissement_utf8.csv (CSV, ZIP or Parquet)"


@dataclass
class SireneSource:
    """One stock file, checked and ready to stream."""

    path: Path
    kind: FileKind
    header: list[str]
    columns: dict[str, int]
    total: int
    container: str  # "csv", "zip" or "parquet"
    member: str | None = None
    _position: Any = field(default=None, repr=False)

    @property
    def width(self) -> int:
        """How many values a well-formed row holds."""
        return len(self.header)

    def position(self) -> int:
        """How far the stream has got, in the unit of `total` (bytes, or rows for Parquet)."""
        return int(self._position()) if self._position is not None else 0

    @contextmanager
    def rows(self) -> Iterator[Iterator[Sequence[str]]]:
        """An iterator over the data rows (the header already consumed)."""
        if self.container == "parquet":
            yield self._parquet_rows()
            return
        with self._open_binary() as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.reader(text)
            next(reader, None)
            self._position = binary.tell
            try:
                yield reader
            finally:
                self._position = None

    @contextmanager
    def _open_binary(self) -> Iterator[IO[bytes]]:
        if self.container == "zip":
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member or "") as member:
                yield member
        else:
            with self.path.open("rb") as handle:
                yield handle

    def _parquet_rows(self) -> Iterator[Sequence[str]]:
        import pyarrow.parquet as pq

        done = 0
        self._position = lambda: done
        names = list(self.header)
        parquet = pq.ParquetFile(self.path)
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=names):
            values = [_as_strings(batch.column(i), name) for i, name in enumerate(names)]
            done += batch.num_rows
            yield from zip(*values, strict=True)


def _as_strings(array: Any, name: str) -> list[str]:
    """A Parquet column as Python strings, nulls as "", integers zero-padded back."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_timestamp(array.type):
        array = pc.cast(array, pa.date32())
    is_integer = pa.types.is_integer(array.type)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    if is_integer and name in DIGIT_WIDTHS:
        array = pc.utf8_lpad(array, width=DIGIT_WIDTHS[name], padding="0")
    result: list[str] = pc.fill_null(array, "").to_pylist()
    return result


def open_source(path: Path | str) -> SireneSource:
    """Check a stock file and describe it; `SireneFileError` when it cannot be imported."""
    path = Path(path)
    if not path.exists():
        raise SireneFileError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise SireneFileError(f"{path} is a folder; {HINT}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
        size = path.stat().st_size
    except OSError as error:
        raise SireneFileError(
            f"{path}: cannot read it ({error.strerror}); check its permissions"
        ) from error
    if size == 0:
        raise SireneFileError(f"{path} is empty; {HINT}")
    if magic == PARQUET_MAGIC:
        return _open_parquet(path)
    if magic == ZIP_MAGIC:
        return _open_zip(path)
    with path.open("rb") as handle:
        header = _read_header(handle, path)
    return _describe(path, header, container="csv", total=size)


def _open_zip(path: Path) -> SireneSource:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if not members:
                raise SireneFileError(f"{path}: the ZIP holds no CSV file; {HINT}")
            member = members[0]
            with archive.open(member) as handle:
                header = _read_header(handle, path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SireneFileError(f"{path}: not a readable ZIP file ({error}); {HINT}") from error
    source = _describe(path, header, container="zip", total=member.file_size)
    source.member = member.filename
    return source


def _open_parquet(path: Path) -> SireneSource:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise SireneFileError(f"{path}: not a readable Parquet file ({error}); {HINT}") from error
    names = list(parquet.schema_arrow.names)
    kind = _kind_or_fail(path, names)
    wanted = [name for name in wanted_columns(kind) if name in names]
    source = _describe(path, wanted, container="parquet", total=parquet.metadata.num_rows)
    return source


def _read_header(handle: IO[bytes], path: Path) -> list[str]:
    head = handle.read(65_536)
    if b"\x00" in head:
        raise SireneFileError(f"{path} looks binary, not a CSV file; {HINT}")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the buffer's end
            raise SireneFileError(f"{path} is not UTF-8 text; {HINT}") from error
        text = head[: error.start].decode("utf-8-sig")
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line:
        raise SireneFileError(f"{path} has no header line; {HINT}")
    try:
        return [name.strip() for name in next(csv.reader([first_line]))]
    except csv.Error as error:
        raise SireneFileError(f"{path}: unreadable header ({error}); {HINT}") from error


def _kind_or_fail(path: Path, header: list[str]) -> FileKind:
    kind = detect_kind(header)
    if kind is None:
        raise SireneFileError(f"{path} is not a SIRENE stock file (no siren column); {HINT}")
    missing = [name for name in required_columns(kind) if name not in header]
    if missing:
        raise SireneFileError(
            f"{path} lacks SIRENE columns {', '.join(missing)}; download a current stock file"
        )
    return kind


def _describe(path: Path, header: list[str], *, container: str, total: int) -> SireneSource:
    kind = _kind_or_fail(path, header)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name, index)
    return SireneSource(
        path=path, kind=kind, header=header, columns=columns, total=total, container=container
    )
