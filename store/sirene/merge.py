"""The legal-unit and establishment files read side by side: each company written once, with its
head office.

Read one after the other, a first import writes every company twice: once from the legal-unit
file (without a place), then again when its head office sets the place, and on SQLite the
second write also un-indexes and re-indexes the company in the full-text index. INSEE sorts
both files by SIREN (the establishments by SIRET, which starts with it), so a chunk of legal
units can take along the head offices of the same SIRENs from the establishment file, read
just as far: one write per company, the place included.

Nothing depends on the order for correctness. Head offices whose company is not among the
chunk's units (a ceased unit left out, a company imported earlier) wait aside and are written
as the establishment pass would, once every unit is written. As soon as either file is out of
order (or too many head offices wait aside), the merge stops: the rest of the legal units go
on alone, then the rest of the establishments, as in two passes. The counts are those of two
passes: a head office setting the place of a new company counts as `updated`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from store.sirene.columns import FileKind
from store.sirene.fts_rows import fts_table
from store.sirene.pieces import FilePieces, Piece
from store.sirene.pipeline import Chunk, Chunker
from store.sirene.reader import SireneSource

# Head offices waiting for the units to be written, at most: beyond, the files are not the
# sorted stock and reading them in two passes costs less memory.
MAX_WAITING = 200_000


class OfficeFeed:
    """The establishment file's head offices, taken in SIREN order as far as asked, and what
    the rows read so far counted."""

    def __init__(self, pieces: FilePieces) -> None:
        self.pieces = iter(pieces)
        self.table: Any = None
        self.at = 0
        self.last = ""  # the largest SIREN taken
        self.in_order = True
        self.counts = Piece()

    def take_until(self, high: str) -> list[Any]:
        """The head offices up to SIREN `high`, as tables; stops early (and sets `in_order`
        false) at the first one out of SIREN order."""
        import pyarrow.compute as pc

        taken: list[Any] = []
        while self.in_order:
            if self.table is None or self.at >= self.table.num_rows:
                if not self._next():
                    break
                continue
            sirens = self.table.column("siren").slice(self.at)
            count = int(pc.sum(pc.less_equal(sirens, high)).as_py() or 0)
            if count:
                taken.append(self.table.slice(self.at, count))
                self.at += count
                self.last = sirens[count - 1].as_py()
            if self.at < self.table.num_rows:
                break
        return taken

    def rest(self) -> Iterator[Piece]:
        """What was not taken, as pieces: the current table's rest, then the file's rest."""
        left = Piece(rows=None if self.table is None else self.table.slice(self.at))
        counts = self.drain_counts()
        left.read, left.skipped, left.bad_rows = counts.read, counts.skipped, counts.bad_rows
        self.table = None
        yield left
        yield from self.pieces

    def drain_counts(self) -> Piece:
        """What the rows read since the last call counted."""
        counts, self.counts = self.counts, Piece()
        return counts

    def _next(self) -> bool:
        """Load the next piece; False at the end of the file or when it is out of order."""
        import pyarrow.compute as pc

        piece = next(self.pieces, None)
        if piece is None:
            return False
        self.counts.read += piece.read
        self.counts.skipped.update(piece.skipped)
        self.counts.bad_rows.extend(piece.bad_rows)
        self.table, self.at = piece.rows, 0
        if self.table is None or not self.table.num_rows:
            return True
        sirens = self.table.column("siren")
        self.in_order = sirens[0].as_py() >= self.last and bool(
            pc.all(pc.greater_equal(sirens.slice(1), sirens.slice(0, len(sirens) - 1))).as_py()
        )
        return self.in_order


def _ascending(sirens: Any, after: str) -> bool:
    """Whether SIRENs are strictly ascending, all after `after`."""
    import pyarrow.compute as pc

    if sirens[0].as_py() <= after:
        return False
    return bool(pc.all(pc.greater(sirens.slice(1), sirens.slice(0, len(sirens) - 1))).as_py())


def merged_chunks(
    units: SireneSource,
    offices: SireneSource,
    numbers: tuple[int, int],
    *,
    include_closed: bool,
    batch_size: int,
    max_bad_rows: int,
    full_text: bool = True,
) -> Iterator[Chunk]:
    """The chunks of both files: legal units with their head offices while both files are in
    SIREN order, then whatever is left of the establishments; with `full_text`, each chunk's
    full-text rows too (`Chunk.index`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    unit_pieces = FilePieces(units, include_closed=include_closed, max_bad_rows=max_bad_rows)
    office_pieces = FilePieces(offices, include_closed=include_closed, max_bad_rows=max_bad_rows)
    feed = OfficeFeed(office_pieces)
    waiting: list[Any] = []
    held = 0
    merging = True
    last_unit = ""

    def attach(chunk: Chunk) -> Chunk:
        nonlocal merging, last_unit, held
        sirens = chunk.rows.column("siren").combine_chunks() if chunk.size else None
        if merging and sirens is not None:
            merging = _ascending(sirens, last_unit)
        if merging and sirens is not None:
            last_unit = sirens[-1].as_py()
            taken = feed.take_until(last_unit)
            merging = feed.in_order
            if taken:
                table = pa.concat_tables(taken).combine_chunks()
                mine = pc.is_in(table.column("siren"), value_set=sirens)
                others = table.filter(pc.invert(mine))
                waiting.append(others)
                held += others.num_rows
                # The last head office of a SIREN wins, as in two passes: look them up backwards.
                attached = table.filter(mine)
                attached = attached.take(pa.array(range(attached.num_rows - 1, -1, -1), pa.int64()))
                where = pc.index_in(sirens, value_set=attached.column("siren"))
                chunk.offices = attached.take(where)
            else:
                chunk.offices = _no_offices(chunk.size)
            if full_text:
                chunk.index = fts_table(chunk.rows, chunk.offices)
            merging = merging and held <= MAX_WAITING
        chunk.count(feed.drain_counts())
        chunk.progress = [(numbers[0], units.position()), (numbers[1], offices.position())]
        return chunk

    chunker = Chunker(FileKind.LEGAL_UNITS, batch_size)
    for piece in unit_pieces:
        for chunk in chunker.add(piece):
            yield attach(chunk)
    yield attach(chunker.last())
    rest = Chunker(FileKind.ESTABLISHMENTS, batch_size)
    aside = (Piece(rows=table) for table in waiting)
    for piece in chain(aside, feed.rest()):
        for chunk in rest.add(piece):
            chunk.progress = [(numbers[1], offices.position())]
            yield chunk
    chunk = rest.last()
    chunk.progress = [(numbers[1], offices.total)]
    yield chunk


def _no_offices(size: int) -> Any:
    """A table of `size` null head offices."""
    import pyarrow as pa

    from store.sirene.mapping import HEAD_OFFICE_FIELDS

    return pa.table({name: pa.nulls(size, pa.string()) for name in HEAD_OFFICE_FIELDS})
