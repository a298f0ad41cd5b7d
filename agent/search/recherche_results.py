"""API Recherche d'entreprises results → `Company` rows and registry officers (`Contact`).

Masked values (`[NON-DIFFUSIBLE]`) are dropped, never stored as a name or an address, and a
natural person is never kept as an officer of a company whose data is not public.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from store.models import Company, Contact
from store.reference.geo import department_of, region_of
from store.reference.naf import normalize_naf, section_of

MASKED = frozenset({"[NON-DIFFUSIBLE]", "[ND]"})
MASKED_NAME = "[non diffusible]"
REGISTRY_SOURCE = "registre"
REGISTRY_LABEL = "registre national des entreprises via recherche-entreprises.api.gouv.fr"


def _text(value: Any) -> str | None:
    """A clean string, or None for null, blank and masked values."""
    if value is None:
        return None
    text = str(value).strip()
    return None if not text or text in MASKED else text


def _date(value: Any) -> date | None:
    text = _text(value)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _is_masked(item: dict[str, Any]) -> bool:
    return any(isinstance(value, str) and value in MASKED for value in item.values())


def _latest_revenue(finances: Any) -> int | None:
    """Turnover (`ca`) of the latest year that has one."""
    if not isinstance(finances, dict):
        return None
    for year in sorted(finances, reverse=True):
        figures = finances[year]
        revenue = figures.get("ca") if isinstance(figures, dict) else None
        if isinstance(revenue, int | float):
            return int(revenue)
    return None


def is_diffusible(result: dict[str, Any]) -> bool:
    """Whether the company's data is public (`statut_diffusion` O, nothing masked)."""
    status = result.get("statut_diffusion")
    if status is not None:
        return status == "O"
    siege = result.get("siege") or {}
    return not (_is_masked(result) or _is_masked(siege))


def company_from_result(result: dict[str, Any]) -> Company:
    """One search result as a `Company` (source "api"), head office fields from `siege`."""
    siege: dict[str, Any] = result.get("siege") or {}
    siren = str(result["siren"])
    naf_code = _text(result.get("activite_principale"))
    naf_code = normalize_naf(naf_code) if naf_code else None
    commune_code = _text(siege.get("commune"))
    postcode = _text(siege.get("code_postal"))
    department = _text(siege.get("departement")) or department_of(commune_code, postcode)
    legal_form = _text(result.get("nature_juridique"))
    complements = result.get("complements") or {}
    employer = _text(result.get("caractere_employeur") or siege.get("caractere_employeur"))
    return Company(
        siren=siren,
        name=_text(result.get("nom_raison_sociale"))
        or _text(result.get("nom_complet"))
        or MASKED_NAME,
        acronym=_text(result.get("sigle")),
        naf_code=naf_code,
        naf_section=_text(result.get("section_activite_principale")) or section_of(naf_code),
        headcount_band=_text(result.get("tranche_effectif_salarie")),
        category=_text(result.get("categorie_entreprise")),
        legal_form=legal_form,
        created_on=_date(result.get("date_creation")),
        active=result.get("etat_administratif") == "A",
        diffusible=is_diffusible(result),
        natural_person=bool(complements.get("est_entrepreneur_individuel"))
        or (legal_form or "").startswith("10"),
        employer={"O": True, "N": False}.get(employer or ""),
        head_office_siret=_text(siege.get("siret")),
        postcode=postcode,
        city=_text(siege.get("libelle_commune")),
        commune_code=commune_code,
        department=department,
        region=_text(siege.get("region")) or region_of(department),
        revenue=_latest_revenue(result.get("finances")),
        source="api",
    )


def _title_case(value: str | None) -> str | None:
    """`JEAN-PIERRE` → `Jean-Pierre`, `DE LA TOUR` → `De La Tour` (the registry shouts)."""
    if not value:
        return None
    return " ".join(
        "-".join(part.capitalize() for part in word.split("-")) for word in value.split()
    )


def officers_from_result(company: Company, result: dict[str, Any], *, today: date) -> list[Contact]:
    """The `dirigeants` of a result as registry contacts, with where each field came from."""
    officers = []
    for item in result.get("dirigeants") or []:
        if not isinstance(item, dict):
            continue
        title = _text(item.get("qualite"))
        if item.get("type_dirigeant") == "personne morale":
            first_name, last_name = None, _text(item.get("denomination"))
        else:
            if not company.diffusible or _is_masked(item):
                continue  # a natural person whose data is not public: never kept
            given_names = (_text(item.get("prenoms")) or "").split()
            # Only the first given name: the registry lists them all, outreach needs one.
            first_name = _title_case(given_names[0]) if given_names else None
            last_name = _title_case(_text(item.get("nom")))
        if not (first_name or last_name):
            continue
        stamp = {"source": REGISTRY_LABEL, "at": today.isoformat()}
        fields = {"first_name": first_name, "last_name": last_name, "title": title}
        officers.append(
            Contact(
                company_siren=company.siren,
                first_name=first_name,
                last_name=last_name,
                title=title,
                source=REGISTRY_SOURCE,
                field_sources={name: dict(stamp) for name, value in fields.items() if value},
            )
        )
    return officers
