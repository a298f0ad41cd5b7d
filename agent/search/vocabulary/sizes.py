"""Company size: category words (PME, ETI, GE, TPE, startup) and headcount phrases.

Choices: "plus de 100 salariés" is strict (headcount_min=101) and "moins de 20" is strict
(headcount_max=19), so "moins de 20" does not pull in the INSEE band 20–49; "au moins",
"at least", "jusqu'à", "up to", "100+" and "1000 et plus" are inclusive. "TPE" is a
headcount cap (0–9 people) since SIRENE files micro-companies under PME; "PME", "ETI" and
"GE" are INSEE categories. "startup" means young: created in the last five years.
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
    r"|worker|emploi|agent|headcount|pers\.?)s?(?![a-z])"
)
_MORE_STRICT = r"plus\s+de|\+\s*de|more\s+than|over|above|superieure?s?\s+a|greater\s+than|>"
_MORE_INCL = r"au\s+moins|at\s+least|minimum|min\.?|>=|≥"
_LESS_STRICT = r"moins\s+de|less\s+than|fewer\s+than|under|below|inferieure?s?\s+a|<"
_LESS_INCL = (
    r"au\s+plus|at\s+most|up\s+to|jusqu'?\s*a|maximum|max\.?|<=|≤|pas\s+plus\s+de"
    r"|no\s+more\s+than"
)
_OR_MORE = r"et\s+plus|ou\s+plus|and\s+more|or\s+more|and\s+above|and\s+up|minimum|au\s+moins|\+"


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
        )
    )


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
