"""A stock file's batches mapped to rows ready to write: the hot loop of the import.

Each batch of text columns is checked as UTF-8 (`batch_checks`), sifted in C (`sifting`: blank
lines, ceased units, establishments that are not an open head office), then only the rows
left are mapped in Python (`mapping`). What comes out is a `Piece` per batch: the mapped rows
and what the batch counted (rows read, skips, bad rows with their lines, ceased SIRENs).

Rows that are not clean UTF-8 follow one rule: in a file that has shown no valid accented
UTF-8 before such a row, the file is refused, as in another encoding (at open if the row is
in its first MiB, else when met: the import stops there, the batches before are kept); in a
file that has, the row is a bad row `bad_encoding`, listed by line, and past
`MAX_DAMAGED_ROWS` of them the file is refused the same way. U+FFFD never reaches the store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from store.sirene.batch_checks import DamagedRow, Utf8Watch
from store.sirene.columns import FileKind
from store.sirene.decoding import encoding_error
from store.sirene.errors import SireneFileError
from store.sirene.mapping import (
    BAD_ENCODING,
    BAD_REASONS,
    HEAD_OFFICE_FIELDS,
    LEGAL_UNIT_FIELDS,
    WRONG_COLUMN_COUNT,
    map_head_offices,
    map_legal_units,
)
from store.sirene.reader import SireneSource, read_errors
from store.sirene.report import BadRow
from store.sirene.sifting import sift
from store.sirene.text_batches import BatchStream, TextBatch

# More rows than this that are not UTF-8, even in a UTF-8 file: a wrong encoding, not damage.
MAX_DAMAGED_ROWS = 10
END = 1 << 62  # a line after every line
_ARROW_ROW = re.compile(r"CSV parse error: Row #(\d+):")


@dataclass
class Piece:
    """Mapped rows of a file (an Arrow table of `LEGAL_UNIT_FIELDS` or `HEAD_OFFICE_FIELDS`,
    None for none), with what the rows they came from counted."""

    rows: Any = None
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[BadRow] = field(default_factory=list)
    ceased: list[str] = field(default_factory=list)


class FilePieces:
    """The pieces of one file, in file order; `started` says whether any came out yet."""

    def __init__(self, source: SireneSource, *, include_closed: bool, max_bad_rows: int) -> None:
        self.source = source
        self.include_closed = include_closed
        self.max_bad_rows = max_bad_rows
        self.positions = {name: index for index, name in enumerate(source.wanted)}
        units = source.kind is FileKind.LEGAL_UNITS
        self.map_rows: Callable[[dict[str, Any]], tuple[list[Any], Any]] = (
            map_legal_units if units else map_head_offices
        )
        self.fields = LEGAL_UNIT_FIELDS if units else HEAD_OFFICE_FIELDS
        self.started = False
        self._kept_bad = 0
        self._damaged = 0

    def __iter__(self) -> Iterator[Piece]:
        source = self.source
        watch = Utf8Watch(seen_utf8=source.container == "parquet")
        line = 1
        with source.batches() as stream:
            try:
                for batch in stream:
                    checked, damaged = watch.check(batch)
                    start = 0
                    for hurt in damaged:
                        if hurt.index > start:
                            yield self._piece(stream, checked, start, hurt.index)
                        yield self._damaged_row(stream, checked, hurt)
                        start = hurt.index + 1
                    if start < checked.size:
                        yield self._piece(stream, checked, start, checked.size)
                    line = stream.line_of(batch.first + batch.size - 1)
                tail = self._misshapen(stream, END)
                if tail.read:
                    yield tail
            except read_errors() as error:
                # Arrow names the record it could not parse (a short row that is also not
                # UTF-8 never reaches our handler of short rows): the file is whole before it.
                named = _ARROW_ROW.search(str(error))
                line = int(named.group(1)) - 1 if named else line
                raise SireneFileError(
                    f"{source.path}: unreadable after line {line} ({error}); "
                    "the file looks damaged, download it again",
                    code="damaged",
                    path=source.path,
                    line=line,
                    detail=str(error),
                    stopped=self.started,
                ) from error

    def _piece(self, stream: BatchStream, batch: TextBatch, start: int, end: int) -> Piece:
        import pyarrow as pa
        import pyarrow.compute as pc

        arrays = batch.arrays
        if start or end != batch.size:
            arrays = [array.slice(start, end - start) for array in arrays]
        sifted = sift(self.source.kind, arrays, self.positions, include_closed=self.include_closed)
        kept = arrays if sifted.keep is None else [array.filter(sifted.keep) for array in arrays]
        last = stream.line_of(batch.first + end - 1)
        piece = self._misshapen(stream, last)
        piece.read += end - start - sifted.blank
        piece.skipped.update(sifted.skipped)
        piece.ceased = sifted.ceased
        self.started = True
        if not len(kept[0]):
            return piece
        mapped, reason = self.map_rows(dict(zip(self.source.wanted, kept, strict=True)))
        rows = pa.Table.from_arrays(mapped, names=list(self.fields))
        failed = pc.is_valid(reason)
        if pc.any(failed).as_py():
            rows = rows.filter(pc.invert(failed))
            where = _kept_indices(sifted.keep, len(reason))
            for index in pc.indices_nonzero(failed).to_pylist():
                result = reason[index].as_py()
                piece.skipped[result] += 1
                if result in BAD_REASONS:
                    self._bad(piece, stream.line_of(batch.first + start + where[index]), result)
            piece.bad_rows.sort(key=lambda bad: bad.line)
        piece.rows = rows
        return piece

    def _damaged_row(self, stream: BatchStream, batch: TextBatch, hurt: DamagedRow) -> Piece:
        self._damaged += 1
        line = stream.line_of(batch.first + hurt.index)
        if not hurt.after_utf8 or self._damaged > MAX_DAMAGED_ROWS:
            raise encoding_error(
                self.source.path,
                hurt.raw,
                line=line,
                member=self.source.member,
                parquet=self.source.container == "parquet",
                stopped=self.started,
            )
        piece = self._misshapen(stream, line)
        piece.read += 1
        piece.skipped[BAD_ENCODING] += 1
        self._bad(piece, line, BAD_ENCODING)
        piece.bad_rows.sort(key=lambda bad: bad.line)
        return piece

    def _misshapen(self, stream: BatchStream, last: int) -> Piece:
        """A piece counting the rows with a wrong column count up to line `last`."""
        piece = Piece()
        for line in stream.misshapen_until(last):
            piece.read += 1
            piece.skipped[WRONG_COLUMN_COUNT] += 1
            self._bad(piece, line, WRONG_COLUMN_COUNT)
        return piece

    def _bad(self, piece: Piece, line: int, reason: str) -> None:
        if self._kept_bad < self.max_bad_rows:
            self._kept_bad += 1
            piece.bad_rows.append(BadRow(self.source.path.name, line, reason))


def _kept_indices(keep: Any, size: int) -> list[int]:
    """Where each kept row was in the batch's slice."""
    if keep is None:
        return list(range(size))
    import pyarrow.compute as pc

    return pc.indices_nonzero(keep).to_pylist()
