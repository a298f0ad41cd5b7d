"""A `CompanyQuery` said in words, in French or English, for the rep to check what was
understood: "secteur Programmation informatique (62.01Z) · Lyon · 50 à 200 salariés ·
créées depuis le 01/01/2016 · texte « bénard »".

Used by `filon search` ("Compris : …") and reusable by any answer that restates a search.
NAF labels are INSEE's, in French whatever the language (they are the official names).
"""

from __future__ import annotations

from agent.i18n import Language, quote, t
from agent.i18n.labels import enum_label
from agent.search.notices import people_range
from agent.search.vocabulary.business_parks import park_named
from store.models import LEGAL_KINDS
from store.reference.communes import commune_label
from store.reference.geo import REGIONS, department_name
from store.reference.legal import legal_form_label
from store.reference.naf import naf_codes, section_labels
from store.search.query import CompanyQuery

SEPARATOR = " · "


def describe_query(query: CompanyQuery, language: Language) -> str:
    """Every part of the query in words, joined by " · " (the empty query: "every company")."""
    return SEPARATOR.join(query_parts(query, language)) or t("search.describe.all", language)


def query_parts(query: CompanyQuery, language: Language) -> list[str]:
    """The parts of `describe_query`, in a fixed order: what, where, size, age, words, order."""
    if query.text and query.identifier():
        kind = "SIREN" if len(query.identifier() or "") == 9 else "SIRET"
        return [f"{kind} {query.identifier()}"]
    parts: list[str] = []
    if query.naf_codes:
        labels = ", ".join(f"{naf_prefix_label(code)} ({code})" for code in query.naf_codes)
        key = "sectors" if len(query.naf_codes) > 1 else "sector"
        parts.append(t(f"search.describe.{key}", language, labels=labels))
    for section in query.sections:
        label = section_labels().get(section, section)
        parts.append(t("search.describe.section", language, code=section, label=label))
    parts += [_city_label(city) for city in query.cities]
    parts += [f"{department_name(code)} ({code})" for code in query.departments]
    parts += [REGIONS.get(code, code) for code in query.regions]
    parts += query.postcodes
    if query.headcount_min is not None or query.headcount_max is not None:
        parts.append(people_range(query.headcount_min, query.headcount_max, language))
    parts += query.categories
    if query.legal_forms:
        parts.append(", ".join(legal_form_label(code) or code for code in query.legal_forms))
    parts += _dates(query, language)
    parts += _signals(query, language)
    if query.text:
        parts.append(t("search.describe.text", language, words=quote(query.text, language)))
    if query.name:
        parts.append(t("search.describe.name", language, words=quote(query.name, language)))
    if query.include_closed:
        parts.append(t("search.describe.closed", language))
    if query.sort != "relevance":
        parts.append(t(f"search.describe.sort.{query.sort}", language))
    return parts


def _city_label(city: str) -> str:
    """`LYON 9EME` → `Lyon 9e`; a business park by its own name (`La Défense`)."""
    park = park_named(city)
    return park.name if park else commune_label(city) or city


def naf_prefix_label(code: str) -> str:
    """The label of a NAF code or prefix: the sub-class, or the division, group or class
    that every code under the prefix shares."""
    codes = [naf for naf_code, naf in naf_codes().items() if naf_code.startswith(code)]
    if not codes:
        return code
    if len(codes) == 1 or len(code) == 6:
        label = codes[0].label
    elif len(code) == 2:
        label = codes[0].division_label
    else:
        label = codes[0].group_label
    return " ".join(label.split())


def _signals(query: CompanyQuery, language: Language) -> list[str]:
    """ "signaux : recrutement, levée de fonds · depuis le 01/06/2026"."""
    parts = []
    kinds = query.signal_kinds
    if kinds:
        legal = [kind.value for kind in LEGAL_KINDS]
        names = (
            [t("search.describe.legal_notices", language)]
            if sorted(kinds) == sorted(legal)
            else [enum_label("signal_kind", kind, language) for kind in kinds]
        )
        parts.append(t("search.describe.signals", language, kinds=", ".join(names)))
    if query.signal_since:
        parts.append(t("search.describe.signal_since", language, since=query.signal_since))
    return parts


def _dates(query: CompanyQuery, language: Language) -> list[str]:
    after, before = query.created_after, query.created_before
    if after and before:
        return [t("search.describe.created_between", language, after=after, before=before)]
    if after:
        return [t("search.describe.created_after", language, after=after)]
    if before:
        return [t("search.describe.created_before", language, before=before)]
    return []
