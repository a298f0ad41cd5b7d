"""Parse and map a stock file into batches ready to write, in a child process when possible.

Rows that are not clean UTF-8 follow one rule (the reader marks them, see `decoding`): in a file
that has shown no valid accented UTF-8 before such a row, the file is refused, as in another
encoding (at open if the row is in its first MiB, else when met: the import stops there, the
batches before are kept); in a file that has, the row is a bad row `bad_encoding`, listed by
line, and past `MAX_DAMAGED_ROWS` of them the file is refused the same way. U+FFFD never
reaches the store.

Parsing (csv) and mapping are pure Python and hold the GIL; the database writes are mostly C.
A thread cannot overlap them (the writer waits for the GIL on every row), a forked child can:
it maps batch N+1 while the parent writes batch N. Where `fork` is unavailable the batches are
produced in-process, with the same results.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.sirene.columns import FileKind
from store.sirene.decoding import encoding_error
from store.sirene.errors import SireneFileError
from store.sirene.mapping import (
    BAD_ENCODING,
    BAD_REASONS,
    WRONG_COLUMN_COUNT,
    head_office_mapper,
    legal_unit_mapper,
)
from store.sirene.reader import READ_ERRORS, SireneSource
from store.sirene.report import BadRow

# Below this size a child process costs more than it saves.
CHILD_PROCESS_MIN_BYTES = 4_000_000
# More rows than this that are not UTF-8, even in a UTF-8 file: a wrong encoding, not damage.
MAX_DAMAGED_ROWS = 10


@dataclass
class Chunk:
    """Mapped rows to write, with what the rows before them counted."""

    rows: list[Any]
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[BadRow] = field(default_factory=list)
    position: int = 0
    ceased: list[str] = field(default_factory=list)


def _mapper(
    source: SireneSource, include_closed: bool, ceased: list[str]
) -> Callable[[Sequence[str]], Any]:
    if source.kind is FileKind.LEGAL_UNITS:
        return legal_unit_mapper(source.columns, include_closed=include_closed, ceased=ceased)
    return head_office_mapper(source.columns)


def produce(
    source: SireneSource, *, include_closed: bool, batch_size: int, max_bad_rows: int
) -> Iterator[Chunk]:
    """The hot loop: map each row, count skips and bad rows, cut chunks of `batch_size` rows.

    Line numbers count CSV records, the header being line 1 (the same as the file's lines
    unless a quoted value spans several).
    """
    ceased: list[str] = []
    map_row = _mapper(source, include_closed, ceased)
    name, width, bad = source.path.name, source.width, BAD_REASONS
    chunk = Chunk(rows=[])
    append, skipped = chunk.rows.append, chunk.skipped
    kept_bad = damaged_rows = 0
    line = first_line = 1
    blank = 0
    with source.rows() as (rows, damaged):
        try:
            for row in rows:
                line += 1
                if damaged:
                    damaged_rows += 1
                    if not damaged[0].after_utf8 or damaged_rows > MAX_DAMAGED_ROWS:
                        raise encoding_error(
                            source.path,
                            damaged[0].raw,
                            line=line,
                            member=source.member,
                            parquet=source.container == "parquet",
                            stopped=first_line > 1,
                        )
                    damaged.clear()
                    out: Any = BAD_ENCODING
                elif len(row) != width:
                    if not row:
                        blank += 1
                        continue
                    out = WRONG_COLUMN_COUNT
                else:
                    out = map_row(row)
                if out.__class__ is str:
                    skipped[out] += 1
                    if out in bad and kept_bad < max_bad_rows:
                        kept_bad += 1
                        chunk.bad_rows.append(BadRow(name, line, out))
                    continue
                append(out)
                if len(chunk.rows) >= batch_size:
                    chunk.read, chunk.position = line - first_line - blank, source.position()
                    chunk.ceased, ceased[:] = ceased[:], []
                    yield chunk
                    first_line, blank = line, 0
                    chunk = Chunk(rows=[])
                    append, skipped = chunk.rows.append, chunk.skipped
        except READ_ERRORS as error:
            raise SireneFileError(
                f"{source.path}: unreadable after line {line} ({error}); "
                "the file looks damaged, download it again",
                code="damaged",
                path=source.path,
                line=line,
                detail=str(error),
                stopped=first_line > 1,
            ) from error
        chunk.read, chunk.position = line - first_line - blank, source.total
        chunk.ceased = ceased[:]
        yield chunk


def _child(connection: Any, source: SireneSource, options: dict[str, Any]) -> None:
    try:
        for chunk in produce(source, **options):
            connection.send(chunk)
        connection.send(None)
    except SireneFileError as error:
        connection.send(error)
    except BaseException:
        connection.send(RuntimeError(f"reading {source.path} failed:\n{traceback.format_exc()}"))
    finally:
        connection.close()


def chunks(
    source: SireneSource, *, include_closed: bool, batch_size: int, max_bad_rows: int
) -> Iterator[Chunk]:
    """The chunks of a file: from a forked child for big files, else from this process."""
    options: dict[str, Any] = {
        "include_closed": include_closed,
        "batch_size": batch_size,
        "max_bad_rows": max_bad_rows,
    }
    methods = multiprocessing.get_all_start_methods()
    if (
        "fork" not in methods
        or source.total < CHILD_PROCESS_MIN_BYTES
        or source.container == "parquet"
    ):
        yield from produce(source, **options)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, source, options), name="sirene-reader", daemon=True
    )
    child.start()
    sender.close()
    finished = False
    try:
        while True:
            try:
                item = receiver.recv()
            except EOFError:
                raise RuntimeError(f"the reader of {source.path} stopped unexpectedly") from None
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
