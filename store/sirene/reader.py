"""Stream rows out of a SIRENE stock file: CSV, the same CSV inside a ZIP, or Parquet.

`open_source` checks the file up front (exists, readable, its first bytes and header, see
`header`) and raises `SireneFileError` with a one-line message otherwise. Rows then stream in
constant memory as sequences of strings (empty string = no value), decoded strictly as UTF-8
(see `decoding`); `columns` maps header names to positions, since INSEE adds columns between
versions. Progress is reported as `position()` out of `total`.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from store.sirene.columns import DIGIT_WIDTHS, FileKind, wanted_columns
from store.sirene.decoding import REPLACEMENT, DamagedLine, Utf8Lines
from store.sirene.errors import SireneFileError
from store.sirene.header import HINT, kind_of, read_header

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_BATCH_ROWS = 65_536
# What a damaged file raises while it is read (zlib and EOF: a truncated or corrupt ZIP).
READ_ERRORS = (csv.Error, OSError, zipfile.BadZipFile, zlib.error, EOFError)

Rows = tuple[Iterator[Sequence[str]], list[DamagedLine]]


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
    def rows(self) -> Iterator[Rows]:
        """The data rows (the header already consumed), and a list that holds a `DamagedLine`
        whenever the row just handed out is not clean UTF-8 (its reader clears the list)."""
        damaged: list[DamagedLine] = []
        if self.container == "parquet":
            yield self._parquet_rows(damaged), damaged
            return
        with self._open_binary() as binary:
            lines = Utf8Lines(binary)
            reader = csv.reader(lines)
            next(reader, None)
            lines.damaged.clear()  # the header was checked by open_source
            self._position = binary.tell
            try:
                yield reader, lines.damaged
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

    def _parquet_rows(self, damaged: list[DamagedLine]) -> Iterator[Sequence[str]]:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        done = 0
        self._position = lambda: done
        names = list(self.header)
        parquet = pq.ParquetFile(self.path)
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=names):
            arrays = [_as_text(batch.column(i), name) for i, name in enumerate(names)]
            values = [pc.fill_null(array, "").to_pylist() for array in arrays]
            suspects = _with_replacements(arrays)
            done += batch.num_rows
            if not suspects:
                yield from zip(*values, strict=True)
                continue
            # Parquet strings are UTF-8 by spec: a bad one is a damaged value, not an encoding.
            for index, row in enumerate(zip(*values, strict=True)):
                if index in suspects:
                    damaged.append(DamagedLine(REPLACEMENT.encode(), after_utf8=True))
                yield row


def _as_text(array: Any, name: str) -> Any:
    """A Parquet column as an Arrow string array, integers zero-padded back; bytes that are not
    UTF-8 (which a careless writer can store) come out as U+FFFD, for the row to be caught."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_timestamp(array.type):
        array = pc.cast(array, pa.date32())
    if pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type):
        array = _decoded(array)
    elif pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        try:
            array.validate(full=True)
        except pa.ArrowInvalid:
            array = _decoded(array.view(pa.binary()))
    is_integer = pa.types.is_integer(array.type)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    if is_integer and name in DIGIT_WIDTHS:
        array = pc.utf8_lpad(array, width=DIGIT_WIDTHS[name], padding="0")
    return array


def _decoded(binary: Any) -> Any:
    import pyarrow as pa

    return pa.array(
        [
            None if value is None else value.decode("utf-8", "replace")
            for value in binary.to_pylist()
        ],
        pa.string(),
    )


def _with_replacements(arrays: list[Any]) -> set[int]:
    """The rows of a batch holding U+FFFD in any column (scanned by Arrow, not Python)."""
    import pyarrow.compute as pc

    found: set[int] = set()
    for array in arrays:
        matches = pc.fill_null(pc.match_substring(array, REPLACEMENT), False)
        if pc.any(matches).as_py():
            found.update(pc.indices_nonzero(matches).to_pylist())
    return found


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
    except READ_ERRORS as error:
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
