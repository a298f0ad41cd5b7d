"""A CSV stock file parsed by Arrow's C++ reader, as batches of the columns the importer reads.

Python's `csv` module spends ~5 µs on a row of INSEE's 35 to 54 columns, most of the import's
reading time; Arrow parses the same bytes about ten times faster and keeps only the wanted
columns. It reads as Python's reader does: commas, double quotes doubled inside quoted
values, line ends inside quoted values, any of `\\n`, `\\r\\n`, `\\r`. Values stay raw bytes
until `batch_checks` checks them as UTF-8. A row with a wrong number of columns is set aside
with its line (the parser is single-threaded so that it knows every line); a blank line comes
out as a row of empty values, which the pipeline skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from store.sirene.text_batches import LineNumbers, TextBatch

BLOCK_BYTES = 1 << 20  # ~5,000 rows a batch: Python's per-batch work stays negligible


class CsvBatches:
    """The rows of a CSV stream whose header (already read) has `width` columns."""

    def __init__(self, binary: IO[bytes], width: int, wanted: list[int]) -> None:
        self.binary = binary
        self.width = width
        self.wanted = wanted
        self.lines = LineNumbers()

    def __iter__(self) -> Iterator[TextBatch]:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        names = [f"c{index}" for index in range(self.width)]
        include = [names[index] for index in self.wanted]
        skipped = self.lines.skipped

        def misshapen(row: Any) -> str:
            skipped.append(row.number)
            return "skip"

        reader = pacsv.open_csv(
            self.binary,
            read_options=pacsv.ReadOptions(
                use_threads=False, block_size=BLOCK_BYTES, column_names=names, skip_rows=1
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=misshapen
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=include,
                column_types=dict.fromkeys(include, pa.string()),
                check_utf8=False,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        first = 0
        for batch in reader:
            yield TextBatch(arrays=batch.columns, first=first, size=batch.num_rows)
            first += batch.num_rows

    def line_of(self, index: int) -> int:
        """The line of the `index`-th well-formed row."""
        return self.lines.line_of(index)

    def misshapen_until(self, line: int) -> list[int]:
        """The lines up to `line` holding a wrong number of columns, each given once."""
        return self.lines.misshapen_until(line)
