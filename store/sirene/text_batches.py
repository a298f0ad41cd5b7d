"""What a stock file's reader hands the pipeline: batches of rows as Arrow text columns.

A `TextBatch` holds the columns the importer reads, in `wanted` order, as Arrow string arrays
("" for no value; the bytes are not yet checked as UTF-8, see `batch_checks`). Rows are
numbered as CSV records, the header being line 1: a `BatchStream` knows the line of each
well-formed row and the lines of the misshapen ones (a wrong column count) it set aside, so
that bad rows are reported where a person finds them in the file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class TextBatch:
    """`size` rows, the `first` of which is the file's `first`-th well-formed row (from 0)."""

    arrays: list[Any]  # pyarrow string arrays, one per wanted column
    first: int
    size: int


class BatchStream(Protocol):
    """A stock file's rows, batch after batch, and the line numbers of what they hold."""

    def __iter__(self) -> Iterator[TextBatch]:
        """The batches in file order."""
        ...

    def line_of(self, index: int) -> int:
        """The line of the `index`-th well-formed row (header = line 1)."""
        ...

    def misshapen_until(self, line: int) -> list[int]:
        """The lines up to `line` holding a wrong number of columns, each given once."""
        ...


@dataclass
class LineNumbers:
    """Line numbers of well-formed rows around the misshapen ones a parser skipped."""

    skipped: list[int] = field(default_factory=list)  # ascending lines of misshapen rows
    handed_out: int = 0  # how many of them `misshapen_until` gave already

    def line_of(self, index: int) -> int:
        """Row `index` sits on line `index + 2`, pushed down by each skipped line before it."""
        line, before = index + 2, 0
        while True:
            seen = bisect_right(self.skipped, line)
            if seen == before:
                return line
            line, before = index + 2 + seen, seen

    def misshapen_until(self, line: int) -> list[int]:
        """The skipped lines up to `line` not given yet."""
        end = bisect_right(self.skipped, line)
        lines = self.skipped[self.handed_out : end]
        self.handed_out = max(self.handed_out, end)
        return lines
