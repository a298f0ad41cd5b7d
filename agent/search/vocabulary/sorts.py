"""Sort phrases: "les plus grosses", "par effectif décroissant", "newest first", "par ordre
alphabétique" → a `CompanyQuery.sort`.

Choices: "par effectif" / "par taille" alone means biggest first (what a rep sorting by size
wants); "les plus récentes" / "les plus anciennes" are about the creation date. A sort verb
before the phrase ("trie-les par effectif", "sort by name") is part of the phrase. "Les plus
grandes entreprises" is a sort, not the GE category: the phrase is read before the size words.
A count between the article and the phrase ("les 10 plus grosses", "the 5 biggest") is the
number of results (`agent.search.vocabulary.signals.limit_patterns`); the phrase is the sort.
"""

from __future__ import annotations

import re
from functools import cache

from store.search.query import Sort

_VERB = (
    r"(?:(?:trie[rz]?|triees?|tries|classe[rz]?|classees?|range[rz]?|sort(?:ed)?|order(?:ed)?"
    r"|rank(?:ed)?)(?:\s*-?\s*(?:les|la|le|them|it))?\s+)?"
)
_BY = r"(?:par|by|selon|suivant|according\s+to)\s+(?:l'|la\s+|le\s+|les\s+|leur\s+|their\s+)?"
_SIZE = r"(?:effectifs?|tailles?|headcount|size|nombre\s+de\s+salaries|number\s+of\s+employees)"
_FIRST = r"(?:\s+(?:d'abord|en\s+premier|en\s+tete|first|on\s+top))?"
_PHRASES: dict[Sort, tuple[str, ...]] = {
    "size_desc": (
        rf"{_BY}{_SIZE}\s+(?:decroissante?s?|descending|desc)",
        r"(?:(?:les|the|la|le)\s+)?plus\s+(?:grosses|grosse|gros|grandes|grande|grands|grand"
        r"|importantes|importante|importants|important)"
        r"(?:\s+en\s+premier|\s+d'abord)?",
        rf"(?:biggest|largest)(?:\s+(?:ones|companies|firms))?{_FIRST}",
        r"(?:du|from)\s+(?:plus\s+gros|plus\s+grand|biggest|largest)\s+(?:au|to)\s+"
        r"(?:plus\s+petit|smallest)",
    ),
    "size_asc": (
        rf"{_BY}{_SIZE}\s+(?:croissante?s?|ascending|asc)",
        r"(?:(?:les|the|la|le)\s+)?plus\s+petite?s?(?:\s+en\s+premier|\s+d'abord)?",
        rf"smallest(?:\s+(?:ones|companies|firms))?{_FIRST}",
        r"(?:du|from)\s+(?:plus\s+petit|smallest)\s+(?:au|to)\s+(?:plus\s+gros|plus\s+grand"
        r"|biggest|largest)",
    ),
    "newest": (
        rf"{_BY}date\s+de\s+creation\s+(?:decroissante|descending)",
        rf"(?:(?:les|the)\s+)?plus\s+recente?s?{_FIRST}",
        rf"(?:the\s+)?(?:newest|most\s+recent|youngest|latest)(?:\s+(?:ones|companies|firms))?"
        rf"{_FIRST}",
        r"(?:les\s+)?(?:plus\s+)?recente?s?\s+d'abord",
        rf"(?:les|the)\s+(?:plus\s+)?jeunes{_FIRST}",
    ),
    "oldest": (
        rf"{_BY}date\s+de\s+creation(?:\s+(?:croissante|ascending))?",
        rf"(?:(?:les|the)\s+)?plus\s+(?:anciennes|anciens|vieilles|vieux){_FIRST}",
        rf"(?:the\s+)?oldest(?:\s+(?:ones|companies|firms))?{_FIRST}",
        rf"{_BY}anciennete",
    ),
    "name": (
        r"(?:par\s+)?ordre\s+alphabetique",
        r"(?:in\s+)?alphabetical(?:\s+order)?|alphabetically",
        rf"{_BY}(?:nom|name|raison\s+sociale)",
        r"de\s+a\s+a\s+z|from\s+a\s+to\s+z|a\s*-\s*z",
    ),
    "intent": (
        rf"{_BY}(?:score\s+d'\s*)?(?:intention|intent)(?:\s+d'achat|\s+score)?"
        r"(?:\s+(?:decroissante?|descending))?",
        rf"{_BY}(?:signaux|signals)(?:\s+d'achat)?",
        r"(?:(?:les|the)\s+)?plus\s+(?:chaudes?|chauds|actives|actifs|mures?|murs)"
        r"(?:\s+(?:en\s+premier|d'abord))?",
        rf"(?:the\s+)?(?:hottest|warmest|most\s+active)(?:\s+(?:ones|companies|accounts|leads))?"
        rf"{_FIRST}",
        rf"{_BY}(?:chaleur|maturite|temperature)",
    ),
}


# Tried last, once "par effectif croissant" and the like have had their chance.
_BARE: tuple[tuple[Sort, str], ...] = (("size_desc", rf"{_BY}{_SIZE}"),)


@cache
def sort_patterns() -> tuple[tuple[Sort, re.Pattern[str]], ...]:
    """Sort regexes on folded text, each with the sort it asks for."""
    ordered = [(sort, phrase) for sort, phrases in _PHRASES.items() for phrase in phrases]
    return tuple(
        (sort, re.compile(rf"(?<![\w]){_VERB}(?:{phrase})(?![\w])"))
        for sort, phrase in (*ordered, *_BARE)
    )
