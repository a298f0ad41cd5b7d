"""Offline natural-language → `CompanyQuery` parser, in French and English.

"ESN de 50 à 200 salariés à Lyon" → IT-services NAF prefix 62, headcount 50–200, city LYON.
Deterministic and fast: numbers (headcount, years, postcodes, department numbers, limits) are
read with regexes, words with one longest-match pass over a phrase table
(`agent.search.vocabulary.lexicon`). Filler words are dropped; whatever is not understood
(a company name, a SIREN, "cybersécurité") stays in `text` for the full-text search. The
choices made for ambiguous phrases are documented in the vocabulary modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from store.reference.geo import DEPARTMENTS, department_of
from store.reference.naf import is_known_prefix, normalize_naf
from store.search.query import CompanyQuery

from .vocabulary.dates import age_years, date_patterns, years_ago
from .vocabulary.fold import WORD, fold, fold_with_map, stem
from .vocabulary.lexicon import Term, lexicon
from .vocabulary.places import ARRONDISSEMENTS
from .vocabulary.sectors import Sector
from .vocabulary.signals import limit_patterns
from .vocabulary.sizes import SizeWord, headcount_patterns, is_more, is_strict, parse_number
from .vocabulary.stopwords import STOPWORDS

MAX_LIMIT = 1000
_DEPT = r"(?:2a|2b|97[1-6]|\d{2})(?![\w])"
_PLACE_CONTEXT = re.compile(
    r"(?:^|[^a-z0-9])(?:en|dans\s+(?:le|la|les|l')?|du|de\s+la|de\s+l'|des|in(?:\s+the)?"
    r"|departement(?:\s+(?:de|du|des|de\s+la|de\s+l'))?|dept\.?|dpt\.?"
    r"|region(?:\s+(?:de|du|des|de\s+la|de\s+l'))?)\s*$"
)
_CITY_CONTEXT = re.compile(
    r"(?:^|[^a-z0-9])(?P<prep>a|au|aux|in|at|near|around|sur|vers|pres\s+de|autour\s+de"
    r"|proche\s+de|a\s+cote\s+de|region\s+de|ville\s+de|from)\s*$"
)
_GAP = re.compile(r"[ \-'.&/]{0,3}")
_SPLIT = re.compile(r"[\s,;:!?()\[\]{}\"«»<>|/*]+")
_EDGE = re.compile(r"^\W+|\W+$")
_ELISION = re.compile(r"^(?:d|j|qu|n|m|s|c|t)'", re.IGNORECASE)


@dataclass
class _Found:
    """Filters read so far; the first reading of a bound wins."""

    naf: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    legal_forms: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    headcount_min: int | None = None
    headcount_max: int | None = None
    created_after: date | None = None
    created_before: date | None = None
    max_age_years: int | None = None
    include_closed: bool = False
    limit: int | None = None


class _Scan:
    """The request, its folded form, and which folded characters have been understood."""

    def __init__(self, text: str, today: date) -> None:
        self.text = text
        self.today = today
        self.folded, self.origin = fold_with_map(text)
        self.used = bytearray(len(self.folded))
        self.found = _Found()

    def is_free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def original(self, start: int, end: int) -> str:
        return self.text[self.origin[start] : self.origin[end - 1] + 1]

    def leftover(self) -> str | None:
        """The words not understood, in their original spelling, without filler words."""
        chars = list(self.text)
        for index, used in enumerate(self.used):
            if used:
                chars[self.origin[index]] = " "
        words = []
        for piece in _SPLIT.split("".join(chars)):
            word = _EDGE.sub("", piece)
            if not word:
                continue
            elided = _ELISION.sub("", word)
            folded = fold(elided)
            if not elided or folded in STOPWORDS or stem(folded) in STOPWORDS:
                continue
            words.append(elided if elided != word and not word[:1].isupper() else word)
        return " ".join(words) or None


# --- regex readers: each returns whether it understood the match -------------------------


def _read_naf(scan: _Scan, match: re.Match[str]) -> bool:
    code = normalize_naf(match["code"].upper())
    if not is_known_prefix(code):
        return False
    scan.found.naf.append(code)
    return True


def _read_headcount(scan: _Scan, match: re.Match[str]) -> bool:
    groups = match.groupdict()
    found = scan.found
    low: int | None
    high: int | None
    if groups.get("lo") is not None:
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


def _read_limit(scan: _Scan, match: re.Match[str]) -> bool:
    number = int(match["n"])
    if number < 1 or scan.found.limit is not None:
        return False
    scan.found.limit = min(number, MAX_LIMIT)
    return True


def _read_arrondissement(scan: _Scan, match: re.Match[str]) -> bool:
    city = match["city"].upper()
    prefix, count = ARRONDISSEMENTS[city]
    number = int(match["n"])
    if not 1 <= number <= count:
        return False
    scan.found.cities.append(city)
    scan.found.postcodes.append(f"{prefix}{number:0{5 - len(prefix)}d}")
    return True


def _read_postcode(scan: _Scan, match: re.Match[str]) -> bool:
    if department_of(postcode=match["code"]) is None:
        return False
    scan.found.postcodes.append(match["code"])
    return True


def _read_department_numbers(scan: _Scan, match: re.Match[str]) -> bool:
    codes = [match["first"], *re.findall(_DEPT, match["more"] or "")]
    valid = [code.upper() for code in codes if code.upper() in DEPARTMENTS]
    if len(valid) != len(codes):
        return False
    scan.found.departments.extend(valid)
    return True


Reader = Callable[[_Scan, re.Match[str]], bool]


@cache
def _readers() -> tuple[tuple[re.Pattern[str], Reader], ...]:
    naf = (
        re.compile(r"(?<![\w.])(?:(?:code\s+)?(?:naf|ape)\s*:?\s*)?(?P<code>\d{2}\.?\d{2}[a-z])(?![\w])"),
        re.compile(r"(?<![\w])(?:code\s+)?(?:naf|ape)\s*:?\s*(?P<code>\d{2}(?:\.\d{1,2})?)(?![\w.])"),
    )  # fmt: skip
    places = (
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
                rf"|sur\s+le|du)\s+(?:n°\s*|no\s*)?(?P<first>{_DEPT})"
                rf"(?P<more>(?:\s*(?:,|et|ou|and|or|&)\s*(?:le\s+|la\s+|the\s+)?{_DEPT})*)"
            ),
            _read_department_numbers,
        ),
        (re.compile(rf"\(\s*(?P<first>{_DEPT})\s*\)(?P<more>)"), _read_department_numbers),
    )
    return (
        *((pattern, _read_naf) for pattern in naf),
        *((pattern, _read_headcount) for pattern in headcount_patterns()),
        *((pattern, _read_date) for _, pattern in date_patterns()),
        *((pattern, _read_limit) for pattern in limit_patterns()),
        *places,
    )


def _read_date(scan: _Scan, match: re.Match[str]) -> bool:
    bound = next(name for name, pattern in date_patterns() if pattern is match.re)
    groups = match.groupdict()
    found = scan.found
    after: date | None = None
    before: date | None = None
    if groups.get("n") is not None:
        years = age_years(groups["n"])
        if not 1 <= years <= 200:
            return False
        if bound == "young":
            after = years_ago(scan.today, years)
        else:
            before = years_ago(scan.today, years)
    else:
        year = int(groups["y"])
        if bound == "between":
            year2 = int(groups["y2"])
            after, before = date(min(year, year2), 1, 1), date(max(year, year2), 12, 31)
        elif bound in ("after", "after_strict"):
            after = date(year + (bound == "after_strict"), 1, 1)
        elif bound in ("before", "before_strict"):
            before = date(year - (bound == "before_strict"), 12, 31)
        else:
            after, before = date(year, 1, 1), date(year, 12, 31)
    if after is not None and found.created_after is None:
        found.created_after = after
    if before is not None and found.created_before is None:
        found.created_before = before
    return True


# --- the phrase pass -----------------------------------------------------------------------


def _applies(scan: _Scan, term: Term, start: int, end: int) -> bool:
    if term.rule == "any":
        return True
    if term.rule == "upper":
        return scan.original(start, end).isupper()
    before = scan.folded[max(0, start - 40) : start]
    if term.rule == "place":
        if _PLACE_CONTEXT.search(before):
            return True
        return scan.original(start, end)[:1].isupper() and bool(WORD.search(before))
    context = _CITY_CONTEXT.search(before)
    if context is None:
        return False
    if term.rule == "city_en" and context["prep"] == "a":
        preposition = max(0, start - 40) + context.start("prep")
        return scan.text[scan.origin[preposition]] == "à"
    return True


def _apply(found: _Found, term: Term) -> None:
    value = term.value
    if isinstance(value, Sector):
        found.naf.extend(value.naf)
        found.sections.extend(value.sections)
    elif isinstance(value, SizeWord):
        found.categories.extend(value.categories)
        if value.headcount_min is not None and found.headcount_min is None:
            found.headcount_min = value.headcount_min
        if value.headcount_max is not None and found.headcount_max is None:
            found.headcount_max = value.headcount_max
        found.max_age_years = found.max_age_years or value.max_age_years
    elif isinstance(value, tuple):
        found.legal_forms.extend(value)
    elif term.kind == "region":
        found.regions.append(value)
    elif term.kind == "department":
        found.departments.append(value)
    elif term.kind == "city":
        found.cities.append(value)
    elif term.kind == "signal":
        found.signals.append(value)
    elif term.kind == "closed":
        found.include_closed = True


def _read_phrases(scan: _Scan) -> None:
    table = lexicon()
    tokens = [(m.start(), m.end(), stem(m.group())) for m in WORD.finditer(scan.folded)]
    free = [scan.is_free(start, end) for start, end, _ in tokens]
    index = 0
    while index < len(tokens):
        width = 0
        if free[index]:
            width = _longest_phrase(scan, table.terms, tokens, free, index, table.longest)
        index += max(width, 1)


def _longest_phrase(
    scan: _Scan,
    terms: dict[tuple[str, ...], tuple[Term, ...]],
    tokens: list[tuple[int, int, str]],
    free: list[bool],
    index: int,
    longest: int,
) -> int:
    """Apply the longest phrase starting at token `index`; return its width in tokens."""
    width = 1
    while width < longest and index + width < len(tokens) and free[index + width]:
        gap = scan.folded[tokens[index + width - 1][1] : tokens[index + width][0]]
        if not _GAP.fullmatch(gap):
            break
        width += 1
    for size in range(width, 0, -1):
        key = tuple(token for _, _, token in tokens[index : index + size])
        start, end = tokens[index][0], tokens[index + size - 1][1]
        for term in terms.get(key, ()):
            if _applies(scan, term, start, end):
                _apply(scan.found, term)
                scan.take(start, end)
                return size
    return 0


# --- entry points --------------------------------------------------------------------------


def _scan(text: str, today: date) -> _Scan:
    scan = _Scan(text, today)
    for pattern, reader in _readers():
        for match in pattern.finditer(scan.folded):
            if scan.is_free(match.start(), match.end()) and reader(scan, match):
                scan.take(match.start(), match.end())
    _read_phrases(scan)
    return scan


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _to_query(scan: _Scan) -> CompanyQuery:
    found = scan.found
    low, high = found.headcount_min, found.headcount_max
    if low is not None and high is not None and low > high:
        low, high = high, low
    after, before = found.created_after, found.created_before
    if found.max_age_years and after is None and before is None:
        after = years_ago(scan.today, found.max_age_years)
    if after is not None and before is not None and after > before:
        after, before = before, after
    return CompanyQuery(
        text=scan.leftover(),
        naf_codes=_unique(found.naf),
        sections=_unique(found.sections),
        departments=_unique(found.departments),
        regions=_unique(found.regions),
        cities=_unique(found.cities),
        postcodes=_unique(found.postcodes),
        headcount_min=low,
        headcount_max=high,
        categories=_unique(found.categories),
        legal_forms=_unique(found.legal_forms),
        created_after=after,
        created_before=before,
        include_closed=found.include_closed,
        limit=found.limit or 20,
    )


def parse_company_query(text: str, *, today: date | None = None) -> CompanyQuery:
    """Read a French or English search request into a `CompanyQuery`; never raises."""
    if not text or not text.strip():
        return CompanyQuery(text=None)
    try:
        return _to_query(_scan(text, today or date.today()))
    except ValueError:
        # A combination CompanyQuery refuses: fall back on plain full-text search.
        return CompanyQuery(text=" ".join(text.split()))


def detect_signal_words(text: str) -> list[str]:
    """Buying signals a request mentions: `hiring`, `fundraising`, `job_change`, `legal`."""
    if not text or not text.strip():
        return []
    return _unique(_scan(text, date.today()).found.signals)
