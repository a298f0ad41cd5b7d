"""Offline natural-language → `CompanyQuery` parser, in French and English.

"ESN de 50 à 200 salariés à Lyon" → IT-services NAF prefix 62, headcount 50–200, city LYON.
Deterministic and fast: numbers (SIREN/SIRET, headcount, dates, postcodes, department
numbers, limits), sort phrases, hiring verbs with their jobs ("qui recrutent des devs") and
foreign places are read with regexes, words with one longest-match pass over a phrase table
(`agent.search.vocabulary.lexicon`: sectors and the reps' own words, places, business parks,
sizes, legal forms). Filler words are dropped; whatever is not understood (a company name,
"cybersécurité") stays in `text` for the full-text search, and so does a foreign place as
typed ("en Belgique"), for the search service to set aside and say so.
A SIREN or SIRET becomes the whole text (the search looks it up directly). A bare department
number after a sector ("ESN 92") is read once the sector is known. When words read as a
sector may also be part of a company's name ("Bénard Infogérance": other words are left, or
several sector words are typed with capitals like a name), those words go to `name` too, for
the search service's name-first reading (`agent.search.readings`). The choices made for
ambiguous phrases are documented in the vocabulary modules.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from functools import cache

from store.search.query import CompanyQuery

from .cities import commune_codes
from .parse_readers import DEPT, read_department_numbers, readers
from .parse_scan import Found, Scan
from .vocabulary.dates import years_ago
from .vocabulary.fold import WORD, stem
from .vocabulary.lexicon import Term, lexicon
from .vocabulary.sectors import Sector
from .vocabulary.sizes import SizeWord
from .vocabulary.stopwords import ENGLISH_CUES, FRENCH_CUES, STOPWORDS

_PLACE_CONTEXT = re.compile(
    r"(?:^|[^a-z0-9])(?:en|dans\s+(?:le|la|les|l')?|du|de\s+la|de\s+l'|des|in(?:\s+the)?"
    r"|departement(?:\s+(?:de|du|des|de\s+la|de\s+l'))?|dept\.?|dpt\.?"
    r"|region(?:\s+(?:de|du|des|de\s+la|de\s+l'))?)\s*$"
)
_CITY_CONTEXT = re.compile(
    r"(?:^|[^a-z0-9])(?P<prep>a|au|aux|in|at|near|around|sur|vers|pres\s+de|autour\s+de"
    r"|proche\s+de|a\s+cote\s+de|region\s+de|ville\s+de|from)\s*$"
)
# The words for companies a sector's short form must follow ("PME info", "boîtes d'info",
# "secteur de l'info"): alone, "info" is information ("des infos sur Altis").
_COMPANY_WORD = re.compile(
    r"(?:^|[^a-z0-9])(?:(?:pme|pmi|tpe|eti|startups?|start-ups?|boites?|societes?|entreprises?"
    r"|secteur|domaine|metiers?)(?:\s+(?:d'|de\s+l'|dans\s+l'))?|(?:dans|de)\s+l')\s*$"
)
# Words before a capitalised city that make it an English adjective ("a Nice company").
_ENGLISH_QUALIFIERS = frozenset(
    {"a", "an", "the", "very", "so", "really", "pretty", "quite", "such"}
)
_GAP = re.compile(r"[ \-'.&/]{0,3}")
# "ESN 92", "ESN 92 et 93", "ESN 2A": department numbers with no preposition, after a sector.
_BARE_DEPARTMENTS = re.compile(
    rf"(?<![\w.,+\-/])(?P<first>{DEPT})(?P<more>(?:\s*(?:,|et|ou|and|or|&)\s*{DEPT})*)"
    r"(?![.,]?\d)(?![\w%€+\-/])"
)


def _applies(scan: Scan, term: Term, start: int, end: int) -> bool:
    if term.rule == "any":
        return True
    if term.rule == "upper":
        return scan.original(start, end).isupper()
    if term.rule == "lower":
        return scan.original(start, end).islower()
    before = scan.folded[max(0, start - 40) : start]
    if term.rule == "after_company":
        return _COMPANY_WORD.search(before) is not None
    if term.rule == "place":
        if _PLACE_CONTEXT.search(before):
            return True
        return scan.original(start, end)[:1].isupper() and bool(WORD.search(before))
    context = _CITY_CONTEXT.search(before)
    if context is not None:
        preposition = max(0, start - 40) + context.start("prep")
        # An unaccented "a" is "à" unless the request is English ("a nice company").
        unaccented = context["prep"] == "a" and scan.text[scan.origin[preposition]] != "à"
        return not (unaccented and _reads_english(scan))
    return term.rule == "city" and _capitalised_mid_sentence(scan, start, end, before)


def _capitalised_mid_sentence(scan: Scan, start: int, end: int, before: str) -> bool:
    """A capital on one of the words, some word before them, neither an English article or
    qualifier ("a Nice company") nor a department's preposition ("en Vienne") before, and no
    capitalised word after, which would make them a name ("Sens Digital")."""
    words = scan.original(start, end).replace("-", " ").split()
    previous = WORD.findall(before)
    following = WORD.search(scan.folded, end)
    if following is not None:
        word = scan.original(*following.span())
        if word[:1].isupper() and not word.isupper():
            return False
    return (
        any(word[:1].isupper() for word in words)
        and bool(previous)
        and previous[-1] not in _ENGLISH_QUALIFIERS
        and not _PLACE_CONTEXT.search(before)
    )


def _reads_english(scan: Scan) -> bool:
    words = WORD.findall(scan.folded)
    english = sum(word in ENGLISH_CUES for word in words)
    return english > sum(word in FRENCH_CUES for word in words)


def _apply(found: Found, term: Term) -> None:
    value = term.value
    match term.kind:
        case "sector" if isinstance(value, Sector):
            found.naf.extend(value.naf)
            found.sections.extend(value.sections)
        case "size" if isinstance(value, SizeWord):
            found.categories.extend(value.categories)
            if value.headcount_min is not None and found.headcount_min is None:
                found.headcount_min = value.headcount_min
            if value.headcount_max is not None and found.headcount_max is None:
                found.headcount_max = value.headcount_max
            found.max_age_years = found.max_age_years or value.max_age_years
        case "legal" if isinstance(value, tuple):
            found.legal_forms.extend(value)
        case "region":
            found.regions.extend(value if isinstance(value, tuple) else (str(value),))
        case "department":
            found.departments.extend(value if isinstance(value, tuple) else (str(value),))
        case "city":
            found.cities.append(str(value))
        case "signal":
            found.signals.append(str(value))
        case "closed":
            found.include_closed = True


def _read_phrases(scan: Scan) -> None:
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
    scan: Scan,
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
                _apply(scan.found, _around(scan, term, start))
                if term.kind == "sector":
                    scan.found.sector_spans.append((start, end))
                scan.take(start, end)
                return size
    return 0


# "autour de Grenoble", "near Marseille", "dans les environs de Lyon": the city's department,
# the nearest area the registry's filters know (no distance search)
_AROUND = re.compile(
    r"(?:autour|pres|proche|aux\s+alentours|dans\s+les\s+environs|around|near|close\s+to"
    r"|in\s+the\s+vicinity|in\s+the\s+area)(?:\s+(?:de|d'|du|of))?\s*$"
)


def _around(scan: Scan, term: Term, start: int) -> Term:
    """A city said with "autour de" as its department; any other term as it is."""
    if term.kind != "city" or not _AROUND.search(scan.folded[max(0, start - 40) : start]):
        return term
    codes = commune_codes(str(term.value))
    if not codes:
        return term
    code = codes[0]
    department = code[:3] if code.startswith("97") else code[:2]
    if department == "75":  # around Paris: Île-de-France, Paris being a department of its own
        return Term("region", "11")
    return Term("department", department)


# --- entry points --------------------------------------------------------------------------


def _scan(text: str, today: date) -> Scan:
    scan = Scan(text, today)
    for pattern, reader in readers():
        for match in pattern.finditer(scan.folded):
            if scan.is_free(match.start(), match.end()) and reader(scan, match):
                scan.take(match.start(), match.end())
    _read_phrases(scan)
    _read_misspelt_places(scan)
    _read_bare_departments(scan)
    return scan


# "restos à Marseile", "ESN in Lyyon": after a place word, a word one or two letters away
# from a city, department or region is that place (the "Compris" line says which).
_BEFORE_PLACE = re.compile(
    r"(?:^|\s)(?:a|au|aux|en|in|at|near|sur|vers|pres\s+de|dans\s+le|dans\s+la)\s+$"
)
_PLACE_KINDS = ("city", "department", "region")
MIN_TYPO_LENGTH = 5


def _read_misspelt_places(scan: Scan) -> None:
    if scan.found.cities or scan.found.departments or scan.found.regions:
        return
    places = _place_keys()
    for match in WORD.finditer(scan.folded):
        start, end = match.span()
        word = match.group()
        if len(word) < MIN_TYPO_LENGTH or not scan.is_free(start, end):
            continue
        if not _BEFORE_PLACE.search(scan.folded[max(0, start - 15) : start]):
            continue
        close = get_close_matches(stem(word), places, n=1, cutoff=0.8)
        if close and close[0][0] == stem(word)[0]:
            _apply(scan.found, places[close[0]])
            scan.take(start, end)
            return


@cache
def _place_keys() -> dict[str, Term]:
    """One-word places and the reading each stands for (the first unconditional one)."""
    keys: dict[str, Term] = {}
    for key, terms in lexicon().terms.items():
        if len(key) != 1 or len(key[0]) < MIN_TYPO_LENGTH:
            continue
        for term in terms:
            if term.kind in _PLACE_KINDS and term.rule in ("any", "city", "place"):
                keys.setdefault(key[0], term)
                break
    return keys


def _read_bare_departments(scan: Scan) -> None:
    if not scan.found.sector_spans:
        return
    after = min(start for start, _ in scan.found.sector_spans)
    for match in _BARE_DEPARTMENTS.finditer(scan.folded, after):
        if not scan.is_free(match.start(), match.end()) or not _ends_a_phrase(scan, match.end()):
            continue
        if read_department_numbers(scan, match):
            scan.take(match.start(), match.end())


def _ends_a_phrase(scan: Scan, end: int) -> bool:
    """Whether what follows a number lets it stand alone: nothing, a filler word or words
    already understood ("ESN 92 de plus de 50 salariés", but not "hôtels 10 chambres")."""
    following = WORD.search(scan.folded, end)
    if following is None:
        return True
    word = following.group()
    return word in STOPWORDS or stem(word) in STOPWORDS or not scan.is_free(*following.span())


def _name(scan: Scan) -> str | None:
    """The words that may be a company's name: the sector words and the words left over,
    when some are left over or several sector phrases are typed with capitals."""
    spans = scan.found.sector_spans
    if not spans or scan.found.identifier:
        return None
    capitalised = all(scan.original(start, end)[:1].isupper() for start, end in spans)
    if scan.leftover() is None and not (len(spans) > 1 and capitalised):
        return None
    return scan.leftover(keep=spans)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _to_query(scan: Scan) -> CompanyQuery:
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
        text=found.identifier or " ".join(filter(None, [scan.leftover(), *found.foreign])),
        name=_name(scan),
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
        signal_kinds=_unique(found.signals),
        signal_since=found.signal_since,
        sort=found.sort or "relevance",
        limit=found.limit or 20,
    )


# A word said before the request, followed by a comma: "ok, …", "bon, …", "alors, …"
_INTERJECTION = re.compile(
    r"^\W*(?:ok(?:ay)?|bon|alors|bref|donc|euh|hmm|voila|en\s+fait|so|well|right|salut|bonjour"
    r"|hello|hi|hey|yo|coucou)\s*[,;:!.]+\s*",
    re.IGNORECASE,
)
# The same word with no comma, before the request's verb: "ok find …", "bon trouve-moi …"
_INTERJECTION_BEFORE_VERB = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|bon|alors|bref|donc|euh|hmm|voila|voilà|en\s+fait|so|well|right)\s+)+"
    r"(?=(?:trouve|cherche|recherche|montre|donne|liste|affiche|sors|find|search|show|list|give"
    r"|get|look|je|j'|i|we|on|maintenant|now|et|and)\b)",
    re.IGNORECASE,
)


def parse_company_query(text: str, *, today: date | None = None) -> CompanyQuery:
    """Read a French or English search request into a `CompanyQuery`; never raises."""
    if not text or not text.strip():
        return CompanyQuery(text=None)
    text = _INTERJECTION.sub("", text)  # "ok, restaurants in Lille", "bon, trouve …"
    text = _INTERJECTION_BEFORE_VERB.sub("", text)  # "ok find construction companies …"
    try:
        return _to_query(_scan(text, today or date.today()))
    except ValueError:
        # A combination CompanyQuery refuses: fall back on plain full-text search.
        return CompanyQuery(text=" ".join(text.split()))


def detect_signal_words(text: str) -> list[str]:
    """Buying signals a request mentions: `hiring`, `fundraising`, `insolvency`, `legal`…"""
    if not text or not text.strip():
        return []
    return _unique(_scan(text, date.today()).found.signals)
