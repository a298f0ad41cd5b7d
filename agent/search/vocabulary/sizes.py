"""Company size: category words (PME, ETI, GE, TPE, startup) and headcount phrases.

Choices: "plus de 100 salariés" is strict (headcount_min=101) and "moins de 20" is strict
(headcount_max=19), so "moins de 20" does not pull in the INSEE band 20–49; "au moins",
"at least", "jusqu'à", "up to", "+50", "100+" and "1000 et plus" are inclusive. "TPE" is a
headcount cap (0–9 people) since SIRENE files micro-companies under PME; "PME", "ETI" and
"GE" are INSEE categories. "startup" means young: created in the last five years.

Without a people word ("ESN de plus de 50", "50-200", "entre 50 et 200", "over 100", "100+",
"+50") a qualified number or a range is a headcount too, unless it looks like a year
(1900–2100) or is followed by a unit ("ans", "%", "€"…): dates and amounts keep their own
readers. "50 200 salariés" is the range 50–200 (a rep who left out the "à"), not 50 200 people:
space-grouped digits are a range when the first group is at least 10 and below the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class SizeWord:
    """What a size word implies: INSEE categories, a headcount range, a maximum age in years."""

    categories: tuple[str, ...] = ()
    headcount_min: int | None = None
    headcount_max: int | None = None
    max_age_years: int | None = None


STARTUP_MAX_AGE = 5
# The most people an INSEE category allows (a PME has fewer than 250, an ETI fewer than 5,000;
# revenue can make a smaller company an ETI or a GE, so only the ceilings are firm)
CATEGORY_MAX_HEADCOUNT: dict[str, int] = {"PME": 249, "ETI": 4999}

SIZE_WORDS: dict[SizeWord, tuple[str, ...]] = {
    SizeWord(categories=("PME",)): (
        "PME", "PMI", "PME-PMI", "petites et moyennes entreprises", "SME",
        "small and medium enterprises", "small and medium businesses",
        "small and medium sized enterprises", "small and medium-sized companies",
    ),
    SizeWord(categories=("ETI",)): (
        "ETI", "entreprise de taille intermédiaire", "entreprises de taille intermédiaire",
        "mid cap", "midcap", "mid-market", "mid-sized company", "mid-size company",
        "midsize company", "mid-sized companies", "mid-size companies", "midsize companies",
    ),
    SizeWord(categories=("GE",)): (
        "grande entreprise", "grandes entreprises", "grand groupe", "grands groupes",
        "grand compte", "grands comptes", "large company", "large companies",
        "large enterprise", "large enterprises", "large corporation", "big company",
        "big companies", "corporate", "corporates",
    ),
    SizeWord(categories=("PME", "ETI")): ("PME et ETI", "PME ETI", "PME/ETI", "SMEs and mid-caps"),
    SizeWord(headcount_max=9): (
        "TPE", "très petite entreprise", "très petites entreprises", "microentreprise",
        "micro-entreprise", "very small business", "very small businesses",
        "micro business", "micro-business", "micro company", "micro companies",
    ),
    SizeWord(headcount_max=49): (
        "petite entreprise", "petites entreprises", "small business", "small businesses",
        "small company", "small companies",
    ),
    SizeWord(max_age_years=STARTUP_MAX_AGE): (
        "startup", "start-up", "start up", "jeune pousse", "jeunes pousses",
        "jeune entreprise", "jeunes entreprises", "young company", "young companies",
        "new company", "new companies", "nouvelle entreprise", "nouvelles entreprises",
    ),
}  # fmt: skip
# Acronyms that are also ordinary words or brands: taken only when typed in capitals.
SIZE_WORDS_UPPER_ONLY: dict[SizeWord, tuple[str, ...]] = {
    SizeWord(categories=("GE",)): ("GE",),
}

# Headcount phrases, on folded text (see fold.fold).
_NUM = r"\d{1,3}(?:[ .]\d{3})+(?!\d)|\d+(?:\s*k(?![a-z]))?"
_PEOPLE = (
    r"(?:salarie|employe|employee|staff|personne|people|person|collaborateur|effectif|etp|fte"
    r"|worker|emploi|agent|headcount|pers\.?|sal\.?|empl\.?)s?(?![a-z])"
)
_MORE_STRICT = (
    r"plus\s+de|\+\s*de|more\s+than|over|above|superieure?s?\s+a|greater\s+than|bigger\s+than"
    r"|larger\s+than|>"
)
_MORE_INCL = r"au\s+moins|at\s+least|minimum|min\.?|>=|≥|\+"
_LESS_STRICT = (
    r"moins\s+de|less\s+than|fewer\s+than|under|below|inferieure?s?\s+a|smaller\s+than"
    r"|<"
)
_LESS_INCL = (
    r"au\s+plus|at\s+most|up\s+to|jusqu'?\s*a|maximum|max\.?|<=|≤|pas\s+plus\s+de"
    r"|no\s+more\s+than"
)
_OR_MORE = r"et\s+plus|ou\s+plus|and\s+more|or\s+more|and\s+above|and\s+up|minimum|au\s+moins|\+"
# Qualifiers and units for numbers without a people word (see the module docstring).
_BARE_MORE = (
    r"plus\s+de|\+\s*de|more\s+than|over|above|au\s+moins|at\s+least|bigger\s+than|larger\s+than"
)
_BARE_LESS = (
    r"moins\s+de|less\s+than|fewer\s+than|under|below|jusqu'?\s*a|up\s+to|au\s+plus|at\s+most"
    r"|smaller\s+than"
)
_NOT_PEOPLE = (
    r"(?!\s*(?:ans?|annees?|years?|yrs?|mois|months?|%|€|\$|k€|m€|keur|meur|euros?|millions?"
    r"|milliards?|km|kms|m2|m²|h|heures?|jours?|days?|premiers?|premieres?|first|resultats?"
    r"|results?)(?![\w]))(?![\w.,/])"
)


@cache
def headcount_patterns() -> tuple[re.Pattern[str], ...]:
    """Headcount regexes, most specific first; groups: lo, hi, more, less, n."""
    b = r"(?<![\w.])"
    return tuple(
        re.compile(pattern)
        for pattern in (
            # plus de 10 et moins de 50 salariés
            rf"{b}(?P<more>{_MORE_STRICT}|{_MORE_INCL})\s*(?P<lo>{_NUM})\s*(?:{_PEOPLE})?\s*"
            rf"(?:et|and|but|mais)\s+(?P<less>{_LESS_STRICT}|{_LESS_INCL})\s*(?P<hi>{_NUM})"
            rf"\s*(?:{_PEOPLE})",
            # de 50 à 200 salariés, entre 10 et 50 employés, 50-200 employees
            rf"{b}(?:(?:de|entre|from|between)\s+)?(?P<lo>{_NUM})\s*(?:a|et|and|to|-)\s*"
            rf"(?P<hi>{_NUM})\s*(?:{_PEOPLE})",
            # effectif de 50 à 200, headcount between 10 and 50
            rf"{b}(?:effectifs?|headcount|taille)\s*(?::|de|entre|of|between)?\s*"
            rf"(?P<lo>{_NUM})\s*(?:a|et|and|to|-)\s*(?P<hi>{_NUM})(?![\w])",
            # plus de 100 salariés, at least 50 employees
            rf"{b}(?P<more>{_MORE_STRICT}|{_MORE_INCL})\s*(?P<n>{_NUM})\s*\+?\s*(?:{_PEOPLE})",
            # moins de 20 personnes, up to 50 staff
            rf"{b}(?P<less>{_LESS_STRICT}|{_LESS_INCL})\s*(?P<n>{_NUM})\s*(?:{_PEOPLE})",
            # 100+ employees, 1000 salariés et plus
            rf"{b}(?P<n>{_NUM})\s*\+\s*(?:{_PEOPLE})(?P<plus>)",
            rf"{b}(?P<n>{_NUM})\s*(?:{_PEOPLE})\s*(?P<plus>{_OR_MORE})(?![\w])",
            # 50 salariés
            rf"{b}(?P<n>{_NUM})\s*(?:{_PEOPLE})",
            # no people word: ESN de plus de 50, over 100, 50-200, entre 50 et 200, 100+, +50
            rf"{b}(?P<bare>)(?P<more>{_BARE_MORE})\s*(?P<n>{_NUM}){_NOT_PEOPLE}",
            rf"{b}(?P<bare>)(?P<less>{_BARE_LESS})\s*(?P<n>{_NUM}){_NOT_PEOPLE}",
            rf"{b}(?P<bare>)(?:entre|between)\s+(?P<lo>{_NUM})\s*(?:et|and|-)\s*(?P<hi>{_NUM})"
            rf"{_NOT_PEOPLE}",
            rf"{b}(?P<bare>)(?:(?:de|from)\s+)?(?P<lo>\d+)\s*(?:a|to|-)\s*(?P<hi>\d+)"
            rf"{_NOT_PEOPLE}",
            rf"{b}(?P<bare>)(?P<n>\d+)\s*\+(?P<plus>)(?![\w+])",
            r"(?<![\w.+])(?P<bare>)(?P<more>\+)\s*(?P<n>\d+)(?![\w.,])",
        )
    )


def spaced_range(raw: str) -> tuple[int, int] | None:
    """`50 200` → (50, 200): two space-grouped numbers read as a range (see the docstring)."""
    match = re.fullmatch(r"(\d{2,3}) (\d{3})", raw)
    if match is None:
        return None
    low, high = int(match[1]), int(match[2])
    return (low, high) if 10 <= low < high else None


def parse_number(raw: str) -> int:
    """`1 000` → 1000, `2k` → 2000."""
    compact = raw.replace(" ", "").replace(".", "")
    if compact.endswith("k"):
        return int(compact[:-1]) * 1000
    return int(compact)


def is_strict(qualifier: str) -> bool:
    """Whether a "more/less than" qualifier excludes its number ("plus de" does, "au moins" not)."""
    return re.fullmatch(rf"{_MORE_STRICT}|{_LESS_STRICT}", qualifier.strip()) is not None


def is_more(qualifier: str) -> bool:
    """Whether a qualifier sets a minimum (rather than a maximum)."""
    return re.fullmatch(rf"{_MORE_STRICT}|{_MORE_INCL}", qualifier.strip()) is not None
