"""The tokens of the full-text index's `facets` column for cities, postcodes, legal forms and
creation dates, and the FTS5 expressions that select exactly what the SQL filters select.

Migration 0015 writes them (its `_facets` is the other half of this module):
- a city as one `w` token per space-separated part, each the hex of the part's UTF-8 bytes,
  at the start of the column: the SQL rule "LYON is LYON or `LYON …`" is the initial phrase
  `^"w<LYON>"`, whatever characters a commune's name holds;
- `p` + hex of the postcode, `l` + hex of the legal form, `k` + hex of its first two characters;
- `y` + the creation year, `m` + year and month.
Hex keeps every value one token whatever it contains (FTS5 splits words at punctuation), and a
prefix of the value is a prefix of its hex, so "690" (postcodes starting with it) is `p363930*`.
"""

from __future__ import annotations

import calendar
from datetime import date

# Creation years asked for one by one: from DENSE_FROM to next year, where companies are many.
# Sparser years go by prefix (`y194*`: the 1940s), which FTS5 merges up front: cheap when few
# companies hold them, and one term instead of dozens of empty ones.
DENSE_FROM = 1950


def _hex(value: str) -> str:
    return value.encode().hex()


def city_phrase(city: str) -> str | None:
    """`^"w… w…"`: the companies whose city is `city` or `city` followed by a space and more.
    None when the city holds a control character (its hex could split elsewhere)."""
    if any(ord(char) < 0x20 for char in city):
        return None
    return '^"' + " ".join("w" + _hex(part) for part in city.split(" ")) + '"'


def postcode_term(code: str) -> str:
    """A 5-character postcode exactly, or a shorter one as a prefix."""
    return "p" + _hex(code) + ("" if len(code) == 5 else "*")


def legal_form_term(code: str) -> str:
    """A 4-character legal form exactly, a 2-character family exactly, else a prefix."""
    if len(code) == 4:
        return "l" + _hex(code)
    if len(code) == 2:
        return "k" + _hex(code)
    return "l" + _hex(code) + "*"


def dense_years() -> tuple[int, int]:
    """The years asked for one by one: DENSE_FROM to next year."""
    return DENSE_FROM, date.today().year + 1


def year_terms(first: int, last: int) -> list[str]:
    """Terms selecting the creation years first…last (0 … 9999): one token per dense year,
    prefix terms (`y19*`) beyond, where years are few."""
    low, high = dense_years()
    terms = [f"y{year}" for year in range(max(first, low), min(last, high) + 1)]
    if first < low:
        terms = _prefixes(first, min(last, low - 1)) + terms
    if last > high:
        terms += _prefixes(max(first, high + 1), last)
    return terms


def _prefixes(first: int, last: int, digits: str = "", width: int = 4) -> list[str]:
    """The fewest `y…*` prefixes (and whole years) covering first…last of 4-digit years."""
    if first > last:
        return []
    span = 10 ** (width - len(digits))
    low = int(digits + "0" * (width - len(digits)) or 0)
    if first <= low and low + span - 1 <= last:
        return [f"y{digits}*" if len(digits) < width else f"y{digits}"]
    terms: list[str] = []
    for digit in "0123456789":
        start = int((digits + digit).ljust(width, "0"))
        end = start + 10 ** (width - len(digits) - 1) - 1
        if end >= first and start <= last:
            terms += _prefixes(first, last, digits + digit, width)
    return terms


def month_terms(year: int, first: int, last: int) -> list[str]:
    """The months first…last of a year."""
    return [f"m{year}{month:02d}" for month in range(first, last + 1)]


def date_terms(after: date | None, before: date | None) -> tuple[list[str], bool]:
    """Terms selecting the creation dates in [after, before], and whether they select exactly
    that; when a bound cuts a month, that whole month is selected and the day is left to check."""
    start = after or date(1, 1, 1)
    end = before or date(9999, 12, 31)
    exact = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    first_year = start.year if start.month == 1 else start.year + 1
    last_year = end.year if end.month == 12 else end.year - 1
    if first_year > last_year and start.year == end.year:
        return month_terms(start.year, start.month, end.month), exact
    terms = month_terms(start.year, start.month, 12) if start.month != 1 else []
    if first_year <= last_year:
        terms += year_terms(first_year, last_year)
    if end.month != 12:
        terms += month_terms(end.year, 1, end.month)
    return terms, exact
