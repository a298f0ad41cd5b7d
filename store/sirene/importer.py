"""`import_sirene`: check every file, then load legal units first and head offices second.

Files may come in any order; their kind is read from their header. Every file is checked
before anything is written, so a user mistake leaves the store untouched. Rows are read and
mapped (in a child process for big files, see `pipeline`) and written in batches, each
committed, so an interrupted import keeps whole batches and a re-run converges. Given one
file of each kind and a writer that can (both do), both files are read side by side and each
company is written once with its head office (`merge`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy.engine import Engine

from store.sirene.batches import BatchResult, CompanyMerger, CompanyWriter, tuples
from store.sirene.columns import FileKind
from store.sirene.mapping import CLOSED, UNKNOWN_COMPANY
from store.sirene.merge import merged_chunks
from store.sirene.pipeline import Chunk, file_chunks, in_child
from store.sirene.reader import SireneSource, open_source
from store.sirene.report import ImportReport
from store.sirene.writer import open_writer

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
    options = {
        "include_closed": include_closed,
        "batch_size": batch_size,
        "max_bad_rows": report.max_bad_rows,
    }
    with open_writer(engine) as writer:
        for chunk in _chunks(sources, writer, options):
            _count(report, _write(writer, chunk))
            _merge(report, chunk)
            if chunk.ceased:
                # Skipped as new rows, but a company already in the store has ceased since.
                ceased = writer.mark_ceased(chunk.ceased)
                report.updated += ceased
                report.skipped[CLOSED] -= ceased
                if not report.skipped[CLOSED]:
                    del report.skipped[CLOSED]
            if progress is not None:
                for number, position in chunk.progress:
                    source = sources[number]
                    progress(source, min(position, source.total), source.total)
        writer.finish()
    report.seconds = time.perf_counter() - started
    return report


def _chunks(
    sources: list[SireneSource], writer: CompanyWriter, options: dict[str, int | bool]
) -> Iterator[Chunk]:
    """Every file's chunks: side by side for one file of each kind when the writer merges."""
    kinds = [source.kind for source in sources]
    if kinds == [FileKind.LEGAL_UNITS, FileKind.ESTABLISHMENTS] and isinstance(
        writer, CompanyMerger
    ):
        units, offices = sources
        produce = partial(
            merged_chunks,
            units,
            offices,
            (0, 1),
            full_text=writer.indexes,
            **options,  # type: ignore[arg-type]
        )
        yield from in_child(produce, size=units.size + offices.size, name=str(units.path))
        return
    for number, source in enumerate(sources):
        produce = partial(file_chunks, source, number, **options)  # type: ignore[arg-type]
        yield from in_child(produce, size=source.size, name=str(source.path))


def _write(writer: CompanyWriter, chunk: Chunk) -> BatchResult:
    if not chunk.size:
        return BatchResult()
    if chunk.kind is FileKind.ESTABLISHMENTS:
        return writer.write_head_offices(tuples(chunk.rows))
    if chunk.offices is not None and isinstance(writer, CompanyMerger):
        return writer.write_companies(chunk.rows, chunk.offices, chunk.index)
    return writer.write_legal_units(tuples(chunk.rows))


def _count(report: ImportReport, result: BatchResult) -> None:
    report.imported += result.imported
    report.updated += result.updated
    report.unchanged += result.unchanged
    if result.unknown:
        report.skipped[UNKNOWN_COMPANY] += result.unknown


def _merge(report: ImportReport, chunk: Chunk) -> None:
    report.read += chunk.read
    report.skipped.update(chunk.skipped)
    room = report.max_bad_rows - len(report.bad_rows)
    report.bad_rows.extend(chunk.bad_rows[: max(room, 0)])
