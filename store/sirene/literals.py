"""Typed Arrow literals for compute calls.

pyarrow converts an untyped Python value passed to a compute function (`pc.equal(a, "A")`) by
first probing whether it is a pandas object, an import attempt that costs ~0.1 ms when pandas
is not installed: thousands of calls per second of import. A typed scalar skips the probe.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def text(value: str | None) -> Any:
    """A string scalar (None: a null string)."""
    import pyarrow as pa

    return pa.scalar(value, pa.string())


@cache
def number(value: int) -> Any:
    """An int64 scalar."""
    import pyarrow as pa

    return pa.scalar(value, pa.int64())


@cache
def flag(value: bool | None) -> Any:
    """A boolean scalar (None: a null boolean)."""
    import pyarrow as pa

    return pa.scalar(value, pa.bool_())


@cache
def texts(*values: str) -> Any:
    """A string array, for `value_set`."""
    import pyarrow as pa

    return pa.array(values, pa.string())
