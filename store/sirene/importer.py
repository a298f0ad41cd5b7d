"""`import_sirene`: check every file, then load legal units first and head offices second.

Files may come in any order; their kind is read from their header. Every file is checked
before anything is written, so a user mistake leaves the store untouched. Rows are written in
batches, each committed, so an interrupted import keeps whole batches and a re-run converges.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from store.sirene.columns import FileKind
from store.sirene.mapping import (
    BAD_REASONS,
    UNKNOWN_COMPANY,
    WRONG_COLUMN_COUNT,
    head_office_mapper,
    legal_unit_mapper,
)
from store.sirene.reader import SireneSource, open_source
from store.sirene.report import ImportReport
from store.sirene.writer import BatchResult, open_writer

DEFAULT_BATCH_SIZE = 25_000

Progress = Callable[[SireneSource, int, int], None]
"""Called after each batch with the file, how far it got and its total (bytes, or rows)."""


def open_sources(paths: Iterable[Path | str]) -> list[SireneSource]:
    """Check every file and order them legal units first; `SireneFileError` on the first bad one."""
    sources = [open_source(path) for path in paths]
    return sorted(sources, key=lambda s: s.kind is not FileKind.LEGAL_UNITS)


def import_sirene(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    include_closed: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Import SIRENE stock files into the store and report what happened."""
    sources = open_sources(paths)
    report = ImportReport(files=[str(s.path) for s in sources])
    started = time.perf_counter()
    with open_writer(engine) as writer:
        for source in sources:
            if source.kind is FileKind.LEGAL_UNITS:
                map_row: Callable[[Sequence[str]], Any] = legal_unit_mapper(
                    source.columns, include_closed=include_closed
                )
                write: Callable[[list[Any]], BatchResult] = writer.write_legal_units
            else:
                map_row = head_office_mapper(source.columns)
                write = writer.write_head_offices
            _load(source, map_row, write, report, batch_size, progress)
        writer.finish()
    report.seconds = time.perf_counter() - started
    return report


def _load(
    source: SireneSource,
    map_row: Callable[[Sequence[str]], Any],
    write: Callable[[list[Any]], BatchResult],
    report: ImportReport,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """The hot loop: map each row, count skips and bad rows, write full batches."""
    name, width, skipped, bad = source.path.name, source.width, report.skipped, BAD_REASONS
    batch: list[Any] = []
    append = batch.append
    line = 1
    blank = 0
    # One writer thread: SQLite and psycopg release the GIL while the database works, so the
    # next batch is parsed while the previous one is written.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sirene-writer") as pool:
        pending: Future[BatchResult] | None = None
        with source.rows() as rows:
            for row in rows:
                line += 1
                if len(row) != width:
                    if row:
                        report.add_bad_row(name, line, WRONG_COLUMN_COUNT)
                    else:
                        blank += 1
                    continue
                out = map_row(row)
                if out.__class__ is str:
                    if out in bad:
                        report.add_bad_row(name, line, out)
                    else:
                        skipped[out] += 1
                else:
                    append(out)
                    if len(batch) >= batch_size:
                        if pending is not None:
                            _count(report, pending.result())
                        pending = pool.submit(write, batch)
                        batch = []
                        append = batch.append
                        _tell(progress, source)
            if pending is not None:
                _count(report, pending.result())
            if batch:
                _count(report, write(batch))
    report.read += line - 1 - blank
    _tell(progress, source, done=True)


def _count(report: ImportReport, result: BatchResult) -> None:
    report.imported += result.imported
    report.updated += result.updated
    report.unchanged += result.unchanged
    if result.unknown:
        report.skipped[UNKNOWN_COMPANY] += result.unknown


def _tell(progress: Progress | None, source: SireneSource, *, done: bool = False) -> None:
    if progress is not None:
        progress(
            source, source.total if done else min(source.position(), source.total), source.total
        )
