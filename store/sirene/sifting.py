"""The rows a batch skips, found for the whole batch at once (Arrow compute) before any row
reaches Python: blank lines, ceased legal units, establishments that are not an open head office.

They are the bulk of the stock (INSEE's establishment file is mostly secondary or closed
establishments), so sifting them in C leaves the Python mapping (`mapping`) only the rows it
may write. The mapping's own checks stay: this only spares it work, never changes a result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from store.sirene.columns import FileKind
from store.sirene.literals import text, texts
from store.sirene.mapping import (
    CLOSED,
    CLOSED_ESTABLISHMENT,
    HEAD_OFFICE_TRUE,
    NOT_HEAD_OFFICE,
)


@dataclass
class Sifted:
    """Which rows of a batch go on to the mapping, and what the others were."""

    keep: Any  # an Arrow boolean array, or None: every row
    blank: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    ceased: list[str] = field(default_factory=list)


def sift(
    kind: FileKind, arrays: list[Any], positions: dict[str, int], *, include_closed: bool
) -> Sifted:
    """Sift one batch of `kind` whose wanted columns are `arrays` (`positions` by name)."""
    import pyarrow.compute as pc

    keep = _not_blank(arrays)
    blank = 0 if keep is None else len(keep) - pc.sum(keep).as_py()
    if kind is FileKind.LEGAL_UNITS:
        sifted = _legal_units(arrays, positions, keep, include_closed=include_closed)
    else:
        sifted = _establishments(arrays, positions, keep)
    sifted.blank = blank
    return sifted


def _not_blank(arrays: list[Any]) -> Any:
    """False for rows whose every value is empty (a blank line); None when there are none.

    The SIREN column comes first and is never empty in a real row, so most batches cost one
    comparison."""
    import pyarrow.compute as pc

    empty = pc.equal(arrays[0], text(""))
    if not pc.any(empty).as_py():
        return None
    for array in arrays[1:]:
        empty = pc.and_(empty, pc.equal(array, text("")))
    return pc.invert(empty)


def _both(left: Any, right: Any) -> Any:
    import pyarrow.compute as pc

    return right if left is None else pc.and_(left, right)


def _count(mask: Any) -> int:
    import pyarrow.compute as pc

    return int(pc.sum(mask).as_py() or 0)


def _legal_units(
    arrays: list[Any], positions: dict[str, int], rows: Any, *, include_closed: bool
) -> Sifted:
    import pyarrow.compute as pc

    if include_closed:
        return Sifted(keep=rows)
    active = pc.equal(arrays[positions["etatAdministratifUniteLegale"]], text("A"))
    ceased = pc.invert(active) if rows is None else pc.and_(rows, pc.invert(active))
    closed = _count(ceased)
    sifted = Sifted(keep=_both(rows, active))
    if closed:
        sifted.skipped[CLOSED] = closed
        # Skipped as new rows, but a company the store already holds has ceased since.
        sifted.ceased = arrays[positions["siren"]].filter(ceased).to_pylist()
    return sifted


def _establishments(arrays: list[Any], positions: dict[str, int], rows: Any) -> Sifted:
    import pyarrow.compute as pc

    flag = arrays[positions["etablissementSiege"]]
    true = texts(*sorted(HEAD_OFFICE_TRUE))
    head = pc.is_in(flag, value_set=true)
    if not pc.all(pc.or_(head, pc.equal(flag, text("false")))).as_py():
        # Unusual spellings (" TRUE", "Oui"): the mapping's rule, for the whole batch.
        head = pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(flag)), value_set=true)
    opened = pc.equal(arrays[positions["etatAdministratifEtablissement"]], text("A"))
    heads = _both(rows, head)
    not_head = (len(flag) if rows is None else _count(rows)) - _count(heads)
    keep = pc.and_(heads, opened)
    closed = _count(heads) - _count(keep)
    sifted = Sifted(keep=keep)
    if not_head:
        sifted.skipped[NOT_HEAD_OFFICE] = not_head
    if closed:
        sifted.skipped[CLOSED_ESTABLISHMENT] = closed
    return sifted
