"""What a CSV stock file's first bytes say: its header and kind, or why it cannot be imported.

Before anything is written, the first `PROBE_BYTES` are checked: not binary, not UTF-16, UTF-8
(see `decoding` for the rule), a header line with SIRENE's columns separated by commas. A
misshapen file is named for what it is (a `;` or tab export, a web page, a workbook…) in one line
that says what to do.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

from store.sirene.columns import (
    ESTABLISHMENT_COLUMNS,
    ESTABLISHMENT_OPTIONAL,
    LEGAL_UNIT_COLUMNS,
    FileKind,
    detect_kind,
    required_columns,
)
from store.sirene.decoding import Utf8Lines, encoding_error, looks_utf16
from store.sirene.errors import SireneFileError

PROBE_BYTES = 1 << 20  # ~4,000 rows: a file in another encoding shows it there, in a millisecond
HINT = "pass StockUniteLegale_utf8.csv or StockEtablissement_utf8.csv (CSV, ZIP or Parquet)"
KNOWN_COLUMNS = frozenset(LEGAL_UNIT_COLUMNS + ESTABLISHMENT_COLUMNS + ESTABLISHMENT_OPTIONAL)
SEPARATORS = {";": "semicolon", "\t": "tab", "|": "pipe"}


def read_header(handle: IO[bytes], path: Path, member: str | None = None) -> list[str]:
    """The column names of a CSV stream, its first `PROBE_BYTES` checked; `SireneFileError` else."""
    head = handle.read(PROBE_BYTES)
    if looks_utf16(head):
        raise encoding_error(path, head[:200], line=1, member=member)
    if b"\x00" in head:
        raise SireneFileError(
            f"{path} looks binary, not a CSV file; {HINT}", code="binary", path=path
        )
    if len(head) == PROBE_BYTES:  # only whole lines: the last one may go on past the probe
        head = head[: head.rfind(b"\n") + 1] or head
    lines = Utf8Lines(io.BytesIO(head))
    first, refusal = "", None
    for number, line in enumerate(lines, 1):
        if lines.damaged:
            damage = lines.damaged[0]
            if not damage.after_utf8:
                refusal = encoding_error(path, damage.raw, line=number, member=member)
            break  # else a damaged row in a UTF-8 file: a bad row, reported when it is read
        if number == 1:
            first = line.rstrip("\r\n")
    if not first.strip() and refusal is None:
        raise SireneFileError(f"{path} has no header line; {HINT}", code="no_header", path=path)
    try:
        header = [name.strip() for name in next(csv.reader([first]))]
    except csv.Error:
        raise SireneFileError(
            f"{path} is not a SIRENE stock file (its first line is not a CSV header); {HINT}",
            code="not_sirene",
            path=path,
            found=first[:60],
        ) from None
    if refusal is not None:
        if detect_kind(header) is None and first:
            raise _misshapen(path, header)  # a `;` export: use the original, do not convert it
        raise refusal
    return header


def kind_of(path: Path, header: list[str]) -> FileKind:
    """The kind of stock file a header belongs to; `SireneFileError` naming what is wrong."""
    kind = detect_kind(header)
    if kind is None:
        raise _misshapen(path, header)
    missing = [name for name in required_columns(kind) if name not in header]
    if missing:
        raise _missing(path, missing)
    return kind


def _misshapen(path: Path, header: list[str]) -> SireneFileError:
    line = ",".join(header)
    if line.lstrip().startswith("<"):
        return SireneFileError(
            f"{path} is a web page (HTML or XML), not CSV: the download failed; download it again",
            code="web_page",
            path=path,
        )
    for separator, name in SEPARATORS.items():
        names = {value.strip().strip('"') for value in line.split(separator)}
        if separator in line and names & KNOWN_COLUMNS:
            return SireneFileError(
                f"{path} separates its columns with a {name}, not a comma: it was re-saved by a "
                "spreadsheet; import the original INSEE file instead",
                code="wrong_separator",
                path=path,
                separator=separator,
            )
    if KNOWN_COLUMNS.intersection(header):
        fewest = min(
            ([name for name in required_columns(kind) if name not in header] for kind in FileKind),
            key=len,
        )
        return _missing(path, fewest)
    found = ", ".join(name[:30] for name in header[:3] if name)
    return SireneFileError(
        f"{path} is not a SIRENE stock file (none of its columns is SIRENE's: {found}); {HINT}",
        code="not_sirene",
        path=path,
        found=found,
    )


def _missing(path: Path, missing: list[str]) -> SireneFileError:
    columns = ", ".join(missing)
    return SireneFileError(
        f"{path} lacks SIRENE columns {columns}; download a current stock file",
        code="missing_columns",
        path=path,
        columns=columns,
    )
