"""Reading a CSV file a person hands to an import: its text (UTF-8 or Excel's cp1252, a size
limit), its separator (; or ,), and headers compared without accents, case or punctuation."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from store.text import fold


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row left out: its line in the file, why (a catalogue code) and what was wrong."""

    line: int
    code: str
    value: str = ""


class CsvFileError(ValueError):
    """A file that cannot be imported at all; `code` and `values` name the message people read."""

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values


def read_text(path: Path, *, max_bytes: int) -> str:
    """The file's text; `CsvFileError` (not_found, too_big, not_text) when it cannot be read."""
    try:
        if path.stat().st_size > max_bytes:
            raise CsvFileError("too_big", "file too big", file=path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvFileError("not_found", "no such file", file=str(path)) from None
    except IsADirectoryError:
        raise CsvFileError("not_found", "a folder, not a file", file=str(path)) from None
    for encoding in ("utf-8-sig", "cp1252"):  # Excel writes one or the other
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError("not_text", "not a text file", file=path.name)  # pragma: no cover


def records(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The headers and the non-blank rows with their line numbers; `CsvFileError("empty")`."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise CsvFileError("empty", "the file is empty") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells

    return headers, rows()


def header_key(header: str) -> str:
    """A header as compared: "N° SIREN" → "n siren", "E-mail" → "e mail"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header).lower()).split())
