"""The SQLite full-text index and how a `CompanyQuery` becomes one FTS5 MATCH expression.

`company_fts` is a contentless FTS5 table filled by triggers on `company` (migrations 0002,
0015):
- text columns `name, acronym, city, description` for free text, accents ignored;
- a `facets` column of filter tokens: `n6201z` (NAF sub-class), `d69` (department),
  `b21` (headcount band), `cpme` (category), and the city, postcode, legal form and creation
  year and month (`store.search.facets`) — so the filters run inside the index;
- its rowid packs `active`, the headcount band and the SIREN:
  `active * 10^11 + (band + 1) * 10^9 + siren` ("NN"/unknown band = 0), so "active only" and
  a headcount range are one rowid range, and "biggest first" is `ORDER BY rowid DESC`, all
  without touching `company` (band codes sort in size order and no code lies between two
  consecutive ones, so a run of bands is a run of rowids).
NAF labels are not indexed per company (they would double the index): a word of a label
matches through the facet tokens of the NAF codes whose label holds it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from store.reference.geo import departments_of_region
from store.reference.headcount import bands_between
from store.reference.naf import SECTION_BY_DIVISION, naf_codes
from store.search.facets import city_phrase, date_terms, legal_form_term, postcode_term
from store.search.query import CompanyQuery
from store.text import fold

ACTIVE_FLOOR = 100_000_000_000
SIREN_MODULUS = 1_000_000_000
EVERY_KEY = (0, 2 * ACTIVE_FLOOR - 1)
BAND_RANK_END = 55  # a band ranks as its code plus one (1 … 54); 0 is "NN" or unknown
TEXT_COLUMNS = "{name acronym city description}"
NAME_COLUMNS = "{name acronym}"
# bm25 weights in column order: name, acronym, city, description, facets (NAF label words).
BM25 = "bm25(company_fts, 10.0, 8.0, 2.0, 1.0, 1.5)"
_WORD = re.compile(r"\w+")


def key_range(query: CompanyQuery) -> tuple[int, int]:
    """The rowids the query can match: active companies unless closed ones are asked for,
    within the headcount range when there is one (an empty range when no band fits)."""
    if query.include_closed:
        return EVERY_KEY
    if query.headcount_min is None and query.headcount_max is None:
        return ACTIVE_FLOOR, EVERY_KEY[1]
    ranks = [int(band) + 1 for band in bands_between(query.headcount_min, query.headcount_max)]
    if not ranks:
        return 1, 0
    return (
        ACTIVE_FLOOR + min(ranks) * SIREN_MODULUS,
        ACTIVE_FLOOR + (max(ranks) + 1) * SIREN_MODULUS - 1,
    )


def smallest_first(low: int, high: int) -> list[tuple[int, int]]:
    """The rowid runs of [low, high] in smallest-first order: for active companies (then
    closed ones), the known bands (one run, ascending), then the unknown band."""
    runs = []
    for floor in (ACTIVE_FLOOR, 0):
        known = (floor + SIREN_MODULUS, floor + BAND_RANK_END * SIREN_MODULUS - 1)
        unknown = (floor, floor + SIREN_MODULUS - 1)
        for start, end in (known, unknown):
            start, end = max(start, low), min(end, high)
            if start <= end:
                runs.append((start, end))
    return runs


def siren_of(key: int) -> str:
    """The SIREN packed in an FTS rowid."""
    return f"{key % SIREN_MODULUS:09d}"


@cache
def _label_words() -> dict[str, frozenset[str]]:
    """Folded word of a NAF label -> facet tokens of the codes whose label holds it."""
    index: dict[str, set[str]] = defaultdict(set)
    for code, naf in naf_codes().items():
        token = naf_token(code)
        for word in _WORD.findall(fold(naf.label).lower()):
            if len(word) > 2:
                index[word].add(token)
    return {word: frozenset(tokens) for word, tokens in index.items()}


def naf_token(code: str) -> str:
    """`62.01Z` → `n6201z`; a prefix `62.0` → `n620` (used with `*`)."""
    return "n" + code.replace(".", "").lower()


def label_tokens(term: str, *, prefix: bool) -> list[str]:
    """Facet tokens of the NAF codes whose label holds `term` (or a word starting with it)."""
    words = _label_words()
    if not prefix or len(term) < 4:
        return sorted(words.get(term, ()))
    found: set[str] = set()
    for word, tokens in words.items():
        if word.startswith(term):
            found |= tokens
    return sorted(found)


def _term_expression(term: str, *, prefix: bool) -> str:
    star = "*" if prefix else ""
    text = f'{TEXT_COLUMNS} : "{term}"{star}'
    labels = label_tokens(term, prefix=prefix)
    if not labels:
        return text
    return f"({text} OR facets : ({' OR '.join(labels)}))"


def text_expression(terms: list[str], *, any_term: bool = False) -> str | None:
    """Every term (or any) in the text columns or a NAF label; the last term as a prefix."""
    if not terms:
        return None
    parts = [_term_expression(t, prefix=i == len(terms) - 1) for i, t in enumerate(terms)]
    return "(" + (" OR " if any_term else " AND ").join(parts) + ")"


def name_expression(terms: list[str], *, any_term: bool = False) -> str | None:
    """Every term (or any) in the name or acronym; the last term as a prefix."""
    if not terms:
        return None
    quoted = [f'"{term}"' + ("*" if i == len(terms) - 1 else "") for i, term in enumerate(terms)]
    return f"{NAME_COLUMNS} : (" + (" OR " if any_term else " ").join(quoted) + ")"


def facet_expression(query: CompanyQuery) -> str | None:
    """The filters the index can answer, as facet conditions (None when there are none)."""
    groups: list[list[str]] = []
    naf = [_naf_term(code) for code in query.naf_codes]
    if naf:
        groups.append(naf)
    if query.sections:
        divisions = [d for d, s in SECTION_BY_DIVISION.items() if s in query.sections]
        groups.append([f"v{d}" for d in divisions])
    if query.departments or query.regions:
        allowed = set(query.departments)
        if query.regions:
            in_regions = {d for region in query.regions for d in departments_of_region(region)}
            allowed = allowed & in_regions if query.departments else in_regions
        groups.append([f"d{d.lower()}" for d in sorted(allowed)] or ["dnone"])
    # With closed companies included the headcount is no single rowid range: use the tokens.
    if query.include_closed and (
        query.headcount_min is not None or query.headcount_max is not None
    ):
        bands = bands_between(query.headcount_min, query.headcount_max)
        groups.append([f"b{band.lower()}" for band in bands] or ["bnone"])
    if query.categories:
        groups.append([f"c{category.lower()}" for category in query.categories])
    if query.cities:
        groups.append(_city_group(query.cities))
    if query.postcodes:
        groups.append([postcode_term(code) for code in query.postcodes])
    if query.legal_forms:
        groups.append([legal_form_term(code) for code in query.legal_forms])
    if query.created_after or query.created_before:
        groups.append(date_terms(query.created_after, query.created_before)[0])
    groups = [group for group in groups if group]
    if not groups:
        return None
    return " AND ".join(_facet_group(group) for group in groups)


def _naf_term(code: str) -> str:
    """A sub-class exactly, a division by its token, a group or class as a prefix."""
    if len(code) == 6:
        return naf_token(code)
    if len(code) == 2:
        return f"v{code}"
    return naf_token(code) + "*"


def _city_group(cities: list[str]) -> list[str]:
    phrases = [city_phrase(city) for city in cities]
    if all(phrases):
        return [f"facets : {phrase}" for phrase in phrases if phrase]
    # A city with a control character: narrowed by its words, checked on the rows.
    narrowing = []
    for city in cities:
        words = _WORD.findall(fold(city).lower())
        narrowing.append('city : "' + " ".join(words) + '"' if words else "")
    return [phrase for phrase in narrowing if phrase]


def _facet_group(tokens: list[str]) -> str:
    if tokens[0].startswith(("city", "facets")):
        return "(" + " OR ".join(tokens) + ")"
    return f"facets : ({' OR '.join(tokens)})"


# The filters the index answers exactly (facet tokens, rowid range), cleared from a query to
# leave those still to check on `company` rows.
_ANSWERED_BY_INDEX: dict[str, object] = {
    "naf_codes": [], "sections": [], "departments": [], "regions": [], "categories": [],
    "headcount_min": None, "headcount_max": None, "include_closed": True, "name": None,
    "exclude_sirens": [], "postcodes": [], "legal_forms": [],
}  # fmt: skip


def post_filters(query: CompanyQuery) -> CompanyQuery:
    """The query's filters that must still be checked on `company` rows after the index."""
    answered = dict(_ANSWERED_BY_INDEX)
    if all(city_phrase(city) for city in query.cities):
        answered["cities"] = []
    if date_terms(query.created_after, query.created_before)[1]:
        answered.update(created_after=None, created_before=None)
    return query.model_copy(update=answered)


def has_post_filters(query: CompanyQuery) -> bool:
    """Whether some filter must still be checked on `company` rows after the index."""
    return post_filters(query).has_filters
