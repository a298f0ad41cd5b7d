"""Foreign places: the registry (SIRENE) holds French companies only, so "ESN en Belgique"
cannot be searched as asked. Such a place must not vanish from the request either: the parser
keeps it in the text as typed ("en Belgique") and the search service sets it aside with a
notice (`agent.search.areas`), searching France without it.

Choices: a country or a large foreign city counts after a place preposition ("en", "au",
"aux", "à", "in", "in the", "at", "based in", "basées en"…), never alone, so a name
("Crédit Suisse", "Orange Belgique") stays a name. Adjectives do not count: "banques suisses
à Paris" are Swiss banks' French offices and "restaurants italiens" Italian cooking. "Vers
l'Allemagne" (exporting to) and "de Chine" (importing from) are French companies' trade, not
where they are: not foreign places either.
"""

from __future__ import annotations

import re
from functools import cache

from .fold import fold, fold_with_map

COUNTRIES: tuple[str, ...] = (
    "Belgique", "Belgium", "Suisse", "Switzerland", "Luxembourg", "Allemagne", "Germany",
    "Espagne", "Spain", "Italie", "Italy", "Portugal", "Royaume-Uni", "Royaume Uni", "UK",
    "United Kingdom", "Angleterre", "England", "Grande-Bretagne", "Great Britain", "Britain",
    "Écosse", "Scotland", "Irlande", "Ireland", "Pays-Bas", "Pays Bas", "Netherlands",
    "Hollande", "Holland", "Autriche", "Austria", "Pologne", "Poland", "Danemark", "Denmark",
    "Suède", "Sweden", "Norvège", "Norway", "Finlande", "Finland", "Grèce", "Greece",
    "Roumanie", "Romania", "République tchèque", "Czech Republic", "Hongrie", "Hungary",
    "États-Unis", "Etats Unis", "USA", "US", "United States", "Amérique", "America",
    "Canada", "Québec", "Quebec", "Mexique", "Mexico", "Brésil", "Brazil", "Maroc",
    "Morocco", "Tunisie", "Tunisia", "Algérie", "Algeria", "Sénégal", "Senegal",
    "Côte d'Ivoire", "Ivory Coast", "Monaco", "Andorre", "Andorra", "Chine", "China",
    "Japon", "Japan", "Inde", "India", "Singapour", "Singapore", "Israël", "Israel",
    "Émirats", "Emirates", "UAE", "Dubaï", "Dubai", "Australie", "Australia",
)  # fmt: skip
FOREIGN_CITIES: tuple[str, ...] = (
    "Bruxelles", "Brussels", "Anvers", "Antwerp", "Genève", "Geneva", "Lausanne",
    "Zurich", "Bâle", "Basel", "Londres", "London", "Berlin", "Munich", "Francfort",
    "Frankfurt", "Hambourg", "Hamburg", "Madrid", "Barcelone", "Barcelona", "Milan",
    "Rome", "Amsterdam", "Rotterdam", "Lisbonne", "Lisbon", "Dublin", "Montréal",
    "Montreal", "New York", "San Francisco", "Casablanca", "Tunis", "Alger", "Algiers",
    "Dakar", "Abidjan",
)  # fmt: skip
_PREPOSITION = (
    r"(?:(?:base[de]?s?|basee?s?|situee?s?|implantee?s?|installee?s?|located|headquartered)"
    r"\s+)?(?:en|au|aux|a|in(?:\s+the)?|at|dans\s+l[ae]s?|dans\s+l')"
)


def _alternatives(names: tuple[str, ...]) -> str:
    folded = sorted({re.escape(fold(name)).replace(r"\ ", r"\s+") for name in names}, key=len)
    return "|".join(reversed(folded))  # longest first: "new york" before "york"


@cache
def foreign_pattern() -> re.Pattern[str]:
    """A place preposition and a foreign place, on folded text (see fold.fold)."""
    places = _alternatives(COUNTRIES + FOREIGN_CITIES)
    return re.compile(rf"(?<![\w'-]){_PREPOSITION}\s*(?:l')?(?:{places})(?![\w'-])")


def foreign_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` names a foreign place: (start, end) offsets in `text` itself."""
    folded, origin = fold_with_map(text)
    return [
        (origin[match.start()], origin[match.end() - 1] + 1)
        for match in foreign_pattern().finditer(folded)
    ]
