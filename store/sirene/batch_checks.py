"""Strict UTF-8 over a batch of text columns: which rows are damaged, and whether the file had
shown valid accented text before them (see `decoding` for why that decides the rule).

The common case costs a few C passes per column: Arrow validates the UTF-8 and looks for U+FFFD
(the mark of an earlier lossy conversion). Only a batch that fails is looked at row by row, in
Python. Only the columns the importer reads are checked: damage elsewhere never reaches the
store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.sirene.decoding import REPLACEMENT
from store.sirene.text_batches import TextBatch

_REPLACEMENT_BYTES = REPLACEMENT.encode()


@dataclass(frozen=True, slots=True)
class DamagedRow:
    """Row `index` of a batch is not clean UTF-8; its raw values joined, and whether valid
    accented text came before it in the file."""

    index: int
    raw: bytes
    after_utf8: bool


class Utf8Watch:
    """Checks a file's batches in order, remembering whether accented text was seen."""

    def __init__(self, *, seen_utf8: bool = False) -> None:
        self.seen_utf8 = seen_utf8

    def check(self, batch: TextBatch) -> tuple[TextBatch, list[DamagedRow]]:
        """The batch (its damaged values blanked, the rest valid text) and its damaged rows."""
        import pyarrow.compute as pc

        clean = True
        for array in batch.arrays:
            try:
                array.validate(full=True)
            except ValueError:  # pyarrow.ArrowInvalid: bytes that are not UTF-8
                clean = False
                break
            if pc.any(pc.match_substring(array, REPLACEMENT)).as_py():
                clean = False
                break
        if clean:
            if not self.seen_utf8:
                self.seen_utf8 = any(
                    not pc.all(pc.string_is_ascii(array)).as_py() for array in batch.arrays
                )
            return batch, []
        return self._row_by_row(batch)

    def _row_by_row(self, batch: TextBatch) -> tuple[TextBatch, list[DamagedRow]]:
        import pyarrow as pa

        columns = [_raw_values(array) for array in batch.arrays]
        texts: list[list[str]] = [[] for _ in columns]
        damaged: list[DamagedRow] = []
        for index, values in enumerate(zip(*columns, strict=True)):
            decoded = [_decoded(value) for value in values]
            if any(text is None for text in decoded):
                damaged.append(DamagedRow(index, b",".join(values), self.seen_utf8))
                decoded = ["" for _ in values]
            elif not self.seen_utf8 and any(not value.isascii() for value in values):
                self.seen_utf8 = True
            for column, text in zip(texts, decoded, strict=True):
                column.append(text or "")
        arrays = [pa.array(column, pa.string()) for column in texts]
        return TextBatch(arrays=arrays, first=batch.first, size=batch.size), damaged


def _raw_values(array: Any) -> list[bytes]:
    import pyarrow as pa

    return array.view(pa.binary()).to_pylist()


def _decoded(value: bytes) -> str | None:
    """The text of a value, or None when it is not UTF-8 or holds U+FFFD."""
    if _REPLACEMENT_BYTES in value:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None
