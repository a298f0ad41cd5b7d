"""Regex readers of a request's numbers and set phrases: SIREN/SIRET, NAF codes, headcounts,
creation dates, limits, sort orders, arrondissements, postcodes and department numbers. Each
returns whether it understood its match."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from store.reference.geo import DEPARTMENTS, department_of
from store.reference.naf import is_known_prefix, normalize_naf

from .parse_scan import Scan
from .vocabulary.countries import foreign_pattern
from .vocabulary.dates import creation_bounds, date_patterns
from .vocabulary.places import ARRONDISSEMENTS
from .vocabulary.signals import hiring_pattern, limit_patterns, signal_context
from .vocabulary.since import since_date, since_patterns
from .vocabulary.sizes import headcount_patterns, is_more, is_strict, parse_number, spaced_range
from .vocabulary.sorts import sort_patterns

MAX_LIMIT = 1000
DEPT = r"(?:2a|2b|97[1-6]|\d{2})(?![\w])"
_YEARS = range(1900, 2101)
# "SIREN 583 692 991", "siret: 58369299100016", "583.692.991": nine digits (a SIREN) or
# fourteen (a SIRET), grouped by spaces or dots as people copy them.
_IDENTIFIER = re.compile(
    r"(?<![\w.])(?:(?:siren|siret|n°|no|numero)\s*:?\s*)*"
    r"(?P<id>\d{3}[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{5})?)(?![\w]|[ .]\d)"
)


def _read_identifier(scan: Scan, match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match["id"])
    if scan.found.identifier is not None or len(digits) not in (9, 14):
        return False
    scan.found.identifier = digits
    return True


def _read_sort(scan: Scan, match: re.Match[str]) -> bool:
    if scan.found.sort is not None:
        return False
    scan.found.sort = next(sort for sort, pattern in sort_patterns() if pattern is match.re)
    return True


def _read_naf(scan: Scan, match: re.Match[str]) -> bool:
    code = normalize_naf(match["code"].upper())
    if not is_known_prefix(code):
        return False
    scan.found.naf.append(code)
    return True


def _read_headcount(scan: Scan, match: re.Match[str]) -> bool:
    groups = match.groupdict()
    found = scan.found
    low: int | None
    high: int | None
    if groups.get("bare") is not None:
        numbers = [groups[name] for name in ("lo", "hi", "n") if groups.get(name)]
        if any(parse_number(number) in _YEARS for number in numbers):
            return False  # a year: the creation-date readers come next
    spaced = spaced_range(groups["n"]) if groups.get("n") else None
    if spaced and not (groups.get("more") or groups.get("less") or groups.get("plus") is not None):
        low, high = spaced
    elif groups.get("lo") is not None:
        low, high = parse_number(groups["lo"]), parse_number(groups["hi"])
        if groups.get("more") and is_strict(groups["more"]):
            low += 1
        if groups.get("less") and is_strict(groups["less"]):
            high = max(high - 1, 0)
    else:
        number = parse_number(groups["n"])
        qualifier = groups.get("more") or groups.get("less")
        if qualifier:
            strict = is_strict(qualifier)
            if is_more(qualifier):
                low, high = number + strict, None
            else:
                low, high = None, max(number - strict, 0)
        elif groups.get("plus") is not None:
            low, high = number, None
        else:
            low = high = number
    if low is not None and found.headcount_min is None:
        found.headcount_min = low
    if high is not None and found.headcount_max is None:
        found.headcount_max = high
    return True


def _read_limit(scan: Scan, match: re.Match[str]) -> bool:
    number = int(match["n"])
    if number < 1 or scan.found.limit is not None:
        return False
    scan.found.limit = min(number, MAX_LIMIT)
    return True


def _read_hiring(scan: Scan, match: re.Match[str]) -> bool:
    scan.found.signals.append("hiring")
    return True


def _read_since(scan: Scan, match: re.Match[str]) -> bool:
    if scan.found.signal_since is not None or not signal_context().search(scan.folded):
        return False
    day = since_date(match.groupdict(), scan.today)
    if day is None:
        return False
    scan.found.signal_since = day
    return True


def _read_foreign(scan: Scan, match: re.Match[str]) -> bool:
    scan.found.foreign.append(scan.original(match.start(), match.end()))
    return True


def _read_arrondissement(scan: Scan, match: re.Match[str]) -> bool:
    city = match["city"].upper()
    prefix, count = ARRONDISSEMENTS[city]
    number = int(match["n"])
    if not 1 <= number <= count:
        return False
    scan.found.cities.append(city)
    scan.found.postcodes.append(f"{prefix}{number:0{5 - len(prefix)}d}")
    return True


def _read_postcode(scan: Scan, match: re.Match[str]) -> bool:
    if department_of(postcode=match["code"]) is None:
        return False
    scan.found.postcodes.append(match["code"])
    return True


def read_department_numbers(scan: Scan, match: re.Match[str]) -> bool:
    """Department codes `first` and `more` ("92 et 93"), all of them valid or none taken."""
    codes = [match["first"], *re.findall(DEPT, match["more"] or "")]
    valid = [code.upper() for code in codes if code.upper() in DEPARTMENTS]
    if len(valid) != len(codes):
        return False
    scan.found.departments.extend(valid)
    return True


Reader = Callable[[Scan, re.Match[str]], bool]


@cache
def readers() -> tuple[tuple[re.Pattern[str], Reader], ...]:
    naf = (
        re.compile(r"(?<![\w.])(?:(?:code\s+)?(?:naf|ape)\s*:?\s*)?(?P<code>\d{2}\.?\d{2}[a-z])(?![\w])"),
        re.compile(r"(?<![\w])(?:code\s+)?(?:naf|ape)\s*:?\s*(?P<code>\d{2}(?:\.\d{1,2})?)(?![\w.])"),
    )  # fmt: skip
    places = (
        (foreign_pattern(), _read_foreign),
        (
            re.compile(
                r"(?<![\w])(?P<city>paris|lyon|marseille)\s*(?P<n>\d{1,2})\s*"
                r"(?:e|er|eme|ieme|th|st|nd|rd)?(?:\s+arr(?:ondissement|\.)?)?(?![\w])"
            ),
            _read_arrondissement,
        ),
        (re.compile(r"(?<![\w])(?<!\d[ .])(?P<code>\d{5})(?![ .]?\d)(?![\w])"), _read_postcode),
        (
            re.compile(
                rf"(?<![\w])(?:departements?|dep(?:ts?)?\.?|dpts?\.?|dans\s+l[ea]s?|en|in\s+the"
                rf"|sur\s+le|du)\s+(?:n°\s*|no\s*)?(?P<first>{DEPT})"
                rf"(?P<more>(?:\s*(?:,|et|ou|and|or|&)\s*(?:le\s+|la\s+|the\s+)?{DEPT})*)"
            ),
            read_department_numbers,
        ),
        (re.compile(rf"\(\s*(?P<first>{DEPT})\s*\)(?P<more>)"), read_department_numbers),
    )
    return (
        (_IDENTIFIER, _read_identifier),
        *((pattern, _read_naf) for pattern in naf),
        *((pattern, _read_sort) for _, pattern in sort_patterns()),
        *((pattern, _read_headcount) for pattern in headcount_patterns()),
        *((pattern, _read_since) for pattern in since_patterns()),
        *((pattern, _read_date) for _, pattern in date_patterns()),
        *((pattern, _read_limit) for pattern in limit_patterns()),
        (hiring_pattern(), _read_hiring),
        *places,
    )


def _read_date(scan: Scan, match: re.Match[str]) -> bool:
    bound = next(name for name, pattern in date_patterns() if pattern is match.re)
    bounds = creation_bounds(bound, match.groupdict(), scan.today)
    if bounds is None:
        return False
    after, before = bounds
    if after is not None and scan.found.created_after is None:
        scan.found.created_after = after
    if before is not None and scan.found.created_before is None:
        scan.found.created_before = before
    return True


# --- the phrase pass -----------------------------------------------------------------------
