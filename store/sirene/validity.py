"""Whether SIRENE identifiers and dates are well-formed, for a whole column at once (Arrow).

The same rules as `store.identifiers` and `datetime.date`, vectorised: a SIREN is 9 ASCII
digits with a valid Luhn check digit; a date is `YYYY-MM-DD` naming a real day.
"""

from __future__ import annotations

from typing import Any

from store.sirene.literals import number, text

_DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def luhn_ok(numbers: Any, width: int) -> Any:
    """True where a value is `width` ASCII digits whose Luhn sum is a multiple of 10."""
    import pyarrow as pa
    import pyarrow.compute as pc

    shaped = pc.and_(pc.equal(pc.utf8_length(numbers), number(width)), pc.ascii_is_decimal(numbers))
    value = pc.cast(pc.if_else(shaped, numbers, text("0" * width)), pa.int64())
    ten, nine = number(10), number(9)
    total = pc.remainder(value, ten)
    for position in range(1, width):  # from the right: every second digit is doubled
        digit = pc.remainder(pc.divide(value, number(10**position)), ten)
        if position % 2:
            digit = pc.multiply(digit, number(2))
            digit = pc.if_else(pc.greater(digit, nine), pc.subtract(digit, nine), digit)
        total = pc.add(total, digit)
    return pc.and_(shaped, pc.equal(pc.remainder(total, ten), number(0)))


def date_ok(values: Any) -> Any:
    """True where a value is an ISO date `YYYY-MM-DD` of a real day (year 1 at least)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    digits = pc.utf8_replace_slice(pc.utf8_replace_slice(values, 7, 8, "0"), 4, 5, "0")
    dash = text("-")
    shaped = pc.and_(
        pc.and_(pc.equal(pc.utf8_length(values), number(10)), pc.ascii_is_decimal(digits)),
        pc.and_(
            pc.equal(pc.utf8_slice_codeunits(values, 4, 5), dash),
            pc.equal(pc.utf8_slice_codeunits(values, 7, 8), dash),
        ),
    )
    safe = pc.if_else(shaped, values, text("0001-01-01"))
    year = pc.cast(pc.utf8_slice_codeunits(safe, 0, 4), pa.int32())
    month = pc.cast(pc.utf8_slice_codeunits(safe, 5, 7), pa.int32())
    day = pc.cast(pc.utf8_slice_codeunits(safe, 8, 10), pa.int32())
    one, zero = number(1), number(0)
    valid_month = pc.and_(pc.greater_equal(month, one), pc.less_equal(month, number(12)))
    days = pc.take(pa.array(_DAYS_IN_MONTH, pa.int32()), pc.if_else(valid_month, month, zero))
    leap = pc.and_(
        pc.equal(pc.remainder(year, number(4)), zero),
        pc.or_(
            pc.not_equal(pc.remainder(year, number(100)), zero),
            pc.equal(pc.remainder(year, number(400)), zero),
        ),
    )
    days = pc.if_else(pc.and_(leap, pc.equal(month, number(2))), number(29), days)
    return pc.and_(
        pc.and_(shaped, valid_month),
        pc.and_(
            pc.and_(pc.greater_equal(day, one), pc.less_equal(day, days)),
            pc.greater_equal(year, one),
        ),
    )
