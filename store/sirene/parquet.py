"""A Parquet stock file (INSEE publishes the stock in Parquet too), streamed by row groups.

`pyarrow.parquet.ParquetFile.iter_batches` reads the wanted columns only, a batch at a time, so
a file of any size imports in constant memory. Typed columns come back as SIRENE's text:
dates as `YYYY-MM-DD`, booleans as `true`/`false`, integer identifiers zero-padded to their
width (a writer may store `nicSiegeUniteLegale` 13 as an integer), nulls as "". Parquet has
no ragged rows: every row is well-formed and row `i` is "line" `i + 2`, as if a header came
first. Bytes that are not UTF-8 in a text column (which a careless writer can store) are left
for `batch_checks` to find.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.sirene.columns import DIGIT_WIDTHS
from store.sirene.literals import text
from store.sirene.text_batches import TextBatch

BATCH_ROWS = 65_536


class ParquetBatches:
    """The rows of a Parquet file, its `names` columns as text."""

    def __init__(self, path: Path, names: list[str]) -> None:
        self.path = path
        self.names = names
        self.done = 0  # rows handed out, for progress

    def __iter__(self) -> Iterator[TextBatch]:
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(self.path)
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=self.names):
            arrays = [_as_text(batch.column(i), name) for i, name in enumerate(self.names)]
            yield TextBatch(arrays=arrays, first=self.done, size=batch.num_rows)
            self.done += batch.num_rows

    def line_of(self, index: int) -> int:
        """Row `index` counts as line `index + 2`."""
        return index + 2

    def misshapen_until(self, line: int) -> list[int]:
        """None: Parquet rows all have every column."""
        return []


def _as_text(array: Any, name: str) -> Any:
    """A Parquet column as an Arrow string array without nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_timestamp(array.type):
        array = pc.cast(array, pa.date32())
    if pa.types.is_large_binary(array.type) or pa.types.is_large_string(array.type):
        array = array.view(pa.large_binary()).cast(pa.binary())
    if pa.types.is_binary(array.type):
        array = array.view(pa.string())  # checked as UTF-8 later, row by row
    is_integer = pa.types.is_integer(array.type)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    if is_integer and name in DIGIT_WIDTHS:
        array = pc.utf8_lpad(array, width=DIGIT_WIDTHS[name], padding="0")
    return pc.fill_null(array, text(""))
