"""How a `CompanyQuery` becomes a tsquery over PostgreSQL's `company.search_keys`.

The keys (migration 0018) are lexemes without positions: `=word` for a word of the name or
acronym, `word` for one of the city or description, `~word` for one of the NAF label, and
facets `#n6201z` (NAF), `#d69` (department), `#cpme` (category), `#tLYON 3EME` (the exact
city), `#p69003` (postcode), `#l5710` (legal form), `#y2012` (year of creation; 1900 and 2100
also hold the years beyond), whole divisions `#n62`, legal forms' first two digits `#l54`,
decades `#y201` and centuries `#y20`, the size class `#z` + active + rank (`#z122`: active,
band 21), and the activity `#a1` (active) or `#a0` (ceased).

Every rule mirrors SQLite's (`fts.py`), so both databases match the same companies: the last
term is a prefix; a word of a NAF label matches the companies whose code's label holds it
(the words `label_tokens` reads); departments and regions become one list of departments;
"LYON" is the city LYON or one of its arrondissements ("LYON 3EME"); a headcount range is a
set of size classes, "active only" of any size the one lexeme `#a1`. Only what a lexeme
cannot say exactly is left to SQL on the rows: a creation date that does not start or end a
year (`Facets.dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.reference.geo import departments_of_region
from store.reference.headcount import BANDS, bands_between
from store.reference.naf import SECTION_BY_DIVISION
from store.search.fts import naf_token
from store.search.query import CompanyQuery

# The headcount band codes whose rank is the code plus one (the others rank 0), as in the key.
KNOWN_BANDS = tuple(band.code for band in BANDS if band.code != "NN")
FIRST_YEAR, LAST_YEAR = 1900, 2100
# A lexeme no key holds (keys are words, `=words`, `~words` and `#facets`): a name term with
# no word in it.
NOTHING = "'!'"
LABEL_PREFIX = 4
# Every active company's keys hold it (`#a0`: ceased).
ACTIVE = "#a1"
_PART = re.compile(r"[^\W_]+")


def rank_of(band: str | None) -> int:
    """The size rank of a headcount band: its code plus one, 0 for "NN" or unknown."""
    return int(band) + 1 if band in KNOWN_BANDS else 0


def size_class(active: bool, rank: int) -> str:
    """The size-class lexeme of an active (or ceased) company of that rank."""
    return f"#z{int(active)}{rank:02d}"


def ranks_biggest_first(query: CompanyQuery) -> list[int]:
    """The ranks the query allows, biggest first (unknown last)."""
    if query.headcount_min is None and query.headcount_max is None:
        ranks = [rank_of(code) for code in KNOWN_BANDS] + [0]
    else:
        ranks = [rank_of(code) for code in bands_between(query.headcount_min, query.headcount_max)]
    return sorted(ranks, reverse=True)


def actives(query: CompanyQuery) -> list[bool]:
    """Active companies, and ceased ones after them when asked for."""
    return [True, False] if query.include_closed else [True]


def lexeme(text: str, *, prefix: bool = False) -> str:
    """One quoted tsquery operand (quotes and backslashes escaped), `:*` for a prefix."""
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def any_of(operands: list[str]) -> str:
    """Operands joined by OR, in parentheses."""
    return "(" + " | ".join(operands) + ")"


def all_of(operands: list[str | None]) -> str | None:
    """The operands that are set joined by AND; None when none is."""
    kept = [operand for operand in operands if operand]
    return " & ".join(f"({operand})" for operand in kept) or None


def _parts(term: str) -> list[str]:
    # The keys' words are cut where PostgreSQL's parser cuts: an underscore too.
    return _PART.findall(term)


def _in_text(term: str, *, prefix: bool) -> str:
    """A term in the name, acronym, city or description, or a word of a NAF label."""
    parts = _parts(term)
    words = [
        any_of([lexeme("=" + part, prefix=last), lexeme(part, prefix=last)])
        for index, part in enumerate(parts)
        for last in [prefix and index == len(parts) - 1]
    ]
    # A word of a NAF label, as SQLite's `label_tokens`: a prefix only from four letters on.
    label = lexeme("~" + term, prefix=prefix and len(term) >= LABEL_PREFIX)
    text = " & ".join(words)
    return any_of(([f"({text})"] if text else []) + [label])


def text_tsquery(terms: list[str], *, any_term: bool = False) -> str | None:
    """Every term (or any) in the text or a NAF label; the last term as a prefix."""
    found = [_in_text(term, prefix=index == len(terms) - 1) for index, term in enumerate(terms)]
    return (" | " if any_term else " & ").join(f"({part})" for part in found) or None


def name_tsquery(terms: list[str], *, any_term: bool = False) -> str | None:
    """Every term (or any) in the name or acronym; the last term as a prefix."""
    found = []
    for index, term in enumerate(terms):
        parts = _parts(term)
        last = index == len(terms) - 1
        words = [lexeme("=" + part, prefix=last and i == len(parts) - 1) for i, part in
                 enumerate(parts)]  # fmt: skip
        found.append("(" + " & ".join(words) + ")" if words else NOTHING)
    return (" | " if any_term else " & ").join(found) or None


@dataclass(frozen=True)
class Facets:
    """The filters as a tsquery (None: no filter); `impossible` when no company can match (an
    empty department list, say); `dates`: the creation bounds to check on the rows, when they
    cut into a year."""

    tsquery: str | None = None
    impossible: bool = False
    dates: tuple[date | None, date | None] = (None, None)


def facets(query: CompanyQuery) -> Facets:
    """Every structured filter but signals: a group of alternatives each, all groups ANDed."""
    groups: list[list[str]] = []
    if query.naf_codes:
        # sub-classes ("62.01Z") and divisions ("62") are lexemes of their own
        whole = (2, 6)
        groups.append(
            [lexeme("#" + naf_token(c), prefix=len(c) not in whole) for c in query.naf_codes]
        )
    if query.sections:
        divisions = [d for d, s in SECTION_BY_DIVISION.items() if s in query.sections]
        groups.append([lexeme(f"#n{d}") for d in divisions])
    if query.departments or query.regions:
        allowed = set(query.departments)
        if query.regions:
            in_regions = {d for region in query.regions for d in departments_of_region(region)}
            allowed = allowed & in_regions if query.departments else in_regions
        groups.append([lexeme(f"#d{d.lower()}") for d in sorted(allowed)])
    if not query.include_closed and _every_size(query):
        groups.append([lexeme(ACTIVE)])  # one lexeme, not the fifteen active size classes
    elif not query.include_closed or not _every_size(query):
        groups.append([
            lexeme(size_class(active, rank))
            for active in actives(query) for rank in ranks_biggest_first(query)
        ])  # fmt: skip
    if query.categories:
        groups.append([lexeme(f"#c{category.lower()}") for category in query.categories])
    if query.cities:
        groups.append([
            option
            for city in query.cities
            for option in (lexeme(f"#t{city}"), lexeme(f"#t{city} ", prefix=True))
        ])  # fmt: skip
    if query.postcodes:
        groups.append([lexeme(f"#p{code}", prefix=len(code) != 5) for code in query.postcodes])
    if query.legal_forms:
        # whole codes and their first two digits are lexemes of their own
        groups.append(
            [lexeme(f"#l{code}", prefix=len(code) not in (2, 4)) for code in query.legal_forms]
        )
    dates: tuple[date | None, date | None] = (None, None)
    if query.created_after or query.created_before:
        (low, high), dates = _years(query.created_after, query.created_before)
        groups.append([lexeme(f"#y{digits}") for digits in year_blocks(low, high)])
    if any(not group for group in groups):
        return Facets(impossible=True)
    return Facets(tsquery=" & ".join(any_of(group) for group in groups) or None, dates=dates)


def _every_size(query: CompanyQuery) -> bool:
    return query.headcount_min is None and query.headcount_max is None


def year_blocks(low: int, high: int) -> list[str]:
    """The years from `low` to `high` as few year lexemes as possible: whole centuries (`20`),
    whole decades (`199`: 1990-1999), the rest year by year (`2016`)."""
    blocks = []
    year = low
    while year <= high:
        size = 100
        while size > 1 and (year % size or year + size - 1 > high):
            size //= 10
        blocks.append(str(year)[: 5 - len(str(size))])
        year += size
    return blocks


def _years(
    after: date | None, before: date | None
) -> tuple[tuple[int, int], tuple[date | None, date | None]]:
    """The years a creation range covers (as the keys clamp them), and the bounds still to
    check on rows (those that cut into a year, or into the shared first and last years)."""
    low = min(max(after.year, FIRST_YEAR), LAST_YEAR) if after else FIRST_YEAR
    high = min(max(before.year, FIRST_YEAR), LAST_YEAR) if before else LAST_YEAR
    after_exact = after is None or (
        low > FIRST_YEAR and (after.month, after.day) == (1, 1) and after.year == low
    )
    before_exact = before is None or (
        high < LAST_YEAR and (before.month, before.day) == (12, 31) and before.year == high
    )
    return (low, high), (
        None if after_exact else after,
        None if before_exact else before,
    )
