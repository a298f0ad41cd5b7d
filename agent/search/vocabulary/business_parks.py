"""Business parks and technopoles reps name as places ("ESN à Sophia Antipolis"): none is a
commune, so SIRENE files their companies under the communes they spread over.

The parser reads a park as one city, its name as SIRENE would write it ("SOPHIA ANTIPOLIS");
the search service (`agent.search.areas`) searches its communes instead and says so in a
notice. Choices, so results stay predictable:
- Sophia Antipolis is its five communes (Valbonne, Biot, Antibes, Mougins, Vallauris), not
  the whole Alpes-Maritimes: department 06 would add Nice, Cannes and Grasse.
- La Défense is Courbevoie and Puteaux, where its towers stand; "Saclay" is the Paris-Saclay
  cluster (the commune of Saclay is one of its seven communes); Euralille, EuraTechnologies
  and La Part-Dieu are districts of Lille and Lyon, searched as the whole city.
- Marne-la-Vallée, Saint-Quentin-en-Yvelines, Roissy and Courtabœuf are their main
  business communes; Inovallée is Meylan and Montbonnot-Saint-Martin.
- Each park keeps its departments too: communes share names across France (Saint-Aubin,
  Torcy, Chessy, Villepinte), and the search adds the departments when nothing else says
  where to look.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .fold import fold


@dataclass(frozen=True, slots=True)
class BusinessPark:
    """A business park: its name, the names reps give it, and its communes (as written)."""

    name: str
    aliases: tuple[str, ...]
    communes: tuple[str, ...]
    departments: tuple[str, ...]  # those communes' departments: several share their names
    # Aliases that are also ordinary words ("la défense"): a capital or a preposition needed.
    needs_context: bool = False


BUSINESS_PARKS: tuple[BusinessPark, ...] = (
    BusinessPark("Sophia Antipolis", ("Sophia-Antipolis", "technopole de Sophia Antipolis"),
                 ("Valbonne", "Biot", "Antibes", "Mougins", "Vallauris"), ("06",)),
    BusinessPark("La Défense", ("Paris La Défense", "Paris-La Défense", "quartier de La Défense"),
                 ("Courbevoie", "Puteaux"), ("92",), needs_context=True),
    BusinessPark("Paris-Saclay", ("Saclay", "plateau de Saclay", "campus Paris-Saclay",
                                  "Paris Saclay"),
                 ("Saclay", "Palaiseau", "Orsay", "Gif-sur-Yvette", "Saint-Aubin",
                  "Bures-sur-Yvette", "Villiers-le-Bâcle"), ("91",)),
    BusinessPark("Marne-la-Vallée", ("Marne la Vallée", "Cité Descartes"),
                 ("Noisy-le-Grand", "Champs-sur-Marne", "Noisiel", "Lognes", "Torcy",
                  "Bussy-Saint-Georges", "Serris", "Chessy", "Croissy-Beaubourg"), ("77", "93")),
    BusinessPark("Saint-Quentin-en-Yvelines", ("St-Quentin-en-Yvelines", "SQY"),
                 ("Guyancourt", "Montigny-le-Bretonneux", "Élancourt", "Trappes",
                  "Voisins-le-Bretonneux", "Magny-les-Hameaux", "Plaisir", "La Verrière",
                  "Coignières", "Maurepas", "Les Clayes-sous-Bois", "Villepreux"), ("78",)),
    BusinessPark("Roissy", ("Roissy-CDG", "Roissy Charles de Gaulle", "Paris Nord 2",
                            "Paris-Nord 2"),
                 ("Roissy-en-France", "Tremblay-en-France", "Villepinte", "Le Mesnil-Amelot",
                  "Mauregard"), ("95", "93", "77")),
    BusinessPark("Courtabœuf", ("Courtaboeuf", "parc de Courtabœuf", "ZA de Courtabœuf"),
                 ("Les Ulis", "Villebon-sur-Yvette", "Villejust"), ("91",)),
    BusinessPark("Euralille", (), ("Lille",), ("59",)),
    BusinessPark("EuraTechnologies", ("Euratech",), ("Lille",), ("59",)),
    BusinessPark("La Part-Dieu", ("Part-Dieu", "Part Dieu"), ("Lyon",), ("69",)),
    BusinessPark("Euroméditerranée", ("Euromediterranee",), ("Marseille",), ("13",)),
    BusinessPark("Euratlantique", ("Bordeaux Euratlantique",), ("Bordeaux", "Bègles", "Floirac"),
                 ("33",)),
    BusinessPark("Inovallée", ("Inovallee", "Zirst de Meylan"), ("Meylan", "Montbonnot-Saint-Martin"),
                 ("38",)),
)  # fmt: skip


def park_city(park: BusinessPark) -> str:
    """The park as a city of a query, written as SIRENE writes communes: `SOPHIA ANTIPOLIS`."""
    return " ".join(fold(park.name).upper().split())


@cache
def _by_key() -> dict[str, BusinessPark]:
    index: dict[str, BusinessPark] = {}
    for park in BUSINESS_PARKS:
        communes = {_key(commune) for commune in park.communes}
        for name in (park.name, *park.aliases):
            if _key(name) not in communes:  # "SACLAY" in a query is the commune, not the park
                index[_key(name)] = park
    return index


def park_named(city: str) -> BusinessPark | None:
    """The park a query's city names ("SOPHIA ANTIPOLIS", "La Defense"), or None."""
    return _by_key().get(_key(city))


def _key(name: str) -> str:
    return " ".join(fold(name).upper().replace("-", " ").replace("'", " ").split())
