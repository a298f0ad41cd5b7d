"""Stock files cut into chunks ready to write, produced in a child process when possible.

A chunk is one committed transaction's rows (`batch_size` of them) with what the rows read
before it counted. `file_chunks` cuts one file's pieces (`pieces`) into chunks;
`merge.merged_chunks` reads a legal-unit file and an establishment file side by side, so that
each company is written once with its head office (see there).

Reading, checking and mapping hold the GIL; the database writes are mostly C. A thread cannot
overlap them (the writer waits for the GIL on every row), a forked child can: it reads chunk
N+1 while the parent writes chunk N. Where `fork` is unavailable, or for small files, the
chunks are produced in-process, with the same results.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from store.sirene.columns import FileKind
from store.sirene.errors import SireneFileError
from store.sirene.pieces import FilePieces, Piece
from store.sirene.reader import SireneSource
from store.sirene.report import BadRow

# Below this size a child process costs more than it saves.
CHILD_PROCESS_MIN_BYTES = 4_000_000


@dataclass
class Chunk:
    """Mapped rows of one kind to write, with what the rows before them counted.

    `rows`: an Arrow table (`mapping.LEGAL_UNIT_FIELDS` or `HEAD_OFFICE_FIELDS`), or None.
    `offices`: when reading both files side by side, the head offices of `rows`' companies
    (legal units), row for row (null rows where none came), to write with them.
    `index`: with `offices`, the full-text rows of these companies were they new
    (`fts_rows.fts_table`), made here for the SQLite writer's first loads.
    `progress`: (file number, position) pairs."""

    kind: FileKind
    rows: Any = None
    offices: Any = None
    index: Any = None
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[BadRow] = field(default_factory=list)
    ceased: list[str] = field(default_factory=list)
    progress: list[tuple[int, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many rows it holds."""
        return 0 if self.rows is None else int(self.rows.num_rows)

    def count(self, piece: Piece) -> None:
        """Add what a piece counted (its rows aside)."""
        self.read += piece.read
        self.skipped.update(piece.skipped)
        self.bad_rows.extend(piece.bad_rows)
        self.ceased.extend(piece.ceased)


class Chunker:
    """Cuts a stream of pieces into chunks of exactly `batch_size` rows (the last one less);
    a chunk carries the counts of every piece whose rows it closes."""

    def __init__(self, kind: FileKind, batch_size: int) -> None:
        self.kind = kind
        self.batch_size = batch_size
        self.tables: list[Any] = []
        self.held = 0
        self.counts = Chunk(kind)

    def add(self, piece: Piece) -> Iterator[Chunk]:
        """The chunks this piece fills."""
        self.counts.count(piece)
        if piece.rows is not None and piece.rows.num_rows:
            self.tables.append(piece.rows)
            self.held += piece.rows.num_rows
        while self.held >= self.batch_size:
            yield self._cut(self.batch_size)

    def last(self) -> Chunk:
        """The rows and counts left over."""
        return self._cut(self.held)

    def _cut(self, size: int) -> Chunk:
        import pyarrow as pa

        chunk, self.counts = self.counts, Chunk(self.kind)
        if self.tables:
            table = pa.concat_tables(self.tables) if len(self.tables) > 1 else self.tables[0]
            chunk.rows = table.slice(0, size).combine_chunks()
            rest = table.slice(size)
            self.tables = [rest] if rest.num_rows else []
            self.held = rest.num_rows
        return chunk


def file_chunks(
    source: SireneSource, number: int, *, include_closed: bool, batch_size: int, max_bad_rows: int
) -> Iterator[Chunk]:
    """The chunks of one file (its `number` among the import's files, for progress)."""
    pieces = FilePieces(source, include_closed=include_closed, max_bad_rows=max_bad_rows)
    chunker = Chunker(source.kind, batch_size)
    for piece in pieces:
        for chunk in chunker.add(piece):
            chunk.progress = [(number, source.position())]
            yield chunk
    chunk = chunker.last()
    chunk.progress = [(number, source.total)]
    yield chunk


def _child(connection: Any, produce: Callable[[], Iterator[Chunk]], name: str) -> None:
    try:
        for chunk in produce():
            connection.send(chunk)
        connection.send(None)
    except SireneFileError as error:
        connection.send(error)
    except BaseException:
        connection.send(RuntimeError(f"reading {name} failed:\n{traceback.format_exc()}"))
    finally:
        connection.close()


def in_child(produce: Callable[[], Iterator[Chunk]], *, size: int, name: str) -> Iterator[Chunk]:
    """The chunks `produce` makes, from a forked child for `size` bytes or more, else from this
    process."""
    if "fork" not in multiprocessing.get_all_start_methods() or size < CHILD_PROCESS_MIN_BYTES:
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, produce, name), name="sirene-reader", daemon=True
    )
    child.start()
    sender.close()
    finished = False
    try:
        while True:
            try:
                item = receiver.recv()
            except EOFError:
                raise RuntimeError(f"the reader of {name} stopped unexpectedly") from None
            if item is None:
                finished = True
                return
            if isinstance(item, BaseException):
                finished = True
                raise item
            yield item
    finally:
        receiver.close()
        if not finished:
            # The parent gave up (the store failed, say): the child may be blocked sending a
            # chunk nobody will read; stop it now rather than after the join's timeout.
            child.terminate()
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
            child.join()
