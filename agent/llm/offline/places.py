"""Places a follow-up names that the search vocabulary may not know: a commune typed as is
("et à rezé"), and the region or department around the place last searched ("élargis à
toute la région")."""

from __future__ import annotations

import re
from functools import cache

from agent.search.vocabulary.places import sirene_city
from store.reference.communes import commune_key, commune_names
from store.reference.geo import department_of, region_of
from store.search.query import CompanyQuery

_WIDEN = re.compile(
    r"(?<![\w])(?:(?:a|sur|dans|to|in|across)\s+)?(?:(?:toute|tout|the\s+whole|the\s+entire|all\s+the)\s+)?"
    r"(?:la\s+|le\s+|the\s+)?(?P<area>region|departement|department|dept)(?:\s+entier\w*)?(?![\w])"
)
_WIDEN_VERB = re.compile(
    r"(?<![\w])(?:elargi\w*|etend\w*|etendre|widen\w*|expand\w*|broaden\w*|ouvre\w*|open\s+up"
    r"|toute\s+la\s+region|tout\s+le\s+departement|the\s+whole\s+(?:region|department))(?![\w])"
)


@cache
def _communes() -> dict[str, tuple[str, ...]]:
    """Commune key → its INSEE codes (names shared across France have several)."""
    table: dict[str, list[str]] = {}
    for code, name in commune_names().items():
        table.setdefault(commune_key(name), []).append(code)
    return {key: tuple(codes) for key, codes in table.items()}


def commune_named(name: str) -> str | None:
    """The SIRENE spelling of a commune named as is ("rezé" → "REZE"), or None."""
    key = commune_key(name)
    return sirene_city(name) if key and key in _communes() else None


def widened(folded: str, previous: CompanyQuery) -> CompanyQuery | None:
    """The last search over the region (or department) of its place, for "élargis à toute
    la région"; None when the request is not that or the place's region is not known."""
    if not _WIDEN_VERB.search(folded):
        return None
    area = _WIDEN.search(folded)
    if area is None:
        return None
    departments = list(previous.departments) or _departments_of(previous.cities)
    if not departments:
        return None
    empty: dict[str, object] = {"cities": [], "postcodes": [], "offset": 0}
    if area["area"] == "region":
        regions = sorted({region for d in departments if (region := region_of(d))})
        if len(regions) != 1:
            return None
        return previous.model_copy(update={**empty, "departments": [], "regions": regions})
    return previous.model_copy(update={**empty, "departments": sorted(set(departments))})


def _departments_of(cities: list[str]) -> list[str]:
    found: set[str] = set()
    for city in cities:
        codes = _communes().get(commune_key(city), ())
        departments = {department_of(code) for code in codes} - {None}
        if len(departments) != 1:
            return []  # a name several departments share: not guessed
        found |= {d for d in departments if d}
    return sorted(found)
