"""A `CompanyQuery` as API Recherche d'entreprises `/search` parameters.

What the API cannot filter on exactly is checked on the fetched results instead ("checks"),
and the page total then becomes an upper bound:

- NAF: full sub-classes (`62.01Z`) go to `activite_principale`. A prefix (`62`, `62.0`) is
  expanded to its sub-classes when it has at most `MAX_EXPANDED_NAF` of them; a wider one
  (`46`: 59 sub-classes) becomes its section (`section_activite_principale=G`) plus a check.
- Cities: the API has no city-name filter. Known cities (`agent.search.cities`) become
  `code_commune` (every arrondissement for Paris, Lyon, Marseille); other cities are checked
  on the head office's commune, and a single one is also added to `q` to narrow the search.
- Postcode prefixes (`690`) become their department plus a check; full postcodes go as is.
- Legal-form prefixes (`54`, `SARL`) are expanded to the codes known in
  `store.reference.legal`; a prefix with none known is a check.
- Creation dates: no API filter, always a check.
- A SIREN or SIRET in the text is a direct lookup: it goes alone as `q` (the API ignores
  every other filter then).
Location filters of the API match any establishment of a company, not only its head office.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from agent.search.cities import commune_codes, same_city
from agent.search.errors import QueryTooVague
from store.models import Company
from store.reference.headcount import bands_between
from store.reference.legal import LEGAL_FORMS, legal_form_prefixes
from store.reference.naf import naf_codes, section_of
from store.search.query import CompanyQuery

MAX_EXPANDED_NAF = 12
MIN_TEXT = 3
FULL_NAF_LENGTH = 6
Check = Callable[[Company], bool]


@dataclass
class ApiQuery:
    """Parameters for `/search` and the checks the fetched results must also pass."""

    params: dict[str, str] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    impossible: bool = False  # the filters contradict each other: nothing can match

    def keeps(self, company: Company) -> bool:
        """Whether a fetched company passes every client-side check."""
        return all(check(company) for check in self.checks)

    def set(self, name: str, values: Iterable[str]) -> None:
        """One comma-separated parameter, duplicates dropped, order kept."""
        self.params[name] = ",".join(dict.fromkeys(values))


def to_api_query(query: CompanyQuery) -> ApiQuery:
    """Map a query to API parameters and checks; raises `QueryTooVague` when the API can't take it."""
    identifier = query.identifier()
    if identifier:
        return ApiQuery(params={"q": identifier})
    api = ApiQuery()
    words = [query.text] if query.text else []
    _map_naf(query, api)
    _map_location(query, api, words)
    if query.headcount_min is not None or query.headcount_max is not None:
        api.set("tranche_effectif_salarie", bands_between(query.headcount_min, query.headcount_max))
    if query.categories:
        api.set("categorie_entreprise", query.categories)
    _map_legal_forms(query, api)
    if query.created_after:
        after = query.created_after
        api.checks.append(lambda c: c.created_on is not None and c.created_on >= after)
    if query.created_before:
        before = query.created_before
        api.checks.append(lambda c: c.created_on is not None and c.created_on <= before)
    if api.impossible:
        return api
    text = " ".join(words)
    if len(text) < MIN_TEXT and not api.params:
        raise QueryTooVague(
            "the public company API needs at least 3 letters of text or a filter such as "
            "a NAF code, a department or a size: add one"
        )
    if text:
        api.params["q"] = text
    if not query.include_closed:
        api.params["etat_administratif"] = "A"
    return api


def _map_naf(query: CompanyQuery, api: ApiQuery) -> None:
    codes: list[str] = []
    too_wide = False
    for code in query.naf_codes:
        if len(code) == FULL_NAF_LENGTH:
            codes.append(code)
            continue
        expanded = [known for known in naf_codes() if known.startswith(code)]
        too_wide = too_wide or len(expanded) > MAX_EXPANDED_NAF
        codes.extend(expanded)
    sections = list(query.sections)
    if too_wide:
        prefixes = tuple(query.naf_codes)
        api.checks.append(lambda c: bool(c.naf_code and c.naf_code.startswith(prefixes)))
        naf_sections = [s for s in (section_of(code) for code in query.naf_codes) if s]
        sections = [s for s in naf_sections if s in query.sections] if sections else naf_sections
        api.impossible = api.impossible or not sections
    elif codes:
        api.set("activite_principale", codes)
    if sections:
        api.set("section_activite_principale", sections)


def _postcode_departments(prefix: str) -> list[str]:
    if prefix.startswith("97"):
        return [prefix[:3]] if len(prefix) >= 3 else []
    if prefix.startswith("20"):
        return ["2A", "2B"]
    return [prefix[:2]] if len(prefix) >= 2 else []


def _map_location(query: CompanyQuery, api: ApiQuery, words: list[str]) -> None:
    departments = list(query.departments)
    if query.regions:
        api.set("region", query.regions)
    if query.postcodes:
        if all(len(code) == 5 for code in query.postcodes):
            api.set("code_postal", query.postcodes)
        else:
            wanted = tuple(query.postcodes)
            api.checks.append(lambda c: bool(c.postcode and c.postcode.startswith(wanted)))
            derived = [d for code in query.postcodes for d in _postcode_departments(code)]
            if not departments and all(_postcode_departments(code) for code in query.postcodes):
                departments = derived
    if departments:
        api.set("departement", departments)
    if query.cities:
        known = [commune_codes(city) for city in query.cities]
        if all(known):
            api.set("code_commune", (code for codes in known if codes for code in codes))
        else:
            cities = list(query.cities)
            api.checks.append(lambda c: any(same_city(city, c.city) for city in cities))
            if len(cities) == 1:
                words.append(cities[0].title())


def _map_legal_forms(query: CompanyQuery, api: ApiQuery) -> None:
    if not query.legal_forms:
        return
    prefixes = [p for value in query.legal_forms for p in (legal_form_prefixes(value) or (value,))]
    expanded = [
        [prefix] if len(prefix) == 4 else [c for c in LEGAL_FORMS if c.startswith(prefix)]
        for prefix in prefixes
    ]
    if all(expanded):
        api.set("nature_juridique", (code for codes in expanded for code in codes))
    else:
        wanted = tuple(prefixes)
        api.checks.append(lambda c: bool(c.legal_form and c.legal_form.startswith(wanted)))
