"""Places a query names that the registry cannot filter on as they are, made searchable and said.

- A business park or technopole among the cities ("SOPHIA ANTIPOLIS", "La Défense") is no
  commune: it is searched as the communes it spreads over, with their departments when nothing
  else in the query says where (communes share names across France), and a `business_park`
  notice names the communes.
- A foreign place in the text ("en Belgique", "in Germany") cannot be searched: SIRENE holds
  French companies only. It is taken out of the text, the search runs without it, and a
  `foreign_place` notice says so.
The vocabularies are the parser's (`agent.search.vocabulary.business_parks`, `.countries`),
so a query built by the parser or by a model is read the same way.
"""

from __future__ import annotations

from store.search.query import CompanyQuery

from .notices import Notice
from .vocabulary.business_parks import park_named
from .vocabulary.countries import foreign_spans
from .vocabulary.places import sirene_city


def resolve_areas(query: CompanyQuery) -> tuple[CompanyQuery, list[Notice]]:
    """The query with its parks searched as communes and its foreign places set aside, and
    the notices that say so (the query itself when there is nothing to change)."""
    notices: list[Notice] = []
    update: dict[str, object] = {}
    parks = [park for park in map(park_named, query.cities) if park is not None]
    if parks:
        cities = []
        for city in query.cities:
            park = park_named(city)
            cities += [sirene_city(commune) for commune in park.communes] if park else [city]
        update["cities"] = list(dict.fromkeys(cities))
        if len(parks) == len(query.cities) and not (query.departments or query.regions):
            update["departments"] = list(dict.fromkeys(d for p in parks for d in p.departments))
        notices += [
            Notice(code="business_park", values={"place": park.name, "communes": [*park.communes]})
            for park in dict.fromkeys(parks)
        ]
    if query.text and (spans := foreign_spans(query.text)):
        kept, places, last = [], [], 0
        for start, end in spans:
            kept.append(query.text[last:start])
            places.append(query.text[start:end])
            last = end
        kept.append(query.text[last:])
        update["text"] = " ".join("".join(kept).split()) or None
        notices.append(Notice(code="foreign_place", values={"places": places}))
    return (query.model_copy(update=update) if update else query), notices
