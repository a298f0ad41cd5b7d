"""Stream a SIRENE stock file as batches of text columns: CSV, the same CSV inside a ZIP, or
Parquet.

`open_source` checks the file up front (exists, readable, its first bytes and header, see
`header`) and raises `SireneFileError` with a one-line message otherwise. `batches` then hands
out the columns the importer reads, a batch at a time in constant memory (`arrow_csv`,
`parquet`); `columns` maps header names to positions, since INSEE adds columns between
versions. Progress is reported as `position()` out of `total`.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from store.sirene.columns import FileKind, wanted_columns
from store.sirene.errors import SireneFileError
from store.sirene.header import HINT, kind_of, read_header
from store.sirene.text_batches import BatchStream

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"


def read_errors() -> tuple[type[BaseException], ...]:
    """What a damaged file raises while it is read (zlib and EOF: a truncated or corrupt ZIP;
    Arrow's own errors from its CSV and Parquet readers)."""
    import pyarrow as pa

    return (csv.Error, OSError, zipfile.BadZipFile, zlib.error, EOFError, pa.ArrowException)


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

    @property
    def wanted(self) -> list[str]:
        """The columns the importer reads from this file, in the order batches hold them."""
        return [name for name in wanted_columns(self.kind) if name in self.columns]

    @property
    def size(self) -> int:
        """About how many bytes there are to read."""
        return self.path.stat().st_size if self.container == "parquet" else self.total

    def position(self) -> int:
        """How far the stream has got, in the unit of `total` (bytes, or rows for Parquet)."""
        return int(self._position()) if self._position is not None else 0

    @contextmanager
    def batches(self) -> Iterator[BatchStream]:
        """The data rows (the header left out) as batches of the `wanted` columns."""
        if self.container == "parquet":
            from store.sirene.parquet import ParquetBatches

            rows = ParquetBatches(self.path, self.wanted)
            self._position = lambda: rows.done
            try:
                yield rows
            finally:
                self._position = self._done
            return
        from store.sirene.arrow_csv import CsvBatches

        with self._open_binary() as binary:
            self._position = binary.tell
            try:
                yield CsvBatches(binary, self.width, [self.columns[n] for n in self.wanted])
            finally:
                self._position = self._done

    def _done(self) -> int:
        return self.total

    @contextmanager
    def _open_binary(self) -> Iterator[IO[bytes]]:
        if self.container == "zip":
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member or "") as member:
                yield member
        else:
            with self.path.open("rb") as handle:
                yield handle


def open_source(path: Path | str) -> SireneSource:
    """Check a stock file and describe it; `SireneFileError` when it cannot be imported."""
    path = Path(path)
    if not path.exists():
        raise SireneFileError(f"{path}: no such file; check the path", code="missing", path=path)
    if path.is_dir():
        raise SireneFileError(f"{path} is a folder; {HINT}", code="folder", path=path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
        size = path.stat().st_size
    except OSError as error:
        raise SireneFileError(
            f"{path}: cannot read it ({error.strerror}); check its permissions",
            code="unreadable",
            path=path,
            reason=error.strerror or str(error),
        ) from error
    if size == 0:
        raise SireneFileError(f"{path} is empty; {HINT}", code="empty", path=path)
    if magic == PARQUET_MAGIC:
        return _open_parquet(path)
    if magic == ZIP_MAGIC:
        return _open_zip(path)
    if magic.startswith(GZIP_MAGIC):
        raise SireneFileError(
            f"{path} is compressed with gzip; decompress it first (gunzip)", code="gzip", path=path
        )
    with path.open("rb") as handle:
        header = read_header(handle, path)
    return _describe(path, header, container="csv", total=size)


def _open_zip(path: Path) -> SireneSource:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if not members and any(name.startswith("xl/") for name in names):
                raise SireneFileError(
                    f"{path} is an Excel workbook, not CSV; import the original INSEE file",
                    code="spreadsheet",
                    path=path,
                )
            if not members:
                raise SireneFileError(
                    f"{path}: the ZIP holds no CSV file; {HINT}", code="zip_without_csv", path=path
                )
            member = members[0]
            with archive.open(member) as handle:
                header = read_header(handle, path, member.filename)
    except (csv.Error, OSError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise SireneFileError(
            f"{path}: not a readable ZIP file ({error}); {HINT}",
            code="not_zip",
            path=path,
            detail=str(error),
        ) from error
    source = _describe(path, header, container="zip", total=member.file_size)
    source.member = member.filename
    return source


def _open_parquet(path: Path) -> SireneSource:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise SireneFileError(
            f"{path}: not a readable Parquet file ({error}); {HINT}",
            code="not_parquet",
            path=path,
            detail=str(error),
        ) from error
    names = list(parquet.schema_arrow.names)
    kind = kind_of(path, names)
    wanted = [name for name in wanted_columns(kind) if name in names]
    return _describe(path, wanted, container="parquet", total=parquet.metadata.num_rows)


def _describe(path: Path, header: list[str], *, container: str, total: int) -> SireneSource:
    kind = kind_of(path, header)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name, index)
    return SireneSource(
        path=path, kind=kind, header=header, columns=columns, total=total, container=container
    )
